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


def cited_works(data: Compendium, source_id: str) -> pd.DataFrame:
    """The rows of ``works`` that one document cites at least once, in ``works`` order.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    source_id : str
        The citing document.

    Returns
    -------
    DataFrame
        Rows of ``works``.
    """
    cited = data.rows("citations", "source_id", source_id)["work_id"]
    return data["works"][data["works"]["work_id"].isin(cited)]


def tally(data: Compendium, source_id: str) -> dict[str, int]:
    """One document's citations counted: ``citations`` (in-text), ``works`` (distinct), ``unresolved`` (works not identified).

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    source_id : str
        The citing document.

    Returns
    -------
    dict of str to int
    """
    works = cited_works(data, source_id)
    return {
        "citations": len(data.rows("citations", "source_id", source_id)),
        "works": len(works),
        "unresolved": int((works["resolved"] == "unresolved").sum()),
    }


def resolved_count(works: pd.DataFrame) -> int:
    """How many of ``works`` resolve to a full reference (``resolved == "resolved"``)."""
    return int((works["resolved"] == "resolved").sum())


def problem_count(issues: pd.DataFrame) -> int:
    """Citation problems other than an unresolved reference, in a table from :func:`problems`."""
    return int((issues["problem"] != "unresolved").sum())


def by_section_and_role(register_table: pd.DataFrame) -> pd.DataFrame:
    """In-text citations counted by section (rows) and role (columns), from a :func:`register` table."""
    return register_table.groupby(["section", "role"]).size().unstack(fill_value=0)


def works_in_role(register_table: pd.DataFrame, role: str) -> pd.DataFrame:
    """The rows of a :func:`register` table whose citation plays ``role`` (e.g. ``"earlier scepticism"``)."""
    return register_table[register_table["role"] == role]


def shared_works_table(data: Compendium) -> pd.DataFrame:
    """:func:`shared_works` with each work's authors, year and whether it resolved, ``work_id`` as a column."""
    shared = shared_works(data)
    works = data.indexed("works", "work_id")
    return shared.assign(
        authors=works.loc[shared.index, "authors"], year=works.loc[shared.index, "year"],
        resolved=works.loc[shared.index, "resolved"],
    ).rename_axis("work_id").reset_index()


def shared_works_titled(data: Compendium) -> pd.DataFrame:
    """:func:`shared_works` (indexed by work) with each work's ``resolved`` status and ``title``."""
    return shared_works(data).join(data.indexed("works", "work_id")[["resolved", "title"]])


def crossed_with_status(data: Compendium) -> pd.DataFrame:
    """:func:`authors_cited_by_other` with whether each cited work ``resolved``."""
    crossed = authors_cited_by_other(data)
    return crossed.assign(resolved=crossed["work_id"].map(data.indexed("works", "work_id")["resolved"]))


def crossed_counts(crossed: pd.DataFrame) -> pd.DataFrame:
    """Citations of one document's author in the other, counted by author's document, author and citing document."""
    return crossed.groupby(["author_of", "author", "cited_in"]).size().rename("citations").to_frame()


def own_work(data: Compendium, register_table: pd.DataFrame, work_id: str, source_id: str) -> pd.DataFrame:
    """How one document cites another document of the compendium, compared with that document's record.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    register_table : DataFrame
        The citing document's :func:`register`.
    work_id : str
        The work that is the cited document.
    source_id : str
        The cited document's row in ``sources``.

    Returns
    -------
    DataFrame
        ``citation_id``, ``authors``, ``year``, ``authors_match`` (the surnames are the record's,
        in order), ``year_matches`` (``"issue"``, ``"online first"`` or ``"no"``) and ``section``.
    """
    record = data.indexed("sources", "source_id").loc[source_id]
    record_names = tuple(a.split(",")[0].strip().lower() for a in str(record["authors"]).split(";"))
    own = register_table[register_table["work_id"] == work_id].copy()
    own["authors_match"] = own["authors"].map(surnames) == record_names
    own["year_matches"] = own["year"].map(
        lambda y: "issue" if y == str(record["year"]) else "online first" if y == str(record["online_year"]) else "no")
    return own[["citation_id", "authors", "year", "authors_match", "year_matches", "section"]]


def own_work_verdict(own: pd.DataFrame) -> str:
    """``"supported"`` when every citation in an :func:`own_work` table names the authors and a year of the record, else ``"contradicted"``."""
    return "supported" if own["authors_match"].all() and (own["year_matches"] != "no").all() else "contradicted"


def age_at_online(data: Compendium, claim_id: str, source_id: str = "002") -> pd.DataFrame:
    """The works cited in a claim's evidence, each with its age when ``source_id`` went online.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    claim_id : str
        The claim whose evidence passages hold the citations.
    source_id : str
        The document whose ``online_year`` is the reference point.

    Returns
    -------
    DataFrame
        ``citation_id``, ``authors``, ``year`` and ``years_before`` (online year minus the
        citation's year, its first four characters).
    """
    evidence = data.rows("claim_evidence", "claim_id", claim_id)
    cited = data["citations"][data["citations"]["locator_id"].isin(evidence["locator_id"])]
    online = int(data.indexed("sources", "source_id").at[source_id, "online_year"])
    return cited.assign(years_before=online - cited["year"].str[:4].astype(int))[["citation_id", "authors", "year", "years_before"]]


def older_than(ages: pd.DataFrame, years: int) -> int:
    """How many rows of an :func:`age_at_online` table are more than ``years`` old."""
    return int((ages["years_before"] > years).sum())


def distinct_works(table: pd.DataFrame) -> int:
    """How many distinct works (``work_id``) a table of citations names."""
    return int(table["work_id"].nunique())
