"""Agreement between the first coder (the registry) and the blind second coder.

The second coder assessed, blind to the registry, every claim in :func:`scope`
(relations and verdict) from the two documents and the claims' wording alone
(``data/second_coding.csv`` and ``data/second_passages.csv``). Where the two
differed, ``data/adjudications.csv`` records the decision and why; an
adjudication may change the registry. Agreement is measured on the values
*before* adjudication: the first coder's value is the adjudication row's
``first`` where there is one, else the registry's current value (which, with no
adjudication row, must equal the second coder's).

Cohen's kappa is computed with :func:`statsmodels.stats.inter_rater.cohens_kappa`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa

from compendium import verdicts
from compendium.assessment import method as assessment_method
from compendium.package import Compendium

#: Claim kinds the second coder assesses (besides every claim the ledger added).
KINDS = ("qualitative", "comparative", "trace")

#: The change recorded in ``verdict_history.csv`` for a claim the ledger added.
NEW_CLAIM = "new claim"

#: The kappa we aimed for before adjudication (reported against, whatever it is).
TARGET_KAPPA = 0.70

#: Values of an adjudicated relation field (``relation:<name>``): is the relation among the claim's evidence?
PRESENT, ABSENT = "present", "absent"


def added(data: Compendium) -> set[str]:
    """The claims the sentence ledger added (``verdict_history.csv`` records them as a new claim)."""
    history = data["verdict_history"]
    return set(history.loc[history["change"] == NEW_CLAIM, "claim_id"])


def scope(data: Compendium) -> list[str]:
    """The claims the second coder must assess: kinds in :data:`KINDS` and every claim the ledger added."""
    claims = data["claims"]
    keep = claims["kind"].isin(KINDS) | claims["claim_id"].isin(added(data))
    return list(claims.loc[keep, "claim_id"])


def first_relations(data: Compendium) -> dict[str, set[str]]:
    """The relations among the voices of each claim judged from evidence, in the registry now.

    Only links that are voices count (:meth:`compendium.assessment.Method.voices`): a
    citation row on a claim about what a cited work says is the claim's basis, not a
    passage. Claims whose verdict is computed from figures have no relations to compare.
    """
    method = assessment_method(data)
    claims = data["claims"]
    judged = claims.loc[claims["method"] == "evidence", "claim_id"]
    return {cid: {v.relation for v in vs} for cid in judged if (vs := method.voices(cid))}


def compared(data: Compendium) -> set[str]:
    """The claims whose relations are compared: those judged from evidence (not computed from figures)."""
    claims = data["claims"]
    return set(claims.loc[claims["method"] == "evidence", "claim_id"])


def second_relations(data: Compendium) -> dict[str, set[str]]:
    """The relations among the passages the second coder relied on for each claim."""
    ps = data["second_passages"].dropna(subset=["claim_id", "relation"])
    return {cid: set(g["relation"]) for cid, g in ps.groupby("claim_id")}


def pairs(data: Compendium) -> pd.DataFrame:
    """One row per double-coded claim: the two coders' values before adjudication, and the value now.

    Columns: ``claim_id``, ``kind``, ``source_id``, ``first``, ``second``, ``now`` (verdicts) and, for
    each relation of :data:`compendium.verdicts.RELATIONS`, ``first <relation>``,
    ``second <relation>`` and ``now <relation>`` (booleans: is the relation among the evidence).
    """
    claims = data["claims"].set_index("claim_id")
    second = data["second_coding"].set_index("claim_id")
    adj = data["adjudications"]
    decided = {(r.claim_id, r.field): r.first for r in adj.itertuples()}
    now_rel, sec_rel = first_relations(data), second_relations(data)
    judged = compared(data)
    rows = []
    for cid in scope(data):
        if cid not in second.index:
            continue
        now = str(claims.at[cid, "status"])
        row = {
            "claim_id": cid, "kind": claims.at[cid, "kind"], "source_id": claims.at[cid, "source_id"],
            "first": decided.get((cid, "verdict"), now), "second": str(second.at[cid, "verdict"]), "now": now,
        }
        for rel in verdicts.RELATIONS:
            if cid not in judged:
                row[f"first {rel}"] = row[f"second {rel}"] = row[f"now {rel}"] = None
                continue
            has = rel in now_rel.get(cid, set())
            before = decided.get((cid, f"relation:{rel}"))
            row[f"first {rel}"] = has if before is None else before == PRESENT
            row[f"second {rel}"] = rel in sec_rel.get(cid, set())
            row[f"now {rel}"] = has
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Agreement:
    """Agreement on one variable: raw proportion, Cohen's kappa with its 95% interval (clipped to [-1, 1]), and the counts."""

    label: str
    n: int
    agree: int
    raw: float
    kappa: float
    low: float
    high: float
    first: int | None
    second: int | None


def kappa(first: pd.Series, second: pd.Series, categories: list, label: str = "") -> Agreement:
    """Cohen's kappa (statsmodels) and raw agreement of two codings over the same items.

    For the binary case (categories ``[False, True]``) the result also counts how
    often each coder said ``True``; for several categories those counts are None.
    Kappa is NaN when it is undefined (both coders used one and the same category
    throughout).
    """
    f, s = pd.Categorical(first, categories=categories), pd.Categorical(second, categories=categories)
    table = pd.crosstab(f, s, dropna=False).reindex(index=categories, columns=categories, fill_value=0).to_numpy()
    n = int(table.sum())
    agree = int(np.trace(table))
    po = agree / n if n else float("nan")
    pe = float((table.sum(0) * table.sum(1)).sum()) / (n * n) if n else float("nan")
    if n == 0 or np.isclose(pe, 1.0):
        k = low = high = float("nan")
    else:
        with warnings.catch_warnings():  # a zero variance (tiny tables) only widens the interval
            warnings.simplefilter("ignore", RuntimeWarning)
            res = cohens_kappa(table, return_results=True)
        k = float(res.kappa)
        low, high = (max(-1.0, float(res.kappa_low)), min(1.0, float(res.kappa_upp))) if np.isfinite(res.kappa_low) else (float("nan"), float("nan"))
    binary = categories == [False, True]
    return Agreement(label, n, agree, po, k, low, high,
                     int(table[1].sum()) if binary else None, int(table[:, 1].sum()) if binary else None)


def verdict_agreement(p: pd.DataFrame) -> Agreement:
    """Agreement on the verdict over every category at once."""
    cats = [v for v in verdicts.VERDICTS if v in set(p["first"]) | set(p["second"])]
    return kappa(p["first"], p["second"], cats, "all verdicts")


def per_verdict(p: pd.DataFrame) -> list[Agreement]:
    """Agreement on each verdict against all others (one-vs-rest kappa), for verdicts either coder used."""
    out = []
    for v in verdicts.VERDICTS:
        a, b = p["first"] == v, p["second"] == v
        if a.any() or b.any():
            out.append(kappa(a, b, [False, True], v))
    return out


def per_relation(p: pd.DataFrame) -> list[Agreement]:
    """Agreement on whether each relation is among a claim's evidence."""
    judged = p.dropna(subset=[f"first {verdicts.RELATIONS[0]}"])
    return [kappa(judged[f"first {r}"].astype(bool), judged[f"second {r}"].astype(bool), [False, True], r) for r in verdicts.RELATIONS]


def frame(results: list[Agreement]) -> pd.DataFrame:
    """Agreements as a table for readers."""
    return pd.DataFrame(
        {
            "what": [a.label for a in results],
            "claims": [a.n for a in results],
            "first coder": ["" if a.first is None else a.first for a in results],
            "second coder": ["" if a.second is None else a.second for a in results],
            "agree": [a.agree for a in results],
            "raw agreement": [round(a.raw, 2) for a in results],
            "kappa": [round(a.kappa, 2) if not np.isnan(a.kappa) else None for a in results],
            "95% interval": [f"{a.low:.2f} to {a.high:.2f}" if not np.isnan(a.low) else "" for a in results],
        }
    )


def by_kind(p: pd.DataFrame) -> pd.DataFrame:
    """Verdict agreement by claim kind and document."""
    rows = []
    for (kind, src), g in p.groupby(["kind", "source_id"]):
        a = verdict_agreement(g)
        rows.append({"kind": kind, "document": src, "claims": a.n, "agree": a.agree, "raw agreement": round(a.raw, 2),
                     "kappa": round(a.kappa, 2) if not np.isnan(a.kappa) else None})
    return pd.DataFrame(rows)


def confusion(p: pd.DataFrame) -> pd.DataFrame:
    """First coder's verdict (rows) against the second coder's (columns), before adjudication."""
    cats = [v for v in verdicts.VERDICTS if v in set(p["first"]) | set(p["second"])]
    t = pd.crosstab(pd.Categorical(p["first"], cats), pd.Categorical(p["second"], cats), dropna=False)
    t.index.name, t.columns.name = "first coder", "second coder"
    return t


def disagreements(p: pd.DataFrame) -> pd.DataFrame:
    """Claims on which the coders' verdicts differed, with the verdict now."""
    d = p[p["first"] != p["second"]]
    return d[["claim_id", "kind", "first", "second", "now"]].reset_index(drop=True)


def outcomes(data: Compendium) -> pd.DataFrame:
    """Adjudications by field and decision: how often the first coder, the second or neither was followed."""
    adj = data["adjudications"].copy()
    adj["field"] = adj["field"].where(adj["field"] == "verdict", "relation")
    t = adj.groupby(["field", "decision"]).size().unstack(fill_value=0)
    return t.reset_index()


def changes(data: Compendium) -> pd.DataFrame:
    """The adjudications that changed the registry (the second coder's reading or a third one followed), with reasons."""
    adj = data["adjudications"]
    out = adj[adj["decision"] != "first"][["claim_id", "field", "first", "second", "final", "reason"]]
    return out.rename(columns={"first": "first coder", "second": "second coder", "final": "now"}).reset_index(drop=True)


def adjudication_counts(data: Compendium) -> dict[str, int]:
    """How much second coding and adjudication there was, for the agreement chapter's prose.

    Parameters
    ----------
    data : Compendium
        The loaded data package.

    Returns
    -------
    dict of str to int
        ``batches`` (second-coding batches), ``adjudications`` (decisions recorded),
        ``verdict-adjudications`` (of them, on a verdict), ``changed`` (decisions other than
        keeping the first coder's reading) and ``verdicts-changed`` (of them, on a verdict).
    """
    adjudications = data["adjudications"]
    changed = adjudications[adjudications["decision"] != "first"]
    return {
        "batches": int(data["second_coding"]["batch"].nunique()),
        "adjudications": len(adjudications),
        "verdict-adjudications": int((adjudications["field"] == "verdict").sum()),
        "changed": len(changed),
        "verdicts-changed": int((changed["field"] == "verdict").sum()),
    }
