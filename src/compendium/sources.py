"""Source texts: reading them, fingerprinting them and finding their sections.

The full texts are not part of the repository (the article is under publisher
copyright). They are read from :func:`compendium.paths.sources_dir`; every check
that needs them says so when they are absent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from compendium.locators import normalise


def fingerprint(text: str) -> str:
    """SHA-256 (hex) of the normalised text, so reflowing the text keeps the fingerprint."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SectionSpan:
    """Where one section runs in the normalised text (``end`` exclusive)."""

    section_id: str
    heading: str
    start: int
    end: int


def read_text(folder: Path, text_file: str) -> str:
    """Read one source text as UTF-8."""
    return (folder / text_file).read_text(encoding="utf-8")


def section_spans(raw: str, sections: pd.DataFrame) -> tuple[list[SectionSpan], list[str]]:
    """Locate a source's sections in its raw text.

    A section starts on the first line, at or after the previous section's line,
    whose text (leading white space removed) starts with the section's marker; it
    runs to the start of the next section.

    Parameters
    ----------
    raw : str
        The source text as read from disk.
    sections : pandas.DataFrame
        That source's rows of the ``sections`` table.

    Returns
    -------
    tuple
        The spans found, in order, and the ``section_id`` of every section whose
        marker was not found.
    """
    lines = raw.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    starts, missing, line_no = [], [], 0
    for row in sections.sort_values("ordinal").itertuples():
        marker = normalise(row.marker)
        for i in range(line_no, len(lines)):
            if normalise(lines[i]).startswith(marker):
                starts.append((row.section_id, row.heading, offsets[i]))
                line_no = i + 1
                break
        else:
            missing.append(row.section_id)
    spans = []
    total = len(normalise(raw))
    for k, (sid, heading, raw_start) in enumerate(starts):
        start = _normalised_offset(raw, raw_start)
        end = _normalised_offset(raw, starts[k + 1][2]) if k + 1 < len(starts) else total
        spans.append(SectionSpan(sid, heading, start, end))
    return spans, missing


def _normalised_offset(raw: str, raw_offset: int) -> int:
    """Offset in the normalised text of the first character at or after ``raw_offset``."""
    head = normalise(raw[:raw_offset])
    return len(head) + 1 if head else 0


def section_at(spans: list[SectionSpan], offset: int) -> str | None:
    """The ``section_id`` of the span containing ``offset``, or None."""
    for span in spans:
        if span.start <= offset < span.end:
            return span.section_id
    return None


def normalised_texts(sources: pd.DataFrame, folder: Path | None) -> dict[str, str]:
    """Each readable source's normalised text, keyed by ``source_id`` (empty without a folder)."""
    out: dict[str, str] = {}
    if folder is None:
        return out
    for row in sources.itertuples():
        path = folder / str(row.text_file)
        if path.is_file():
            out[str(row.source_id)] = normalise(path.read_text(encoding="utf-8"))
    return out


def sections_between(data, source_id: str, after: str, before: str) -> pd.DataFrame:
    """The sections of one document strictly between two of its sections, in order.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    source_id : str
        The document.
    after, before : str
        Section ids; the sections returned have an ``ordinal`` above ``after``'s and below ``before``'s.

    Returns
    -------
    DataFrame
        Rows of ``sections``.
    """
    s = data["sections"]
    order = data.indexed("sections", "section_id")["ordinal"]
    return s[(s["source_id"] == source_id) & (s["ordinal"] > order[after]) & (s["ordinal"] < order[before])]
