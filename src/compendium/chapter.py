"""One setup call for every chapter, and the tables and sections every chapter shares.

A chapter's first code cell is ``data = chapter.setup()``: it validates and loads the
data package (stopping the build on any problem), sets the display options, and makes
every DataFrame display as a table for people: no index column, readable headers, an
empty cell (never pandas' NA marker) for a missing value, and a sentence instead of an empty table.
The closing sections of the skeleton (*What could not be checked*, *Summary*) call
:func:`unchecked` and :func:`verdicts`, so every chapter reports them the same way.
"""

from __future__ import annotations

import pandas as pd

from compendium import palette
from compendium.package import Compendium
from compendium.render import HEADERS, for_people, header, table_html  # noqa: F401 (re-exported for chapters)

#: Display options every chapter shares (long text is shown whole; long tables up to this many rows).
OPTIONS = {"display.max_colwidth": None, "display.max_rows": 400, "display.width": 120}

#: The label of the verdict glossary on the landing page (``book/intro.ipynb``).
GLOSSARY_LABEL = "verdict-glossary"

#: The line every chapter's *Summary* ends with, so each page links to the verdict glossary.
#: It is a ``{ref}`` role, so a moved or renamed glossary breaks the build rather than the link;
#: ``tests/test_book.py`` checks that each chapter's Summary carries it word for word.
GLOSSARY_LINK = ("What each verdict means, and how it is reached: the "
                 f"{{ref}}`glossary of verdicts <{GLOSSARY_LABEL}>` on the landing page.")

def _format_dataframe(table: pd.DataFrame) -> str:
    return table_html(table)


def setup(load: bool = True) -> Compendium | None:
    """Validate and load the data, set display options, and show DataFrames as tables for people.

    Parameters
    ----------
    load : bool
        False for a chapter that does not use this compendium's data (the tutorial, which
        works on its own synthetic project): only the display is set up.

    Returns
    -------
    Compendium or None
        The validated data package (raises, stopping the chapter, on any validation error);
        None when ``load`` is False.
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
    return load_valid() if load else None


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


def glue_table(name: str, table: pd.DataFrame) -> None:
    """Glue a table under ``name`` for a numbered, captioned ``{glue:figure}`` (``:figclass: compendium-table``).

    The table is formatted for people (as every DataFrame of a chapter is) and shown where the
    directive stands, numbered in the sequence of tables, so prose can cite it with
    ``{numref}`` (see :mod:`compendium.sphinxext`).
    """
    from IPython.display import HTML
    from myst_nb import glue

    # The theme's scroll container: a wide table scrolls within the page, and the theme makes the
    # container keyboard-focusable whenever it scrolls (axe: scrollable-region-focusable).
    glue(name, HTML(f'<div class="pst-scrollable-table-container">{table_html(table)}</div>'), display=False)


def verdict_table(data: Compendium) -> pd.DataFrame:
    """Claims by verdict (rows, in the fixed verdict order) and document (columns), with a total column."""
    from compendium.claims import summary

    t = summary(data).T
    t.columns.name = None
    t["all documents"] = t.sum(axis=1)
    return t.rename_axis("status").reset_index()
