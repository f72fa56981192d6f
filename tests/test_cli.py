"""The command line beyond validation: locating passages and re-executing chapters."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

from compendium.locators import normalise


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compendium", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_locate_prints_a_locator_row(seeds):
    result = run("locate", "002", "18 in-depth\n interviews")
    assert result.returncode == 0, result.stderr
    exact, prefix, suffix, start, end = next(csv.reader(io.StringIO(result.stdout)))
    text = normalise((seeds / "002_cc4f3f2d52942b0c.txt").read_text(encoding="utf-8"))
    assert text[int(start) : int(end)] == exact == "18 in-depth interviews"
    assert text[: int(start)].endswith(prefix) and text[int(end) :].startswith(suffix)


def test_locate_refuses_a_passage_not_in_the_source(seeds):
    result = run("locate", "002", "nineteen in-depth interviews")
    assert result.returncode == 1 and "occurs 0 time" in result.stderr


def test_execute_refreshes_outputs_without_timestamps(root, tmp_path):
    nb = tmp_path / "claims.ipynb"
    shutil.copy(root / "book" / "claims.ipynb", nb)
    stale = json.loads(nb.read_text(encoding="utf-8"))
    for cell in stale["cells"]:
        cell["outputs"] = [] if cell["cell_type"] == "code" else cell.get("outputs")
        cell.setdefault("metadata", {})["execution"] = {"shell.execute_reply": "yesterday"}
    nb.write_text(json.dumps(stale), encoding="utf-8")
    result = run("execute", str(nb), cwd=root)
    assert result.returncode == 0, result.stderr
    fresh = json.loads(nb.read_text(encoding="utf-8"))
    code = [c for c in fresh["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] for c in code)
    assert not any("execution" in c["metadata"] for c in fresh["cells"])

