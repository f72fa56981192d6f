"""``compendium init``: a new, working compendium made from a REFI-QDA project.

:func:`init` reads a ``.qdpx`` (or ``.qde``) file with :func:`compendium.refi.reader.read` and writes a
small compendium into a new or empty folder::

    README.md  Makefile  _config.yml  _toc.yml  requirements.txt  nbval-sanitize.cfg  pytest.ini
    intro.md             the project, and the import report
    analysis.ipynb       code frequencies by a case attribute, co-occurrence, excerpts by code
    claims.ipynb         the claims registry (empty until the researcher fills data/claims.csv)
    data/                the project as a Frictionless data package (compendium.coded)
    tests/test_data.py   the data package validates

Everything is written into a temporary folder beside the target and moved into place at
the end, so a failure (an unreadable file, an invalid package, a chapter that does not run)
leaves nothing behind. The chapters are executed once in that folder, so ``make test``
(``pytest --nbval``) has outputs to compare against from the start.

The result needs only the generic core of this package (:mod:`compendium.coded`,
:mod:`compendium.refi`, :mod:`compendium.verdicts`), never the parts specific to the two
documents this compendium studies.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from compendium.refi.model import Project
from compendium.refi.report import ImportReport

#: The chapters the new compendium has, in order.
CHAPTERS = ("analysis.ipynb", "claims.ipynb")


class InitError(Exception):
    """What stops ``init`` (the target folder is not empty, the data package is invalid…), in one line."""


@dataclass
class InitResult:
    """What :func:`init` did.

    Attributes
    ----------
    folder : Path
        The new compendium.
    report : ImportReport
        What the import read, adapted and left out.
    rows : dict of str to int
        Rows written per table of the data package.
    files : list of str
        Every file written, relative to ``folder``.
    variable : str or None
        The case variable the starter chapter compares codes by.
    """

    folder: Path
    report: ImportReport
    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    variable: str | None = None

    def lines(self) -> list[str]:
        """A report for the command line."""
        tables = ", ".join(f"{name} {n}" for name, n in self.rows.items())
        by = f"by case variable {self.variable!r}" if self.variable else "overall (the project has no case variable with two values)"
        return [*self.report.lines(), f"data package: {tables} rows", f"starter chapter: code frequencies {by}",
                f"written: {self.folder} ({len(self.files)} files)",
                f"next: cd {self.folder} && make test   (see README.md)"]


def slug(text: str) -> str:
    """A data package name from a project name: lower case letters, digits and ``-``."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out or "coded-project"


def choose_variable(project: Project) -> str | None:
    """The first case variable that takes at least two values across the cases (None: there is none)."""
    for variable in project.variables:
        values = {value for case in project.cases for guid, value in case.values if guid == variable.guid}
        if len(values) >= 2:
            return variable.name
    return None


def init(source: Path | str, folder: Path | str, execute: bool = True, requirements: Path | str | None = None) -> InitResult:
    """Create a compendium in ``folder`` from the REFI-QDA project ``source``.

    Parameters
    ----------
    source : Path or str
        A ``.qdpx`` project (or a bare ``.qde``).
    folder : Path or str
        A new folder, or an empty one; its parent must exist.
    execute : bool
        Execute the chapters once so they are stored with their outputs (default). Without
        it, run ``make notebooks`` in the new compendium before ``make test``.
    requirements : Path or str, optional
        The pinned lock to copy as ``requirements.txt`` (default: this project's lock).

    Returns
    -------
    InitResult

    Raises
    ------
    InitError
        If ``folder`` is a file or a non-empty folder, its parent is missing, the file is a
        codebook only, or the data package written does not validate. Nothing is written.
    compendium.refi.report.RefiError
        If the file cannot be read. Nothing is written.
    """
    from compendium import coded
    from compendium.refi import read

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder}: {'is a file' if not folder.is_dir() else 'is not empty'}; give a new or empty folder (nothing is overwritten)")
    if not folder.parent.is_dir():
        raise InitError(f"{folder}: its parent folder does not exist")
    project, report = read(source)
    if report.kind == "qdc":
        raise InitError(f"{source}: a codebook (.qdc) holds no coded data; give a project (.qdpx)")
    lock = Path(requirements) if requirements else _lock()
    result = InitResult(folder, report, variable=choose_variable(project))
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        data = staging / "data"
        data.mkdir()
        result.rows = coded.write_package(project, data, slug(project.name), project.name or "Coded project")
        (data / "import-report.txt").write_text("\n".join(_report_lines(report, source)) + "\n", encoding="utf-8")
        found = coded.problems(data)
        if found:
            raise InitError(f"the imported project does not make a valid data package ({len(found)} problem(s)), first: {found[0]}")
        _write_files(staging, project, report, result.variable, source, lock)
        if execute:
            from compendium.notebooks import execute as run

            for chapter in CHAPTERS:
                run(staging / chapter)
        result.files = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        os.chmod(staging, 0o777 & ~_umask())
        if folder.exists():
            folder.rmdir()  # empty (checked above); a rename cannot replace a folder everywhere
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _lock() -> Path:
    """This project's pinned lock (``requirements.txt`` beside ``pyproject.toml``)."""
    return Path(__file__).resolve().parents[2] / "requirements.txt"


def _report_lines(report: ImportReport, source: Path | str) -> list[str]:
    """The import report with the file named by its name only (no machine-specific path)."""
    lines = report.lines()
    prefix = f"{report.file}:"
    if lines and lines[0].startswith(prefix):
        lines[0] = f"{Path(source).name}:{lines[0][len(prefix):]}"
    return lines


def _md(text: str) -> dict:
    import nbformat.v4 as v4

    return v4.new_markdown_cell(text.strip("\n"))


def _code(text: str, tags: tuple[str, ...] = ()) -> dict:
    import nbformat.v4 as v4

    cell = v4.new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _notebook(cells: list) -> str:
    import nbformat
    import nbformat.v4 as v4

    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"  # stable ids: a re-generated notebook gives no diff
    return nbformat.writes(nb) + "\n"


def _title(text: str) -> str:
    return re.sub(r"[\n\r`*_#<>\[\]{}]", " ", text).strip() or "Coded project"


SETUP = """
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from myst_nb import glue

from compendium import coded

pd.set_option("display.max_colwidth", None)
tables = coded.load(Path("data"))
"""


def analysis_notebook(name: str, variable: str | None) -> str:
    """The starter chapter: code frequencies by a case attribute, co-occurrence and excerpts by code."""
    by = "the case variable chosen below" if variable else "no case variable (the project has none with two values)"
    return _notebook([
        _md(f"""
# {_title(name)}: codes, cases and excerpts

## Overview

This chapter counts the coded passages of the project: how often each code was applied, split by
{by}; which codes were applied to the same passages; and the passages themselves, by code. It is a
starting point: add your own sections below, and your claims to `data/claims.csv`.
"""),
        _md("""
## Sources and data

| what | where | how |
|---|---|---|
| the codebook | {download}`codes.csv <data/codes.csv>` | `compendium.coded.load` |
| coded passages | {download}`selections.csv <data/selections.csv>`, {download}`codings.csv <data/codings.csv>` | `compendium.coded.coded` |
| cases and their attributes | {download}`cases.csv <data/cases.csv>`, {download}`case_values.csv <data/case_values.csv>`, {download}`case_members.csv <data/case_members.csv>` | `compendium.coded.frequencies` |

The project holds {glue:text}`n-sources` sources, {glue:text}`n-selections` coded or named passages,
{glue:text}`n-codings` codings with {glue:text}`n-codes` codes, and {glue:text}`n-cases` cases.
"""),
        _code(SETUP + f"""
VARIABLE = {variable!r}  # the case variable to compare by; set it to another name, or None

glue("n-sources", len(tables["sources"]), display=False)
glue("n-selections", len(tables["selections"]), display=False)
glue("n-codings", len(tables["codings"]), display=False)
glue("n-codes", len(tables["codes"]), display=False)
glue("n-cases", len(tables["cases"]), display=False)
"""),
        _md("""
## Codes by case attribute

Each cell counts the distinct passages coded with a code in cases with that value. A passage
belongs to a case when the case names it or names its source.
"""),
        _code("""
frequencies = coded.frequencies(tables, VARIABLE)
fig = coded.heatmap(frequencies, f"Coded passages by {VARIABLE}" if VARIABLE else "Coded passages")
glue("fig-frequencies", fig, display=False)
plt.close(fig)
glue("n-applied", len(frequencies), display=False)
frequencies
"""),
        _md("""
```{glue:figure} fig-frequencies
:name: fig-frequencies

Coded passages per code: {glue:text}`n-applied` codes were applied at least once.
```
"""),
        _md("""
## Codes that occur together

Each cell counts the passages coded with both codes; the diagonal counts the passages coded with
that code at all.
"""),
        _code("""
together = coded.cooccurrence(tables)
fig = coded.heatmap(together, "Passages coded with both codes")
glue("fig-cooccurrence", fig, display=False)
plt.close(fig)
pairs = int(((together.values > 0).sum() - (together.values.diagonal() > 0).sum()) // 2)
glue("n-pairs", pairs, display=False)
together
"""),
        _md("""
```{glue:figure} fig-cooccurrence
:name: fig-cooccurrence

Code co-occurrence: {glue:text}`n-pairs` pairs of codes share at least one passage.
```
"""),
        _md("""
## Excerpts by code

Every coded passage, under each code it was coded with, with its source and case.
"""),
        _code("""
coded.excerpts(tables).sort_values(["code", "source"], kind="stable").reset_index(drop=True)
"""),
        _md("""
## What could not be checked

Counts are of passages, not of people or words. A passage that belongs to no case is counted
overall but not by case attribute: {glue:text}`n-uncased` codings are in no case. Whatever the
import report lists as not supported (pictures, PDF regions, audio and video) is not in the data.
"""),
        _code("""
uncased = coded.coded(tables)
glue("n-uncased", int((uncased["case"] == "").sum()), display=False)
"""),
        _md("""
## Summary

The project's {glue:text}`n-codings` codings spread over {glue:text}`n-applied` codes, and
{glue:text}`n-pairs` pairs of codes meet on the same passages. Record what you conclude as claims in
`data/claims.csv`; they are listed on the claims page.
"""),
    ])


def claims_notebook() -> str:
    """The claims page: what the registry holds, by verdict."""
    return _notebook([
        _md("""
# Claims

## Overview

The claims registry, `data/claims.csv`, holds each claim you make or check, with its verdict and
the reason for it. It starts empty. Add a row per claim: an id, the source (a GUID from
`data/sources.csv`, or empty for your own claim), the claim in your own words, its kind, its verdict,
the code or selection that is its evidence, and the reason. `make test` checks every row against
the table's schema (allowed kinds and verdicts, evidence that exists).

## Sources and data

| what | where | how |
|---|---|---|
| the claims | {download}`claims.csv <data/claims.csv>` | `compendium.coded.load` |

The registry holds {glue:text}`n-claims` claims.
"""),
        _code(SETUP + """
claims = tables["claims"]
glue("n-claims", len(claims), display=False)
"""),
        _md("""
## The claims
"""),
        _code("""
claims[["claim_id", "claim", "kind", "status", "reason"]] if len(claims) else print("No claims yet: add rows to data/claims.csv.")
"""),
        _md("""
## By verdict
"""),
        _code("""
claims.groupby("status").size().rename("claims").to_frame() if len(claims) else print("No verdicts yet.")
"""),
        _md("""
## What could not be checked

A verdict is recorded, not recomputed here: this page lists what the registry says.

## Summary

{glue:text}`n-claims` claims are registered.
"""),
    ])


def _write_files(root: Path, project: Project, report: ImportReport, variable: str | None, source: Path | str, lock: Path) -> None:
    name = project.name or "Coded project"
    (root / "analysis.ipynb").write_text(analysis_notebook(name, variable), encoding="utf-8")
    (root / "claims.ipynb").write_text(claims_notebook(), encoding="utf-8")
    report_block = "\n".join(_report_lines(report, source))
    files = {
        "intro.md": f"""# {_title(name)}

A compendium of the coded project *{_title(name)}*, made by `compendium init` from
`{Path(source).name}`. The project is in `data/` as a data package; the chapters analyse it.

## What was imported

```text
{report_block}
```

```{{tableofcontents}}
```
""",
        "_config.yml": f"""# Jupyter Book 1 configuration (made by compendium init).
title: {json.dumps(_title(name))}
author: {json.dumps(_title(name) + " contributors")}
only_build_toc_files: true
exclude_patterns: [_build, .venv, "**.ipynb_checkpoints", README.md, tests, data, ".*"]

execute:
  # Execute every chapter on every build: the cache would not see a change to data/.
  execute_notebooks: force
  allow_errors: false
  timeout: 300

html:
  use_repository_button: false

sphinx:
  config:
    nb_execution_raise_on_error: true
    html_show_sourcelink: false
""",
        "_toc.yml": "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: {Path(c).stem}\n" for c in CHAPTERS),
        "Makefile": f"""# make book: build the HTML book (warnings are errors). make test: validate data/ and compare the
# chapters with their stored outputs. make notebooks: re-execute the chapters after changing data/.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
JB ?= jupyter-book
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg

.PHONY: book test notebooks clean

book:
\t$(JB) build . -W -n --keep-going --all
\t@echo "Book: _build/html/index.html"

test:
\t$(PYTHON) -m pytest tests {" ".join(CHAPTERS)} $(NBVAL)

notebooks:
\t$(PYTHON) -m compendium execute {" ".join(CHAPTERS)}

clean:
\trm -rf _build
""",
        "pytest.ini": "[pytest]\naddopts = -ra -p no:cacheprovider\ntestpaths = tests\n",
        "nbval-sanitize.cfg": """# nbval output sanitisers: text that changes from run to run.
[memory addresses]
regex: \\b0x[0-9a-fA-F]{6,16}\\b
replace: 0xADDRESS

[base64 PNG]
regex: ^iVBORw0KGgo[A-Za-z0-9+/=\\s]*$
replace: PNG-DATA

[figure repr]
regex: <Figure size \\d+x\\d+ with (\\d+) Axes>
replace: <Figure with \\1 Axes>
""",
        ".gitignore": "_build/\n.venv/\n.ipynb_checkpoints/\n",
        "tests/test_data.py": '''"""The data package validates: types, required values, allowed kinds and verdicts, keys."""

from pathlib import Path

from compendium import coded

DATA = Path(__file__).resolve().parents[1] / "data"


def test_data_package_is_valid():
    assert coded.problems(DATA) == []


def test_every_table_loads():
    tables = coded.load(DATA)
    assert set(tables) == set(coded.SCHEMAS)
''',
        "README.md": f"""# {_title(name)}

A research compendium made with `compendium init` from the REFI-QDA project
`{Path(source).name}`: the coded data as a data package, chapters that analyse it, and a
claims registry.

## Setup

Python 3.11. Install the pinned environment and the `compendium` package (its generic core is
all this compendium uses):

```bash
python3 -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt
pip install --no-deps /path/to/policing-partnerships-compendium   # the compendium package
```

## Commands

```bash
make book        # build the book into _build/html (warnings are errors)
make test        # validate data/ and run the chapters against their stored outputs (nbval)
make notebooks   # after changing data/: re-execute the chapters, then review the diff
```

## Layout

| path | what | who writes it |
|---|---|---|
| `data/` | the project as a Frictionless data package (`datapackage.json`, one CSV per table, `texts/`, `import-report.txt`) | `compendium init`; then you, by hand (claims) |
| `data/claims.csv` | your claims, each with a verdict and its reason | you |
| `analysis.ipynb`, `claims.ipynb` | the chapters, stored with their outputs | you |
| `tests/` | the data package validates | you |
| `_build/` | the built book | generated; not committed |

Re-importing a changed project: run `compendium init` into a new folder and copy your claims and
chapters across.
""",
    }
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if lock.is_file():
        shutil.copyfile(lock, root / "requirements.txt")
    else:
        (root / "requirements.txt").write_text(_installed_pins(), encoding="utf-8")


#: What the new compendium needs, when no lock can be copied.
NEEDS = ("jupyter-book", "myst-nb", "pandas", "numpy", "matplotlib", "seaborn", "frictionless", "nbval", "nbclient",
         "ipykernel", "pytest", "defusedxml", "xmlschema", "rich", "sphinx")


def _installed_pins() -> str:
    """Pins of what the new compendium needs, at the versions installed here (when the lock is not available)."""
    from importlib.metadata import PackageNotFoundError, version

    lines = ["# Pinned to the versions installed where `compendium init` ran (its lock was not available)."]
    for name in NEEDS:
        try:
            lines.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            lines.append(f"# {name}: not installed where compendium init ran")
    return "\n".join(lines) + "\n"
