"""One setup call for every chapter, and the tables and sections every chapter shares.

A chapter's first code cell is ``data = chapter.setup()``: it validates and loads the
data package (stopping the build on any problem), sets the display options, and makes
every DataFrame display as a table for people: no index column, readable headers, an
empty cell (never ``<NA>``) for a missing value, and a sentence instead of an empty table.
The closing sections of the skeleton (*What could not be checked*, *Summary*) call
:func:`unchecked` and :func:`verdicts`, so every chapter reports them the same way.
"""

from __future__ import annotations

import html

import pandas as pd

from compendium import palette
from compendium.package import Compendium

#: Display options every chapter shares (long text is shown whole; long tables up to this many rows).
OPTIONS = {"display.max_colwidth": None, "display.max_rows": 400, "display.width": 120}

#: Headers that are not simply snake_case made into words.
HEADERS = {"n": "Count", "id": "Id", "doi": "DOI", "ptype": "Partnership type", "short_name": "Document", "source_id": "Document id"}


def header(name) -> str:
    """A column name as a reader reads it: ``claim_id`` -> "Claim id", ``ptype`` -> "Partnership type"."""
    if isinstance(name, tuple):
        return " · ".join(header(n) for n in name if str(n))
    text = str(name)
    if text in HEADERS:
        return HEADERS[text]
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else text


def for_people(table: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: a meaningful index becomes a column, headers readable, missing values empty."""
    t = table.copy()
    named = any(n is not None for n in t.index.names)
    if named or not isinstance(t.index, pd.RangeIndex):
        t = t.reset_index() if named else t.reset_index(drop=True)
    t.columns = [header(c) for c in t.columns]
    for i in range(t.shape[1]):
        col = t.iloc[:, i]
        # pandas prints a missing value of a string or nullable-integer column as "<NA>" whatever
        # na_rep says; readers get an empty cell. (Float columns keep pandas' number formatting.)
        if col.isna().any() and not pd.api.types.is_float_dtype(col.dtype):
            t.isetitem(i, col.astype(object).where(col.notna(), ""))
    return t


def table_html(table: pd.DataFrame) -> str:
    """A DataFrame as an HTML table for people (escaped), or a sentence when it has no rows."""
    if len(table) == 0:
        return '<p class="empty-table"><em>No rows: nothing to show here.</em></p>'
    t = for_people(table)
    return _render(t, [c for c in t.columns if c in ("Status", "Verdict")])


def _render(t: pd.DataFrame, status: list[str]) -> str:
    """Render with verdict columns as badges: the other cells are escaped by pandas, badges built escaped here."""
    marker = {}
    if status:
        t = t.copy()
        for c in status:
            vals = []
            for v in t[c]:
                if isinstance(v, str) and v in palette.VERDICT_COLOURS:
                    key = f"\x00badge{len(marker)}\x00"
                    marker[key] = palette.badge(v)
                    vals.append(key)
                else:
                    vals.append(v)
            t[c] = vals
    out = t.to_html(index=False, escape=True, na_rep="", border=0, classes="dataframe people-table",
                    max_rows=pd.get_option("display.max_rows"))
    for key, badge in marker.items():
        out = out.replace(html.escape(key), badge).replace(key, badge)
    return out


def _format_dataframe(table: pd.DataFrame) -> str:
    return table_html(table)


def setup() -> Compendium:
    """Validate and load the data, set display options, and show DataFrames as tables for people.

    Returns
    -------
    Compendium
        The validated data package (raises, stopping the chapter, on any validation error).
    """
    from compendium.validate import load_valid

    for key, value in OPTIONS.items():
        pd.set_option(key, value)
    try:
        from IPython import get_ipython
    except ImportError:  # outside IPython (tests, scripts) there is no display to configure
        shell = None
    else:
        shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _format_dataframe)
    return load_valid()


def chapter_claims(data: Compendium, notebook: str | None = None) -> pd.DataFrame:
    """The registered claims a chapter checks (``notebook`` is its file name, e.g. ``culture.ipynb``); None: every claim."""
    c = data["claims"]
    return c if notebook is None else c[c["notebook"] == notebook]


def verdicts(data: Compendium, notebook: str | None = None) -> pd.DataFrame:
    """The chapter's claims counted by verdict, in the fixed verdict order (verdicts with no claim left out)."""
    c = chapter_claims(data, notebook)
    counts = c["status"].value_counts()
    rows = [(v, int(counts[v])) for v in palette.VERDICT_COLOURS if v in counts]
    return pd.DataFrame(rows, columns=["status", "claims"])


def unchecked(data: Compendium, notebook: str | None = None) -> pd.DataFrame:
    """The chapter's claims that no evidence can decide ("cannot be checked", "not found"), with the reason."""
    from compendium.verdicts import BASES, NO_EVIDENCE

    c = chapter_claims(data, notebook)
    c = c[c["status"].isin(NO_EVIDENCE)]
    return pd.DataFrame({
        "claim": c["claim_id"], "status": c["status"],
        "reason code": [BASES.get(b, "") if isinstance(b, str) else "" for b in c["basis"]],
        "why": c["reason"],
    }).reset_index(drop=True)


def glue_figure(name: str, fig) -> None:
    """Glue a matplotlib figure under ``name`` for a ``{glue:figure}`` directive (with its ``:alt:``), and close it."""
    import matplotlib.pyplot as plt
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)


def verdict_table(data: Compendium) -> pd.DataFrame:
    """Claims by verdict (rows, in the fixed verdict order) and document (columns), with a total column."""
    from compendium.claims import summary

    t = summary(data).T
    t.columns.name = None
    t["all documents"] = t.sum(axis=1)
    return t.rename_axis("status").reset_index()
