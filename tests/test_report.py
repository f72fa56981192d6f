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
