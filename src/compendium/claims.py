"""The claims registry: verdicts checked by computation, values glued into prose.

A claim's verdict is curated in ``data/claims.csv``. The chapter cell tagged
``claim:<id>`` recomputes the verdict from the data and calls :func:`confirm`,
which fails the notebook (and so the book build and nbval) when the computed
verdict and the registry disagree. Values shown in prose are glued here under
``<id>-stated``, ``<id>-computed`` and ``<id>-status``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from compendium.package import Compendium
from compendium.render import dropdown

#: Every verdict a claim can carry, from strongest to weakest support. "broader than
#: the evidence": the evidence is real but covers less than the claim asserts; "in
#: tension": the evidence pulls against the claim without refuting it; "not found":
#: a claim that one text rests on another, where the other says nothing on it.
VERDICTS = (
    "supported",
    "partly supported",
    "broader than the evidence",
    "in tension",
    "contradicted",
    "not found",
    "cannot be checked",
)


class ClaimMismatch(AssertionError):
    """The verdict computed in a chapter differs from the one in the registry."""


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


@dataclass
class Check:
    """The outcome of checking one claim, as shown in its chapter cell."""

    claim_id: str
    claim: str
    status: str
    reason: str
    stated: str | None = None
    computed: str | None = None
    evidence: pd.DataFrame | None = field(default=None, repr=False)
    quotations: list | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        parts = [f"{self.claim_id}: {self.status}", f"  claim: {self.claim}"]
        if self.stated is not None:
            parts.append(f"  stated: {self.stated}; computed: {self.computed}")
        parts.append(f"  why: {self.reason}")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        e = html.escape
        rows = [("Claim", e(self.claim)), ("Verdict", f"<strong>{e(self.status)}</strong>")]
        if self.stated is not None:
            rows += [("Stated", e(self.stated)), ("Computed", e(str(self.computed)))]
        rows.append(("Why", e(self.reason)))
        body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        if self.quotations:
            tally = ""
            if self.evidence is not None and "relation" in self.evidence:
                tally = f" ({relation_tally(self.evidence['relation'])})"
            more = dropdown(f"Evidence: {len(self.quotations)} passages{tally}", "".join(q.html() for q in self.quotations))
        elif self.evidence is not None and len(self.evidence):
            more = dropdown(f"Evidence: {len(self.evidence)} rows", self.evidence.to_html(index=False, escape=True, na_rep=""))
        else:
            more = '<p class="claim-no-evidence"><em>No evidence in print bears on this claim.</em></p>'
        slug = e(self.status.replace(" ", "-"))
        return (
            f'<div class="claim-check verdict-{slug}"><p class="claim-id"><code>{e(self.claim_id)}</code></p>'
            f'<table class="claim-summary">{body}</table>{more}</div>'
        )


def relation_tally(relations: pd.Series) -> str:
    """Evidence relations counted, most frequent first: "2 supports, 1 qualifies"."""
    return ", ".join(f"{n} {rel}" for rel, n in relations.value_counts().items())


def confirm(
    data: Compendium,
    claim_id: str,
    verdict: str,
    computed=None,
    evidence: pd.DataFrame | None = None,
    glue: bool = True,
    quotations: list | None = None,
) -> Check:
    """Confirm a computed verdict against the registry and glue the claim's values.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    claim_id : str
        The claim checked in the calling cell.
    verdict : str
        The verdict the cell computed from the data.
    computed : optional
        The recomputed value (number, range or text) for numeric claims.
    evidence : pandas.DataFrame, optional
        The rows the verdict rests on, shown under the claim.
    quotations : list of compendium.render.Quotation, optional
        The same evidence as attributed quotations, shown in a collapsible block
        instead of the table.
    glue : bool
        Glue ``<id>-status``, ``<id>-stated`` and ``<id>-computed`` (default True).

    Raises
    ------
    KeyError
        If the claim is not in the registry.
    ClaimMismatch
        If ``verdict`` differs from the registry's status.
    """
    registry = data["claims"].set_index("claim_id")
    if claim_id not in registry.index:
        raise KeyError(f"claim {claim_id!r} is not in data/claims.csv")
    row = registry.loc[claim_id]
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {VERDICTS}")
    if verdict != row["status"]:
        raise ClaimMismatch(
            f"{claim_id}: the data give {verdict!r} but data/claims.csv says {row['status']!r}; "
            "re-examine the evidence and correct one of them"
        )
    stated = None if pd.isna(row["stated"]) else str(row["stated"])
    check = Check(
        claim_id, str(row["claim"]), verdict, str(row["reason"]), stated,
        None if stated is None else format_value(computed), evidence, quotations,
    )
    if glue:
        _glue(f"{claim_id}-status", verdict)
        if stated is not None:
            _glue(f"{claim_id}-stated", stated)
            _glue(f"{claim_id}-computed", check.computed)
    return check


def format_value(value) -> str:
    """A computed value as prose shows it: ranges as ``lo–hi``, None as 'not computable'."""
    if value is None:
        return "not computable"
    if isinstance(value, tuple):
        lo, hi = value
        return f"{lo}" if lo == hi else f"{lo}–{hi}"
    return str(value)


def _glue(name: str, value) -> None:
    from myst_nb import glue  # imported here: no side effects at package import

    glue(name, value, display=False)


def summary(data: Compendium) -> pd.DataFrame:
    """Claims counted by document and status (every status shown, zeros included)."""
    c = data["claims"].merge(data["sources"][["source_id", "short_name"]], on="source_id")
    table = pd.crosstab(c["short_name"].rename("document"), pd.Categorical(c["status"], categories=VERDICTS), dropna=False)
    table.columns.name = "status"
    return table
