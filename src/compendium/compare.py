"""Strength of comparative claims: how many people stand behind each side.

A comparative claim contrasts groups (female and male officers, police and partner
agencies, partnership and patrol officers). The article never counts how many in
each group held a view, so what can be counted is (a) how big each group is in
each sample, from the sample descriptions, and (b) which quoted people the
evidence for the claim comes from. :func:`behind` gives (b); :func:`sample_groups`
gives (a); :func:`strength` sets them side by side with Wilson intervals for the
share of each group whose words are printed in support. A share of 1 of 1 is not
strong evidence; the interval says so.
"""

from __future__ import annotations

import pandas as pd
from statsmodels.stats.proportion import binom_test

from compendium.coding import excerpt_frame
from compendium.package import Compendium
from compendium.samples import interviewees_long, wilson


def sample_groups(data: Compendium) -> pd.DataFrame:
    """Interviewees by project, speaker group (police/partner) and gender."""
    long = interviewees_long(data)
    long["group"] = long["category"].map(lambda c: "police" if "police" in str(c).lower() else "partner")
    t = long.groupby(["project_id", "group", "gender"], as_index=False)["n"].sum()
    return t


def behind(data: Compendium, claim_id: str) -> pd.DataFrame:
    """The quoted speakers whose words are linked to a claim, with group, gender and relation."""
    ev = data.rows("claim_evidence", "claim_id", claim_id)
    ev = ev[ev["excerpt_id"].notna()]
    # the excerpts joined with their speakers once per Compendium, not once per claim
    ex = data.derived("excerpt_frame", ("excerpts", "speakers"), lambda: excerpt_frame(data))
    out = ev.merge(ex, on="excerpt_id")[["excerpt_id", "label", "kind", "project_id", "group", "gender", "role", "relation"]]
    out["gender"] = out["gender"].fillna("not given")
    out["project_id"] = out["project_id"].fillna("both")
    return out.rename(columns={"kind": "speaker_kind", "project_id": "project"}).reset_index(drop=True)


def strength(data: Compendium, claim_ids) -> pd.DataFrame:
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
            "evidence rows": len(data.rows("claim_evidence", "claim_id", cid)),
        })
    return pd.DataFrame(rows)


def share(count: int, total: int) -> dict:
    """A share with its Wilson 95% interval, as a row for a table."""
    p, lo, hi = wilson(count, total)
    return {"count": count, "of": total, "share": round(p, 3), "wilson_low": round(lo, 3), "wilson_high": round(hi, 3)}


def exact_binomial(count: int, total: int, p0: float) -> float:
    """Two-sided exact binomial test (statsmodels) of count/total against a reference share."""
    return float(binom_test(count, total, prop=p0, alternative="two-sided"))
