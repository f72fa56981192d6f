"""The helpers made linear give exactly what they gave before (:mod:`reference`), on the real data and on synthetic data."""

from __future__ import annotations

import pandas as pd
import pytest
import reference

from compendium import coded, synthetic


@pytest.fixture(scope="module")
def tables():
    t = synthetic.coded_tables(3_000, codes=30, sources=20, seed=2)
    t["codings"].loc[0, "code"] = "not-a-code"  # a coding of an unknown code
    t["codes"].loc[5, "name"] = t["codes"].loc[4, "name"]  # two codes with one name
    t["case_members"] = t["case_members"].iloc[2:]  # two sources in no case
    return t


@pytest.mark.parametrize("call", [("coded",), ("frequencies",), ("frequencies", "role"), ("frequencies", "year"), ("cooccurrence",),
                                  ("excerpts",), ("excerpts", "Code 07"), ("excerpts", "Code 05"), ("excerpts", ""), ("excerpts", "no such code")])
def test_coded_helpers_are_unchanged(tables, call):
    name, *args = call
    pd.testing.assert_frame_equal(getattr(coded, name)(tables, *args), getattr(reference, name)(tables, *args))


def test_coded_helpers_on_a_project_without_codings():
    t = synthetic.coded_tables(0, codes=5, sources=3)
    for name in ("coded", "frequencies", "excerpts"):
        pd.testing.assert_frame_equal(getattr(coded, name)(t), getattr(reference, name)(t))
    assert coded.cooccurrence(t).empty


@pytest.fixture(scope="module")
def data():
    from compendium.package import load

    return load()


def test_every_place_is_unchanged(data):
    from compendium import render

    for lid in data["locators"]["locator_id"]:
        assert render.place(data, lid) == reference.place(data, lid)
    with pytest.raises(KeyError):
        render.place(data, "L-NO-SUCH")


def test_excerpt_quotations_are_unchanged(data):
    from compendium import render

    ids = list(data["excerpts"]["excerpt_id"])[::-1]
    notes = {ids[0]: "a note"}
    assert render.excerpt_quotations(data, ids, notes) == reference.excerpt_quotations(data, ids, notes)


def test_links_and_their_quotations_are_unchanged_for_every_claim(data):
    from compendium import evidence

    for cid in [*data["claims"]["claim_id"], "NO-SUCH-CLAIM"]:
        new, old = evidence.links(data, cid), reference.links(data, cid)
        pd.testing.assert_frame_equal(new, old)
        assert evidence.quotations(data, new) == reference.quotations(data, old)


def test_crosswalk_traces_and_strength_are_unchanged(data):
    from compendium import compare, evidence

    claims = list(data["claims"]["claim_id"])
    pd.testing.assert_frame_equal(evidence.crosswalk(data, claims), reference.crosswalk(data, claims))
    pd.testing.assert_frame_equal(evidence.crosswalk(data, []), reference.crosswalk(data, []))
    for a, b in (("000", "002"), ("002", "000"), ("000", "000")):
        pd.testing.assert_frame_equal(evidence.traced_into(data, a, b), reference.traced_into(data, a, b))
    pd.testing.assert_frame_equal(compare.strength(data, claims), reference.strength(data, claims))
    for cid in claims:
        pd.testing.assert_frame_equal(compare.behind(data, cid), reference.behind(data, cid))


def test_a_replaced_table_is_looked_up_afresh(data):
    from compendium import render
    from compendium.package import Compendium

    copy = Compendium(data.folder, data.descriptor, dict(data.tables))
    lid = copy["locators"]["locator_id"].iloc[0]
    before = render.place(copy, lid)
    copy.tables["sections"] = copy["sections"].assign(heading="Renamed")
    assert render.place(copy, lid) != before and ", Renamed" in render.place(copy, lid)


def test_helpers_are_unchanged_on_scaled_data(data):
    from compendium import compare, evidence, render

    big = synthetic.scaled_compendium(data, 300, seed=5)
    ids = list(big["excerpts"]["excerpt_id"])
    assert render.excerpt_quotations(big, ids) == reference.excerpt_quotations(big, ids)
    claims = list(big["claims"]["claim_id"])
    pd.testing.assert_frame_equal(evidence.crosswalk(big, claims), reference.crosswalk(big, claims))
    pd.testing.assert_frame_equal(compare.strength(big, claims), reference.strength(big, claims))
