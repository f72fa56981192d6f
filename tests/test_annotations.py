"""W3C Web Annotations: one per excerpt and per passage-level claim–evidence link, each anchoring exactly once."""

from __future__ import annotations

import json

import pytest

from compendium import annotations
from compendium.locators import normalise
from compendium.package import load


@pytest.fixture(scope="module")
def data():
    return load()


@pytest.fixture(scope="module")
def anno(data, seeds):
    return annotations.collection(data, seeds)


def test_one_annotation_per_excerpt_and_per_passage_link(data, anno):
    ce = data["claim_evidence"]
    links = ce[ce["excerpt_id"].notna() | ce["locator_id"].notna()]
    items = anno["first"]["items"]
    assert anno["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert anno["total"] == len(items) == len(data["excerpts"]) + len(links)
    assert len({a["id"] for a in items}) == len(items)


def test_every_quote_selector_finds_exactly_one_place(data, anno, seeds):
    files = data["sources"].set_index("source_id")["text_file"]
    norms = {f"urn:uuid:{annotations.guid('sources', sid)}": normalise((seeds / f).read_text(encoding="utf-8")) for sid, f in files.items()}
    for a in anno["first"]["items"]:
        target = a["target"]
        assert target["type"] == "SpecificResource"
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        norm = norms[target["source"]["id"]]
        assert annotations.matches(norm, quote["exact"], quote["prefix"], quote["suffix"]) == [position["start"]], a["label"]
        assert norm[position["start"] : position["end"]] == quote["exact"]


def test_bodies_carry_codes_claims_and_relations(data, anno):
    items = anno["first"]["items"]
    excerpt = next(a for a in items if a["label"] == "X-002-3A-01")
    assert "The way forward" in {b["value"] for b in excerpt["body"] if b["purpose"] == "classifying"}
    link = next(a for a in items if a["motivation"] == "assessing" and a["label"].startswith("P-WAY-01 supports X-002-3A-01"))
    purposes = {b["purpose"]: b["value"] for b in link["body"]}
    assert purposes["assessing"] == "supports" and "P-WAY-01" == next(b["label"] for b in link["body"] if b["purpose"] == "describing")


def test_quote_selector_widens_its_context_until_unique():
    text = "the cat sat. " * 3 + "a dog and the cat sat. " + "the cat sat. " * 3
    start = text.index("a dog") + len("a dog and ")
    sel = annotations.quote_selector(text, start, start + 11, context=2)
    assert annotations.matches(text, sel["exact"], sel["prefix"], sel["suffix"]) == [start]
    with pytest.raises(ValueError):
        annotations.quote_selector(text, 5, 500)
    unique = annotations.quote_selector(text, text.index("dog"), text.index("dog") + 3)
    assert (unique["prefix"], unique["suffix"]) == ("", "")


def test_without_texts_the_stored_context_is_used(data):
    anno = annotations.collection(data)
    assert anno["total"] > 0 and all(a["target"]["selector"][0]["exact"] for a in anno["first"]["items"])


def test_write_is_atomic_json(tmp_path, anno):
    path = annotations.write(tmp_path / "a.jsonld", anno)
    assert json.loads(path.read_text(encoding="utf-8")) == anno
