"""Deterministic GUIDs for REFI-QDA export."""

import re

import pytest

from compendium.ids import guid


def test_guids_are_stable_and_distinct():
    assert guid("codes", "C-TRUST") == guid("codes", "C-TRUST")
    assert guid("codes", "C-TRUST") != guid("excerpts", "C-TRUST")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", guid("sources", "002"))


def test_unknown_table_is_refused():
    with pytest.raises(KeyError):
        guid("claims", "P-SAMPLE-01")
