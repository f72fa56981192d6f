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
