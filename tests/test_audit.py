"""Problem claims: a fixed rule puts each in exactly one group, shown beside its evidence."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from compendium import audit
from compendium.claims import VERDICTS
from compendium.package import load


@pytest.mark.parametrize("status,kind,basis,expected", [
    ("supported", "qualitative", None, None),
    ("partly supported", "trace", None, None),
    ("contradicted", "numeric", None, "contradicted"),
    ("contested", "qualitative", None, "contested"),
    ("in tension", "citation", None, "tension"),
    ("not found", "trace", "not-in-other-document", "not-found"),
    ("broader than the evidence", "trace", None, "trace"),
    ("broader than the evidence", "comparative", None, "comparison"),
    ("broader than the evidence", "qualitative", None, "generalised"),
    ("broader than the evidence", "numeric", None, "generalised"),
    ("cannot be checked", "citation", "work-unidentified", "untraced-citation"),
    ("cannot be checked", "qualitative", "work-unidentified", "untraced-citation"),
    ("cannot be checked", "citation", "work-not-held", "unheld-work"),
    ("cannot be checked", "numeric", "figure-not-recomputable", "unrecomputable-figure"),
    ("cannot be checked", "qualitative", "transcripts-not-public", "unseen-material"),
    ("cannot be checked", "qualitative", "outside-record", "outside-record"),
    ("cannot be checked", "comparative", "nothing-in-print", "nothing-in-print"),
])
def test_problem_rule(status, kind, basis, expected):
    assert audit.problem_of(status, kind, basis) == expected


def test_every_problem_verdict_has_a_catch_all_group():
    keys = [p.key for p in audit.PROBLEMS]
    assert len(keys) == len(set(keys))
    problem_verdicts = set(VERDICTS) - {"supported", "partly supported"}
    assert {p.status for p in audit.PROBLEMS if p.kinds is None and p.bases is None} == problem_verdicts


def test_problem_claims_are_exactly_the_non_supported_ones():
    data = load()
    problems = audit.problem_claims(data)
    expected = data["claims"][~data["claims"]["status"].isin(["supported", "partly supported"])]
    assert sorted(problems["claim_id"]) == sorted(expected["claim_id"])
    assert problems["claim_id"].is_unique
    assert int(audit.counts(data).values.sum()) == len(problems)
    assert list(audit.counts(data).index) == [p.title for p in audit.PROBLEMS]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]


def test_cards_link_to_the_checking_cell_and_show_evidence():
    data = load()
    markup = audit.Cards(data, ["P-WAY-02", "P-SAMPLE-01"])._repr_html_()
    p = _Links()
    p.feed(markup)
    # The verdict badges link to the glossary on the landing page; the claim ids link to their cells.
    assert [h for h in p.hrefs if "#claim-" in h] == ["findings.html#claim-p-way-02", "samples.html#claim-p-sample-01"]
    assert all(h.startswith("intro.html#term-") for h in p.hrefs if "#claim-" not in h)
    assert markup.count('class="side-by-side"') == 2
    assert "No quotation or passage in print" in markup  # P-SAMPLE-01 has no linked evidence
    assert 'data-ref="X-002-Respondents-01"' in markup  # P-WAY-02's evidence


def test_cards_show_a_computed_table_escaped():
    data = load()
    table = pd.DataFrame({"agency": ["<b>x</b>"]})
    markup = audit.Cards(data, ["P-SAMPLE-08"], computed={"P-SAMPLE-08": table})._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in markup and "<b>x</b>" not in markup
