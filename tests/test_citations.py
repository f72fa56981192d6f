"""Citation consistency: every kind of problem is found, and clean citations raise none."""

from __future__ import annotations

from compendium import citations
from minidata import frame, mini

CIT = ["citation_id", "source_id", "locator_id", "work_id", "authors", "year", "pages", "role", "statement", "statement_id"]
WORK = ["work_id", "authors", "year", "title", "venue", "doi", "resolved", "basis"]


def _cit(i, work, authors, year, src="002"):
    return {"citation_id": f"CIT-{src}-{i:03d}", "source_id": src, "locator_id": "L-002-001", "work_id": work,
            "authors": authors, "year": year, "pages": None, "role": "context", "statement": "s", "statement_id": None}


def _work(wid, resolved="resolved"):
    return {"work_id": wid, "authors": "a", "year": "y", "title": None, "venue": None, "doi": None, "resolved": resolved, "basis": "b"}


def _data(cits, works):
    src = frame([{"source_id": "002", "short_name": "article"}, {"source_id": "000", "short_name": "review"}], ["source_id", "short_name"])
    return mini(citations=frame(cits, CIT), works=frame(works, WORK), sources=src)


def test_clean_citations_raise_nothing():
    d = _data([_cit(1, "W-reiner-2010", "Reiner", "2010"), _cit(2, "W-reiner-2010", "Reiner", "2010")], [_work("W-reiner-2010")])
    assert citations.problems(d).empty


def test_each_problem_is_found():
    d = _data(
        [
            _cit(1, "W-pearson-1992", "Pearson et al", "1992"),
            _cit(2, "W-pearson-1992", "Pearson et al", "1993"),
            _cit(3, "W-hughes-2007", "Hughes", "2007"),
            _cit(4, "W-hughes-rowe-2007", "Hughes and Rowe", "2007"),
            _cit(5, "W-home-office-2010b", "Home Office", "2010b"),
            _cit(6, "W-home-office-2010", "Home Office", "2010"),
            _cit(7, "W-mccarthy-forthcoming", "McCarthy", "forthcoming"),
        ],
        [_work("W-pearson-1992"), _work("W-hughes-2007", "unresolved"), _work("W-hughes-rowe-2007"),
         _work("W-home-office-2010b"), _work("W-home-office-2010"), _work("W-mccarthy-forthcoming", "unresolved")],
    )
    p = citations.problems(d)
    found = set(zip(p["problem"], p["work_id"]))
    assert ("different forms", "W-pearson-1992") in found
    assert ("near collision", "W-hughes-2007, W-hughes-rowe-2007") in found
    assert ("lone suffix", "W-home-office-2010b") in found
    assert ("forthcoming", "W-mccarthy-forthcoming") in found
    assert ("unresolved", "W-hughes-2007") in found
    assert len(p) == 6


def test_surnames_split_printed_author_strings():
    assert citations.surnames("Crawford and Jones") == ("crawford", "jones")
    assert citations.surnames("Sampson et al") == ("sampson",)
    assert citations.surnames("White & Gill") == ("white", "gill")


def test_shared_works_need_both_documents():
    d = _data([_cit(1, "W-a-2000", "A", "2000"), _cit(2, "W-a-2000", "A", "2000", src="000"), _cit(3, "W-b-2001", "B", "2001")],
              [_work("W-a-2000"), _work("W-b-2001")])
    assert list(citations.shared_works(d).index) == ["W-a-2000"]


def test_authors_of_each_document_cited_by_the_other():
    from compendium.package import load

    crossed = citations.authors_cited_by_other(load())
    pairs = set(zip(crossed["author"], crossed["author_of"], crossed["cited_in"]))
    assert ("Loftus", "review", "article") in pairs and ("Skinns", "review", "article") in pairs
    assert ("O'Neill", "article", "review") in pairs and ("McCarthy", "article", "review") in pairs
    assert not (crossed["author_of"] == crossed["cited_in"]).any()
    assert {"Munk", "Rice"}.isdisjoint(crossed["author"])


def test_shared_authors_match_across_apostrophes_and_need_both_documents():
    data = mini(
        sources=frame([{"source_id": "1", "short_name": "a"}, {"source_id": "2", "short_name": "b"}], ["source_id", "short_name"]),
        citations=frame([
            {"source_id": "1", "authors": "O’Neill and Smith"},
            {"source_id": "2", "authors": "O'Neill"},
            {"source_id": "2", "authors": "Jones"},
        ], ["source_id", "authors"]),
    )
    t = citations.shared_authors(data)
    assert list(t.index) == ["O'Neill"]
    assert t.loc["O'Neill"].tolist() == [1, 1]
