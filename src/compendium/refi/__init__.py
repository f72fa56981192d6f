"""REFI-QDA exchange: a typed model of a coded project, export to ``.qdpx``/``.qdc``, import with a report.

* :mod:`~compendium.refi.model` — the model (codes, sources, selections, codings, cases, notes…);
* :mod:`~compendium.refi.writer` — ``.qde``/``.qdpx``/``.qdc`` writing, atomic;
* :mod:`~compendium.refi.reader` — reading, with an :class:`~compendium.refi.report.ImportReport`;
* :mod:`~compendium.refi.archive` — defensive reading of zip archives;
* :mod:`~compendium.refi.positions` — code points versus UTF-16 code units;
* :mod:`~compendium.refi.corpus` — this compendium's data package as a project, and a project as tables;
* :mod:`~compendium.refi.schema` — validation against the official XSDs with :mod:`xmlschema`.

Importing this package reads nothing and writes nothing.
"""

from __future__ import annotations

from compendium.refi.model import Case, Code, Coding, Link, Note, NoteRef, Project, Selection, Set, Source, Variable
from compendium.refi.reader import read
from compendium.refi.report import Finding, ImportReport, RefiError
from compendium.refi.writer import archive_bytes, codebook_xml, project_xml, write_qdc, write_qdpx

__all__ = [
    "Case", "Code", "Coding", "Finding", "ImportReport", "Link", "Note", "NoteRef", "Project", "RefiError",
    "Selection", "Set", "Source", "Variable", "archive_bytes", "codebook_xml", "project_xml", "read", "write_qdc", "write_qdpx",
]
