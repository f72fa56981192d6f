"""The caches cannot be stale: a change to anything a result depends on is a miss, and nothing else is."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from compendium import cache, sphinxext, validate
from compendium.errors import DataInvalid
from compendium.paths import book_dir, data_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def _counting(monkeypatch) -> list:
    calls = []
    real = validate.validate

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(validate, "validate", counted)
    return calls


# --------------------------------------------------------------------------- validated data


def test_validated_once_then_loaded_from_the_cache(store, data_copy, monkeypatch):
    calls = _counting(monkeypatch)
    first = validate.load_valid(data_copy)
    second = validate.load_valid(data_copy)
    assert len(calls) == 1, "the second load validated again"
    assert len(list(store.glob("*.pickle"))) == 1
    assert first.tables.keys() == second.tables.keys()
    for name in first.tables:
        assert first[name].equals(second[name]), name


def test_a_changed_csv_is_validated_afresh(store, data_copy, monkeypatch):
    calls = _counting(monkeypatch)
    validate.load_valid(data_copy)
    path = data_copy / "works.csv"
    path.write_bytes(path.read_bytes())  # touched, same bytes: still a hit
    validate.load_valid(data_copy)
    assert len(calls) == 1
    speakers = data_copy / "speakers.csv"
    speakers.write_text(speakers.read_text(encoding="utf-8").replace("sergeant", "inspector", 1), encoding="utf-8")
    data = validate.load_valid(data_copy)
    assert len(calls) == 2, "a changed CSV was served from the cache"
    assert "inspector" in set(data["speakers"]["role"].dropna())


def test_invalid_data_is_never_cached(store, data_copy, monkeypatch):
    path = data_copy / "speakers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n002-5B,", "\n002-5B,x,", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataInvalid):
            validate.load_valid(data_copy)
    assert not list(store.glob("*.pickle")) if store.exists() else True


def test_a_damaged_entry_is_a_miss_not_an_error(store, data_copy, monkeypatch):
    validate.load_valid(data_copy)
    (entry,) = store.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    calls = _counting(monkeypatch)
    data = validate.load_valid(data_copy)
    assert len(calls) == 1 and len(data["claims"])


def test_cache_off_when_the_variable_is_empty(monkeypatch, data_copy):
    monkeypatch.setenv(cache.CACHE_ENV, "")
    calls = _counting(monkeypatch)
    validate.load_valid(data_copy)
    validate.load_valid(data_copy)
    assert len(calls) == 2


def test_only_the_newest_entries_are_kept(store):
    for i in range(cache.KEEP + 3):
        cache.put(f"k{i}", {"i": i})
        os.utime(store / f"k{i}.pickle", (i, i))
    kept = sorted(p.stem for p in store.glob("*.pickle"))
    assert len(kept) == cache.KEEP and f"k{cache.KEEP + 2}" in kept and "k0" not in kept


def test_key_follows_notebook_cells_not_outputs(tmp_path, data_copy):
    book = tmp_path / "book"
    shutil.copytree(book_dir(), book, ignore=shutil.ignore_patterns("tutorial"))
    before = cache.validation_key(data_copy, None, book)
    path = book / "culture.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert cache.validation_key(data_copy, None, book) == before, "executing a chapter must not invalidate validation"
    code = next(c for c in nb["cells"] if c["cell_type"] == "code" and any(t.startswith("claim:") for t in c["metadata"].get("tags", [])))
    code["metadata"]["tags"] = [t for t in code["metadata"]["tags"] if not t.startswith("claim:")]
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert cache.validation_key(data_copy, None, book) != before, "a claim tag removed must be validated again"


def test_key_follows_the_package_code(tmp_path, data_copy, monkeypatch):
    package = tmp_path / "compendium"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    before = cache.validation_key(data_copy, None, None)
    exec_before = cache.execution_key(ROOT)
    with (package / "verdicts.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a changed rule\n")
    assert cache.validation_key(data_copy, None, None) != before
    assert cache.execution_key(ROOT) != exec_before


# --------------------------------------------------------------------------- executed notebooks


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "book" / "tutorial").mkdir(parents=True)
    (root / "data" / "value.csv").write_text("value\n1\n", encoding="utf-8")
    (root / "book" / "tutorial" / "project.qdpx").write_bytes(b"PK")
    (root / "requirements.txt").write_text("pandas==3.1.1\n", encoding="utf-8")
    (root / "runtime.txt").write_text("python-3.11\n", encoding="utf-8")
    return root


def test_execution_key_follows_every_input_but_the_notebooks(tmp_path, monkeypatch):
    monkeypatch.delenv("COMPENDIUM_DATA", raising=False)
    root = _project(tmp_path)
    keys = {cache.execution_key(root)}
    (root / "book" / "chapter.ipynb").write_text("{}", encoding="utf-8")  # notebooks are jupyter-cache's to key
    assert cache.execution_key(root) in keys
    for path, content in [("data/value.csv", "value\n2\n"), ("book/tutorial/project.qdpx", "PK2"), ("requirements.txt", "pandas==3.1.2\n"), ("runtime.txt", "python-3.12\n")]:
        (root / path).write_text(content, encoding="utf-8")
        key = cache.execution_key(root)
        assert key not in keys, f"a change to {path} did not change the key"
        keys.add(key)


def test_the_extension_moves_the_cache_and_removes_stale_folders(tmp_path, monkeypatch):
    monkeypatch.delenv("COMPENDIUM_DATA", raising=False)
    root = _project(tmp_path)
    app = SimpleNamespace(outdir=str(root / "_build" / "html"), srcdir=str(root))
    config = SimpleNamespace(nb_execution_mode="cache", nb_execution_cache_path="")
    sphinxext._execution_cache(app, config)
    first = Path(config.nb_execution_cache_path)
    first.mkdir(parents=True)
    (root / "data" / "value.csv").write_text("value\n3\n", encoding="utf-8")
    sphinxext._execution_cache(app, config)
    second = Path(config.nb_execution_cache_path)
    assert second != first and second.parent == first.parent
    assert not first.exists(), "the folder of a stale key was kept"
    off = SimpleNamespace(nb_execution_mode="force", nb_execution_cache_path="")
    sphinxext._execution_cache(app, off)
    assert off.nb_execution_cache_path == ""


def _tiny_book(root: Path) -> None:
    (root / "_config.yml").write_text(
        "title: tiny\nonly_build_toc_files: true\nexclude_patterns: [_build, data]\n"
        "execute:\n  execute_notebooks: cache\n"
        "sphinx:\n  extra_extensions: [compendium.sphinxext]\n  config:\n    nb_execution_raise_on_error: true\n",
        encoding="utf-8",
    )
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/one\nchapters:\n- file: book/two\n", encoding="utf-8")
    for name in ("one", "two"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell("from pathlib import Path\nprint('value', Path('../data/value.csv').read_text().split()[1])")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / "book" / f"{name}.ipynb")


def _build(root: Path) -> tuple[int, str]:
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k != "COMPENDIUM_DATA"}
    done = subprocess.run([str(bin_dir / "jupyter-book"), "build", str(root), "-W", "-n", "--keep-going"], capture_output=True, text=True, env=env)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-3000:]
    ahead = sum(int(n) for n in re.findall(r"executing (\d+) notebook\(s\) ahead", log))
    return ahead + len(re.findall(r"Executing notebook using", log)), log


@pytest.mark.slow
def test_a_book_rebuilt_without_change_executes_nothing_and_a_data_change_executes_all(tmp_path):
    """End to end, with jupyter-book: cached builds, and a change in data/ re-executes every chapter."""
    root = _project(tmp_path)
    _tiny_book(root)
    executed, _ = _build(root)
    assert executed == 2
    executed, _ = _build(root)
    assert executed == 0, "a no-change rebuild executed a notebook"
    (root / "data" / "value.csv").write_text("value\n42\n", encoding="utf-8")
    executed, _ = _build(root)
    assert executed == 2, "a change in data/ left a chapter stale"
    page = (root / "_build" / "html" / "book" / "two.html").read_text(encoding="utf-8")
    assert "value 42" in page
    nb = root / "book" / "one.ipynb"
    cells = nbformat.read(nb, as_version=4)
    cells.cells[1].source += "\nprint('more')"
    nbformat.write(cells, nb)
    executed, _ = _build(root)
    assert executed == 1, "a change to one notebook's code re-executes that notebook only"


def test_the_command_line_fills_the_cache_for_the_chapters(store, data_copy, monkeypatch, capsys):
    from compendium import cli

    assert cli.main(["validate", "--data", str(data_copy)]) == 0
    calls = _counting(monkeypatch)
    validate.load_valid(data_copy)
    assert calls == [], "a chapter validated again after `compendium validate` had"
