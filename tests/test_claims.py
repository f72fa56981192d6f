"""Verdict rules and the registry check: every rule can give every answer it claims to."""

import pandas as pd
import pytest

from compendium import claims
from compendium.package import load


@pytest.mark.parametrize("stated,computed,verdict", [
    ((18, 18), (18, 18), "supported"),
    ((15, 20), (16, 18), "supported"),
    ((15, 20), (19, 24), "partly supported"),
    ((15, 20), (23, 24), "contradicted"),
    ((4, 4), None, "cannot be checked"),
])
def test_numeric_verdict(stated, computed, verdict):
    assert claims.numeric_verdict(stated, computed) == verdict


@pytest.mark.parametrize("stated,disjoint,overlapped,verdict", [
    ((15, 20), (16, 18), (14, 16), "supported"),
    ((15, 20), (23, 24), (20, 21), "in tension"),
    ((15, 20), (23, 24), (22, 23), "contradicted"),
])
def test_overlap_verdict(stated, disjoint, overlapped, verdict):
    assert claims.overlap_verdict(stated, disjoint, overlapped) == verdict


@pytest.mark.parametrize("direct,possible,verdict", [
    ([True, True], [False, False], "supported"),
    ([True, False], [False, True], "in tension"),
    ([True, False], [False, False], "contradicted"),
    ([], [], "cannot be checked"),
])
def test_coverage_verdict(direct, possible, verdict):
    assert claims.coverage_verdict(direct, possible) == verdict


def test_bounded_verdict():
    assert claims.bounded_verdict((25, 25), (6, 28)) == "cannot be checked"
    assert claims.bounded_verdict((25, 25), (6, 20)) == "contradicted"


@pytest.mark.parametrize("verdicts,universal,expected", [
    (["supported", "supported"], False, "supported"),
    (["supported", "contradicted"], False, "partly supported"),
    (["supported", "contradicted"], True, "contradicted"),
    (["contradicted", "contradicted"], False, "contradicted"),
    (["supported", "cannot be checked"], False, "partly supported"),
    (["cannot be checked"], False, "cannot be checked"),
    ([], True, "cannot be checked"),
])
def test_combine(verdicts, universal, expected):
    assert claims.combine(verdicts, universal=universal) == expected


def test_confirm_accepts_the_registered_verdict():
    data = load()
    row = data["claims"].iloc[0]
    check = claims.confirm(data, row["claim_id"], row["status"], computed=(1, 2), glue=False)
    assert check.status == row["status"] and row["claim_id"] in repr(check)


def test_confirm_fails_when_the_data_disagree_with_the_registry():
    data = load()
    row = data["claims"].iloc[0]
    other = next(v for v in claims.VERDICTS if v != row["status"])
    with pytest.raises(claims.ClaimMismatch, match=row["claim_id"]):
        claims.confirm(data, row["claim_id"], other, glue=False)
    with pytest.raises(KeyError):
        claims.confirm(data, "P-NOSUCH-99", "supported", glue=False)
    with pytest.raises(ValueError):
        claims.confirm(data, row["claim_id"], "probably", glue=False)


def test_check_html_escapes_evidence():
    check = claims.Check("P-X-01", "a <b> claim", "supported", "because <i>", evidence=pd.DataFrame({"t": ["<script>"]}))
    html = check._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &lt;b&gt; claim" in html


def test_summary_counts_every_claim():
    data = load()
    table = claims.summary(data)
    assert list(table.columns) == list(claims.VERDICTS)
    assert int(table.to_numpy().sum()) == len(data["claims"])


def test_format_value():
    assert claims.format_value((23, 24)) == "23–24"
    assert claims.format_value((18, 18)) == "18"
    assert claims.format_value(None) == "not computable"
