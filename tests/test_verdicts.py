"""The assessment rule (compendium.verdicts): examples, and its properties under Hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compendium import verdicts as v
from compendium.verdicts import Voice

PEOPLE = [f"p{i}" for i in range(6)]
OTHERS = ["authors:002", "authors:000", "figure:N-1"]


@st.composite
def voices(draw, relations=v.RELATIONS, max_size=8):
    """Voices drawn from a small pool, so that one voice often recurs across links."""
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        who = draw(st.sampled_from(PEOPLE + OTHERS))
        rel = draw(st.sampled_from(relations))
        if who in PEOPLE:
            out.append(Voice(who, "participant", rel, "BA" if int(who[1]) % 2 else "CC"))
        else:
            out.append(Voice(who, "figure" if who.startswith("figure") else "authors", rel))
    return out


levels = st.sampled_from(v.LEVELS)
concerns = st.fixed_dictionaries({c: levels for c in v.COMPONENTS})
scopes = st.sampled_from(v.SCOPES)


def rank(verdict: str) -> int:
    return v.ORDER.index(verdict)


def p(who, rel, project="BA"):
    return Voice(who, "participant", rel, project)


def a(rel, source="002"):
    return Voice(f"authors:{source}", "authors", rel)


# --- examples: each names a case the old rule got wrong -------------------------------------

def test_one_constable_does_not_support_a_general_claim():
    out = v.assess([p("7C", "supports")], "general")
    assert out.verdict == "broader than the evidence" and out.capped
    assert out.floors["adequacy"] == "serious"


def test_five_participants_count_for_more_than_one():
    one = v.assess([p("x", "supports")], "pattern")
    five = v.assess([p(f"x{i}", "supports", "BA" if i < 3 else "CC") for i in range(5)], "pattern")
    assert one.concerns["adequacy"] == "moderate" and five.concerns["adequacy"] == "none"
    assert v.CONFIDENCE.index(five.confidence) < v.CONFIDENCE.index(one.confidence)


def test_many_passages_of_the_authors_are_one_voice():
    t = v.tally([a("supports"), a("supports"), a("supports")])
    assert len(t.supports) == 1 and v.describe_voices(t) == "1 report by the authors"


def test_qualifying_alone_is_not_support():
    assert v.assess([p("x", "qualifies")], "instance").verdict == "in tension"


def test_adding_a_qualification_to_tension_does_not_raise_it():
    assert v.assess([p("x", "tension"), p("y", "qualifies")], "instance").verdict == "in tension"


def test_even_evidence_is_contested_not_partly_supported():
    out = v.assess([p("x", "supports"), p("y", "tension")], "instance")
    assert out.verdict == "contested"
    assert v.assess([p("x", "supports"), p("z", "supports"), p("y", "tension")], "instance").verdict == "partly supported"


def test_contradiction_without_support():
    assert v.assess([a("contradicts"), p("x", "tension")], "instance").verdict == "contradicted"


def test_no_evidence():
    assert v.assess([], "instance").verdict == "cannot be checked"
    assert v.assess([], "instance", kind="trace").verdict == "not found"
    assert v.assess([], "instance").confidence is None


def test_serious_relevance_caps_and_lowers_confidence():
    out = v.assess([p("x", "supports")], "instance", {"relevance": "serious"})
    assert out.verdict == "broader than the evidence" and out.confidence == "low"


def test_recorded_levels_cannot_fall_below_their_floor():
    out = v.assess([p("x", "supports"), p("y", "qualifies")], "instance", {"coherence": "none"})
    assert out.concerns["coherence"] == "minor"


def test_describe_voices():
    t = v.tally([p("x", "supports", "BA"), p("y", "supports", "CC"), p("x", "supports", "BA"), a("supports")])
    assert v.describe_voices(t) == "2 participants from 2 projects; 1 report by the authors"


def test_summarise_voices_by_side():
    vs = [p("x", "supports", "BA"), p("x", "tension", "BA"), a("qualifies"), p("y", "narrower", "CC")]
    assert v.summarise_voices(vs) == ("for: 2 participants from 2 projects; qualifying: 1 report by the authors; "
                                      "against: 1 participant from 1 project")
    assert v.summarise_voices([]) == "no voice"


def test_frequency_words_are_whole_words():
    assert v.frequency_words("Officers often said so") == ["often"]
    assert v.frequency_words("A mostly quiet meeting") == ["mostly"]
    assert v.frequency_words("The tendency to manage") == []


@pytest.mark.parametrize("bad", [Voice("x", "participant", "agrees"), Voice("x", "spirit", "supports")])
def test_unknown_relation_or_kind_is_refused(bad):
    with pytest.raises(ValueError):
        v.tally([bad])


def test_unknown_scope_and_level_are_refused():
    with pytest.raises(ValueError):
        v.assess([p("x", "supports")], "everything")
    with pytest.raises(ValueError):
        v.assess([p("x", "supports")], "instance", {"adequacy": "dire"})


def test_confidence_steps():
    none = dict.fromkeys(v.COMPONENTS, "none")
    assert v.confidence(none) == "high"
    assert v.confidence({**none, "adequacy": "minor"}) == "high"
    assert v.confidence({**none, "adequacy": "minor", "relevance": "minor"}) == "moderate"
    assert v.confidence({**none, "adequacy": "serious", "relevance": "moderate"}) == "very low"


# --- properties ----------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(voices(), st.sampled_from(PEOPLE + OTHERS), st.sampled_from(sorted(v.FOR)), scopes, concerns)
def test_adding_a_supporting_voice_never_lowers_a_verdict(base, who, rel, scope, recorded):
    before = v.assess(base, scope, recorded)
    extra = Voice(who, "participant", rel, "BA") if who in PEOPLE else Voice(who, "authors", rel)
    after = v.assess(base + [extra], scope, recorded)
    assert after.verdict in v.ORDER
    if before.verdict in v.ORDER:
        assert rank(after.verdict) >= rank(before.verdict)


@settings(max_examples=300, deadline=None)
@given(voices(), st.sampled_from(PEOPLE + OTHERS), st.sampled_from(["qualifies", "tension", "contradicts"]), scopes, concerns)
def test_adding_contrary_evidence_never_raises_a_verdict(base, who, rel, scope, recorded):
    before = v.assess(base, scope, recorded)
    extra = Voice(who, "participant", rel, "CC") if who in PEOPLE else Voice(who, "authors", rel)
    after = v.assess(base + [extra], scope, recorded)
    if before.verdict in v.ORDER:
        assert rank(after.verdict) <= rank(before.verdict)


@settings(max_examples=200, deadline=None)
@given(voices(), scopes, concerns, st.randoms())
def test_order_does_not_matter(base, scope, recorded, rnd):
    shuffled = list(base)
    rnd.shuffle(shuffled)
    assert v.assess(base, scope, recorded) == v.assess(shuffled, scope, recorded)


@settings(max_examples=300, deadline=None)
@given(voices(relations=("qualifies", "tension", "contradicts", "narrower")), scopes, concerns)
def test_no_claim_without_support_is_supported_or_partly_supported(base, scope, recorded):
    assert v.assess(base, scope, recorded).verdict not in ("supported", "partly supported")


@settings(max_examples=300, deadline=None)
@given(voices(), scopes, concerns)
def test_substantial_evidence_both_ways_is_contested(base, scope, recorded):
    t = v.tally(base)
    out = v.assess(base, scope, recorded)
    if t.for_ and len(t.against) >= len(t.for_):
        assert out.verdict == "contested"
    if out.verdict == "contested":
        assert t.for_ and t.against


@settings(max_examples=200, deadline=None)
@given(voices(), scopes, concerns)
def test_recorded_concerns_only_ever_lower_confidence(base, scope, recorded):
    clean = v.assess(base, scope)
    out = v.assess(base, scope, recorded)
    if clean.confidence is not None:
        assert v.CONFIDENCE.index(out.confidence) >= v.CONFIDENCE.index(clean.confidence)
        assert rank(out.verdict) <= rank(clean.verdict)


def test_the_rule_sits_below_every_view():
    """verdicts.py is pure: it imports neither pandas nor anything of the package (so no HTML)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(v.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "re", "collections", "dataclasses"}, imported
