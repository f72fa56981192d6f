"""The helpers as they were before they were made linear (commit 1057a55), kept to check that the fast ones give identical output.

Copied verbatim (the type hint of the data argument dropped). Do not use outside tests.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from compendium.claims import relation_tally
from compendium.coding import excerpt_frame
from compendium.render import Quotation, Quotations


def case_of_selection(tables) -> pd.DataFrame:
    """Which case each selection belongs to: one row per (selection, case), directly or through its source."""
    members = tables["case_members"]
    sel = tables["selections"][["guid", "source"]].rename(columns={"guid": "selection"})
    direct = members[members["kind"] == "selection"].rename(columns={"member": "selection"})[["selection", "case"]]
    by_source = members[members["kind"] == "source"].rename(columns={"member": "source"})[["source", "case"]]
    through = sel.merge(by_source, on="source")[["selection", "case"]]
    return pd.concat([direct, through], ignore_index=True).astype(str).drop_duplicates().reset_index(drop=True)


def case_attributes(tables) -> pd.DataFrame:
    """One row per case: its name and one column per variable (by variable name)."""
    names = tables["variables"].set_index("guid")["name"]
    values = tables["case_values"].assign(variable=lambda f: f["variable"].map(names))
    out = tables["cases"][["guid", "name"]].rename(columns={"guid": "case", "name": "case_name"}).astype(str)
    if len(values):
        wide = values.pivot_table(index="case", columns="variable", values="value", aggfunc="first")
        out = out.merge(wide, left_on="case", right_index=True, how="left")
    out.columns.name = None
    return out.fillna("").reset_index(drop=True)


def coded(tables) -> pd.DataFrame:
    """One row per coding, with its code's name, its selection's source and text, and its case.

    A coding whose selection is in no case has an empty ``case``; one in two cases appears twice.
    Columns: ``coding, selection, code, code_name, source_name, text, case, case_name`` and one
    column per case variable.
    """
    codes = tables["codes"].set_index("guid")["name"]
    sources = tables["sources"].set_index("guid")["name"]
    sel = tables["selections"].set_index("guid")
    out = tables["codings"].rename(columns={"guid": "coding"})[["coding", "selection", "code"]].copy()
    out["code_name"] = out["code"].map(codes).fillna("")
    out["source_name"] = out["selection"].map(sel["source"]).map(sources).fillna("")
    out["text"] = out["selection"].map(sel["text"]).fillna("")
    out = out.merge(case_of_selection(tables), on="selection", how="left").merge(case_attributes(tables), on="case", how="left")
    return out.fillna("").reset_index(drop=True)


def frequencies(tables, variable: str | None = None) -> pd.DataFrame:
    """Selections coded with each code, overall or by the value of one case variable.

    Parameters
    ----------
    tables : dict of DataFrame
        From :func:`load`.
    variable : str, optional
        The name of a case variable. Without it: one column, ``selections``.

    Returns
    -------
    DataFrame
        Codes (by name, in codebook order, codes never applied left out) by values: counts of
        distinct selections.
    """
    rows = coded(tables)
    order = [n for n in tables["codes"]["name"] if n in set(rows["code_name"])]
    if variable is None:
        counts = rows.drop_duplicates(["selection", "code"]).groupby("code_name").size().rename("selections").to_frame()
    else:
        if variable not in rows:
            raise KeyError(f"no case variable named {variable!r}")
        rows = rows[rows[variable] != ""].drop_duplicates(["selection", "code", variable])
        counts = rows.groupby(["code_name", variable]).size().unstack(fill_value=0)
        order = [n for n in order if n in counts.index]
    counts = counts.reindex(order).fillna(0).astype(int)
    counts.index.name = "code"
    return counts


def cooccurrence(tables) -> pd.DataFrame:
    """Code by code: how many selections are coded with both (the diagonal: with that code at all)."""
    pairs = coded(tables).drop_duplicates(["selection", "code"])[["selection", "code_name"]]
    order = [n for n in tables["codes"]["name"] if n in set(pairs["code_name"])]
    matrix = pd.crosstab(pairs["selection"], pairs["code_name"]).clip(upper=1)
    out = (matrix.T @ matrix).reindex(index=order, columns=order).fillna(0).astype(int)
    out.index.name, out.columns.name = "code", None
    return out


def excerpts(tables, code: str | None = None) -> pd.DataFrame:
    """The coded passages, by code (name), with their source and case.

    Parameters
    ----------
    code : str, optional
        Only the selections coded with the code of this name.
    """
    rows = coded(tables)
    if code is not None:
        rows = rows[rows["code_name"] == code]
    keep = ["code_name", "source_name", "case_name", "text"]
    out = rows.drop_duplicates(["selection", "code", "case"])[keep].rename(columns={"code_name": "code", "source_name": "source", "case_name": "case"})
    return out.reset_index(drop=True)


def place(data, locator_id: str) -> str:
    """Where a locator sits, in words: "article, Findings, paragraph 4"."""
    loc = data["locators"].set_index("locator_id").loc[locator_id]
    short = data["sources"].set_index("source_id").at[loc["source_id"], "short_name"]
    heading = data["sections"].set_index("section_id").at[loc["section_id"], "heading"]
    para = "" if pd.isna(loc["paragraph"]) else f", paragraph {int(loc['paragraph'])}"
    return f"{short}, {heading}{para}"


def excerpt_quotations(data, excerpt_ids: Iterable[str], notes: dict[str, str] | None = None) -> Quotations:
    """Participant excerpts as attributed quotations, in the order given."""
    ex = data["excerpts"].set_index("excerpt_id")
    notes = notes or {}
    out = Quotations()
    for eid in excerpt_ids:
        x = ex.loc[eid]
        out.append(Quotation(str(x["text"]), str(x["attribution"]), place(data, x["locator_id"]), eid, notes.get(eid, "")))
    return out


def links(data, claim_id: str) -> pd.DataFrame:
    """The evidence linked to one claim, with the passage, speaker and place of each.

    Returns
    -------
    pandas.DataFrame
        One row per link: ``relation``, ``evidence`` (excerpt or locator id),
        ``document``, ``section``, ``speaker`` (attribution), ``text`` (the
        excerpt or the located passage), ``note`` and ``locator`` (its locator id).
    """
    ev = data["claim_evidence"]
    ev = ev[ev["claim_id"] == claim_id].copy()
    ex = data["excerpts"].set_index("excerpt_id")
    loc = data["locators"].set_index("locator_id")
    sections = data["sections"].set_index("section_id")
    heading = sections["heading"]
    short = data["sources"].set_index("source_id")["short_name"]
    cites = data["citations"].set_index("citation_id")
    works = data["works"].set_index("work_id")
    counts = data["sample_counts"].set_index("count_id")
    rows = []
    for r in ev.itertuples():
        if isinstance(r.excerpt_id, str):
            x = ex.loc[r.excerpt_id]
            lid, who, text, eid = x["locator_id"], x["attribution"], x["text"], r.excerpt_id
        elif isinstance(r.locator_id, str):
            lid, who, text, eid = r.locator_id, "", loc.at[r.locator_id, "exact"], r.locator_id
        elif isinstance(r.citation_id, str):
            c = cites.loc[r.citation_id]
            lid, who, eid = c["locator_id"], "", r.citation_id
            year = "" if pd.isna(c["year"]) else f" {c['year']}"  # a citation may give no year
            text = f"cites {c['authors']}{year}: {_work_status(works, c['work_id'])}"
        elif isinstance(r.count_id, str):
            n = counts.loc[r.count_id]
            lid, who, eid = n["locator_id"], "", r.count_id
            span = f"{n['low']}" if n["low"] == n["high"] else f"{n['low']}–{n['high']}"
            text = f"stated count ({n['qualifier']}): {n['population']}, {n['category']}: {span}"
        elif isinstance(r.work_id, str):
            rows.append({"relation": r.relation, "evidence": r.work_id, "document": "", "section": "", "speaker": "",
                         "text": f"the work {r.work_id}: {_work_status(works, r.work_id)}", "note": r.note, "locator": None})
            continue
        else:
            sec = sections.loc[r.section_id]
            rows.append({"relation": r.relation, "evidence": r.section_id, "document": short[sec["source_id"]],
                         "section": sec["heading"], "speaker": "", "text": f"the whole section '{sec['heading']}'",
                         "note": r.note, "locator": None})
            continue
        place = loc.loc[lid]
        rows.append({
            "relation": r.relation, "evidence": eid, "document": short[place["source_id"]],
            "section": heading[place["section_id"]], "speaker": who, "text": text, "note": r.note,
            "locator": lid,
        })
    cols = ["relation", "evidence", "document", "section", "speaker", "text", "note", "locator"]
    return pd.DataFrame(rows, columns=cols)


def _work_status(works: pd.DataFrame, work_id) -> str:
    if pd.isna(work_id) or work_id not in works.index:
        return "no work identified"
    w = works.loc[work_id]
    if w["resolved"] != "resolved":
        return "the work could not be identified"
    held = "" if pd.isna(w["held_as"]) else f"; its text is source {w['held_as']} of this compendium"
    return f"{w['authors']} ({w['year']}) {'' if pd.isna(w['title']) else w['title']}".strip() + held


def quotations(data, table: pd.DataFrame) -> Quotations:
    """Evidence links (from :func:`links`) as attributed quotations, each noting its relation."""
    out = Quotations()
    for r in table.itertuples():
        note = r.relation if pd.isna(r.note) or not str(r.note) else f"{r.relation}: {r.note}"
        where = place(data, r.locator) if isinstance(r.locator, str) else str(r.document)
        out.append(Quotation(str(r.text), str(r.speaker), where, str(r.evidence), note))
    return out


def crosswalk(data, claim_ids: Iterable[str]) -> pd.DataFrame:
    """Claims × article evidence, one row per link (excerpts and article passages).

    Read left to right it answers "which article evidence does this review claim
    rest on?"; grouped by ``evidence`` it answers "which review claims rest on
    this excerpt?".
    """
    frames = [links(data, c).assign(claim_id=c) for c in claim_ids]
    if not frames:
        return pd.DataFrame(columns=["claim_id", "relation", "evidence", "document", "section", "speaker", "text", "note"])
    out = pd.concat(frames, ignore_index=True)
    return out[["claim_id"] + [c for c in out.columns if c != "claim_id"]]


def traced_into(data, from_source: str, to_source: str) -> pd.DataFrame:
    """Claims of one document checked against the other's evidence.

    A claim of ``from_source`` is traced into ``to_source`` when at least one of its
    evidence links sits in ``to_source``. (A ``trace`` claim may trace a document
    into its own body, as the review's key findings do, so kind alone does not say
    which document a claim leans on.)

    Returns
    -------
    pandas.DataFrame
        ``claim_id``, ``kind``, ``status``, ``links`` (evidence links into
        ``to_source``) and ``relations`` (their relations, counted), by claim id.
    """
    claims = data["claims"][data["claims"]["source_id"] == from_source]
    target = data["sources"].set_index("source_id").at[to_source, "short_name"]
    rows = []
    for c in claims.itertuples():
        found = links(data, c.claim_id)
        found = found[found["document"] == target]
        if len(found):
            rows.append({
                "claim_id": c.claim_id, "kind": c.kind, "status": c.status, "links": len(found),
                "relations": relation_tally(found["relation"]),
            })
    return pd.DataFrame(rows, columns=["claim_id", "kind", "status", "links", "relations"]).sort_values("claim_id").reset_index(drop=True)


def behind(data, claim_id: str) -> pd.DataFrame:
    """The quoted speakers whose words are linked to a claim, with group, gender and relation."""
    ev = data["claim_evidence"]
    ev = ev[(ev["claim_id"] == claim_id) & ev["excerpt_id"].notna()]
    ex = excerpt_frame(data)
    out = ev.merge(ex, on="excerpt_id")[["excerpt_id", "label", "kind", "project_id", "group", "gender", "role", "relation"]]
    out["gender"] = out["gender"].fillna("not given")
    out["project_id"] = out["project_id"].fillna("both")
    return out.rename(columns={"kind": "speaker_kind", "project_id": "project"}).reset_index(drop=True)


def strength(data, claim_ids) -> pd.DataFrame:
    """For each claim: distinct individuals and group attributions behind it, by group and gender."""
    rows = []
    for cid in claim_ids:
        b = behind(data, cid)
        ind = b[b["speaker_kind"] == "individual"]
        sides = ind.groupby(["project", "group", "gender"])["label"].agg(lambda s: ", ".join(sorted(set(s))))
        rows.append({
            "claim_id": cid,
            "individuals": ind["label"].nunique(),
            "group phrases": int((b["speaker_kind"] == "group").sum()),
            "who": "; ".join(f"{p}/{g}/{sex}: {names}" for (p, g, sex), names in sides.items()) or "nobody quoted",
            "evidence rows": len(data["claim_evidence"][data["claim_evidence"]["claim_id"] == cid]),
        })
    return pd.DataFrame(rows)
