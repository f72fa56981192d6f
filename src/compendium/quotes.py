"""Quoted spans of a source text, and whether the data account for each.

A span is text opened by a left single quotation mark and closed by the next
right single quotation mark that is not followed by a letter (so apostrophes
inside the span do not close it). Every span must be covered by a locator of an
excerpt (a participant quotation) or of an ``other_quotes`` row (a scare quote,
a cited author, a term): :func:`unaccounted` lists those that are not.
"""

from __future__ import annotations

import re

import pandas as pd

from compendium.package import Compendium

_SPAN = re.compile(r"‘(.+?)’(?![A-Za-z])")


def spans(norm: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of every quoted span of a normalised text (inside the marks)."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _SPAN.finditer(norm)]


def coverage(data: Compendium, source_id: str, norm: str) -> pd.DataFrame:
    """Each quoted span with what accounts for it: ``excerpt``, ``other`` or empty.

    A locator accounts for a span when it overlaps it.
    """
    loc = data["locators"].set_index("locator_id")
    marks = []
    for table, kind in (("excerpts", "excerpt"), ("other_quotes", "other")):
        t = data[table]
        for lid in t.loc[t["source_id"] == source_id, "locator_id"]:
            marks.append((int(loc.at[lid, "start"]), int(loc.at[lid, "end"]), kind, lid))
    rows = []
    for start, end, text in spans(norm):
        hit = [m for m in marks if m[0] < end and start < m[1]]
        kinds = sorted({m[2] for m in hit})
        rows.append({"start": start, "end": end, "text": text, "accounted_by": "+".join(kinds), "locators": ", ".join(m[3] for m in hit)})
    return pd.DataFrame(rows, columns=["start", "end", "text", "accounted_by", "locators"])


def unaccounted(data: Compendium, source_id: str, norm: str) -> pd.DataFrame:
    """Quoted spans no excerpt or other-quote locator covers."""
    c = coverage(data, source_id, norm)
    return c[c["accounted_by"] == ""]
