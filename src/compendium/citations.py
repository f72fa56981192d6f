"""Citation registers and their consistency checks.

Each in-text citation is recorded as printed (authors, year, pages) and linked to a
work (``works``), which carries a full reference only where the work could be
honestly identified. :func:`problems` lists what a careful reader would query:

``different forms``
    one work cited with different author strings or years;
``near collision``
    two works with the same first author and year but different author lists
    (for instance "Hughes 2007" beside "Hughes and Rowe 2007"): perhaps one work
    cited two ways, perhaps two works; the text cannot tell;
``lone suffix``
    a year with a letter ("2010b") whose sibling ("2010a") is never cited, so the
    letter points at nothing;
``forthcoming``
    a work cited as forthcoming, with no year to find it by;
``unresolved``
    a work whose full reference could not be identified.
"""

from __future__ import annotations

import re

import pandas as pd

from compendium.package import Compendium

_AUTHOR_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bet al\.?)\s*")


def register(data: Compendium, source_id: str) -> pd.DataFrame:
    """One document's in-text citations with the work, section and (where coded) statement."""
    c = data["citations"][data["citations"]["source_id"] == source_id]
    loc = data["locators"][["locator_id", "section_id"]]
    sec = data["sections"][["section_id", "heading"]]
    w = data["works"][["work_id", "title", "resolved"]]
    out = c.merge(loc, on="locator_id").merge(sec, on="section_id").merge(w, on="work_id", how="left")
    cols = ["citation_id", "authors", "year", "pages", "work_id", "resolved", "heading", "role", "statement", "locator_id"]
    return out[cols].rename(columns={"heading": "section"}).sort_values("citation_id").reset_index(drop=True)


def surnames(authors: str) -> tuple[str, ...]:
    """Surnames of an author string as printed, lower-cased ("Crawford and Jones" -> crawford, jones)."""
    parts = [p.strip() for p in _AUTHOR_SPLIT.split(str(authors)) if p and p.strip()]
    return tuple(p.lower() for p in parts)


def base_year(year: str) -> str:
    """The year without a letter suffix ("2010b" -> "2010")."""
    m = re.match(r"(\d{4})", str(year))
    return m.group(1) if m else str(year)


def problems(data: Compendium, source_id: str | None = None) -> pd.DataFrame:
    """Every consistency problem of the citations (of one document, or all).

    Returns
    -------
    pandas.DataFrame
        ``problem``, ``work_id``, ``detail``, ``citations`` (ids, comma-joined).
    """
    c = data["citations"]
    if source_id is not None:
        c = c[c["source_id"] == source_id]
    works = data["works"].set_index("work_id")
    rows = []
    for wid, g in c.groupby("work_id"):
        forms = sorted({f"{a} {y}" for a, y in zip(g["authors"], g["year"].fillna(""))})
        if len({(surnames(a), str(y)) for a, y in zip(g["authors"], g["year"].fillna(""))}) > 1:
            rows.append(("different forms", wid, "cited as " + "; ".join(forms), g))
        if wid in works.index and works.at[wid, "resolved"] == "unresolved":
            rows.append(("unresolved", wid, str(works.at[wid, "basis"]), g))
        if any(str(y).lower() == "forthcoming" for y in g["year"].fillna("")):
            rows.append(("forthcoming", wid, "cited as forthcoming: no year to find it by", g))
    cited = c.assign(first=c["authors"].map(lambda a: surnames(a)[0] if surnames(a) else ""),
                     names=c["authors"].map(surnames), base=c["year"].fillna("").map(base_year))
    for (first, base), g in cited.groupby(["first", "base"]):
        if g["work_id"].nunique() > 1 and g["names"].nunique() > 1:
            ids = ", ".join(sorted(g["work_id"].unique()))
            forms = "; ".join(sorted({f"{a} {y}" for a, y in zip(g["authors"], g["year"].fillna(""))}))
            rows.append(("near collision", ids, f"same first author and year, different author lists: {forms}", g))
    for (first, names), g in cited.groupby(["first", "names"]):
        years = set(g["year"].fillna(""))
        for y in years:
            m = re.fullmatch(r"(\d{4})([a-z])", str(y))
            if m and m.group(2) != "a" and f"{m.group(1)}a" not in years:
                rows.append(("lone suffix", ", ".join(sorted(g.loc[g["year"] == y, "work_id"].unique())),
                             f"{g['authors'].iloc[0]} {y} is cited but no {m.group(1)}a is", g[g["year"] == y]))
            if m and m.group(2) == "a" and not any(re.fullmatch(rf"{m.group(1)}[b-z]", str(o)) for o in years):
                rows.append(("lone suffix", ", ".join(sorted(g.loc[g["year"] == y, "work_id"].unique())),
                             f"{g['authors'].iloc[0]} {y} is cited but no other {m.group(1)} work is", g[g["year"] == y]))
    out = pd.DataFrame(
        [(p, w, d, ", ".join(sorted(g["citation_id"]))) for p, w, d, g in rows],
        columns=["problem", "work_id", "detail", "citations"],
    )
    return out.sort_values(["problem", "work_id"]).reset_index(drop=True)


def shared_works(data: Compendium) -> pd.DataFrame:
    """Works cited by more than one document, with how often each cites it."""
    c = data["citations"].merge(data["sources"][["source_id", "short_name"]], on="source_id")
    t = pd.crosstab(c["work_id"], c["short_name"])
    return t[(t > 0).sum(axis=1) > 1]


def _plain(name: str) -> str:
    """A surname for matching: lower-case, curly apostrophes straightened."""
    return name.replace("’", "'").strip().lower()


def document_authors(data: Compendium) -> pd.DataFrame:
    """Each source document's authors by surname (``sources.authors`` is "Surname, Given; …")."""
    rows = [
        {"document": s.short_name, "author": part.split(",")[0].strip()}
        for s in data["sources"].itertuples()
        for part in str(s.authors).split(";")
        if part.strip()
    ]
    return pd.DataFrame(rows, columns=["document", "author"])


def authors_cited_by_other(data: Compendium) -> pd.DataFrame:
    """Where an author of one document is cited in the other, one row per citation.

    Returns
    -------
    pandas.DataFrame
        ``author``, ``author_of`` (their document), ``cited_in``, ``citation_id``,
        ``as_printed`` (authors and year), ``work_id`` and ``section``.
    """
    docs = document_authors(data)
    short = data["sources"].set_index("source_id")["short_name"]
    heading = data["sections"].set_index("section_id")["heading"]
    section = data["locators"].set_index("locator_id")["section_id"]
    rows = []
    for c in data["citations"].itertuples():
        cited_in = short[c.source_id]
        names = {_plain(n) for n in surnames(c.authors)}
        for d in docs[docs["document"] != cited_in].itertuples():
            if _plain(d.author) in names:
                rows.append({
                    "author": d.author, "author_of": d.document, "cited_in": cited_in,
                    "citation_id": c.citation_id, "as_printed": f"{c.authors} {'' if pd.isna(c.year) else c.year}".strip(),
                    "work_id": c.work_id, "section": heading[section[c.locator_id]],
                })
    cols = ["author", "author_of", "cited_in", "citation_id", "as_printed", "work_id", "section"]
    return pd.DataFrame(rows, columns=cols).sort_values(["author_of", "author", "citation_id"]).reset_index(drop=True)


def shared_authors(data: Compendium) -> pd.DataFrame:
    """Surnames cited by both documents (in any work): citations per document."""
    c = data["citations"].merge(data["sources"][["source_id", "short_name"]], on="source_id")
    long = [
        (_plain(name), name.replace("’", "'"), doc)
        for a, doc in zip(c["authors"], c["short_name"])
        for name in _AUTHOR_SPLIT.split(str(a)) if name.strip()
    ]
    frame = pd.DataFrame(long, columns=["key", "author", "document"])
    shown = frame.groupby("key")["author"].agg(lambda s: s.mode().iloc[0])
    t = pd.crosstab(frame["key"].map(shown).rename("author"), frame["document"])
    return t[(t > 0).all(axis=1)]
