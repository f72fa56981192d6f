"""The verdict palette: one colour per verdict, readable badges, defined once."""

from __future__ import annotations

import pytest

from compendium import palette
from compendium.verdicts import VERDICTS


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_verdict_has_its_own_colour():
    assert list(palette.VERDICT_COLOURS) == list(VERDICTS)
    assert len(set(palette.VERDICT_COLOURS.values())) == len(VERDICTS)


def test_colours_are_okabe_ito_or_neutral_grey():
    allowed = set(palette.OKABE_ITO.values()) | {"#BBBBBB"}
    assert set(palette.VERDICT_COLOURS.values()) <= allowed


@pytest.mark.parametrize("verdict", VERDICTS)
def test_badge_text_is_readable(verdict):
    """Badge text meets WCAG AA (4.5:1) on its fill."""
    assert contrast(palette.VERDICT_COLOURS[verdict], palette.VERDICT_TEXT[verdict]) >= 4.5


def test_contrast_check_can_fail():
    assert contrast("#FFFFFF", "#F0E442") < 4.5


def test_badge_names_the_verdict_links_the_glossary_and_escapes():
    html = palette.badge("partly supported")
    assert ">partly supported<" in html and 'href="intro.html#term-partly-supported"' in html
    assert "<script>" not in palette.badge("<script>", link=None)


def test_stylesheet_styles_every_verdict():
    css = palette.css()
    for v in VERDICTS:
        assert f".verdict-{palette.slug(v)}.verdict-badge" in css and palette.VERDICT_COLOURS[v] in css
