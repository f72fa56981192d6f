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
