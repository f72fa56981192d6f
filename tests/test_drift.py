"""Drift: a changed value that validation cannot catch is caught by nbval, with a readable diff.

Validation checks that the data are well-formed and agree with themselves and the sources;
it cannot know that a curator's attribution is right. The committed outputs of each chapter
are the regression test for that: change one such value in a scratch copy of ``data/`` and
the chapter that shows it fails under nbval, naming the new value, while validation passes.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from compendium import paths, validate

ROOT = paths.project_root()


def test_a_changed_value_fails_its_chapter_under_nbval_while_validation_passes(tmp_path, seeds):
    copy = Path(shutil.copytree(paths.data_dir(), tmp_path / "data"))
    path = copy / "excerpts.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["excerpt_id"] == "X-002-3A-01":
            assert row["attribution"] == "(Interview 3A, sergeant)"
            row["attribution"] = "(Interview 3A, superintendent)"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    assert validate.validate(copy, sources=seeds).valid  # well-formed, so validation has nothing to say

    env = {**os.environ, paths.DATA_ENV: str(copy)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", "nbval-sanitize.cfg", "book/findings.ipynb"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode != 0, "nbval passed although a chapter's output changed"
    assert "superintendent" in run.stdout, "the failure does not show the changed value"
    assert "Cell outputs differ" in run.stdout, "nbval failed for another reason than changed outputs"
