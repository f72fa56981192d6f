"""Copyright budget: how much of each source text the data package holds.

The data package quotes its sources (locators' quoted passages with their context,
participant excerpts, statements) but must never hold more than a set share of any
source. The share is measured with word shingles, so it counts text held anywhere in
``data/``, however it is split across rows or re-spaced:

* a text becomes the set of its 8-word shingles, taken over lowercase words with
  punctuation stripped, after :func:`compendium.locators.normalise`;
* every string cell of every CSV in ``data/`` is shingled on its own (no shingle
  spans two cells);
* share = |shingles of the source that also occur in data| / |shingles of the source|.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from compendium.locators import normalise
from compendium.paths import data_dir, sources_dir

#: Words per shingle.
SHINGLE = 8
#: Highest share of any one source's shingles that ``data/`` may hold.
BUDGET = 0.35

_PUNCT = re.compile(r"[^\w\s]|_")


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """The set of ``n``-word shingles of ``text``.

    The text is normalised (:func:`~compendium.locators.normalise`), lowercased and
    stripped of punctuation (every character that is neither a letter, a digit nor
    white space is dropped, so ``don’t`` and ``dont`` agree), then split into words.
    A text of fewer than ``n`` words has no shingles.
    """
    words = _PUNCT.sub("", normalise(text).lower()).split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def data_shingles(folder: Path) -> set[tuple[str, ...]]:
    """The union of the shingles of every cell of every CSV under ``folder``, each cell on its own."""
    found: set[tuple[str, ...]] = set()
    for path in sorted(folder.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    found |= shingles(cell)
    return found


def source_shares(folder: Path, texts: Path) -> dict[str, float]:
    """Share of each source's shingles (``sources.csv``, column ``text_file``) found in ``folder``'s CSVs."""
    held = data_shingles(folder)
    shares = {}
    with (folder / "sources.csv").open(encoding="utf-8-sig", newline="") as handle:
        for src in csv.DictReader(handle):
            own = shingles((texts / src["text_file"]).read_text(encoding="utf-8"))
            shares[src["source_id"]] = len(own & held) / len(own) if own else 0.0
    return shares


def test_each_source_share_stays_under_budget(record_property, capsys):
    """No source has BUDGET or more of its shingles anywhere in data/ (the shares are printed and recorded)."""
    texts = sources_dir()
    if texts is None:
        pytest.skip("source texts not available (set COMPENDIUM_SOURCES or place ../shared/seeds "
                    "beside the repository): the share of each source held in data/ cannot be measured")
    shares = source_shares(data_dir(), texts)
    assert shares, "sources.csv lists no source"
    for source_id, share in sorted(shares.items()):
        record_property(f"share_{source_id}", round(share, 4))
        with capsys.disabled():
            print(f"\nshare of source {source_id} held in data/: {share:.1%} "
                  f"({SHINGLE}-word shingles, budget {BUDGET:.0%})")
    over = {s: f"{v:.1%}" for s, v in shares.items() if v >= BUDGET}
    assert not over, f"data/ holds too much of these sources (budget {BUDGET:.0%}): {over}"


SOURCE = """Partnership working between the police and other agencies was once
treated with scepticism. Officers called the meetings talking shops and wanted action.
Today, our respondents told us, the police no longer do things on their own: they ring
a named contact at the council, plan projects together and share what they know.
Trust, built over years between named people, is what makes the difference, and
commitment is shown by turning up, taking part and offering resources."""


def _package(folder: Path, rows: list[list[str]]) -> Path:
    folder.mkdir()
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["source_id", "text_file"], ["900", "900_synthetic.txt"]])
    with (folder / "quotes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["quote_id", "text"], *rows])
    return folder


def test_a_source_pasted_into_a_csv_breaks_the_budget(tmp_path):
    """The measure catches a whole source in one cell, re-spaced and re-cased, but not short quotes."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "900_synthetic.txt").write_text(SOURCE, encoding="utf-8")

    pasted = " ".join(SOURCE.upper().split())  # reflowed and upper-cased: still the same words
    full = _package(tmp_path / "full", [["Q-1", "talking shops"], ["Q-2", pasted]])
    assert source_shares(full, texts)["900"] == pytest.approx(1.0)
    assert source_shares(full, texts)["900"] >= BUDGET

    quotes = _package(tmp_path / "quotes", [["Q-1", "Officers called the meetings talking shops and wanted action."],
                                            ["Q-2", "the police no longer do things on their own"]])
    assert 0 < source_shares(quotes, texts)["900"] < BUDGET


def test_shingles_ignore_case_spacing_and_punctuation_but_not_cell_boundaries():
    assert shingles("One two three four five six seven") == set(), "fewer than eight words: no shingle"
    assert shingles("It’s  ONE,\ntwo three-four five six seven.") == shingles("its one two threefour five six seven")
    text = "a b c d e f g h i j"
    assert len(shingles(text)) == 3
    assert shingles("a b c d e") | shingles("f g h i j") == set(), "cells are shingled one by one"
