"""The compendium's own checks at scale give what a row-by-row check gives.

excerpt_issues, id_issues and the evidence-target check find the rows that pass column by
column and look at the others one by one. Here they are compared, on a scaled compendium
with broken rows (missing values, misquotes, wrong sources and ids, a pattern that is not
a regular expression), with the row-by-row versions they replaced, kept below as the
reference. A scaled compendium written as a data package also validates to exactly the
problems its synthetic rows must give.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from compendium import locators, synthetic, validate
from compendium.assessment import TARGETS
from compendium.errors import Issue
from compendium.package import Compendium, keyed, load
from compendium.paths import data_dir

_line = validate._line


# --------------------------------------------------------------------------- the row-by-row reference


def reference_excerpt_issues(data: Compendium) -> list[Issue]:
    issues = []
    locs = keyed(data["locators"], "locator_id")
    speakers = keyed(data["speakers"], "speaker_id")
    for i, ex in data["excerpts"].iterrows():
        row = _line(i)
        if ex["locator_id"] in locs.index:
            loc = locs.loc[ex["locator_id"]]
            if locators.normalise(str(ex["text"])) != locators.normalise(str(loc["exact"])):
                issues.append(Issue("excerpt-misquoted", f"text differs from the quoted text at its locator {ex['locator_id']} ({str(loc['exact'])[:50]!r}…)", "excerpts.csv", row, "text"))
            if loc["source_id"] != ex["source_id"]:
                issues.append(Issue("excerpt-source", f"locator {ex['locator_id']} is in source {loc['source_id']}, not {ex['source_id']}", "excerpts.csv", row, "locator_id"))
        label = speakers.at[ex["speaker_id"], "label"] if ex["speaker_id"] in speakers.index else "NA"
        if not pd.isna(ex["excerpt_id"]) and not re.fullmatch(rf"X-{ex['source_id']}-{re.escape(str(label))}-\d{{2}}", str(ex["excerpt_id"])):
            issues.append(Issue("id-mismatch", f"id {ex['excerpt_id']!r} should be X-{ex['source_id']}-{label}-NN", "excerpts.csv", row, "excerpt_id"))
    patterns = dict(zip(data["projects"]["project_id"], data["projects"]["speaker_pattern"]))
    for i, sp in data["speakers"].iterrows():
        pattern = patterns.get(sp["project_id"])
        if pattern and sp["kind"] == "individual" and not pd.isna(sp["label"]) and not re.fullmatch(pattern, str(sp["label"])):
            issues.append(Issue("speaker-label-pattern", f"label {sp['label']!r} does not fit project {sp['project_id']}'s scheme {pattern!r}", "speakers.csv", _line(i), "label"))
    return issues


def reference_id_issues(data: Compendium) -> list[Issue]:
    issues = []
    kinds = dict(zip(data["sources"]["source_id"], data["sources"]["kind"]))
    checks = [
        ("locators", "locator_id", lambda r: f"L-{r.source_id}-", False),
        ("citations", "citation_id", lambda r: f"CIT-{r.source_id}-", False),
        ("sections", "section_id", lambda r: f"{r.source_id}-", False),
        ("speakers", "speaker_id", lambda r: f"{r.source_id}-{r.label}", True),
        ("claims", "claim_id", lambda r: f"{validate.CLAIM_LETTER.get(kinds.get(r.source_id), '?')}-", False),
        ("statements", "statement_id", lambda r: f"S-{r.source_id}-", False),
        ("milestones", "milestone_id", lambda r: f"M-{r.source_id}-", False),
        ("institutions", "institution_id", lambda r: f"I-{r.source_id}-", False),
        ("other_quotes", "quote_id", lambda r: f"Q-{r.source_id}-", False),
    ]
    for table, column, expected, exact in checks:
        frame = data[table]
        for i, r in enumerate(frame.itertuples()):
            value = getattr(r, column)
            if pd.isna(value) or pd.isna(r.source_id):
                continue
            want = expected(r)
            if (value != want) if exact else not str(value).startswith(want):
                how = "be" if exact else "start with"
                issues.append(Issue("id-mismatch", f"id {value!r} should {how} {want!r} (built from its fields)", f"{table}.csv", _line(frame.index[i]), column))
    return issues


def reference_target_issues(data: Compendium) -> list[Issue]:
    issues = []
    for i, r in data["claim_evidence"].iterrows():
        given = [c for c in TARGETS if not pd.isna(r[c])]
        if len(given) != 1:
            issues.append(Issue("evidence-target", f"give exactly one of {', '.join(TARGETS)} (found {len(given)})", "claim_evidence.csv", _line(i), "excerpt_id"))
    return issues


# --------------------------------------------------------------------------- data


@pytest.fixture(scope="module")
def scaled() -> Compendium:
    return synthetic.scaled_compendium(load(), 400, seed=2)


def outcome(check, data: Compendium):
    """What a check gives: its issues, or the error it stops on (validate reports that as check-failed)."""
    try:
        return [(i.code, i.file, i.row, i.field, i.message, i.severity) for i in check(data)]
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


VALUES = [pd.NA, "x", "000", "002", "L-002-001", "X-002-3A-01", "(", "002-3A", "BA", " x  ", "a.b", "individual", "group"]


def broken(data: Compendium, seed: int) -> Compendium:
    """``data`` with a few cells of the checked tables replaced by awkward values."""
    rng = np.random.default_rng(seed)
    tables = dict(data.tables)
    for _ in range(int(rng.integers(1, 6))):
        name = str(rng.choice(["excerpts", "locators", "speakers", "projects", "claim_evidence", "sources", "claims", "sections"]))
        t = tables[name].copy()
        column = str(rng.choice([c for c in t.columns if pd.api.types.is_string_dtype(t[c])]))
        rows = t.index[rng.choice(len(t), size=min(len(t), int(rng.integers(1, 4))), replace=False)]
        value = VALUES[int(rng.integers(len(VALUES)))]
        if value is not pd.NA and rng.random() < 0.3:
            value = str(t[column].iloc[int(rng.integers(len(t)))])  # a value from another row
        t.loc[rows, column] = value
        tables[name] = t
    return Compendium(data.folder, data.descriptor, tables)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("seed", range(40))
def test_checks_agree_with_the_row_by_row_reference(scaled, seed):
    data = broken(scaled, seed)
    assert outcome(validate.excerpt_issues, data) == outcome(reference_excerpt_issues, data)
    assert outcome(validate.id_issues, data) == outcome(reference_id_issues, data)
    targets = [i for i in outcome(validate.evidence_issues, data) if i[0] == "evidence-target"]
    assert targets == outcome(reference_target_issues, data)


def test_each_kind_of_broken_row_is_seen(scaled):
    """The reference comparison is not vacuous: the broken rows give every kind of problem and an error."""
    ex = scaled["excerpts"].copy()
    ex.loc[3, "text"] = "not what the locator quotes"
    ex.loc[4, "source_id"] = "000"
    ex.loc[5, "speaker_id"] = pd.NA
    ex.loc[6, "text"] = "  " + str(ex.at[6, "text"]) + "  "  # white space only: not a misquote
    sp = scaled["speakers"].copy()
    sp.loc[sp["kind"] == "individual", "label"] = "zz"
    data = Compendium(scaled.folder, scaled.descriptor, {**scaled.tables, "excerpts": ex, "speakers": sp})
    got = outcome(validate.excerpt_issues, data)
    assert got == outcome(reference_excerpt_issues, data)
    rows = {(code, row) for code, _, row, *_ in got}
    assert {("excerpt-misquoted", 5), ("excerpt-source", 6), ("id-mismatch", 7)} <= rows and ("excerpt-misquoted", 8) not in rows
    assert "speaker-label-pattern" in {code for code, *_ in got}
    ex.loc[4, "source_id"] = pd.NA  # iterrows gives it as NaN: a source mismatch, not an error
    data = Compendium(scaled.folder, scaled.descriptor, {**scaled.tables, "excerpts": ex})
    assert ("excerpt-source", 6) in {(code, row) for code, _, row, *_ in outcome(validate.excerpt_issues, data)}
    locs = scaled["locators"].copy()
    locs.loc[locs["locator_id"] == ex.at[3, "locator_id"], "source_id"] = pd.NA  # a locator row keeps pd.NA: the check stops on it
    data = Compendium(scaled.folder, scaled.descriptor, {**scaled.tables, "excerpts": ex, "locators": locs})
    assert outcome(validate.excerpt_issues, data) == outcome(reference_excerpt_issues, data) == "TypeError: boolean value of NA is ambiguous"


def test_scaled_package_gives_exactly_its_synthetic_problems(tmp_path):
    """Written as a data package, 300 excerpts give two id problems per synthetic excerpt and locator, and nothing else."""
    real = load()
    data = synthetic.scaled_compendium(real, 300)
    folder = synthetic.write_compendium(data, tmp_path / "scaled")
    added = len(data["excerpts"]) - len(real["excerpts"])
    report = validate.validate(folder, sources=None)
    # synthetic ids (X-SYN-000001, L-SYN-000001) break both the id rule and the ids' pattern in the schema
    assert Counter((i.code, i.file) for i in report.errors) == {
        (code, file): added for code in ("id-mismatch", "constraint-error") for file in ("excerpts.csv", "locators.csv")}
    first = len(real["excerpts"]) + 2
    assert [i.row for i in report.errors if i.file == "excerpts.csv" and i.code == "id-mismatch"] == list(range(first, first + added))


def test_write_compendium_writes_the_real_data_back_unchanged(tmp_path):
    folder = synthetic.write_compendium(load(), tmp_path / "copy")
    for path in sorted(data_dir().iterdir()):
        if path.is_file():
            assert (folder / path.name).read_bytes() == path.read_bytes(), path.name


def test_write_compendium_never_writes_into_data():
    with pytest.raises(ValueError, match="data/"):
        synthetic.write_compendium(load(), data_dir())
