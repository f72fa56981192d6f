"""Which unit a file's selection positions count in, and converting between units.

The REFI-QDA specification counts Unicode code points; NVivo for Windows counts UTF-16
code units, in which a character outside the Basic Multilingual Plane (an emoji, U+1F600)
counts two. The two agree on a text with no such character. On a text with one, the
unit is decided from the selections themselves (:func:`detect`):

1. the counting under which more selections fit the text wins (a position beyond the
   text, or in UTF-16 inside a surrogate pair, does not fit);
2. then the one under which more selections equal their ``name`` (tools that store the
   quoted text there);
3. then the one under which more selection boundaries fall on a word boundary
   (selections are made by people, who select words);
4. a tie keeps the specification's code points.

This is a heuristic: on a text with characters outside the Basic Multilingual Plane,
selections that neither carry their text nor follow word boundaries can be misread.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

#: The two units positions may count in: Unicode code points (the specification) or UTF-16 code units.
CODEPOINTS, UTF16 = "codepoints", "utf16"

_WORD = re.compile(r"\w")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _astral_positions(text: str) -> list[int]:
    """UTF-16 offsets at which an astral character starts."""
    out, unit = [], 0
    for ch in text:
        if ord(ch) > 0xFFFF:
            out.append(unit)
            unit += 2
        else:
            unit += 1
    return out


def utf16_to_codepoint(text: str, unit: int) -> int | None:
    """The code-point offset of UTF-16 offset ``unit`` in ``text``; None if it splits a pair or lies beyond."""
    if unit < 0 or unit > utf16_length(text):
        return None
    astral = _astral_positions(text)
    before = bisect_left(astral, unit)  # astral characters starting before this unit
    if before and astral[before - 1] + 1 == unit:
        return None  # inside a surrogate pair
    return unit - before


def codepoint_to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of code-point offset ``index``."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def _boundary(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return True
    return bool(_WORD.match(text[i - 1])) != bool(_WORD.match(text[i]))


def detect(text: str, spans: Sequence[tuple[int, int, str]]) -> tuple[str, str]:
    """Decide the unit of ``spans`` (start, end, name) on ``text``.

    Each counting is scored by how many selections fit it at all (inside the text, not
    splitting a surrogate pair), then how many equal their name, then how many of their
    boundaries fall on a word boundary; the higher score wins, a tie keeps code points.
    A selection that fits neither counting does not decide (the reader drops it).

    Returns
    -------
    tuple of (str, str)
        The unit (:data:`CODEPOINTS` or :data:`UTF16`) and the evidence, in words.
    """
    if not spans or utf16_length(text) == len(text):
        return CODEPOINTS, "the text has no character outside the Basic Multilingual Plane, so both countings agree"
    scores = {}
    for unit in (CODEPOINTS, UTF16):
        fits = matches = boundaries = 0
        for start, end, name in spans:
            if unit == UTF16:
                s, e = utf16_to_codepoint(text, start), utf16_to_codepoint(text, end)
            else:
                s, e = (start, end) if 0 <= start <= end <= len(text) else (None, None)
            if s is None or e is None or s > e:
                continue
            fits += 1
            matches += bool(name) and text[s:e] == name
            boundaries += _boundary(text, s) + _boundary(text, e)
        scores[unit] = (fits, matches, boundaries)
    cp, u16 = scores[CODEPOINTS], scores[UTF16]
    said = f"selections fitting, equal to their name, word boundaries met: {cp} in code points, {u16} in UTF-16 units"
    return (UTF16 if u16 > cp else CODEPOINTS), said
