"""Reliability: the loader loses no value silently, files are written atomically, counts say when capped."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from frictionless import Resource, Schema, system
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compendium import errors, notebooks, package, paths, sphinxext, validate

ROOT = paths.project_root()
DATA = paths.data_dir()

# --------------------------------------------------------------------------- the loader

#: Integer-looking text Frictionless may accept and pandas may not read the same way.
TRICKY = ["", "\uff12\uff15", "\u0663", "1_000", "+7", "007", " 8", "9 ", "1e3", "3.0", "-0", "99999999999999999999", "0x1f", "nan", "inf"]
INTEGER = st.one_of(st.integers(-(10**12), 10**12).map(str), st.sampled_from(TRICKY))
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
SCHEMA = {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}, {"name": "s", "type": "string"}], "primaryKey": ["id"]}


def _frictionless_values(folder: Path) -> list[dict]:
    """Each row as Frictionless reads it: a typed value per cell it accepts, absent where it reports an error."""
    with system.use_context(trusted=True):
        resource = Resource(path="t.csv", basepath=str(folder), encoding="utf-8", schema=Schema.from_descriptor(dict(SCHEMA)))
        out = []
        with resource:
            for row in resource.row_stream:
                bad = {e.field_name for e in row.errors if hasattr(e, "field_name")}
                out.append({k: v for k, v in row.to_dict().items() if k not in bad})
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(INTEGER, TEXT), min_size=1, max_size=6))
def test_loader_loses_nothing_silently(rows):
    """A value Frictionless accepts loads as that value, or validation reports its cell; nothing silently becomes missing."""
    folder = Path(tempfile.mkdtemp())
    try:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["id", "n", "s"])
        writer.writerows([f"r{i}", n, s] for i, (n, s) in enumerate(rows))
        (folder / "t.csv").write_text(buffer.getvalue(), encoding="utf-8")
        descriptor = {"resources": [{"name": "t", "path": "t.csv", "schema": SCHEMA}]}
        tables, unreadable, issues = validate.read_tables(folder, descriptor)
        flagged = {(i.row, i.field) for i in issues} | {(i.row, None) for i in issues}
        if unreadable:  # a whole-file problem (e.g. a stray line break made the rows unparseable): reported
            assert issues
            return
        frame = tables["t"]
        accepted = _frictionless_values(folder)
        assert len(frame) == len(rows) == len(accepted)
        for k, (n, s) in enumerate(rows):
            line = k + 2
            got_n, got_s = frame.at[k, "n"], frame.at[k, "s"]
            if (line, "n") not in flagged and (line, None) not in flagged and "n" in accepted[k]:
                want = accepted[k]["n"]
                assert (want is None) == package.pd.isna(got_n), (n, want, got_n)
                assert want is None or int(got_n) == want, (n, want, got_n)
            if (line, "s") not in flagged and (line, None) not in flagged:
                assert (s == "" and package.pd.isna(got_s)) or got_s == s, (s, got_s)
            if n and package.pd.isna(got_n):
                assert (line, "n") in flagged or "n" not in accepted[k], f"{n!r} became missing unreported"
    finally:
        shutil.rmtree(folder)


def test_loader_refuses_a_table_it_cannot_read(tmp_path):
    """read_table raises TableError naming file, row and why, never a pandas traceback."""
    (tmp_path / "t.csv").write_text("id,n,s\nr1,1,a,extra\n", encoding="utf-8")
    with pytest.raises(package.TableError) as caught:
        package.read_table(tmp_path, {"name": "t", "path": "t.csv", "schema": SCHEMA})
    assert (caught.value.file, caught.value.row) == ("t.csv", 2) and "has 4 cells" in str(caught.value)


# --------------------------------------------------------------------------- atomic writes


def test_write_atomic_keeps_the_old_file_when_the_writer_fails(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def half(handle):
        handle.write(b"new, half")
        raise RuntimeError("serialiser failed")

    with pytest.raises(RuntimeError):
        package.write_atomic(target, half)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"], "a temporary file was left behind"
    package.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


def test_execute_leaves_the_notebook_intact_when_writing_fails(tmp_path, monkeypatch):
    """The notebook's serialiser writes part of the file and raises: the previous notebook is untouched."""
    import nbclient
    import nbformat

    nb = tmp_path / "claims.ipynb"
    shutil.copy(ROOT / "book" / "claims.ipynb", nb)
    before = nb.read_bytes()
    monkeypatch.setattr(nbclient.NotebookClient, "execute", lambda self, **kw: None)  # no kernel needed

    def half(notebook, handle, **kw):
        handle.write('{"cells": [')
        raise OSError("disk full")

    monkeypatch.setattr(nbformat, "write", half)
    with pytest.raises(OSError, match="disk full"):
        notebooks.execute(nb)
    assert nb.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.ipynb"]


def test_execute_writes_the_whole_notebook(tmp_path, monkeypatch):
    """Without a failure the notebook is replaced, keeps its permissions, and no temporary file is left."""
    import nbclient

    nb = tmp_path / "claims.ipynb"
    shutil.copy(ROOT / "book" / "claims.ipynb", nb)
    nb.chmod(0o644)
    monkeypatch.setattr(nbclient.NotebookClient, "execute", lambda self, **kw: None)
    notebooks.execute(nb)
    assert json.loads(nb.read_text(encoding="utf-8"))["cells"]
    assert oct(nb.stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in tmp_path.iterdir()] == ["claims.ipynb"]


def test_bibliography_write_failing_half_way_keeps_the_old_file(tmp_path, monkeypatch):
    """The Sphinx extension's write of compendium.bib fails mid-way: the previous file is intact."""
    app = SimpleNamespace(doctreedir=str(tmp_path / "doctrees"))
    config = SimpleNamespace(extensions=["sphinxcontrib.bibtex"], bibtex_bibfiles=[])
    target = sphinxext.bibfile(app)
    target.parent.mkdir(parents=True)
    target.write_text("@misc{old}\n", encoding="utf-8")
    monkeypatch.setattr("compendium.validate.load_valid", lambda: None)
    monkeypatch.setattr("compendium.bibliography.to_bibtex", lambda data: "@misc{new}\n" * 1000)

    def fail(fd):
        raise OSError("disk full")  # the data is written, not yet on disk: nothing may be moved into place

    monkeypatch.setattr(package.os, "fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        sphinxext._write_bibliography(app, config)
    assert target.read_text(encoding="utf-8") == "@misc{old}\n"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


# --------------------------------------------------------------------------- counts and folding


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_capped_count_says_so(tmp_path):
    """When Frictionless stops at its error limit in a table, the summary says the count is a lower bound."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    path = data / "claim_evidence.csv"
    rows = _read(path)
    head = rows[0]
    for r in rows[1:]:
        r[head.index("claim_id")] = "P-NONE-01"
        r[head.index("relation")] = "bogus"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    report = validate.validate(data, sources=None)
    assert report.capped
    assert [i.file for i in report.notes if i.code == "count-capped"] == ["claim_evidence.csv"]
    assert report.summary().startswith("at least ") and "capped" in report.summary()


def test_code_cycle_is_one_problem_with_follow_ons(tmp_path):
    """A two-code cycle is one problem; the codes in and below it are folded under it."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    rows = _read(data / "codes.csv")
    parent_of = {r[0]: r[1] for r in rows[1:]}
    line = next(n for n, r in enumerate(rows, start=1) if r[0] == parent_of["C-TRUST"])
    rows[line - 1][1] = "C-TRUST"
    with (data / "codes.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    report = validate.validate(data, sources=None)
    assert [(i.code, i.row) for i in report.problems] == [("code-cycle", line)]
    (root, followers), = [(r, f) for r, f in report.folded() if r.severity == "error"]
    assert all(f.code == "code-cycle" for f in followers) and followers
    assert report.summary().startswith("1 problem(s) (and ")


def test_issue_cause_does_not_change_how_an_issue_prints():
    issue = errors.Issue("x", "m", "f.csv", 2, "c", cause="g.csv [y]")
    assert str(issue) == "error: f.csv, row 2, field 'c': [x] m"


@pytest.mark.parametrize("fmt", ["qdpx", "qdc", "annotations"])
def test_export_killed_half_way_leaves_the_previous_file(tmp_path, fmt):
    """An export killed (SIGKILL) after writing its new content but before moving it into place.

    The process dies at the fsync of the temporary file, the last step before the rename:
    the file the user already had is byte for byte what it was.
    """
    import signal
    import subprocess
    import sys

    out = tmp_path / f"export.{fmt}"
    out.write_bytes(b"the previous export\n")
    script = (
        "import os, signal\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from compendium import cli\n"
        f"cli.main(['export', '--format', {fmt!r}, '--out', {str(out)!r}])\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=paths.project_root(), capture_output=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert out.read_bytes() == b"the previous export\n"
    # The kill came inside the atomic write (its temporary file is there, full), not before it;
    # what a killed process cannot clean up is that hidden file beside the target, never the target.
    leftover = list(tmp_path.glob(f".{out.name}.*.tmp"))
    assert leftover and leftover[0].stat().st_size > 0
    assert {p.name for p in tmp_path.iterdir()} - {out.name} <= {p.name for p in tmp_path.glob(f".{out.name}.*.tmp")}
