"""The API reference (book/api.md) builds without a warning: autodoc and napoleon as the book runs them, nitpicky."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The settings of _config.yml the API page depends on (copied into the scratch project, so they stay in step).
KEYS = ("napoleon_google_docstring", "napoleon_numpy_docstring", "autodoc_member_order", "nitpick_ignore_regex")


@pytest.mark.slow
def test_api_page_builds_without_warnings(tmp_path):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]
    extensions = ["myst_parser", *(e for e in config["extra_extensions"] if e.startswith("sphinx.ext."))]
    assert {"sphinx.ext.autodoc", "sphinx.ext.napoleon"} <= set(extensions)
    settings = {k: config["config"][k] for k in KEYS}
    settings["nitpick_ignore_regex"] = [tuple(pair) for pair in settings["nitpick_ignore_regex"]]
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(ROOT / "book" / "api.md", source / "index.md")
    (source / "conf.py").write_text(
        f"project = 'api'\nextensions = {extensions!r}\nmyst_enable_extensions = ['colon_fence']\n"
        + "".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-q", str(source), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for name in ("compendium.coded.frequencies", "compendium.scaffold.init", "compendium.refi.reader.read", "compendium.verdicts.assess"):
        assert f'id="{name}"' in html, name


def test_api_page_is_in_the_book():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "file: book/api" in toc
