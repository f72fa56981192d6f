"""The built book in a browser: what readers see in Debian's chromium, driven by Playwright.

Every claim link on the Claims page is followed and must land on a visible cell that shows the
claim's check; excerpt text holding markup must show as text, never run as HTML. Full-page
screenshots of the Claims page and one chapter go to ``_build/artifacts/`` for a human to look at.

The browser is Debian's chromium (``make browser`` installs it with apt), never one downloaded by
``playwright install``. Without chromium or playwright these tests skip, unless
``COMPENDIUM_BROWSER=required`` (set by ``make test``), where they fail.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import nbformat
import pandas as pd
import pytest

from compendium.notebooks import anchor
from compendium.package import load

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "_build" / "artifacts"


def _unavailable(reason: str) -> None:
    """Skip for lack of a browser, or fail when the test command requires one."""
    if os.environ.get("COMPENDIUM_BROWSER") == "required":
        pytest.fail(f"{reason} (COMPENDIUM_BROWSER=required)", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request (they would bury pytest's output)."""

    def log_message(self, format, *args):  # noqa: A002 (the stdlib's parameter name)
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on a free local port; yields the base URL (with a slash).

    A real server, not ``file://``, so the pages load their scripts and styles as on a host.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="book-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The built book, served locally; skips when it is not built."""
    if not (HTML / "index.html").is_file():
        pytest.skip("the book is not built (_build/html/index.html missing): `make test` builds it before running pytest")
    with serve(HTML) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, through Playwright's synchronous API."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        _unavailable(f"playwright cannot be imported ({err}): install requirements.txt")
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("chromium is not installed: `make browser` installs it (apt-get install chromium)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab in its own browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def _shown_text(target) -> str:
    """What a reader sees of a link's target: for a notebook cell its outputs, not its code
    (the code names the claim id and verdict too, so it would hide a missing output)."""
    outputs = target.locator(".cell_output")
    if outputs.count():
        return "\n".join(outputs.all_inner_texts())
    return target.inner_text()


def _shows_status(text: str, status: str, statuses: set[str]) -> bool:
    """``status`` appears in ``text`` on its own, not only inside a longer verdict
    ("supported" inside "partly supported")."""
    for longer in statuses:
        if longer != status and status in longer:
            text = text.replace(longer, "")
    return status in text


def test_every_claim_link_lands_on_its_check(site, page, record_property):
    """The Claims page has one link per registered claim, and following each link in chromium
    lands on the claim's chapter, on a visible element with the link's id whose shown text has the
    claim id, its verdict and, for a stated figure, the computed one."""
    from playwright.sync_api import expect

    claims = load()["claims"].set_index("claim_id")
    statuses = set(claims["status"])
    page.goto(urljoin(site, "book/claims.html"))
    hrefs = page.eval_on_selector_all('a[href*="#claim-"]', "links => links.map(a => a.href)")
    assert len(hrefs) == len(claims), f"{len(hrefs)} claim links for {len(claims)} claims"
    by_anchor = {anchor(cid): cid for cid in claims.index}
    linked = {urldefrag(h).fragment for h in hrefs}
    assert not set(by_anchor) - linked, f"claims without a link: {sorted(by_anchor[a] for a in set(by_anchor) - linked)}"

    failures = []
    # Sorted by page, so that consecutive links to one chapter are in-page hash navigations.
    for href in sorted(hrefs, key=urldefrag):
        url, fragment = urldefrag(href)
        claim_id = by_anchor.get(fragment)
        if claim_id is None:
            failures.append(f"{href}: no registered claim has the anchor {fragment!r}")
            continue
        claim = claims.loc[claim_id]
        chapter = urljoin(site, f"book/{Path(claim.notebook).stem}.html")
        if url != chapter:
            failures.append(f"{claim_id}: links to {url}, not its chapter {chapter}")
        page.goto(href)
        target = page.locator(f'[id="{fragment}"]')
        if target.count() != 1:
            failures.append(f"{claim_id}: {target.count()} elements with id {fragment!r} on {url}")
            continue
        if not target.is_visible():
            failures.append(f"{claim_id}: #{fragment} is not visible")
            continue
        try:
            expect(target).to_be_in_viewport(timeout=3_000)
        except AssertionError:
            failures.append(f"{claim_id}: following the link does not bring #{fragment} into view")
        text = _shown_text(target)
        if claim_id not in text:
            failures.append(f"{claim_id}: #{fragment} does not show the claim id")
        if not _shows_status(text, claim.status, statuses):
            failures.append(f"{claim_id}: #{fragment} does not show its verdict {claim.status!r}")
        if pd.notna(claim.stated) and "Computed" not in text:
            failures.append(f"{claim_id}: #{fragment} states {claim.stated!r} but shows no computed value")

    print(f"followed {len(hrefs)} claim links, {len(failures)} failures")
    record_property("claim_links_followed", len(hrefs))
    record_property("claim_link_failures", len(failures))
    assert not failures, f"{len(failures)} of {len(hrefs)} claim links fail:\n" + "\n".join(failures)


#: axe-core, installed from the npm registry at the version pinned in package-lock.json by
#: `make test` (`npm ci`) into node_modules/ (git-ignored), injected into each page from disk.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Impacts that fail the check; moderate and minor ones are reported, not failed.
BLOCKING = ("serious", "critical")


def _book_pages() -> list[str]:
    """Every page of the book (the root index.html only redirects to book/intro.html)."""
    return [*sorted(f"book/{p.name}" for p in (HTML / "book").glob("*.html")), "search.html", "genindex.html"]


def axe_violations(page) -> list[dict]:
    """Run axe-core on the loaded page; the violations as {id, impact, nodes, help}."""
    if not AXE.is_file():
        _unavailable(f"{AXE} is missing: `make test` installs axe-core with `npm ci`")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)  # the page's own scripts settle (icon swap, colour-mode transition)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )


def test_axe_finds_no_serious_violation_on_any_page(site, page, record_property):
    """axe-core on every page of the built book (light mode and, for the chapters with cards, dark):
    no serious or critical violation. Every violation is printed with its impact."""
    failures, counts = [], {}
    pages = _book_pages()
    for path in pages:
        page.goto(urljoin(site, path))
        for v in axe_violations(page):
            counts[v["impact"]] = counts.get(v["impact"], 0) + 1
            line = f"{path}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
            print(line)
            if v["impact"] in BLOCKING:
                failures.append(line)
    page.emulate_media(color_scheme="dark")
    for path in ["book/intro.html", "book/findings.html", "book/claims.html", "book/discrepancies.html"]:
        page.goto(urljoin(site, path))
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        for v in axe_violations(page):
            if v["impact"] in BLOCKING:
                failures.append(f"{path} (dark): {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}")
    print(f"axe: {len(pages)} pages, violations (rule × page) by impact: {counts}")
    record_property("axe_pages", len(pages))
    record_property("axe_violations", counts)
    assert not failures, f"{len(failures)} serious or critical violations:\n" + "\n".join(failures)


def test_no_code_shown_by_default(site, page):
    """A reader sees no code input on any page until they open a toggle."""
    shown = {}
    for path in _book_pages():
        page.goto(urljoin(site, path))
        n = page.locator(".cell_input:visible").count()  # Playwright's visibility, which sees a closed <details>
        if n:
            shown[path] = n
    assert not shown, f"code inputs visible: {shown}"


def test_claim_link_opens_its_evidence(site, page):
    """Following a claim link lands on the claim's card with its evidence opened."""
    claims = load()["claims"]
    claim = claims[claims["claim_id"] == "P-TRUST-01"].iloc[0] if (claims["claim_id"] == "P-TRUST-01").any() else claims.iloc[0]
    page.goto(urljoin(site, "book/claims.html"))
    page.locator(f'a[href$="#{anchor(claim.claim_id)}"]').first.click()
    target = page.locator(f'[id="{anchor(claim.claim_id)}"]')
    target.wait_for()
    dropdowns = target.locator("details.evidence-dropdown")
    if dropdowns.count():
        assert all(d.get_attribute("open") is not None for d in dropdowns.all()), "the evidence stays closed"
    assert target.locator(".claim-check .verdict-badge").count() >= 1


def test_screenshots(site, browser):
    """Screenshots for a human to look at, in _build/artifacts/ (git-ignored): the landing page, a
    chapter, the claims index at desktop and 400 px width, and a claim card in dark mode."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = [
        ("landing.png", "book/intro.html", 1280, "light", None),
        ("chapter.png", "book/findings.html", 1280, "light", None),
        ("index.png", "book/claims.html", 1280, "light", None),
        ("index-400px.png", "book/claims.html", 400, "light", ".claims-index"),
        ("card-dark.png", "book/findings.html", 1280, "dark", ".claim-check"),
    ]
    for name, path, width, scheme, element in shots:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        tab = context.new_page()
        tab.goto(urljoin(site, path))
        if scheme == "dark":
            tab.evaluate("document.documentElement.dataset.theme = 'dark'")
        shot = ARTIFACTS / name
        if element and width <= 500:  # a phone's view of the element: scrolled to it, one screen
            tab.locator(element).first.scroll_into_view_if_needed()
            tab.evaluate(f"document.querySelector('{element}').scrollIntoView()")
            tab.screenshot(path=shot)
        elif element:
            tab.locator(element).first.screenshot(path=shot)
        else:
            tab.screenshot(path=shot, full_page=width > 500)
        context.close()
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{shot}: not a PNG"


def test_claims_index_shows_the_verdict_at_phone_width(site, browser):
    """At 400 px the index still shows each claim's verdict (a badge) beside its id."""
    context = browser.new_context(viewport={"width": 400, "height": 800})
    tab = context.new_page()
    tab.goto(urljoin(site, "book/claims.html"))
    badge = tab.locator(".claims-index tbody tr").first.locator(".verdict-badge")
    assert badge.is_visible()
    box = badge.bounding_box()
    assert box and box["x"] + box["width"] <= 400, f"the verdict is off screen: {box}"
    context.close()


QUOTED = "<b>not bold</b> & <script>window.__pwned = 1</script> x < y > z"


def _fixture_book(folder: Path) -> Path:
    """A one-page book whose only cell displays a quotation holding markup, as the chapters do."""
    folder.mkdir()
    (folder / "_config.yml").write_text(
        "title: Escaping fixture\n"
        "only_build_toc_files: true\n"
        "execute:\n  execute_notebooks: force\n"
        "sphinx:\n  config:\n    nb_execution_raise_on_error: true\n",
        encoding="utf-8",
    )
    (folder / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        cells=[
            nbformat.v4.new_markdown_cell("# Escaping fixture"),
            nbformat.v4.new_code_cell(
                "from compendium.render import Quotation\n\n"
                f"Quotation(text={QUOTED!r}, attribution='Fixture speaker', "
                "place='fixture, paragraph 1', ref='X-FIXTURE')"
            ),
        ],
    )
    nbformat.write(nb, folder / "index.ipynb")
    return folder


def test_excerpt_markup_renders_as_text(browser, page, tmp_path):
    """An excerpt holding ``<b>`` and ``<script>`` shows those characters in chromium: the
    quotation has no ``b`` or ``script`` element and the script never runs."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.is_file():
        pytest.fail(f"no jupyter-book beside {sys.executable}: install requirements.txt")
    book = _fixture_book(tmp_path / "fixture")
    build = subprocess.run(
        [str(jupyter_book), "build", str(book), "-W", "-n", "--keep-going"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]

    with serve(book / "_build" / "html") as url:
        page.goto(urljoin(url, "index.html"))
        quotation = page.locator("blockquote.quotation")
        assert quotation.count() == 1
        text = quotation.inner_text()
        assert "<b>not bold</b>" in text and "<script>" in text and "x < y > z" in text
        assert quotation.locator("b").count() == 0
        assert quotation.locator("script").count() == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"


def test_claims_index_filters_in_the_browser(site, page):
    """The index's filter narrows the table to one verdict (also when preset from the address)
    and back to every claim."""
    claims = load()["claims"]
    verdict = "contested"  # a verdict that some, not all, claims carry
    chosen = int((claims["status"] == verdict).sum())
    assert 0 < chosen < len(claims)
    page.goto(urljoin(site, "book/claims.html"))
    rows = page.locator(".claims-index tbody tr")
    count = page.locator(".claims-filter-count")
    assert rows.count() == len(claims)
    assert count.inner_text() == f"{len(claims)} of {len(claims)} claims shown"
    page.select_option('.claims-filter select[name="status"]', verdict)
    assert count.inner_text() == f"{chosen} of {len(claims)} claims shown"
    visible = [t for t, v in zip(rows.all_inner_texts(), [r.is_visible() for r in rows.all()]) if v]
    assert len(visible) == chosen and all(verdict in t for t in visible)
    page.select_option('.claims-filter select[name="status"]', "")
    assert count.inner_text() == f"{len(claims)} of {len(claims)} claims shown"
    page.goto(urljoin(site, "book/claims.html?document=review&status=supported"))
    expected = int(((claims["source_id"] == "000") & (claims["status"] == "supported")).sum())
    assert page.locator(".claims-filter-count").inner_text() == f"{expected} of {len(claims)} claims shown"


def test_sphinx_search_finds_a_chapter(site, page):
    """The built-in search runs in the browser and finds the culture chapter by a word in it."""
    page.goto(urljoin(site, "search.html?q=pragmatism"))
    results = page.locator("#search-results ul.search li")
    results.first.wait_for()
    links = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    assert any("book/culture.html" in h for h in links), links


def test_claims_index_sorts_and_discrepancy_groups_fold(site, page):
    """Sorting the index by status puts the most serious problems first (and reverses); on the
    discrepancies page every group of cards can be folded."""
    from compendium.report import SEVERITY

    page.goto(urljoin(site, "book/claims.html"))
    status = page.locator(".claims-index thead th").nth(1)
    status.locator("button.sort").click()
    assert status.get_attribute("aria-sort") == "ascending"
    shown = page.locator(".claims-index tbody tr td:nth-child(2)").all_inner_texts()
    ranks = [SEVERITY.index(t.strip()) for t in shown]
    assert ranks == sorted(ranks)
    status.locator("button.sort").click()
    shown = page.locator(".claims-index tbody tr td:nth-child(2)").all_inner_texts()
    assert [SEVERITY.index(t.strip()) for t in shown] == sorted(ranks, reverse=True)

    page.goto(urljoin(site, "book/discrepancies.html"))
    groups = page.locator("section > .cell .cell_output > .output details.evidence-dropdown, .cell_output details.evidence-dropdown").filter(has=page.locator(".side-by-side"))
    assert groups.count() >= 10
    first = groups.first
    first.locator("summary").first.click()
    first.locator("summary").first.click()  # opens and closes again: a native <details>
