"""``compendium init``: a REFI-QDA project becomes a compendium whose book builds and whose tests pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from refi_build import ONE_CODE, codebook, qde, qdpx, selection, source

from compendium import coded
from compendium.refi import Case, Code, Coding, Project, Selection, Source, Variable, write_qdpx
from compendium.scaffold import InitError, choose_variable, init, slug

BIN = Path(sys.executable).parent


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compendium", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


def one_line_error(result, code):
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def small_project() -> Project:
    """Two interviews, two codes, a case variable with two values (synthetic)."""
    g = "{:08d}-0000-4000-8000-{:012d}".format
    p = Project(name="Small synthetic project")
    p.codes = [Code(g(1, 1), "Trust"), Code(g(1, 2), "Resources")]
    p.variables = [Variable(g(2, 1), "agency")]
    for i, (text, agency) in enumerate([("We trust them. Money is short.", "police"), ("Trust is earned.", "council")], 1):
        p.sources.append(Source(g(3, i), f"Interview {i}", text))
        p.selections.append(Selection(g(4, i), g(3, i), 0, text.index(".") + 1))
        p.codings.append(Coding(g(5, i), g(4, i), g(1, 1)))
        p.cases.append(Case(g(6, i), f"Person {i}", values=((g(2, 1), agency),), sources=(g(3, i),)))
    p.selections.append(Selection(g(4, 9), g(3, 1), 15, 30))
    p.codings += [Coding(g(5, 9), g(4, 9), g(1, 2)), Coding(g(5, 10), g(4, 9), g(1, 1))]
    return p


@pytest.fixture
def project_file(tmp_path) -> Path:
    return write_qdpx(small_project(), tmp_path / "small.qdpx")


@pytest.mark.slow
def test_init_makes_a_compendium_that_builds_and_passes_its_tests(tmp_path, project_file):
    """The issue's test: init, then in the new folder the book builds with -W and its tests pass."""
    out = tmp_path / "mine"
    result = run("init", out, "--from", project_file)
    assert result.returncode == 0, result.stderr
    assert "3 selections" in result.stdout and "by case variable 'agency'" in result.stdout
    for name in ("README.md", "Makefile", "_config.yml", "_toc.yml", "requirements.txt", "intro.md", "analysis.ipynb",
                 "claims.ipynb", "data/datapackage.json", "data/claims.csv", "data/import-report.txt", "tests/test_data.py"):
        assert (out / name).is_file(), name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "staging folder left behind"
    assert all("==" in line for line in (out / "requirements.txt").read_text().splitlines() if line and not line.startswith("#") and not line.startswith(" "))
    build = subprocess.run([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], cwd=out,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    html = (out / "_build" / "html" / "analysis.html").read_text(encoding="utf-8")
    assert "{glue" not in html and "Trust is earned." in html
    tests = subprocess.run([sys.executable, "-m", "pytest", "tests", "analysis.ipynb", "claims.ipynb", "--nbval", "--nbval-current-env",
                            "--nbval-sanitize-with", "nbval-sanitize.cfg", "-q"], cwd=out, capture_output=True, text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert "10 passed" in tests.stdout, tests.stdout[-500:]


def test_the_generated_makefile_has_book_and_test(tmp_path, project_file):
    result = init(project_file, tmp_path / "mine", execute=False)
    make = (result.folder / "Makefile").read_text(encoding="utf-8")
    assert "\nbook:" in make and "\ntest:" in make and "--nbval" in make and "tests" in make
    assert "analysis.ipynb" in result.files and "data/codes.csv" in result.files


def test_data_package_validates_and_an_invalid_claim_is_caught(tmp_path, project_file):
    """The package validates as written; a claim with an unknown verdict or code is reported (the check can fail)."""
    folder = init(project_file, tmp_path / "mine", execute=False).folder / "data"
    assert coded.problems(folder) == []
    claims = folder / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8") + "C-01,,Trust grows,qualitative,proven,nope,,because\n", encoding="utf-8")
    found = coded.problems(folder)
    assert any("status" in p and "constraint" in p for p in found), found
    assert any("foreign-key" in p for p in found), found


def test_counts_of_the_small_project(tmp_path, project_file):
    tables = coded.load(init(project_file, tmp_path / "mine", execute=False).folder / "data")
    freq = coded.frequencies(tables, "agency")
    assert freq.loc["Trust"].to_dict() == {"council": 1, "police": 2}
    assert freq.loc["Resources"].to_dict() == {"council": 0, "police": 1}
    assert coded.cooccurrence(tables).loc["Trust", "Resources"] == 1
    assert list(coded.excerpts(tables, "Resources")["text"]) == ["Money is short."]


def test_a_project_without_cases_still_gives_running_chapters(tmp_path):
    """No case variable: the starter chapter counts overall, and its notebooks execute."""
    body = ONE_CODE + source('plainTextPath="internal://doc.txt"', selections=selection(3, 8))
    path = qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body), "sources/doc.txt": "We trust Kate."})
    result = init(path, tmp_path / "mine")
    assert result.variable is None
    assert "overall" in "\n".join(result.lines())


def test_refuses_a_non_empty_folder(tmp_path, project_file):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    one_line_error(run("init", out, "--from", project_file), 2)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    with pytest.raises(InitError, match="not empty"):
        init(project_file, out)


def test_an_empty_folder_is_used(tmp_path, project_file):
    out = tmp_path / "mine"
    out.mkdir()
    assert run("init", out, "--from", project_file, "--no-execute").returncode == 0
    assert (out / "data" / "codes.csv").is_file()


@pytest.mark.parametrize("content, code, words", [
    (None, 2, "no such file"),
    (b"PK\x03\x04 broken", 1, "not a zip"),
    ("codebook", 1, "codebook"),
])
def test_bad_input_writes_nothing(tmp_path, content, code, words):
    path = tmp_path / "x.qdpx"
    if content == "codebook":
        path.write_text(codebook("<Codes/>").replace("<Codes/>", ONE_CODE[len("<CodeBook>"):-len("</CodeBook>")]), encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    result = run("init", tmp_path / "out", "--from", path)
    one_line_error(result, code)
    assert words in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if content is None else ["x.qdpx"])


def test_usage_errors(tmp_path, project_file, root):
    one_line_error(run("init", tmp_path / "missing" / "out", "--from", project_file), 2)
    one_line_error(run("init", root / "data" / "mine", "--from", project_file), 2)
    assert not (root / "data" / "mine").exists()
    assert run("init", tmp_path / "out").returncode == 2  # --from is required
    assert run("init", "--help").returncode == 0


def test_requirements_pinned_without_the_lock(tmp_path, project_file):
    """Installed away from this repository (no lock to copy), init pins what is installed."""
    folder = init(project_file, tmp_path / "mine", execute=False, requirements=tmp_path / "no-lock.txt").folder
    pins = [line for line in (folder / "requirements.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
    assert any(line.startswith("jupyter-book==") for line in pins)


def test_helpers():
    assert slug("Trust & Safety: 2024!") == "trust-safety-2024" and slug("***") == "coded-project"
    assert choose_variable(small_project()) == "agency"


@pytest.mark.slow
def test_init_on_the_tutorial_project_then_make_book_and_make_test(tmp_path):
    """The issue's wording: ``compendium init`` on the tutorial's .qdpx, then the generated
    ``make book`` and ``make test`` pass (run with this environment's tools, as a researcher's
    installed environment would provide them)."""
    tutorial = Path(__file__).resolve().parents[1] / "book" / "tutorial" / "synthetic.qdpx"
    out = tmp_path / "tutorial-compendium"
    result = run("init", out, "--from", tutorial)
    assert result.returncode == 0, result.stderr
    tools = [f"PYTHON={sys.executable}", f"JB={BIN / 'jupyter-book'}"]
    book = subprocess.run(["make", "book", *tools], cwd=out, capture_output=True, text=True, timeout=900)
    assert book.returncode == 0, book.stdout[-3000:] + book.stderr[-3000:]
    assert (out / "_build" / "html" / "analysis.html").is_file()
    test = subprocess.run(["make", "test", *tools], cwd=out, capture_output=True, text=True, timeout=900)
    assert test.returncode == 0, test.stdout[-3000:] + test.stderr[-3000:]
    assert " passed" in test.stdout and "failed" not in test.stdout
