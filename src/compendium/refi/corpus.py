"""This compendium's data package as a REFI-QDA :class:`~compendium.refi.model.Project`, and a project as tables.

Mapping (GUIDs derive from the ids with ``uuid5``, see :mod:`compendium.ids`, so exports
are stable and a GUID leads back to its row):

=====================  ==============================================================
data package           REFI-QDA
=====================  ==============================================================
``codes``              ``Code`` (tree by ``parent_id``; ``definition`` → description;
                       every code codable: the data flag no category)
``sources``            ``TextSource``; description = the bibliographic record
``excerpts``           ``PlainTextSelection`` at its locator; name = excerpt id,
                       description = attribution
``codings``            ``Coding`` with ``CodeRef``; ``basis`` → a ``Note`` on the coding
``speakers``           ``Case`` with ``role``, ``gender`` and ``project`` as ``Variable``s,
                       and ``SourceRef``/``SelectionRef`` to its source and excerpts
``claims``             ``Note`` (claim, verdict, reason)
``claim_evidence``     ``Link`` from the claim's note to the excerpt's (or passage's)
                       selection, named by the relation, with the row's note as a
                       ``Note`` on the link; the selection also carries a ``NoteRef`` to
                       the claim, for tools that ignore links
=====================  ==============================================================

Text and positions
    A source's plain text is its *normalised* text (:func:`compendium.locators.normalise`),
    the text in which locator offsets count, so a selection's positions are its
    locator's ``start``/``end`` unchanged. Passages that claims rest on (claim and
    evidence locators that are not excerpts) become uncoded selections named by their
    locator id.

Sources that may not be redistributed
    Only sources named in ``full_text`` carry their full text (default: none). Any other
    source is exported *with its excerpts only*: its plain text is the excerpts' quoted
    passages, in document order, overlapping ones merged, separated by
    :data:`GAP`; each selection is re-based onto that text; the source's description
    and a ``Note`` on it say so, and give each excerpt's position in the full text.
    Other passages of such a source (claim locators that are not excerpts) are left
    out, and the note says how many. The excerpts-only text is built from the data
    package alone (the locators' quotes), so it needs no source text.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from compendium.ids import NAMESPACE, REFI_ELEMENT, guid
from compendium.locators import normalise
from compendium.package import Compendium
from compendium.refi.model import Case, Code, Coding, Link, Note, NoteRef, Project, Selection, Source, Variable

#: What separates two excerpts in the text of a source exported with its excerpts only.
GAP = "\n\n[…]\n\n"
#: The case variables taken from ``speakers`` (variable name → column).
CASE_VARIABLES = {"role": "role", "gender": "gender", "project": "project_id"}


def _guid(table: str, key: str) -> str:
    """:func:`compendium.ids.guid` for the tables it knows, the same ``uuid5`` scheme for the rest."""
    return guid(table, key) if table in REFI_ELEMENT else str(uuid.uuid5(NAMESPACE, f"{table}:{key}"))


def _s(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def excerpt_text(spans: list[tuple[int, int, str]]) -> tuple[str, dict[tuple[int, int], int]]:
    """The excerpts-only text of a source, and where each span now starts.

    Parameters
    ----------
    spans : list of (start, end, exact)
        Passages of the full (normalised) text: ``full[start:end] == exact``.

    Returns
    -------
    tuple
        The text (merged passages joined by :data:`GAP`) and, for each ``(start, end)``,
        its new start offset.

    Raises
    ------
    ValueError
        If a passage's length differs from its offsets' span (the data do not validate).
    """
    for s, e, exact in spans:
        if len(exact) != e - s:
            raise ValueError(f"passage {exact[:40]!r} is {len(exact)} characters long but its offsets {s}-{e} span {e - s}")
    groups: list[list[tuple[int, int, str]]] = []
    for span in sorted(set(spans)):
        if groups and span[0] <= max(e for _, e, _ in groups[-1]):
            groups[-1].append(span)
        else:
            groups.append([span])
    pieces, where, offset = [], {}, 0
    for group in groups:
        lo, hi = group[0][0], max(e for _, e, _ in group)
        chars = [""] * (hi - lo)
        for s, e, exact in group:
            chars[s - lo : e - lo] = list(exact)
            where[(s, e)] = offset + s - lo
        piece = "".join(chars)
        pieces.append(piece)
        offset += len(piece) + len(GAP)
    return GAP.join(pieces), where


def _citation(row) -> str:
    parts = [_s(row.authors), f"({_s(row.year)})" if _s(row.year) else "", _s(row.title), _s(row.venue),
             f"doi:{row.doi}" if _s(row.doi) else ""]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def project(data: Compendium, texts: Path | None = None, full_text: Collection[str] = (), name: str = "Policing Partnerships Compendium") -> Project:
    """The data package as a REFI-QDA project.

    Parameters
    ----------
    data : Compendium
        The loaded data package (:func:`compendium.package.load`).
    texts : Path, optional
        The folder of source texts (:func:`compendium.paths.sources_dir`); needed only for
        sources in ``full_text``.
    full_text : collection of str
        Ids of the sources whose full text may be redistributed. Every other source is
        exported with its excerpts only (see the module docstring).
    name : str
        The project's name.

    Raises
    ------
    FileNotFoundError
        If a source in ``full_text`` has no text in ``texts``.
    """
    loc = data["locators"].set_index("locator_id")
    ex = data["excerpts"]
    p = Project(name=name, origin="compendium (Policing Partnerships Compendium)")
    p.description = ("Exported from the compendium's data package. Positions count Unicode code points in each "
                     "source's normalised text (NFC, white space folded to single spaces, trimmed).")
    for row in data["codes"].itertuples():
        parent = _guid("codes", row.parent_id) if _s(row.parent_id) else None
        p.codes.append(Code(_guid("codes", row.code_id), _s(row.name), parent, True, None, _s(row.definition)))

    # passages each source needs as selections: excerpts, then claim and evidence locators
    ce = data["claim_evidence"]
    passage_ids = [*data["claims"]["locator_id"].dropna(), *ce["locator_id"].dropna()]
    excerpt_locators = set(ex["locator_id"].dropna())
    sel_of_locator: dict[str, str] = {}
    for row in data["sources"].itertuples():
        sid = row.source_id
        mine = ex[ex["source_id"] == sid]
        spans = [(int(loc.at[lid, "start"]), int(loc.at[lid, "end"]), _s(loc.at[lid, "exact"])) for lid in mine["locator_id"]]
        src_guid = _guid("sources", sid)
        others = sorted({lid for lid in passage_ids if lid in loc.index and loc.at[lid, "source_id"] == sid and lid not in excerpt_locators})
        if sid in full_text:
            if texts is None or not (Path(texts) / _s(row.text_file)).is_file():
                raise FileNotFoundError(f"the text of source {sid} ({_s(row.text_file)}) is not available: set COMPENDIUM_SOURCES")
            text = normalise((Path(texts) / _s(row.text_file)).read_text(encoding="utf-8"))
            rebase = {(s, e): s for s, e, _ in spans}
            p.sources.append(Source(src_guid, _s(row.short_name) or sid, text, _citation(row)))
        else:
            text, rebase = excerpt_text(spans)
            statement = (f"Excerpts only: the full text of this source may not be redistributed. This text holds the "
                         f"{len(spans)} excerpt(s) the compendium quotes, in document order, separated by "
                         f"{GAP.strip()!r}; each selection's position in the full normalised text is given in its note. "
                         f"{len(others)} other passage(s) that claims rest on are not included.")
            p.sources.append(Source(src_guid, _s(row.short_name) or sid, text, f"{_citation(row)}\n\n{statement}"))
            note = _guid("notes", f"excerpts-only:{sid}")
            p.notes.append(Note(note, f"{sid}: excerpts only", statement))
            p.note_refs.append(NoteRef(src_guid, note))
            others = []
        for e in mine.itertuples():
            s, end = int(loc.at[e.locator_id, "start"]), int(loc.at[e.locator_id, "end"])
            sg = _guid("excerpts", e.excerpt_id)
            start = rebase[(s, end)]
            p.selections.append(Selection(sg, src_guid, start, start + (end - s), e.excerpt_id, _s(e.attribution)))
            sel_of_locator[e.locator_id] = sg
            if sid not in full_text:
                note = _guid("notes", f"position:{e.excerpt_id}")
                p.notes.append(Note(note, f"{e.excerpt_id}: position", f"In the full normalised text of source {sid}: characters {s} to {end} (locator {e.locator_id})."))
                p.note_refs.append(NoteRef(sg, note))
        for lid in others:
            sg = _guid("locators", lid)
            p.selections.append(Selection(sg, src_guid, int(loc.at[lid, "start"]), int(loc.at[lid, "end"]), lid, ""))
            sel_of_locator[lid] = sg

    for row in data["codings"].itertuples():
        cg = _guid("codings", f"{row.excerpt_id}|{row.code_id}")
        p.codings.append(Coding(cg, _guid("excerpts", row.excerpt_id), _guid("codes", row.code_id)))
        if _s(row.basis):
            note = _guid("notes", f"basis:{row.excerpt_id}|{row.code_id}")
            p.notes.append(Note(note, f"{row.excerpt_id} × {row.code_id}: basis", _s(row.basis)))
            p.note_refs.append(NoteRef(cg, note))

    variables = {name: _guid("variables", name) for name in CASE_VARIABLES}
    p.variables += [Variable(g, name, "Text") for name, g in variables.items()]
    projects = data["projects"].set_index("project_id")["name"] if "projects" in data.tables else pd.Series(dtype=str)
    for sp in data["speakers"].itertuples():
        values = []
        for name, column in CASE_VARIABLES.items():
            value = _s(getattr(sp, column))
            if column == "project_id" and value in projects.index:
                value = f"{value}: {projects[value]}"
            if value:
                values.append((variables[name], value))
        sels = tuple(_guid("excerpts", x) for x in ex.loc[ex["speaker_id"] == sp.speaker_id, "excerpt_id"])
        p.cases.append(Case(_guid("speakers", sp.speaker_id), _s(sp.label) or sp.speaker_id, f"speaker {sp.speaker_id} ({_s(sp.kind)})",
                            tuple(values), (_guid("sources", sp.source_id),), sels))

    for c in data["claims"].itertuples():
        text = f"{_s(c.claim)}\n\nVerdict: {_s(c.status)}." + (f" {_s(c.reason)}" if _s(c.reason) else "")
        p.notes.append(Note(_guid("claims", c.claim_id), c.claim_id, text))
        if _s(c.locator_id) in sel_of_locator:
            p.links.append(Link(_guid("claim_evidence", f"{c.claim_id}|stated|{c.locator_id}"), "stated at", _guid("claims", c.claim_id), sel_of_locator[c.locator_id]))
    claim_ids = set(data["claims"]["claim_id"])
    attached: set[tuple[str, str]] = set()
    for i, r in enumerate(ce.itertuples()):
        if r.claim_id not in claim_ids:
            continue
        target = _guid("excerpts", r.excerpt_id) if _s(r.excerpt_id) else sel_of_locator.get(_s(r.locator_id))
        if target is None:
            continue
        claim = _guid("claims", r.claim_id)
        lg = _guid("claim_evidence", f"{r.claim_id}|{_s(r.excerpt_id)}|{_s(r.locator_id)}|{i}")
        p.links.append(Link(lg, _s(r.relation), claim, target))
        if _s(r.note):
            note = _guid("notes", f"evidence:{i}")
            p.notes.append(Note(note, f"{r.claim_id}: {_s(r.relation)}", _s(r.note)))
            p.note_refs.append(NoteRef(lg, note))
        if (target, claim) not in attached:
            attached.add((target, claim))
            p.note_refs.append(NoteRef(target, claim))
    return p


def tables(project: Project) -> dict[str, pd.DataFrame]:
    """A project as plain tables, one per element kind, keyed by GUID (what ``import --out`` writes).

    Source texts are not in the tables (``sources.characters`` gives their length); each
    selection carries its quoted text.
    """
    texts = {s.guid: s.text for s in project.sources}

    def frame(rows, columns):
        return pd.DataFrame(rows, columns=columns)

    return {
        "codes": frame([(c.guid, c.parent or "", c.name, c.codable, c.color or "", c.description) for c in project.codes],
                       ["guid", "parent", "name", "codable", "color", "description"]),
        "sources": frame([(s.guid, s.name, "" if s.text is None else len(s.text), s.description) for s in project.sources],
                         ["guid", "name", "characters", "description"]),
        "selections": frame([(s.guid, s.source, s.start, s.end, s.name, s.description, (texts.get(s.source) or "")[s.start : s.end])
                             for s in project.selections], ["guid", "source", "start", "end", "name", "description", "text"]),
        "codings": frame([(c.guid, c.selection, c.code) for c in project.codings], ["guid", "selection", "code"]),
        "variables": frame([(v.guid, v.name, v.type, v.description) for v in project.variables], ["guid", "name", "type", "description"]),
        "cases": frame([(c.guid, c.name, c.description) for c in project.cases], ["guid", "name", "description"]),
        "case_values": frame([(c.guid, var, value) for c in project.cases for var, value in c.values], ["case", "variable", "value"]),
        "case_members": frame([(c.guid, kind, g) for c in project.cases for kind, gs in (("source", c.sources), ("selection", c.selections)) for g in gs],
                              ["case", "kind", "member"]),
        "notes": frame([(n.guid, n.name, n.text, n.description) for n in project.notes], ["guid", "name", "text", "description"]),
        "note_refs": frame([(r.owner, r.note) for r in project.note_refs], ["owner", "note"]),
        "links": frame([(lk.guid, lk.name, lk.origin, lk.target, lk.direction) for lk in project.links], ["guid", "name", "origin", "target", "direction"]),
        "sets": frame([(s.guid, s.name, s.description) for s in project.sets], ["guid", "name", "description"]),
        "set_members": frame([(s.guid, kind, g) for s in project.sets for kind, gs in (("code", s.codes), ("source", s.sources), ("note", s.notes)) for g in gs],
                             ["set", "kind", "member"]),
    }
