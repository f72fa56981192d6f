"""How verdicts are reached: the assessment method as pure functions.

This module is the bottom of the import graph. It takes plain values (voices,
concern levels, a scope) and returns a verdict and a confidence level; it imports
neither pandas nor anything that renders HTML, so the rule can be read, tested
(including with Hypothesis) and reused on its own.

The method is adapted from GRADE-CERQual (Lewin et al. 2018, *Implementation
Science* 13, Suppl 1) to checking published claims against the evidence the
documents themselves print:

1. **Voices, not labels.** Each piece of evidence is heard through a *voice*: a
   quoted participant; the authors of a document (every passage of one document,
   and every phrase it attributes to respondents as a group, is one voice: the
   authors' report); a stated figure. A citation is a voice (the cited work's
   record) only on a claim about the citation itself (is it traceable, is it used
   consistently); on a claim about what a cited work says it is not, because
   that can be checked only where the compendium holds the work, and a claim
   resting on a work it does not hold gets a reason code derived from the
   ``citations`` and ``works`` rows instead. The direction of a verdict is
   computed from the number of distinct voices for and against the claim
   (:func:`direction`).
2. **Four components** (adequacy, coherence, relevance, methodological
   limitations), each judged at one of :data:`LEVELS` and recorded in
   ``data/assessments.csv`` with a reason. Adequacy and coherence have floors
   computed from the voices (:func:`adequacy_floor`, :func:`coherence_floor`): a
   recorded judgement may be more concerned than its floor, never less.
3. **Verdict and confidence** follow (:func:`assess`): a serious concern on
   adequacy or relevance caps the verdict at "broader than the evidence"; the
   confidence starts at "high" and each concern lowers it (:func:`confidence`).
4. **No evidence, no verdict without a reason.** A claim with no voice at all is
   "cannot be checked" (or "not found" for a claim that one text rests on
   another) and must carry a reason code from :data:`BASES`.

Properties the rule guarantees (tested with Hypothesis in ``tests/test_verdicts.py``):
adding a supporting voice never lowers a verdict; adding a contrary voice never
raises it; the order of the evidence does not matter; no claim without support is
supported or partly supported; substantial evidence both ways is "contested".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The kinds a claim may have (the kinds of this compendium's registry, and of one made by ``compendium init``).
CLAIM_KINDS = ("numeric", "qualitative", "comparative", "literature", "citation", "trace")

#: Every verdict, from strongest to weakest support, then the two verdicts reached
#: without evidence. "broader than the evidence": the evidence is real but covers
#: less than the claim asserts; "contested": substantial evidence pulls both ways;
#: "in tension": the evidence pulls against the claim and nothing supports it;
#: "not found": a claim that one text rests on another, where the other says nothing.
VERDICTS = (
    "supported",
    "partly supported",
    "broader than the evidence",
    "contested",
    "in tension",
    "contradicted",
    "not found",
    "cannot be checked",
)

#: Verdicts reached from evidence, weakest first: the order the monotonicity
#: properties are stated in.
ORDER = ("contradicted", "in tension", "contested", "broader than the evidence", "partly supported", "supported")

#: Verdicts reached without evidence (each needs a reason code from :data:`BASES`).
NO_EVIDENCE = ("not found", "cannot be checked")

#: How a piece of evidence bears on a claim. "narrower": supports only a narrower
#: version of the claim; "qualifies": limits it; "tension": pulls against it without
#: refuting it; "contradicts": refutes it.
RELATIONS = ("supports", "narrower", "qualifies", "tension", "contradicts")
FOR = frozenset({"supports", "narrower"})
AGAINST = frozenset({"tension", "contradicts"})

#: Kinds of voice. Only "participant" voices are independent people. A "record" is the
#: row of a cited work (``work:<id>``): a voice only on claims about a citation itself.
VOICE_KINDS = ("participant", "authors", "figure", "record")

#: CERQual concern levels ("no or very minor", minor, moderate, serious concerns).
LEVELS = ("none", "minor", "moderate", "serious")
#: The four recorded judgements (GRADE-CERQual components), in the order they are reported.
COMPONENTS = ("adequacy", "coherence", "relevance", "limitations")
CONFIDENCE = ("high", "moderate", "low", "very low")

#: How far a claim reaches. "instance": that something occurs or someone says it;
#: "pattern": a regularity among the people studied (any word of
#: :data:`FREQUENCY_WORDS` makes a claim a pattern claim at least); "general": a
#: population beyond the people studied.
SCOPES = ("instance", "pattern", "general")

#: The frequency-word policy: a claim whose wording, or the document's sentence it
#: restates, uses one of these is at least a *pattern* claim, and needs the voices a
#: pattern needs (:func:`adequacy_floor`). Matched as whole words, case-insensitive.
FREQUENCY_WORDS = (
    "often", "usually", "typically", "regularly", "consistently", "many", "most",
    "widespread", "widely", "generally", "tended", "tend", "tends", "over and over",
    "overwhelming", "commonly", "frequently", "more likely", "increasingly", "mostly", "always",
)

#: Participants a pattern claim needs for no adequacy concern; participants and
#: projects a general claim needs for only a minor one.
PATTERN_PARTICIPANTS = 3
GENERAL_PARTICIPANTS = 3
GENERAL_PROJECTS = 2

#: Reason codes for a verdict reached with no evidence (a closed list).
BASES = {
    "transcripts-not-public": "rests on fieldwork (interviews, observation) the document does not print",
    "work-not-held": "rests on a cited work whose text the compendium does not hold",
    "work-unidentified": "rests on a citation that cannot be traced to a work",
    "outside-record": "a fact about law, policy or events that neither document evidences",
    "figure-not-recomputable": "a stated figure that nothing printed allows to recompute",
    "nothing-in-print": "neither document prints anything that bears on it",
    "not-in-other-document": "the other document says nothing on it",
}


@dataclass(frozen=True)
class Voice:
    """One voice bearing on a claim through one piece of evidence.

    ``id`` names the voice (a speaker id, ``authors:<source>``, ``figure:<count id>``);
    two links with the same id are the same voice. ``project`` is the research
    project a participant belongs to (None for other voices).
    """

    id: str
    kind: str
    relation: str
    project: str | None = None


@dataclass(frozen=True)
class Tally:
    """Distinct voices by relation, and the participants and projects behind the claim."""

    supports: frozenset[str]
    narrower: frozenset[str]
    qualifies: frozenset[str]
    against: frozenset[str]
    contradicts: frozenset[str]
    participants: frozenset[str]
    projects: frozenset[str]
    others: frozenset[str]

    @property
    def for_(self) -> frozenset[str]:
        return self.supports | self.narrower


@dataclass(frozen=True)
class Assessment:
    """The outcome of the rule for one claim."""

    verdict: str
    confidence: str | None
    direction: str | None
    concerns: dict
    floors: dict
    capped: bool


def tally(voices: Iterable[Voice]) -> Tally:
    """Count distinct voices by relation.

    The participants, projects and other voices counted are those behind the
    verdict's direction: the voices for the claim when there are any, else those
    against it.

    Raises
    ------
    ValueError
        On a relation not in :data:`RELATIONS` or a kind not in :data:`VOICE_KINDS`.
    """
    voices = list(voices)
    for v in voices:
        if v.relation not in RELATIONS:
            raise ValueError(f"unknown relation {v.relation!r}; expected one of {RELATIONS}")
        if v.kind not in VOICE_KINDS:
            raise ValueError(f"unknown voice kind {v.kind!r}; expected one of {VOICE_KINDS}")
    by = {r: frozenset(v.id for v in voices if v.relation == r) for r in RELATIONS}
    for_ids = by["supports"] | by["narrower"]
    behind_ids = for_ids or (by["tension"] | by["contradicts"] | by["qualifies"])
    behind = [v for v in voices if v.id in behind_ids]
    return Tally(
        supports=by["supports"],
        narrower=by["narrower"] - by["supports"],
        qualifies=by["qualifies"],
        against=by["tension"] | by["contradicts"],
        contradicts=by["contradicts"],
        participants=frozenset(v.id for v in behind if v.kind == "participant"),
        projects=frozenset(v.project for v in behind if v.kind == "participant" and v.project),
        others=frozenset(v.id for v in behind if v.kind != "participant"),
    )


def direction(t: Tally) -> str | None:
    """The verdict the voices give before any concern caps it; None with no evidence."""
    n_for, n_against = len(t.for_), len(t.against)
    if n_for == 0:
        if t.contradicts:
            return "contradicted"
        if t.against or t.qualifies:
            return "in tension"
        return None
    if n_against >= n_for:
        return "contested"
    if not t.supports:
        return "broader than the evidence"
    if n_against or t.qualifies:
        return "partly supported"
    return "supported"


def adequacy_floor(t: Tally, scope: str) -> str:
    """The least adequacy concern the voices allow for a claim of this scope."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
    people, projects = len(t.participants), len(t.projects)
    voices = people + len(t.others)
    if voices == 0:
        return "none"  # no evidence: no verdict is graded (a reason code is needed instead)
    if scope == "instance":
        return "none"
    if scope == "pattern":
        if people >= PATTERN_PARTICIPANTS:
            return "none"
        return "minor" if people >= 1 and voices >= 2 else "moderate"
    if people >= GENERAL_PARTICIPANTS and projects >= GENERAL_PROJECTS:
        return "minor"
    # One participant standing alone for a population is the case the floor exists for
    # ("a general claim about officers supported by one constable"). A general claim
    # resting on a document's own report is graded by relevance and limitations,
    # which the curator records with reasons; its adequacy floor is moderate.
    return "serious" if people == 1 and voices == 1 else "moderate"


def coherence_floor(t: Tally) -> str:
    """The least coherence concern the voices allow: contrary or qualifying voices raise it."""
    n_against = len(t.against)
    if t.for_ and n_against * 2 >= len(t.for_):
        return "moderate"
    if n_against or t.qualifies:
        return "minor"
    return "none"


def worse(a: str, b: str) -> str:
    """The more concerned of two levels."""
    return a if LEVELS.index(a) >= LEVELS.index(b) else b


def confidence(concerns: dict) -> str:
    """Confidence in a verdict from its four concern levels.

    Starts at "high"; each moderate concern lowers it one step, each serious
    concern two steps, and two or more minor concerns together one step.
    """
    steps = sum({"moderate": 1, "serious": 2}.get(concerns[c], 0) for c in COMPONENTS)
    steps += 1 if sum(concerns[c] == "minor" for c in COMPONENTS) >= 2 else 0
    return CONFIDENCE[min(steps, len(CONFIDENCE) - 1)]


def cap(verdict: str, ceiling: str) -> str:
    """The weaker of a verdict and a ceiling, in :data:`ORDER`."""
    return verdict if ORDER.index(verdict) <= ORDER.index(ceiling) else ceiling


def assess(voices: Iterable[Voice], scope: str, recorded: dict | None = None, kind: str = "qualitative") -> Assessment:
    """Verdict and confidence for one claim.

    Parameters
    ----------
    voices : iterable of Voice
        Every voice bearing on the claim, one per piece of evidence.
    scope : str
        One of :data:`SCOPES`.
    recorded : dict, optional
        The recorded concern level of each of :data:`COMPONENTS`; a component not
        given counts as "none". The level used is the worse of the recorded one and
        its computed floor.
    kind : str
        The claim's kind: a ``trace`` claim with no evidence is "not found",
        any other "cannot be checked".
    """
    t = tally(voices)
    floors = {"adequacy": adequacy_floor(t, scope), "coherence": coherence_floor(t), "relevance": "none", "limitations": "none"}
    recorded = recorded or {}
    for c in COMPONENTS:
        if recorded.get(c, "none") not in LEVELS:
            raise ValueError(f"unknown {c} level {recorded[c]!r}; expected one of {LEVELS}")
    concerns = {c: worse(recorded.get(c, "none"), floors[c]) for c in COMPONENTS}
    d = direction(t)
    if d is None:
        return Assessment("not found" if kind == "trace" else "cannot be checked", None, None, concerns, floors, False)
    serious = concerns["adequacy"] == "serious" or concerns["relevance"] == "serious"
    v = cap(d, "broader than the evidence") if serious else d
    return Assessment(v, confidence(concerns), d, concerns, floors, v != d)


def describe_voices(t: Tally) -> str:
    """The voices behind a verdict in words: "3 participants from 2 projects; 1 report by the authors"."""
    parts = []
    n, p = len(t.participants), len(t.projects)
    if n:
        parts.append(f"{n} participant{'s' if n != 1 else ''} from {p} project{'s' if p != 1 else ''}")
    kinds = {"authors": ("report by the authors", "reports by the authors"), "figure": ("stated figure", "stated figures"),
             "record": ("work record", "work records")}
    for kind, (one, many) in kinds.items():
        k = sum(1 for i in t.others if _kind_of(i) == kind)
        if k:
            parts.append(f"{k} {one if k == 1 else many}")
    return "; ".join(parts) if parts else "no voice"


def summarise_voices(voices: Iterable[Voice]) -> str:
    """Every voice bearing on a claim, by side: "for: 2 participants from 1 project; against: 1 report by the authors".

    A voice is counted once per side it speaks on (a speaker quoted for and against
    appears on both sides).
    """
    voices = list(voices)
    sides = (("for", FOR), ("qualifying", frozenset({"qualifies"})), ("against", AGAINST))
    parts = []
    for name, relations in sides:
        side = [Voice(v.id, v.kind, "supports", v.project) for v in voices if v.relation in relations]
        if side:
            parts.append(f"{name}: {describe_voices(tally(side))}")
    return "; ".join(parts) if parts else "no voice"


def _kind_of(voice_id: str) -> str:
    """The kind of a non-participant voice, from its id's prefix (``authors:``, ``figure:``, ``work:``)."""
    prefix = voice_id.split(":", 1)[0]
    return "record" if prefix == "work" else prefix


def frequency_words(text: str) -> list[str]:
    """The words of :data:`FREQUENCY_WORDS` that occur in ``text`` (whole words, any case)."""
    low = text.lower()
    return [w for w in FREQUENCY_WORDS if re.search(rf"\b{re.escape(w)}\b", low)]


# --- rules for figures (stated counts against recomputed ones) ------------------------------

def numeric_verdict(stated: tuple[float, float], computed: tuple[float, float] | None) -> str:
    """Verdict for a stated figure (or range) against a recomputed one.

    ``supported`` when the computed range lies within the stated one;
    ``partly supported`` when they overlap only in part; ``contradicted`` when
    they do not meet; ``cannot be checked`` when nothing could be computed.
    """
    if computed is None:
        return "cannot be checked"
    (slo, shi), (clo, chi) = stated, computed
    if slo <= clo and chi <= shi:
        return "supported"
    if clo <= shi and slo <= chi:
        return "partly supported"
    return "contradicted"


def bounded_verdict(stated: tuple[float, float], bounds: tuple[float, float]) -> str:
    """Verdict when the data only bound a figure instead of recomputing it.

    ``cannot be checked`` when the stated figure lies within the bounds (it is
    consistent, but not recomputed); ``contradicted`` when it falls outside them.
    """
    (slo, shi), (blo, bhi) = stated, bounds
    return "cannot be checked" if blo <= slo and shi <= bhi else "contradicted"


def combine(verdicts: list[str], universal: bool = False) -> str:
    """One verdict from the verdicts of a claim's parts.

    Parameters
    ----------
    verdicts : list of str
        The verdict of each part of the claim.
    universal : bool
        True for a claim about *every* part ("all agencies were represented"):
        one contradicted part contradicts the claim. Otherwise a mix of supported
        and contradicted parts makes the claim partly supported.
    """
    found = set(verdicts)
    if not found or found == {"cannot be checked"}:
        return "cannot be checked"
    if len(found) == 1:
        return verdicts[0]
    if "contradicted" in found and (universal or "supported" not in found and "partly supported" not in found):
        return "contradicted"
    return "partly supported"


def overlap_verdict(stated: tuple[float, float], disjoint: tuple[float, float], overlapped: tuple[float, float]) -> str:
    """Verdict for a stated total against parts whose categories may overlap.

    ``disjoint`` is the sum of the parts counted as if no person were in two
    categories; ``overlapped`` the sum when every category that could be folded
    into another is. When the disjoint sum fits, the verdict is that of
    :func:`numeric_verdict`; when only overlap could reconcile the figures, "in
    tension" (possible, but the text does not say the categories overlap); when
    even the greatest overlap cannot, "contradicted".
    """
    plain = numeric_verdict(stated, disjoint)
    if plain != "contradicted":
        return plain
    return "contradicted" if numeric_verdict(stated, overlapped) == "contradicted" else "in tension"


def coverage_verdict(direct: list[bool], possible: list[bool]) -> str:
    """Verdict for "every X is covered" when coverage may hide in coarse categories.

    Each item is covered ``direct``-ly (a category names it) or only ``possible``-y
    (a coarser category could include it). All direct: "supported"; any item covered
    neither way: "contradicted"; otherwise "in tension".
    """
    if not direct:
        return "cannot be checked"
    if all(direct):
        return "supported"
    if any(not d and not p for d, p in zip(direct, possible)):
        return "contradicted"
    return "in tension"
