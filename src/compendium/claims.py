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

from compendium import palette, verdicts
from compendium.package import Compendium
from compendium.render import dropdown, table_html

#: Every verdict a claim can carry, defined with the rule that reaches them.
VERDICTS = verdicts.VERDICTS

#: The rules for figures live with the other verdict rules (pure, below every view);
#: chapters call them through this module.
numeric_verdict = verdicts.numeric_verdict
bounded_verdict = verdicts.bounded_verdict
overlap_verdict = verdicts.overlap_verdict
coverage_verdict = verdicts.coverage_verdict
combine = verdicts.combine


class ClaimMismatch(AssertionError):
    """The verdict computed in a chapter differs from the one in the registry."""


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
    confidence: str | None = None
    voices: str | None = None
    basis: str | None = None
    components: list[tuple[str, str, str]] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        head = f"{self.claim_id}: {self.status}" + (f" (confidence: {self.confidence})" if self.confidence else "")
        parts = [head, f"  claim: {self.claim}"]
        if self.voices:
            parts.append(f"  voices: {self.voices}")
        if self.basis:
            parts.append(f"  reason code: {self.basis} ({verdicts.BASES.get(self.basis, '?')})")
        if self.stated is not None:
            parts.append(f"  stated: {self.stated}; computed: {self.computed}")
        for name, level, why in self.components or []:
            parts.append(f"  {name}: {level}: {why}")
        parts.append(f"  why: {self.reason}")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        e = html.escape
        verdict = palette.badge(self.status)
        if self.confidence:
            verdict += f' <span class="confidence confidence-{e(self.confidence.replace(" ", "-"))}">confidence: {e(self.confidence)}</span>'
        rows = [("Claim", e(self.claim)), ("Verdict", verdict)]
        if self.voices:
            rows.append(("Voices", e(self.voices)))
        if self.basis:
            rows.append(("Reason code", f"<code>{e(self.basis)}</code>: {e(verdicts.BASES.get(self.basis, ''))}"))
        if self.stated is not None:
            rows += [("Stated", e(self.stated)), ("Computed", e(str(self.computed)))]
        for name, level, why in self.components or []:
            rows.append((e(name.capitalize()), f"<em>{e(level)}</em>" + (f": {e(why)}" if why else "")))
        rows.append(("Why", e(self.reason)))
        body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        if self.quotations:
            tally = ""
            if self.evidence is not None and "relation" in self.evidence:
                tally = f" ({relation_tally(self.evidence['relation'])})"
            more = dropdown(f"Evidence: {len(self.quotations)} passages{tally}", "".join(q.html() for q in self.quotations))
        elif self.evidence is not None and len(self.evidence):
            more = dropdown(f"Evidence: {len(self.evidence)} rows", table_html(self.evidence))
        else:
            more = '<p class="claim-no-evidence"><em>No evidence in print bears on this claim.</em></p>'
        slug = e(palette.slug(self.status))
        return (
            f'<div class="claim-check verdict-{slug}"><p class="claim-id"><code>{e(self.claim_id)}</code> {palette.badge(self.status)}</p>'
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
    confidence: str | None = None,
    basis: str | None = None,
    voices: str | None = None,
    components: list[tuple[str, str, str]] | None = None,
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
        Glue ``<id>-status``, ``<id>-stated`` and ``<id>-computed`` (default True),
        and ``<id>-confidence`` when there is one.
    confidence : str, optional
        The confidence the method gives (None for a verdict reached without
        evidence or by computation); must equal the registry's.
    basis : str, optional
        The reason code the data give a verdict reached without evidence, when
        they give one (citation and work rows); must equal the registry's.
    voices, components : optional
        The voices behind the verdict in words, and each assessment component as
        (name, level, reason), shown on the card.

    Raises
    ------
    KeyError
        If the claim is not in the registry.
    ClaimMismatch
        If ``verdict``, ``confidence`` or ``basis`` differs from the registry, or a
        verdict reached without evidence has no reason code in the registry.
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
    registered_confidence = None if pd.isna(row["confidence"]) else str(row["confidence"])
    if confidence != registered_confidence:
        raise ClaimMismatch(
            f"{claim_id}: the method gives confidence {confidence!r} but data/claims.csv says "
            f"{registered_confidence!r}; re-examine the assessment and correct one of them"
        )
    registered_basis = None if pd.isna(row["basis"]) else str(row["basis"])
    if verdict in verdicts.NO_EVIDENCE and registered_basis is None:
        raise ClaimMismatch(f"{claim_id}: {verdict!r} needs a reason code in data/claims.csv (basis; one of {sorted(verdicts.BASES)})")
    if verdict not in verdicts.NO_EVIDENCE and registered_basis is not None:
        raise ClaimMismatch(f"{claim_id}: the verdict {verdict!r} was reached with evidence, but data/claims.csv gives reason code {registered_basis!r}")
    if basis is not None and basis != registered_basis:
        raise ClaimMismatch(f"{claim_id}: the citation and work rows give reason code {basis!r} but data/claims.csv says {registered_basis!r}")
    stated = None if pd.isna(row["stated"]) else str(row["stated"])
    check = Check(
        claim_id, str(row["claim"]), verdict, str(row["reason"]), stated,
        None if stated is None else format_value(computed), evidence, quotations,
        confidence, voices, registered_basis, components,
    )
    if glue:
        _glue(f"{claim_id}-status", verdict)
        if confidence is not None:
            _glue(f"{claim_id}-confidence", confidence)
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


#: Verdicts that mean a claim stands; every other verdict is counted as a problem.
STANDING = ("supported", "partly supported")


def totals(data: Compendium) -> dict[str, int]:
    """Claims in all, per document (by short name), and with a problem (a verdict not in :data:`STANDING`).

    Parameters
    ----------
    data : Compendium
        The loaded data package.

    Returns
    -------
    dict of str to int
        ``{"claims": ..., "article": ..., "review": ..., "problems": ...}``.
    """
    table = summary(data)
    per_document = {str(doc): int(row.sum()) for doc, row in table.iterrows()}
    problems = int(table.drop(columns=list(STANDING)).to_numpy().sum())
    return {"claims": int(table.to_numpy().sum()), **per_document, "problems": problems}


def by_status(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims counted by status, as a one-column table (``claims``) indexed by ``status`` in alphabetical order.

    Parameters
    ----------
    claims : DataFrame
        Rows of the claims registry (or any table with a ``status`` column), e.g. one chapter's claims.

    Returns
    -------
    DataFrame
        One row per status present, with its number of claims.
    """
    return claims.groupby("status").size().rename("claims").to_frame()


def with_prefix(data: Compendium, *prefixes: str) -> pd.DataFrame:
    """The registered claims whose id starts with any of ``prefixes`` (e.g. ``"R-KF-"``), in registry order.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    *prefixes : str
        Id prefixes, each including its trailing hyphen so that ``R-KF-`` does not match ``R-KFX-``.

    Returns
    -------
    DataFrame
        The matching rows of ``claims``.
    """
    c = data["claims"]
    return c[c["claim_id"].str.startswith(prefixes)]


def stated_range(data: Compendium, claim_id: str) -> tuple:
    """The (low, high) figure a numeric claim states, from ``stated_low`` and ``stated_high`` of its registry row.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    claim_id : str
        A registered claim.

    Returns
    -------
    tuple
        ``(stated_low, stated_high)`` as stored.
    """
    row = data.indexed("claims", "claim_id").loc[claim_id]
    return row["stated_low"], row["stated_high"]


def count_status(claims: pd.DataFrame, status: str) -> int:
    """How many rows of a claims table carry ``status``."""
    return int((claims["status"] == status).sum())


def status_by_part(claims: pd.DataFrame, parts: dict[str, str]) -> pd.DataFrame:
    """Claims counted by part of a document (rows) and status (columns).

    Parameters
    ----------
    claims : DataFrame
        Rows of the claims registry.
    parts : dict of str to str
        Claim-id topic (``R-KF-01`` -> ``KF``) to the part's name, e.g. ``{"KF": "key findings"}``.

    Returns
    -------
    DataFrame
        Index ``part``, one column per status present.
    """
    part = claims["claim_id"].str.extract(r"R-(\w+)-")[0].map(parts).rename("part")
    return pd.crosstab(part, claims["status"])
