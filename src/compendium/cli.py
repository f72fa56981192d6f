"""Command line: ``python -m compendium`` (or ``compendium``) ``validate``, ``locate``, ``execute``, ``import``, ``export``, ``init``, ``stats`` and ``claims``.

Every failure ends in one line naming what failed, never a traceback.

Exit statuses
    0
        Success (``validate``: the data are valid; ``claims``: also when no claim matches).
    1
        Invalid data or a failed run: a validation error, an unreadable file or data package,
        a notebook that fails, a project ``init`` cannot turn into a valid data package.
    2
        A usage error: a bad or missing argument, a file or folder named on the command line
        that does not exist, a non-empty folder given to ``init``, an unknown ``--document``.
    130
        Interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

#: Exit statuses.
OK, INVALID, USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad command-line argument: exit status 2."""


def _occurrence(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative: occurrences count from 0")
    return value


def parser() -> argparse.ArgumentParser:
    """The argument parser (argparse exits with status 2 and a usage line on a bad argument)."""
    parser = argparse.ArgumentParser(prog="python -m compendium", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate the data package; exit 1 on any error")
    v.add_argument("--data", type=Path, default=None, help="data package folder (default: data/)")
    v.add_argument("--sources", type=Path, default=None, help="folder of source texts (default: $COMPENDIUM_SOURCES or ../shared/seeds)")
    v.add_argument("--book", type=Path, default=None, help="folder of chapter notebooks (default: book/)")
    loc = sub.add_parser("locate", help="print a locator row for a passage (for curators; writes nothing)")
    loc.add_argument("source_id")
    loc.add_argument("passage")
    loc.add_argument("--occurrence", type=_occurrence, default=0, help="which occurrence, counting from 0")
    loc.add_argument("--data", type=Path, default=None)
    ex = sub.add_parser("execute", help="re-execute chapter notebooks in place (refreshes committed outputs)")
    ex.add_argument("notebooks", nargs="+", type=Path)
    im = sub.add_parser("import", help="read a REFI-QDA file (.qdpx or .qdc) and report what it holds; --out writes it as CSV tables",
                        description="Read a REFI-QDA project (.qdpx) or codebook (.qdc) and print what was imported, adapted and not "
                                    "supported. Nothing is written unless --out names a folder (new or empty).")
    im.add_argument("file", type=Path, help="the .qdpx or .qdc file")
    im.add_argument("--out", type=Path, default=None, help="write the project as CSV tables (and its texts) into this new or empty folder")
    im.add_argument("--unflatten", choices=["::", "."], default=None, help="split flat code names on this separator into a tree")
    im.add_argument("--schemas", type=Path, default=None, help="folder with Project.xsd and Codebook.xsd: also report every schema deviation")
    exp = sub.add_parser("export", help="export the coded corpus as REFI-QDA (.qdpx), its codebook (.qdc) or W3C Web Annotations",
                         description="Export the data package. qdpx: the coded corpus; a source carries its full text only when named "
                                     "with --full-text (its text must be available), any other only its excerpts. qdc: the codebook. "
                                     "annotations: excerpts and claim evidence as W3C Web Annotations (JSON-LD).")
    exp.add_argument("--format", required=True, choices=["qdpx", "qdc", "annotations"])
    exp.add_argument("--out", required=True, type=Path, help="the file to write (replaced atomically if it exists)")
    exp.add_argument("--data", type=Path, default=None, help="data package folder (default: data/)")
    exp.add_argument("--sources", type=Path, default=None, help="folder of source texts (default: $COMPENDIUM_SOURCES or ../shared/seeds)")
    exp.add_argument("--full-text", action="append", default=[], metavar="SOURCE_ID",
                     help="a source whose full text may be redistributed (repeatable; default: none)")
    ini = sub.add_parser("init", help="create a new compendium from a REFI-QDA project (.qdpx) in a new or empty folder",
                         description="Create a working compendium from a REFI-QDA project: the project as a data package "
                                     "(CSV tables with Table Schemas), a book with a starter chapter and a claims page, "
                                     "README, Makefile (book, test) and pinned requirements. The folder must be new or empty; "
                                     "everything is written at once at the end, or not at all.")
    ini.add_argument("folder", type=Path, help="the new compendium's folder (new or empty)")
    ini.add_argument("--from", dest="source", type=Path, required=True, metavar="PROJECT.qdpx", help="the REFI-QDA project to import")
    ini.add_argument("--no-execute", action="store_true", help="do not execute the chapters (then run `make notebooks` there)")
    st = sub.add_parser("stats", help="count what the data package holds: tables and rows, claims by verdict and document",
                        description="Print the rows of every table of the data package, and the claims by verdict and by document. "
                                    "Works on this compendium's data/ and on the data/ of one made by `compendium init`. Writes nothing.")
    st.add_argument("--data", type=Path, default=None, help="data package folder (default: data/)")
    from compendium.verdicts import CLAIM_KINDS, VERDICTS  # pure and light: --help stays quick

    cl = sub.add_parser("claims", help="list the claims, filtered by verdict, document or kind",
                        description="List the claims of the data package (id, document, kind, verdict, claim). Filters combine. "
                                    "Writes nothing; exit 0 even when no claim matches.")
    cl.add_argument("--data", type=Path, default=None, help="data package folder (default: data/)")
    cl.add_argument("--status", choices=VERDICTS, default=None, help="only claims with this verdict")
    cl.add_argument("--document", default=None, help="only claims of this document (its id or short name, any case)")
    cl.add_argument("--kind", choices=CLAIM_KINDS, default=None, help="only claims of this kind")
    cl.add_argument("--format", choices=["table", "csv"], default="table", help="a table to read (default) or CSV with every column")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    commands = {"validate": _validate, "execute": _execute, "import": _import, "export": _export,
                "init": _init, "stats": _stats, "claims": _claims, "locate": _locate}
    try:
        return commands[args.command](args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the boundary: one line, never a traceback
        print(f"error: {args.command} failed: {type(exc).__name__}: {_first_line(exc)}", file=sys.stderr)
        return INVALID


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "(no message)"


def _folder(option: str, value: Path | None) -> None:
    if value is not None and not value.is_dir():
        what = "is a file, not a folder" if value.exists() else "does not exist"
        raise UsageError(f"{option} {value}: {what}")


def _input_file(label: str, path: Path, give: str) -> None:
    """A file named on the command line must exist and be a file (else a usage error)."""
    if not path.exists():
        raise UsageError(f"{label}: no such file")
    if not path.is_file():
        raise UsageError(f"{label}: not a file ({give})")


def _new_folder(label: str, path: Path) -> None:
    """A folder to write into must be new or empty: nothing is overwritten (else a usage error)."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        what = "is a file" if not path.is_dir() else "is not empty"
        raise UsageError(f"{label}: {what}; give a new or empty folder (nothing is overwritten)")


def _validate(args) -> int:
    from compendium.validate import remember, validate

    _folder("--data", args.data)
    _folder("--sources", args.sources)
    _folder("--book", args.book)
    report = validate(args.data, sources=args.sources or True, book=args.book)
    remember(report, args.data, sources=args.sources or True, book=args.book)  # chapters then load it without validating again
    for issue, followers in report.folded():
        print(issue)
        if followers:
            print(f"    + {len(followers)} follow-on error(s) from this: {_places(followers)}")
    print(report.summary())
    return OK if report.valid else INVALID


def _places(issues) -> str:
    """Follow-on issues in a few words: file, field and code, with their rows as ranges."""
    groups: dict[tuple, list[int]] = {}
    for i in issues:
        groups.setdefault((i.file, i.field, i.code), []).append(i.row)
    parts = []
    for (file, field, code), rows in groups.items():
        lines = sorted(r for r in rows if r is not None)
        spans, start = [], None
        for k, r in enumerate(lines):
            start = r if start is None else start
            if k + 1 == len(lines) or lines[k + 1] != r + 1:
                spans.append(f"{start}" if start == r else f"{start}-{r}")
                start = None
        where = file + (f" rows {', '.join(spans)}" if spans else "") + (f" field {field!r}" if field else "")
        parts.append(f"{where} [{code}]")
    return "; ".join(parts[:6]) + ("; …" if len(parts) > 6 else "")


def _locate(args) -> int:
    from compendium import locators
    from compendium.package import TableError, read_table, table_path
    from compendium.paths import data_dir, sources_dir
    from compendium.validate import descriptor_issues

    _folder("--data", args.data)
    folder = sources_dir()
    if folder is None:
        print("source texts not available: set COMPENDIUM_SOURCES", file=sys.stderr)
        return USAGE
    data = args.data or data_dir()
    descriptor, issues = descriptor_issues(data)
    resource = next((r for r in (descriptor or {}).get("resources", []) if r["name"] == "sources"), None)
    if resource is None:
        problem = next((str(i) for i in issues if i.severity == "error"), "no 'sources' resource")
        print(f"error: cannot read the sources table of {data}: {problem}", file=sys.stderr)
        return INVALID
    try:
        sources = read_table(data, resource).drop_duplicates("source_id").set_index("source_id")
    except TableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
    if args.source_id not in sources.index:
        known = ", ".join(str(s) for s in sources.index)
        raise UsageError(f"unknown source id {args.source_id!r} (sources.csv has: {known})")
    name = sources.at[args.source_id, "text_file"]
    try:
        path = table_path(folder, {"name": args.source_id, "path": str(name)})
        text = path.read_text(encoding="utf-8")
    except TableError:
        print(f"error: sources.csv: text_file {name!r} of {args.source_id} leaves the sources folder", file=sys.stderr)
        return INVALID
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {folder / str(name)}: cannot read the text of {args.source_id}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return INVALID
    try:
        sel = locators.select(text, args.passage, args.occurrence)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return INVALID
    csv.writer(sys.stdout).writerow([sel.exact, sel.prefix, sel.suffix, sel.start, sel.end])
    return OK


def _execute(args) -> int:
    import json

    from nbformat.reader import NotJSONError

    from compendium.notebooks import execute

    for nb in args.notebooks:
        if not nb.exists():
            raise UsageError(f"{nb}: no such file")
        if not nb.is_file() or nb.suffix != ".ipynb":
            raise UsageError(f"{nb}: not a notebook (give .ipynb files)")
    for nb in args.notebooks:
        print(f"executing {nb}")
        try:
            execute(nb)
        except (json.JSONDecodeError, UnicodeDecodeError, NotJSONError) as exc:
            print(f"error: {nb}: not a readable notebook (invalid JSON): {_first_line(exc)}; the file is unchanged", file=sys.stderr)
            return INVALID
        except Exception as exc:
            ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
            why = f"a cell raised {ename}: {_first_line(Exception(evalue))}" if ename else f"{type(exc).__name__}: {_first_line(exc)}"
            print(f"error: {nb}: {why}; the file is unchanged", file=sys.stderr)
            return INVALID
    return OK


def _import(args) -> int:
    from compendium.refi import RefiError, read

    _input_file(str(args.file), args.file, "give a .qdpx or .qdc file")
    _folder("--schemas", args.schemas)
    if args.out is not None:
        _new_folder(f"--out {args.out}", args.out)
        if not args.out.parent.is_dir():
            raise UsageError(f"--out {args.out}: its parent folder does not exist")
    try:
        with _working(f"reading {args.file}"):
            project, report = read(args.file, unflatten=args.unflatten, schemas=args.schemas)
    except RefiError as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        return INVALID
    for line in report.lines():
        print(line)
    if args.out is not None:
        with _working(f"writing {args.out}"):
            _write_tables(project, report, args.out)
        print(f"written: {args.out}")
    return OK


def _working(message: str):
    """A spinner on the terminal while something runs (nothing when stderr is not a terminal, e.g. in tests or pipes)."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


def _write_tables(project, report, out: Path) -> None:
    """Write the imported project into ``out`` all at once: built in a temporary folder beside it, then renamed."""
    import os
    import shutil
    import tempfile

    from compendium.refi.corpus import tables

    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        for name, frame in tables(project).items():
            frame.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
        texts = staging / "texts"
        texts.mkdir()
        for source in project.sources:
            if source.text is not None:
                # newline="" keeps CRLF as it is: positions count it as two characters
                with open(texts / f"{source.guid}.txt", "w", encoding="utf-8", newline="") as handle:
                    handle.write(source.text)
        (staging / "import-report.txt").write_text("\n".join(report.lines()) + "\n", encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())
        if out.exists():
            out.rmdir()  # empty (checked before reading); rename cannot replace a folder on every system
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _export(args) -> int:
    from compendium.paths import data_dir, sources_dir
    from compendium.refi import RefiError

    _folder("--data", args.data)
    _folder("--sources", args.sources)
    out = args.out
    if out.is_dir():
        raise UsageError(f"--out {out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: its folder {out.parent} does not exist")
    data_folder = (args.data or data_dir()).resolve()
    if out.resolve().is_relative_to(data_folder):
        raise UsageError(f"--out {out}: inside the data package {data_folder}; code never writes there")
    from compendium.package import TableError, load

    try:
        with _working("loading the data package"):
            data = load(args.data)
    except (TableError, OSError, ValueError, KeyError) as exc:
        print(f"error: cannot load the data package: {_first_line(exc)}; nothing written", file=sys.stderr)
        return INVALID
    texts = args.sources or sources_dir()
    known = set(data["sources"]["source_id"].dropna())
    for sid in args.full_text:
        if sid not in known:
            raise UsageError(f"--full-text {sid}: unknown source id (sources.csv has: {', '.join(sorted(known))})")
    try:
        if args.format == "annotations":
            from compendium import annotations

            with _working("building annotations"):
                collection = annotations.collection(data, texts)
            annotations.write(out, collection)
            print(f"written: {out} ({collection['total']} annotations)")
            return OK
        from compendium.refi import corpus, write_qdc, write_qdpx

        with _working("building the project"):
            project = corpus.project(data, texts, full_text=args.full_text)
        if args.format == "qdc":
            write_qdc(project, out)
            print(f"written: {out} ({len(project.codes)} codes)")
        else:
            write_qdpx(project, out)
            counts = project.counts()
            full = ", ".join(args.full_text) or "none"
            print(f"written: {out} ({counts['sources']} sources, {counts['selections']} selections, {counts['codings']} codings, "
                  f"{counts['cases']} cases, {counts['notes']} notes; full text: {full}; other sources excerpts only)")
    except (RefiError, FileNotFoundError) as exc:
        print(f"error: {_first_line(exc)}; nothing written", file=sys.stderr)
        return INVALID
    return OK


def _init(args) -> int:
    from compendium.refi import RefiError
    from compendium.scaffold import InitError, init

    _input_file(f"--from {args.source}", args.source, "give a .qdpx project")
    folder = args.folder
    _new_folder(str(folder), folder)
    if not folder.parent.is_dir():
        raise UsageError(f"{folder}: its parent folder does not exist")
    try:
        from compendium.paths import data_dir

        data_folder = data_dir().resolve()
    except FileNotFoundError:  # installed outside a compendium: there is no data/ to protect
        data_folder = None
    if data_folder is not None and folder.resolve().is_relative_to(data_folder):
        raise UsageError(f"{folder}: inside the data package {data_folder}; code never writes there")
    try:
        with _working(f"creating {folder}"):
            result = init(args.source, folder, execute=not args.no_execute)
    except (RefiError, InitError) as exc:
        print(f"error: {_first_line(exc)}; nothing written", file=sys.stderr)
        return INVALID
    for line in result.lines():
        print(line)
    return OK


def _package(args) -> Path:
    from compendium.paths import data_dir

    _folder("--data", args.data)
    return args.data or data_dir()


def _stats(args) -> int:
    from compendium import summary

    folder = _package(args)
    try:
        tables = summary.rows(folder)
        claims = summary.claims(folder) if "claims" in set(tables["table"]) else None
    except summary.SummaryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
    width = max([len(t) for t in tables["table"]] + [5])
    print(f"{len(tables)} tables, {int(tables['rows'].sum())} rows")
    for row in tables.itertuples():
        print(f"  {row.table:<{width}}  {row.rows:>6}")
    if claims is None:
        print("no claims table")
        return OK
    print(f"{len(claims)} claims")
    if claims.empty:
        return OK
    for title, column in (("by verdict", "status"), ("by document", "document"), ("by kind", "kind")):
        print(f"claims {title}:")
        counts = summary.counts(claims, column)
        w = max([len(str(v)) for v in counts.index] + [5])
        for value, n in counts.items():
            print(f"  {value:<{w}}  {n:>6}")
    return OK


def _claims(args) -> int:
    from compendium import summary

    folder = _package(args)
    try:
        table = summary.claims(folder)
    except summary.SummaryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
    if args.document is not None:
        wanted = args.document.casefold()
        known = {str(v).casefold() for v in (*table["source_id"], *table["document"])}
        if wanted not in known:
            names = ", ".join(sorted({f"{d} ({s})" if d != s else s for s, d in zip(table["source_id"], table["document"])}))
            raise UsageError(f"--document {args.document}: no claims of that document (documents with claims: {names or 'none'})")
    chosen = summary.select(table, args.status, args.document, args.kind)
    if args.format == "csv":
        chosen.to_csv(sys.stdout, index=False, lineterminator="\n")
        return OK
    if chosen.empty:
        print("no claims match")
        return OK
    columns = ["claim_id", "document", "kind", "status"]
    widths = {c: max(len(c), *(len(str(v)) for v in chosen[c])) for c in columns}
    print("  ".join(f"{c:<{widths[c]}}" for c in columns) + "  claim")
    for row in chosen.itertuples():
        text = " ".join(str(row.claim).split()) if "claim" in chosen else ""
        text = text if len(text) <= 90 else text[:89] + "…"
        print("  ".join(f"{str(getattr(row, c)):<{widths[c]}}" for c in columns) + f"  {text}")
    print(f"{len(chosen)} of {len(table)} claims")
    return OK
