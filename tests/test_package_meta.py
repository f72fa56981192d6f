"""Package quality: one version number, type hints shipped, a changelog that names the version."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import compendium

ROOT = Path(__file__).resolve().parents[1]


def test_version_is_single_sourced():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "compendium.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", compendium.__version__)
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"\nversion: {compendium.__version__}\n" in citation


def test_type_hints_are_shipped():
    assert (Path(compendium.__file__).parent / "py.typed").is_file()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in project["tool"]["setuptools"]["package-data"]["compendium"]


def test_changelog_names_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(compendium.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
