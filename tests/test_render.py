"""Evidence rendering: quotations and dropdowns escape data, and say where it comes from."""

from __future__ import annotations

from html.parser import HTMLParser

from compendium import evidence, render
from compendium.claims import Check
from compendium.package import load

HOSTILE = "<b>bold</b> & <script>alert(1)</script> \"quoted\""


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> _Tags:
    p = _Tags()
    p.feed(markup)
    return p


def test_quotation_escapes_every_field():
    q = render.Quotation(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE)
    page = parse(q.html())
    assert "b" not in page.tags and "script" not in page.tags
    assert "".join(page.text).count(HOSTILE) == 5  # text, attribution, place, ref, note


def test_dropdown_escapes_its_title_and_is_a_details_element():
    markup = render.dropdown("<i>title</i>", "<p>body</p>")
    page = parse(markup)
    assert page.tags[:2] == ["details", "summary"] and "i" not in page.tags
    assert "<i>title</i>" in "".join(page.text)
    assert ' open' not in markup.split(">")[0]
    assert render.dropdown("t", "", opened=True).split(">")[0].endswith(" open")


def test_excerpts_render_with_attribution_and_place():
    data = load()
    row = data["excerpts"].iloc[0]
    (q,) = render.excerpt_quotations(data, [row["excerpt_id"]], {row["excerpt_id"]: "coded: x"})
    assert q.text == row["text"] and q.attribution == row["attribution"] and q.ref == row["excerpt_id"]
    loc = data["locators"].set_index("locator_id").loc[row["locator_id"]]
    assert q.place.startswith("article, ") and q.place.endswith(f"paragraph {int(loc['paragraph'])}")
    assert "coded: x" in q.html() and row["excerpt_id"] in str(q)


def test_check_puts_evidence_in_a_dropdown_with_relations():
    data = load()
    check = evidence.check(data, "P-WAY-01", glue=False)
    markup = check._repr_html_()
    assert markup.count('<blockquote class="quotation"') == len(check.evidence) > 0
    assert "<details" in markup and f"Evidence: {len(check.evidence)} passages" in markup
    assert "supports" in markup


def test_check_escapes_claim_text_and_says_when_there_is_no_evidence():
    markup = Check("X-1", HOSTILE, "cannot be checked", HOSTILE)._repr_html_()
    page = parse(markup)
    assert "script" not in page.tags and "b" not in page.tags
    assert "No evidence in print" in markup and "<details" not in markup
