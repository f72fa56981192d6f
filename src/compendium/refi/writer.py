"""Writing a :class:`~compendium.refi.model.Project` as REFI-QDA: ``.qde`` XML, ``.qdpx`` archive, ``.qdc`` codebook.

Choices
    *Source text* always goes into the archive as ``sources/<guid>.txt`` (UTF-8, no
    byte-order mark) referenced by ``plainTextPath="internal://<guid>.txt"``, never
    inline: XML would turn a CRLF in ``PlainTextContent`` into LF and shift every
    position after it. A source whose text is None is written with neither.
    *Positions* are code points (as the specification says and the model holds).
    *Determinism*: elements in model order, archive entries with a fixed date, so the
    same project always gives the same bytes.
    *The codebook file* (``.qdc``) holds codes and sets of codes only; a set's sources
    and notes cannot be expressed there and are left out.

Before anything is written the project is checked (:func:`problems`); a project that
would give an invalid file raises :class:`~compendium.refi.report.RefiError`.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from pathlib import Path

from compendium.package import write_atomic
from compendium.refi.model import GUID_PATTERN, VALUE_FORMS, VARIABLE_TYPES, Project
from compendium.refi.report import RefiError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

#: Characters XML 1.0 cannot carry at all (not even escaped).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: The fixed timestamp of archive entries (zip cannot store earlier than 1980).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Value element of each variable type.
_VALUE_ELEMENT = {t: f"{t}Value" for t in VARIABLE_TYPES}


def problems(project: Project, codebook_only: bool = False) -> list[str]:
    """What stops ``project`` from being written as a valid file, one line each (empty: fine)."""
    out: list[str] = []
    guids: dict[str, str] = {}
    groups = [("code", project.codes)]
    if not codebook_only:
        groups += [("source", project.sources), ("selection", project.selections), ("coding", project.codings),
                   ("variable", project.variables), ("case", project.cases), ("note", project.notes), ("link", project.links)]
    groups.append(("set", project.sets))
    for kind, items in groups:
        for item in items:
            if not GUID_PATTERN.match(item.guid):
                out.append(f"{kind} {item.guid!r}: not a GUID")
            elif item.guid in guids:
                out.append(f"{kind} {item.guid}: GUID already used by a {guids[item.guid]}")
            guids.setdefault(item.guid, kind)
    codes = {c.guid: c for c in project.codes}
    for c in project.codes:
        if c.parent is not None and c.parent not in codes:
            out.append(f"code {c.guid} ({c.name!r}): parent {c.parent} is not a code")
        if c.color is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", c.color):
            out.append(f"code {c.guid} ({c.name!r}): colour {c.color!r} is not #RRGGBB")
    reachable = _reachable(project)
    for c in project.codes:
        if c.guid not in reachable and (c.parent is None or c.parent in codes):
            out.append(f"code {c.guid} ({c.name!r}): its parents form a cycle")
    texts = []
    for c in project.codes:
        texts += [(f"code {c.guid} name", c.name), (f"code {c.guid} description", c.description)]
    if codebook_only:
        for st in project.sets:
            out += [f"set {st.guid}: member {g} is not a code" for g in st.codes if g not in codes]
        return out + _illegal(texts)
    sources = {s.guid: s for s in project.sources}
    selections = {s.guid for s in project.selections}
    for s in project.selections:
        src = sources.get(s.source)
        if src is None:
            out.append(f"selection {s.guid}: source {s.source} is not a source")
        elif not 0 <= s.start <= s.end or (src.text is not None and s.end > len(src.text)):
            out.append(f"selection {s.guid}: positions {s.start}-{s.end} do not fit its source's text")
    for c in project.codings:
        if c.selection not in selections:
            out.append(f"coding {c.guid}: selection {c.selection} is not a selection")
        if c.code not in codes:
            out.append(f"coding {c.guid}: code {c.code} is not a code")
    variables = {v.guid: v for v in project.variables}
    for v in project.variables:
        if v.type not in VARIABLE_TYPES:
            out.append(f"variable {v.guid}: type {v.type!r} is not one of {', '.join(VARIABLE_TYPES)}")
    for case in project.cases:
        for var, value in case.values:
            if var not in variables:
                out.append(f"case {case.guid}: variable {var} is not a variable")
            elif variables[var].type in VALUE_FORMS and not VALUE_FORMS[variables[var].type].fullmatch(value.strip()):
                out.append(f"case {case.guid}: value {value!r} is not a {variables[var].type} value")
        out += [f"case {case.guid}: source {g} is not a source" for g in case.sources if g not in sources]
        out += [f"case {case.guid}: selection {g} is not a selection" for g in case.selections if g not in selections]
    notes = {n.guid for n in project.notes}
    for st in project.sets:
        for kind, members, known in (("code", st.codes, codes), ("source", st.sources, sources), ("note", st.notes, notes)):
            out += [f"set {st.guid}: member {g} is not a {kind}" for g in members if g not in known]
    owners = {"", *codes, *sources, *selections, *(c.guid for c in project.codings), *notes, *(lk.guid for lk in project.links)}
    for ref in project.note_refs:
        if ref.note not in notes:
            out.append(f"note reference from {ref.owner or 'the project'}: note {ref.note} is not a note")
        if ref.owner not in owners:
            out.append(f"note reference to {ref.note}: owner {ref.owner} cannot carry a note (REFI-QDA allows notes on the project, codes, sources, selections, codings, notes and links)")
    for s in project.sources:
        if s.text is not None and _XML_ILLEGAL.search(s.text) and re.search("[\ud800-\udfff]", s.text):
            out.append(f"source {s.guid}: text holds a lone surrogate, which UTF-8 cannot encode")
    texts += [("project name", project.name), ("project origin", project.origin), ("project description", project.description)]
    for kind, items in (("source", project.sources), ("selection", project.selections), ("variable", project.variables),
                        ("case", project.cases), ("note", project.notes), ("link", project.links), ("set", project.sets)):
        for item in items:
            for attr in ("name", "description", "text"):
                value = getattr(item, attr, None)
                if isinstance(value, str) and not (kind == "source" and attr == "text"):
                    texts.append((f"{kind} {item.guid} {attr}", value))
    for case in project.cases:
        texts += [(f"case {case.guid} value", v) for _, v in case.values]
    return out + _illegal(texts)


def _illegal(texts: Iterable[tuple[str, str]]) -> list[str]:
    return [f"{where}: holds a character XML cannot carry (U+{ord(m.group()):04X})"
            for where, value in texts if value and (m := _XML_ILLEGAL.search(value))]


def _reachable(project: Project) -> set[str]:
    kids: dict[str | None, list[str]] = {}
    for c in project.codes:
        kids.setdefault(c.parent, []).append(c.guid)
    seen, stack = set(), list(kids.get(None, []))
    while stack:
        g = stack.pop()
        if g not in seen:
            seen.add(g)
            stack += kids.get(g, [])
    return seen


def _check(project: Project, file: str, codebook_only: bool = False) -> None:
    found = problems(project, codebook_only)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise RefiError(file, f"cannot be written: {found[0]}{more}")


def _sub(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: v for k, v in (attrib or {}).items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _description(parent: ET.Element, text: str) -> None:
    if text:
        _sub(parent, "Description", text=text)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    # ElementTree escapes CR in attributes but not in text; a raw CR would be read back as LF.
    return data.replace(b"\r", b"&#13;")


def _codes(parent: ET.Element, project: Project, refs: dict[str, list[str]], codebook: bool) -> None:
    kids: dict[str | None, list] = {}
    for c in project.codes:
        kids.setdefault(c.parent, []).append(c)
    # iterative, so a deep tree cannot exhaust the recursion limit
    stack = [(parent, c) for c in reversed(kids.get(None, []))]
    while stack:
        holder, c = stack.pop()
        el = _sub(holder, "Code", {"guid": c.guid, "name": c.name, "isCodable": "true" if c.codable else "false", "color": c.color})
        _description(el, c.description)
        if not codebook:
            for note in refs.get(c.guid, []):
                _sub(el, "NoteRef", {"targetGUID": note})
        stack += [(el, k) for k in reversed(kids.get(c.guid, []))]


def codebook_xml(project: Project, file: str = "codebook") -> bytes:
    """The project's codes (and sets of codes) as a ``.qdc`` document (``urn:QDA-XML:codebook:1.0``)."""
    _check(project, file, codebook_only=True)
    if not project.codes:
        raise RefiError(file, "cannot be written: a codebook needs at least one code")
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, **({"origin": project.origin} if project.origin else {})})
    _codes(_sub(root, "Codes"), project, {}, codebook=True)
    if project.sets:
        sets = _sub(root, "Sets")
        for s in project.sets:
            el = _sub(sets, "Set", {"guid": s.guid, "name": s.name})
            _description(el, s.description)
            for g in s.codes:
                _sub(el, "MemberCode", {"guid": g})
    return _serialise(root)


def project_xml(project: Project, file: str = "project") -> bytes:
    """The project as a ``project.qde`` document (``urn:QDA-XML:project:1.0``); texts by ``internal://`` path."""
    _check(project, file)
    refs: dict[str, list[str]] = {}
    for r in project.note_refs:
        refs.setdefault(r.owner, []).append(r.note)
    root = ET.Element("Project", {"xmlns": PROJECT_NS, "name": project.name, **({"origin": project.origin} if project.origin else {})})
    if project.codes:
        _codes(_sub(_sub(root, "CodeBook"), "Codes"), project, refs, codebook=False)
    types = {v.guid: v.type for v in project.variables}
    if project.variables:
        holder = _sub(root, "Variables")
        for v in project.variables:
            _description(_sub(holder, "Variable", {"guid": v.guid, "name": v.name, "typeOfVariable": v.type}), v.description)
    if project.cases:
        holder = _sub(root, "Cases")
        for case in project.cases:
            el = _sub(holder, "Case", {"guid": case.guid, "name": case.name or None})
            _description(el, case.description)
            for var, value in case.values:
                vv = _sub(el, "VariableValue")
                _sub(vv, "VariableRef", {"targetGUID": var})
                _sub(vv, _VALUE_ELEMENT[types[var]], text=value)
            for g in case.sources:
                _sub(el, "SourceRef", {"targetGUID": g})
            for g in case.selections:
                _sub(el, "SelectionRef", {"targetGUID": g})
    by_source: dict[str, list] = {}
    for s in project.selections:
        by_source.setdefault(s.source, []).append(s)
    by_selection: dict[str, list] = {}
    for c in project.codings:
        by_selection.setdefault(c.selection, []).append(c)
    if project.sources:
        holder = _sub(root, "Sources")
        for src in project.sources:
            path = f"internal://{src.guid}.txt" if src.text is not None else None
            el = _sub(holder, "TextSource", {"guid": src.guid, "name": src.name or None, "plainTextPath": path})
            _description(el, src.description)
            for sel in by_source.get(src.guid, []):
                se = _sub(el, "PlainTextSelection", {"guid": sel.guid, "name": sel.name or None,
                                                     "startPosition": str(sel.start), "endPosition": str(sel.end)})
                _description(se, sel.description)
                for coding in by_selection.get(sel.guid, []):
                    ce = _sub(se, "Coding", {"guid": coding.guid})
                    _sub(ce, "CodeRef", {"targetGUID": coding.code})
                    for note in refs.get(coding.guid, []):
                        _sub(ce, "NoteRef", {"targetGUID": note})
                for note in refs.get(sel.guid, []):
                    _sub(se, "NoteRef", {"targetGUID": note})
            for note in refs.get(src.guid, []):
                _sub(el, "NoteRef", {"targetGUID": note})
    if project.notes:
        holder = _sub(root, "Notes")
        for n in project.notes:
            el = _sub(holder, "Note", {"guid": n.guid, "name": n.name or None})
            _description(el, n.description)
            _sub(el, "PlainTextContent", text=n.text)
            for note in refs.get(n.guid, []):
                _sub(el, "NoteRef", {"targetGUID": note})
    if project.links:
        holder = _sub(root, "Links")
        for lk in project.links:
            el = _sub(holder, "Link", {"guid": lk.guid, "name": lk.name or None, "direction": lk.direction,
                                       "originGUID": lk.origin, "targetGUID": lk.target})
            for note in refs.get(lk.guid, []):
                _sub(el, "NoteRef", {"targetGUID": note})
    if project.sets:
        holder = _sub(root, "Sets")
        for s in project.sets:
            el = _sub(holder, "Set", {"guid": s.guid, "name": s.name})
            _description(el, s.description)
            for tag, members in (("MemberCode", s.codes), ("MemberSource", s.sources), ("MemberNote", s.notes)):
                for g in members:
                    _sub(el, tag, {"targetGUID": g})
    _description(root, project.description)
    for note in refs.get("", []):
        _sub(root, "NoteRef", {"targetGUID": note})
    return _serialise(root)


def archive_bytes(project: Project, file: str = "project.qdpx") -> bytes:
    """The project as ``.qdpx`` archive bytes: ``project.qde`` plus ``sources/<guid>.txt``."""
    qde = project_xml(project, file)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        entries = [("project.qde", qde)]
        entries += [(f"sources/{s.guid}.txt", s.text.encode("utf-8")) for s in project.sources if s.text is not None]
        for name, data in entries:
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def write_qdpx(project: Project, path: Path | str) -> Path:
    """Write ``project`` to ``path`` as a ``.qdpx`` archive, atomically (nothing is left on failure)."""
    path = Path(path)
    write_atomic(path, archive_bytes(project, str(path)))
    return path


def write_qdc(project: Project, path: Path | str) -> Path:
    """Write the project's codebook to ``path`` as a ``.qdc`` file, atomically."""
    path = Path(path)
    write_atomic(path, codebook_xml(project, str(path)))
    return path
