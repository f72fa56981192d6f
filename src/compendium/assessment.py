"""A claim's evidence as voices, and the verdict the stated method gives it.

This module joins the tables (``claim_evidence``, ``excerpts``, ``speakers``,
``locators``, ``sections``, ``citations``, ``works``, ``assessments``) into the
plain values the pure rule in :mod:`compendium.verdicts` takes, and nothing else:
it renders nothing, so validation can use it.

How a link becomes a voice (defined here once):

- an excerpt by an individual speaker: that speaker, a *participant*, with the
  speaker's project;
- an excerpt the document attributes to a group of respondents: the *authors'*
  report (``authors:<source>``), not an independent participant;
- a located passage or a whole section: its document's authors (``authors:<source>``);
- a stated count: a *figure* (``figure:<count id>``);
- a citation or a work, on a claim of kind ``citation`` (about the citation
  itself: can it be traced, is it used consistently): the work's record
  (``work:<work id>``); a link to a work that could not be identified may not
  *support* such a claim (validation: ``citation-record``);
- a citation or a work, on any other claim (what a cited work says): not a
  voice. What a cited work says can be checked only when the compendium holds
  the work's text (``works.held_as``); the links say which works a claim rests
  on, and so which reason code a claim without voices gets (:meth:`Method.derived_basis`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from compendium import verdicts
from compendium.package import Compendium, keyed
from compendium.verdicts import Assessment, Voice

#: The columns of ``claim_evidence`` that name what a link points at (exactly one per row).
TARGETS = ("excerpt_id", "locator_id", "citation_id", "work_id", "count_id", "section_id")

@dataclass(frozen=True)
class Result:
    """What the method gives one claim: the assessment, its voices and, without voices, a reason code."""

    claim_id: str
    assessment: Assessment
    voices: tuple[Voice, ...]
    scope: str
    basis: str | None
    reasons: dict

    @property
    def verdict(self) -> str:
        return self.assessment.verdict

    @property
    def confidence(self) -> str | None:
        return self.assessment.confidence

    def voices_text(self) -> str:
        """The voices bearing on the claim in words, by side ("for: 2 participants from 1 project; against: 1 report by the authors")."""
        return verdicts.summarise_voices(self.voices)


#: The tables :class:`Method` reads.
TABLES = ("claims", "claim_evidence", "assessments", "excerpts", "speakers", "locators", "sections", "citations", "works")


class Method:
    """The tables joined once, so that every claim can be assessed without re-indexing.

    :func:`method` gives the one Method of a loaded data package (built on first use).
    """

    def __init__(self, data: Compendium):
        self.data = data
        ev = data["claim_evidence"]
        self.links = {k: g for k, g in ev.dropna(subset=["claim_id"]).groupby("claim_id", sort=False)}
        self.excerpts = keyed(data["excerpts"], "excerpt_id")
        self.speakers = keyed(data["speakers"], "speaker_id")
        self.locators = keyed(data["locators"], "locator_id")
        self.sections = keyed(data["sections"], "section_id")
        self.citations = keyed(data["citations"], "citation_id")
        self.works = keyed(data["works"], "work_id")
        self.claims = keyed(data["claims"], "claim_id")
        self.assessments = keyed(data["assessments"], "claim_id")
        self._columns: dict[tuple[str, str], dict] = {}
        self._voices: dict[str, tuple[Voice, ...]] = {}

    def _at(self, table: str, key, column: str):
        """``getattr(self, table).at[key, column]`` through a dict built on first use (a .loc per link is slow at scale)."""
        lookup = self._columns.get((table, column))
        if lookup is None:
            frame = getattr(self, table)
            lookup = self._columns[(table, column)] = dict(zip(frame.index, frame[column]))
        return lookup[key]

    def voices(self, claim_id: str) -> tuple[Voice, ...]:
        """Every voice bearing on a claim, one per evidence link (citation and work links only on a citation claim).

        Worked out once per claim (a Method reads tables that do not change).
        """
        if claim_id in self._voices:
            return self._voices[claim_id]
        about_citation = self.claims.at[claim_id, "kind"] == "citation" if claim_id in self.claims.index else False
        out = []
        for r in self._links(claim_id).itertuples():
            voice = self._voice(r, about_citation)
            if voice is not None:
                out.append(voice)
        self._voices[claim_id] = tuple(out)
        return self._voices[claim_id]

    def _voice(self, r, about_citation: bool = False) -> Voice | None:
        rel = r.relation
        if _given(r.excerpt_id):
            speaker = self._at("excerpts", r.excerpt_id, "speaker_id")
            if self._at("speakers", speaker, "kind") == "group":
                return Voice(f"authors:{self._at('excerpts', r.excerpt_id, 'source_id')}", "authors", rel)
            project = self._at("speakers", speaker, "project_id")
            return Voice(str(speaker), "participant", rel, None if pd.isna(project) else str(project))
        if _given(r.locator_id):
            return Voice(f"authors:{self._at('locators', r.locator_id, 'source_id')}", "authors", rel)
        if _given(r.section_id):
            return Voice(f"authors:{self._at('sections', r.section_id, 'source_id')}", "authors", rel)
        if _given(r.count_id):
            return Voice(f"figure:{r.count_id}", "figure", rel)
        if about_citation:
            return Voice(f"work:{self.work_of_link(r._asdict())}", "record", rel)
        return None  # what a cited work says: see derived_basis

    def work_of_link(self, link) -> str | None:
        """The work an evidence link points at, directly or through a citation (None for other links)."""
        if _given(link["citation_id"]) and link["citation_id"] in self.citations.index:
            work = self.citations.at[link["citation_id"], "work_id"]
            return str(work) if _given(work) else None
        return str(link["work_id"]) if _given(link["work_id"]) else None

    def works_of(self, claim_id: str) -> list[str]:
        """The works a claim's citation and work links point at, in link order."""
        return [w for _, r in self._links(claim_id).iterrows() if (w := self.work_of_link(r)) is not None]

    def derived_basis(self, claim_id: str) -> str | None:
        """The reason code the citation and work rows give a claim with no voice, if they give one.

        "work-unidentified" when a work it rests on is not resolved; else
        "work-not-held" when the compendium holds none of them; else (a held work
        that says nothing on it) "not-in-other-document". None when the claim has
        no citation or work link: its reason code is the curator's (and must be given).
        """
        works = [w for w in self.works_of(claim_id) if w in self.works.index]
        if not works:
            return None
        rows = self.works.loc[works]
        if (rows["resolved"] != "resolved").any():
            return "work-unidentified"
        if rows["held_as"].isna().all():
            return "work-not-held"
        return "not-in-other-document"

    def recorded(self, claim_id: str) -> tuple[str, dict, dict]:
        """The claim's recorded scope, concern levels and reasons (scope "instance", no concerns, when not assessed)."""
        if claim_id not in self.assessments.index:
            return "instance", {}, {}
        row = self.assessments.loc[claim_id]
        levels = {c: str(row[c]) for c in verdicts.COMPONENTS if _given(row[c])}
        reasons = {c: str(row[f"{c}_reason"]) for c in verdicts.COMPONENTS if _given(row[f"{c}_reason"])}
        scope = str(row["scope"]) if _given(row["scope"]) else "instance"
        return scope, levels, reasons

    def result(self, claim_id: str) -> Result:
        """Assess one claim by the stated method."""
        kind = str(self.claims.at[claim_id, "kind"])
        vs = self.voices(claim_id)
        scope, levels, reasons = self.recorded(claim_id)
        out = verdicts.assess(vs, scope, levels, kind)
        basis = self.derived_basis(claim_id) if out.verdict in verdicts.NO_EVIDENCE else None
        return Result(claim_id, out, vs, scope, basis, reasons)

    def _links(self, claim_id: str) -> pd.DataFrame:
        return self.links.get(claim_id, self.data["claim_evidence"].iloc[0:0])


def method(data: Compendium) -> Method:
    """The Method of ``data``: built once, reused while its tables are the same objects."""
    return data.derived("assessment.Method", TABLES, lambda: Method(data))


def result(data: Compendium, claim_id: str) -> Result:
    """Assess one claim by the stated method (the tables are joined once per data package: :func:`method`)."""
    return method(data).result(claim_id)


def _given(value) -> bool:
    return not pd.isna(value) and str(value) != ""


def table(data: Compendium) -> pd.DataFrame:
    """Every claim whose verdict the method reaches, with its scope, voices, verdict and confidence.

    ``single voice`` is True when one voice alone stands behind the verdict (one
    participant, or the authors' report alone, or one figure).
    """
    assess = method(data)
    rows = []
    for c in data["claims"][data["claims"]["method"] == "evidence"].itertuples():
        res = assess.result(c.claim_id)
        t = verdicts.tally(res.voices)
        behind = len(t.participants) + len(t.others)
        rows.append({
            "claim_id": c.claim_id, "kind": c.kind, "scope": res.scope, "verdict": res.verdict,
            "confidence": res.confidence, "participants": len(t.participants), "projects": len(t.projects),
            "other voices": len(t.others), "single voice": behind == 1, "voices": res.voices_text() if res.voices else "",
            "reason code": res.basis if res.basis else (None if pd.isna(c.basis) else c.basis),
        })
    return pd.DataFrame(rows)


def floors() -> pd.DataFrame:
    """The adequacy floors, as the rule computes them, for a few typical sets of voices."""
    cases = [
        ("the authors' report alone", [Voice("authors:x", "authors", "supports")]),
        ("one participant", [Voice("p1", "participant", "supports", "A")]),
        ("one participant and the authors' report", [Voice("p1", "participant", "supports", "A"), Voice("authors:x", "authors", "supports")]),
        ("two participants, one project", [Voice(f"p{i}", "participant", "supports", "A") for i in range(2)]),
        (f"{verdicts.PATTERN_PARTICIPANTS} participants, one project", [Voice(f"p{i}", "participant", "supports", "A") for i in range(verdicts.PATTERN_PARTICIPANTS)]),
        (f"{verdicts.GENERAL_PARTICIPANTS} participants, {verdicts.GENERAL_PROJECTS} projects",
         [Voice(f"p{i}", "participant", "supports", "AB"[i % 2]) for i in range(verdicts.GENERAL_PARTICIPANTS)]),
    ]
    rows = []
    for label, vs in cases:
        t = verdicts.tally(vs)
        rows.append({"voices for the claim": label, **{scope: verdicts.adequacy_floor(t, scope) for scope in verdicts.SCOPES}})
    return pd.DataFrame(rows)


def bases() -> pd.DataFrame:
    """The closed list of reason codes for a verdict reached without evidence."""
    return pd.DataFrame([{"reason code": k, "meaning": v} for k, v in verdicts.BASES.items()])


def history(data: Compendium) -> pd.DataFrame:
    """Each claim that had a verdict under the earlier rule: that verdict beside its verdict now, with the reason for a change.

    Claims the sentence ledger added have no earlier verdict and are left out.
    """
    h = data["verdict_history"].merge(data["claims"][["claim_id", "kind", "status"]], on="claim_id", how="right")
    h = h[h["previous_status"].notna()]
    return h.rename(columns={"status": "verdict now", "previous_status": "verdict before"}).reset_index(drop=True)


def examples() -> pd.DataFrame:
    """The direction rule on typical sets of voices (an instance claim, no recorded concern), computed by the rule itself."""
    p = [Voice(f"p{i}", "participant", "supports", "A") for i in range(3)]
    cases = [
        ("two participants support it", p[:2]),
        ("two support it, one qualifies it", p[:2] + [Voice("q", "participant", "qualifies", "A")]),
        ("two support it, one pulls against it", p[:2] + [Voice("t", "participant", "tension", "A")]),
        ("one supports it, one pulls against it", p[:1] + [Voice("t", "participant", "tension", "A")]),
        ("one supports only a narrower claim", [Voice("n", "participant", "narrower", "A")]),
        ("one qualifies it, nothing supports it", [Voice("q", "participant", "qualifies", "A")]),
        ("the authors' report contradicts it", [Voice("authors:x", "authors", "contradicts")]),
        ("nothing bears on it", []),
    ]
    rows = []
    for label, vs in cases:
        out = verdicts.assess(vs, "instance")
        rows.append({"evidence": label, "verdict": out.verdict, "confidence": out.confidence or "(none: a reason code instead)"})
    return pd.DataFrame(rows)


def graded(assessed: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`table` with a confidence grade (verdicts reached on evidence)."""
    return assessed[assessed["confidence"].notna()]


def computed_count(data: Compendium) -> int:
    """How many claims are checked by computation rather than by weighing evidence (``method == "computed"``)."""
    return int((data["claims"]["method"] == "computed").sum())


def single_voice_count(graded_table: pd.DataFrame) -> int:
    """How many graded verdicts rest on a single voice."""
    return int(graded_table["single voice"].sum())


def verdict_by_confidence(assessed: pd.DataFrame) -> pd.DataFrame:
    """Verdicts (rows) by confidence (columns; a reason code where there is none), with ``all`` margins."""
    return pd.crosstab(assessed["verdict"], assessed["confidence"].fillna("reason code"), margins=True, margins_name="all")


def participants_by_verdict(graded_table: pd.DataFrame) -> pd.DataFrame:
    """Graded verdicts counted by the number of participants behind them (rows) and verdict (columns)."""
    return pd.crosstab(graded_table["participants"].rename("participants behind the verdict"), graded_table["verdict"])


def changed_count(history_table: pd.DataFrame) -> int:
    """How many claims of a :func:`history` table have a verdict now other than before."""
    return int((history_table["verdict before"] != history_table["verdict now"]).sum())


def history_crosstab(history_table: pd.DataFrame) -> pd.DataFrame:
    """Verdict before (rows) against verdict now (columns), with ``all`` margins."""
    return pd.crosstab(history_table["verdict before"], history_table["verdict now"], margins=True, margins_name="all")


def changes_by_kind(history_table: pd.DataFrame) -> pd.DataFrame:
    """The changed verdicts of a :func:`history` table counted by what changed them (``change``)."""
    h = history_table
    return h[h["verdict before"] != h["verdict now"]].groupby("change").size().rename("claims").to_frame()
