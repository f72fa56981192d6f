"""Reading REFI-QDA files (``.qdpx``, ``.qdc``, a bare ``.qde``) into a :class:`~compendium.refi.model.Project`.

:func:`read` returns the project and an :class:`~compendium.refi.report.ImportReport`
saying what was imported, what was adapted and how, what the model does not support,
and which deviations from the schemas were accepted. A file that cannot be read at all
raises :class:`~compendium.refi.report.RefiError` naming the file, the entry or element,
and why. Nothing is written.

Real exports differ from the specification; each difference below is read and reported:

* codes nested (``<Code>`` in ``<Code>``) or flat with the path in the name (``A::B``,
  ``a.b``): reported, and split into a tree on request (``unflatten="::"``);
* categories (``isCodable="false"``); a missing ``isCodable`` is read as codable;
* GUIDs in any case, with or without braces (stored in lower case); a GUID that does
  not fit the pattern is replaced by a stable one derived from it;
* text inline (``PlainTextContent``) or in the archive, by ``internal://name``, a bare
  name, ``relative://name`` (with ``basePath``), under ``sources/`` or ``Sources/`` in any
  case; a referenced file that is missing leaves the source without text (reported);
* the project entry ``project.qde``, ``Project.qde`` or ``<name>.qde``;
* positions in code points or in UTF-16 code units (detected per source, see
  :mod:`compendium.refi.positions`); CRLF kept as two characters; a UTF-8 byte-order
  mark dropped;
* a PDF source's plain-text ``Representation`` (kept as a text source; the PDF and its
  region selections are not);
* ``MemberCode`` by ``guid`` (codebook schema) or ``targetGUID`` (project schema);
* colours as ``#RRGGBB``, ``#RGB``, ``RRGGBB``, ``#AARRGGBB``, ``rgb()``/``rgba()``;
* empty container elements (``<Sets/>``), and the namespace variants
  ``urn:QDA-XML:codebook:0:4`` or none at all.

Refused: XML with a DTD entity, an external reference or that is not well formed
(parsed only with :mod:`defusedxml`), text that is not UTF-8, and unsafe archives
(see :mod:`compendium.refi.archive`).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path, PurePosixPath

import defusedxml
import defusedxml.ElementTree as DET

from compendium.refi import positions
from compendium.refi import archive as archives
from compendium.refi.archive import Archive
from compendium.refi.model import (
    GUID_PATTERN,
    VALUE_FORMS,
    VARIABLE_TYPES,
    Case,
    Code,
    Coding,
    Link,
    Note,
    NoteRef,
    Project,
    Selection,
    Set,
    Source,
    Variable,
    canonical_guid,
)
from compendium.refi.report import ImportReport, RefiError

#: Namespaces of the two schemas, and variants read with a warning.
NAMESPACES = {"Project": "urn:QDA-XML:project:1.0", "CodeBook": "urn:QDA-XML:codebook:1.0"}
#: Namespace for GUIDs made up for elements whose GUID is not one.
_REPAIR_NS = uuid.UUID("6f1f5d3e-6a35-5b0a-9a53-8f0c3c1b2a10")
_CONTAINERS = {"Users", "Codes", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs"}
_OTHER_SOURCES = {"PictureSource", "PDFSource", "AudioSource", "VideoSource"}


def read(path: Path | str, unflatten: str | None = None, schemas: Path | str | None = None) -> tuple[Project, ImportReport]:
    """Read a ``.qdpx`` archive, a ``.qdc`` codebook or a ``.qde`` project file.

    The kind is decided by content (a zip archive or XML), not by the file name.

    Parameters
    ----------
    path : Path or str
    unflatten : str, optional
        A separator (``"::"`` or ``"."``): when the codes are flat, split names on it into
        a tree, making parent codes (categories) that do not exist. Without it, names are
        kept and a flattened hierarchy is only reported.
    schemas : Path or str, optional
        A folder holding ``Project.xsd`` and ``Codebook.xsd``: the XML is then also
        validated, and every deviation (up to 20) is reported as a ``schema`` warning.
        The file is read all the same.

    Returns
    -------
    tuple of (Project, ImportReport)

    Raises
    ------
    RefiError
        If the file cannot be read (see the module docstring).
    """
    path = Path(path)
    file = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except IsADirectoryError:
        raise RefiError(file, "is a folder, not a REFI-QDA file") from None
    except OSError as exc:
        raise RefiError(file, f"cannot be read: {exc.strerror or exc}") from None
    if head.startswith(b"PK"):
        archive = Archive(path)
        entry = _project_entry(archive, file)
        report = ImportReport(file, "qdpx")
        if entry.casefold() != "project.qde":
            report.adapt("project-entry", f"the project is in {entry!r}, not 'project.qde'", entry)
        xml = archive.read(entry)
        root = parse_xml(xml, file, entry)
        reader = _Reader(file, report, archive, entry)
    else:
        size = path.stat().st_size
        if size > archives.MAX_ENTRY_BYTES:
            raise RefiError(file, f"is {size} bytes, more than the {archives.MAX_ENTRY_BYTES} allowed")
        xml = path.read_bytes()
        root = parse_xml(xml, file)
        report = ImportReport(file, "qdc" if _local(root.tag) == "CodeBook" else "qde")
        reader = _Reader(file, report, None, None)
    if schemas is not None:
        from compendium.refi.schema import schema_errors

        try:
            for problem in schema_errors(xml, schemas):
                report.warn("schema", f"{problem}; read all the same")
        except FileNotFoundError as exc:
            report.warn("schema-unavailable", f"not validated: {exc}")
    project = reader.run(root)
    if unflatten is not None or project.codes:
        project = _flattened(project, report, unflatten)
    report.imported = project.counts()
    return project, report


def parse_xml(data: bytes, file: str, entry: str | None = None) -> ET.Element:
    """Parse XML with :mod:`defusedxml`: entities, external references and DTDs are refused.

    Raises
    ------
    RefiError
        Naming the file (and archive entry) and why.
    """
    try:
        return DET.fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise RefiError(file, "XML with a document type declaration (DTD) is refused: REFI-QDA files have none", entry) from None
    except defusedxml.EntitiesForbidden:
        raise RefiError(file, "XML declares entities (possible entity-expansion attack): refused", entry) from None
    except defusedxml.ExternalReferenceForbidden:
        raise RefiError(file, "XML refers to an external resource: refused", entry) from None
    except defusedxml.DefusedXmlException as exc:
        raise RefiError(file, f"unsafe XML refused: {exc}", entry) from None
    except ET.ParseError as exc:
        raise RefiError(file, f"not well-formed XML (or not UTF-8): {exc}", entry) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _project_entry(archive: Archive, file: str) -> str:
    qde = [n for n in archive.names() if n.casefold().endswith(".qde") and "/" not in n.strip("/")]
    for name in qde:
        if name.casefold() == "project.qde":
            return name
    if len(qde) == 1:
        return qde[0]
    if not qde:
        raise RefiError(file, "the archive holds no project file (.qde) at its top level")
    raise RefiError(file, f"the archive holds {len(qde)} project files and none is project.qde: {', '.join(sorted(qde))}")


_COLOUR_RGB = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+%?\s*)?\)$", re.I)


def parse_colour(value: str) -> tuple[str | None, str | None]:
    """A colour in ``#RRGGBB`` (upper case) and, when the form was changed, how.

    Returns ``(colour, note)``: ``note`` is None when ``value`` was already ``#RRGGBB``
    in either case, and a sentence otherwise; ``colour`` is None when ``value`` is not a
    colour at all.
    """
    v = value.strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", v):
        return v.upper(), None
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", v):
        return "#" + "".join(ch * 2 for ch in v[1:]).upper(), f"short form {value!r} expanded"
    if re.fullmatch(r"[0-9A-Fa-f]{6}", v):
        return "#" + v.upper(), f"{value!r} had no '#'"
    if re.fullmatch(r"#[0-9A-Fa-f]{8}", v):
        return "#" + v[3:].upper(), f"{value!r} read as #AARRGGBB, alpha dropped"
    m = _COLOUR_RGB.match(v)
    if m and all(0 <= int(g) <= 255 for g in m.groups()):
        return "#" + "".join(f"{int(g):02X}" for g in m.groups()), f"{value!r} converted from rgb()"
    return None, None


class _Reader:
    """One import: the element walk, GUID bookkeeping and text lookup."""

    def __init__(self, file: str, report: ImportReport, archive: Archive | None, entry: str | None):
        self.file, self.report, self.archive, self.entry = file, report, archive, entry
        self.upper = self.braces = 0
        self.repaired: dict[str, str] = {}
        self.seen: set[str] = set()
        self.base_path = ""

    # ---- GUIDs -------------------------------------------------------------------
    def guid(self, value: str | None, where: str) -> str | None:
        """The canonical form of a GUID read from the file, or None when absent."""
        if value is None or not value.strip():
            return None
        if value != value.lower():
            self.upper += 1
        if "{" in value:
            self.braces += 1
        if GUID_PATTERN.match(value.strip()):
            return canonical_guid(value)
        key = value.strip()
        if key not in self.repaired:
            self.repaired[key] = str(uuid.uuid5(_REPAIR_NS, key))
            self.report.adapt("guid-invalid", f"{key!r} is not a GUID; replaced by {self.repaired[key]}", where)
        return self.repaired[key]

    def own_guid(self, el: ET.Element, kind: str, where: str) -> str | None:
        """The element's own GUID, or None (with a warning) when it is missing or already used."""
        g = self.guid(el.get("guid"), where)
        if g is None:
            self.report.warn("guid-missing", f"a {kind} without a guid was dropped", where)
            return None
        if g in self.seen:
            self.report.warn("guid-duplicate", f"a second {kind} with guid {g} was dropped", where)
            return None
        self.seen.add(g)
        return g

    # ---- the walk ------------------------------------------------------------------
    def run(self, root: ET.Element) -> Project:
        kind = _local(root.tag)
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        if kind not in NAMESPACES:
            raise RefiError(self.file, f"root element is <{kind}>, not <Project> or <CodeBook>", self.entry)
        if ns != NAMESPACES[kind]:
            self.report.warn("namespace", f"namespace {ns or '(none)'!r} instead of {NAMESPACES[kind]!r}; read as if it were", f"<{kind}>")
        for el in root.iter():
            el.tag = _local(el.tag)
            if el.tag in _CONTAINERS and len(el) == 0:
                self.report.warn("schema-empty-container", f"empty <{el.tag}/> (the schema wants at least one child); accepted")
        project = Project(name=root.get("name") or "", origin=root.get("origin") or "")
        self.base_path = root.get("basePath") or ""
        if kind == "CodeBook":
            self.codes(root.find("Codes"), project)
            self.sets(root.find("Sets"), project)
            self.resolve(project)
        else:
            self.project(root, project)
        if self.upper:
            self.report.adapt("guid-case", f"{self.upper} GUID(s) in upper or mixed case; compared case-insensitively and stored in lower case")
        if self.braces:
            self.report.adapt("guid-braces", f"{self.braces} GUID(s) in braces; braces dropped")
        return project

    def project(self, root: ET.Element, project: Project) -> None:
        if root.find("Users") is not None:
            n = len(root.find("Users"))
            if n:
                self.report.skip("users", f"{n} user(s) not kept (the model records no authorship)", "<Users>")
        book = root.find("CodeBook")
        if book is not None:
            self.codes(book.find("Codes"), project)
        for el in root.iterfind("Variables/Variable"):
            g = self.own_guid(el, "variable", "<Variable>")
            if g:
                t = el.get("typeOfVariable") or "Text"
                if t not in VARIABLE_TYPES:
                    self.report.adapt("variable-type", f"type {t!r} read as Text", f"<Variable {el.get('name')!r}>")
                    t = "Text"
                project.variables.append(Variable(g, el.get("name") or "", t, _text(el, "Description")))
        self.sources(root.find("Sources"), project)
        for el in root.iterfind("Notes/Note"):
            g = self.own_guid(el, "note", "<Note>")
            if g:
                text = self.text_of(el, f"<Note {el.get('name')!r}>")
                project.notes.append(Note(g, el.get("name") or "", text or "", _text(el, "Description")))
                self.note_refs(el, g, project)
        cases = root.findall("Cases/Case")
        for el in cases:
            self.case(el, project)
        for el in root.iterfind("Links/Link"):
            g = self.own_guid(el, "link", "<Link>")
            o, t = self.guid(el.get("originGUID"), "<Link>"), self.guid(el.get("targetGUID"), "<Link>")
            if g and o and t:
                project.links.append(Link(g, el.get("name") or "", o, t, el.get("direction") or "OneWay"))
                self.note_refs(el, g, project)
            elif g:
                self.report.warn("link-incomplete", "a link without origin or target was dropped", f"<Link {el.get('name')!r}>")
        self.sets(root.find("Sets"), project)
        graphs = root.findall("Graphs/Graph")
        if graphs:
            self.report.skip("graphs", f"{len(graphs)} graph(s) not kept", "<Graphs>")
        project.description = _text(root, "Description")
        self.note_refs(root, "", project)
        self.resolve(project)

    def codes(self, holder: ET.Element | None, project: Project) -> None:
        if holder is None:
            return
        stack = [(el, None) for el in reversed(holder.findall("Code"))]
        while stack:
            el, parent = stack.pop()
            where = f"<Code {el.get('name')!r}>"
            g = self.own_guid(el, "code", where)
            if g is None:
                continue
            codable = (el.get("isCodable") or "").strip().lower()
            if codable not in ("true", "false", "1", "0"):
                self.report.adapt("code-codable", f"isCodable {el.get('isCodable')!r} read as true", where)
            color = None
            if el.get("color") is not None:
                color, note = parse_colour(el.get("color"))
                if color is None:
                    self.report.warn("colour-unreadable", f"colour {el.get('color')!r} is not a colour; dropped", where)
                elif note:
                    self.report.adapt("colour-form", note, where)
            project.codes.append(Code(g, el.get("name") or "", parent, codable not in ("false", "0"), color, _text(el, "Description")))
            self.note_refs(el, g, project)
            stack += [(k, g) for k in reversed(el.findall("Code"))]

    def sets(self, holder: ET.Element | None, project: Project) -> None:
        if holder is None:
            return
        for el in holder.findall("Set"):
            g = self.own_guid(el, "set", "<Set>")
            if not g:
                continue
            members: dict[str, list[str]] = {"MemberCode": [], "MemberSource": [], "MemberNote": []}
            for tag, found in members.items():
                for m in el.findall(tag):
                    ref = m.get("targetGUID")
                    if ref is None and m.get("guid") is not None:
                        ref = m.get("guid")
                        if self.report.kind != "qdc":
                            self.report.adapt("member-guid", f"<{tag}> by 'guid' (codebook form) instead of 'targetGUID'", f"<Set {el.get('name')!r}>")
                    elif ref is not None and self.report.kind == "qdc":
                        self.report.adapt("member-guid", f"<{tag}> by 'targetGUID' (project form) instead of 'guid'", f"<Set {el.get('name')!r}>")
                    if (r := self.guid(ref, f"<Set {el.get('name')!r}>")) is not None:
                        found.append(r)
            project.sets.append(Set(g, el.get("name") or "", _text(el, "Description"), tuple(members["MemberCode"]), tuple(members["MemberSource"]), tuple(members["MemberNote"])))

    def case(self, el: ET.Element, project: Project) -> None:
        g = self.own_guid(el, "case", "<Case>")
        if not g:
            return
        where = f"<Case {el.get('name')!r}>"
        types = {v.guid: v.type for v in project.variables}
        values = []
        for vv in el.findall("VariableValue"):
            ref = vv.find("VariableRef")
            var = self.guid(ref.get("targetGUID") if ref is not None else None, where)
            value = next((c.text or "" for c in vv if c.tag.endswith("Value") and c.tag != "VariableValue"), None)
            if var is None or value is None:
                self.report.warn("value-incomplete", "a variable value without variable or value was dropped", where)
                continue
            kind = types.get(var, "Text")
            if kind in VALUE_FORMS and not VALUE_FORMS[kind].fullmatch(value.strip()):
                self.report.warn("value-invalid", f"value {value!r} is not a {kind} value; dropped", where)
                continue
            values.append((var, value))
        if el.findall("CodeRef"):
            self.report.skip("case-codes", f"{len(el.findall('CodeRef'))} code(s) applied to the case as a whole not kept", where)
        refs = lambda tag: tuple(r for x in el.findall(tag) if (r := self.guid(x.get("targetGUID"), where)))  # noqa: E731
        project.cases.append(Case(g, el.get("name") or "", _text(el, "Description"), tuple(values), refs("SourceRef"), refs("SelectionRef")))

    def note_refs(self, el: ET.Element, owner: str, project: Project) -> None:
        for ref in el.findall("NoteRef"):
            g = self.guid(ref.get("targetGUID"), f"<{el.tag}>")
            if g:
                project.note_refs.append(NoteRef(owner, g))

    # ---- sources -----------------------------------------------------------------
    def sources(self, holder: ET.Element | None, project: Project) -> None:
        if holder is None:
            return
        other: dict[str, int] = {}
        for el in holder:
            if el.tag == "PDFSource" and el.find("Representation") is not None:
                # the PDF's plain-text representation is a TextSource: keep it, named after the PDF
                rep = el.find("Representation")
                if not rep.get("name"):
                    rep.set("name", el.get("name") or "")
                self.report.adapt("pdf-representation", "the PDF's plain-text representation kept as a text source; the PDF itself and its region selections are not",
                                  f"<PDFSource {el.get('name')!r}>")
                self.source(rep, project)
            elif el.tag in _OTHER_SOURCES:
                other[el.tag] = other.get(el.tag, 0) + 1
            elif el.tag == "TextSource":
                self.source(el, project)
        for tag, n in other.items():
            self.report.skip("source-kind", f"{n} {tag} element(s) not kept (the model holds text sources only)", f"<{tag}>")

    def source(self, el: ET.Element, project: Project) -> None:
        where = f"<TextSource {el.get('name')!r}>"
        g = self.own_guid(el, "text source", where)
        if not g:
            return
        text = self.text_of(el, where)
        path = el.get("plainTextPath")
        raw: list[tuple[ET.Element, str, int, int]] = []
        for sel in el.findall("PlainTextSelection"):
            sg = self.own_guid(sel, "selection", where)
            if not sg:
                continue
            try:
                start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            except ValueError:
                self.report.warn("selection-positions", f"selection {sg}: positions {sel.get('startPosition')!r}-{sel.get('endPosition')!r} are not whole numbers; dropped", where)
                continue
            raw.append((sel, sg, start, end))
        if text is not None and raw:
            unit, why = positions.detect(text, [(s, e, sel.get("name") or "") for sel, _, s, e in raw])
            if unit == positions.UTF16:
                self.report.adapt("positions-utf16", f"positions count UTF-16 code units ({why}); converted to code points", where)
                raw = [(sel, sg, positions.utf16_to_codepoint(text, s), positions.utf16_to_codepoint(text, e)) for sel, sg, s, e in raw]
            elif positions.utf16_length(text) != len(text):
                self.report.note("positions-codepoints", f"positions count code points ({why})", where)
        for sel, sg, s, e in raw:
            if s is None or e is None or not 0 <= s <= e or (text is not None and e > len(text)):
                self.report.warn("selection-out-of-range", f"selection {sg}: positions do not fit the text ({len(text or '')} characters); dropped", where)
                continue
            swhere = f"{where} selection {sg}"
            project.selections.append(Selection(sg, g, s, e, sel.get("name") or "", _text(sel, "Description")))
            for coding in sel.findall("Coding"):
                cg = self.own_guid(coding, "coding", swhere)
                ref = coding.find("CodeRef")
                code = self.guid(ref.get("targetGUID") if ref is not None else None, swhere)
                if cg and code:
                    project.codings.append(Coding(cg, sg, code))
                    self.note_refs(coding, cg, project)
                elif cg:
                    self.report.warn("coding-incomplete", f"coding {cg} has no CodeRef; dropped", swhere)
            self.note_refs(sel, sg, project)
        if el.findall("Coding"):
            self.report.skip("source-codings", f"{len(el.findall('Coding'))} coding(s) of the whole source not kept", where)
        if el.findall("VariableValue"):
            self.report.skip("source-variables", f"{len(el.findall('VariableValue'))} variable value(s) on the source not kept", where)
        if el.get("richTextPath"):
            self.report.skip("rich-text", "rich text (richTextPath) not kept; the plain text is", where)
        project.sources.append(Source(g, el.get("name") or "", text, _text(el, "Description"), path))
        self.note_refs(el, g, project)

    def text_of(self, el: ET.Element, where: str) -> str | None:
        """A TextSource's (or Note's) plain text: inline, or from the archive entry its path names."""
        inline = el.find("PlainTextContent")
        path = el.get("plainTextPath")
        if inline is not None:
            if path:
                self.report.warn("text-twice", "both PlainTextContent and plainTextPath (the schema wants one); the inline text is used", where)
            return self.clean(inline.text or "", where)
        if not path:
            if el.tag == "TextSource":
                self.report.warn("text-none", "neither PlainTextContent nor plainTextPath; the source has no text", where)
            return None
        entry = self.entry_for(path, where)
        if entry is None:
            return None
        data = self.archive.read(entry)  # type: ignore[union-attr]
        if data.startswith(b"\xef\xbb\xbf"):
            self.report.adapt("text-bom", "UTF-8 byte-order mark dropped (positions count from the first character after it)", entry)
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RefiError(self.file, f"text is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); REFI-QDA texts must be UTF-8", entry) from None
        return self.clean(text, where)

    def clean(self, text: str, where: str) -> str:
        if text.startswith("\ufeff"):
            self.report.adapt("text-bom", "byte-order mark at the start of the text dropped", where)
            text = text[1:]
        if "\r\n" in text:
            self.report.note("text-crlf", "the text has CRLF line ends; kept, each counting two characters as positions do", where)
        return text

    def entry_for(self, path: str, where: str) -> str | None:
        """The archive entry a ``plainTextPath`` names, or None (reported) when it is not there."""
        scheme, _, rest = path.partition("://")
        if not _:
            scheme, rest = "", path
        scheme = scheme.lower()
        if scheme not in ("internal", "relative", ""):
            self.report.skip("text-external", f"plainTextPath {path!r} points outside the archive; not read", where)
            return None
        if self.archive is None:
            self.report.warn("text-missing", f"plainTextPath {path!r} needs the .qdpx archive; this file alone has no text for it", where)
            return None
        rest = rest.replace("\\", "/").lstrip("/")
        candidates = [f"sources/{rest}", rest]
        if scheme == "relative":
            base = self.base_path.replace("\\", "/").strip("/")
            self.report.adapt("text-relative", f"relative path {path!r} (basePath {self.base_path!r}) looked up inside the archive only", where)
            candidates += [f"sources/{PurePosixPath(rest).name}", f"{base}/{rest}" if base else rest]
        elif scheme == "":
            self.report.adapt("text-bare-path", f"plainTextPath {path!r} has no scheme; read as internal://", where)
        for name in candidates:
            found = self.archive.find(name)
            if found is not None and ".." not in PurePosixPath(name).parts:
                return found
        self.report.warn("text-missing", f"{path!r} is not in the archive; the source is kept without text", where)
        return None

    # ---- references --------------------------------------------------------------
    def resolve(self, project: Project) -> None:
        """Drop references to elements the project does not hold, each reported."""
        codes = {c.guid for c in project.codes}
        keep = [c for c in project.codings if c.code in codes]
        if len(keep) < len(project.codings):
            self.report.warn("coding-unknown-code", f"{len(project.codings) - len(keep)} coding(s) refer to a code not in the codebook; dropped")
        project.codings = keep
        notes = {n.guid for n in project.notes}
        keep_refs = [r for r in project.note_refs if r.note in notes]
        if len(keep_refs) < len(project.note_refs):
            self.report.warn("note-unknown", f"{len(project.note_refs) - len(keep_refs)} note reference(s) to notes not in the project; dropped")
        project.note_refs = keep_refs
        everything = {*codes, *notes, *(s.guid for s in project.sources), *(s.guid for s in project.selections),
                      *(c.guid for c in project.codings), *(c.guid for c in project.cases), *(lk.guid for lk in project.links)}
        links = [lk for lk in project.links if lk.origin in everything and lk.target in everything]
        if len(links) < len(project.links):
            self.report.warn("link-unknown", f"{len(project.links) - len(links)} link(s) to elements not kept; dropped")
        project.links = links
        variables = {v.guid for v in project.variables}
        sources, selections = {s.guid for s in project.sources}, {s.guid for s in project.selections}
        cases = []
        for c in project.cases:
            fixed = replace(c, values=tuple(v for v in c.values if v[0] in variables), sources=tuple(s for s in c.sources if s in sources),
                            selections=tuple(s for s in c.selections if s in selections))
            if fixed != c:
                self.report.warn("case-unknown-ref", "references to variables, sources or selections not kept; dropped", f"<Case {c.name!r}>")
            cases.append(fixed)
        project.cases = cases
        notes_known = {n.guid for n in project.notes}
        sets = []
        for st in project.sets:
            fixed = replace(st, codes=tuple(g for g in st.codes if g in codes), sources=tuple(g for g in st.sources if g in sources),
                            notes=tuple(g for g in st.notes if g in notes_known))
            if fixed != st:
                self.report.warn("set-unknown-member", "members that are not codes, sources or notes of the project; dropped", f"<Set {st.name!r}>")
            sets.append(fixed)
        project.sets = sets


def _text(el: ET.Element, tag: str) -> str:
    child = el.find(tag)
    return (child.text or "") if child is not None else ""


def _flattened(project: Project, report: ImportReport, unflatten: str | None) -> Project:
    """Report (and on request undo) a hierarchy flattened into code names."""
    if any(c.parent for c in project.codes):
        return project
    for sep in ("::", "."):
        named = [c for c in project.codes if sep in c.name.strip(sep)]
        if sep == "." and unflatten != ".":
            # a dot is common in names ("v1.2", "e.g."): only a prefix shared by two names, or
            # naming another code, suggests a hierarchy
            heads = [c.name.split(".")[0] for c in named]
            names = {c.name for c in project.codes}
            named = [c for c, h in zip(named, heads) if h and not h.isdigit() and (heads.count(h) > 1 or h in names)]
        if not named:
            continue
        if unflatten != sep:
            report.warn("codes-flattened", f"{len(named)} code name(s) contain {sep!r}, which some tools use for a flattened hierarchy; kept as names (read with unflatten={sep!r} to make a tree)")
            continue
        codes: list[Code] = []
        by_path: dict[tuple[str, ...], str] = {}
        for c in project.codes:
            if sep not in c.name.strip(sep):
                by_path.setdefault((c.name,), c.guid)
        made = 0
        for c in project.codes:
            parts = tuple(p.strip() for p in c.name.split(sep)) if sep in c.name.strip(sep) else (c.name,)
            parent = None
            for depth in range(1, len(parts)):
                key = parts[:depth]
                if key not in by_path:
                    g = str(uuid.uuid5(_REPAIR_NS, "category:" + sep.join(key)))
                    by_path[key] = g
                    codes.append(Code(g, key[-1], parent, False))
                    made += 1
                parent = by_path[key]
            by_path.setdefault(parts, c.guid)
            codes.append(replace(c, name=parts[-1], parent=parent if len(parts) > 1 else c.parent))
        report.adapt("codes-unflattened", f"{len(named)} code name(s) split on {sep!r} into a tree; {made} parent categor(ies) made")
        project.codes = codes
        break
    return project
