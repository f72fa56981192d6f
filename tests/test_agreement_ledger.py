"""The agreement statistics and the sentence ledger's rules: known values, and checks that can fail."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from compendium import agreement, ledger, verdicts
from compendium.validate import load_valid


# --------------------------------------------------------------------------- kappa


def test_kappa_known_value():
    """Two coders agreeing on three of four items, with margins 2/2 and 1/3: kappa 0.5."""
    a = agreement.kappa(pd.Series([True, True, False, False]), pd.Series([True, False, False, False]), [False, True], "x")
    assert (a.n, a.agree, a.first, a.second) == (4, 3, 2, 1)
    assert a.raw == pytest.approx(0.75)
    assert a.kappa == pytest.approx(0.5)
    assert -1 <= a.low <= a.kappa <= a.high <= 1


def test_kappa_perfect_and_chance():
    cats = ["x", "y"]
    perfect = agreement.kappa(pd.Series(["x", "y", "x", "y"]), pd.Series(["x", "y", "x", "y"]), cats)
    assert perfect.kappa == pytest.approx(1.0)
    # Agreement no better than chance: kappa 0.
    chance = agreement.kappa(pd.Series(["x", "x", "y", "y"]), pd.Series(["x", "y", "x", "y"]), cats)
    assert chance.kappa == pytest.approx(0.0)


def test_kappa_undefined_when_one_category():
    a = agreement.kappa(pd.Series([False] * 5), pd.Series([False] * 5), [False, True])
    assert a.raw == 1.0 and pd.isna(a.kappa)


@given(st.lists(st.tuples(st.sampled_from(verdicts.VERDICTS), st.sampled_from(verdicts.VERDICTS)), min_size=2, max_size=40))
def test_kappa_bounded_and_symmetric(pairs):
    first = pd.Series([p[0] for p in pairs])
    second = pd.Series([p[1] for p in pairs])
    cats = list(verdicts.VERDICTS)
    ab, ba = agreement.kappa(first, second, cats), agreement.kappa(second, first, cats)
    assert ab.agree == ba.agree
    if not pd.isna(ab.kappa):
        assert -1 <= ab.kappa <= 1
        assert ab.kappa == pytest.approx(ba.kappa)


# --------------------------------------------------------------------------- agreement on the data


@pytest.fixture(scope="module")
def data():
    return load_valid()


def test_every_claim_in_scope_is_double_coded(data):
    coded = set(data["second_coding"]["claim_id"])
    assert set(agreement.scope(data)) <= coded


def test_before_adjudication_uses_the_recorded_first_value(data):
    """Where an adjudication changed the registry, agreement is measured on the value before it."""
    p = agreement.pairs(data).set_index("claim_id")
    adj = data["adjudications"]
    changed = adj[(adj["field"] == "verdict") & (adj["decision"] != "first")]
    assert not changed.empty
    for r in changed.itertuples():
        assert p.at[r.claim_id, "first"] == r.first
        assert p.at[r.claim_id, "now"] == r.final != r.first


def test_disagreements_all_adjudicated(data):
    p = agreement.pairs(data)
    disagree = set(p.loc[p["first"] != p["second"], "claim_id"])
    decided = set(data["adjudications"].query("field == 'verdict'")["claim_id"])
    assert disagree == decided


# --------------------------------------------------------------------------- the ledger's rules


TEXT = "One sentence here. Another one. A third."


def test_tiling_accepts_exact_cover():
    assert ledger.tiling_gaps(TEXT, [(0, 18), (19, 31), (32, 40)]) == []


@pytest.mark.parametrize(
    ("spans", "needle"),
    [
        ([(0, 18), (32, 40)], "belong to no sentence"),          # a sentence missing
        ([(0, 18), (10, 31), (32, 40)], "inside the previous"),   # overlap
        ([(0, 18), (19, 31)], "at the end"),                      # the end uncovered
        ([(0, 19), (20, 31), (32, 40)], "starts or ends with a space"),
        ([(0, 18), (19, 19), (19, 40)], "empty"),
        ([(0, 18), (19, 31), (32, 45)], "past the end"),
    ],
)
def test_tiling_reports_each_kind_of_gap(spans, needle):
    gaps = ledger.tiling_gaps(TEXT, spans)
    assert gaps and any(needle in g.message for g in gaps)


def test_hash_is_of_normalised_text():
    assert ledger.sentence_hash("A  b\nc") == ledger.sentence_hash("A b c")
    assert len(ledger.sentence_hash("x")) == ledger.HASH_CHARS
    assert ledger.sentence_hash("A b c") != ledger.sentence_hash("A b d")


def test_reasons_are_not_substantive():
    """The closed list holds only reasons for sentences that assert nothing."""
    assert set(ledger.REASONS) == {"heading", "front-matter", "signposting", "quotation", "acknowledgement"}


def test_ledger_accounts_for_every_sentence(data):
    t = ledger.table(data)
    assert ((t["claims"] > 0) ^ t["reason"].notna()).all()
    ba = ledger.before_after(t)
    assert (ba["accounted for"] == ba["sentences"]).all()
