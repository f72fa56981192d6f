"""Evidence shown under a claim, and the registry check the stated method makes with it."""

from __future__ import annotations

import pytest

from compendium import evidence
from compendium.claims import ClaimMismatch
from minidata import frame, mini


EV = ["claim_id", "excerpt_id", "locator_id", "citation_id", "work_id", "count_id", "section_id", "relation", "note"]


def _data(status: str, confidence: str | None = "high", basis: str | None = None, links: list[dict] | None = None,
          assessed: dict | None = None):
    claims = frame(
        [{"claim_id": "P-X-01", "source_id": "002", "locator_id": "L-002-001", "claim": "c", "kind": "qualitative",
          "status": status, "notebook": "x.ipynb", "stated": None, "stated_low": None, "stated_high": None, "reason": "r",
          "confidence": confidence, "basis": basis, "method": "evidence"}],
        ["claim_id", "source_id", "locator_id", "claim", "kind", "status", "notebook", "stated", "stated_low", "stated_high",
         "reason", "confidence", "basis", "method"],
    )
    if links is None:
        links = [{"claim_id": "P-X-01", "excerpt_id": "X-002-Kate-01", "relation": "supports", "note": "n1"},
                 {"claim_id": "P-X-01", "locator_id": "L-002-002", "relation": "qualifies", "note": "n2"}]
    ev = frame([{**dict.fromkeys(EV), **r} for r in links], EV)
    ex = frame([{"excerpt_id": "X-002-Kate-01", "source_id": "002", "locator_id": "L-002-001", "speaker_id": "002-Kate",
                 "text": "I just <get> on", "attribution": "Kate"}],
               ["excerpt_id", "source_id", "locator_id", "speaker_id", "text", "attribution"])
    sp = frame([{"speaker_id": "002-Kate", "project_id": "CC", "kind": "individual"}], ["speaker_id", "project_id", "kind"])
    cit = frame([{"citation_id": "CIT-002-001", "locator_id": "L-002-002", "work_id": "W-a", "authors": "A", "year": "2001"}],
                ["citation_id", "locator_id", "work_id", "authors", "year"])
    works = frame([{"work_id": "W-a", "authors": "A", "year": "2001", "title": "T", "resolved": "resolved", "held_as": None}],
                  ["work_id", "authors", "year", "title", "resolved", "held_as"])
    counts = frame([], ["count_id", "locator_id", "low", "high", "qualifier", "population", "category"])
    cols = ["claim_id", "scope", *[f"{c}{s}" for c in ("adequacy", "coherence", "relevance", "limitations") for s in ("", "_reason")]]
    assessments = frame([{**dict.fromkeys(cols), "claim_id": "P-X-01", **assessed}] if assessed else [], cols)
    loc = frame([{"locator_id": "L-002-001", "source_id": "002", "section_id": "002-gender", "paragraph": 1, "exact": "I just <get> on"},
                 {"locator_id": "L-002-002", "source_id": "002", "section_id": "002-trust", "paragraph": 3, "exact": "a passage"}],
                ["locator_id", "source_id", "section_id", "paragraph", "exact"])
    sec = frame([{"section_id": "002-gender", "heading": "Gender"}, {"section_id": "002-trust", "heading": "Trust"}], ["section_id", "heading"])
    src = frame([{"source_id": "002", "short_name": "article"}], ["source_id", "short_name"])
    return mini(claims=claims, claim_evidence=ev, excerpts=ex, locators=loc, sections=sec, sources=src, speakers=sp,
                citations=cit, works=works, sample_counts=counts, assessments=assessments)


def test_links_show_excerpts_and_passages():
    table = evidence.links(_data("partly supported"), "P-X-01")
    assert list(table["evidence"]) == ["X-002-Kate-01", "L-002-002"]
    assert list(table["text"]) == ["I just <get> on", "a passage"]
    assert list(table["section"]) == ["Gender", "Trust"]


def test_check_confirms_the_derived_verdict_and_counts_voices():
    check = evidence.check(_data("partly supported"), "P-X-01", glue=False)
    assert check.status == "partly supported" and check.confidence == "high"
    assert check.voices == "for: 1 participant from 1 project; qualifying: 1 report by the authors"
    html = check._repr_html_()
    assert "&lt;get&gt;" in html and "<get>" not in html and "for: 1 participant from 1 project" in html


def test_check_fails_when_registry_disagrees():
    with pytest.raises(ClaimMismatch, match="partly supported"):
        evidence.check(_data("supported"), "P-X-01", glue=False)
    with pytest.raises(ClaimMismatch, match="confidence"):
        evidence.check(_data("partly supported", confidence="low"), "P-X-01", glue=False)


def test_recorded_concerns_change_the_verdict_and_show_on_the_card():
    assessed = {"scope": "instance", "adequacy": "none", "adequacy_reason": "one voice", "coherence": "minor",
                "coherence_reason": "a qualification", "relevance": "serious", "relevance_reason": "another setting",
                "limitations": "none", "limitations_reason": "none"}
    check = evidence.check(_data("broader than the evidence", confidence="low", assessed=assessed), "P-X-01", glue=False)
    assert ("relevance", "serious", "another setting") in check.components
    assert "another setting" in check._repr_html_()


def test_a_claim_resting_on_a_work_not_held_gets_its_reason_code_from_the_rows():
    links = [{"claim_id": "P-X-01", "citation_id": "CIT-002-001", "relation": "supports", "note": "cited"}]
    check = evidence.check(_data("cannot be checked", None, "work-not-held", links), "P-X-01", glue=False)
    assert check.basis == "work-not-held" and "work-not-held" in check._repr_html_()
    with pytest.raises(ClaimMismatch, match="work-not-held"):
        evidence.check(_data("cannot be checked", None, "work-unidentified", links), "P-X-01", glue=False)
    with pytest.raises(ClaimMismatch, match="reason code"):
        evidence.check(_data("cannot be checked", None, None, links), "P-X-01", glue=False)


def test_citing_claims_is_the_reverse_link():
    back = evidence.citing_claims(_data("partly supported"), "X-002-Kate-01")
    assert list(back["claim_id"]) == ["P-X-01"] and list(back["relation"]) == ["supports"]


def test_traced_into_lists_review_claims_with_article_evidence():
    from compendium.package import load

    data = load()
    traced = evidence.traced_into(data, "000", "002")
    assert {"R-TRACE-01", "R-TRACE-02", "R-CITE-01"} <= set(traced["claim_id"])
    assert "R-AGENDA-02" not in set(traced["claim_id"])  # checked against the review's own body, not the article
    assert (traced["links"] > 0).all()
    row = traced.set_index("claim_id").loc["R-TRACE-01"]
    assert row["links"] == len(evidence.links(data, "R-TRACE-01").query("document == 'article'"))
    assert evidence.traced_into(data, "002", "000")["claim_id"].str.startswith("P-").all()
