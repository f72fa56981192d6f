"""Evidence behind qualitative claims: what bears on a claim, shown, and the verdict it gives.

Each row of ``claim_evidence`` links a claim to one excerpt, passage, section,
stated count, citation or work and says how it bears on the claim (its
*relation*). The verdict is reached by the stated method
(:mod:`compendium.verdicts`, fed by :mod:`compendium.assessment`): distinct voices
for and against the claim, the four recorded assessment components, and a reason
code when nothing bears on it. :func:`check` confirms the verdict, its confidence
and its reason code against the registry (:func:`compendium.claims.confirm`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from compendium import assessment, verdicts
from compendium.claims import Check, confirm, relation_tally
from compendium.package import Compendium
from compendium.render import Quotation, Quotations, place


def links(data: Compendium, claim_id: str) -> pd.DataFrame:
    """The evidence linked to one claim, with the passage, speaker and place of each.

    Every lookup is a dict built once per Compendium
    (:meth:`~compendium.package.Compendium.lookup`), so listing the links of every claim
    costs time in proportion to the links, not to the claims times the tables.

    Returns
    -------
    pandas.DataFrame
        One row per link: ``relation``, ``evidence`` (excerpt or locator id),
        ``document``, ``section``, ``speaker`` (attribution), ``text`` (the
        excerpt or the located passage), ``note`` and ``locator`` (its locator id).
    """
    def col(table: str, key: str, column: str) -> dict:
        return data.lookup(table, key, column)

    ev = data.rows("claim_evidence", "claim_id", claim_id)
    heading = col("sections", "section_id", "heading")
    short = col("sources", "source_id", "short_name")
    rows = []
    for r in ev.itertuples():
        if isinstance(r.excerpt_id, str):
            eid = r.excerpt_id
            lid, who, text = col("excerpts", "excerpt_id", "locator_id")[eid], col("excerpts", "excerpt_id", "attribution")[eid], col("excerpts", "excerpt_id", "text")[eid]
        elif isinstance(r.locator_id, str):
            lid, who, text, eid = r.locator_id, "", col("locators", "locator_id", "exact")[r.locator_id], r.locator_id
        elif isinstance(r.citation_id, str):
            cid = r.citation_id
            lid, who, eid = col("citations", "citation_id", "locator_id")[cid], "", cid
            year = col("citations", "citation_id", "year")[cid]
            year = "" if pd.isna(year) else f" {year}"  # a citation may give no year
            text = f"cites {col('citations', 'citation_id', 'authors')[cid]}{year}: {_status(data, col('citations', 'citation_id', 'work_id')[cid])}"
        elif isinstance(r.count_id, str):
            n = {c: col("sample_counts", "count_id", c)[r.count_id] for c in ("locator_id", "low", "high", "qualifier", "population", "category")}
            lid, who, eid = n["locator_id"], "", r.count_id
            span = f"{n['low']}" if n["low"] == n["high"] else f"{n['low']}–{n['high']}"
            text = f"stated count ({n['qualifier']}): {n['population']}, {n['category']}: {span}"
        elif isinstance(r.work_id, str):
            rows.append({"relation": r.relation, "evidence": r.work_id, "document": "", "section": "", "speaker": "",
                         "text": f"the work {r.work_id}: {_status(data, r.work_id)}", "note": r.note, "locator": None})
            continue
        else:
            sec_heading = heading[r.section_id]
            rows.append({"relation": r.relation, "evidence": r.section_id, "document": short[col("sections", "section_id", "source_id")[r.section_id]],
                         "section": sec_heading, "speaker": "", "text": f"the whole section '{sec_heading}'",
                         "note": r.note, "locator": None})
            continue
        rows.append({
            "relation": r.relation, "evidence": eid, "document": short[col("locators", "locator_id", "source_id")[lid]],
            "section": heading[col("locators", "locator_id", "section_id")[lid]], "speaker": who, "text": text, "note": r.note,
            "locator": lid,
        })
    cols = ["relation", "evidence", "document", "section", "speaker", "text", "note", "locator"]
    return pd.DataFrame(rows, columns=cols)


def _status(data: Compendium, work_id) -> str:
    """:func:`_work_status` from the works indexed once per Compendium."""
    return _work_status(data.indexed("works", "work_id"), work_id)


def _work_status(works: pd.DataFrame, work_id) -> str:
    if pd.isna(work_id) or work_id not in works.index:
        return "no work identified"
    w = works.loc[work_id]
    if w["resolved"] != "resolved":
        return "the work could not be identified"
    held = "" if pd.isna(w["held_as"]) else f"; its text is source {w['held_as']} of this compendium"
    return f"{w['authors']} ({w['year']}) {'' if pd.isna(w['title']) else w['title']}".strip() + held


def check(data: Compendium, claim_id: str, glue: bool = True) -> Check:
    """Assess a claim by the stated method and confirm verdict, confidence and reason code.

    Raises
    ------
    compendium.claims.ClaimMismatch
        If the registry's status, confidence or reason code is not what the method
        gives from the data.
    """
    res = assessment.result(data, claim_id)
    table = links(data, claim_id)
    components = None
    if claim_id in data["assessments"]["claim_id"].values:
        components = [("scope", res.scope, "")] + [
            (c, res.assessment.concerns[c], res.reasons.get(c, "")) for c in verdicts.COMPONENTS
        ]
    return confirm(
        data, claim_id, res.verdict, evidence=table, glue=glue, quotations=quotations(data, table),
        confidence=res.confidence, basis=res.basis,
        voices=res.voices_text() if res.voices else None, components=components,
    )


def quotations(data: Compendium, table: pd.DataFrame) -> Quotations:
    """Evidence links (from :func:`links`) as attributed quotations, each noting its relation."""
    out = Quotations()
    for r in table.itertuples():
        note = r.relation if pd.isna(r.note) or not str(r.note) else f"{r.relation}: {r.note}"
        where = place(data, r.locator) if isinstance(r.locator, str) else str(r.document)
        out.append(Quotation(str(r.text), str(r.speaker), where, str(r.evidence), note))
    return out


def citing_claims(data: Compendium, excerpt_id: str) -> pd.DataFrame:
    """The reverse link: every claim an excerpt bears on, with the relation."""
    ev = data["claim_evidence"]
    hits = ev[ev["excerpt_id"] == excerpt_id][["claim_id", "relation"]]
    return hits.merge(data["claims"][["claim_id", "source_id", "status", "claim"]], on="claim_id")


def crosswalk(data: Compendium, claim_ids: Iterable[str]) -> pd.DataFrame:
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


def traced_into(data: Compendium, from_source: str, to_source: str) -> pd.DataFrame:
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


def crosswalk_into(data: Compendium, claim_ids: Iterable[str], document: str) -> pd.DataFrame:
    """The :func:`crosswalk` rows whose evidence lies in ``document`` (a short name, e.g. ``"article"``)."""
    walk = crosswalk(data, claim_ids)
    return walk[walk["document"] == document]


def back_links(data: Compendium, walk: pd.DataFrame) -> pd.DataFrame:
    """For each excerpt in a :func:`crosswalk`: the claims resting on it, their relations, and its attribution."""
    excerpts = walk[walk["evidence"].str.startswith("X-")]
    back = excerpts.groupby("evidence").agg(
        review_claims=("claim_id", lambda s: ", ".join(sorted(set(s)))),
        relations=("relation", lambda s: ", ".join(sorted(set(s)))))
    return back.join(data.indexed("excerpts", "excerpt_id")[["attribution"]])


def crosswalk_matrix(walk: pd.DataFrame) -> pd.DataFrame:
    """Claims (rows) by evidence (columns): how many links join each pair."""
    return pd.crosstab(walk["claim_id"], walk["evidence"])
