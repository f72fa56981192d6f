"""Every validation check can fire: one mutation of a copy of the data per error code.

Each case copies ``data/`` to a temporary folder, changes one cell (or a few) with
the :mod:`csv` module, validates the copy and looks for the issue by its code,
file, row (CSV line, header = line 1) and field. The real ``data/`` is never
written; a module fixture checks that it is byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compendium import errors, paths, validate
from compendium.package import Compendium

ROOT = paths.project_root()
DATA = paths.data_dir()
BOOK = paths.book_dir()

NO_SOURCES = "source texts not available: set COMPENDIUM_SOURCES or provide ../shared/seeds"


# --------------------------------------------------------------------------- helpers


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, keyed by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def set_cell(folder: Path, file: str, line: int, column: str, value) -> None:
    """Set one cell of ``folder/file``; ``line`` is the CSV line (header = 1).

    ``value`` is the new text, or a function of the old text.
    """
    path = folder / file
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index(column)
    old = rows[line - 1][col]
    rows[line - 1][col] = value(old) if callable(value) else value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def tagged_book(folder: Path, tags: dict[int, list[str]]) -> Path:
    """A copy of the book's notebooks in which some cells of ``samples.ipynb`` have their tags replaced.

    A key of ``tags`` counts the code cells of ``samples.ipynb`` that check no claim (0 is the
    first), so inserting a cell anywhere in the chapter does not move the test onto another cell.
    """
    folder.mkdir()
    for nb in BOOK.glob("*.ipynb"):
        shutil.copy(nb, folder / nb.name)
    notebook = json.loads((BOOK / "samples.ipynb").read_text(encoding="utf-8"))
    unclaimed = [c for c in notebook["cells"] if c["cell_type"] == "code"
                 and not any(t.startswith("claim:") for t in c.get("metadata", {}).get("tags", []))]
    for index, cell_tags in tags.items():
        unclaimed[index].setdefault("metadata", {})["tags"] = cell_tags
    (folder / "samples.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return folder


def real_row(file: str, line: int) -> dict:
    """One row of the real data (``line`` as in the CSV, header = 1), to build edits from."""
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[line - 2]


def first_line(file: str, column: str, values) -> int:
    """The CSV line of the first real row whose ``column`` is in ``values``."""
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row[column] in values:
                return line
    raise LookupError(f"no row of {file} has {column} in {values!r}")


def _lines(file: str, column: str) -> dict[str, int]:
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        return {row[column]: line for line, row in enumerate(csv.DictReader(handle), start=2)}


#: CSV line of each claim in claims.csv and of each claim's row in assessments.csv.
def _rows(file: str) -> list[dict]:
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _ledger_lines() -> dict[str, int]:
    """CSV lines of sentences chosen for the ledger cases (found from the data, not typed)."""
    rows = _rows("sentences.csv")
    held: dict[str, list[int]] = {}
    for line, r in enumerate(rows, start=2):
        for cid in filter(None, r["claim_ids"].split(";")):
            held.setdefault(cid, []).append(line)
    out = {"reason": next(i for i, r in enumerate(rows, start=2) if r["reason"] and r["reason"] != "heading"),
           "review-claims": next(i for i, r in enumerate(rows, start=2) if r["source_id"] == "000" and r["claim_ids"])}
    # a sentence holding two claims, one of which no other sentence holds
    for cid, lines in held.items():
        line = lines[0]
        if len(lines) == 1 and len(rows[line - 2]["claim_ids"].split(";")) > 1:
            out["sole"], out["sole-claim"] = line, cid
            break
    # a claim held by two sentences: drop it from the one its passage stands in
    locs = {r["locator_id"]: r for r in _rows("locators.csv")}
    claims = {r["claim_id"]: r for r in _rows("claims.csv")}
    for cid, lines in held.items():
        start = int(locs[claims[cid]["locator_id"]]["start"])
        own = [ln for ln in lines if int(rows[ln - 2]["start"]) <= start < int(rows[ln - 2]["end"])]
        if len(lines) > 1 and own and len(rows[own[0] - 2]["claim_ids"].split(";")) > 1:
            out["twice"], out["twice-claim"] = own[0], cid
            break
    return out


def _agreement_lines() -> dict[str, int]:
    """CSV lines of second codings and adjudications chosen for the agreement cases."""
    second = _rows("second_coding.csv")
    adj = _rows("adjudications.csv")
    adjudicated = {r["claim_id"] for r in adj}
    return {
        "agreed": next(i for i, r in enumerate(second, start=2) if r["claim_id"] not in adjudicated and r["verdict"] == "supported"),
        "kept": next(i for i, r in enumerate(adj, start=2) if r["field"] == "verdict" and r["decision"] == "first"),
        "history-old": 2,
    }


LEDGER = _ledger_lines()
AGREE = _agreement_lines()


CLAIM_LINE = _lines("claims.csv", "claim_id")
ASSESSED_LINE = _lines("assessments.csv", "claim_id")


def _evidenced() -> set[str]:
    with (DATA / "claim_evidence.csv").open(newline="", encoding="utf-8") as handle:
        return {row["claim_id"] for row in csv.DictReader(handle)}


def shift(by: int):
    """A cell edit adding ``by`` to an integer cell."""
    return lambda old: str(int(old) + by)


def where(issue: errors.Issue) -> tuple:
    """The (code, file, row, field) of an issue."""
    return (issue.code, issue.file, issue.row, issue.field)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", autouse=True)
def real_data_untouched():
    """Fail if anything in this module wrote to the real data/."""
    before = tree_hashes(DATA)
    yield
    assert tree_hashes(DATA) == before, "tests wrote to data/"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the data package that a test may mutate."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


# --------------------------------------------------------------------------- clean data


def test_real_data_validates_clean(seeds):
    """The committed data, checked against the real source texts, has no issue at all."""
    report = validate.validate(sources=seeds)
    assert report.errors == [], "\n".join(map(str, report.errors))
    assert report.notes == []
    assert report.valid


def test_copy_helper_round_trips(data_copy):
    """Rewriting a CSV unchanged through set_cell leaves it byte-identical (mutations are clean)."""
    before = tree_hashes(data_copy)
    for path in sorted(data_copy.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        with path.open(newline="", encoding="utf-8") as handle:
            has_rows = len(list(csv.reader(handle))) > 1
        if has_rows:
            set_cell(data_copy, path.name, 2, header[0], lambda old: old)
    assert tree_hashes(data_copy) == before


# --------------------------------------------------------------------------- every error code


def case(name, edits, expect, also=(), needs_sources=False, tags=None):
    """One mutation and the issue it must raise.

    Parameters
    ----------
    name : str
        Test id.
    edits : list of (file, line, column, value)
        Cells to change in the copy of the data.
    expect : (code, file, row, field)
        The issue that must be reported, with severity "error".
    also : iterable of str
        Other error codes the mutation necessarily raises too.
    needs_sources : bool
        Whether the check reads the full source texts.
    tags : dict, optional
        Cell index -> claim tags, for a book holding an edited ``samples.ipynb``.
    """
    return pytest.param(edits, expect, frozenset(also), needs_sources, tags, id=name)


CASES = [
    # Frictionless: foreign keys, types, constraints, primary keys.
    case("foreign-key", [("speakers.csv", 2, "project_id", "ZZ")],
         ("foreign-key", "speakers.csv", 2, "project_id")),
    case("foreign-key-self", [("codes.csv", 3, "parent_id", "C-NOWHERE")],
         ("foreign-key", "codes.csv", 3, "parent_id")),
    case("type-error", [("sample_counts.csv", 2, "low", "twenty-five")],
         ("type-error", "sample_counts.csv", 2, "low")),
    case("constraint-error-enum", [("speakers.csv", 2, "group", "officer")],
         ("constraint-error", "speakers.csv", 2, "group")),
    case("constraint-error-pattern", [("sources.csv", 3, "doi", "doi:10.1177/1748895812469381")],
         ("constraint-error", "sources.csv", 3, "doi")),
    case("constraint-error-minimum", [("locators.csv", 2, "paragraph", "0")],
         ("constraint-error", "locators.csv", 2, "paragraph")),
    case("constraint-error-required", [("claims.csv", 2, "reason", "")],
         ("constraint-error", "claims.csv", 2, "reason")),
    case("primary-key", [("sample_counts.csv", 4, "count_id", "N-BA-01")],
         ("primary-key", "sample_counts.csv", 4, "count_id")),
    case("primary-key-composite",
         [("codings.csv", 4, "excerpt_id", real_row("codings.csv", 3)["excerpt_id"]),
          ("codings.csv", 4, "code_id", real_row("codings.csv", 3)["code_id"])],
         ("primary-key", "codings.csv", 4, "excerpt_id, code_id")),
    # Source texts: fingerprints, section markers, locators.
    case("source-fingerprint", [("sources.csv", 3, "text_sha256", "0" * 64)],
         ("source-fingerprint", "sources.csv", 3, "text_sha256"), needs_sources=True),
    case("section-marker-missing", [("sections.csv", 23, "marker", "No line starts like this")],
         ("section-marker-missing", "sections.csv", 23, "marker"), needs_sources=True,
         also={"locator-section", "ledger-section"}),  # the notes' locators and sentences now fall in the section before
    case("quote-not-found",
         # Straight quotes instead of the source's curly ones: quotes are not folded.
         [("locators.csv", 2, "exact", "This research will be referred to as the 'British Academy Project'.")],
         ("quote-not-found", "locators.csv", 2, "exact"), needs_sources=True),
    case("quote-ambiguous",
         [("locators.csv", 2, "exact", "police"), ("locators.csv", 2, "prefix", ""),
          ("locators.csv", 2, "suffix", ""), ("locators.csv", 2, "start", "0"),
          ("locators.csv", 2, "end", "6")],
         ("quote-ambiguous", "locators.csv", 2, "prefix"), needs_sources=True),
    case("locator-drift", [("locators.csv", 2, "start", shift(1)), ("locators.csv", 2, "end", shift(1))],
         ("locator-drift", "locators.csv", 2, "start"), needs_sources=True),
    case("locator-section", [("locators.csv", 2, "section_id", "002-introduction")],
         ("locator-section", "locators.csv", 2, "section_id"), needs_sources=True),
    # Ids built from their fields.
    case("id-mismatch-citations", [("citations.csv", 2, "source_id", "000")],
         ("id-mismatch", "citations.csv", 2, "citation_id")),
    case("id-mismatch-claims", [("claims.csv", 2, "source_id", "000")],
         ("id-mismatch", "claims.csv", 2, "claim_id"),
         also={"ledger-claim-source"}),  # the ledger lists the claim in a sentence of the other document
    case("id-mismatch-speakers", [("speakers.csv", 2, "label", "3B")],
         ("id-mismatch", "speakers.csv", 2, "speaker_id")),
    case("id-mismatch-excerpts", [("excerpts.csv", 2, "speaker_id", "002-5B")],
         ("id-mismatch", "excerpts.csv", 2, "excerpt_id"),
         also={"assessment-below-floor"}),  # the excerpt now speaks for another officer: fewer voices
    # Excerpts and speakers.
    case("excerpt-misquoted", [("excerpts.csv", 3, "text", "kicking the doors in")],
         ("excerpt-misquoted", "excerpts.csv", 3, "text")),
    case("excerpt-source", [("excerpts.csv", 3, "source_id", "000")],
         ("excerpt-source", "excerpts.csv", 3, "locator_id"),
         also={"id-mismatch"}),  # the excerpt id names source 002
    case("speaker-label-pattern", [("speakers.csv", 8, "project_id", "BA")],
         ("speaker-label-pattern", "speakers.csv", 8, "label")),
    # Ranges and the codebook.
    case("range-order-sample-counts", [("sample_counts.csv", 2, "low", "26")],
         ("range-order", "sample_counts.csv", 2, "high")),
    case("range-order-claims", [("claims.csv", 2, "stated_low", "26")],
         ("range-order", "claims.csv", 2, "stated_high")),
    case("range-order-locators", [("locators.csv", 2, "start", "11776")],
         ("range-order", "locators.csv", 2, "end"),
         also={"locator-drift"}, needs_sources=True),  # the quote is no longer at its offsets
    case("code-cycle", [("codes.csv", 2, "parent_id", "C-TRUST")],
         ("code-cycle", "codes.csv", 2, "parent_id")),
    # Claims and the cells that check them.
    case("claim-notebook-missing", [("claims.csv", 2, "notebook", "missing.ipynb")],
         ("claim-notebook-missing", "claims.csv", 2, "notebook")),
    case("claim-cell-missing", [("claims.csv", 2, "notebook", "claims.ipynb")],
         ("claim-cell-missing", "claims.csv", 2, "notebook")),
    case("claim-numeric-incomplete", [("claims.csv", 2, "stated_low", "")],
         ("claim-numeric-incomplete", "claims.csv", 2, "stated_low")),
    # Evidence links and the verdicts they give.
    case("evidence-target",
         [("claim_evidence.csv", 2, "excerpt_id", "X-002-3A-01"), ("claim_evidence.csv", 2, "locator_id", "L-002-001")],
         ("evidence-target", "claim_evidence.csv", 2, "excerpt_id")),
    case("claim-status-evidence",
         [("claims.csv", first_line("claims.csv", "claim_id", _evidenced()), "status", "contradicted")],
         ("claim-status-evidence", "claims.csv", first_line("claims.csv", "claim_id", _evidenced()), "status"),
         also={"adjudication-missing"}),  # the registry now differs from the second coder with no adjudication
    case("evidence-duplicate", [("claim_evidence.csv", 3, "excerpt_id", real_row("claim_evidence.csv", 2)["excerpt_id"])],
         ("evidence-duplicate", "claim_evidence.csv", 3, "claim_id")),
    case("claim-basis-missing", [("claims.csv", CLAIM_LINE["P-SAMPLE-01"], "basis", "")],
         ("claim-basis-missing", "claims.csv", CLAIM_LINE["P-SAMPLE-01"], "basis")),
    case("claim-basis-unexpected", [("claims.csv", CLAIM_LINE["P-WAY-01"], "basis", "outside-record")],
         ("claim-basis-unexpected", "claims.csv", CLAIM_LINE["P-WAY-01"], "basis")),
    case("claim-basis-derived", [("claims.csv", CLAIM_LINE["P-CONTEXT-03"], "basis", "work-not-held")],
         ("claim-basis-derived", "claims.csv", CLAIM_LINE["P-CONTEXT-03"], "basis")),
    case("claim-confidence", [("claims.csv", CLAIM_LINE["P-WAY-01"], "confidence", "high")],
         ("claim-confidence", "claims.csv", CLAIM_LINE["P-WAY-01"], "confidence")),
    case("claim-confidence-unexpected", [("claims.csv", CLAIM_LINE["P-SAMPLE-01"], "confidence", "high")],
         ("claim-confidence-unexpected", "claims.csv", CLAIM_LINE["P-SAMPLE-01"], "confidence")),
    case("assessment-missing", [("assessments.csv", ASSESSED_LINE["P-WAY-01"], "claim_id", "P-SAMPLE-01")],
         ("assessment-missing", "claims.csv", CLAIM_LINE["P-WAY-01"], "claim_id"),
         also={"claim-confidence"}),  # without its recorded concerns the claim's confidence changes
    case("assessment-below-floor", [("assessments.csv", ASSESSED_LINE["P-WAY-01"], "coherence", "none")],
         ("assessment-below-floor", "assessments.csv", ASSESSED_LINE["P-WAY-01"], "coherence")),
    case("scope-frequency", [("assessments.csv", ASSESSED_LINE["P-WAY-02"], "scope", "instance")],
         ("scope-frequency", "assessments.csv", ASSESSED_LINE["P-WAY-02"], "scope")),
    case("citation-record", [("claim_evidence.csv", first_line("claim_evidence.csv", "citation_id", {"CIT-002-066"}), "citation_id", "CIT-002-076")],
         ("citation-record", "claim_evidence.csv", first_line("claim_evidence.csv", "citation_id", {"CIT-002-066"}), "relation")),
    case("claim-link-disagree", [("claim_links.csv", first_line("claim_links.csv", "other_id", {"P-COMPARE-15"}), "reason", "both restate one sentence")],
         ("claim-link-disagree", "claim_links.csv", first_line("claim_links.csv", "other_id", {"P-COMPARE-15"}), "reason")),
    case("claim-composite-stronger", [("claim_links.csv", first_line("claim_links.csv", "relation", {"part-of"}), "claim_id", "P-COMP-05")],
         ("claim-composite-stronger", "claims.csv", CLAIM_LINE[real_row("claim_links.csv", first_line("claim_links.csv", "relation", {"part-of"}))["other_id"]], "status")),
    case("claim-same-sentence", [("claims.csv", CLAIM_LINE["P-WAY-01"], "locator_id", real_row("claims.csv", CLAIM_LINE["P-SAMPLE-01"])["locator_id"])],
         ("claim-same-sentence", "claims.csv", CLAIM_LINE["P-WAY-01"], "status"),
         also={"ledger-claim-locator"}),  # the moved passage stands in a sentence that does not list the claim
    # The sentence ledger.
    case("ledger-reason-and-claims", [("sentences.csv", LEDGER["review-claims"], "reason", "signposting")],
         ("ledger-reason-and-claims", "sentences.csv", LEDGER["review-claims"], "reason")),
    case("ledger-unaccounted", [("sentences.csv", LEDGER["reason"], "reason", "")],
         ("ledger-unaccounted", "sentences.csv", LEDGER["reason"], "claim_ids")),
    case("ledger-claim-unknown", [("sentences.csv", LEDGER["review-claims"], "claim_ids", lambda old: old + ";R-NOPE-01")],
         ("ledger-claim-unknown", "sentences.csv", LEDGER["review-claims"], "claim_ids")),
    case("ledger-claim-source", [("sentences.csv", LEDGER["review-claims"], "claim_ids", lambda old: old + ";P-WAY-01")],
         ("ledger-claim-source", "sentences.csv", LEDGER["review-claims"], "claim_ids")),
    case("ledger-claim-unheld", [("sentences.csv", LEDGER["sole"], "claim_ids", lambda old: ";".join(c for c in old.split(";") if c != LEDGER["sole-claim"]))],
         ("ledger-claim-unheld", "claims.csv", CLAIM_LINE[LEDGER["sole-claim"]], "claim_id")),
    case("ledger-claim-locator", [("sentences.csv", LEDGER["twice"], "claim_ids", lambda old: ";".join(c for c in old.split(";") if c != LEDGER["twice-claim"]))],
         ("ledger-claim-locator", "sentences.csv", LEDGER["twice"], "claim_ids")),
    case("ledger-numbering", [("sentences.csv", 4, "sentence", "9999")],
         ("ledger-numbering", "sentences.csv", 4, "sentence")),
    case("ledger-hash", [("sentences.csv", 3, "sha", "000000000000")],
         ("ledger-hash", "sentences.csv", 3, "sha"), needs_sources=True),
    case("ledger-coverage", [("sentences.csv", 3, "end", lambda old: str(int(old) - 4))],
         ("ledger-coverage", "sentences.csv", 4, "start"), needs_sources=True,
         also={"ledger-hash"}),  # the shortened sentence no longer hashes to its recorded value
    case("ledger-section", [("sentences.csv", 3, "section_id", "000-background")],
         ("ledger-section", "sentences.csv", 3, "section_id"), needs_sources=True),
    case("second-passage-range", [("second_passages.csv", 2, "end", "999999")],
         ("second-passage-range", "second_passages.csv", 2, "end"), needs_sources=True),
    # The second coder and the adjudications.
    case("history-new", [("verdict_history.csv", AGREE["history-old"], "change", "new claim")],
         ("history-new", "verdict_history.csv", AGREE["history-old"], "previous_status"),
         also={"second-coding-missing"}),  # a claim the ledger added must be double-coded
    case("second-basis", [("second_coding.csv", AGREE["agreed"], "basis", "outside-record")],
         ("second-basis", "second_coding.csv", AGREE["agreed"], "basis")),
    case("second-coding-missing", [("second_coding.csv", AGREE["agreed"], "claim_id", "P-SAMPLE-01")],
         ("second-coding-missing", "claims.csv", CLAIM_LINE[real_row("second_coding.csv", AGREE["agreed"])["claim_id"]], "claim_id")),
    case("adjudication-missing", [("second_coding.csv", AGREE["agreed"], "verdict", "in tension")],
         ("adjudication-missing", "second_coding.csv", AGREE["agreed"], "verdict")),
    case("adjudication-second", [("adjudications.csv", AGREE["kept"], "second", "contradicted")],
         ("adjudication-second", "adjudications.csv", AGREE["kept"], "second")),
    case("adjudication-stale", [("adjudications.csv", AGREE["kept"], "final", "contradicted"), ("adjudications.csv", AGREE["kept"], "decision", "neither")],
         ("adjudication-stale", "adjudications.csv", AGREE["kept"], "final")),
    case("adjudication-decision", [("adjudications.csv", AGREE["kept"], "decision", "second")],
         ("adjudication-decision", "adjudications.csv", AGREE["kept"], "decision")),
    case("adjudication-unneeded", [("adjudications.csv", AGREE["kept"], "second", lambda old: real_row("adjudications.csv", AGREE["kept"])["first"])],
         ("adjudication-unneeded", "adjudications.csv", AGREE["kept"], "first"),
         also={"adjudication-second"}),  # the row no longer records what the second coder said
    case("adjudication-uncoded", [("adjudications.csv", AGREE["kept"], "claim_id", "P-SAMPLE-01")],
         ("adjudication-uncoded", "adjudications.csv", AGREE["kept"], "claim_id"),
         also={"adjudication-missing"}),  # the claim it belonged to is left without its adjudication
    case("id-mismatch-statements", [("statements.csv", 2, "source_id", "002")],
         ("id-mismatch", "statements.csv", 2, "statement_id")),
    case("claim-tag-unregistered", [], ("claim-tag-unregistered", "../book/samples.ipynb", None, "tags"),
         tags={1: ["claim:P-SAMPLE-99"]}),
    case("claim-tag-duplicate", [], ("claim-tag-duplicate", "../book/samples.ipynb", None, "tags"),
         tags={2: ["claim:P-SAMPLE-01"]}),
]


@pytest.mark.parametrize(("edits", "expect", "also", "needs_sources", "tags"), CASES)
def test_check_fires(data_copy, tmp_path, edits, expect, also, needs_sources, tags):
    """Each mutation raises its error code at the right file, row and field, and no other code."""
    src = paths.sources_dir()
    if needs_sources and src is None:
        pytest.skip(NO_SOURCES)
    for file, line, column, value in edits:
        set_cell(data_copy, file, line, column, value)
    book = tagged_book(tmp_path / "book", tags) if tags else None

    report = validate.validate(data_copy, sources=src, book=book)

    found = [i for i in report.issues if where(i) == expect]
    assert found, f"no {expect} in:\n" + "\n".join(map(str, report.issues))
    assert all(i.severity == "error" and i.message for i in found)
    assert {i.code for i in report.errors} == {expect[0], *also}, "\n".join(map(str, report.errors))
    assert not report.valid


def test_code_cycle_names_every_code_in_the_loop(data_copy):
    """A cycle at the root makes every code its own ancestor, each reported at its own line."""
    set_cell(data_copy, "codes.csv", 2, "parent_id", "C-TRUST")
    report = validate.validate(data_copy, sources=None)
    n_codes = len(validate.load(data_copy)["codes"])  # every code descends from the root
    assert sorted(i.row for i in report.errors if i.code == "code-cycle") == list(range(2, 2 + n_codes))


# --------------------------------------------------------------------------- notes


def test_sources_unavailable_is_a_note():
    """Without source texts the verbatim checks are skipped with a note, and the data stays valid."""
    report = validate.validate(sources=None)
    assert [where(i) for i in report.notes] == [("sources-unavailable", "sources.csv", None, None)]
    assert report.notes[0].severity == "note"
    assert report.errors == []
    assert report.valid


def test_source_text_missing_is_a_note(tmp_path):
    """A sources folder lacking a document's text gives a note for that document's row."""
    empty = tmp_path / "seeds"
    empty.mkdir()
    report = validate.validate(sources=empty)
    assert sorted(where(i) for i in report.notes) == [
        ("source-text-missing", "sources.csv", 2, "text_file"),
        ("source-text-missing", "sources.csv", 3, "text_file"),
    ]
    assert all(i.severity == "note" for i in report.notes)
    assert report.valid


def test_source_text_missing_for_one_document_only(tmp_path, seeds):
    """With only the article's text present, only the review's row gets the note; the rest is checked."""
    partial = tmp_path / "seeds"
    partial.mkdir()
    shutil.copy(seeds / "002_cc4f3f2d52942b0c.txt", partial)
    report = validate.validate(sources=partial)
    assert [where(i) for i in report.issues] == [("source-text-missing", "sources.csv", 2, "text_file")]


# --------------------------------------------------------------------------- the command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m compendium`` from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "compendium", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )


def test_cli_reports_every_problem_and_writes_nothing(data_copy):
    """A broken key, a wrong type and a misquote all come out in one run, with file, row and field."""
    set_cell(data_copy, "speakers.csv", 2, "project_id", "ZZ")
    set_cell(data_copy, "sample_counts.csv", 2, "low", "twenty-five")
    set_cell(data_copy, "excerpts.csv", 3, "text", "kicking the doors in")
    before = tree_hashes(data_copy.parent)

    result = run_cli("validate", "--data", str(data_copy))

    assert tree_hashes(data_copy.parent) == before, "validation wrote to the data folder"
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for code, place in [
        ("foreign-key", "speakers.csv, row 2, field 'project_id'"),
        ("type-error", "sample_counts.csv, row 2, field 'low'"),
        ("excerpt-misquoted", "excerpts.csv, row 3, field 'text'"),
    ]:
        assert any(line.startswith(f"error: {place}: [{code}]") for line in lines), result.stdout
    assert lines[-1].startswith("3 problem(s)"), result.stdout


def test_cli_real_data_passes():
    """The committed data passes the command-line check with exit status 0."""
    before = tree_hashes(DATA)
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stdout
    assert tree_hashes(DATA) == before


# --------------------------------------------------------------------------- the report


def test_to_frame_columns_and_errors_first():
    """to_frame has the documented columns, and errors come before notes whatever the input order."""
    report = errors.ValidationReport()
    report.extend([
        errors.Issue("sources-unavailable", "skipped", "sources.csv", severity="note"),
        errors.Issue("type-error", "bad", "speakers.csv", 3, "group"),
        errors.Issue("source-text-missing", "skipped", "sources.csv", 2, "text_file", "note"),
        errors.Issue("foreign-key", "bad", "claims.csv", 2, "source_id"),
    ])
    frame = report.to_frame()
    assert list(frame.columns) == ["severity", "code", "file", "row", "field", "message"]
    assert list(frame["severity"]) == ["error", "error", "note", "note"]
    assert list(frame["code"][:2]) == ["foreign-key", "type-error"]
    assert str(frame["row"].dtype) == "Int64"


def test_to_frame_of_a_real_run(data_copy):
    """A run with errors and a note flattens to one row per issue, errors first."""
    set_cell(data_copy, "excerpts.csv", 3, "text", "kicking the doors in")
    set_cell(data_copy, "speakers.csv", 2, "project_id", "ZZ")
    report = validate.validate(data_copy, sources=None)
    frame = report.to_frame()
    assert len(frame) == len(report.issues) == 3
    assert list(frame["severity"]) == ["error", "error", "note"]
    assert set(frame["code"][:2]) == {"excerpt-misquoted", "foreign-key"}


def test_to_frame_of_an_empty_report():
    """An empty report still has the columns."""
    frame = errors.ValidationReport().to_frame()
    assert list(frame.columns) == errors.COLUMNS and frame.empty


# --------------------------------------------------------------------------- load_valid


def test_load_valid_raises_on_broken_data(data_copy):
    """load_valid refuses a broken copy and its message lists every problem."""
    set_cell(data_copy, "excerpts.csv", 3, "text", "kicking the doors in")
    set_cell(data_copy, "speakers.csv", 2, "project_id", "ZZ")
    with pytest.raises(errors.DataInvalid) as caught:
        validate.load_valid(data_copy, sources=None)
    message = str(caught.value)
    assert message.startswith("2 problem(s) in the data:")
    assert "excerpts.csv, row 3, field 'text': [excerpt-misquoted]" in message
    assert "speakers.csv, row 2, field 'project_id': [foreign-key]" in message
    assert "sources-unavailable" not in message  # notes do not count as problems
    assert len(caught.value.report.errors) == 2


def test_load_valid_returns_clean_data():
    """load_valid loads the committed data."""
    data = validate.load_valid()
    assert isinstance(data, Compendium)
    with (DATA / "excerpts.csv").open(newline="", encoding="utf-8") as handle:
        assert len(data["excerpts"]) == len(list(csv.DictReader(handle)))


def test_duplicated_key_is_reported_once_and_cleanly(data_copy):
    """A duplicated speaker id is a primary-key error; later checks look up its first row
    instead of printing a pandas Series into their messages."""
    set_cell(data_copy, "speakers.csv", 3, "speaker_id", "002-3A")
    report = validate.validate(data_copy, sources=None)
    assert ("primary-key", "speakers.csv", 3) in [(i.code, i.file, i.row) for i in report.errors]
    assert all("\n" not in i.message and "dtype" not in i.message for i in report.issues)
