"""Every quoted span of the article is accounted for; participant quotations are counted."""

from __future__ import annotations

import re

import pytest

from compendium import quotes
from compendium.locators import normalise
from compendium.package import load
from compendium.sources import read_text
from minidata import frame, mini


def test_spans_skip_apostrophes_inside():
    norm = "they said ‘we don’t do that’ and ‘made sense’."
    assert [s[2] for s in quotes.spans(norm)] == ["we don’t do that", "made sense"]


def test_unaccounted_lists_spans_without_a_locator():
    norm = "a ‘one’ b ‘two’ c"
    loc = frame([{"locator_id": "L-1", "start": 3, "end": 6}], ["locator_id", "start", "end"])
    ex = frame([{"excerpt_id": "X", "source_id": "002", "locator_id": "L-1"}], ["excerpt_id", "source_id", "locator_id"])
    oq = frame([], ["quote_id", "source_id", "locator_id"])
    d = mini(locators=loc, excerpts=ex, other_quotes=oq)
    assert list(quotes.unaccounted(d, "002", norm)["text"]) == ["two"]


@pytest.fixture(scope="module")
def article(seeds):
    data = load()
    src = data["sources"].set_index("source_id").loc["002"]
    return data, normalise(read_text(seeds, str(src["text_file"])))


def test_every_quoted_span_of_the_article_is_accounted_for(article):
    data, norm = article
    missing = quotes.unaccounted(data, "002", norm)
    assert missing.empty, f"quoted spans with no excerpt or other_quotes row: {list(missing['text'])}"


def test_participant_quotations_counted_against_the_text(article):
    data, norm = article
    ex = data["excerpts"][data["excerpts"]["source_id"] == "002"]
    # block quotations: each ends with an attribution "(Interview …)" or "[Interview with …]"
    # that does not follow a closing quotation mark (those attribute inline phrases)
    attributions = len(re.findall(r"(?<!’ )(?:\(Interview \d[A-D],|\[Interview with )", norm))
    assert attributions == 10
    assert (ex["form"] == "block").sum() == attributions
    # inline quotations: every quoted span accounted for by an excerpt is one inline excerpt
    cov = quotes.coverage(data, "002", norm)
    inline_spans = cov[cov["accounted_by"].str.contains("excerpt")]
    inline = ex[ex["form"] == "inline"]
    nested = cov[cov["accounted_by"].str.contains("excerpt") & cov["accounted_by"].str.contains("other")]
    assert len(inline_spans) - len(nested) == len(inline)
    assert len(inline) >= 8
