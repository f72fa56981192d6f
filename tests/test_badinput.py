"""Bad inputs: every one ends in a clear message, a non-zero exit, no traceback, no write.

Each case is one problem, made as a small mutation of a private copy of ``data/``
(or of a copy of the source texts, or as a bad command line). Most cases run
in-process through :func:`compendium.validate.validate` and must give exactly the
expected problem (file, row, field) as the only root problem; a representative subset
runs through the command line in subprocesses (run two at a time, as a module fixture)
and must exit with the expected status, print the place, and print no traceback.
Every case checks that the data copy is byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from compendium import paths, validate

ROOT = paths.project_root()
DATA = paths.data_dir()
SEEDS = paths.sources_dir()


# --------------------------------------------------------------------------- mutations


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file (and the target of every link) under ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        key = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[key] = "link:" + os.readlink(p)
        elif p.is_dir():
            out[key] = "dir"
        else:
            out[key] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def replace(file: str, old, new, count: int = 1):
    """Replace the first ``count`` occurrences of ``old`` (text or bytes) in ``file``."""
    def apply(folder: Path) -> None:
        path = folder / file
        raw = path.read_bytes()
        o = old.encode() if isinstance(old, str) else old
        n = new.encode() if isinstance(new, str) else new
        assert o in raw, f"{old!r} not in {file}"
        path.write_bytes(raw.replace(o, n, count))
    return apply


def write(file: str, content):
    """Overwrite ``file`` with ``content`` (text, bytes, or a function of the old bytes)."""
    def apply(folder: Path) -> None:
        path = folder / file
        old = path.read_bytes() if path.is_file() else b""
        new = content(old) if callable(content) else content
        path.write_bytes(new.encode() if isinstance(new, str) else new)
    return apply


def cell(file: str, line: int, column: str, value: str):
    """Set one cell (``line`` as in the CSV, header = 1) through the csv module."""
    def apply(folder: Path) -> None:
        path = folder / file
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[line - 1][rows[0].index(column)] = value
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return apply


def columns(file: str, edit: Callable[[list[str]], list[str]]):
    """Apply ``edit`` to every row (header included) of ``file``."""
    def apply(folder: Path) -> None:
        path = folder / file
        with path.open(newline="", encoding="utf-8") as handle:
            rows = [edit(r) for r in csv.reader(handle)]
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return apply


def header_only(file: str):
    return write(file, lambda old: old.split(b"\n", 1)[0] + b"\n")


def descriptor(edit: Callable[[dict], None]):
    """Edit datapackage.json as JSON."""
    def apply(folder: Path) -> None:
        path = folder / "datapackage.json"
        desc = json.loads(path.read_text(encoding="utf-8"))
        edit(desc)
        path.write_text(json.dumps(desc, indent=2), encoding="utf-8")
    return apply


def resource(desc: dict, name: str) -> dict:
    return next(r for r in desc["resources"] if r["name"] == name)


def remove(file: str):
    return lambda folder: (folder / file).unlink()


def to_dir(file: str):
    def apply(folder: Path) -> None:
        (folder / file).unlink()
        (folder / file).mkdir()
    return apply


def loop(file: str):
    def apply(folder: Path) -> None:
        (folder / file).unlink()
        (folder / file).symlink_to(folder / file)
    return apply


def both(*mutations):
    def apply(folder: Path) -> None:
        for m in mutations:
            m(folder)
    return apply


def line_of(file: str, column: str, value: str) -> int:
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row[column] == value:
                return line
    raise LookupError(value)


def codes_parent(code: str) -> str:
    with (DATA / "codes.csv").open(newline="", encoding="utf-8") as handle:
        return next(r["parent_id"] for r in csv.DictReader(handle) if r["code_id"] == code)


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    """One bad input and the problem it must give.

    ``expect`` is (code, file, row, field) of the one root problem; ``why`` a phrase its
    message must contain. ``sources`` is None (no texts), "seeds" (the real texts) or a
    function making a private copy of the texts. ``cli`` gives the argument list (with
    ``{data}``, ``{tmp}`` and ``{seeds}`` filled in) when the case also runs through the
    command line, with the exit status it must end in.
    """

    name: str
    mutate: Callable[[Path], None] | None
    expect: tuple
    why: str = ""
    sources: object = None
    problems: int | None = 1
    cli: list[str] | None = None
    status: int = 1
    env: dict = field(default_factory=dict)


LOC = "locators.csv"
CE = "claim_evidence.csv"
P_SAMPLE_01 = line_of("claims.csv", "claim_id", "P-SAMPLE-01")
TRUST = line_of("codes.csv", "code_id", "C-TRUST")
TRUST_PARENT = codes_parent("C-TRUST")

CASES = [
    # --- CSV that cannot be parsed as a table: one problem, the other tables still checked.
    Case("extra-cell", replace("speakers.csv", "\n002-5B,", "\n002-5B,x,"), ("row-length", "speakers.csv", 3, None), "has 12 cells, the header has 11", cli=["validate", "--data", "{data}"]),
    Case("missing-cell", replace("speakers.csv", ",individual\n002-5B", "\n002-5B"), ("row-length", "speakers.csv", 2, None), "has 10 cells"),
    Case("latin1-byte", replace("speakers.csv", "sergeant", "sergeant caf\u00e9".encode("latin-1")), ("table-unreadable", "speakers.csv", 2, None), "not valid utf-8", cli=["validate", "--data", "{data}"]),
    Case("cp1252-quote", replace("codes.csv", "Findings themes", b"\x93Findings themes\x94"), ("table-unreadable", "codes.csv", 2, None), "byte 0x93"),
    Case("utf16-file", write("codes.csv", lambda old: old.decode("utf-8").encode("utf-16")), ("table-unreadable", "codes.csv", 1, None), "not valid utf-8"),
    Case("bom", write("codes.csv", lambda old: b"\xef\xbb\xbf" + old), ("table-unreadable", "codes.csv", 1, None), "byte-order mark", cli=["validate", "--data", "{data}"]),
    Case("empty-file", write("codes.csv", b""), ("table-unreadable", "codes.csv", None, None), "the file is empty", cli=["validate", "--data", "{data}"]),
    Case("whitespace-file", write("works.csv", b"\n\n  \n"), ("table-unreadable", "works.csv", None, None), "the file is empty"),
    Case("table-missing", remove("codes.csv"), ("table-unreadable", "codes.csv", None, None), "file not found", cli=["validate", "--data", "{data}"]),
    Case("table-is-dir", to_dir("codes.csv"), ("table-unreadable", "codes.csv", None, None), "is a folder"),
    Case("symlink-loop", loop("codes.csv"), ("table-unreadable", "codes.csv", None, None), "symbolic links", cli=["validate", "--data", "{data}"]),
    Case("unbalanced-quote", replace("codes.csv", "\nC-WAY-FORWARD,", '\n"C-WAY-FORWARD,'), ("unbalanced-quote", "codes.csv", 3, "code_id"), "quote is not closed", cli=["validate", "--data", "{data}"]),
    Case("unbalanced-quote-last-line", write("traits.csv", lambda old: old.rstrip(b"\n") + b',"\n'), ("unbalanced-quote", "traits.csv", 11, "argument"), "quote is not closed", problems=None),
    Case("line-break-in-cell", replace("codes.csv", "Findings themes", '"Findings\nthemes"'), ("unbalanced-quote", "codes.csv", 2, "name"), "line break"),
    Case("huge-cell", replace("codes.csv", "Findings themes", "x" * 20_000), ("cell-too-long", "codes.csv", 2, "name"), "20,000 characters"),
    Case("huge-cell-over-csv-limit", replace("codes.csv", "Findings themes", "x" * 200_000), ("cell-too-long", "codes.csv", 2, "name"), "200,000 characters"),
    Case("duplicate-header", columns("codes.csv", lambda r: r + (["name"] if r[0] == "code_id" else [""])), ("header-duplicate", "codes.csv", 1, "name"), "appears 2 times"),
    Case("column-dropped", columns("speakers.csv", lambda r: r[:4] + r[5:]), ("column-missing", "speakers.csv", 1, "role"), "not in the header", cli=["validate", "--data", "{data}"]),
    Case("column-renamed", replace("speakers.csv", "project_id", "projct_id"), ("column-renamed", "speakers.csv", 1, "project_id"), "'projct_id' where the schema has 'project_id'"),
    Case("column-extra", columns("codes.csv", lambda r: r + (["weight"] if r[0] == "code_id" else ["1"])), ("column-unexpected", "codes.csv", 1, "weight"), "not in the schema"),
    Case("columns-reordered", columns("codes.csv", lambda r: [r[1], r[0], *r[2:]]), ("column-order", "codes.csv", 1, None), "another order"),
    Case("header-missing", write("codes.csv", lambda old: old.split(b"\n", 1)[1]), ("header-missing", "codes.csv", 1, None), "header row is missing"),
    Case("blank-line", replace("codes.csv", "\nC-WAY-FORWARD,", "\n\nC-WAY-FORWARD,"), ("blank-row", "codes.csv", 3, None), "", problems=None),
    Case("crlf-with-bad-cell", both(write("speakers.csv", lambda old: old.replace(b"\n", b"\r\n")), replace("speakers.csv", "002-5B,002,BA,5B,inspector,police", "002-5B,002,BA,5B,inspector,officer")), ("constraint-error", "speakers.csv", 3, "group"), "enum"),
    Case("mixed-line-endings", replace("codes.csv", "\nC-WAY-FORWARD,", "\r\nC-WAY-FORWARD,"), ("line-endings", "codes.csv", 2, None), "then line 2 ends in CRLF"),
    Case("cr-line-endings", replace("codes.csv", "\nC-WAY-FORWARD,", "\rC-WAY-FORWARD,"), ("line-endings", "codes.csv", 2, None), "ends in CR"),
    # --- Tables emptied to their header, missing or extra tables.
    Case("header-only-codings", header_only("codings.csv"), ("table-empty", "codings.csv", None, None), "must not be empty", cli=["validate", "--data", "{data}"]),
    Case("header-only-claims", header_only("claims.csv"), ("table-empty", "claims.csv", None, None), "must not be empty"),
    Case("header-only-sources", header_only("sources.csv"), ("table-empty", "sources.csv", None, None), "must not be empty", cli=["validate", "--data", "{data}"]),
    Case("header-only-evidence", header_only(CE), ("table-empty", CE, None, None), "must not be empty"),
    Case("header-only-assessments", header_only("assessments.csv"), ("table-empty", "assessments.csv", None, None), "must not be empty"),
    Case("header-only-excerpts", header_only("excerpts.csv"), ("table-empty", "excerpts.csv", None, None), "must not be empty"),
    Case("header-only-locators", header_only(LOC), ("table-empty", LOC, None, None), "must not be empty"),
    Case("extra-table", write("notes.csv", "a,b\n1,2\n"), ("table-undescribed", "notes.csv", None, None), "not in datapackage.json"),
    # --- The descriptor.
    Case("datapackage-missing", remove("datapackage.json"), ("datapackage-missing", "datapackage.json", None, None), "is it a data package folder", cli=["validate", "--data", "{data}"]),
    Case("datapackage-malformed", write("datapackage.json", '{"resources": [\n'), ("datapackage-json", "datapackage.json", 2, None), "not valid JSON", cli=["validate", "--data", "{data}"]),
    Case("datapackage-not-object", write("datapackage.json", "[]"), ("datapackage-shape", "datapackage.json", None, None), "JSON object"),
    Case("datapackage-latin1", write("datapackage.json", lambda old: old.replace(b"Hand-curated", "Hand-curat\u00e9".encode("latin-1"))), ("datapackage-unreadable", "datapackage.json", None, None), "decode"),
    Case("datapackage-is-dir", to_dir("datapackage.json"), ("datapackage-unreadable", "datapackage.json", None, None), "directory"),
    Case("resources-empty", descriptor(lambda d: d.update(resources=[])), ("datapackage-resources", "datapackage.json", None, "resources"), "non-empty list", cli=["validate", "--data", "{data}"]),
    Case("resource-no-schema", descriptor(lambda d: resource(d, "traits").pop("schema")), ("resource-invalid", "datapackage.json", None, "resources[15]"), "schema.fields"),
    Case("resource-name-twice", descriptor(lambda d: d["resources"].append(dict(resource(d, "traits")))), ("resource-invalid", "datapackage.json", None, f"resources[{len(json.loads((DATA / 'datapackage.json').read_text(encoding='utf-8'))['resources'])}]"), "used twice"),
    Case("resource-path-escapes", descriptor(lambda d: resource(d, "traits").update(path="../../../../etc/hostname")), ("resource-path", "datapackage.json", None, "resources[15]"), "leaves the data folder", problems=None),
    Case("resource-path-absolute", descriptor(lambda d: resource(d, "traits").update(path="/etc/hostname")), ("resource-path", "datapackage.json", None, "resources[15]"), "leaves the data folder", problems=None),
    Case("resource-undeclared", descriptor(lambda d: d["resources"].remove(resource(d, "codes"))), ("table-undeclared", "datapackage.json", None, "resources"), "codes.csv is in the folder"),
    Case("primary-key-undeclared", descriptor(lambda d: resource(d, "codes")["schema"].pop("primaryKey")), ("primary-key-missing", "datapackage.json", None, "resources[8]"), "declares no primaryKey"),
    Case("schema-lacks-column", descriptor(lambda d: resource(d, "sources")["schema"]["fields"].pop()), ("column-unexpected", "sources.csv", 1, "note"), "not in the schema"),
    Case("field-type-invalid", descriptor(lambda d: resource(d, "traits")["schema"]["fields"][1].update(type="integr")), ("datapackage-invalid", "datapackage.json", None, None), "integr"),
    Case("encoding-unknown", descriptor(lambda d: resource(d, "traits").update(encoding="utf-9")), ("table-unreadable", "datapackage.json", None, "encoding"), "unknown encoding"),
    # --- Cells Frictionless lets through.
    Case("nul-byte", replace("claims.csv", "samples.ipynb", "sam\x00ples.ipynb"), ("control-character", "claims.csv", 2, "notebook"), "U+0000", cli=["validate", "--data", "{data}"]),
    Case("bell-character", replace("codes.csv", "Findings themes", "Findings\x07themes"), ("control-character", "codes.csv", 2, "name"), "U+0007"),
    Case("fullwidth-integer", cell("sample_counts.csv", 2, "low", "\uff12\uff15"), ("non-ascii-digit", "sample_counts.csv", 2, "low"), "full-width", cli=["validate", "--data", "{data}"]),
    Case("arabic-indic-number", cell("claims.csv", P_SAMPLE_01, "stated_high", "\u0662\u0665"), ("non-ascii-digit", "claims.csv", P_SAMPLE_01, "stated_high"), "outside ASCII"),
    Case("fullwidth-id", cell("institutions.csv", 2, "institution_id", "I-000-\uff10\uff11"), ("non-ascii-digit", "institutions.csv", 2, "institution_id"), "full-width"),
    Case("non-ascii-id", cell("claims.csv", P_SAMPLE_01, "locator_id", "L-002-00\u0417"), ("non-ascii", "claims.csv", P_SAMPLE_01, "locator_id"), "ASCII characters only", problems=None),
    Case("integer-overflow", cell(LOC, 2, "paragraph", "99999999999999999999"), ("value-unreadable", LOC, 2, "paragraph"), "load as missing"),
    Case("integer-underscore", cell("sample_counts.csv", 2, "high", "2_5"), ("value-unreadable", "sample_counts.csv", 2, "high"), "load as missing"),
    Case("number-infinite", cell("claims.csv", P_SAMPLE_01, "stated_high", "inf"), ("value-unreadable", "claims.csv", P_SAMPLE_01, "stated_high"), "load as missing"),
    Case("number-nan", cell("claims.csv", P_SAMPLE_01, "stated_high", "nan"), ("value-unreadable", "claims.csv", P_SAMPLE_01, "stated_high"), "load as missing"),
    Case("integer-word", cell("sample_counts.csv", 2, "low", "twenty-five"), ("type-error", "sample_counts.csv", 2, "low"), "not a valid integer"),
    # --- Figures that disagree with themselves; keys.
    Case("stated-low-negative", cell("claims.csv", P_SAMPLE_01, "stated_low", "-25"), ("value-negative", "claims.csv", P_SAMPLE_01, "stated_low"), "not negative", cli=["validate", "--data", "{data}"]),
    Case("count-negative", cell("sample_counts.csv", 2, "low", "-1"), ("constraint-error", "sample_counts.csv", 2, "low"), "minimum"),
    Case("stated-word-outside", cell("claims.csv", P_SAMPLE_01, "stated", "forty"), ("stated-outside-range", "claims.csv", P_SAMPLE_01, "stated"), "'forty' (40)", cli=["validate", "--data", "{data}"]),
    Case("stated-digits-outside", cell("claims.csv", P_SAMPLE_01, "stated", "30"), ("stated-outside-range", "claims.csv", P_SAMPLE_01, "stated"), "25 to 25"),
    Case("evidence-row-twice", write(CE, lambda old: old + old.split(b"\n")[1] + b"\n"), ("evidence-duplicate", CE, len((DATA / CE).read_bytes().splitlines()) + 1, "claim_id"), "same evidence twice"),
    Case("primary-key-row-twice", write("codes.csv", lambda old: old + old.split(b"\n")[1] + b"\n"), ("primary-key", "codes.csv", 24, "code_id"), ""),
    Case("code-two-cycle", cell("codes.csv", line_of("codes.csv", "code_id", TRUST_PARENT), "parent_id", "C-TRUST"), ("code-cycle", "codes.csv", line_of("codes.csv", "code_id", TRUST_PARENT), "parent_id"), "form a cycle", cli=["validate", "--data", "{data}"]),
    Case("code-own-parent", cell("codes.csv", TRUST, "parent_id", "C-TRUST"), ("code-cycle", "codes.csv", TRUST, "parent_id"), "C-TRUST -> C-TRUST"),
    # --- Source texts: named but absent, misnamed, outside the folder, unreadable.
    Case("text-file-misspelt", cell("sources.csv", 3, "text_file", "002_cc4f3f2d52942b0d.txt"), ("source-text-misnamed", "sources.csv", 3, "text_file"), "misspelt", sources="seeds", cli=["validate", "--data", "{data}", "--sources", "{seeds}"]),
    Case("text-file-escapes", cell("sources.csv", 3, "text_file", "../../../../etc/hostname"), ("source-path", "sources.csv", 3, "text_file"), "leaves the sources folder", sources="seeds"),
    Case("text-file-absolute", cell("sources.csv", 3, "text_file", "/etc/hostname"), ("source-path", "sources.csv", 3, "text_file"), "leaves the sources folder", sources="seeds"),
    Case("text-file-latin1", None, ("source-text-unreadable", "sources.csv", 3, "text_file"), "UTF-8", sources=lambda d: (d / "002_cc4f3f2d52942b0c.txt").write_bytes((d / "002_cc4f3f2d52942b0c.txt").read_bytes().replace("\u2019".encode(), b"\x92"))),
    Case("sources-folder-misspelt", None, ("sources-folder-missing", "{tmp}/seedz", None, None), "not a folder", sources="{tmp}/seedz"),
    Case("sources-env-misspelt", None, ("sources-folder-missing", "{tmp}/seedz", None, None), "COMPENDIUM_SOURCES names", sources=True, env={"COMPENDIUM_SOURCES": "{tmp}/seedz"}),
    Case("data-folder-missing", None, ("data-folder-missing", "{tmp}/nodata", None, None), "not a folder"),
]

#: Bad command lines: (name, argv, exit status, text that must be printed).
COMMANDS = [
    ("no-command", [], 2, "required"),
    ("unknown-command", ["frobnicate"], 2, "invalid choice"),
    ("unknown-option", ["validate", "--dta", "x"], 2, "unrecognized arguments"),
    ("data-missing", ["validate", "--data", "{tmp}/nodata"], 2, "--data {tmp}/nodata: does not exist"),
    ("data-is-file", ["validate", "--data", "{data}/codes.csv"], 2, "is a file, not a folder"),
    ("sources-misspelt", ["validate", "--sources", "{tmp}/seedz"], 2, "--sources {tmp}/seedz: does not exist"),
    ("book-missing", ["validate", "--book", "{tmp}/nobook"], 2, "--book {tmp}/nobook: does not exist"),
    ("locate-unknown-source", ["locate", "009", "police"], 2, "unknown source id '009'"),
    ("locate-negative-occurrence", ["locate", "002", "police", "--occurrence", "-1"], 2, "-1 is negative"),
    ("locate-occurrence-word", ["locate", "002", "police", "--occurrence", "first"], 2, "not a whole number"),
    ("locate-unreadable-sources", ["locate", "002", "police", "--data", "{broken}"], 1, "sources.csv, row 3"),
    ("execute-missing", ["execute", "{tmp}/missing.ipynb"], 2, "no such file"),
    ("execute-not-notebook", ["execute", "{data}/codes.csv"], 2, "not a notebook"),
    ("execute-malformed", ["execute", "{tmp}/bad.ipynb"], 1, "bad.ipynb: not a readable notebook"),
    ("execute-not-a-notebook-json", ["execute", "{tmp}/list.ipynb"], 1, "list.ipynb:"),
    ("execute-failing-cell", ["execute", "{tmp}/fails.ipynb"], 1, "a cell raised ZeroDivisionError"),
]


# --------------------------------------------------------------------------- running a case


def fill(value, tmp: Path, data: Path, seeds: Path | None = None):
    if isinstance(value, str):
        return value.format(tmp=tmp, data=data, seeds=seeds, broken=tmp / "broken")
    if isinstance(value, (tuple, list)):
        return type(value)(fill(v, tmp, data, seeds) for v in value)
    return value


def prepare(case: Case, tmp: Path) -> tuple[Path, object]:
    """Make the case's data copy (and texts); return the data folder and the sources argument."""
    data = Path(shutil.copytree(DATA, tmp / "data"))
    if case.mutate:
        case.mutate(data)
    sources = case.sources
    if sources == "seeds" or callable(sources):
        if SEEDS is None:
            pytest.skip("source texts not available")
        copy = Path(shutil.copytree(SEEDS, tmp / "seeds"))
        for p in copy.iterdir():
            p.chmod(0o644)
        if callable(sources):
            sources(copy)
        sources = copy
    return data, fill(sources, tmp, data)


def _validate_case(job: tuple) -> tuple:
    """Validate one prepared case (in a worker process); return its issues and the tree before and after."""
    name, folder, sources, env, tmp = job
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        before = tree_hashes(tmp)
        try:
            report = validate.validate(folder, sources=sources)
        except Exception as exc:  # reported by the test, not here
            return name, None, f"{type(exc).__name__}: {exc}", before, tree_hashes(tmp)
        return name, report, None, before, tree_hashes(tmp)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple]:
    """Validate every case in-process, two worker processes at a time (one copy of data/ per case)."""
    jobs = []
    for case in CASES:
        tmp = tmp_path_factory.mktemp(case.name)
        data, sources = prepare(case, tmp)
        folder = tmp / "nodata" if case.name == "data-folder-missing" else data
        env = {k: fill(v, tmp, data) for k, v in case.env.items()}
        jobs.append((case.name, folder, sources, env, tmp))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=max(2, os.cpu_count() or 2), mp_context=context) as pool:
        return {r[0]: (*r[1:], job[4]) for r, job in zip(pool.map(_validate_case, jobs), jobs)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_clear_problem(case: Case, reports):
    """Validation never raises: the problem is reported at its place, alone, and nothing is written."""
    report, crash, before, after, tmp = reports[case.name]
    assert crash is None, f"validate raised {crash}"
    assert after == before, "validation changed or created a file"
    expect = fill(case.expect, tmp, tmp / "data")
    roots = [(i.code, i.file, i.row, i.field) for i in report.problems]
    assert expect in roots, f"{expect} not in:\n" + "\n".join(map(str, report.issues))
    issue = report.problems[roots.index(expect)]
    assert case.why.lower() in issue.message.lower(), str(issue)
    assert not report.valid
    if case.problems is not None:
        assert len(report.problems) == case.problems, "\n".join(map(str, report.problems))
    assert all("\n" not in i.message for i in report.issues)


# --------------------------------------------------------------------------- through the command line


def _notebooks(tmp: Path) -> None:
    (tmp / "bad.ipynb").write_text('{"cells": [', encoding="utf-8")
    (tmp / "list.ipynb").write_text("[1, 2]", encoding="utf-8")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {}, "outputs": [], "source": "1 / 0"}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp / "fails.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _run(argv: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compendium", *argv], cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=False, env={**os.environ, **(env or {})},
    )


CLI_CASES = [c for c in CASES if c.cli]


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory) -> dict[str, tuple]:
    """Run every command-line case, two at a time; keep (result, hashes before, hashes after, tmp)."""
    jobs = {}
    for case in CLI_CASES:
        tmp = tmp_path_factory.mktemp(case.name)
        data, _ = prepare(case, tmp)
        jobs[case.name] = (fill(case.cli, tmp, data, tmp / "seeds"), tmp)
    for name, argv, _, _ in COMMANDS:
        tmp = tmp_path_factory.mktemp(name)
        data = Path(shutil.copytree(DATA, tmp / "data"))
        _notebooks(tmp)
        if "{broken}" in argv:
            shutil.copytree(DATA, tmp / "broken")
            replace("sources.csv", "\n002,", "\n002,x,")(tmp / "broken")
        jobs[name] = (fill(argv, tmp, data), tmp)

    def one(item):
        name, (argv, tmp) = item
        before = tree_hashes(tmp)
        result = _run(argv)
        return name, (result, before, tree_hashes(tmp), tmp)

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(pool.map(one, jobs.items()))


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_cli_reports_bad_data(case: Case, cli_runs):
    """``validate`` prints the place of the problem, exits 1 (or 2) and never shows a traceback."""
    result, before, after, tmp = cli_runs[case.name]
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert result.returncode == case.status, out
    code, file, row, fld = fill(case.expect, tmp, tmp / "data")
    place = file + (f", row {row}" if row is not None else "") + (f", field {fld!r}" if fld else "")
    assert f"error: {place}: [{code}]" in result.stdout, out
    assert after == before, "the command changed or created a file"
    assert result.stdout.splitlines()[-1].startswith(("1 problem(s)", "at least 1 problem(s)")), out


@pytest.mark.parametrize(("name", "status", "text"), [(n, s, t) for n, _, s, t in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_cli_refuses_bad_command_line(name, status, text, cli_runs):
    """A bad argument, a missing file or a broken notebook: one line, the right status, nothing written."""
    result, before, after, tmp = cli_runs[name]
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert result.returncode == status, out
    assert text.format(tmp=tmp, data=tmp / "data") in out, out
    assert after == before, "the command changed or created a file"


def test_real_data_still_clean_through_the_cli():
    """The committed data passes (the cases above must not make the validator cry wolf)."""
    result = _run(["validate"])
    assert result.returncode == 0 and result.stdout.splitlines()[-1].startswith("0 problem(s)"), result.stdout + result.stderr


def test_corpus_size():
    """The corpus tries at least sixty bad inputs."""
    assert len(CASES) + len(COMMANDS) >= 60
