"""The generated bibliography: one entry per work and source, parseable, DOIs kept, nothing invented."""

from __future__ import annotations

import pandas as pd
import pytest
from pybtex.database import BibliographyData, parse_string

from compendium import bibliography
from compendium.package import load

from minidata import frame, mini


@pytest.fixture(scope="module")
def parsed():
    data = load()
    return data, parse_string(bibliography.to_bibtex(data), "bibtex")


def test_every_work_and_source_has_one_entry(parsed):
    data, bib = parsed
    keys = set(bib.entries)
    assert set(data["works"]["work_id"]) <= keys
    assert {bibliography.source_key(s) for s in data["sources"]["short_name"]} <= keys
    assert len(keys) == len(data["works"]) + len(data["sources"])


def test_dois_are_kept_exactly(parsed):
    data, bib = parsed
    with_doi = data["works"].dropna(subset=["doi"])
    assert len(with_doi) > 0
    for w in with_doi.itertuples():
        assert bib.entries[w.work_id].fields["doi"] == w.doi
    assert bib.entries["source-article"].fields["doi"] == "10.1177/1748895812469381"


def test_journal_venue_is_split_into_fields(parsed):
    _, bib = parsed
    e = bib.entries["W-hughes-rowe-2007"]
    assert e.type == "article"
    assert (e.fields["volume"], e.fields["number"], e.fields["pages"]) == ("7", "4", "317--346")
    assert e.fields["journal"] == "Criminology \\& Criminal Justice"
    assert [str(p) for p in e.persons["author"]] == ["Hughes, Gordon", "Rowe, Michael"]


def test_unresolved_work_says_so_and_invents_nothing(parsed):
    data, bib = parsed
    w = data["works"].set_index("work_id").loc["W-bullock-tilley-2009"]
    assert w["resolved"] == "unresolved"
    e = bib.entries["W-bullock-tilley-2009"]
    assert "not identified" in e.fields["title"] and e.type == "misc"
    assert set(e.fields) == {"title", "note", "year"}
    assert [str(p) for p in e.persons["author"]] == ["Bullock", "Tilley"]


def _work(**over):
    row = {"work_id": "W-x", "authors": "Smith, Ann", "year": "2001", "title": "T", "venue": "",
           "doi": "", "resolved": "resolved", "basis": "b"} | over
    cols = list(row)
    return frame([row], cols).replace("", pd.NA)


def _one(**over):
    src = frame([], ["source_id", "short_name", "kind", "authors", "year", "online_year", "title", "venue",
                     "volume", "issue", "pages", "doi", "note"])
    return bibliography.bibliography(mini(works=_work(**over), sources=src)).entries["W-x"]


@pytest.mark.parametrize("venue,kind", [
    ("Journal of Things 3(2): 10-20", "article"),
    ("London: Some Press", "book"),
    ("In Smith (ed) A Book", "incollection"),
    ("Home Office Research Report 52, London: Home Office", "misc"),
    (pd.NA, "misc"),
])
def test_entry_type_follows_the_venue(venue, kind):
    assert _one(venue=venue).type == kind


def test_special_characters_are_escaped_and_case_kept():
    e = _one(title="Costs & 50% savings_now for $5", authors="Body (Agency)")
    assert e.fields["title"] == "{Costs & 50% savings_now for \\$5}"
    written = BibliographyData({"W-x": e}).to_string("bibtex")
    assert "{Costs \\& 50\\% savings\\_now for \\$5}" in written
    assert [str(p) for p in e.persons["author"]] == ["{Body (Agency)}"]


def test_editors_and_et_al():
    assert "editor" in _one(authors="Smith, Ann; Jones, Bo (eds)").persons
    assert [str(p) for p in _one(authors="Pearson et al", resolved="unresolved").persons["author"]] == ["Pearson", "others"]
