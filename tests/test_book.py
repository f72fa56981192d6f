"""The book as readers get it: prose guards, committed outputs, and links in the built HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compendium.locators import normalise
from compendium.notebooks import anchor, claim_tags
from compendium.package import load

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
HTML = ROOT / "_build" / "html"

# Spans of prose where digits are allowed: MyST roles (glue values, refs), inline code,
# link targets and cross-reference labels. Anything else with a digit is a number typed by hand.
# "N8" is the name of the research partnership, not a number.
ALLOWED = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)|^\([\w-]+\)=$|\bN8\b", re.M)


def _markdown_sources():
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                yield f"{nb.name} cell {i}", "".join(cell["source"])
    for md in sorted((ROOT / "book").glob("*.md")):
        yield md.name, md.read_text(encoding="utf-8")


def digits_outside_roles(text: str) -> list[str]:
    """Words with a digit outside glue roles, code and link targets."""
    prose = ALLOWED.sub(" ", text)
    return re.findall(r"\S*\d\S*", prose)


def test_digit_guard_can_fail():
    """The guard below sees a typed number and ignores glued ones."""
    assert digits_outside_roles("we interviewed 25 officers") == ["25"]
    assert digits_outside_roles("we interviewed {glue:text}`ba-total` officers, see `P-SAMPLE-01`") == []


@pytest.mark.parametrize("where,text", list(_markdown_sources()), ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_no_number_typed_in_prose(where, text):
    """Numbers in prose come from glue, never typed by hand (STYLE principle 11)."""
    assert digits_outside_roles(text) == [], f"{where}: numbers typed in prose"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_committed_with_outputs(nb):
    """nbval compares against committed outputs, so every code cell must have been run."""
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert code and all(c.get("execution_count") for c in code), f"{nb.name}: re-run `make notebooks`"
    for c in code:
        tags = c.get("metadata", {}).get("tags", [])
        if any(t.startswith("claim:") for t in tags):
            assert "nbval-ignore-output" not in tags and "raises-exception" not in tags
            assert c.get("outputs"), "a claim cell must show its check"


def test_every_claim_has_one_cell():
    """Each registered claim is checked by exactly one tagged cell of its notebook."""
    claims = load()["claims"]
    for claim in claims.itertuples():
        tags = claim_tags(ROOT / "book" / claim.notebook)
        assert tags.count(claim.claim_id) == 1, claim.claim_id


def test_nbval_fails_on_a_changed_output(tmp_path):
    """nbval really compares glued values: a tampered committed output fails the run."""
    nb_path = ROOT / "book" / "samples.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            record = out.get("data", {}).get("application/papermill.record/text/plain")
            if record == "28":
                out["data"]["application/papermill.record/text/plain"] = "29"
                break
        else:
            continue
        break
    else:
        pytest.fail("no glued value '28' (the code-scheme capacity) found to tamper with")
    (tmp_path / "book").mkdir()
    target = tmp_path / "book" / "samples.ipynb"
    target.write_text(json.dumps(nb), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(target), "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(ROOT / "nbval-sanitize.cfg"), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT / "book", capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout


class _Anchors(HTMLParser):
    """Collects element ids, hrefs, and the text inside each element that has an id."""

    def __init__(self):
        super().__init__()
        self.ids: dict[str, list[str]] = {}
        self.hrefs: list[str] = []
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        ident = attrs.get("id")
        if ident:
            self.ids.setdefault(ident, [])
        self._open.append((tag, ident))

    def handle_endtag(self, tag):
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for _, ident in self._open:
            if ident:
                self.ids[ident].append(data)


def _parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def built() -> Path:
    if not (HTML / "index.html").is_file():
        pytest.skip("the book is not built: `make test` builds it before running pytest")
    return HTML


def test_claims_page_links_land_on_their_cells(built):
    """Every claim on the Claims page links to a cell that exists and shows that claim's id."""
    claims = load()["claims"]
    page = _parse(built / "book" / "claims.html")
    links = {h for h in page.hrefs if "#claim-" in h}
    assert len(links) == len(claims)
    for claim in claims.itertuples():
        href = f"{Path(claim.notebook).stem}.html#{anchor(claim.claim_id)}"
        assert href in links, f"{claim.claim_id}: no link {href}"
        target = _parse(built / "book" / f"{Path(claim.notebook).stem}.html")
        assert anchor(claim.claim_id) in target.ids, f"{claim.claim_id}: no element with that id"
        text = " ".join(target.ids[anchor(claim.claim_id)])
        assert claim.claim_id in text and claim.status in text, f"{claim.claim_id}: cell does not show its check"


def test_glued_values_render(built):
    """Glued values appear in the prose of the built chapter (no unresolved glue roles)."""
    html = (built / "book" / "samples.html").read_text(encoding="utf-8")
    assert "{glue" not in html
    assert "cannot be checked" in html and "contradicted" in html


#: Ceiling on the characters of a source that locators (with their context) span: under half.
#: The stricter, issue-set budget is the 8-word shingle share in ``tests/test_share.py``.
SPAN_CEILING = 0.5


def test_no_full_source_text_in_repository(root, seeds):
    """No full source is committed; locators span under half of each source; a locator that
    only marks where a claim is made (not evidence, not a quotation) is a short phrase."""
    data = load()
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True).stdout.split()
    names = set(data["sources"]["text_file"])
    assert not any(Path(t).name in names for t in tracked), "a full source text is committed"
    judged = set(data["excerpts"]["locator_id"]) | set(data["claim_evidence"]["locator_id"].dropna())
    for src in data["sources"].itertuples():
        norm = normalise((seeds / src.text_file).read_text(encoding="utf-8"))
        covered = [False] * len(norm)
        for loc in data["locators"][data["locators"]["source_id"] == src.source_id].itertuples():
            start = int(loc.start) - len(loc.prefix if isinstance(loc.prefix, str) else "")
            end = int(loc.end) + len(loc.suffix if isinstance(loc.suffix, str) else "")
            covered[start:end] = [True] * (end - start)
            if loc.locator_id not in judged:
                assert len(str(loc.exact).split()) <= 12, f"{loc.locator_id}: an anchor should be a short phrase"
        share = sum(covered) / len(norm)
        assert share < SPAN_CEILING, f"{src.short_name}: locators span {share:.0%} of the text"


def test_evidence_passages_are_more_than_anchors():
    """Evidence passages carry the clause that bears on the claim: on average well over an anchor's length."""
    data = load()
    used = data["locators"][data["locators"]["locator_id"].isin(data["claim_evidence"]["locator_id"].dropna())]
    used = used[~used["locator_id"].isin(data["excerpts"]["locator_id"])]
    words = used["exact"].str.split().str.len()
    assert words.mean() >= 10, f"evidence passages average {words.mean():.1f} words: too short to judge"


def _pages(built: Path) -> list[Path]:
    return sorted((built / "book").glob("*.html"))


def test_every_claim_link_in_the_book_lands_on_its_cell(built):
    """Links to claim cells anywhere in the book (index, cross-document and problem pages) resolve."""
    ids: dict[str, set[str]] = {}
    followed = 0
    for page in _pages(built):
        for href in _parse(page).hrefs:
            if "#claim-" not in href or href.startswith("http"):
                continue
            target, frag = href.split("#", 1)
            target_page = (page.parent / target) if target else page
            if target_page not in ids:
                ids[target_page] = set(_parse(target_page).ids)
            assert frag in ids[target_page], f"{page.name}: {href} lands nowhere"
            followed += 1
    from compendium.audit import problem_claims

    data = load()
    assert followed >= len(data["claims"]) + len(problem_claims(data))  # the index, plus every problem card


#: Chapters whose data are not in data/: the tutorial works on a synthetic project (a .qdpx) kept beside it.
DATA_OF = {"tutorial": (ROOT / "book" / "tutorial", ".qdpx")}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chapter_offers_its_data_as_csv(built, nb):
    """Each chapter page links CSV downloads, and each download is the table in data/ byte for byte
    (the tutorial: its synthetic project, byte for byte the file in book/tutorial/)."""
    folder, kind = DATA_OF.get(nb.stem, (ROOT / "data", ".csv"))
    page = _parse(built / "book" / f"{nb.stem}.html")
    csvs = [h for h in page.hrefs if h.endswith(kind) and "_downloads/" in h]
    assert csvs, f"{nb.name}: no {kind} download"
    for href in csvs:
        served = (built / "book" / href).resolve()
        assert served.read_bytes() == (folder / served.name).read_bytes(), href


def test_search_index_covers_every_chapter(built):
    """Sphinx search works offline: the index lists every page and the words in them."""
    index = (built / "searchindex.js").read_text(encoding="utf-8")
    assert index.startswith("Search.setIndex(")
    for nb in NOTEBOOKS:
        assert f'"book/{nb.stem}"' in index, nb.stem
    assert '"pragmat' in index and (built / "search.html").is_file()


def test_bibliography_is_generated_and_links_dois(built):
    """The bibliography page lists every work with DOIs as links; the .bib download matches data/."""
    from compendium.bibliography import to_bibtex

    data = load()
    assert (built / "compendium.bib").read_text(encoding="utf-8") == to_bibtex(data)
    page = _parse(built / "book" / "references.html")
    dois = set(data["works"]["doi"].dropna()) | set(data["sources"]["doi"].dropna())
    for doi in dois:
        assert f"https://doi.org/{doi}" in page.hrefs, doi
    html = (built / "book" / "references.html").read_text(encoding="utf-8")
    assert html.count('role="doc-biblioentry"') == len(data["works"]) + len(data["sources"])
    assert "Bullock and Tilley" in html and "not identified" in html
    citing = _parse(built / "book" / "article_citations.html").hrefs
    assert any(h.startswith("references.html#") for h in citing), "no citation links into the bibliography"


# ---- The book for readers (issue 13): code out of the way, one skeleton, figures described. ----

def _toc_chapters() -> list[Path]:
    """Every page in _toc.yml that is a notebook, so a chapter added later is covered too."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [ch["file"] for part in toc.get("parts", []) for ch in part.get("chapters", [])]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").is_file()]


CHAPTERS = sorted(set(NOTEBOOKS) | set(_toc_chapters()))
#: The landing page is results first, not a chapter: it is held to the hidden-input rule, not to the skeleton.
ROOT_PAGE = ROOT / (__import__("yaml").safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"] + ".ipynb")
#: A chapter's skeleton (STYLE.md): these second-level sections, the first two first and the last two last.
SKELETON_HEAD = ["Overview", "Sources and data"]
SKELETON_TAIL = ["What could not be checked", "Summary"]
HIDDEN = {"hide-input", "hide-cell", "remove-input", "remove-cell"}


def _cells(nb: Path) -> list[dict]:
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


def code_cells_showing_input(nb: Path) -> list[int]:
    """Indices of code cells whose input a reader would see by default (no hide/remove tag)."""
    return [i for i, c in enumerate(_cells(nb)) if c["cell_type"] == "code" and "".join(c["source"]).strip()
            and not HIDDEN & set(c.get("metadata", {}).get("tags", []))]


def section_headings(nb: Path) -> list[str]:
    """The level-two headings of a notebook's markdown cells, in order."""
    return [line[3:].strip() for c in _cells(nb) if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")]


def skeleton_problems(headings: list[str]) -> list[str]:
    """What a list of section headings lacks of the chapter skeleton (empty when it follows it)."""
    problems = []
    if headings[: len(SKELETON_HEAD)] != SKELETON_HEAD:
        problems.append(f"does not open with {SKELETON_HEAD} (has {headings[:2]})")
    if headings[-len(SKELETON_TAIL):] != SKELETON_TAIL:
        problems.append(f"does not close with {SKELETON_TAIL} (has {headings[-2:]})")
    return problems


def test_guards_can_fail():
    """The skeleton and hidden-input guards see a chapter that breaks them."""
    assert skeleton_problems(["Claims", "Summary"]) and skeleton_problems(["Overview", "Sources and data", "X"])
    assert skeleton_problems(["Overview", "Sources and data", "X", "What could not be checked", "Summary"]) == []


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_code_inputs_hidden(nb):
    """Every code cell of every page hides its input by default (the reader gets a toggle)."""
    assert code_cells_showing_input(nb) == [], f"{nb.name}: cells {code_cells_showing_input(nb)} show their code; tag them hide-input"


@pytest.mark.parametrize("nb", [c for c in CHAPTERS if c != ROOT_PAGE], ids=lambda p: p.name)
def test_chapter_skeleton(nb):
    """Every chapter follows the skeleton: Overview, Sources and data, its sections, What could not be checked, Summary."""
    assert skeleton_problems(section_headings(nb)) == [], nb.name


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_one_setup_call_and_no_unused_imports(nb):
    """The first code cell calls compendium.chapter.setup(), and every name a page imports is used."""
    import ast

    code = [c for c in _cells(nb) if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in code]
    assert re.search(r"chapter\.setup\((load=False)?\)", sources[0]), f"{nb.name}: the first code cell must call chapter.setup()"
    assert not any("load_valid" in s or "pd.set_option" in s for s in sources), f"{nb.name}: setup is chapter.setup()'s job"
    imported = []
    for s in sources:
        for node in ast.walk(ast.parse(s)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imported += [(a.asname or a.name).split(".")[0] for a in node.names]
    used = {n.id for s in sources for n in ast.walk(ast.parse(s)) if isinstance(n, ast.Name)}
    unused = [name for name in imported if name not in used]
    assert unused == [], f"{nb.name}: unused imports {unused}"


def summary_section(nb: Path) -> str:
    """The markdown of a notebook from its ``## Summary`` heading to the end (empty when it has none)."""
    text = "\n\n".join("".join(c["source"]) for c in _cells(nb) if c["cell_type"] == "markdown")
    match = re.search(r"^## Summary$", text, re.M)
    return text[match.start():] if match else ""


def test_glossary_guard_can_fail(tmp_path):
    """A Summary without the glossary line is seen; one with it passes."""
    from compendium.chapter import GLOSSARY_LINK

    def notebook(summary: str) -> Path:
        path = tmp_path / f"nb{len(summary)}.ipynb"
        path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": ["## Summary\n", summary]}]}))
        return path

    assert GLOSSARY_LINK not in summary_section(notebook("Claims counted."))
    assert GLOSSARY_LINK in summary_section(notebook("Claims counted.\n\n" + GLOSSARY_LINK))
    assert summary_section(notebook("")).startswith("## Summary")


@pytest.mark.parametrize("nb", [c for c in CHAPTERS if c != ROOT_PAGE], ids=lambda p: p.name)
def test_every_summary_links_the_glossary(nb):
    """Every chapter's Summary links to the verdict glossary on the landing page (one wording, from compendium.chapter)."""
    from compendium.chapter import GLOSSARY_LABEL, GLOSSARY_LINK

    assert GLOSSARY_LINK in summary_section(nb), f"{nb.name}: add compendium.chapter.GLOSSARY_LINK to its Summary"
    labels = "".join("".join(c["source"]) for c in _cells(ROOT_PAGE) if c["cell_type"] == "markdown")
    assert f"({GLOSSARY_LABEL})=" in labels, "the glossary label is gone from the landing page"


#: Pandas computation written in a chapter cell: it belongs in a named package function (STYLE
#: principle 8, issue 13). Method calls that only pandas objects have, the ``pd.`` namespace, and a
#: comparison on an indexed value (``df[df["x"] == v]``, ``(t["n"] > 0).sum()``).
INLINE_PANDAS = re.compile(
    r"\bpd\.|\.(groupby|merge|set_index|reset_index|value_counts|crosstab|pivot|pivot_table|unstack|assign|map|apply"
    r"|agg|isin|nunique|sort_values|dropna|fillna|drop_duplicates|query|rename_axis|to_frame)\("
    r"|\.(loc|iloc|at|str)\b|\]\s*(==|!=|>=|<=|>|<)\s|~\w+\["
)
#: Cells allowed to keep pandas inline, each with its reason: (notebook, a fragment of the cell's source).
INLINE_ALLOWED = {
    # The tutorial teaches the generic ``coded`` API: after showing a table it reads one cell of it
    # (``.at[row, column]``) to glue into the prose, as a reader of the tutorial would.
    ("tutorial.ipynb", 'by_agency.at["Trust", "police"]'),
    ("tutorial.ipynb", 'together.at["Compromise", "Pragmatism"]'),
}


def inline_pandas(source: str) -> list[str]:
    """The inline-pandas fragments in a cell's source (empty when the cell only calls the package)."""
    return [m.group(0) for m in INLINE_PANDAS.finditer(source)]


def test_inline_pandas_guard_can_fail():
    """The guard sees a filter, a groupby and a crosstab, and passes one-line calls into compendium."""
    assert inline_pandas('st = data["statements"][data["statements"]["source_id"] == "000"]')
    assert inline_pandas('mine.groupby("status").size()') and inline_pandas("pd.crosstab(a, b)")
    assert inline_pandas('int((works["resolved"] == "unresolved").sum())')
    assert inline_pandas('data["sources"].set_index("source_id").loc["002"]')
    assert inline_pandas('glue("x", claims.count_status(traced, "supported"), display=False)') == []
    assert inline_pandas('data["claims"].head()\nwalk[["claim_id", "relation"]]') == []


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_no_inline_pandas_in_chapters(nb):
    """Chapter cells call named package functions; they do not compute with pandas inline."""
    found = {}
    for i, c in enumerate(_cells(nb)):
        source = "".join(c["source"])
        if c["cell_type"] != "code" or any(nb.name == n and frag in source for n, frag in INLINE_ALLOWED):
            continue
        if inline_pandas(source):
            found[i] = inline_pandas(source)
    assert found == {}, f"{nb.name}: inline pandas in cells {found}; move it into a named compendium function"


def test_glossary_defines_every_verdict():
    """The landing page's glossary has one term per verdict, so every badge's link lands."""
    from compendium.verdicts import VERDICTS

    text = "".join("".join(c["source"]) for c in _cells(ROOT_PAGE) if c["cell_type"] == "markdown")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    terms = [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(" ")]
    assert terms == list(VERDICTS)


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def alt_problem(img: dict) -> str | None:
    """Why an <img>'s alt text does not describe it (None when it does)."""
    alt = (img.get("alt") or "").strip()
    src = img.get("src", "")
    if not alt:
        return "no alt text"
    if alt == src or alt == Path(src).name or Path(alt).suffix.lower() in {".png", ".svg", ".jpg", ".jpeg", ".gif"} or "_images/" in alt:
        return f"alt text is a file name: {alt!r}"
    return None


def test_alt_guard_can_fail():
    assert alt_problem({"src": "../_images/a.png", "alt": "../_images/a.png"}) and alt_problem({"src": "x.png"})
    assert alt_problem({"src": "x.png", "alt": "Bars of claims by verdict"}) is None


def test_every_image_has_real_alt_text(built):
    """Every <img> of the built book has alt text other than its file name."""
    problems = []
    for page in [built / "index.html", *_pages(built)]:
        parser = _Images()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.name}: {img.get('src')}: {alt_problem(img)}" for img in parser.images if alt_problem(img)]
    assert problems == [], "\n".join(problems)


def test_every_figure_is_numbered_and_captioned(built):
    """Every chart in a chapter sits in a numbered figure with a caption."""
    bare = []
    for page in _pages(built):
        html = page.read_text(encoding="utf-8")
        images = html.count('<img src="../_images/')
        figures = len(re.findall(r'<figure[^>]*>\s*<img src="../_images/', html))
        numbers = html.count('class="caption-number"')
        if images != figures or numbers < figures:
            bare.append(f"{page.name}: {images} images, {figures} in figures, {numbers} numbered captions")
    assert bare == [], "\n".join(bare)


def test_landing_page_shows_glued_headline_figures(built):
    """The landing page opens with the headline figures, glued from the data, and the verdict chart."""
    from compendium.headline import figures

    html = (built / "book" / "intro.html").read_text(encoding="utf-8")
    assert "{glue" not in html
    text = re.sub(r"<[^>]+>", " ", html.split('id="the-results-at-a-glance"', 1)[1].split('id="what-matters-most"', 1)[0])
    text = " ".join(text.split())
    f = figures(load())
    assert f"Of the {f['claims']} claims" in text and f"{f['stand']} stand" in text and f"{f['problems']} have a problem" in text
    assert 'id="fig-verdicts"' in html


def test_no_code_input_shown_in_built_html(built):
    """In the built HTML every code input is inside a collapsed toggle (or removed)."""
    shown = []
    for page in _pages(built):
        html = page.read_text(encoding="utf-8")
        inputs = html.count('<div class="cell_input')
        hidden = len(re.findall(r'<details class="[^"]*\bhide above-input">\s*<summary[^>]*>.*?</summary>\s*<div class="cell_input', html, re.S))
        if inputs != hidden:
            shown.append(f"{page.name}: {inputs - hidden} of {inputs} code inputs shown")
    assert shown == [], "\n".join(shown)


def test_citations_are_author_year(built):
    """Citations in prose read author–year (the reference style is set under sphinx: config:)."""
    html = "".join((built / "book" / f"{p}.html").read_text(encoding="utf-8") for p in ("intro", "article_citations"))
    cites = re.findall(r'<a class="reference internal" href="references.html#[^"]+"[^>]*>([^<]+)</a>', html)
    assert cites, "no citation links"
    # Numeric style gives link texts "1", "12"; author-year gives "O'Neill and McCarthy, 2014" or a year.
    assert not any(re.fullmatch(r"\[?\d{1,3}\]?", c.strip()) for c in cites), cites[:5]
    assert any(re.search(r"[A-Za-z]+.*\b(1[89]|20)\d\d\b", c) for c in cites), cites[:5]


def test_bibliography_links_back_to_citations(built):
    """Each cited work in the bibliography links back to the pages that cite it, landing on the citation."""
    html = (built / "book" / "references.html").read_text(encoding="utf-8")
    backs = re.findall(r'<p class="cited-in">(.*?)</p>', html, re.S)
    assert len(backs) >= 10, f"only {len(backs)} entries link back"
    ids: dict[str, set[str]] = {}
    for block in backs:
        for href in re.findall(r'href="([^"]+)"', block):
            target, frag = href.split("#", 1)
            page = built / "book" / target
            ids.setdefault(target, set(_parse(page).ids))
            assert frag in ids[target], f"{href} lands nowhere"


def test_footer_states_licence_version_and_date(built):
    """Every page's footer gives the licence, version and release date from CITATION.cff."""
    from compendium.citation import metadata

    meta = metadata()
    html = (built / "book" / "culture.html").read_text(encoding="utf-8")
    footer = html.split('class="compendium-footer"', 1)[1][:400]
    assert str(meta["version"]) in footer and str(meta["date-released"]) in footer and str(meta["license"]) in footer


def test_tables_are_for_people(built):
    """No built page shows pandas' <NA>, an index column header, or an empty table."""
    problems = []
    for page in _pages(built):
        html = page.read_text(encoding="utf-8")
        if "&lt;NA&gt;" in html:
            problems.append(f"{page.name}: <NA> shown")
        if re.search(r"<tbody>\s*</tbody>", html):
            problems.append(f"{page.name}: an empty table")
        if re.search(r'<table[^>]*class="dataframe(?![^"]*people-table)', html):
            problems.append(f"{page.name}: a raw pandas table (not through compendium.chapter)")
    assert problems == [], "\n".join(problems)


# ---- Tables and figures numbered, captioned and cited from the prose (issue 13, item 7). ----

#: A figure or table name in a chapter: cell metadata (``mystnb.figure.name``) or ``:name:`` of a ``{glue:figure}``.
_DIRECTIVE_NAME = re.compile(r"```\{glue:figure\}[^\n]*\n(?:[^\n]*\n)*?:name: (\S+)")
_GLUE_TABLE = re.compile(r'glue_table\(\s*"([^"]+)"')


def numbering_problems(name: str, cells: list[dict]) -> list[str]:
    """What keeps a chapter's tables and figures from being numbered, captioned and cited.

    - a code cell outside a claim's card (no ``claim:`` tag, not claim cards) that shows an
      HTML table as a plain output, rather than gluing it with :func:`compendium.chapter.glue_table`;
    - a glued table not pasted by a ``{glue:figure}`` with its ``:name:``, the
      ``compendium-table`` class and a caption;
    - a table or figure name the chapter's prose never cites with ``{numref}``.
    """
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    problems, names = [], []
    for i, c in enumerate(cells):
        source = "".join(c["source"])
        if c["cell_type"] != "code":
            names += _DIRECTIVE_NAME.findall(source)
            continue
        claim = any(t.startswith("claim:") for t in c["metadata"].get("tags", []))
        cards = "Cards(" in source
        for out in c.get("outputs", []):
            if "<table" in "".join(out.get("data", {}).get("text/html", "")) and not (claim or cards):
                problems.append(f"{name} cell {i}: a table shown without number or caption (use chapter.glue_table)")
        for label in _GLUE_TABLE.findall(source):
            names.append(label)
            pasted = re.search(r"```\{glue:figure\} " + re.escape(label) + r"\n(.*?)```", markdown, re.S)
            body = pasted.group(1) if pasted else ""
            caption = [line for line in body.splitlines() if line.strip() and not line.startswith(":")]
            if f":name: {label}" not in body or ":figclass: compendium-table" not in body or not caption:
                problems.append(f"{name}: table {label} is not pasted with its name, class and a caption")
        figure = c["metadata"].get("mystnb", {}).get("figure", {}).get("name")
        if figure:
            names.append(figure)
    for label in dict.fromkeys(names):
        if not re.search(r"\{numref\}`(?:[^`<]*<)?" + re.escape(label) + r">?`", markdown):
            problems.append(f"{name}: {label} is never cited with {{numref}} in the prose")
    return problems


def test_numbering_guard_can_fail():
    """The guard sees a bare table, a glued table with no caption, and an uncited figure."""
    def code(source, outputs=(), tags=(), metadata=None):
        return {"cell_type": "code", "source": [source], "outputs": list(outputs),
                "metadata": {"tags": list(tags), **(metadata or {})}}

    def md(source):
        return {"cell_type": "markdown", "source": [source], "metadata": {}}

    table = {"output_type": "execute_result", "data": {"text/html": ["<table></table>"]}}
    assert len(numbering_problems("x", [code("t", [table])])) == 1
    assert numbering_problems("x", [code("t", [table], tags=["claim:P-X-01"])]) == []
    pasted = "```{glue:figure} tbl-x\n:name: tbl-x\n:figclass: compendium-table\n\nA caption.\n```"
    glued = code('chapter.glue_table("tbl-x", t)')
    assert numbering_problems("x", [glued, md(pasted), md("{numref}`tbl-x` gives it.")]) == []
    assert len(numbering_problems("x", [glued, md(pasted)])) == 1  # never cited
    assert len(numbering_problems("x", [glued, md(pasted.replace("A caption.\n", "")), md("{numref}`tbl-x`")])) == 1
    figure = code("fig", metadata={"mystnb": {"figure": {"name": "fig-x-1", "caption": "c"}}})
    assert len(numbering_problems("x", [figure])) == 1
    assert numbering_problems("x", [figure, md("As {numref}`Figure %s <fig-x-1>` shows.")]) == []


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_tables_and_figures_are_numbered_and_cited(nb):
    """Every table outside a claim's card and every figure has a number and a caption, and the prose cites it."""
    assert numbering_problems(nb.name, _cells(nb)) == []


def test_tables_are_numbered_as_tables_in_the_built_book(built):
    """Each pasted table reads "Table N" with its caption above it, and each {numref} to it reads the same."""
    pages = {page.name: page.read_text(encoding="utf-8") for page in _pages(built)}
    numbers, problems = {}, []
    for name, html in pages.items():
        found = re.findall(r'<figure class="compendium-table[^"]*" id="([^"]+)">\s*<figcaption>\s*'
                           r'<p><span class="caption-number">Table (\d+) </span>', html)
        numbers.update({table_id: number for table_id, number in found})
        if html.count('<figure class="compendium-table') != len(found):
            problems.append(f"{name}: a table without its number and its caption above it")
    for name, html in pages.items():
        for target, text in re.findall(r'<a class="reference internal" href="[^"#]*#(tbl-[^"]+)">'
                                       r'<span class="std std-numref">([^<]+)</span>', html):
            if text != f"Table {numbers.get(target)}":
                problems.append(f"{name}: the reference to {target} reads {text!r}")
    assert len(numbers) >= len(CHAPTERS), "fewer numbered tables than chapters"
    assert len(set(numbers.values())) == len(numbers), "two tables share a number"
    assert problems == [], "\n".join(problems)
