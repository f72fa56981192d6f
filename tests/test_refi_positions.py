"""Code points versus UTF-16 code units: conversion and detection."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from compendium.refi import positions

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=50, deadline=None)
@given(TEXT, st.data())
def test_conversion_round_trips(text, data):
    index = data.draw(st.integers(0, len(text)))
    unit = positions.codepoint_to_utf16(text, index)
    assert unit == len(text[:index].encode("utf-16-le")) // 2
    assert positions.utf16_to_codepoint(text, unit) == index


def test_a_unit_inside_a_surrogate_pair_or_beyond_the_text_has_no_code_point():
    assert positions.utf16_to_codepoint("a😀b", 2) is None
    assert positions.utf16_to_codepoint("a😀b", 5) is None and positions.utf16_to_codepoint("a😀b", -1) is None
    assert positions.utf16_to_codepoint("a😀b", 3) == 2


def test_detection():
    text = "😀 we trust Kate"
    assert positions.detect("no astral", [(0, 2, "")])[0] == positions.CODEPOINTS
    assert positions.detect(text, [(5, 10, "trust")])[0] == positions.CODEPOINTS
    assert positions.detect(text, [(6, 11, "trust")])[0] == positions.UTF16
    assert positions.detect(text, [(6, 11, "")])[0] == positions.UTF16  # word boundaries alone
    assert positions.detect(text, [])[0] == positions.CODEPOINTS
