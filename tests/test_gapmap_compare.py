"""The gap map counts statements, works and gaps per cell; comparative strength counts people."""

from __future__ import annotations

from compendium import compare, gapmap
from minidata import frame, mini

ST = ["statement_id", "source_id", "locator_id", "ptype", "question", "kind", "summary"]


def test_gap_map_cells():
    st = frame([
        {"statement_id": "S-000-001", "source_id": "000", "locator_id": "L", "ptype": "multi-agency", "question": "factors", "kind": "facilitator", "summary": "s"},
        {"statement_id": "S-000-002", "source_id": "000", "locator_id": "L", "ptype": "multi-agency", "question": "factors", "kind": "barrier", "summary": "s"},
        {"statement_id": "S-000-003", "source_id": "000", "locator_id": "L", "ptype": "multi-agency", "question": "factors", "kind": "research priority", "summary": "s"},
        {"statement_id": "S-000-004", "source_id": "000", "locator_id": "L", "ptype": "police-police", "question": "conditions", "kind": "context", "summary": "s"},
    ], ST)
    cit = frame([
        {"statement_id": "S-000-001", "work_id": "W-a"}, {"statement_id": "S-000-002", "work_id": "W-a"},
        {"statement_id": "S-000-002", "work_id": "W-b"}, {"statement_id": "S-000-004", "work_id": "W-c"},
    ], ["statement_id", "work_id"])
    g = gapmap.gap_map(mini(statements=st, citations=cit)).set_index(["ptype", "question"])
    assert g.loc[("multi-agency", "factors")].to_dict() == {"statements": 2, "works": 2, "gaps": 1}
    assert g.loc[("police-police", "conditions")].to_dict() == {"statements": 0, "works": 0, "gaps": 0}
    assert len(g) == len(gapmap.TYPES) * len(gapmap.QUESTIONS)


def test_share_has_a_wide_interval_for_one_of_one():
    s = compare.share(1, 1)
    assert s["share"] == 1.0 and s["wilson_low"] < 0.25


def test_exact_binomial_detects_a_clear_difference():
    assert compare.exact_binomial(5, 6, 6 / 25) < 0.01
    assert compare.exact_binomial(1, 4, 6 / 25) > 0.5
