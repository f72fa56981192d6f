"""Validation: types and keys by the Table Schema (:mod:`compendium.tableschema`), then the compendium's own rules.

Every problem of a run is collected (lazily) and returned in one
:class:`~compendium.errors.ValidationReport`; nothing is written anywhere.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from compendium import agreement, assessment, ledger, locators, tableschema, verdicts
from compendium.assessment import TARGETS
from compendium.errors import DataInvalid, Issue, ValidationReport
from compendium.notebooks import claim_tags
from compendium.package import Compendium, TableError, keyed, load, read_rows, table_path, text_frame, typed_frame
from compendium.paths import SOURCES_ENV, book_dir, data_dir, sources_dir
from compendium.sources import fingerprint, read_text, section_at, section_spans

#: Claim id letter for each kind of source document.
CLAIM_LETTER = {"article": "P", "report": "R"}

#: Tables that hold the evidence itself: a copy of them emptied to its header is an error.
NON_EMPTY = ("claims", "sources", "locators", "excerpts", "codes", "codings", "claim_evidence", "assessments", "sentences", "second_coding")

#: Primary keys checked here for tables whose schema declares none (code never edits
#: data/, so the key lives with its check: evidence_issues reports duplicates).
IMPLIED_KEYS = {"claim_evidence": ("claim_id", *TARGETS, "relation")}

#: The longest cell accepted (the longest real one is under a thousand characters);
#: a longer one is a paste gone wrong.
MAX_CELL = 10_000

#: Number words a claim's ``stated`` figure may be written as.
NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}


def validate(
    folder: Path | str | None = None,
    sources: Path | str | None | bool = True,
    book: Path | str | None = None,
) -> ValidationReport:
    """Validate the data package and return every problem found.

    Never raises on bad data: a table that cannot be read is one problem, the other
    tables are still checked, and a check that needs an unreadable table is skipped
    with a note saying so. Problems that follow from another one carry its place in
    :attr:`~compendium.errors.Issue.cause` (see :meth:`~compendium.errors.ValidationReport.folded`).

    Parameters
    ----------
    folder : path, optional
        The data package folder (default: the project's ``data/``).
    sources : path, None or True
        Folder of full source texts; ``True`` (default) means
        :func:`compendium.paths.sources_dir`; ``None`` skips the verbatim checks
        (a note says so). A folder that is named but does not exist is an error.
    book : path, optional
        Folder of chapter notebooks that claims point to (default: ``book/``).
    """
    folder = Path(folder) if folder else data_dir()
    report = ValidationReport()
    if not folder.is_dir():
        report.extend([Issue("data-folder-missing", f"{folder} is not a folder: give the folder holding datapackage.json", str(folder))])
        return report
    descriptor, issues = descriptor_issues(folder)
    report.extend(issues)
    if descriptor is None:
        return report
    tables, unreadable, issues, cells = _read_tables(folder, descriptor)
    report.extend(issues)
    report.extend(schema_issues(descriptor, cells))
    # A value the loader cannot read is reported here only when the Table Schema accepted it.
    seen = {(i.file, i.row, i.field) for i in report.issues if i.code != "value-unreadable"}
    report.issues[:] = [i for i in report.issues if i.code != "value-unreadable" or (i.file, i.row, i.field) not in seen]
    data = Compendium(folder, descriptor, tables)
    empty = {name for name in NON_EMPTY if name in tables and name not in unreadable and tables[name].empty}
    for name in sorted(empty):
        path = _path_of(descriptor, name)
        report.extend([Issue("table-empty", f"{path} has a header but no rows: the {name} table must not be empty", path, None, None)])
    unusable = unreadable | empty
    src, src_issues = _sources_folder(sources)
    report.extend(src_issues)
    book_folder = Path(book) if book else book_dir()
    checks = [
        ("stated_issues", lambda: stated_issues(data), {"claims", "sample_counts"}),
        ("text_issues", lambda: [] if src_issues else text_issues(data, src), {"sources", "sections", "locators"}),
        ("id_issues", lambda: id_issues(data), {"sources", "locators", "citations", "sections", "speakers", "claims", "statements", "milestones", "institutions", "other_quotes"}),
        ("excerpt_issues", lambda: excerpt_issues(data), {"excerpts", "locators", "speakers", "projects"}),
        ("range_issues", lambda: range_issues(data), {"sample_counts", "claims", "locators", "milestones"}),
        ("code_issues", lambda: code_issues(data), {"codes"}),
        ("claim_issues", lambda: claim_issues(data, book_folder), {"claims"}),
        ("evidence_issues", lambda: evidence_issues(data), set(METHOD_TABLES)),
        ("assessment_issues", lambda: assessment_issues(data), set(METHOD_TABLES)),
        ("link_issues", lambda: link_issues(data), {"claims", "claim_links"}),
        ("ledger_issues", lambda: ledger_issues(data, None if src_issues else src), {"sources", "sections", "sentences", "claims", "locators"}),
        ("agreement_issues", lambda: agreement_issues(data), {"verdict_history", "second_coding", "second_passages", "adjudications"} | set(METHOD_TABLES)),
    ]
    if not book_folder.is_dir():
        report.extend([Issue("book-folder-missing", f"{book_folder} is not a folder: claims' checking cells were not looked for", str(book_folder))])
        checks = [c for c in checks if c[0] != "claim_issues"]
    for name, check, needs in checks:
        blocked = sorted(t for t in needs if t in unusable or t not in tables)
        if blocked:
            files = ", ".join(_path_of(descriptor, t) for t in blocked)  # an absent table: its name.csv
            report.extend([Issue("check-skipped", f"{name} not run: it needs {files}, which could not be used (see above)", _path_of(descriptor, blocked[0]), severity="note")])
            continue
        try:
            report.extend(check())
        except Exception as exc:  # a check must never lose the rest of the report
            report.extend([Issue("check-failed", f"{name} stopped on {type(exc).__name__}: {exc}; its findings are missing", "datapackage.json")])
    report.issues[:] = _fold(report.issues, descriptor, empty)
    return report


#: Tables read by :class:`compendium.assessment.Method`.
METHOD_TABLES = assessment.TABLES


def load_valid(folder: Path | str | None = None, sources: Path | str | None | bool = True, book: Path | str | None = None) -> Compendium:
    """Load the data package, raising :class:`~compendium.errors.DataInvalid` if it has any error.

    Validated once: the loaded tables are kept in the validation cache (:mod:`compendium.cache`)
    under a key that changes with any input of :func:`validate`, and later calls with the same
    inputs load them from there. Parameters as for :func:`validate`.
    """
    from compendium import cache

    kept = cache.get(_cache_key(folder, sources, book))
    if isinstance(kept, Compendium):
        return kept
    report = validate(folder, sources=sources, book=book)
    if not report.valid:
        raise DataInvalid(report)
    return remember(report, folder, sources, book)


def remember(report: ValidationReport, folder: Path | str | None = None, sources: Path | str | None | bool = True, book: Path | str | None = None) -> Compendium | None:
    """Keep the data of a valid ``report`` in the validation cache (the command line's ``validate`` fills it so).

    Returns the loaded data, or None (nothing kept) when the report has an error.
    Parameters as for :func:`validate`, which made ``report``.
    """
    from compendium import cache

    if not report.valid:
        return None
    data = load(folder)
    cache.put(_cache_key(folder, sources, book), data)
    return data


def _cache_key(folder, sources, book) -> str:
    from compendium import cache

    src, _ = _sources_folder(sources)
    return cache.validation_key(Path(folder) if folder else data_dir(), src, Path(book) if book else book_dir())


# --------------------------------------------------------------------------- reading, defensively


def descriptor_issues(folder: Path) -> tuple[dict | None, list[Issue]]:
    """Read ``datapackage.json``; return it with only its well-formed resources, and its problems.

    Returns None for the descriptor when nothing can be checked without it.
    """
    file = "datapackage.json"
    path = folder / file
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, [Issue("datapackage-missing", f"{folder} has no datapackage.json: is it a data package folder?", file)]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Issue("datapackage-unreadable", f"cannot be read: {getattr(exc, 'strerror', None) or exc}", file)]
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Issue("datapackage-json", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", file, exc.lineno)]
    if not isinstance(descriptor, dict):
        return None, [Issue("datapackage-shape", "must be a JSON object with a 'resources' list", file)]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return None, [Issue("datapackage-resources", "'resources' must be a non-empty list of tables", file, None, "resources")]
    issues, kept, names = [], [], set()
    for i, r in enumerate(resources):
        where = f"resources[{i}]"
        fields = r.get("schema", {}).get("fields") if isinstance(r, dict) and isinstance(r.get("schema"), dict) else None
        if not isinstance(r, dict) or not isinstance(r.get("name"), str) or not isinstance(r.get("path"), str):
            issues.append(Issue("resource-invalid", "a resource needs a 'name' and a 'path' (strings)", file, None, where))
            continue
        if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
            issues.append(Issue("resource-invalid", f"resource {r['name']!r} needs schema.fields: a non-empty list of fields with names", file, None, where))
            continue
        if r["name"] in names:
            issues.append(Issue("resource-invalid", f"resource name {r['name']!r} is used twice", file, None, where))
            continue
        try:
            table_path(folder, r)
        except TableError as exc:
            issues.append(Issue("resource-path", exc.reason, file, None, where))
            continue
        names.add(r["name"])
        keys = r["schema"].get("primaryKey")
        if not keys and r["name"] not in IMPLIED_KEYS:
            issues.append(Issue("primary-key-missing", f"resource {r['name']!r} declares no primaryKey: duplicate rows would pass unseen", file, None, where))
        kept.append(r)
    described = {Path(r["path"]).name for r in kept} | {Path(str(r.get("path"))).name for r in resources if isinstance(r, dict)}
    for name in NON_EMPTY + tuple(sorted(set(METHOD_TABLES) - set(NON_EMPTY))):
        if name not in names and not any(isinstance(r, dict) and r.get("name") == name for r in resources):
            there = f" ({name}.csv is in the folder, undescribed)" if (folder / f"{name}.csv").is_file() else ""
            issues.append(Issue("table-undeclared", f"datapackage.json has no resource {name!r}: the compendium's checks need it{there}", file, None, "resources"))
            described.add(f"{name}.csv")
    for extra in sorted(p.name for p in folder.glob("*.csv") if p.name not in described):
        issues.append(Issue("table-undescribed", f"{extra} is in the data folder but not in datapackage.json: its rows are never checked", extra))
    return {**descriptor, "resources": kept}, issues


def read_tables(folder: Path, descriptor: dict) -> tuple[dict[str, pd.DataFrame], set[str], list[Issue]]:
    """Read every table defensively.

    Returns the typed tables (an unreadable table is an empty frame with its columns), the
    names of the tables that could not be read, and the problems found: whole-file
    problems, header problems, records of the wrong length, and cell problems (control
    characters, non-ASCII digits, non-ASCII ids or numbers, overlong cells, values the
    loader cannot read).
    """
    tables, unreadable, issues, _ = _read_tables(folder, descriptor)
    return tables, unreadable, issues


def _read_tables(folder: Path, descriptor: dict) -> tuple[dict[str, pd.DataFrame], set[str], list[Issue], dict[str, tableschema.Cells]]:
    """:func:`read_tables`, and the text cells of each readable table (each file read once)."""
    tables, unreadable, issues, texts = {}, set(), [], {}
    for r in descriptor["resources"]:
        fields = r["schema"]["fields"]
        file = r["path"]
        names = [f["name"] for f in fields]
        problems: list[Issue] = []
        try:
            header, records = read_rows(folder, r)
        except TableError as exc:
            header, records = names, []
            problems.append(Issue("table-unreadable", exc.reason, exc.file, exc.row, exc.field))
        raw = b""
        if not problems:
            raw = (folder / file).read_bytes()
            lines = re.split(rb"\r\n|\r|\n", raw)
            problems.extend(_header_issues(file, header, names))
            for line, cells in records:
                text = lines[line - 1].decode(r.get("encoding", "utf-8"), "replace") if line <= len(lines) else ""
                if len(cells) != len(header) and text.count('"') % 2:
                    column = text[: text.index('"')].count(",")
                    problems.append(Issue("unbalanced-quote", f"line {line} has an odd number of quotes: a quote is not closed, so cells run together", file, line, header[column] if column < len(header) else None))
                    break  # after a stray quote every later line is misread: one problem, not many
                spans = [c for c in cells if "\n" in c or "\r" in c]
                if spans:
                    end = line + sum(c.count("\n") for c in cells)
                    column = cells.index(spans[0])
                    problems.append(Issue("unbalanced-quote", f"a quoted cell runs from line {line} to line {end}: a quote is not closed (or a cell holds a line break, which is not allowed)", file, line, header[column] if column < len(header) else None))
                    break  # after a stray quote every later line is misread: one problem, not many
                elif len(cells) != len(header):
                    problems.append(Issue("row-length", f"has {len(cells)} cells, the header has {len(header)}: a comma or a quote is out of place", file, line))
        if problems:
            unreadable.add(r["name"])
            issues.extend(problems)
            tables[r["name"]] = typed_frame(names, [], fields)
            continue
        text = text_frame(records, len(header))
        frame = typed_frame(header, records, fields, text)
        tables[r["name"]] = frame
        texts[r["name"]] = tableschema.Cells(text, len(lines) - (lines[-1] == b""))
        issues.extend(_line_end_issues(file, raw))
        issues.extend(_cell_issues(file, r, header, text, frame))
    return tables, unreadable, issues, texts


def _line_end_issues(file: str, data: bytes) -> list[Issue]:
    """One kind of line ending per file: a mix is the trace of an edit in another tool."""
    ends = re.findall(rb"\r\n|\r|\n", data)
    kinds = set(ends)
    if len(kinds) <= 1:
        return []
    first = ends[0]
    line = next(n for n, e in enumerate(ends, start=1) if e != first)
    names = {b"\r\n": "CRLF", b"\n": "LF", b"\r": "CR"}
    return [Issue("line-endings", f"lines end in {names[first]} up to line {line - 1}, then line {line} ends in {names[ends[line - 1]]}: use one kind throughout", file, line)]


def _header_issues(file: str, header: list[str], names: list[str]) -> list[Issue]:
    if not set(header) & set(names):
        return [Issue("header-missing", f"the first line has none of the schema's column names ({', '.join(names[:4])}, …): the header row is missing or wrong", file, 1)]
    missing = [n for n in names if n not in header]
    unexpected = [n for n in dict.fromkeys(header) if n not in names]
    if len(missing) == 1 and len(unexpected) == 1 and len(header) == len(names) and header.index(unexpected[0]) == names.index(missing[0]):
        return [Issue("column-renamed", f"the header has {unexpected[0]!r} where the schema has {missing[0]!r}", file, 1, missing[0])]
    issues = []
    for name in dict.fromkeys(header):
        if header.count(name) > 1:
            issues.append(Issue("header-duplicate", f"column {name!r} appears {header.count(name)} times in the header", file, 1, name))
    for name in names:
        if name not in header:
            issues.append(Issue("column-missing", f"the schema's column {name!r} is not in the header", file, 1, name))
    for name in dict.fromkeys(header):
        if name not in names:
            issues.append(Issue("column-unexpected", f"column {name!r} is not in the schema (datapackage.json)", file, 1, name or None))
    if not issues and header != names:
        issues.append(Issue("column-order", f"columns are in another order than the schema's ({', '.join(names)})", file, 1))
    return issues


def _cell_issues(file: str, resource: dict, header: list[str], text: pd.DataFrame, frame: pd.DataFrame) -> list[Issue]:
    """Cell problems that the Table Schema lets through and that the loader would turn into missing values.

    Column by column: each cell gets at most one problem, the first that applies of
    control character, non-ASCII digit, non-ASCII id or number, overlong, unreadable.
    """
    schema = resource["schema"]
    kinds = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    keyed = set(_as_list(schema.get("primaryKey"))) | {x for fk in schema.get("foreignKeys") or [] if isinstance(fk, dict) for x in _as_list(fk.get("fields"))}
    strict = {n for n, k in kinds.items() if k in ("integer", "number")} | keyed | {n for n in kinds if n.endswith("_id")}
    found = []
    for position, name in enumerate(header):
        cells = text[position]
        left = cells.ne("")  # cells not yet given a problem
        ascii_ = cells.str.isascii().astype(bool)
        checks = [
            ("control-character", cells.str.contains(_CONTROL, regex=True).astype(bool)),
            ("non-ascii-digit", ~ascii_ & cells.str.contains(r"(?![0-9])\d", regex=True).astype(bool)),
            ("non-ascii", ~ascii_ if name in strict else None),
            ("cell-too-long", cells.str.len() > MAX_CELL),
            ("value-unreadable", pd.Series(frame[name].isna().to_numpy(), index=cells.index) if kinds.get(name) in ("integer", "number", "boolean") else None),
        ]
        for code, hit in checks:
            if hit is None:
                continue
            hit = hit & left
            left &= ~hit
            for line, value in cells[hit].items():
                found.append((int(line), position, _cell_issue(code, value, kinds.get(name), file, int(line), name)))
    return [issue for _, _, issue in sorted(found, key=lambda t: t[:2])]


#: Unicode control characters (category Cc).
_CONTROL = "[\x00-\x1f\x7f-\x9f]"


def _cell_issue(code: str, value: str, kind: str | None, file: str, line: int, name: str) -> Issue:
    if code == "control-character":
        at = re.search(_CONTROL, value).start()
        bad = value[at]
        message = f"contains control character U+{ord(bad):04X} ({unicodedata.name(bad, 'control')}) at position {at}"
    elif code == "non-ascii-digit":
        message = f"value {value[:40]!r} has a digit outside ASCII 0-9 (e.g. full-width): type it as 0-9"
    elif code == "non-ascii":
        message = f"value {value[:40]!r} is an id or a number: ASCII characters only"
    elif code == "cell-too-long":
        message = f"has {len(value):,} characters; no cell is longer than {MAX_CELL:,}"
    else:
        message = f"value {value[:40]!r} cannot be read as {kind}: it would load as missing"
    return Issue(code, message, file, line, name)


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value or [])


def _path_of(descriptor: dict, name: str) -> str:
    return next((r["path"] for r in descriptor["resources"] if r["name"] == name), f"{name}.csv")


def _sources_folder(sources) -> tuple[Path | None, list[Issue]]:
    """The folder of source texts, and an error if one was named that does not exist."""
    if sources is True:
        named = os.environ.get(SOURCES_ENV)
        if named and not Path(named).is_dir():
            return None, [Issue("sources-folder-missing", f"{SOURCES_ENV} names {named}, which is not a folder: the verbatim checks were not run", named)]
        return sources_dir(), []
    if not sources:
        return None, []
    if not Path(sources).is_dir():
        return None, [Issue("sources-folder-missing", f"{sources} is not a folder: the verbatim checks were not run", str(sources))]
    return Path(sources), []


def _fold(issues: list[Issue], descriptor: dict, empty: set[str]) -> list[Issue]:
    """Mark follow-on problems with the root they follow from (Issue.cause).

    A cell already reported for a control character, a non-ASCII digit or id, or an
    overlong value is the root of any Table Schema error at that cell; a foreign key
    into a table that has no rows follows from that table being empty.
    """
    roots = {(i.file, i.row, i.field): i for i in issues if i.code in CELL_ROOTS}
    refs = {}
    for r in descriptor["resources"]:
        for fk in r["schema"].get("foreignKeys") or []:
            if not isinstance(fk, dict):
                continue
            target = (fk.get("reference") or {}).get("resource") or r["name"]
            refs[(r["path"], ", ".join(_as_list(fk.get("fields"))))] = target
    empty_roots = {_path_of(descriptor, t): i for i in issues if i.code == "table-empty" for t in empty if i.file == _path_of(descriptor, t)}
    out = []
    for i in issues:
        cause = None
        if i.cause is None and i.code not in CELL_ROOTS and (i.file, i.row, i.field) in roots:
            cause = roots[(i.file, i.row, i.field)]
        elif i.code == "foreign-key":
            target = _path_of(descriptor, refs.get((i.file, i.field), ""))
            cause = empty_roots.get(target)
        out.append(replace(i, cause=cause.place()) if cause is not None else i)
    return out


#: Codes of cell problems that other errors at the same cell follow from.
CELL_ROOTS = {"control-character", "non-ascii-digit", "non-ascii", "cell-too-long"}


# --------------------------------------------------------------------------- Table Schema


def schema_issues(descriptor: dict, cells: dict[str, tableschema.Cells]) -> list[Issue]:
    """Types, constraints, primary and foreign keys of the readable tables (:mod:`compendium.tableschema`).

    ``cells`` holds the text cells of each table that could be read; the others are
    left out, with the foreign keys pointing into them (their problem is already
    reported once). A descriptor the Table Schema cannot use is one problem, and no
    table is checked.
    """
    issues = tableschema.descriptor_issues(descriptor["resources"])
    if any(i.severity == "error" for i in issues):
        return issues
    return issues + tableschema.table_issues(descriptor["resources"], cells)


def text_issues(data: Compendium, folder: Path | None) -> list[Issue]:
    """Fingerprints, sections and locators checked against the full source texts."""
    if folder is None:
        return [
            Issue(
                "sources-unavailable",
                "source texts not available (set COMPENDIUM_SOURCES to their folder): "
                "fingerprints, sections and verbatim quotes were not checked",
                "sources.csv",
                severity="note",
            )
        ]
    issues: list[Issue] = []
    sources, sections, locs = data["sources"], data["sections"], data["locators"]
    for i, src in sources.iterrows():
        row = _line(i)
        if pd.isna(src["text_file"]) or pd.isna(src["source_id"]):
            continue  # a required-field error already
        name = str(src["text_file"])
        try:
            path = table_path(folder, {"name": src["source_id"], "path": name})
        except TableError:
            issues.append(Issue("source-path", f"text_file {name!r} leaves the sources folder: give a file name inside it", "sources.csv", row, "text_file"))
            continue
        if not path.is_file():
            others = sorted(p.name for p in folder.glob(f"{src['source_id']}[_.]*") if p.is_file())
            if path.exists() or others:
                found = "a folder" if path.exists() else f"only {', '.join(others)} for this document"
                issues.append(Issue("source-text-misnamed", f"text_file {name!r} is not a file in {folder} (it holds {found}): is the name misspelt?", "sources.csv", row, "text_file"))
            else:
                issues.append(Issue("source-text-missing", f"{path} not found: quotes of this document were not checked", "sources.csv", row, "text_file", "note"))
            continue
        try:
            raw = read_text(folder, name)
        except (OSError, UnicodeDecodeError) as exc:
            issues.append(Issue("source-text-unreadable", f"{path.name} cannot be read as UTF-8 text: {exc}", "sources.csv", row, "text_file"))
            continue
        norm = locators.normalise(raw)
        actual = fingerprint(raw)
        if actual != src["text_sha256"]:
            issues.append(Issue("source-fingerprint", f"the text in {path.name} has SHA-256 {actual}, expected {src['text_sha256']}: locators were made against another version", "sources.csv", row, "text_sha256"))
        own = sections[sections["source_id"] == src["source_id"]]
        spans, missing = section_spans(raw, own)
        for sid in missing:
            j = own.index[own["section_id"] == sid][0]
            issues.append(Issue("section-marker-missing", f"no line of {path.name} starts with {own.at[j, 'marker']!r} after the previous section", "sections.csv", _line(j), "marker"))
        for j, loc in locs[locs["source_id"] == src["source_id"]].iterrows():
            issues.extend(_locator_issues(j, loc, norm, spans))
    return issues


def _locator_issues(j, loc, norm: str, spans) -> list[Issue]:
    if pd.isna(loc["start"]) or pd.isna(loc["end"]) or pd.isna(loc["exact"]):
        return []
    sel = locators.Selector(
        str(loc["exact"]),
        "" if pd.isna(loc["prefix"]) else str(loc["prefix"]),
        "" if pd.isna(loc["suffix"]) else str(loc["suffix"]),
        int(loc["start"]),
        int(loc["end"]),
    )
    found = locators.resolve(norm, sel)
    row = _line(j)
    if found.status == "missing":
        return [Issue("quote-not-found", f"exact text {sel.exact[:60]!r} does not occur in the source text", "locators.csv", row, "exact")]
    if found.status == "ambiguous":
        return [Issue("quote-ambiguous", f"exact text occurs {found.candidates} times and prefix/suffix do not single one out", "locators.csv", row, "prefix")]
    issues = []
    if found.status == "drifted":
        issues.append(Issue("locator-drift", f"exact text is at {found.start}-{found.end}, not at {sel.start}-{sel.end}", "locators.csv", row, "start"))
    section = section_at(spans, found.start)
    if section is not None and section != loc["section_id"]:
        issues.append(Issue("locator-section", f"passage stands in section {section!r}, not {loc['section_id']!r}", "locators.csv", row, "section_id"))
    return issues


def id_issues(data: Compendium) -> list[Issue]:
    """Ids that must agree with the fields they are built from (excerpt ids: see excerpt_issues)."""
    issues = []
    kinds = dict(zip(data["sources"]["source_id"], data["sources"]["kind"]))

    def built(fmt):  # what each row's id is built from, given its source_id (and, for a speaker, its label)
        return lambda f: [fmt.format(s, l) for s, l in zip(_cells(f, "source_id"), _cells(f, "label") if "{1}" in fmt else _cells(f, "source_id"))]

    # (table, id column, what the id is built from, whether that is the whole id or its start)
    checks = [
        ("locators", "locator_id", built("L-{0}-"), False),
        ("citations", "citation_id", built("CIT-{0}-"), False),
        ("sections", "section_id", built("{0}-"), False),
        ("speakers", "speaker_id", built("{0}-{1}"), True),
        ("claims", "claim_id", lambda f: [f"{CLAIM_LETTER.get(kinds.get(s), '?')}-" for s in _cells(f, "source_id")], False),
        ("statements", "statement_id", built("S-{0}-"), False),
        ("milestones", "milestone_id", built("M-{0}-"), False),
        ("institutions", "institution_id", built("I-{0}-"), False),
        ("other_quotes", "quote_id", built("Q-{0}-"), False),
    ]
    for table, column, expected, exact in checks:
        frame = data[table]
        given = (frame[column].notna() & frame["source_id"].notna()).to_numpy(dtype=bool)
        if not given.any():
            continue
        values, wants = _cells(frame, column), expected(frame)
        how = "be" if exact else "start with"
        for k in np.flatnonzero(given):
            value, want = values[k], wants[k]
            if (value != want) if exact else not str(value).startswith(want):
                issues.append(Issue("id-mismatch", f"id {value!r} should {how} {want!r} (built from its fields)", f"{table}.csv", _line(frame.index[k]), column))
    return issues


def _cells(frame: pd.DataFrame, column: str) -> list:
    """A column's values as ``itertuples`` gives them (``pd.NA`` for a missing one)."""
    return list(frame[column])


def excerpt_issues(data: Compendium) -> list[Issue]:
    """Excerpts agree with their locators; speaker labels fit their project's scheme.

    The rows that pass are found column by column; only the others (at scale, a few) are
    looked at one by one, by :func:`_excerpt_row` with the values ``iterrows`` gives, so
    each message, and an error a malformed row raises, is as a row-by-row check gives it.
    """
    issues: list[Issue] = []
    locs = keyed(data["locators"], "locator_id")
    speakers = keyed(data["speakers"], "speaker_id")
    ex = data["excerpts"]
    lid, src, eid, text = ex["locator_id"], ex["source_id"], ex["excerpt_id"], ex["text"]
    found = lid.isin(locs.index).to_numpy(dtype=bool)
    exact = locs["exact"].reindex(lid.to_numpy()).to_numpy(dtype=object)
    loc_src = locs["source_id"].reindex(lid.to_numpy()).to_numpy(dtype=object)
    label = speakers["label"].reindex(ex["speaker_id"].to_numpy()).to_numpy(dtype=object)
    # Plain rows hold no missing value where the check reads one: iterrows gives them as plain str.
    plain = ex[["excerpt_id", "source_id", "locator_id", "speaker_id", "text"]].notna().all(axis=1).to_numpy(dtype=bool, copy=True)
    plain &= ~found | (pd.notna(exact) & pd.notna(loc_src))
    same = np.zeros(len(ex), dtype=bool)
    both = plain & found
    same[both] = (text.to_numpy(dtype=object)[both] == exact[both]) & (src.to_numpy(dtype=object)[both] == loc_src[both])
    # An id passes as X-<source>-<label>-NN when the source holds no character a pattern reads specially.
    want = "X-" + src.astype(object) + "-" + pd.Series(label, index=ex.index, dtype=object).astype(str) + "-"
    ids = eid.astype(object)
    id_ok = (src.str.fullmatch(r"[A-Za-z0-9_-]+") & (ids.str[:-2] == want) & ids.str[-2:].str.fullmatch("[0-9]{2}")).fillna(False).to_numpy(dtype=bool)
    clean = plain & (~found | same) & id_ok & pd.notna(label)
    if not clean.all():
        exact_of, source_of = dict(zip(locs.index, locs["exact"])), dict(zip(locs.index, locs["source_id"]))
        label_of = dict(zip(speakers.index, speakers["label"]))
        odd = ex.index[~clean & ~plain]
        rows = dict(ex.loc[odd].iterrows()) if len(odd) else {}
        columns = {c: ex[c].to_numpy(dtype=object) for c in ("excerpt_id", "source_id", "locator_id", "speaker_id", "text")}
        patterns: dict[tuple[str, str], re.Pattern] = {}
        for k in np.flatnonzero(~clean):
            i = ex.index[k]
            if i in rows:  # a missing value: the row as iterrows gives it, looked up as before
                r = rows[i]
                loc = locs.loc[r["locator_id"]] if r["locator_id"] in locs.index else None
                who = speakers.at[r["speaker_id"], "label"] if r["speaker_id"] in speakers.index else "NA"
                issues.extend(_excerpt_row(i, r, loc, who, patterns))
            else:
                r = {c: v[k] for c, v in columns.items()}
                loc = {"exact": exact_of[r["locator_id"]], "source_id": source_of[r["locator_id"]]} if found[k] else None
                issues.extend(_excerpt_row(i, r, loc, label_of.get(r["speaker_id"], "NA"), patterns))
    projects = data["projects"]
    patterns = dict(zip(projects["project_id"], projects["speaker_pattern"]))
    sp = data["speakers"]
    scheme = sp["project_id"].astype(object).map(patterns)
    plain = sp[["project_id", "kind", "label"]].notna().all(axis=1) & scheme.map(lambda p: isinstance(p, str))
    fits = pd.Series(False, index=sp.index)
    for p, group in sp[plain].groupby(scheme[plain]):
        try:
            compiled = re.compile(p)
        except re.error:
            continue  # left to the row-by-row check, which raises as before
        fits[group.index] = [compiled.fullmatch(str(v)) is not None for v in group["label"]]
    clean = plain & ((scheme == "") | (sp["kind"] != "individual") | fits)
    for i, r in sp[~clean.to_numpy(dtype=bool)].iterrows():
        pattern = patterns.get(r["project_id"])
        if pattern and r["kind"] == "individual" and not pd.isna(r["label"]) and not re.fullmatch(pattern, str(r["label"])):
            issues.append(Issue("speaker-label-pattern", f"label {r['label']!r} does not fit project {r['project_id']}'s scheme {pattern!r}", "speakers.csv", _line(i), "label"))
    return issues


def _excerpt_row(i, ex, loc, label, patterns: dict) -> list[Issue]:
    """The problems of one excerpt row (``loc``: its locator's row, None when it has none; ``label``: its speaker's)."""
    issues = []
    row = _line(i)
    if loc is not None:
        if locators.normalise(str(ex["text"])) != locators.normalise(str(loc["exact"])):
            issues.append(Issue("excerpt-misquoted", f"text differs from the quoted text at its locator {ex['locator_id']} ({str(loc['exact'])[:50]!r}…)", "excerpts.csv", row, "text"))
        if loc["source_id"] != ex["source_id"]:
            issues.append(Issue("excerpt-source", f"locator {ex['locator_id']} is in source {loc['source_id']}, not {ex['source_id']}", "excerpts.csv", row, "locator_id"))
    if not pd.isna(ex["excerpt_id"]):
        key = (f"{ex['source_id']}", str(label))
        if key not in patterns:  # a few sources and labels: each pattern compiled once
            patterns[key] = re.compile(rf"X-{key[0]}-{re.escape(key[1])}-\d{{2}}")
        if not patterns[key].fullmatch(str(ex["excerpt_id"])):
            issues.append(Issue("id-mismatch", f"id {ex['excerpt_id']!r} should be X-{ex['source_id']}-{label}-NN", "excerpts.csv", row, "excerpt_id"))
    return issues


def range_issues(data: Compendium) -> list[Issue]:
    """Low/high pairs in order; locator spans not empty."""
    issues = []
    for table, lo, hi in [("sample_counts", "low", "high"), ("claims", "stated_low", "stated_high"), ("locators", "start", "end"), ("milestones", "year", "year_end")]:
        frame = data[table]
        bad = frame[frame[lo].notna() & frame[hi].notna() & (frame[lo] > frame[hi])]
        for i in bad.index:
            issues.append(Issue("range-order", f"{lo} {frame.at[i, lo]} is greater than {hi} {frame.at[i, hi]}", f"{table}.csv", _line(i), hi))
    return issues


def code_issues(data: Compendium) -> list[Issue]:
    """The codebook is a tree: no code is its own ancestor.

    Each cycle is one problem, at the line of its first code; the other codes of the
    cycle and the codes below it are reported too (each is its own ancestor's
    descendant) but as follow-ons folded under that problem.
    """
    codes = data["codes"]
    parent = {c: p for c, p in zip(codes["code_id"], codes["parent_id"]) if isinstance(c, str)}
    row = {c: _line(i) for i, c in zip(codes.index, codes["code_id"]) if isinstance(c, str)}
    roots: dict[str, Issue] = {}  # code in a cycle -> the cycle's issue
    issues = []
    for code in parent:
        path, node = [], code
        while isinstance(node, str) and node in parent and node not in path and node not in roots:
            path.append(node)
            node = parent[node] if not pd.isna(parent[node]) else None
        if isinstance(node, str) and node in path:  # a new cycle: node ... back to node
            loop = path[path.index(node):]
            first = min(loop, key=lambda c: row[c])
            chain = loop[loop.index(first):] + loop[: loop.index(first)] + [first]
            root = Issue("code-cycle", f"codes {' -> '.join(chain)} form a cycle (each is its own ancestor): one parent_id must change", "codes.csv", row[first], "parent_id")
            for c in loop:
                roots[c] = root
    for code in parent:
        node, seen = code, set()
        while isinstance(node, str) and node in parent and node not in roots and node not in seen:
            seen.add(node)
            node = parent[node] if not pd.isna(parent[node]) else None
        root = roots.get(node) if isinstance(node, str) else None
        if root is None:
            continue
        if row[code] == root.row:
            issues.append(root)
        else:
            how = "is in" if code in roots else "descends from"
            issues.append(Issue("code-cycle", f"code {code!r} {how} the cycle reported at line {root.row}: it is its own ancestor", "codes.csv", row[code], "parent_id", cause=root.place()))
    return issues


def stated_issues(data: Compendium) -> list[Issue]:
    """Figures agree with themselves: a stated figure within its range; no negative count or bound."""
    issues = []
    for table, columns in [("claims", ("stated_low", "stated_high")), ("sample_counts", ("low", "high"))]:
        frame = data[table]
        fields = {f["name"]: f for r in data.descriptor["resources"] if r["name"] == table for f in r["schema"]["fields"]}
        for column in columns:
            if "minimum" in fields.get(column, {}).get("constraints", {}):
                continue  # the Table Schema checks it
            for i in frame.index[frame[column].notna() & (frame[column] < 0)]:
                issues.append(Issue("value-negative", f"{column} is {frame.at[i, column]}: a figure a document states is not negative", f"{table}.csv", _line(i), column))
    claims = data["claims"]
    for i, c in claims.iterrows():
        if pd.isna(c["stated"]) or pd.isna(c["stated_low"]):
            continue
        text = str(c["stated"]).strip()
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            value = float(text)
        elif text.lower() in NUMBER_WORDS:
            value = NUMBER_WORDS[text.lower()]
        else:
            continue  # words around the figure ("at least ten"): the notebook reads it
        low, high = float(c["stated_low"]), None if pd.isna(c["stated_high"]) else float(c["stated_high"])
        if high is not None and low > high:
            continue  # a range-order error already
        if value < low or (high is not None and value > high):
            bounds = f"{low:g} to {high:g}" if high is not None else f"at least {low:g}"
            issues.append(Issue("stated-outside-range", f"stated {text!r} ({value:g}) is outside stated_low..stated_high ({bounds})", "claims.csv", _line(i), "stated"))
    return issues


def claim_issues(data: Compendium, book: Path) -> list[Issue]:
    """Each claim has its checking cell; each claim cell has its claim; numeric claims have values."""
    issues = []
    claims = data["claims"]
    tags_by_nb: dict[str, list[str]] = {}
    for nb in sorted(book.glob("**/*.ipynb")):
        if "_build" not in nb.parts and ".ipynb_checkpoints" not in nb.parts:
            tags_by_nb[nb.relative_to(book).as_posix()] = claim_tags(nb)
    for i, c in claims.iterrows():
        row = _line(i)
        nb = c["notebook"]
        if pd.isna(nb) or pd.isna(c["claim_id"]):
            continue
        if nb not in tags_by_nb:
            issues.append(Issue("claim-notebook-missing", f"notebook book/{nb} does not exist", "claims.csv", row, "notebook"))
        elif c["claim_id"] not in tags_by_nb[nb]:
            issues.append(Issue("claim-cell-missing", f"book/{nb} has no code cell tagged 'claim:{c['claim_id']}'", "claims.csv", row, "notebook"))
        if c["kind"] == "numeric" and (pd.isna(c["stated_low"]) or pd.isna(c["stated"])):
            issues.append(Issue("claim-numeric-incomplete", "a numeric claim needs 'stated' and 'stated_low' (and 'stated_high' for a range)", "claims.csv", row, "stated_low"))
    known = set(claims["claim_id"].dropna())
    for nb, tags in tags_by_nb.items():
        for tag in tags:
            if tag not in known:
                issues.append(Issue("claim-tag-unregistered", f"a cell tagged 'claim:{tag}' checks a claim that is not in the registry", f"../book/{nb}", None, "tags"))
        for tag in {t for t in tags if tags.count(t) > 1}:
            issues.append(Issue("claim-tag-duplicate", f"more than one cell is tagged 'claim:{tag}'", f"../book/{nb}", None, "tags"))
    return issues


def evidence_issues(data: Compendium) -> list[Issue]:
    """Each evidence link names one target; each claim has the verdict, confidence and reason code the method gives."""
    issues = []
    ev = data["claim_evidence"]
    given = ev[list(TARGETS)].notna().sum(axis=1)
    for i, n in given[given != 1].items():
        issues.append(Issue("evidence-target", f"give exactly one of {', '.join(TARGETS)} (found {n})", "claim_evidence.csv", _line(i), "excerpt_id"))
    dup = ev[ev.duplicated(subset=["claim_id", *TARGETS, "relation"], keep="first")]
    for i in dup.index:
        issues.append(Issue("evidence-duplicate", f"claim {ev.at[i, 'claim_id']} is linked to the same evidence twice with the same relation", "claim_evidence.csv", _line(i), "claim_id"))
    if issues:
        return issues  # the method cannot be applied to links it cannot read
    method = assessment.method(data)
    claims = data["claims"]
    for i, c in claims.iterrows():
        row, cid = _line(i), c["claim_id"]
        if pd.isna(cid) or pd.isna(c["status"]):
            continue
        basis = None if pd.isna(c["basis"]) else str(c["basis"])
        if c["status"] in verdicts.NO_EVIDENCE and basis is None:
            issues.append(Issue("claim-basis-missing", f"{cid} is {c['status']!r}, a verdict reached without evidence: give a reason code (one of {', '.join(verdicts.BASES)})", "claims.csv", row, "basis"))
        if c["status"] not in verdicts.NO_EVIDENCE and basis is not None:
            issues.append(Issue("claim-basis-unexpected", f"{cid} is {c['status']!r}, a verdict reached with evidence, yet gives reason code {basis!r}", "claims.csv", row, "basis"))
        if c["method"] != "evidence":
            if not pd.isna(c["confidence"]):
                issues.append(Issue("claim-confidence-unexpected", f"{cid}'s verdict is computed from a figure; confidence belongs to verdicts reached by the method", "claims.csv", row, "confidence"))
            continue
        try:
            res = _result(data, cid)
        except (KeyError, ValueError):
            continue  # a foreign-key or enum error already
        if res.verdict != c["status"]:
            issues.append(Issue("claim-status-evidence", f"the method gives {cid} {res.verdict!r} ({res.voices_text()}), the registry says {c['status']!r}", "claims.csv", row, "status"))
        conf = None if pd.isna(c["confidence"]) else str(c["confidence"])
        if res.confidence != conf:
            issues.append(Issue("claim-confidence", f"the method gives {cid} confidence {res.confidence!r}, the registry says {conf!r}", "claims.csv", row, "confidence"))
        if res.basis is not None and basis is not None and res.basis != basis:
            issues.append(Issue("claim-basis-derived", f"the citation and work rows give {cid} reason code {res.basis!r}, the registry says {basis!r}", "claims.csv", row, "basis"))
        if c["kind"] == "citation":
            for j, link in method.links.get(cid, ev.iloc[0:0]).iterrows():
                work = method.work_of_link(link)
                if link["relation"] == "supports" and work in method.works.index and method.works.at[work, "resolved"] != "resolved":
                    issues.append(Issue("citation-record", f"{cid}: the work {work} could not be identified (works.csv), so its record cannot support a claim about the citation", "claim_evidence.csv", _line(j), "relation"))
        if res.voices and cid not in method.assessments.index:
            issues.append(Issue("assessment-missing", f"{cid} has evidence but no row in assessments.csv (scope and the four components)", "claims.csv", row, "claim_id"))
    return issues


def assessment_issues(data: Compendium) -> list[Issue]:
    """Recorded judgements are at least as concerned as the voices require; frequency words mean a pattern."""
    issues = []
    method = assessment.method(data)
    table = data["assessments"]
    for i, a in table.iterrows():
        cid, row = a["claim_id"], _line(i)
        if pd.isna(cid) or cid not in method.claims.index or pd.isna(a["scope"]):
            continue
        words = verdicts.frequency_words(str(method.claims.at[cid, "claim"]))
        if words and a["scope"] == "instance":
            issues.append(Issue("scope-frequency", f"{cid}'s wording says {', '.join(repr(w) for w in words)}: by the frequency-word policy its scope is at least 'pattern'", "assessments.csv", row, "scope"))
        try:
            res = _result(data, cid)
        except (KeyError, ValueError):
            continue
        for comp in ("adequacy", "coherence"):
            floor = res.assessment.floors[comp]
            if not pd.isna(a[comp]) and verdicts.LEVELS.index(str(a[comp])) < verdicts.LEVELS.index(floor):
                issues.append(Issue("assessment-below-floor", f"{cid}: {comp} is recorded as {a[comp]!r}, but its voices ({res.voices_text()}) allow no less than {floor!r}", "assessments.csv", row, comp))
    return issues


def _result(data: Compendium, claim_id: str):
    """:meth:`Method.result <compendium.assessment.Method.result>` of a claim, computed once per run of the checks.

    evidence_issues and assessment_issues both need every claim's result; a claim the
    method cannot assess (KeyError, ValueError) raises each time it is asked for.
    """
    kept = data.derived("validate:results", METHOD_TABLES, dict)
    if claim_id not in kept:
        try:
            kept[claim_id] = assessment.method(data).result(claim_id)
        except (KeyError, ValueError) as exc:
            kept[claim_id] = exc
    if isinstance(kept[claim_id], Exception):
        raise kept[claim_id]
    return kept[claim_id]


def link_issues(data: Compendium) -> list[Issue]:
    """Related claims agree: a composite is no stronger than its weakest part; restatements agree unless a reason says why not."""
    issues = []
    claims = keyed(data["claims"], "claim_id")
    status = claims["status"].to_dict()
    links = data["claim_links"]

    def rank(cid):
        return verdicts.ORDER.index(status[cid]) if status.get(cid) in verdicts.ORDER else None

    parts: dict[str, list[str]] = {}
    for i, r in links.iterrows():
        if r["claim_id"] not in status or r["other_id"] not in status:
            continue  # a foreign-key error already
        if r["relation"] == "part-of":
            parts.setdefault(r["other_id"], []).append(r["claim_id"])
        elif status[r["claim_id"]] != status[r["other_id"]] and not str(r["reason"]).lower().startswith("differ:"):
            issues.append(Issue("claim-link-disagree", f"{r['claim_id']} ({status[r['claim_id']]}) {r['relation']} {r['other_id']} ({status[r['other_id']]}): give a reason beginning 'differ:' or align the verdicts", "claim_links.csv", _line(i), "reason"))
    for composite, members in parts.items():
        ranks = [rank(m) for m in members if rank(m) is not None]
        if rank(composite) is not None and ranks and rank(composite) > min(ranks):
            weakest = min(members, key=lambda m: rank(m) if rank(m) is not None else 99)
            j = data["claims"].index[data["claims"]["claim_id"] == composite][0]
            issues.append(Issue("claim-composite-stronger", f"{composite} is {status[composite]!r}, stronger than its part {weakest} ({status[weakest]!r})", "claims.csv", _line(j), "status"))
    declared = {frozenset((r["claim_id"], r["other_id"])) for _, r in links.iterrows() if r["relation"] != "part-of"}
    for locator, group in data["claims"].dropna(subset=["locator_id"]).groupby("locator_id"):
        ids = list(group["claim_id"])
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = ids[x], ids[y]
                if status.get(a) != status.get(b) and frozenset((a, b)) not in declared:
                    j = group.index[y]
                    issues.append(Issue("claim-same-sentence", f"{a} and {b} restate the same passage ({locator}) with different verdicts ({status.get(a)!r}, {status.get(b)!r}); record them in claim_links.csv with a reason", "claims.csv", _line(j), "status"))
    return issues


def _line(index) -> int:
    """CSV line number of a DataFrame row (the header is line 1)."""
    return int(index) + 2


def ledger_issues(data: Compendium, folder: Path | None) -> list[Issue]:
    """The sentence ledger covers each document exactly once, and accounts for every sentence and every claim.

    With the source texts (``folder``), the sentences must tile each text (every
    character in exactly one sentence), their hashes match and their sections agree;
    without, only the bookkeeping is checked.
    """
    issues: list[Issue] = []
    file = "sentences.csv"
    sent = data["sentences"]
    claims = keyed(data["claims"], "claim_id")
    holders: dict[str, list[int]] = {}
    listed: set[str] = set()
    for i, r in sent.iterrows():
        row = _line(i)
        ids = ledger.split_ids(r["claim_ids"])
        reason = r["reason"]
        if ids and not pd.isna(reason):
            issues.append(Issue("ledger-reason-and-claims", f"sentence {r['source_id']}/{r['sentence']} holds {', '.join(ids)} and also gives the reason {reason!r}: give one or the other", file, row, "reason"))
        if not ids and pd.isna(reason):
            issues.append(Issue("ledger-unaccounted", f"sentence {r['source_id']}/{r['sentence']} holds no claim and gives no reason: add the claim it makes, or a reason from {sorted(ledger.REASONS)}", file, row, "claim_ids"))
        listed.update(ids)
        for cid in ids:
            if cid not in claims.index:
                issues.append(Issue("ledger-claim-unknown", f"claim {cid!r} is not in claims.csv", file, row, "claim_ids"))
            elif claims.at[cid, "source_id"] != r["source_id"]:
                issues.append(Issue("ledger-claim-source", f"{cid} is a claim of document {claims.at[cid, 'source_id']}, not of {r['source_id']}", file, row, "claim_ids"))
            else:
                holders.setdefault(cid, []).append(i)
    locs = keyed(data["locators"], "locator_id")
    for j, c in data["claims"].iterrows():
        cid = c["claim_id"]
        if pd.isna(cid):
            continue
        if cid not in listed:
            issues.append(Issue("ledger-claim-unheld", f"{cid} is held by no sentence of the ledger: list it in the claim_ids of the sentence that makes it", "claims.csv", _line(j), "claim_id"))
            continue
        loc = c["locator_id"]
        if cid in holders and not pd.isna(loc) and loc in locs.index and not pd.isna(locs.at[loc, "start"]):
            start = int(locs.at[loc, "start"])
            own = sent[(sent["source_id"] == c["source_id"]) & (sent["start"] <= start) & (sent["end"] > start)]
            if len(own) and not any(cid in ledger.split_ids(v) for v in own["claim_ids"]):
                k = own.index[0]
                issues.append(Issue("ledger-claim-locator", f"{cid}'s passage ({loc}) stands in sentence {c['source_id']}/{own.at[k, 'sentence']}, which does not list it", file, _line(k), "claim_ids"))
    for sid in data["sources"]["source_id"].dropna():
        own = sent[sent["source_id"] == sid]
        if own.empty:
            issues.append(Issue("ledger-document-missing", f"document {sid} has no sentence in the ledger", file, None, "source_id"))
            continue
        numbers = list(own["sentence"])
        if numbers != list(range(1, len(numbers) + 1)):
            k = next((own.index[n] for n in range(len(numbers)) if numbers[n] != n + 1), own.index[-1])
            issues.append(Issue("ledger-numbering", f"document {sid}'s sentences must be numbered 1, 2, 3 ... in order of position", file, _line(k), "sentence"))
    if folder is not None:
        issues.extend(_ledger_text_issues(data, folder))
    return issues


def _ledger_text_issues(data: Compendium, folder: Path) -> list[Issue]:
    issues: list[Issue] = []
    sent = data["sentences"]
    for _, src in data["sources"].iterrows():
        try:
            path = table_path(folder, {"name": src["source_id"], "path": str(src["text_file"])})
            raw = read_text(folder, path.name)
        except (TableError, OSError, UnicodeDecodeError):
            continue  # reported by text_issues
        norm = locators.normalise(raw)
        spans, _ = section_spans(raw, data["sections"][data["sections"]["source_id"] == src["source_id"]])
        own = sent[sent["source_id"] == src["source_id"]].sort_values("start")
        index = list(own.index)
        for gap in ledger.tiling_gaps(norm, list(zip(own["start"].astype(int), own["end"].astype(int)))):
            k = index[gap.index] if gap.index is not None else index[-1]
            issues.append(Issue("ledger-coverage", f"document {src['source_id']}: {gap.message}", "sentences.csv", _line(k), "start"))
        for k, r in own.iterrows():
            start, end = int(r["start"]), int(r["end"])
            if not 0 <= start < end <= len(norm):
                continue
            actual = ledger.sentence_hash(norm[start:end])
            if actual != r["sha"]:
                issues.append(Issue("ledger-hash", f"the text at {start}-{end} hashes to {actual}, not {r['sha']}: the offsets or the text moved", "sentences.csv", _line(k), "sha"))
            section = section_at(spans, start)
            if section is not None and section != r["section_id"]:
                issues.append(Issue("ledger-section", f"sentence {r['source_id']}/{r['sentence']} starts in section {section!r}, not {r['section_id']!r}", "sentences.csv", _line(k), "section_id"))
        ps = data["second_passages"]
        for k, r in ps[ps["source_id"] == src["source_id"]].iterrows():
            if int(r["end"]) > len(norm) or int(r["start"]) >= int(r["end"]):
                issues.append(Issue("second-passage-range", f"passage {r['start']}-{r['end']} is not a span of document {r['source_id']}", "second_passages.csv", _line(k), "end"))
    return issues


def agreement_issues(data: Compendium) -> list[Issue]:
    """Every claim in the second coder's scope is double-coded; every disagreement is adjudicated, and the registry follows the adjudication."""
    issues: list[Issue] = []
    claims = keyed(data["claims"], "claim_id")
    second = keyed(data["second_coding"], "claim_id")
    history = data["verdict_history"]
    for i, h in history.iterrows():
        new = h["change"] == agreement.NEW_CLAIM
        if new != pd.isna(h["previous_status"]):
            what = "a claim the ledger added has no earlier verdict: leave previous_status empty" if new else "previous_status is required (empty only with change 'new claim')"
            issues.append(Issue("history-new", f"{h['claim_id']}: {what}", "verdict_history.csv", _line(i), "previous_status"))
    for i, s in data["second_coding"].iterrows():
        if pd.isna(s["verdict"]):
            continue
        if (s["verdict"] in verdicts.NO_EVIDENCE) == pd.isna(s["basis"]):
            issues.append(Issue("second-basis", f"{s['claim_id']}: a reason code goes with 'cannot be checked' or 'not found' and only with them", "second_coding.csv", _line(i), "basis"))
    for cid in agreement.scope(data):
        if cid not in second.index:
            j = data["claims"].index[data["claims"]["claim_id"] == cid][0]
            issues.append(Issue("second-coding-missing", f"{cid} ({claims.at[cid, 'kind']}) has no blind second coding in second_coding.csv", "claims.csv", _line(j), "claim_id"))
    adj = data["adjudications"]
    decided = {(r["claim_id"], r["field"]): i for i, r in adj.iterrows()}
    now_rel, sec_rel = agreement.first_relations(data), agreement.second_relations(data)
    judged = agreement.compared(data)
    for cid in agreement.scope(data):
        if cid not in second.index:
            continue
        values = {"verdict": (str(claims.at[cid, "status"]), str(second.at[cid, "verdict"]))}
        for rel in verdicts.RELATIONS if cid in judged else ():
            values[f"relation:{rel}"] = tuple(agreement.PRESENT if rel in r.get(cid, set()) else agreement.ABSENT for r in (now_rel, sec_rel))
        for field, (now, theirs) in values.items():
            if (cid, field) in decided:
                i = decided[(cid, field)]
                a = adj.loc[i]
                if a["second"] != theirs:
                    issues.append(Issue("adjudication-second", f"{cid} {field}: the second coder's value is {theirs!r}, not {a['second']!r}", "adjudications.csv", _line(i), "second"))
                if a["final"] != now:
                    issues.append(Issue("adjudication-stale", f"{cid} {field}: decided {a['final']!r}, but the registry now has {now!r}", "adjudications.csv", _line(i), "final"))
                if a["first"] == a["second"] == a["final"]:
                    issues.append(Issue("adjudication-unneeded", f"{cid} {field}: both coders gave {a['first']!r} and it stands; there was nothing to adjudicate", "adjudications.csv", _line(i), "first"))
                expected = {"first": a["first"], "second": a["second"]}.get(a["decision"])
                if (expected is not None and a["final"] != expected) or (a["decision"] == "neither" and a["final"] in (a["first"], a["second"])):
                    issues.append(Issue("adjudication-decision", f"{cid} {field}: decision {a['decision']!r} does not match the value decided ({a['final']!r})", "adjudications.csv", _line(i), "decision"))
            elif now != theirs:
                j = data["second_coding"].index[data["second_coding"]["claim_id"] == cid][0]
                issues.append(Issue("adjudication-missing", f"{cid} {field}: the registry has {now!r}, the second coder {theirs!r}, and no adjudication says why", "second_coding.csv", _line(j), "verdict" if field == "verdict" else "claim_id"))
    for (cid, field), i in decided.items():
        if cid not in second.index:
            issues.append(Issue("adjudication-uncoded", f"{cid} has an adjudication but no second coding", "adjudications.csv", _line(i), "claim_id"))
    return issues
