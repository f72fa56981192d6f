"""Command line: ``python -m compendium validate``, ``locate`` and ``execute``."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from compendium import locators
from compendium.notebooks import execute
from compendium.package import load
from compendium.paths import sources_dir
from compendium.sources import read_text
from compendium.validate import validate


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m compendium", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate the data package; exit 1 on any error")
    v.add_argument("--data", type=Path, default=None, help="data package folder (default: data/)")
    v.add_argument("--sources", type=Path, default=None, help="folder of source texts (default: $COMPENDIUM_SOURCES or ../shared/seeds)")
    v.add_argument("--book", type=Path, default=None, help="folder of chapter notebooks (default: book/)")
    loc = sub.add_parser("locate", help="print a locator row for a passage (for curators; writes nothing)")
    loc.add_argument("source_id")
    loc.add_argument("passage")
    loc.add_argument("--occurrence", type=int, default=0)
    loc.add_argument("--data", type=Path, default=None)
    ex = sub.add_parser("execute", help="re-execute chapter notebooks in place (refreshes committed outputs)")
    ex.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args)
    if args.command == "execute":
        for nb in args.notebooks:
            print(f"executing {nb}")
            execute(nb)
        return 0
    return _locate(args)


def _validate(args) -> int:
    report = validate(args.data, sources=args.sources or True, book=args.book)
    for issue in report.issues:
        print(issue)
    print(f"{len(report.errors)} problem(s), {len(report.notes)} note(s)")
    return 0 if report.valid else 1


def _locate(args) -> int:
    folder = sources_dir()
    if folder is None:
        print("source texts not available: set COMPENDIUM_SOURCES", file=sys.stderr)
        return 2
    sources = load(args.data)["sources"].set_index("source_id")
    text = read_text(folder, sources.at[args.source_id, "text_file"])
    try:
        sel = locators.select(text, args.passage, args.occurrence)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    csv.writer(sys.stdout).writerow([sel.exact, sel.prefix, sel.suffix, sel.start, sel.end])
    return 0
