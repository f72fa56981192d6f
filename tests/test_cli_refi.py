"""The command line for REFI-QDA and Web Annotations: ``import`` and ``export`` (exit 0 ok, 1 invalid, 2 usage; never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from refi_build import ONE_CODE, qde, qdpx, refi_folder, selection, source

from compendium.refi import read
from compendium.refi.schema import schema_errors


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compendium", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def one_line_error(result, code):
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("command", ["import", "export"])
def test_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


def test_export_qdpx_then_import_it(tmp_path, seeds):
    out = tmp_path / "corpus.qdpx"
    result = run("export", "--format", "qdpx", "--out", out, "--full-text", "000")
    assert result.returncode == 0, result.stderr
    assert "full text: 000" in result.stdout
    project, _ = read(out)
    assert len(project.sources) == 2 and len(project.codings) > 0
    result = run("import", out, "--out", tmp_path / "tables")
    assert result.returncode == 0, result.stderr
    assert f"{len(project.selections)} selections" in result.stdout
    selections = pd.read_csv(tmp_path / "tables" / "selections.csv", dtype=str, keep_default_na=False)
    assert len(selections) == len(project.selections)
    assert (tmp_path / "tables" / "import-report.txt").is_file()
    assert len(list((tmp_path / "tables" / "texts").iterdir())) == 2


def test_export_qdc_validates(tmp_path):
    out = tmp_path / "codebook.qdc"
    result = run("export", "--format", "qdc", "--out", out)
    assert result.returncode == 0, result.stderr
    assert schema_errors(out.read_bytes(), refi_folder()) == []


def test_export_annotations(tmp_path, seeds):
    out = tmp_path / "annotations.jsonld"
    result = run("export", "--format", "annotations", "--out", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["@context"] == "http://www.w3.org/ns/anno.jsonld"


def test_import_reports_quirks_without_writing(tmp_path):
    body = ONE_CODE.replace("11111111-1111-4111-8111-111111111111", "ABCDEF12-3456-4789-8ABC-DEF123456789") + source(
        'plainTextPath="internal://doc.txt"', selections=selection(3, 8, code="abcdef12-3456-4789-8abc-def123456789"))
    path = qdpx(tmp_path / "p.qdpx", {"Project.qde": qde(body), "Sources/doc.txt": b"\xef\xbb\xbfWe trust Kate."})
    result = run("import", path)
    assert result.returncode == 0, result.stderr
    assert "[guid-case]" in result.stdout and "[text-bom]" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.qdpx"]


@pytest.mark.parametrize("make, code, words", [
    (lambda d: (d / "x.qdpx", b"PK\x03\x04 broken"), 1, "not a zip"),
    (lambda d: (d / "x.qdc", b"<CodeBook"), 1, "not well-formed"),
    (lambda d: (d / "x.qdpx", None), 2, "no such file"),
])
def test_import_errors_are_one_line(tmp_path, make, code, words):
    path, content = make(tmp_path)
    if content is not None:
        path.write_bytes(content)
    result = run("import", path, "--out", tmp_path / "out")
    one_line_error(result, code)
    assert words in result.stderr and not (tmp_path / "out").exists()


def test_import_refuses_a_non_empty_out_folder(tmp_path):
    path = qdpx(tmp_path / "p.qdpx", {"project.qde": qde(ONE_CODE)})
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    one_line_error(run("import", path, "--out", out), 2)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_import_into_an_empty_folder(tmp_path):
    path = qdpx(tmp_path / "p.qdpx", {"project.qde": qde(ONE_CODE)})
    out = tmp_path / "out"
    out.mkdir()
    assert run("import", path, "--out", out).returncode == 0
    assert (out / "codes.csv").is_file()


@pytest.mark.parametrize("args, code", [
    (["export", "--format", "pdf", "--out", "x"], 2),
    (["export", "--format", "qdpx"], 2),
    (["export", "--format", "qdpx", "--out", "{tmp}/missing/x.qdpx"], 2),
    (["export", "--format", "qdpx", "--out", "{tmp}"], 2),
    (["export", "--format", "qdpx", "--out", "{tmp}/x.qdpx", "--full-text", "999"], 2),
    (["export", "--format", "qdc", "--out", "{root}/data/codebook.qdc"], 2),
])
def test_export_usage_errors(tmp_path, root, args, code):
    result = run(*[a.format(tmp=tmp_path, root=root) for a in args])
    assert result.returncode == code and "Traceback" not in result.stderr
    assert not (root / "data" / "codebook.qdc").exists()


def test_export_full_text_without_the_texts_fails_cleanly(tmp_path):
    empty = tmp_path / "no-texts"
    empty.mkdir()
    out = tmp_path / "x.qdpx"
    result = run("export", "--format", "qdpx", "--out", out, "--sources", empty, "--full-text", "000")
    one_line_error(result, 1)
    assert "not available" in result.stderr and not out.exists()
