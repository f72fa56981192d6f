"""Samples: the stated composition of each study, and what it adds up to.

Every function takes the loaded :class:`~compendium.package.Compendium` and
returns plain numbers or DataFrames; nothing is typed in by hand.
"""

from __future__ import annotations

import re

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from compendium.package import Compendium

Range = tuple[int, int]


def counts(data: Compendium, project: str, population: str) -> pd.DataFrame:
    """The stated counts of one project's population (one row per statement)."""
    frame = data["sample_counts"]
    return frame[(frame["project_id"] == project) & (frame["population"] == population)]


def stated(data: Compendium, project: str, population: str, category: str = "all", gender: str = "any") -> Range:
    """The range a single stated count gives, as (low, high).

    Raises
    ------
    KeyError
        If the document states no such count, or states it more than once.
    """
    c = counts(data, project, population)
    row = c[(c["category"] == category) & (c["gender"] == gender)]
    if len(row) != 1:
        raise KeyError(f"{len(row)} stated counts for {project}/{population}/{category}/{gender}")
    return int(row["low"].iloc[0]), int(row["high"].iloc[0])


def breakdown(data: Compendium, project: str, population: str) -> pd.DataFrame:
    """Category × gender table of a population's stated parts.

    One row per category (totals excluded): its size range (``low``, ``high``),
    the female and male ranges where stated, and whether the gender parts can
    add up to the size (``adds_up``; missing when no gender split is stated).
    """
    c = counts(data, project, population)
    c = c[c["category"] != "all"]
    rows = []
    for category, g in c.groupby("category", sort=False):
        size = g[g["gender"] == "any"]
        entry = {"category": category, "agency": g["agency"].iloc[0], "low": int(size["low"].iloc[0]), "high": int(size["high"].iloc[0]),
                 "may_include": size["may_include"].iloc[0]}
        for gender in ("female", "male"):
            part = g[g["gender"] == gender]
            entry[f"{gender}_low"] = int(part["low"].iloc[0]) if len(part) else pd.NA
            entry[f"{gender}_high"] = int(part["high"].iloc[0]) if len(part) else pd.NA
        entry["adds_up"] = _split_adds_up(entry)
        rows.append(entry)
    columns = ["category", "agency", "low", "high", "female_low", "female_high", "male_low", "male_high", "adds_up", "may_include"]
    out = pd.DataFrame(rows, columns=columns)
    for col in ("female_low", "female_high", "male_low", "male_high"):
        out[col] = out[col].astype("Int64")
    out["adds_up"] = out["adds_up"].astype("boolean")
    return out


def _split_adds_up(entry: dict) -> bool | pd.NA:
    """Can the stated gender parts make up the stated size?

    With both genders stated, their summed range must meet the size range. With
    one gender stated alone, it must not exceed the size.
    """
    f = (entry["female_low"], entry["female_high"])
    m = (entry["male_low"], entry["male_high"])
    have_f, have_m = not pd.isna(f[0]), not pd.isna(m[0])
    if not have_f and not have_m:
        return pd.NA
    lo = (f[0] if have_f else 0) + (m[0] if have_m else 0)
    hi = (f[1] if have_f else 0) + (m[1] if have_m else 0)
    if have_f and have_m:
        return bool(lo <= entry["high"] and hi >= entry["low"])
    return bool(lo <= entry["high"])


def sum_of_parts(table: pd.DataFrame) -> Range:
    """(low, high) sum of the category sizes in a :func:`breakdown` table."""
    return int(table["low"].sum()), int(table["high"].sum())


def _included(value) -> list[str]:
    return [] if pd.isna(value) else [x.strip() for x in str(value).split(";") if x.strip()]


def overlap_sum(table: pd.DataFrame) -> Range:
    """(low, high) sum of a :func:`breakdown` table when every category that another may include is folded into it.

    A category named in another row's ``may_include`` is dropped from the sum
    (its people counted once, within the coarser category): the smallest total the
    stated parts allow if the categories overlap as much as the text permits.
    """
    folded = {name for value in table["may_include"] for name in _included(value)}
    kept = table[~table["category"].isin(folded)]
    return int(kept["low"].sum()), int(kept["high"].sum())


def gender_totals(table: pd.DataFrame) -> dict[str, Range]:
    """Summed female and male ranges of a :func:`breakdown` table (unstated parts count 0)."""
    return {
        g: (int(table[f"{g}_low"].fillna(0).sum()), int(table[f"{g}_high"].fillna(0).sum()))
        for g in ("female", "male")
    }


def id_scheme_capacity(pattern: str) -> int:
    """How many distinct labels a ``[a-b][X-Y]`` speaker scheme allows (numbers × letters)."""
    classes = re.findall(r"\[(.)-(.)\]", pattern)
    if len(classes) != 2 or re.sub(r"\[.-.\]", "", pattern):
        raise ValueError(f"not a two-class scheme like '[1-7][A-D]': {pattern!r}")
    size = 1
    for a, b in classes:
        size *= ord(b) - ord(a) + 1
    return size


def scheme_letters(pattern: str) -> list[str]:
    """The letters a scheme's letter class allows, e.g. A–D for ``[1-7][A-D]``."""
    a, b = re.findall(r"\[([A-Z])-([A-Z])\]", pattern)[0]
    return [chr(c) for c in range(ord(a), ord(b) + 1)]


def speakers(data: Compendium, project: str) -> pd.DataFrame:
    """The quoted individuals of one project (not unnamed groups), with their number of excerpts."""
    sp = data["speakers"]
    sp = sp[(sp["project_id"] == project) & (sp["kind"] == "individual")]
    n = data["excerpts"].groupby("speaker_id").size().rename("excerpts")
    return sp.join(n, on="speaker_id").assign(excerpts=lambda d: d["excerpts"].fillna(0).astype(int))


def wilson(count: int, total: int) -> tuple[float, float, float]:
    """Proportion and 95% Wilson interval, clamped to [0, 1] and rounded to 4 places.

    statsmodels returns values such as 2.8e-17 or 0.9999999999999999 at the
    edges; clamping keeps committed outputs stable.
    """
    lo, hi = proportion_confint(count, total, alpha=0.05, method="wilson")
    clamp = lambda x: float(round(min(1.0, max(0.0, x)), 4))  # noqa: E731
    return clamp(count / total), clamp(lo), clamp(hi)


#: Police ranks of England and Wales, lowest first.
RANKS = ("constable", "sergeant", "inspector", "chief inspector", "superintendent", "chief superintendent")


def rank_of(role: str) -> str | None:
    """The police rank a printed role names (the longest rank name it contains), or None."""
    text = role.lower().replace("sgt", "sergeant")
    found = [r for r in RANKS if re.search(rf"\b{r}\b", text)]
    return max(found, key=len) if found else None


def interviewees_long(data: Compendium) -> pd.DataFrame:
    """Interviewees by project, category and gender, for plotting and tables.

    Where a project states only a total and the number of women (the British
    Academy Project), the men are the difference and are marked ``implied``.
    """
    rows = []
    for project in data["projects"]["project_id"]:
        table = breakdown(data, project, "interviewees")
        if len(table):
            for r in table.itertuples():
                for g in ("female", "male"):
                    n = getattr(r, f"{g}_low")
                    rows.append((project, r.category, g, 0 if pd.isna(n) else int(n), "stated"))
        else:
            total = stated(data, project, "interviewees")[0]
            women = stated(data, project, "interviewees", gender="female")[0]
            rows.append((project, "police officers", "female", women, "stated"))
            rows.append((project, "police officers", "male", total - women, "implied"))
    return pd.DataFrame(rows, columns=["project_id", "category", "gender", "n", "basis"])


def label_fit(data: Compendium, project: str) -> pd.DataFrame:
    """Each quoted speaker of a project with whether its label fits the project's scheme."""
    pattern = data["projects"].set_index("project_id").at[project, "speaker_pattern"]
    sp = speakers(data, project)[["label", "role", "excerpts"]].copy()
    sp["fits_scheme"] = [bool(re.fullmatch(pattern, str(label))) for label in sp["label"]]
    sp["has_role"] = sp["role"].notna() & (sp["role"].str.strip() != "")
    return sp.reset_index(drop=True)


def rank_range(data: Compendium, project: str) -> pd.DataFrame:
    """Quoted ranks of a project's speakers, lowest first, with how many speakers hold each."""
    sp = speakers(data, project)
    ranks = sp["role"].map(rank_of).dropna()
    table = ranks.value_counts().rename_axis("rank").reset_index(name="speakers")
    table["order"] = table["rank"].map(RANKS.index)
    return table.sort_values("order").drop(columns="order").reset_index(drop=True)


def agency_coverage(data: Compendium, project: str) -> pd.DataFrame:
    """Agencies in the typical meeting and whether any interviewee category comes from each.

    A meeting role coded to two agencies ("police or local authority") counts
    towards both. An agency no category names may still be covered by a coarser
    interviewee category whose ``may_include`` names it ("could be counted under").
    Quoted speakers whose role names an agency are shown beside it.
    """
    def agencies(frame: pd.DataFrame) -> set[str]:
        return {a.strip() for v in frame["agency"].dropna() for a in str(v).split(" or ")}

    meeting = agencies(counts(data, project, "meeting attendees"))
    people = counts(data, project, "interviewees")
    interviewed = agencies(people)
    coarse = people[people["gender"] == "any"]
    sp = speakers(data, project)
    rows = []
    for agency in sorted(meeting):
        quoted = sp[sp["agency"] == agency]
        under = "" if agency in interviewed else ", ".join(
            r.category for r in coarse.itertuples() if agency in _included(r.may_include))
        rows.append((agency, agency in interviewed, under, ", ".join(f"{r.label} ({r.role})" for r in quoted.itertuples())))
    return pd.DataFrame(rows, columns=["agency", "interviewee category", "could be counted under", "quoted speakers from it"])


def police_share(data: Compendium) -> pd.DataFrame:
    """Per project: interviewees, police among them, and the police proportion with its Wilson interval."""
    rows = []
    for project in data["projects"]["project_id"]:
        total = stated(data, project, "interviewees")[0]
        table = breakdown(data, project, "interviewees")
        police = int(table.loc[table["agency"] == "police", "low"].sum()) if len(table) else total
        p, lo, hi = wilson(police, total)
        rows.append((project, total, police, total - police, p, lo, hi))
    return pd.DataFrame(rows, columns=["project_id", "interviewees", "police", "partner agency", "police share", "ci_low", "ci_high"])


def project(data: Compendium, project_id: str) -> pd.Series:
    """One project's row of ``projects`` (its speaker-id pattern among others)."""
    return data.indexed("projects", "project_id").loc[project_id]


def gendered(data: Compendium, project_id: str) -> int:
    """How many of a project's quoted speakers have a recorded gender."""
    return int(speakers(data, project_id)["gender"].notna().sum())


def top_rank(ranks: pd.DataFrame) -> str:
    """The highest rank in a :func:`rank_range` table (its last row)."""
    return ranks["rank"].iloc[-1]


def split_checks(table: pd.DataFrame) -> list[bool]:
    """For each row of a :func:`breakdown` whose split by gender can be checked, whether it adds up."""
    return [bool(ok) for ok in table["adds_up"].dropna()]


def missing_agencies(coverage: pd.DataFrame) -> int:
    """Agencies of an :func:`agency_coverage` table with no interviewee category of their own."""
    return int((~coverage["interviewee category"]).sum())


def figures_table(figures: dict[str, int]) -> pd.DataFrame:
    """A two-column table (``count``, ``value``) of named figures, as a claim's evidence."""
    return pd.DataFrame({"count": list(figures), "value": list(figures.values())})


def project_share(share: pd.DataFrame, project_id: str) -> pd.Series:
    """One project's row of a :func:`police_share` table."""
    return share.set_index("project_id").loc[project_id]


def every_project_has(share: pd.DataFrame, column: str) -> bool:
    """Whether every project of a :func:`police_share` table counts at least one interviewee in ``column``."""
    return bool((share[column] > 0).all())


def police_gender(ba_women: int, ba_total: int, cc: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Women and men among the police interviewed in the two projects, and Fisher's exact test of the difference.

    Parameters
    ----------
    ba_women, ba_total : int
        The British Academy Project's stated women and total interviewees (all police).
    cc : DataFrame
        The case conference research's :func:`breakdown` of interviewees; its ``police
        officers`` row gives the stated women and men (low ends).

    Returns
    -------
    table : DataFrame
        ``women`` and ``men`` (columns) by project (index).
    p_value : float
        Fisher's exact test, two-sided, to four places.
    """
    from scipy.stats import fisher_exact

    cc_police = cc.set_index("category").loc["police officers"]
    rows = [[ba_women, ba_total - ba_women], [int(cc_police["female_low"]), int(cc_police["male_low"])]]
    p_value = float(round(fisher_exact(rows)[1], 4))
    projects = pd.Index(["British Academy Project", "case conference research"], name="project")
    table = pd.DataFrame(rows, index=projects, columns=["women", "men"])
    return table, p_value
