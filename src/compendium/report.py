"""Generated pages: the claims index as a filterable MyST table with links to checking cells."""

from __future__ import annotations

import re

import pandas as pd

from compendium.notebooks import anchor, title
from compendium.palette import badge
from compendium.package import Compendium
from compendium.paths import book_dir

#: What each claim-id topic (the part between document prefix and number) is about.
TOPICS = {
    "SAMPLE": "samples", "WAY": "the way forward", "GENDER": "gender", "TRUST": "trust",
    "COMP": "compromise", "COMPARE": "comparisons", "CONTEXT": "context", "CULTURE": "police culture",
    "LIMITS": "limits", "CITE": "citations", "FIGURE": "figures", "KF": "key findings",
    "CONC": "conclusion", "FAC": "facilitators", "BAR": "barriers", "TRACE": "reliance on the article",
    "AGENDA": "research agenda", "LEDGER": "added by the sentence ledger",
}

#: The index's columns: the verdict second, so it stays visible at phone width, where the
#: last three fold away (``static/compendium.css``); the filter (``static/claims-index.js``)
#: offers Status, Document, Chapter, Topic and Kind.
COLUMNS = ["Claim", "Status", "Document", "Claim in our words", "Chapter", "Topic", "Kind"]

#: Verdicts from most to least of a problem: the index lists problems first.
SEVERITY = ("contradicted", "contested", "in tension", "not found", "broader than the evidence",
            "cannot be checked", "partly supported", "supported")


#: Section headings that hold a document's own statement of its results: the abstract, an
#: executive summary, the key findings, the conclusion. Matched as whole words, case-insensitively.
HEADLINE_HEADING = re.compile(r"\b(abstract|executive summary|key findings|conclusions?)\b", re.I)

#: The label a headline claim carries in the index (a word, so colour is never the only cue).
HEADLINE_LABEL = "**Headline.**"


def is_headline(heading: str, kind: str) -> bool:
    """Whether a claim is a headline claim, from the heading of the section it is located in.

    The rule: a claim is a *headline claim* when its locator lies in a section whose heading
    names the document's abstract, executive summary, key findings or conclusion
    (:data:`HEADLINE_HEADING`), and it is not a claim about a citation. These are the
    sections where a document states its own results to a reader who reads nothing else;
    the data carry no headline flag, so the rule reads ``locators.csv`` (the claim's
    ``section_id``) and ``sections.csv`` (that section's ``heading``) and nothing else.

    Parameters
    ----------
    heading : str
        The heading of the section the claim's locator lies in (``sections.heading``).
    kind : str
        The claim's kind (``claims.kind``); citation claims are never headline claims.

    Returns
    -------
    bool
        True for a headline claim.
    """
    return kind != "citation" and bool(HEADLINE_HEADING.search(str(heading)))


def cell_text(text: str) -> str:
    """Text safe inside a MyST table cell: markup characters escaped, one line."""
    out = " ".join(str(text).split())
    for ch in "\\|*_`[]{}<>$":
        out = out.replace(ch, "\\" + ch)
    return out


def topic(claim_id: str) -> str:
    """The topic of a claim, from its id ("P-TRUST-03" -> "trust")."""
    key = claim_id.split("-")[1]
    if key not in TOPICS:
        raise KeyError(f"claim {claim_id}: topic {key!r} has no name in compendium.report.TOPICS")
    return TOPICS[key]


def claims_table(data: Compendium) -> pd.DataFrame:
    """The registry joined to where each claim stands in its source and in the book."""
    c = data["claims"].merge(data["sources"][["source_id", "short_name"]], on="source_id")
    c = c.merge(data["locators"][["locator_id", "section_id"]], on="locator_id")
    c = c.merge(data["sections"][["section_id", "heading"]], on="section_id")
    titles = {nb: title(book_dir() / nb) for nb in c["notebook"].unique()}
    c["chapter"] = c["notebook"].map(titles)
    c["topic"] = c["claim_id"].map(topic)
    c["headline"] = [is_headline(h, k) for h, k in zip(c["heading"], c["kind"])]
    rank = {v: i for i, v in enumerate(SEVERITY)}
    # Problems first; within a verdict, headline claims (what a document says of its own results,
    # see is_headline) before the others, and claims about citations last, since they matter
    # less to a reader of the findings.
    c = c.assign(_rank=c["status"].map(rank), _cite=c["kind"].eq("citation"), _rest=~c["headline"])
    c = c.sort_values(["_rank", "_cite", "_rest", "claim_id"])
    return c.drop(columns=["_rank", "_cite", "_rest"]).reset_index(drop=True)


def headline_counts(data: Compendium) -> dict[str, int]:
    """Headline claims (:func:`is_headline`) per document short name, and ``all``.

    Parameters
    ----------
    data : Compendium
        The loaded data package.

    Returns
    -------
    dict of str to int
        ``{"article": ..., "review": ..., "all": ...}``: one key per document, zero included.
    """
    table = claims_table(data)
    counts = {name: int(table.loc[table["short_name"] == name, "headline"].sum())
              for name in data["sources"]["short_name"]}
    return {**counts, "all": int(table["headline"].sum())}


def claims_markdown(data: Compendium, table: pd.DataFrame | None = None) -> str:
    """A MyST table of claims (default: every claim) inside a ``claims-index`` container.

    Each id is a ``{ref}`` to its checking cell, so the build fails on a broken link. A
    headline claim (:func:`is_headline`) has its text opened by :data:`HEADLINE_LABEL`.
    """
    table = claims_table(data) if table is None else table
    lines = [
        "```{container} claims-index",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for r in table.itertuples():
        link = f"{{ref}}`{r.claim_id} <{anchor(r.claim_id)}>`"
        label = f"{HEADLINE_LABEL} " if getattr(r, "headline", False) else ""
        cells = [cell_text(v) for v in (r.short_name, r.claim, r.chapter, r.topic, r.kind)]
        cells[1] = label + cells[1]
        lines.append(f"| {link} | {badge(r.status)} | " + " | ".join(cells) + " |")
    lines.append("```")
    return "\n".join(lines)



def works_cited_markdown(data: Compendium, source_id: str) -> str:
    """A MyST list of the works one document cites, each a citation into the bibliography."""
    c = data["citations"][data["citations"]["source_id"] == source_id]
    n = c.groupby("work_id").size()
    works = data["works"].set_index("work_id").loc[n.index]
    lines = []
    for wid, w in works.sort_index().iterrows():
        note = "" if w["resolved"] == "resolved" else "; reference not identified"
        times = "once" if n[wid] == 1 else f"{n[wid]} times"
        lines.append(f"- {{cite:t}}`{wid}`: cited {times}{note}")
    return "\n".join(lines)


def claims_of(data: Compendium, claim_ids) -> pd.DataFrame:
    """The rows of :func:`claims_table` for ``claim_ids``, in the index's order."""
    table = claims_table(data)
    return table[table["claim_id"].isin(list(claim_ids))]
