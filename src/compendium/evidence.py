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

from compendium.claims import Check, confirm
from compendium.package import Compendium

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
        excerpt or the located passage) and ``note``.
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
        })
    cols = ["relation", "evidence", "document", "section", "speaker", "text", "note"]
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
    return confirm(data, claim_id, verdict(table["relation"], claim["kind"]), evidence=table, glue=glue)


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
