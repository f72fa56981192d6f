"""Excerpts and claim–evidence links as W3C Web Annotations (JSON-LD).

Every excerpt becomes an annotation that classifies a passage with its codes; every row
of ``claim_evidence`` that points at a passage (an ``excerpt_id`` or a ``locator_id``)
becomes an annotation whose body is the claim and the relation (``supports``,
``narrower``, ``qualifies``, ``tension``…). The target is a ``SpecificResource``: the
source, with a ``TextQuoteSelector`` (``exact``, ``prefix``, ``suffix``) and a
``TextPositionSelector`` (``start``, ``end``).

What the selectors count in
    Positions count code points in the source's *normalised* text, as locators do (see
    :mod:`compendium.locators`); the source is named ``urn:uuid:<GUID>``, the GUID its
    REFI-QDA export uses, and described as that normalised text.

Prefix and suffix
    As in the locators, context is given only where it is needed, so that annotations
    hold as little of a source as they can: a quote that occurs once in its source has
    none; any other gets :data:`CONTEXT` characters each side, doubled until the quote
    with its context occurs exactly once (:func:`quote_selector`). So a client can anchor
    every annotation without the offsets. This needs the source texts; without them the
    locator's stored context is used (the same rule, but not re-checked).

Annotations hold short quotes (the excerpts and their context), as the data package does;
nothing is written unless a caller asks for a file (:func:`write`).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pandas as pd

from compendium.ids import NAMESPACE, guid
from compendium.locators import normalise
from compendium.package import Compendium, write_atomic

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
#: Characters of context to start from (doubled while the quote is not unique).
CONTEXT = 32


def _s(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def quote_selector(norm: str, start: int, end: int, context: int = CONTEXT) -> dict:
    """A ``TextQuoteSelector`` for ``norm[start:end]`` with the least context that singles it out.

    No context when the quote occurs once; else ``context`` characters each side,
    doubled until the quote with its context occurs exactly once.

    Raises
    ------
    ValueError
        If ``start``/``end`` do not fit ``norm``.
    """
    if not 0 <= start <= end <= len(norm):
        raise ValueError(f"positions {start}-{end} do not fit a text of {len(norm)} characters")
    exact = norm[start:end]
    if len(matches(norm, exact)) == 1:
        return {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""}
    n = context
    while True:
        prefix, suffix = norm[max(0, start - n) : start], norm[end : end + n]
        if len(matches(norm, exact, prefix, suffix)) == 1 or (start - n <= 0 and end + n >= len(norm)):
            return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        n *= 2


def matches(norm: str, exact: str, prefix: str = "", suffix: str = "") -> list[int]:
    """Every start offset at which ``exact`` occurs in ``norm`` between ``prefix`` and ``suffix``."""
    out, i = [], norm.find(exact)
    while i != -1:
        if norm[:i].endswith(prefix) and norm[i + len(exact) :].startswith(suffix):
            out.append(i)
        i = norm.find(exact, i + 1)
    return out


def _uuid(table: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{table}:{key}"))


def _body(value: str, purpose: str, **extra) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain", **extra}


def collection(data: Compendium, texts: Path | None = None) -> dict:
    """Every excerpt and every passage-level claim–evidence link as one ``AnnotationCollection``.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    texts : Path, optional
        The folder of source texts; with it, prefix and suffix are computed to make each
        quote unique (see the module docstring).
    """
    loc = data["locators"].set_index("locator_id")
    sources = data["sources"].set_index("source_id")
    norms: dict[str, str] = {}
    if texts is not None:
        for sid, row in sources.iterrows():
            path = Path(texts) / _s(row["text_file"])
            if path.is_file():
                norms[sid] = normalise(path.read_text(encoding="utf-8"))

    def target(lid: str) -> dict:
        row = loc.loc[lid]
        sid, start, end = _s(row["source_id"]), int(row["start"]), int(row["end"])
        if sid in norms:
            quote = quote_selector(norms[sid], start, end)
        else:
            quote = {"type": "TextQuoteSelector", "exact": _s(row["exact"]), "prefix": _s(row["prefix"]), "suffix": _s(row["suffix"])}
        src = sources.loc[sid]
        return {
            "type": "SpecificResource",
            "source": {"id": f"urn:uuid:{guid('sources', sid)}", "type": "Text", "format": "text/plain",
                       "title": _s(src["title"]), "description": f"normalised text of source {sid} (NFC, white space folded)"},
            "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": end}],
        }

    codes = data["codes"].set_index("code_id")["name"]
    coded = data["codings"].groupby("excerpt_id")["code_id"].agg(list)
    items = []
    for e in data["excerpts"].itertuples():
        bodies = [_body(_s(codes.get(c, c)), "classifying", id=f"urn:uuid:{guid('codes', c)}") for c in coded.get(e.excerpt_id, [])]
        if _s(e.attribution):
            bodies.append(_body(_s(e.attribution), "describing"))
        items.append({"id": f"urn:uuid:{guid('excerpts', e.excerpt_id)}", "type": "Annotation", "motivation": "classifying",
                      "label": e.excerpt_id, "body": bodies, "target": target(e.locator_id)})
    claims = data["claims"].set_index("claim_id")
    excerpt_locator = data["excerpts"].set_index("excerpt_id")["locator_id"]
    for i, r in enumerate(data["claim_evidence"].itertuples()):
        lid = excerpt_locator.get(r.excerpt_id) if _s(r.excerpt_id) else _s(r.locator_id)
        if not lid or lid not in loc.index or r.claim_id not in claims.index:
            continue
        bodies = [_body(_s(claims.at[r.claim_id, "claim"]), "describing", id=f"urn:uuid:{_uuid('claims', r.claim_id)}", label=r.claim_id),
                  _body(_s(r.relation), "assessing")]
        if _s(r.note):
            bodies.append(_body(_s(r.note), "commenting"))
        items.append({"id": f"urn:uuid:{_uuid('claim_evidence', f'{r.claim_id}|{_s(r.excerpt_id)}|{_s(r.locator_id)}|{i}')}",
                      "type": "Annotation", "motivation": "assessing", "label": f"{r.claim_id} {_s(r.relation)} {_s(r.excerpt_id) or lid}",
                      "body": bodies, "target": target(lid)})
    return {"@context": CONTEXT_URL, "type": "AnnotationCollection", "label": "Excerpts and claim evidence",
            "total": len(items), "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}


def write(path: Path | str, annotations: dict) -> Path:
    """Write an annotation collection as JSON-LD (UTF-8), atomically."""
    path = Path(path)
    write_atomic(path, json.dumps(annotations, ensure_ascii=False, indent=1) + "\n")
    return path
