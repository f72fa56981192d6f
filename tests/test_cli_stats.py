"""``stats`` and ``claims``: what a data package holds, and its claims filtered (exit 0 ok, 1 unreadable, 2 usage)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from compendium import coded
from compendium.cli import main
from compendium.refi import Code, Coding, Project, Selection, Source

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "00000000-0000-4000-8000-000000000003"


def run(*args):
    return subprocess.run([sys.executable, "-m", "compendium", *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture
def package(tmp_path):
    """A small generic data package (compendium.coded) with three claims."""
    p = Project(name="tiny")
    p.codes = [Code("00000000-0000-4000-8000-000000000001", "Trust")]
    p.sources = [Source(SOURCE, "Interview A", "We trust them.")]
    p.selections = [Selection("00000000-0000-4000-8000-000000000004", SOURCE, 0, 14)]
    p.codings = [Coding("00000000-0000-4000-8000-000000000005", p.selections[0].guid, p.codes[0].guid)]
    folder = tmp_path / "data"
    folder.mkdir()
    coded.write_package(p, folder, "tiny", "Tiny")
    with open(folder / "claims.csv", "a", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(["C-01", SOURCE, "Trust is high", "qualitative", "supported", p.codes[0].guid, "", "coded so"])
        w.writerow(["C-02", SOURCE, "Trust is universal", "qualitative", "broader than the evidence", "", "", "one voice"])
        w.writerow(["C-03", "", "Two codes", "numeric", "contradicted", "", "", "one code"])
    assert coded.problems(folder) == []
    return folder


def test_help():
    for command in ("stats", "claims"):
        result = run(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_stats_of_this_compendium():
    result = run("stats")
    assert result.returncode == 0, result.stderr
    claims = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str)
    assert f"{len(claims)} claims" in result.stdout
    for status, n in claims["status"].value_counts().items():
        assert any(line.split() == [*status.split(), str(n)] for line in result.stdout.splitlines()), status
    assert "claims by document:" in result.stdout


def test_stats_of_a_generic_package(package, capsys):
    assert main(["stats", "--data", str(package)]) == 0
    out = capsys.readouterr().out
    assert "14 tables" in out and "3 claims" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["Interview", "A", "2"] in lines and ["(none)", "1"] in lines and ["supported", "1"] in lines
    assert ["selections", "1"] in lines and ["claims", "3"] in lines


@pytest.mark.parametrize("args, ids", [
    ([], ["C-01", "C-02", "C-03"]),
    (["--status", "supported"], ["C-01"]),
    (["--kind", "numeric"], ["C-03"]),
    (["--document", "interview a"], ["C-01", "C-02"]),
    (["--document", SOURCE.upper(), "--status", "broader than the evidence"], ["C-02"]),
    (["--status", "contested"], []),
])
def test_claims_filters(package, capsys, args, ids):
    assert main(["claims", "--data", str(package), "--format", "csv", *args]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(table["claim_id"]) == ids
    assert main(["claims", "--data", str(package), *args]) == 0
    out = capsys.readouterr().out
    assert (f"{len(ids)} of 3 claims" in out) if ids else ("no claims match" in out)


def test_claims_of_this_compendium_by_document_name():
    result = run("claims", "--document", "review", "--kind", "numeric", "--format", "csv")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout), dtype=str)
    claims = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str)
    expected = claims[(claims["source_id"] == "000") & (claims["kind"] == "numeric")]
    assert list(table["claim_id"]) == list(expected["claim_id"]) and len(table) > 0


@pytest.mark.parametrize("args, code, words", [
    (["claims", "--status", "true"], 2, "invalid choice"),
    (["claims", "--kind", "opinion"], 2, "invalid choice"),
    (["claims", "--document", "nowhere"], 2, "no claims of that document"),
    (["stats", "--data", "{tmp}/missing"], 2, "does not exist"),
    (["claims", "--data", "{tmp}/empty"], 1, "no such file"),
    (["stats", "--data", "{tmp}/broken"], 1, "cannot be read"),
    (["claims", "--data", "{tmp}/noclaims"], 1, "no 'claims' resource"),
])
def test_errors_are_one_line(tmp_path, args, code, words):
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "datapackage.json").write_text("{", encoding="utf-8")
    (tmp_path / "noclaims").mkdir()
    (tmp_path / "noclaims" / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    result = run(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and words in result.stderr
    if code == 1:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_entry_point_is_declared():
    """``compendium`` on the PATH runs ``cli.main``; the console-script wrapper passes its int to sys.exit."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["compendium"] == "compendium.cli:main"
    assert isinstance(main(["claims", "--status", "contested", "--format", "csv"]), int)


def test_claim_kinds_are_the_registry_kinds():
    """--kind offers the kinds the registry allows (one list, in verdicts; the data package must agree)."""
    import json

    from compendium.verdicts import CLAIM_KINDS

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    kind = next(f for f in claims["schema"]["fields"] if f["name"] == "kind")
    assert tuple(kind["constraints"]["enum"]) == CLAIM_KINDS == tuple(coded.CLAIM_KINDS)
