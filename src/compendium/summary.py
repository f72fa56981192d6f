"""What a data package holds, for ``compendium stats`` and ``compendium claims``.

Works on any data package with a ``datapackage.json``: this compendium's ``data/`` and the
``data/`` of a compendium made by ``compendium init``. Tables are counted by their CSV rows
(the header excluded). Claims come from the resource named ``claims``; a claim's document is
its ``source_id``, named by the ``sources`` table (``short_name`` or ``name``) when there is one.

Nothing is written. A descriptor or table that cannot be read raises :class:`SummaryError`
with the file and why, in one line.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd


class SummaryError(Exception):
    """A data package that cannot be summarised (no descriptor, an unreadable table), in one line."""


def descriptor(folder: Path) -> dict:
    """The package's ``datapackage.json``; :class:`SummaryError` if it is missing or not a JSON object with resources."""
    path = Path(folder) / "datapackage.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SummaryError(f"{path}: no such file (not a data package)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SummaryError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(value, dict) or not isinstance(value.get("resources"), list):
        raise SummaryError(f"{path}: not a data package descriptor (no 'resources' list)")
    return value


def _path(folder: Path, resource: dict) -> Path:
    from compendium.package import TableError, table_path

    try:
        return table_path(folder, resource)
    except TableError as exc:
        raise SummaryError(str(exc)) from None


def _read(folder: Path, resource: dict) -> pd.DataFrame:
    path = _path(folder, resource)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as exc:
        raise SummaryError(f"{path.name}: cannot be read: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}") from None


def rows(folder: Path | str) -> pd.DataFrame:
    """Rows per table, in the descriptor's order: columns ``table``, ``file``, ``rows``."""
    folder = Path(folder)
    out = []
    for resource in descriptor(folder)["resources"]:
        path = _path(folder, resource)
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                count = max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise SummaryError(f"{path.name}: cannot be read: {exc}") from None
        out.append({"table": resource.get("name", path.stem), "file": path.name, "rows": count})
    return pd.DataFrame(out, columns=["table", "file", "rows"])


def documents(folder: Path | str) -> dict[str, str]:
    """Source id → a short name, from the ``sources`` table (empty when there is none)."""
    folder = Path(folder)
    resource = next((r for r in descriptor(folder)["resources"] if r.get("name") == "sources"), None)
    if resource is None:
        return {}
    table = _read(folder, resource)
    key = "source_id" if "source_id" in table else "guid"
    name = next((c for c in ("short_name", "name") if c in table), None)
    if key not in table or name is None:
        return {}
    return dict(zip(table[key], table[name]))


def claims(folder: Path | str) -> pd.DataFrame:
    """The claims table with a ``document`` column (the source's short name, or its id).

    Raises
    ------
    SummaryError
        If the package has no ``claims`` resource, or it lacks ``claim_id``, ``status`` or ``kind``.
    """
    folder = Path(folder)
    resource = next((r for r in descriptor(folder)["resources"] if r.get("name") == "claims"), None)
    if resource is None:
        raise SummaryError(f"{folder / 'datapackage.json'}: no 'claims' resource")
    table = _read(folder, resource)
    missing = [c for c in ("claim_id", "status", "kind") if c not in table]
    if missing:
        raise SummaryError(f"{resource.get('path')}: no column {missing[0]!r}")
    if "source_id" not in table:
        table["source_id"] = ""
    names = documents(folder)
    table.insert(1, "document", [names.get(s, s) for s in table["source_id"]])
    return table


def select(table: pd.DataFrame, status: str | None = None, document: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """Claims with that verdict, document (its id or name, any case) and kind; None keeps all."""
    keep = pd.Series(True, index=table.index)
    if status is not None:
        keep &= table["status"] == status
    if kind is not None:
        keep &= table["kind"] == kind
    if document is not None:
        wanted = document.casefold()
        keep &= (table["source_id"].str.casefold() == wanted) | (table["document"].str.casefold() == wanted)
    return table[keep].reset_index(drop=True)


def counts(table: pd.DataFrame, column: str) -> pd.Series:
    """Claims per value of ``column``, most first (ties in name order)."""
    series = table[column].replace("", "(none)").value_counts()
    return series.sort_index().sort_values(ascending=False, kind="stable")
