"""The bibliography as BibTeX, generated from ``data/`` (``works`` and ``sources``).

``data/`` is the single source of truth: the BibTeX file is derived, written at
build time by :mod:`compendium.sphinxext` outside ``data/``, and cited in the book
with sphinxcontrib-bibtex. Entries are built with pybtex, the library that
sphinxcontrib-bibtex itself reads them with.

Keys: a work's ``work_id`` (``W-hughes-rowe-2007``); a source document's
``source-<short_name>`` (``source-article``). A work whose full reference could
not be identified still gets an entry, so every citation in the book resolves,
but it says so: its title is the citation as printed and its note the reason.
"""

from __future__ import annotations

import re

import pandas as pd
from pybtex.database import BibliographyData, Entry, Person

from compendium.package import Compendium

_JOURNAL = re.compile(r"^(?P<journal>[^:]+?) (?P<volume>\d+)(?:\((?P<number>\d+)\))?: (?P<pages>\d+-\d+)(?P<rest>.*)$")
_PUBLISHER = re.compile(r"^(?P<address>[A-Z][\w .]+): (?P<publisher>[^:]+)$")
# pybtex's writer escapes & % # _ itself; a dollar sign it leaves to open maths.
_LATEX_SPECIAL = re.compile(r"([$])")
_ET_AL = re.compile(r"\s*\bet al\.?$")


def source_key(short_name: str) -> str:
    """The citation key of a source document."""
    return f"source-{short_name}"


def _tex(text) -> str:
    """A field value as plain text: spaces collapsed, ``$`` escaped (the text is data, not maths)."""
    return _LATEX_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _people(authors: str) -> tuple[str, list[Person]]:
    """The role ("author" or "editor") and the persons of an author string from ``data/``.

    ``works.authors`` separates persons with ``;`` in resolved works ("Hughes, Gordon;
    Rowe, Michael"); unresolved works keep the citation as printed ("Crawford and
    Lister", "Pearson et al"). A body ("HMIC (…)") is kept whole.
    """
    text = str(authors).strip()
    role = "author"
    if text.endswith("(eds)"):
        role, text = "editor", text[: -len("(eds)")].strip()
    others = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text)
    parts = [p.strip() for p in (text.split(";") if ";" in text or "," in text else re.split(r"\band\b", text)) if p.strip()]
    people = [Person("{" + p + "}") if "(" in p else Person(p) for p in parts]
    if others:
        people.append(Person("others"))
    return role, people


def _venue_fields(venue) -> tuple[str, dict[str, str]]:
    """The entry type and fields a free-text venue gives."""
    if pd.isna(venue) or not str(venue).strip():
        return "misc", {}
    venue = str(venue).strip()
    if m := _JOURNAL.match(venue):
        fields = {"journal": m["journal"], "volume": m["volume"], "pages": m["pages"].replace("-", "--")}
        if m["number"]:
            fields["number"] = m["number"]
        if m["rest"].strip():
            fields["note"] = m["rest"].strip(" ()")
        return "article", fields
    if venue.startswith("In "):
        return "incollection", {"booktitle": venue[3:]}
    if m := _PUBLISHER.match(venue):
        return "book", {"address": m["address"], "publisher": m["publisher"]}
    return "misc", {"howpublished": venue}


def _work_entry(w) -> Entry:
    role, people = _people(w.authors)
    year = "n.d." if pd.isna(w.year) else str(w.year)
    printed = f"{w.authors} {w.year}" if not pd.isna(w.year) else str(w.authors)
    if w.resolved == "resolved":
        kind, fields = _venue_fields(w.venue)
        fields["title"] = str(w.title)
    else:
        kind, fields = "misc", {
            "title": f"Cited as “{printed}”; the full reference is not identified",
            "note": str(w.basis),
        }
    if role == "editor" and kind == "misc":
        kind, fields = "book", fields | {"publisher": fields.pop("howpublished", "")}
    fields["year"] = year
    fields = {k: _tex(v) for k, v in fields.items() if v}
    fields["title"] = "{" + fields["title"] + "}"  # keep the title's case as printed
    if isinstance(w.doi, str) and w.doi:
        fields["doi"] = w.doi
    return Entry(kind, fields=fields, persons={role: people})


def _source_entry(s) -> Entry:
    _, people = _people(s.authors)
    if s.kind == "article":
        fields = {"title": s.title, "journal": s.venue, "volume": s.volume, "number": s.issue,
                  "pages": str(s.pages).replace("-", "--"), "year": s.year}
        if not pd.isna(s.online_year):
            fields["note"] = f"Published online first in {s.online_year}"
        kind = "article"
    else:
        fields = {"title": s.title, "institution": s.venue, "year": "n.d.", "note": s.note}
        kind = "techreport"
    fields = {k: _tex(v) for k, v in fields.items() if not pd.isna(v) and str(v)}
    fields["title"] = "{" + fields["title"] + "}"  # keep the title's case as printed
    if isinstance(s.doi, str) and s.doi:
        fields["doi"] = s.doi
    return Entry(kind, fields=fields, persons={"author": people})


def bibliography(data: Compendium) -> BibliographyData:
    """Every source and every cited work as pybtex entries, sources first, works by key."""
    entries = {source_key(s.short_name): _source_entry(s) for s in data["sources"].itertuples()}
    for w in data["works"].sort_values("work_id").itertuples():
        entries[w.work_id] = _work_entry(w)
    return BibliographyData(entries=entries)


def to_bibtex(data: Compendium) -> str:
    """The bibliography as BibTeX text."""
    return bibliography(data).to_string("bibtex")
