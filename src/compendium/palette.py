"""One visual language for verdicts: a fixed, colour-blind-safe colour per verdict.

Every figure, badge and table takes its verdict colours from here, so a verdict looks
the same on every page. The colours are the Okabe–Ito palette (Okabe and Ito 2008,
*Color Universal Design*), distinguishable under the common colour-vision deficiencies;
"cannot be checked" is a neutral grey because it is an absence of evidence, not a finding.
Colour is never the only cue: badges carry the verdict in words and bars are labelled.

This module sits above :mod:`compendium.verdicts` (it only reads the list of verdicts)
and below every view.
"""

from __future__ import annotations

import html

from compendium.verdicts import VERDICTS

#: The Okabe–Ito colours by name.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7",
}

#: Fill colour of each verdict (strongest support first, as in :data:`compendium.verdicts.VERDICTS`).
VERDICT_COLOURS = {
    "supported": OKABE_ITO["bluish green"],
    "partly supported": OKABE_ITO["sky blue"],
    "broader than the evidence": OKABE_ITO["yellow"],
    "contested": OKABE_ITO["orange"],
    "in tension": OKABE_ITO["reddish purple"],
    "contradicted": OKABE_ITO["vermillion"],
    "not found": OKABE_ITO["blue"],
    "cannot be checked": "#BBBBBB",
}

#: Text colour on each fill with a contrast ratio of at least 4.5:1 (WCAG AA).
VERDICT_TEXT = {v: ("#FFFFFF" if v == "not found" else "#000000") for v in VERDICT_COLOURS}

assert tuple(VERDICT_COLOURS) == tuple(VERDICTS), "every verdict needs exactly one colour"  # guard: a new verdict must be given a colour


def slug(verdict: str) -> str:
    """The CSS class suffix of a verdict: "partly supported" -> "partly-supported"."""
    return verdict.replace(" ", "-")


def colour(verdict: str) -> str:
    """The fill colour of a verdict (KeyError for an unknown verdict)."""
    return VERDICT_COLOURS[verdict]


def badge(verdict: str, link: str | None = "intro.html#term-") -> str:
    """The verdict as an HTML badge (escaped), linked to its entry in the glossary on the landing page.

    ``link`` is the glossary address before the term's slug; None gives a badge without a link.
    """
    e = html.escape
    inner = f'<span class="verdict-badge verdict-{e(slug(verdict))}">{e(verdict)}</span>'
    if link is None:
        return inner
    return f'<a class="verdict-link" href="{e(link + slug(verdict))}" title="What “{e(verdict)}” means">{inner}</a>'


def css() -> str:
    """The stylesheet of the verdict badges, generated from :data:`VERDICT_COLOURS` (light and dark mode alike)."""
    rules = [
        ".verdict-badge { display: inline-block; padding: 0.05em 0.5em; border-radius: 0.8em; font-weight: 600;"
        " font-style: normal; white-space: nowrap; line-height: 1.5; border: 1px solid rgba(0,0,0,0.35); }",
        "a.verdict-link { text-decoration: none; }",
    ]
    for v in VERDICTS:
        rules.append(f".verdict-{slug(v)}.verdict-badge {{ background: {VERDICT_COLOURS[v]}; color: {VERDICT_TEXT[v]}; }}")
        rules.append(f".claim-check.verdict-{slug(v)} {{ border-left: 0.5em solid {VERDICT_COLOURS[v]}; }}")
    return "\n".join(rules) + "\n"
