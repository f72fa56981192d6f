"""The sentence ledger: every sentence of both documents, and the claims it holds or why none.

The ledger (``data/sentences.csv``) stores each sentence as offsets into the
normalised source text (:func:`compendium.locators.normalise`) and a short hash of
its text, never the text itself. A sentence holds one or more claims (the
``claim_ids`` column) or gives one reason, from the closed list :data:`REASONS`,
why it holds none. The list holds only non-substantive reasons, so "every
substantive sentence holds a claim" is a property the data must have, not a
judgement made when the book is built.

The rules (:func:`sentence_hash`, :func:`tiling_gaps`) are pure: they take text and
plain values and return problems as data. The table functions at the end shape the
ledger for the chapter that shows it; they render nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from compendium.locators import normalise
from compendium.package import Compendium

#: Why a sentence holds no claim (a closed list of non-substantive reasons).
REASONS = {
    "heading": "a title or section heading",
    "front-matter": "title page, authors, affiliations, the publisher's own description",
    "signposting": "announces structure, scope, questions or what follows, or names a project, without asserting a finding",
    "quotation": "a participant's quoted words or an interview attribution: evidence for claims, not the authors' assertion",
    "acknowledgement": "funding, award numbers, thanks",
}

#: Hex digits of SHA-256 kept as a sentence's hash (enough to tell any two sentences apart).
HASH_CHARS = 12


def sentence_hash(text: str) -> str:
    """The short hash of a sentence: the first :data:`HASH_CHARS` hex digits of SHA-256 of its normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:HASH_CHARS]


@dataclass(frozen=True)
class Gap:
    """A problem with how the ledger's spans cover a text: ``index`` is the position in ``spans`` (None: the end)."""

    index: int | None
    message: str


def tiling_gaps(norm: str, spans: Sequence[tuple[int, int]]) -> list[Gap]:
    """Check that ``spans`` (in order) cover every character of ``norm`` exactly once.

    Between two consecutive spans only a single space may be left out; a span may not
    be empty, start or end with a space, or run past the text.

    Parameters
    ----------
    norm : str
        The normalised source text.
    spans : sequence of (start, end)
        The ledger's sentences, in order (``end`` exclusive).
    """
    gaps: list[Gap] = []
    previous = 0
    for i, (start, end) in enumerate(spans):
        if end <= start:
            gaps.append(Gap(i, f"sentence runs from {start} to {end}: it is empty or reversed"))
            continue
        if end > len(norm):
            gaps.append(Gap(i, f"sentence ends at {end}, past the end of the text ({len(norm)} characters)"))
            continue
        between = norm[previous:start] if start >= previous else None
        if between is None:
            gaps.append(Gap(i, f"sentence starts at {start}, inside the previous sentence (which ends at {previous})"))
        elif between.strip():
            gaps.append(Gap(i, f"characters {previous}-{start} belong to no sentence: {cue(between)!r}"))
        if norm[start].isspace() or norm[end - 1].isspace():
            gaps.append(Gap(i, f"sentence {start}-{end} starts or ends with a space: its offsets are off"))
        previous = max(previous, end)
    if norm[previous:].strip():
        gaps.append(Gap(None, f"characters {previous}-{len(norm)} at the end belong to no sentence: {cue(norm[previous:])!r}"))
    return gaps


def cue(text: str, words: int = 5) -> str:
    """The first ``words`` words of a sentence and an ellipsis: a reader's cue, not a quotation."""
    head = normalise(text).split()
    return " ".join(head[:words]) + (" …" if len(head) > words else "")


def split_ids(value: object) -> list[str]:
    """The claim ids of a ``claim_ids`` cell (``;``-separated; empty or missing: none)."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


#: Label of the sentences that hold a claim, beside the reasons, in the coverage table.
HOLDS = "holds a claim"


def table(data: Compendium, added: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """The ledger with its section's heading, whether it holds a claim, and whether it held one before the ledger.

    ``added`` are the claims the ledger added: a sentence "held one before" when it
    holds a claim outside ``added``.
    """
    sent = data["sentences"].copy()
    ids = sent["claim_ids"].map(split_ids)
    sent["claims"] = ids.map(len)
    sent["status"] = sent["reason"].where(sent["claims"] == 0, HOLDS)
    sent["held before"] = ids.map(lambda xs: any(x not in added for x in xs))
    sections = data["sections"][["section_id", "ordinal", "heading"]]
    return sent.merge(sections, on="section_id", how="left")


def coverage(t: pd.DataFrame) -> pd.DataFrame:
    """Sentences by document and section: how many hold a claim, and how many hold none for each reason."""
    order = [HOLDS, *REASONS]
    t = t.rename(columns={"source_id": "document", "heading": "section"})
    counts = t.groupby(["document", "ordinal", "section", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[c for c in order if c in counts.columns], fill_value=0)
    counts.columns.name = None
    counts["sentences"] = counts.sum(axis=1)
    return counts.reset_index().drop(columns="ordinal")


def before_after(t: pd.DataFrame) -> pd.DataFrame:
    """Per document: sentences, substantive sentences, and the share of substantive ones holding a claim before and after the ledger."""
    rows = []
    for src, g in t.groupby("source_id"):
        substantive = g[g["claims"] > 0]
        rows.append({
            "document": src, "sentences": len(g), "accounted for": int((g["claims"] > 0).sum() + g["reason"].notna().sum()),
            "substantive": len(substantive), "holding a claim before": int(substantive["held before"].sum()),
            "holding a claim now": len(substantive),
        })
    out = pd.DataFrame(rows)
    out["share before"] = (out["holding a claim before"] / out["substantive"]).round(2)
    out["share now"] = (out["holding a claim now"] / out["substantive"]).round(2)
    return out


def without_claim(t: pd.DataFrame, norms: dict[str, str]) -> pd.DataFrame:
    """Every sentence that holds no claim, with its section, offsets, hash, reason and the first few words as a cue.

    ``norms`` maps a document to its normalised text; a document missing from it gets no cue.
    """
    rows = t[t["claims"] == 0].sort_values(["source_id", "sentence"])
    cues = [cue(norms[s][a:b]) if s in norms else "" for s, a, b in zip(rows["source_id"], rows["start"], rows["end"])]
    return pd.DataFrame({
        "document": rows["source_id"].to_numpy(), "sentence": rows["sentence"].to_numpy(), "section": rows["heading"].to_numpy(),
        "offsets": [f"{a}-{b}" for a, b in zip(rows["start"], rows["end"])], "hash": rows["sha"].to_numpy(),
        "begins": cues, "reason": rows["reason"].to_numpy(),
    })


def figures(t: pd.DataFrame) -> dict[str, float | int]:
    """The ledger's headline figures: ``accounted`` (share of all sentences accounted for),
    ``holding`` (sentences holding a claim) and ``none`` (sentences holding none), from a :func:`table`."""
    ba = before_after(t)
    return {
        "accounted": ba["accounted for"].sum() / ba["sentences"].sum(),
        "holding": int((t["claims"] > 0).sum()),
        "none": int((t["claims"] == 0).sum()),
    }


def per_document(t: pd.DataFrame) -> dict[str, dict]:
    """:func:`before_after` as a dict: document id to its row (``share before``, ``share now``, ``sentences``, ...)."""
    return {row["document"]: row for row in before_after(t).to_dict("records")}


def added_by_status(data: Compendium, added: set[str] | frozenset[str]) -> pd.DataFrame:
    """The claims the ledger added, counted by document (rows) and verdict (columns)."""
    c = data["claims"][data["claims"]["claim_id"].isin(added)]
    return c.groupby(["source_id", "status"]).size().unstack(fill_value=0).rename_axis(index="document", columns="verdict")


def named(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The table with each document id (a ``document`` column or index) replaced by its short name, for readers.

    ``names`` maps a source id to its short name (``data.lookup("sources", "source_id", "short_name")``);
    an id missing from it is kept as it is.
    """
    t = table.copy()
    if "document" in t.columns:
        t["document"] = t["document"].map(lambda d: names.get(d, d))
    if t.index.name == "document":
        t.index = t.index.map(lambda d: names.get(d, d))
    return t
