"""Evidence behind qualitative claims: what bears on a claim, and the verdict it gives.

Each row of ``claim_evidence`` links a claim to one excerpt or one located passage
and says how it bears on the claim (its *relation*). The verdict of a claim checked
this way is computed from the relations alone, by :func:`verdict`; the registry's
status must agree (:func:`check` calls :func:`compendium.claims.confirm`). The
judgement a curator makes is thus recorded link by link, where a reader can
inspect it, and the verdict follows from those links by a fixed rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from compendium.claims import Check, confirm, relation_tally
from compendium.package import Compendium
from compendium.render import Quotation, Quotations, place

#: How a piece of evidence can bear on a claim.
RELATIONS = ("supports", "qualifies", "narrower", "tension", "contradicts")


def verdict(relations: Iterable[str], kind: str) -> str:
    """The verdict a set of evidence relations gives a claim.

    Parameters
    ----------
    relations : iterable of str
        The relation of each piece of evidence linked to the claim.
    kind : str
        The claim's kind; a ``trace`` claim (one text relying on another) with
        no evidence is "not found", any other claim without evidence
        "cannot be checked".

    Returns
    -------
    str
        One of :data:`compendium.claims.VERDICTS`.

    Raises
    ------
    ValueError
        If a relation is not one of :data:`RELATIONS`.
    """
    found = set(relations)
    unknown = found - set(RELATIONS)
    if unknown:
        raise ValueError(f"unknown relation(s) {sorted(unknown)}; expected one of {RELATIONS}")
    if not found:
        return "not found" if kind == "trace" else "cannot be checked"
    if "supports" in found:
        against = found & {"qualifies", "tension", "contradicts"}
        if against:
            return "partly supported"
        return "broader than the evidence" if "narrower" in found else "supported"
    if "contradicts" in found and found <= {"contradicts", "tension"}:
        return "contradicted" if found == {"contradicts"} else "in tension"
    if "tension" in found and "qualifies" not in found and "narrower" not in found:
        return "in tension"
    if found == {"narrower"}:
        return "broader than the evidence"
    return "partly supported"


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
    heading = data["sections"].set_index("section_id")["heading"]
    short = data["sources"].set_index("source_id")["short_name"]
    rows = []
    for r in ev.itertuples():
        if isinstance(r.excerpt_id, str):
            x = ex.loc[r.excerpt_id]
            lid, who, text, eid = x["locator_id"], x["attribution"], x["text"], r.excerpt_id
        else:
            lid, who, text, eid = r.locator_id, "", loc.at[r.locator_id, "exact"], r.locator_id
        place = loc.loc[lid]
        rows.append({
            "relation": r.relation, "evidence": eid, "document": short[place["source_id"]],
            "section": heading[place["section_id"]], "speaker": who, "text": text, "note": r.note,
            "locator": lid,
        })
    cols = ["relation", "evidence", "document", "section", "speaker", "text", "note", "locator"]
    return pd.DataFrame(rows, columns=cols)


def check(data: Compendium, claim_id: str, glue: bool = True) -> Check:
    """Derive a claim's verdict from its evidence and confirm it against the registry.

    Raises
    ------
    compendium.claims.ClaimMismatch
        If the registry's status is not the verdict the evidence gives.
    """
    claim = data["claims"].set_index("claim_id").loc[claim_id]
    table = links(data, claim_id)
    return confirm(
        data, claim_id, verdict(table["relation"], claim["kind"]), evidence=table, glue=glue,
        quotations=quotations(data, table),
    )


def quotations(data: Compendium, table: pd.DataFrame) -> Quotations:
    """Evidence links (from :func:`links`) as attributed quotations, each noting its relation."""
    out = Quotations()
    for r in table.itertuples():
        note = r.relation if pd.isna(r.note) or not str(r.note) else f"{r.relation}: {r.note}"
        out.append(Quotation(str(r.text), str(r.speaker), place(data, r.locator), str(r.evidence), note))
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
