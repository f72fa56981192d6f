"""The review's evidence gap map: partnership type × question.

For each cell: how many statements the review makes there (findings, facilitators,
barriers, examples, key findings and conclusions), how many distinct works it
cites for them, and how many research gaps (research priorities) it names there.
Context statements and workshop themes are left out of the evidence count; they
are not evidence about a type and question.
"""

from __future__ import annotations

import pandas as pd

from compendium.package import Compendium

TYPES = ("police-police", "multi-agency", "private-security", "police-academic", "general")
QUESTIONS = ("patchwork", "conditions", "advantages", "factors")
EVIDENCE_KINDS = ("finding", "facilitator", "barrier", "example of practice", "key finding", "conclusion")


def gap_map(data: Compendium, source_id: str = "000") -> pd.DataFrame:
    """Long table: one row per type × question with ``statements``, ``works`` and ``gaps``."""
    s = data["statements"][data["statements"]["source_id"] == source_id]
    cites = data["citations"].dropna(subset=["statement_id"])[["statement_id", "work_id"]]
    rows = []
    for t in TYPES:
        for q in QUESTIONS:
            cell = s[(s["ptype"] == t) & (s["question"] == q)]
            ev = cell[cell["kind"].isin(EVIDENCE_KINDS)]
            works = cites[cites["statement_id"].isin(ev["statement_id"])]["work_id"].nunique()
            gaps = int((cell["kind"] == "research priority").sum())
            rows.append({"ptype": t, "question": q, "statements": len(ev), "works": works, "gaps": gaps})
    return pd.DataFrame(rows)


def grid(data: Compendium, value: str, source_id: str = "000") -> pd.DataFrame:
    """One measure of the gap map as a type × question grid."""
    g = gap_map(data, source_id).pivot(index="ptype", columns="question", values=value)
    return g.reindex(index=list(TYPES), columns=list(QUESTIONS))


def statements(data: Compendium, source_id: str = "000") -> pd.DataFrame:
    """The coded statements of one document, in table order."""
    return data["statements"][data["statements"]["source_id"] == source_id]


def type_by_question(st: pd.DataFrame) -> pd.DataFrame:
    """Statements by partnership type (rows) and question (columns), with ``all`` margins."""
    return pd.crosstab(st["ptype"], st["question"], margins=True, margins_name="all")


def kind_by_type(st: pd.DataFrame) -> pd.DataFrame:
    """Statements by kind (rows) and partnership type (columns), with ``all`` margins."""
    return pd.crosstab(st["kind"], st["ptype"], margins=True, margins_name="all")


def wide(long: pd.DataFrame) -> pd.DataFrame:
    """A :func:`gap_map` long table as one row per type, one column per measure and question."""
    return long.pivot(index="ptype", columns="question", values=["statements", "works", "gaps"])


def anchored(data: Compendium, st: pd.DataFrame) -> pd.DataFrame:
    """Statements with their section and anchor (the quoted phrase that locates each)."""
    t = st.merge(data["locators"][["locator_id", "section_id", "exact"]], on="locator_id").rename(columns={"exact": "anchor"})
    return t[["statement_id", "section_id", "ptype", "question", "kind", "summary", "anchor"]]


#: The statement kinds of the review's research agenda.
AGENDA_KINDS = ("research priority", "workshop theme")


def agenda(st: pd.DataFrame) -> pd.DataFrame:
    """The statements of the research agenda (:data:`AGENDA_KINDS`)."""
    return st[st["kind"].isin(list(AGENDA_KINDS))]


def kind_count(st: pd.DataFrame, kind: str) -> int:
    """How many statements are of ``kind``."""
    return int((st["kind"] == kind).sum())


def agenda_grid(agenda_table: pd.DataFrame) -> pd.DataFrame:
    """Agenda statements by kind and type (rows) and question (columns)."""
    return pd.crosstab([agenda_table["kind"], agenda_table["ptype"]], agenda_table["question"])


def factors(data: Compendium, st: pd.DataFrame) -> pd.DataFrame:
    """Facilitators and barriers with the works each cites (authors and year, ``; ``-joined)."""
    f = st[st["kind"].isin(["facilitator", "barrier"])]
    cites = data["citations"].groupby("statement_id").apply(
        lambda g: "; ".join(f"{a} {y}" for a, y in zip(g["authors"], g["year"].fillna(""))), include_groups=False)
    return f.assign(citations=f["statement_id"].map(cites).fillna(""))[["statement_id", "kind", "summary", "citations"]]
