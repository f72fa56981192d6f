"""Loading the data package into typed pandas DataFrames."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from compendium.paths import data_dir

#: Table Schema field types and the pandas dtypes they load as.
DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass(frozen=True)
class Compendium:
    """The loaded data package: one DataFrame per resource, typed by its Table Schema.

    Lookups that many helpers need (a table by its key, one column as a dict) are built
    once per Compendium by :meth:`derived`, :meth:`indexed` and :meth:`lookup`, not once
    per item. The loaded tables are treated as read-only: a lookup is rebuilt when a table
    is *replaced* in ``tables``, not when a DataFrame is changed in place.
    """

    folder: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]
    _built: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def derived(self, name: str, tables: tuple[str, ...], build: Callable[[], object]) -> object:
        """A value computed from some tables, built on first use and reused while they are the same objects.

        Parameters
        ----------
        name : str
            What the value is (one name per kind of value).
        tables : tuple of str
            The tables it is computed from.
        build : callable
            Computes it; called without arguments.

        Returns
        -------
        object
            Shared between callers: never change it in place.
        """
        frames = tuple(self.tables.get(t) for t in tables)
        hit = self._built.get(name)
        if hit is not None and len(hit[0]) == len(frames) and all(a is b for a, b in zip(hit[0], frames)):
            return hit[1]
        value = build()
        self._built[name] = (frames, value)  # the frames are held, so their ids cannot be reused
        return value

    def indexed(self, name: str, key: str) -> pd.DataFrame:
        """Table ``name`` indexed by ``key``, first row per key (:func:`keyed`), built once. Do not change it."""
        return self.derived(f"indexed:{name}:{key}", (name,), lambda: keyed(self.tables[name], key))

    def rows(self, name: str, column: str, value) -> pd.DataFrame:
        """The rows of table ``name`` whose ``column`` is ``value``, in table order (grouped once). Do not change them.

        The same rows as ``table[table[column] == value]``, without a scan of the table per call.
        """
        table = self.tables[name]
        groups = self.derived(f"rows:{name}:{column}", (name,),
                              lambda: {k: g for k, g in table.groupby(column, sort=False, dropna=True)})
        return groups.get(value, table.iloc[0:0])

    def lookup(self, name: str, key: str, column: str) -> dict:
        """Column ``column`` of table ``name`` as a dict by ``key`` (first row per key), built once.

        Values are as iterating the column gives them (``str``, ``int``, ``pd.NA``); a key
        not in the table raises ``KeyError``, as ``.loc`` does.
        """
        def build() -> dict:
            table = self.indexed(name, key)
            return dict(zip(table.index, table[column]))

        return self.derived(f"lookup:{name}:{key}:{column}", (name,), build)


def read_descriptor(folder: Path | None = None) -> dict:
    """Read ``datapackage.json`` from ``folder`` (default: the project's ``data/``)."""
    folder = Path(folder) if folder else data_dir()
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


class TableError(Exception):
    """A table that cannot be read at all, with where and why.

    Attributes
    ----------
    file : str
        The file, relative to the data folder.
    reason : str
        What is wrong, in words a curator can act on.
    row : int or None
        The CSV line the problem is on (header = 1), or None for the whole file.
    field : str or None
        The column, or None.
    """

    def __init__(self, file: str, reason: str, row: int | None = None, field: str | None = None):
        self.file, self.reason, self.row, self.field = file, reason, row, field
        where = file + (f", row {row}" if row is not None else "") + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {reason}")


def table_path(folder: Path, resource: dict) -> Path:
    """The file of a resource, refused (:class:`TableError`) unless it lies inside ``folder``.

    A descriptor is data too: a path such as ``../../etc/hostname`` must not make the
    loader read outside the package.
    """
    name = resource.get("path")
    if not isinstance(name, str) or not name:
        raise TableError("datapackage.json", f"resource {resource.get('name')!r} has no 'path' naming its CSV file", field="path")
    path = folder / name
    try:
        inside = Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder))
    except (OSError, ValueError):
        inside = False
    if Path(name).is_absolute() or ".." in Path(name).parts or not inside:
        raise TableError("datapackage.json", f"resource {resource.get('name')!r} has path {name!r}, which leaves the data folder", field="path")
    return path


def read_rows(folder: Path, resource: dict, by_record: bool = False) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the records of one CSV, each record with its first line (header = 1).

    With ``by_record``, each record is numbered by its place among the records instead
    (header = 1, blank records counted), as Frictionless numbers rows; the two differ
    only after a cell that holds a line break.

    Raises :class:`TableError` for a file that cannot be read as CSV at all: missing, a
    folder, unreadable, empty, not in its declared encoding, or starting with a byte-order
    mark. Blank lines are skipped. Records are returned as parsed; whether their cells
    fit the header is for the caller to decide.
    """
    path = table_path(Path(folder), resource)
    file = str(resource["path"])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TableError(file, "file not found (datapackage.json names it)") from None
    except IsADirectoryError:
        raise TableError(file, "is a folder, not a CSV file") from None
    except OSError as exc:
        raise TableError(file, f"cannot be read: {exc.strerror or exc}") from None
    encoding = resource.get("encoding", "utf-8")
    if data.startswith(codecs.BOM_UTF8):
        raise TableError(file, "starts with a UTF-8 byte-order mark: save it as UTF-8 without BOM", row=1)
    try:
        text = data.decode(encoding)
    except LookupError:
        raise TableError("datapackage.json", f"resource {resource.get('name')!r} declares unknown encoding {encoding!r}", field="encoding") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(file, f"byte 0x{data[exc.start]:02x} is not valid {encoding} (saved as Latin-1 or Windows-1252?)", row=line) from None
    if not text.strip():
        raise TableError(file, "the file is empty: it has no header row")
    # The csv module refuses cells over 128 KiB; an overlong cell is reported by validation instead.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    del text  # decoded once above to find bad bytes; parsed below from the bytes, a buffer at a time

    def lines():
        # Same line endings as a StringIO with newline="" (which would hold the whole text at four bytes a character).
        return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")

    reader = csv.reader(lines())
    records: list[tuple[int, list[str]]] = []
    try:
        rows = list(reader)
    except csv.Error:
        rows = None  # found again below, with its line
    if rows and reader.line_num == len(rows):  # one record per line: a record's line is its place
        return rows[0], [(n, cells) for n, cells in enumerate(rows[1:], start=2) if cells]
    reader = csv.reader(lines())
    start = 1
    try:
        header = next(reader)
        start = reader.line_num + 1
        for n, cells in enumerate(reader, start=2):
            if cells:
                records.append((n if by_record else start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(file, f"cannot be parsed as CSV: {exc}", row=start) from None
    return header, records


def text_frame(records: list[tuple[int, list[str]]], width: int) -> pd.DataFrame:
    """The records as a DataFrame of text cells: columns ``0 .. width - 1``, indexed by each record's line.

    Built once per table; :func:`typed_frame` and :mod:`compendium.tableschema` both read it.
    """
    lines = [line for line, _ in records]
    index = pd.RangeIndex(2, len(lines) + 2) if lines == list(range(2, len(lines) + 2)) else pd.Index(lines, dtype="int64")
    rows = [cells for _, cells in records]
    if not rows:
        return pd.DataFrame(columns=range(width), dtype=object, index=index)
    if set(map(len, rows)) == {width}:  # column by column is several times faster than row by row
        return pd.DataFrame({i: np.array(column, dtype=object) for i, column in enumerate(zip(*rows))}, index=index)
    return pd.DataFrame(rows, columns=range(width), dtype=object, index=index).iloc[:, :width]


def typed_frame(header: list[str], records: list[tuple[int, list[str]]], fields: list[dict], text: pd.DataFrame | None = None) -> pd.DataFrame:
    """A DataFrame of well-formed records, typed by the schema's ``fields``.

    The index is the record's line minus 2, so that line = index + 2 even after a blank line.
    Values that do not fit their type become missing values (``pd.NA``) here; validation
    (:mod:`compendium.validate`) reports them with file, row and field. ``text`` is the
    records' :func:`text_frame`, when already built.
    """
    text = text_frame(records, len(header)) if text is None else text
    index = text.index - 2
    index = pd.RangeIndex(len(index)) if isinstance(text.index, pd.RangeIndex) else index
    frame = text.set_axis(index, axis=0).set_axis(header, axis=1)
    frame = frame.astype(str) if len(frame) else pd.DataFrame(columns=header, dtype=str, index=index)
    for f in fields:
        name, kind = f["name"], f.get("type", "string")
        if name not in frame:
            frame[name] = pd.NA
        column = frame[name].replace("", pd.NA)
        if kind in ("integer", "number"):
            column = pd.to_numeric(column.where(column.isna() | column.str.isascii().fillna(False).astype(bool)), errors="coerce")
            column = column.where(column.isna() | (column.abs() < 2**53))  # beyond this, not exactly an integer
            if kind == "integer":
                column = column.where(column.isna() | (column % 1 == 0))
        elif kind == "boolean":
            column = column.map({"true": True, "false": False})
        frame[name] = column.astype(DTYPES.get(kind, "string"))
    return frame[[f["name"] for f in fields]]


def read_table(folder: Path, resource: dict) -> pd.DataFrame:
    """Read one resource as a DataFrame typed by its schema.

    Raises :class:`TableError` (naming file, line and why) when the file cannot be read
    as a table: see :func:`read_rows`, plus a repeated header and a record whose
    number of cells differs from the header's.
    Values that do not fit their type become missing values (``pd.NA``) here; validation
    (:mod:`compendium.validate`) reports them with file, row and field.
    """
    header, records = read_rows(folder, resource)
    file = str(resource["path"])
    for name in header:
        if header.count(name) > 1:
            raise TableError(file, f"column {name!r} appears more than once in the header", row=1, field=name)
    for line, cells in records:
        if len(cells) != len(header):
            raise TableError(file, f"has {len(cells)} cells, the header has {len(header)}", row=line)
    return typed_frame(header, records, resource["schema"]["fields"])


def _mode(path: Path) -> int:
    """The permission bits for ``path``: its own if it exists, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, content: str | bytes | Callable) -> None:
    """Write a file all at once: to a temporary file in the same folder, then moved into place.

    A write that fails half-way (a full disk, an exception in a serialiser) leaves the
    previous file intact. ``content`` is text (UTF-8), bytes, or a function given the open
    binary handle.
    """
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            if callable(content):
                content(handle)
            else:
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, _mode(path))  # a temporary file is private; the result is not
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def keyed(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """A table indexed by its key, first row per key.

    A duplicated or missing key is already a validation error; it must not turn later
    lookups into Series or raise, so checks and the assessment method index this way.
    """
    return frame.dropna(subset=[key]).drop_duplicates(subset=key).set_index(key)


def load(folder: Path | str | None = None) -> Compendium:
    """Load every resource of the data package without validating it.

    Use :func:`compendium.validate.load_valid` to load only data that validates.
    """
    folder = Path(folder) if folder else data_dir()
    descriptor = read_descriptor(folder)
    tables = {r["name"]: read_table(folder, r) for r in descriptor["resources"]}
    return Compendium(folder, descriptor, tables)
