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
