"""Where the sources do not add up: claims whose verdict is a problem, grouped by kind.

A claim is a *problem* when its verdict is anything but "supported" or "partly
supported". :data:`PROBLEMS` sorts problem claims into kinds by a fixed rule on the
verdict and the claim's kind (:func:`problem_of`), so the grouping is reproducible
and every problem claim lands in exactly one group. :class:`Cards` shows each
claim beside its evidence, with a link to the cell that checks it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from compendium import evidence, palette, verdicts
from compendium.assessment import method as assessment_method
from compendium.notebooks import anchor
from compendium.package import Compendium
from compendium.render import Quotation, dropdown, place, table_html

_e = html.escape


@dataclass(frozen=True)
class Problem:
    """A kind of problem: the verdict, claim kinds and reason codes it covers (the chapter says what each means)."""

    key: str
    title: str
    status: str
    kinds: tuple[str, ...] | None  # None: any kind not claimed by an earlier problem of this status
    bases: tuple[str, ...] | None = None  # None: any reason code


#: Kinds of problem, in the order the chapter shows them. For one status, the first
#: problem whose ``kinds`` and ``bases`` match the claim wins; ``None`` matches all.
PROBLEMS = (
    Problem("contradicted", "The document's own evidence contradicts it", "contradicted", None),
    Problem("contested", "Substantial evidence pulls both ways", "contested", None),
    Problem("tension", "The evidence pulls against it", "in tension", None),
    Problem("not-found", "The other document does not say it", "not found", None),
    Problem("trace", "Leans on the other document for more than it says", "broader than the evidence", ("trace",)),
    Problem("comparison", "A contrast wider than the voices behind it", "broader than the evidence", ("comparative",)),
    Problem("generalised", "Generalised beyond the printed evidence", "broader than the evidence", None),
    Problem("untraced-citation", "A citation that cannot be traced to a work", "cannot be checked", None, ("work-unidentified",)),
    Problem("unheld-work", "Rests on a cited work the compendium does not hold", "cannot be checked", None, ("work-not-held",)),
    Problem("unrecomputable-figure", "A figure nothing public can recompute", "cannot be checked", None, ("figure-not-recomputable",)),
    Problem("unseen-material", "Rests on fieldwork the public cannot see", "cannot be checked", None, ("transcripts-not-public",)),
    Problem("outside-record", "A fact about law, policy or events outside both documents", "cannot be checked", None, ("outside-record",)),
    Problem("nothing-in-print", "Nothing in print bears on it", "cannot be checked", None),
)


def problem_of(status: str, kind: str, basis: str | None = None) -> str | None:
    """The key of the problem a claim's verdict, kind and reason code give, or None when it is not a problem."""
    for p in PROBLEMS:
        if p.status == status and (p.kinds is None or kind in p.kinds) and (p.bases is None or basis in p.bases):
            return p.key
    return None


def problem_claims(data: Compendium) -> pd.DataFrame:
    """Every problem claim with its document and problem key, in :data:`PROBLEMS` order, then by id."""
    c = data["claims"].merge(data["sources"][["source_id", "short_name"]], on="source_id")
    basis = [None if pd.isna(b) else b for b in c["basis"]]
    c = c.assign(problem=[problem_of(s, k, b) for s, k, b in zip(c["status"], c["kind"], basis)]).dropna(subset=["problem"])
    order = {p.key: i for i, p in enumerate(PROBLEMS)}
    c = c.assign(_order=c["problem"].map(order)).sort_values(["_order", "claim_id"])
    return c.drop(columns="_order").rename(columns={"short_name": "document"}).reset_index(drop=True)


def counts(data: Compendium) -> pd.DataFrame:
    """Problem claims counted by kind of problem (rows, in order) and document (columns)."""
    c = problem_claims(data)
    titles = {p.key: p.title for p in PROBLEMS}
    t = pd.crosstab(c["problem"].map(titles), c["document"])
    t = t.reindex([titles[p.key] for p in PROBLEMS], fill_value=0)
    t.index.name, t.columns.name = "problem", "document"
    return t


class Cards:
    """Problem claims shown side by side with their evidence (HTML), each linked to its cell.

    Parameters
    ----------
    data : Compendium
    claim_ids : iterable of str
    computed : dict, optional
        For claims whose evidence is a computation rather than a passage, a
        DataFrame (rendered escaped) to show as the evidence, keyed by claim id.
    """

    def __init__(self, data: Compendium, claim_ids: Iterable[str], computed: dict[str, pd.DataFrame] | None = None):
        self.data = data
        self.claim_ids = list(claim_ids)
        self.computed = computed or {}
        self.method = assessment_method(data)

    def _card(self, claim_id: str) -> str:
        data = self.data
        c = data["claims"].set_index("claim_id").loc[claim_id]
        short = data["sources"].set_index("source_id").at[c["source_id"], "short_name"]
        stem = str(c["notebook"]).removesuffix(".ipynb")
        loc = data["locators"].set_index("locator_id").loc[c["locator_id"]]
        anchor_quote = Quotation(str(loc["exact"]), "", place(data, c["locator_id"]), c["locator_id"], "the document's words")
        stated = "" if pd.isna(c["stated"]) else f"<p><strong>Stated:</strong> {_e(str(c['stated']))}</p>"
        confidence = "" if pd.isna(c["confidence"]) else f" · confidence: {_e(str(c['confidence']))}"
        basis = "" if pd.isna(c["basis"]) else (
            f"<p><strong>Reason code:</strong> <code>{_e(str(c['basis']))}</code>: {_e(verdicts.BASES.get(str(c['basis']), ''))}</p>")
        vs = self.method.voices(claim_id)
        voices = f"<p><strong>Voices:</strong> {_e(verdicts.summarise_voices(vs))}</p>" if vs else ""
        left = (
            f'<p class="card-heading"><a class="claim-link" href="{_e(stem)}.html#{_e(anchor(claim_id))}">{_e(claim_id)}</a> · '
            f"{_e(short)} · {palette.badge(str(c['status']))}{confidence}</p>"
            f"<p>{_e(str(c['claim']))}</p>{anchor_quote.html()}{stated}{voices}{basis}"
            f"<p><strong>Why:</strong> {_e(str(c['reason']))}</p>"
        )
        links = evidence.links(data, claim_id)
        if claim_id in self.computed:
            right = table_html(self.computed[claim_id])
        elif len(links):
            right = "".join(q.html() for q in evidence.quotations(data, links))
        else:
            right = "<p><em>No quotation or passage in print bears on this claim.</em></p>"
        return (
            f'<div class="side-by-side" data-claim="{_e(claim_id)}"><div>{left}</div>'
            f'<div><p class="card-heading">Evidence</p>{right}</div></div>'
        )

    def _repr_html_(self) -> str:
        cards = "".join(self._card(c) for c in self.claim_ids)
        n = len(self.claim_ids)
        # A long page stays readable: each group of cards folds away (a native <details>, no script).
        return dropdown(f"{n} claim" + ("" if n == 1 else "s") + ": show or hide the cards", cards, opened=n <= 3)

    def __repr__(self) -> str:
        return f"{len(self.claim_ids)} claims: " + ", ".join(self.claim_ids)


def count_table(data: Compendium) -> pd.DataFrame:
    """:func:`counts` with a ``total`` column (both documents)."""
    c = counts(data)
    return c.assign(total=c.sum(axis=1))


def problem_ids(problems: pd.DataFrame, key: str) -> pd.Series:
    """The claim ids of one kind of problem (a :class:`Problem` key) in a :func:`problem_claims` table, in its order."""
    return problems.loc[problems["problem"] == key, "claim_id"]
