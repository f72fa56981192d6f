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


def comparative_ids(data: Compendium) -> list[str]:
    """The ids of the registered comparative claims (``kind == "comparative"``), sorted."""
    c = data["claims"]
    return sorted(c.loc[c["kind"] == "comparative", "claim_id"])


def thin(strength_table: pd.DataFrame) -> dict[str, int]:
    """In a :func:`strength` table: claims resting on at most one quoted individual (``thin``) and on none (``none``)."""
    return {"thin": int((strength_table["individuals"] <= 1).sum()),
            "none": int((strength_table["individuals"] == 0).sum())}


def strength_by_claim(strength_table: pd.DataFrame) -> pd.DataFrame:
    """Quoted individuals and group phrases per claim (index ``claim``), the two bars of the strength figure."""
    return strength_table.set_index("claim_id")[["individuals", "group phrases"]].rename_axis("claim")


def group_table(data: Compendium) -> pd.DataFrame:
    """Interviewees by project and speaker group (rows) and gender (columns), with a ``total`` column."""
    groups = sample_groups(data).pivot_table(index=["project_id", "group"], columns="gender", values="n", fill_value=0).astype(int)
    groups["total"] = groups.sum(axis=1)
    return groups


def police_by_gender(groups: pd.DataFrame, project: str) -> tuple[int, int]:
    """(women, men) among a project's police interviewees, from a :func:`group_table`."""
    return int(groups.loc[(project, "police"), "female"]), int(groups.loc[(project, "police"), "male"])


def police_women(groups: pd.DataFrame) -> tuple[pd.DataFrame, float, float]:
    """Women's share of the police interviewees in the two projects, and two tests of the difference.

    Parameters
    ----------
    groups : DataFrame
        A :func:`group_table`.

    Returns
    -------
    shares : DataFrame
        One row per project's police sample: :func:`share` with its Wilson interval.
    fisher_p : float
        Fisher's exact test of the two-by-two table (women, men by project), to four places.
    binom_p : float
        Exact binomial test of the case conference share against the British Academy share, to four places.
    """
    from scipy.stats import fisher_exact

    ba_f, ba_m = police_by_gender(groups, "BA")
    cc_f, cc_m = police_by_gender(groups, "CC")
    shares = pd.DataFrame([
        {"sample": "British Academy Project police", **share(ba_f, ba_f + ba_m)},
        {"sample": "case conference police", **share(cc_f, cc_f + cc_m)},
    ])
    fisher_p = float(round(fisher_exact([[ba_f, ba_m], [cc_f, cc_m]])[1], 4))
    binom_p = round(exact_binomial(cc_f, cc_f + cc_m, ba_f / (ba_f + ba_m)), 4)
    return shares, fisher_p, binom_p
