"""The claims index: every claim once, escaped cells, named topics."""

from __future__ import annotations

import pytest

from compendium import report
from compendium.package import load


def test_cell_text_escapes_markup():
    """Claim text is data: MyST markup characters are escaped and lines joined."""
    assert report.cell_text("a|b *c* `d` <e>\n f") == "a\\|b \\*c\\* \\`d\\` \\<e\\> f"


def test_index_lists_every_claim_once_with_a_checked_link():
    data = load()
    text = report.claims_markdown(data)
    lines = text.splitlines()
    assert lines[0] == "```{container} claims-index" and lines[-1] == "```"
    rows = lines[3:-1]
    assert len(rows) == len(data["claims"])
    for claim_id in data["claims"]["claim_id"]:
        assert sum(f"{{ref}}`{claim_id} <claim-{claim_id.lower()}>`" in r for r in rows) == 1, claim_id


def test_index_columns_carry_chapter_topic_and_status():
    table = report.claims_table(load())
    row = table.set_index("claim_id").loc["P-TRUST-01"]
    assert row["chapter"].startswith("Findings")
    assert row["topic"] == "trust"
    assert table["chapter"].notna().all() and table["topic"].notna().all()


def test_unknown_topic_is_an_error():
    with pytest.raises(KeyError, match="P-NEWTOPIC-01"):
        report.topic("P-NEWTOPIC-01")


def test_headline_rule_reads_the_section_heading():
    """Abstract, executive summary, key findings and conclusion sections hold headline claims; citation claims never are."""
    assert report.is_headline("Abstract", "qualitative")
    assert report.is_headline("Key Findings and Future Research Priorities", "trace")
    assert report.is_headline("7. Conclusion", "trace") and report.is_headline("Executive Summary", "numeric")
    assert not report.is_headline("Discussion", "qualitative")
    assert not report.is_headline("Key Findings", "citation")
    assert not report.is_headline("Trust and belonging", "qualitative")


def test_headline_claims_on_the_real_data():
    """The review's key findings and conclusion, and the article's abstract, give the headline claims."""
    data = load()
    table = report.claims_table(data)
    headline = table[table["headline"]]
    assert set(headline["heading"]) == {"Key Findings and Future Research Priorities", "7. Conclusion", "Abstract"}
    assert report.headline_counts(data) == {"review": 17, "article": 2, "all": 19}
    assert {"R-KF-03", "R-CONC-03"} <= set(headline["claim_id"])
    assert not table.set_index("claim_id").loc["P-TRUST-01", "headline"]


def test_index_order_problems_then_headline_then_citations_last():
    """Within each verdict (in severity order): headline claims, then the others, citation claims last."""
    table = report.claims_table(load())
    rank = [report.SEVERITY.index(s) for s in table["status"]]
    assert rank == sorted(rank), "problems first"
    for status, group in table.groupby("status", sort=False):
        key = [(k == "citation", not h) for k, h in zip(group["kind"], group["headline"])]
        assert key == sorted(key), status
    broader = table[table["status"] == "broader than the evidence"]
    assert broader["headline"].iloc[0] and not broader["headline"].all()


def test_headline_claims_are_labelled_in_the_index():
    """A headline claim's row carries the word label; other rows do not."""
    data = load()
    rows = report.claims_markdown(data).splitlines()[3:-1]
    flagged = {r.split("`")[1].split(" <")[0] for r in rows if report.HEADLINE_LABEL in r}
    table = report.claims_table(data)
    assert flagged == set(table.loc[table["headline"], "claim_id"])
