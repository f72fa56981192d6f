"""Locators: where a piece of evidence sits in a source text.

This module is the one place where locator semantics are defined.

Normalised text
    A source text is compared only after normalisation: Unicode NFC, then every
    run of white space (spaces, tabs, line breaks, including the blank lines a PDF
    extraction leaves between wrapped lines) folded to one ASCII space, then
    leading and trailing white space removed. Quotes, dashes and apostrophes are
    *not* folded: ``’`` and ``'`` are different characters.

Offsets
    ``start`` and ``end`` count Unicode code points in the normalised text,
    origin 0, ``end`` exclusive, so ``normalised[start:end] == exact``. This is
    the W3C Web Annotation *TextPositionSelector* on the normalised text.

Quote selector
    ``exact`` is the quoted text itself (normalised); ``prefix`` and ``suffix``
    are up to :data:`CONTEXT` characters immediately before and after it (the W3C
    *TextQuoteSelector*), given only when ``exact`` occurs more than once in the
    text: a unique quote needs no context, and storing context for every anchor
    would put much of a short source's text into the repository. Offsets are a fast path; the quote is the truth. When
    the quote is no longer at its offsets (the text was re-extracted or
    reflowed), it is searched for, disambiguated by prefix and suffix, and the
    drift is reported instead of being trusted.

Section and paragraph
    ``section`` is the heading under which the passage stands, as the source
    prints it; it is checked against the source's headings (see
    :mod:`compendium.sources`). ``paragraph`` is the 1-based paragraph within
    that section as a reader counts it: a block quotation is a paragraph of its
    own, and text that resumes after it starts a new one. The plain-text
    extraction of the article keeps the printed line breaks but not paragraph
    breaks, so paragraphs were counted by reading (a sentence that begins
    mid-line continues its paragraph). It is a human aid and is not
    machine-checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: How many characters of context ``prefix`` and ``suffix`` hold at most.
CONTEXT = 32

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` in the normalised form that offsets count in.

    Parameters
    ----------
    text : str
        Any text, e.g. a whole source document or a quoted excerpt.

    Returns
    -------
    str
        NFC-normalised text with white space folded to single spaces and stripped.
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class Selector:
    """A text-position plus text-quote selector on a normalised text."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Resolution:
    """Where a selector's quote was found in a normalised text.

    ``status`` is one of ``"ok"`` (at its offsets), ``"drifted"`` (found
    once elsewhere: ``start``/``end`` say where), ``"ambiguous"`` (found more than
    once and prefix/suffix do not single one out), ``"missing"`` (not found).
    """

    status: str
    start: int | None = None
    end: int | None = None
    candidates: int = 0


def select(text: str, exact: str, occurrence: int = 0) -> Selector:
    """Build a selector for ``exact`` in ``text`` (both normalised first).

    Parameters
    ----------
    text : str
        The source text.
    exact : str
        The passage to locate.
    occurrence : int
        Which occurrence to take when the passage occurs more than once.

    Raises
    ------
    ValueError
        If the passage does not occur ``occurrence + 1`` times.
    """
    norm, quote = normalise(text), normalise(exact)
    starts = _occurrences(norm, quote)
    if len(starts) <= occurrence:
        raise ValueError(
            f"passage occurs {len(starts)} time(s), occurrence {occurrence} asked: {quote[:60]!r}"
        )
    start = starts[occurrence]
    end = start + len(quote)
    unique = len(starts) == 1
    return Selector(
        exact=quote,
        prefix="" if unique else norm[max(0, start - CONTEXT) : start],
        suffix="" if unique else norm[end : end + CONTEXT],
        start=start,
        end=end,
    )


def resolve(norm: str, sel: Selector) -> Resolution:
    """Find a selector's quote in an already normalised text.

    Parameters
    ----------
    norm : str
        Normalised source text (see :func:`normalise`).
    sel : Selector
        The selector to resolve.
    """
    quote = normalise(sel.exact)
    if quote and norm[sel.start : sel.end] == quote:
        return Resolution("ok", sel.start, sel.end, 1)
    starts = _occurrences(norm, quote) if quote else []
    if not starts:
        return Resolution("missing")
    if len(starts) > 1:
        fitting = [
            s
            for s in starts
            # prefix and suffix are slices of the normalised text: compare them as they are
            # (normalising them again would strip a boundary space).
            if norm[:s].endswith(sel.prefix) and norm[s + len(quote) :].startswith(sel.suffix)
        ]
        if len(fitting) != 1:
            return Resolution("ambiguous", candidates=len(starts))
        starts = fitting
    return Resolution("drifted", starts[0], starts[0] + len(quote), 1)


def _occurrences(norm: str, quote: str) -> list[int]:
    found, i = [], norm.find(quote)
    while i != -1 and quote:
        found.append(i)
        i = norm.find(quote, i + 1)
    return found
