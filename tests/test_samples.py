"""Sample arithmetic on the real data, and on a constructed case where it does not add up."""

import pandas as pd
import pytest

from compendium import samples
from compendium.package import load


@pytest.fixture(scope="module")
def data():
    return load()


def test_case_conference_parts_add_up(data):
    table = samples.breakdown(data, "CC", "interviewees")
    assert samples.sum_of_parts(table) == samples.stated(data, "CC", "interviewees")
    assert table["adds_up"].all()
    assert samples.gender_totals(table) == {"female": (11, 11), "male": (7, 7)}


def test_meeting_is_larger_than_stated_attendance(data):
    table = samples.breakdown(data, "CC", "meeting attendees")
    assert samples.sum_of_parts(table) == (23, 24)
    assert samples.stated(data, "CC", "meeting attendees") == (15, 20)


def test_split_that_does_not_add_up_is_flagged():
    entry = {"low": 6, "high": 6, "female_low": 5, "female_high": 5, "male_low": 2, "male_high": 2}
    assert samples._split_adds_up(entry) is False
    entry.update(male_low=1, male_high=1)
    assert samples._split_adds_up(entry) is True
    alone = {"low": 2, "high": 2, "female_low": 3, "female_high": 3, "male_low": pd.NA, "male_high": pd.NA}
    assert samples._split_adds_up(alone) is False


def test_stated_refuses_a_count_that_is_not_stated(data):
    with pytest.raises(KeyError):
        samples.stated(data, "BA", "interviewees", category="drugs worker")


def test_id_scheme_capacity():
    assert samples.id_scheme_capacity("[1-7][A-D]") == 28
    assert samples.scheme_letters("[1-7][A-D]") == ["A", "B", "C", "D"]
    with pytest.raises(ValueError):
        samples.id_scheme_capacity("[A-Z][a-z]+")


@pytest.mark.parametrize("role,rank", [
    ("police constable", "constable"), ("Inspector", "inspector"), ("police sgt", "sergeant"),
    ("Chief Inspector", "chief inspector"), ("YOT Manager", None),
])
def test_rank_of(role, rank):
    assert samples.rank_of(role) == rank


def test_wilson_is_clamped_and_rounded():
    p, lo, hi = samples.wilson(25, 25)
    assert (p, hi) == (1.0, 1.0) and 0.8 < lo < 0.9
    assert samples.wilson(0, 6)[1] == 0.0


def test_agency_coverage_names_the_missing_agencies(data):
    cov = samples.agency_coverage(data, "CC")
    missing = set(cov.loc[~cov["interviewee category"], "agency"])
    assert missing == {"mental health", "education welfare", "children's services"}


def test_implied_men_are_marked(data):
    long = samples.interviewees_long(data)
    ba = long[long["project_id"] == "BA"].set_index("gender")
    assert ba.at["male", "n"] == 19 and ba.at["male", "basis"] == "implied"
