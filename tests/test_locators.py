"""Locator semantics: normalisation, offsets, and re-anchoring by quote."""

from hypothesis import given
from hypothesis import strategies as st

from compendium.locators import CONTEXT, Selector, normalise, resolve, select

TEXT = "The police  were\n\nsceptical.\nLater the police   were keen; the police were busy."


def test_normalise_folds_white_space_and_nfc():
    assert normalise("  a\n\n b\t c ") == "a b c"
    assert normalise("cafe\u0301") == "caf\u00e9"
    assert normalise("it’s") != normalise("it's"), "quotes are not folded"


def test_select_counts_offsets_in_normalised_text():
    sel = select(TEXT, "police were sceptical.")
    norm = normalise(TEXT)
    assert norm[sel.start : sel.end] == "police were sceptical."
    assert (sel.prefix, sel.suffix) == ("", ""), "a unique quote carries no context"


def test_a_repeated_quote_carries_its_context():
    sel = select(TEXT, "the police were", occurrence=0)
    norm = normalise(TEXT)
    assert sel.prefix == norm[max(0, sel.start - CONTEXT) : sel.start]
    assert sel.suffix == norm[sel.end : sel.end + CONTEXT]
    assert sel.suffix.startswith(" keen")


def test_select_refuses_a_passage_that_is_not_there():
    import pytest

    with pytest.raises(ValueError, match="occurs 0 time"):
        select(TEXT, "police were absent")


def test_resolve_ok_drift_ambiguous_missing():
    norm = normalise(TEXT)
    sel = select(TEXT, "the police were busy")
    assert resolve(norm, sel).status == "ok"
    moved = Selector(sel.exact, sel.prefix, sel.suffix, sel.start + 3, sel.end + 3)
    found = resolve(norm, moved)
    assert (found.status, found.start) == ("drifted", sel.start)
    loose = Selector("police", "", "", 0, 6)
    assert resolve(norm, loose).status == "ambiguous"
    assert resolve(norm, Selector("police were absent", "", "", 0, 5)).status == "missing"


def test_prefix_and_suffix_single_out_a_repeated_quote():
    norm = normalise(TEXT)
    second = select(TEXT, "police", occurrence=1)
    moved = Selector(second.exact, second.prefix, second.suffix, 0, 6)
    found = resolve(norm, moved)
    assert (found.status, found.start) == ("drifted", second.start)


def test_a_reflowed_text_keeps_its_offsets():
    sel = select(TEXT, "Later the police were keen")
    reflowed = TEXT.replace(" ", "\n ").replace("\n\n", "\n")
    assert resolve(normalise(reflowed), sel).status == "ok"


@given(st.text(alphabet="ab \n", min_size=1, max_size=60), st.data())
def test_select_then_resolve_round_trips(text, data):
    norm = normalise(text)
    if not norm:
        return
    i = data.draw(st.integers(0, len(norm) - 1))
    j = data.draw(st.integers(i + 1, len(norm)))
    quote = norm[i:j].strip()
    if not quote:
        return
    sel = select(text, quote)
    assert normalise(text)[sel.start : sel.end] == quote
    assert resolve(norm, sel).status == "ok"
