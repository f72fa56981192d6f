"""Evidence as readers see it: attributed quotations and collapsible blocks, in escaped HTML.

Excerpt text is data, never markup: everything that comes from ``data/`` passes
through :func:`html.escape` before it reaches a page, so a quotation holding
``<`` or ``&`` shows those characters. The collapsible block uses the markup of a
sphinx-design dropdown (a native ``<details>`` element), whose stylesheet every
page of the book loads; it opens without JavaScript.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from compendium import palette
from compendium.package import Compendium

_e = html.escape


@dataclass(frozen=True)
class Quotation:
    """One piece of evidence with its attribution and its place in the source.

    Parameters
    ----------
    text : str
        The quoted words, verbatim.
    attribution : str
        Who says it, as the document attributes it (empty for the document's own words).
    place : str
        Where it sits: document, section and paragraph.
    ref : str
        The id of the excerpt (or, for the document's own words, the locator) in ``data/``.
    note : str
        Anything shown under the attribution (codes, the relation to a claim).
    """

    text: str
    attribution: str
    place: str
    ref: str
    note: str = ""

    def html(self) -> str:
        """The quotation as an escaped ``<blockquote>`` with an attribution footer."""
        who = f"{_e(self.attribution)}, " if self.attribution else ""
        note = f'<br><span class="quotation-note">{_e(self.note)}</span>' if self.note else ""
        return (
            f'<blockquote class="quotation" data-ref="{_e(self.ref)}">'
            f'<p class="quotation-text">{_e(self.text)}</p>'
            f'<footer class="quotation-source">— {who}{_e(self.place)} '
            f'<code class="quotation-ref">{_e(self.ref)}</code>{note}</footer></blockquote>'
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __str__(self) -> str:
        who = f"{self.attribution}, " if self.attribution else ""
        return f"‘{self.text}’\n  — {who}{self.place} [{self.ref}]" + (f"\n  {self.note}" if self.note else "")


class Quotations(list):
    """A list of :class:`Quotation` that displays as blockquotes (HTML) or plain text."""

    def _repr_html_(self) -> str:
        return "".join(q.html() for q in self) or "<p><em>No quotation.</em></p>"

    def __repr__(self) -> str:
        return "\n".join(str(q) for q in self) or "No quotation."


def dropdown(title: str, body_html: str, opened: bool = False) -> str:
    """A sphinx-design dropdown: ``title`` is escaped; ``body_html`` must already be safe HTML."""
    state = " open" if opened else ""
    return (
        f'<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-3 evidence-dropdown"{state}>'
        f'<summary class="sd-summary-title sd-card-header"><span class="sd-summary-text">{_e(title)}</span></summary>'
        f'<div class="sd-summary-content sd-card-body">{body_html}</div></details>'
    )


def place(data: Compendium, locator_id: str) -> str:
    """Where a locator sits, in words: "article, Findings, paragraph 4".

    Dict lookups built once per Compendium (:meth:`~compendium.package.Compendium.lookup`),
    so placing every quotation of a large theme costs no re-indexing. An unknown locator,
    or one whose source or section is unknown, raises ``KeyError``.
    """
    source = data.lookup("locators", "locator_id", "source_id")[locator_id]
    section = data.lookup("locators", "locator_id", "section_id")[locator_id]
    paragraph = data.lookup("locators", "locator_id", "paragraph")[locator_id]
    short = data.lookup("sources", "source_id", "short_name")[source]
    heading = data.lookup("sections", "section_id", "heading")[section]
    para = "" if pd.isna(paragraph) else f", paragraph {int(paragraph)}"
    return f"{short}, {heading}{para}"


def excerpt_quotations(data: Compendium, excerpt_ids: Iterable[str], notes: dict[str, str] | None = None) -> Quotations:
    """Participant excerpts as attributed quotations, in the order given."""
    text = data.lookup("excerpts", "excerpt_id", "text")
    who = data.lookup("excerpts", "excerpt_id", "attribution")
    where = data.lookup("excerpts", "excerpt_id", "locator_id")
    notes = notes or {}
    out = Quotations()
    for eid in excerpt_ids:
        out.append(Quotation(str(text[eid]), str(who[eid]), place(data, where[eid]), eid, notes.get(eid, "")))
    return out


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
    """The table as shown: a meaningful index becomes a column, headers readable, missing values empty.

    A named index becomes a column under its name. An unnamed index of labels (text, dates)
    also becomes a column, under an empty header, so no row loses its label. Only an unnamed
    index of integers, row positions, is dropped.
    """
    t = table.copy()
    named = any(n is not None for n in t.index.names)
    positions = t.index.nlevels == 1 and pd.api.types.is_integer_dtype(t.index.dtype)
    if named:
        t = t.reset_index()
    elif not positions:
        levels = t.index.nlevels
        t = t.reset_index(names=[f"\x00level{i}" for i in range(levels)])
        t.columns = [""] * levels + list(t.columns[levels:])
    elif not isinstance(t.index, pd.RangeIndex):
        t = t.reset_index(drop=True)
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
