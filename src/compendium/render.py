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
    """Where a locator sits, in words: "article, Findings, paragraph 4"."""
    loc = data["locators"].set_index("locator_id").loc[locator_id]
    short = data["sources"].set_index("source_id").at[loc["source_id"], "short_name"]
    heading = data["sections"].set_index("section_id").at[loc["section_id"], "heading"]
    para = "" if pd.isna(loc["paragraph"]) else f", paragraph {int(loc['paragraph'])}"
    return f"{short}, {heading}{para}"


def excerpt_quotations(data: Compendium, excerpt_ids: Iterable[str], notes: dict[str, str] | None = None) -> Quotations:
    """Participant excerpts as attributed quotations, in the order given."""
    ex = data["excerpts"].set_index("excerpt_id")
    notes = notes or {}
    out = Quotations()
    for eid in excerpt_ids:
        x = ex.loc[eid]
        out.append(Quotation(str(x["text"]), str(x["attribution"]), place(data, x["locator_id"]), eid, notes.get(eid, "")))
    return out
