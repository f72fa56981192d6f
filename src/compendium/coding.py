"""Coded excerpts: the code × excerpt matrix, co-occurrence and evidence counts per theme.

Codes form a tree (``codes.parent_id``). A *theme* is a child of a root code; a
*sub-theme* is any code below a theme. Counts are of excerpts (a quoted passage
or phrase) and of distinct speakers, never of words: an excerpt coded twice
under one theme counts once for it.
"""

from __future__ import annotations

import pandas as pd

from compendium.package import Compendium


def theme_of(data: Compendium) -> pd.Series:
    """For every code, the theme it belongs to (a theme maps to itself; a root to nothing)."""
    parent = data["codes"].set_index("code_id")["parent_id"]
    out = {}
    for code in parent.index:
        chain = [code]
        while isinstance(parent.get(chain[-1]), str):
            chain.append(parent[chain[-1]])
        out[code] = chain[-2] if len(chain) >= 2 else None
    return pd.Series(out, name="theme")


def excerpt_frame(data: Compendium) -> pd.DataFrame:
    """Excerpts with their speaker's project, group, gender, role and kind."""
    sp = data["speakers"][["speaker_id", "label", "project_id", "role", "group", "gender", "kind"]]
    return data["excerpts"].merge(sp, on="speaker_id", how="left")


def matrix(data: Compendium, level: str = "theme") -> pd.DataFrame:
    """Code × excerpt incidence (1 where the excerpt is coded so), excerpts as rows.

    Parameters
    ----------
    level : {"theme", "sub"}
        ``theme`` rolls every coding up to its theme; ``sub`` keeps sub-theme
        codes (themes themselves are left out).
    """
    c = _codings(data, level)
    m = pd.crosstab(c["excerpt_id"], c["code"]).clip(upper=1)
    all_ex = data["excerpts"]["excerpt_id"]
    return m.reindex(all_ex, fill_value=0).rename_axis("excerpt_id")


def cooccurrence(data: Compendium, level: str = "sub") -> pd.DataFrame:
    """Codes × codes: how many excerpts carry both (the diagonal: how many carry each)."""
    m = matrix(data, level)
    return m.T.dot(m)


def by_theme(data: Compendium, by: str, count: str = "excerpts") -> pd.DataFrame:
    """Evidence per theme, broken down by a speaker attribute.

    Parameters
    ----------
    by : {"project_id", "group", "gender", "kind", "form"}
        Column of :func:`excerpt_frame` to break down by; missing values are
        shown as "not given".
    count : {"excerpts", "speakers"}
        Count excerpts, or distinct speakers.
    """
    c = _codings(data, "theme").merge(excerpt_frame(data), on="excerpt_id")
    c[by] = c[by].fillna("not given")
    key = "excerpt_id" if count == "excerpts" else "speaker_id"
    table = c.drop_duplicates(["code", by, key]).pivot_table(index="code", columns=by, values=key, aggfunc="nunique", fill_value=0)
    table.columns.name = by
    return table.rename_axis("theme")


def _sub_codings(data: Compendium, theme: str) -> pd.DataFrame:
    """Codings to the sub-themes of one theme (the theme's own codings left out)."""
    c = data["codings"]
    return c[(c["code_id"].map(theme_of(data)) == theme) & (c["code_id"] != theme)]


def _codings(data: Compendium, level: str) -> pd.DataFrame:
    if level not in ("theme", "sub"):
        raise ValueError("level must be 'theme' or 'sub'")
    themes = theme_of(data)
    c = data["codings"][["excerpt_id", "code_id"]].copy()
    if level == "theme":
        c["code"] = c["code_id"].map(themes)
    else:
        c = c[c["code_id"].map(themes) != c["code_id"]].assign(code=lambda d: d["code_id"])
    return c.dropna(subset=["code"]).drop_duplicates(["excerpt_id", "code"])


def theme_excerpts(data: Compendium, theme: str) -> pd.DataFrame:
    """The excerpts coded under a theme, with speaker, project and their sub-theme codes."""
    themes = theme_of(data)
    names = data["codes"].set_index("code_id")["name"]
    c = data["codings"]
    ids = c[c["code_id"].map(themes) == theme]["excerpt_id"].unique()
    ex = excerpt_frame(data).set_index("excerpt_id").loc[list(ids)]
    subs = (
        _sub_codings(data, theme)
        .assign(name=lambda d: d["code_id"].map(names))
        .groupby("excerpt_id")["name"].agg(lambda s: "; ".join(sorted(s)))
    )
    out = ex.assign(sub_themes=subs.reindex(ex.index).fillna(""))
    out = out.reset_index()[["excerpt_id", "attribution", "project_id", "group", "form", "sub_themes", "text"]]
    return out.rename(columns={"project_id": "project"}).sort_values("excerpt_id").reset_index(drop=True)


def sub_theme_counts(data: Compendium, theme: str, by: str = "group") -> pd.DataFrame:
    """Excerpts per sub-theme of one theme, broken down by a speaker attribute."""
    names = data["codes"].set_index("code_id")["name"]
    c = _sub_codings(data, theme).merge(excerpt_frame(data), on="excerpt_id")
    c[by] = c[by].fillna("not given")
    t = pd.crosstab(c["code_id"].map(names).rename("sub-theme"), c[by])
    t.columns.name = by
    return t


def coded_count(themed: pd.DataFrame) -> int:
    """How many excerpts of a :func:`matrix` carry at least one code."""
    return int((themed.sum(axis=1) > 0).sum())


def speaker_count(data: Compendium, excerpt_ids=None) -> int:
    """How many distinct speakers said the excerpts ``excerpt_ids`` (None: every excerpt).

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    excerpt_ids : iterable of str, optional
        Excerpt ids, e.g. the ``excerpt_id`` column of :func:`theme_excerpts`.

    Returns
    -------
    int
    """
    if excerpt_ids is None:
        return int(data["excerpts"]["speaker_id"].nunique())
    return int(data.indexed("excerpts", "excerpt_id").loc[list(excerpt_ids), "speaker_id"].nunique())


def codebook(data: Compendium) -> pd.DataFrame:
    """The codes that belong to a theme: ``code_id``, ``parent_id``, ``name`` and ``definition``."""
    themes = theme_of(data).rename("theme").rename_axis("code_id").reset_index()
    return data["codes"].merge(themes, on="code_id")[["code_id", "parent_id", "name", "definition"]]


def sub_theme_notes(table: pd.DataFrame) -> dict[str, str]:
    """For each excerpt of a :func:`theme_excerpts` table, a note naming its sub-themes ("" when it has none)."""
    return {x: f"coded: {s}" if s else "" for x, s in zip(table["excerpt_id"], table["sub_themes"])}


def named_cooccurrence(data: Compendium, level: str = "sub") -> pd.DataFrame:
    """:func:`cooccurrence` with the codes' names for ids on both axes."""
    names = data.indexed("codes", "code_id")["name"]
    return cooccurrence(data, level).rename(index=names, columns=names)


def theme_breakdown(data: Compendium) -> pd.DataFrame:
    """Excerpts per theme by project, speaker group and gender, and distinct speakers per theme by group, side by side."""
    return pd.concat({
        "project": by_theme(data, "project_id"), "speaker group": by_theme(data, "group"),
        "gender": by_theme(data, "gender"), "distinct speakers by group": by_theme(data, "group", count="speakers"),
    }, axis=1)
