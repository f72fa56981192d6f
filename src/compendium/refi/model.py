"""A small typed model of a coded qualitative project, as REFI-QDA exchanges it.

The model holds what the compendium can both write and read back without loss: text
sources, a code tree, plain-text selections coded with codes, cases with variable
values, notes, links and sets. Everything else a REFI-QDA file may hold (pictures, PDF,
audio and video sources, graphs, users) is reported by the importer as not supported.

Conventions
    *GUIDs* are stored in lower case without braces, so they compare equal whatever
    case a tool wrote them in (:func:`canonical_guid`).
    *Positions* (``Selection.start`` / ``end``) count Unicode code points in the
    source's plain text exactly as stored in :attr:`Source.text` (a CRLF counts two),
    origin 0, end exclusive, as the REFI-QDA specification says. An importer that
    meets UTF-16 counting converts it (see :mod:`compendium.refi.positions`).
    *Order* is kept: lists are in document order, so an export is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A GUID as the REFI-QDA schemas accept it (with or without braces, any case).
GUID_PATTERN = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$")

#: The variable types of REFI-QDA (``typeOfVariable``).
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")

#: What a value of each typed variable looks like (xsd:boolean, integer, decimal, date, dateTime).
VALUE_FORMS = {
    "Boolean": re.compile(r"true|false|1|0"),
    "Integer": re.compile(r"[+-]?\d+"),
    "Float": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "Date": re.compile(r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?"),
    "DateTime": re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"),
}


def canonical_guid(value: str) -> str:
    """A GUID in the form the model stores: lower case, no braces, no surrounding space.

    Parameters
    ----------
    value : str
        A GUID as written in a file, e.g. ``"{A182CD3A-D83C-4D8C-BC80-26D9103EC6D6}"``.
    """
    return value.strip().strip("{}").lower()


@dataclass(frozen=True)
class Code:
    """A code or a category of the codebook.

    Attributes
    ----------
    guid : str
    name : str
    parent : str or None
        The GUID of the parent code; None for a top-level code.
    codable : bool
        False for a category (``isCodable="false"``): a grouping that is not applied to data.
    color : str or None
        ``#RRGGBB`` (upper case), or None.
    description : str
    """

    guid: str
    name: str
    parent: str | None = None
    codable: bool = True
    color: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Source:
    """A text source.

    Attributes
    ----------
    guid, name : str
    text : str or None
        The plain text, or None when the file did not carry it (a missing file).
    description : str
    path : str or None
        Where the text came from in the file read (``internal://…``), for the report; the
        writer ignores it and always stores the text as ``sources/<guid>.txt``.
    """

    guid: str
    name: str
    text: str | None
    description: str = ""
    path: str | None = None


@dataclass(frozen=True)
class Selection:
    """A span of a source's plain text (``PlainTextSelection``)."""

    guid: str
    source: str
    start: int
    end: int
    name: str = ""
    description: str = ""


@dataclass(frozen=True)
class Coding:
    """A code applied to a selection."""

    guid: str
    selection: str
    code: str


@dataclass(frozen=True)
class Variable:
    """A case variable (its values live on the cases)."""

    guid: str
    name: str
    type: str = "Text"
    description: str = ""


@dataclass(frozen=True)
class Case:
    """A case (a person, a group, a site) with its variable values and what it covers.

    Attributes
    ----------
    values : tuple of (str, str)
        ``(variable GUID, value as text)`` pairs, in order.
    sources, selections : tuple of str
        GUIDs of the sources and selections that belong to the case.
    """

    guid: str
    name: str
    description: str = ""
    values: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    selections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """A memo or annotation; attached to other elements by :class:`NoteRef`."""

    guid: str
    name: str
    text: str
    description: str = ""


@dataclass(frozen=True)
class NoteRef:
    """A note attached to an element (a source, selection, code, coding, case, link or the project).

    ``owner`` is the GUID of that element, or ``""`` for the project as a whole.
    """

    owner: str
    note: str


@dataclass(frozen=True)
class Link:
    """A named, directed relation between two elements (e.g. a claim note and a selection)."""

    guid: str
    name: str
    origin: str
    target: str
    direction: str = "OneWay"


@dataclass(frozen=True)
class Set:
    """A named set of codes, sources and notes."""

    guid: str
    name: str
    description: str = ""
    codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class Project:
    """A coded project: what a ``.qdpx`` (or, codes only, a ``.qdc``) exchanges.

    Attributes
    ----------
    name : str
    origin : str
        The software that wrote it.
    description : str
    codes, sources, selections, codings, variables, cases, notes, note_refs, links, sets
        The elements, in document order.
    """

    name: str
    origin: str = ""
    description: str = ""
    codes: list[Code] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    note_refs: list[NoteRef] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each element the project holds."""
        return {
            name: len(getattr(self, name))
            for name in ("codes", "sources", "selections", "codings", "variables", "cases", "notes", "note_refs", "links", "sets")
        }

    def children(self, parent: str | None) -> list[Code]:
        """The codes directly under ``parent`` (None: the top level), in order."""
        return [c for c in self.codes if c.parent == parent]

    def code_path(self, guid: str) -> list[str]:
        """Names from the top-level code down to ``guid`` (a cycle stops the walk)."""
        by = {c.guid: c for c in self.codes}
        names, seen, current = [], set(), by.get(guid)
        while current is not None and current.guid not in seen:
            seen.add(current.guid)
            names.append(current.name)
            current = by.get(current.parent) if current.parent else None
        return names[::-1]
