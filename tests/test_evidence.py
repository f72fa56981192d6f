"""Verdicts from evidence relations, and the registry check built on them."""

from __future__ import annotations

import pytest

from compendium import evidence
from compendium.claims import VERDICTS, ClaimMismatch
from minidata import frame, mini


@pytest.mark.parametrize(
    ("relations", "kind", "expected"),
    [
        ([], "qualitative", "cannot be checked"),
        ([], "trace", "not found"),
        (["supports"], "qualitative", "supported"),
        (["supports", "supports"], "trace", "supported"),
        (["supports", "narrower"], "trace", "broader than the evidence"),
        (["narrower"], "qualitative", "broader than the evidence"),
        (["contradicts"], "qualitative", "contradicted"),
        (["tension"], "trace", "in tension"),
        (["tension", "contradicts"], "trace", "in tension"),
        (["supports", "qualifies"], "qualitative", "partly supported"),
        (["supports", "contradicts"], "comparative", "partly supported"),
        (["qualifies"], "qualitative", "partly supported"),
    ],
)
def test_verdict_rules(relations, kind, expected):
    assert evidence.verdict(relations, kind) == expected
    assert expected in VERDICTS


def test_unknown_relation_is_an_error():
    with pytest.raises(ValueError, match="refutes"):
        evidence.verdict(["supports", "refutes"], "qualitative")


def _data(status: str):
    claims = frame(
        [{"claim_id": "P-X-01", "source_id": "002", "locator_id": "L-002-001", "claim": "c", "kind": "qualitative",
          "status": status, "notebook": "x.ipynb", "stated": None, "stated_low": None, "stated_high": None, "reason": "r"}],
        ["claim_id", "source_id", "locator_id", "claim", "kind", "status", "notebook", "stated", "stated_low", "stated_high", "reason"],
    )
    ev = frame(
        [{"claim_id": "P-X-01", "excerpt_id": "X-002-Kate-01", "locator_id": None, "relation": "supports", "note": "n1"},
         {"claim_id": "P-X-01", "excerpt_id": None, "locator_id": "L-002-002", "relation": "qualifies", "note": "n2"}],
        ["claim_id", "excerpt_id", "locator_id", "relation", "note"],
    )
    ex = frame([{"excerpt_id": "X-002-Kate-01", "locator_id": "L-002-001", "text": "I just <get> on", "attribution": "Kate"}],
               ["excerpt_id", "locator_id", "text", "attribution"])
    loc = frame([{"locator_id": "L-002-001", "source_id": "002", "section_id": "002-gender", "paragraph": 1, "exact": "I just <get> on"},
                 {"locator_id": "L-002-002", "source_id": "002", "section_id": "002-trust", "paragraph": 3, "exact": "a passage"}],
                ["locator_id", "source_id", "section_id", "paragraph", "exact"])
    sec = frame([{"section_id": "002-gender", "heading": "Gender"}, {"section_id": "002-trust", "heading": "Trust"}], ["section_id", "heading"])
    src = frame([{"source_id": "002", "short_name": "article"}], ["source_id", "short_name"])
    return mini(claims=claims, claim_evidence=ev, excerpts=ex, locators=loc, sections=sec, sources=src)


def test_links_show_excerpts_and_passages():
    table = evidence.links(_data("partly supported"), "P-X-01")
    assert list(table["evidence"]) == ["X-002-Kate-01", "L-002-002"]
    assert list(table["text"]) == ["I just <get> on", "a passage"]
    assert list(table["section"]) == ["Gender", "Trust"]


def test_check_confirms_the_derived_verdict():
    check = evidence.check(_data("partly supported"), "P-X-01", glue=False)
    assert check.status == "partly supported"
    assert "&lt;get&gt;" in check._repr_html_() and "<get>" not in check._repr_html_()


def test_check_fails_when_registry_disagrees():
    with pytest.raises(ClaimMismatch, match="partly supported"):
        evidence.check(_data("supported"), "P-X-01", glue=False)


def test_citing_claims_is_the_reverse_link():
    back = evidence.citing_claims(_data("partly supported"), "X-002-Kate-01")
    assert list(back["claim_id"]) == ["P-X-01"] and list(back["relation"]) == ["supports"]


def test_traced_into_lists_review_claims_with_article_evidence():
    from compendium.package import load

    data = load()
    traced = evidence.traced_into(data, "000", "002")
    assert {"R-TRACE-01", "R-TRACE-02", "R-CITE-01"} <= set(traced["claim_id"])
    assert "R-KF-01" not in set(traced["claim_id"])  # traced into the review's own body, not the article
    assert (traced["links"] > 0).all()
    row = traced.set_index("claim_id").loc["R-TRACE-01"]
    assert row["links"] == len(evidence.links(data, "R-TRACE-01").query("document == 'article'"))
    assert evidence.traced_into(data, "002", "000")["claim_id"].str.startswith("P-").all()
