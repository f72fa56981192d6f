"""Tables checked against their Table Schema, a column at a time.

The rules are Frictionless 5's (the reference this module is tested against, see
``tests/test_tableschema.py``), applied with pandas to whole columns instead of cell by
cell:

Reading a cell
    A cell equal to one of the field's ``missingValues`` (else the schema's, else ``[""]``)
    is missing. Otherwise it is read as the field's type: ``string`` as it is; ``integer``
    as Python's ``int`` reads the stripped text (so ``+7``, ``007``, `` 8``, ``1_000`` and
    full-width digits are integers); ``number`` as ``decimal.Decimal`` reads it
    (``1e3``, ``inf`` and ``nan`` are numbers); ``boolean`` through ``trueValues`` /
    ``falseValues`` (default ``true True TRUE 1`` / ``false False FALSE 0``). A cell that
    does not read is a ``type-error``, and its constraints are not checked.
Constraints (``constraint-error``), only those Frictionless supports for the type
    ``required`` (a missing cell), ``enum`` (compared as typed values), ``pattern``
    (compiled as ``^pattern$`` and matched from the start, as Frictionless does),
    ``minLength``/``maxLength`` (code points), ``minimum``/``maximum`` (``nan`` fails
    both). A row whose every field is missing is one ``blank-row`` instead.
Keys, on typed values (a cell that failed its type counts as missing)
    ``unique-error`` at every later row repeating a value of a ``unique`` field;
    ``primary-key`` at every later row repeating the key, and at a row whose key cells are
    all missing; ``foreign-key`` at a row whose key (not all missing) is not a key of the
    referenced table (``resource: ""`` is the table itself). A key with some cells missing
    matches only the same cells missing.
Order and cap
    A table's problems are ordered by row, then cell problems (by field), unique, primary
    and foreign keys, and, like Frictionless, only the first :data:`LIMIT` are kept; a
    ``count-capped`` note then says so.

Cells are paired with fields by position, as in Frictionless's default (``fieldsMatch:
exact``): header problems themselves are reported by ``compendium.validate.read_tables``.
Nothing here reads files: each table comes in once, as text cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from compendium.errors import Issue

#: Problems kept per table (Frictionless's default error limit).
LIMIT = 1000

#: Field types checked here.
TYPES = ("string", "integer", "number", "boolean")

#: Constraints Frictionless checks for each type, in its order.
SUPPORTED = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "enum"),
    "number": ("required", "minimum", "maximum", "enum"),
    "boolean": ("required", "enum"),
}

TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")

#: Texts that Python's ``int`` and ``Decimal`` read the plain way; anything else is read cell by cell.
_PLAIN_INTEGER = r"[+-]?[0-9]{1,18}"
_PLAIN_NUMBER = r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,15})?|\.[0-9]{1,15})(?:[eE][+-]?[0-9]{1,3})?"

# Order of a row's problems (Frictionless: cells, then unique, primary and foreign keys).
_CELL, _UNIQUE, _PRIMARY, _FOREIGN = 0, 1, 2, 3


@dataclass(frozen=True)
class Cells:
    """One table as read: its text cells, and the lines it spans.

    Attributes
    ----------
    frame : DataFrame
        One column per header position (``0, 1, ...``), text cells (``""`` for an empty
        one), one row per record, indexed by the record's CSV line (header = 1).
    lines : int
        The number of lines of the file: a line after the header that holds no record
        is a blank row.
    """

    frame: pd.DataFrame
    lines: int


@dataclass(frozen=True)
class Column:
    """One field's cells as its type reads them.

    Attributes
    ----------
    missing : Series of bool
        Cells that are missing values.
    bad : Series of bool
        Cells that do not read as the field's type.
    key : Series
        The typed value as a canonical text (equal values, equal texts), missing where
        the cell is missing or bad: what keys are compared on.
    value : Series
        The typed value where it reads (numbers as float, integers as int64 or Python
        int), for bounds.
    """

    missing: pd.Series
    bad: pd.Series
    key: pd.Series
    value: pd.Series


#: Field types Frictionless knows: any other makes the descriptor unusable.
KNOWN_TYPES = ("any", "array", "boolean", "date", "datetime", "duration", "geojson", "geopoint", "integer", "list",
               "number", "object", "string", "time", "year", "yearmonth")


def descriptor_issues(resources: list[dict]) -> list[Issue]:
    """Schemas the checker cannot use (as Frictionless refuses them), and fields it reads only as text.

    An unknown field type or a pattern that is not a regular expression makes the
    descriptor unusable (``datapackage-invalid``, and no table is checked); a type
    Frictionless knows but this module does not check (``date`` ...) is a note.
    """
    issues = []
    for r in resources:
        for field in r["schema"]["fields"]:
            kind = field.get("type", "string")
            where = f"resource {r['name']!r}, field {field['name']!r}"
            if kind not in KNOWN_TYPES:
                issues.append(Issue("datapackage-invalid", f"the Table Schema cannot use this descriptor: {where} has type {kind!r}, which is not a Table Schema type", "datapackage.json"))
            elif kind not in TYPES:
                issues.append(Issue("field-unchecked", f"{where} has type {kind!r}: its cells are not checked (only {', '.join(TYPES)} are)", r["path"], None, field["name"], severity="note"))
            pattern = (field.get("constraints") or {}).get("pattern")
            if pattern is not None:
                try:
                    re.compile(f"^{pattern}$")
                except (re.error, TypeError) as exc:
                    issues.append(Issue("datapackage-invalid", f"the Table Schema cannot use this descriptor: {where} has pattern {pattern!r}, which is not a regular expression ({exc})", "datapackage.json"))
    return issues


def table_issues(resources: list[dict], tables: dict[str, Cells], limit: int | None = LIMIT) -> list[Issue]:
    """Every cell and key problem of the tables, as Frictionless reports them.

    Parameters
    ----------
    resources : list of dict
        The descriptor's resources (``name``, ``path``, ``schema``).
    tables : dict of str to Cells
        Each readable table, read once. A resource missing here (it could not be read)
        is not checked, nor are the foreign keys that point into it: its problem is
        reported once, where it was read.
    limit : int or None
        Problems kept per table; None keeps all.

    Returns
    -------
    list of Issue
        Codes are Frictionless's error types (``type-error``, ``constraint-error``,
        ``blank-row``, ``unique-error``, ``primary-key``, ``foreign-key``); rows are
        CSV lines; ``field`` is the field, or the key's fields joined by ``", "``.
    """
    readable = [r for r in resources if r["name"] in tables]
    columns = {r["name"]: _columns(r, tables[r["name"]]) for r in readable}
    issues: list[Issue] = []
    for r in readable:
        found = [*_cell_problems(r, tables[r["name"]], columns[r["name"]]), *_key_problems(r, tables, columns)]
        issues.extend(_capped(r["path"], found, limit))
    return issues


# --------------------------------------------------------------------------- reading cells


def _missing_values(field: dict, schema: dict) -> list[str]:
    values = field["missingValues"] if "missingValues" in field else schema.get("missingValues", [""])
    return [v["value"] if isinstance(v, dict) else str(v) for v in values]


def _columns(resource: dict, cells: Cells) -> dict[str, Column]:
    """Each field's cells read by its type (cells paired with fields by position)."""
    schema = resource["schema"]
    frame = cells.frame
    out = {}
    for position, field in enumerate(schema["fields"]):
        text = frame[position] if position in frame.columns else pd.Series("", index=frame.index, dtype=object)
        out[field["name"]] = read_column(text, field, _missing_values(field, schema))
    return out


def read_column(text: pd.Series, field: dict, missing_values: list[str]) -> Column:
    """Read one column of text cells as ``field``'s type.

    Parameters
    ----------
    text : Series of str
    field : dict
        The Table Schema field (``type`` string, integer, number or boolean).
    missing_values : list of str

    Returns
    -------
    Column
    """
    kind = field.get("type", "string")
    missing = text.eq("") if missing_values == [""] else text.isin(missing_values)
    present = text[~missing]
    if kind == "integer":
        key, value = _integers(present)
    elif kind == "number":
        key, value = _numbers(present)
    elif kind == "boolean":
        truth = {v: True for v in field.get("trueValues", TRUE_VALUES)} | {v: False for v in field.get("falseValues", FALSE_VALUES)}
        value = present.map(truth)
        key = value.map({True: "True", False: "False"})
    else:
        key = value = present
    bad = pd.Series(False, index=text.index)
    bad[present.index[key.isna().to_numpy()]] = True
    return Column(missing, bad, key.reindex(text.index), value.reindex(text.index))


def _integers(present: pd.Series) -> tuple[pd.Series, pd.Series]:
    try:  # numpy converts with Python's int, in C: exact whenever every cell fits in int64
        fast = pd.Series(present.to_numpy(dtype=object).astype(np.int64), index=present.index)
        return fast.astype(str).astype(object), fast
    except (ValueError, OverflowError, TypeError):
        pass
    plain = present.str.fullmatch(_PLAIN_INTEGER).astype(bool)
    fast = present[plain].astype("int64")
    if plain.all():
        return fast.astype(str).astype(object), fast
    odd = present[~plain]
    slow = pd.Series([_int(v) for v in odd], index=odd.index, dtype=object)  # rare: read as Python's int reads them
    value = pd.concat([pd.Series(fast.tolist(), index=fast.index, dtype=object), slow]).reindex(present.index)
    slow_key = pd.Series([None if v is None else str(v) for v in slow], index=odd.index, dtype=object)
    return pd.concat([fast.astype(str).astype(object), slow_key]).reindex(present.index), value


def _int(text: str):
    try:
        return int(text.strip())
    except ValueError:  # not an integer, or more digits than Python converts
        return None


def _numbers(present: pd.Series) -> tuple[pd.Series, pd.Series]:
    plain = present.str.fullmatch(_PLAIN_NUMBER).astype(bool)
    fast = present[plain].astype("float64")
    odd = present[~plain]
    slow = pd.Series([np.nan if d is None else float(d) for d in map(_decimal, odd)], index=odd.index, dtype="float64")
    value = pd.concat([fast, slow]).reindex(present.index)
    # Equal numbers written differently (1, 1.0, 1e0) must be one key: canonical text, per distinct cell.
    distinct = pd.unique(present.to_numpy())
    canon = {t: _canonical(_decimal(t)) for t in distinct}
    return present.map(canon), value


def _decimal(text: str):
    try:
        return Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None


def _canonical(number: Decimal | None) -> str | None:
    if number is None:
        return None
    if number.is_nan():
        return None if number.is_snan() else f"nan:{id(number)}"  # NaN equals nothing, not even NaN
    if number.is_finite() and number == number.to_integral_value():
        return str(int(number))
    return str(number.normalize())


# --------------------------------------------------------------------------- cells


def _cell_problems(resource: dict, cells: Cells, columns: dict[str, Column]) -> list[tuple]:
    """Type and constraint problems, and blank rows: (line, order, position, code, field, cell, note) tuples."""
    schema = resource["schema"]
    frame = cells.frame
    found: list[tuple] = []
    blank = pd.Series(True, index=frame.index)
    for column in columns.values():
        blank &= column.missing
    for line in _gaps(cells):
        found.append((line, _CELL, 0, "blank-row", None, None, "every cell of the row is empty"))
    keep = ~blank
    for line in frame.index[blank.to_numpy()]:
        found.append((int(line), _CELL, 0, "blank-row", None, None, "every cell of the row is empty"))
    for position, field in enumerate(schema["fields"]):
        name, kind = field["name"], field.get("type", "string")
        column = columns[name]
        text = frame[position] if position in frame.columns else pd.Series("", index=frame.index, dtype=object)
        for line in frame.index[(column.bad & keep).to_numpy()]:
            found.append((int(line), _CELL, position, "type-error", name, text.at[line], f"not a valid {kind}"))
        constraints = field.get("constraints") or {}
        good = keep & ~column.bad & ~column.missing
        for rule in SUPPORTED.get(kind, ()):
            if rule not in constraints:
                continue
            wrong = _breaks(rule, constraints[rule], column, text, field, good, keep)
            if wrong is None:
                continue
            for line in frame.index[wrong.to_numpy()]:
                found.append((int(line), _CELL, position, "constraint-error", name, text.at[line], f'constraint "{rule}" is "{constraints[rule]}"'))
    return found


def _breaks(rule: str, bound, column: Column, text: pd.Series, field: dict, good: pd.Series, keep: pd.Series) -> pd.Series | None:
    """Rows (a boolean Series) whose cell breaks ``rule``."""
    if rule == "required":
        return (keep & column.missing) if bound else None
    cells = text[good]
    if rule == "pattern":
        ok = cells.str.match(f"^{bound}$").astype(bool)
    elif rule == "minLength":
        ok = cells.str.len() >= bound
    elif rule == "maxLength":
        ok = cells.str.len() <= bound
    elif rule == "enum":
        allowed = read_column(pd.Series([str(v) if not isinstance(v, str) else v for v in bound], dtype=object), field, [])
        ok = column.key[good].isin(set(allowed.key.dropna()))
    else:  # minimum, maximum
        ok = _within(rule, bound, column.value[good], field)
    return pd.Series(False, index=text.index).mask(good, ~ok.reindex(text.index, fill_value=True).astype(bool))


def _within(rule: str, bound, values: pd.Series, field: dict) -> pd.Series:
    """Whether each typed value keeps to a ``minimum`` or ``maximum`` (NaN keeps to neither)."""
    if field.get("type") == "number":
        limit = _decimal(str(bound))
        numbers = values.astype("float64")
        ok = numbers >= float(limit) if rule == "minimum" else numbers <= float(limit)
        tie = numbers == float(limit)  # a float tie may hide a Decimal difference: decide it exactly
        if tie.any():
            ok[tie] = [bool(_decimal(str(v)) >= limit) if rule == "minimum" else bool(_decimal(str(v)) <= limit) for v in values[tie]]
        return ok & numbers.notna()
    limit = int(bound)
    if values.dtype == object:
        return values.map(lambda v: v >= limit if rule == "minimum" else v <= limit).astype(bool)
    return values >= limit if rule == "minimum" else values <= limit


# --------------------------------------------------------------------------- keys


def _key(columns: dict[str, Column], names: list[str], index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """One text per row for the fields ``names`` (length-prefixed, so no two keys collide), and where all are missing."""
    parts, empty = [], pd.Series(True, index=index)
    for name in names:
        key = columns[name].key if name in columns else pd.Series(None, index=index, dtype=object)
        empty &= key.isna()
        if len(names) == 1:
            return key, empty
        parts.append(key.str.len().astype("Int64").astype(str).fillna("-") + ":" + key.fillna(""))
    joined = parts[0]
    for p in parts[1:]:
        joined = joined + "|" + p
    return joined, empty


def _key_problems(resource: dict, tables: dict[str, Cells], columns: dict[str, dict[str, Column]]) -> list[tuple]:
    name, schema = resource["name"], resource["schema"]
    own = columns[name]
    index = tables[name].frame.index
    found: list[tuple] = []
    for position, field in enumerate(schema["fields"]):
        if (field.get("constraints") or {}).get("unique"):
            key = own[field["name"]].key
            _repeats(key, key.isna(), found, _UNIQUE, position, "unique-error", field["name"], "value")
    pk = _as_list(schema.get("primaryKey"))
    if pk and set(pk) <= set(own):
        key, empty = _key(own, pk, index)
        label = ", ".join(pk)
        for line in [*index[empty.to_numpy()], *_gaps(tables[name])]:
            found.append((int(line), _PRIMARY, 0, "primary-key", label, None, "the key's cells are all empty"))
        _repeats(key, empty, found, _PRIMARY, 0, "primary-key", label, "key")
    present = set(tables)
    for n, fk in enumerate(schema.get("foreignKeys") or []):
        fields = _as_list(fk.get("fields"))
        reference = fk.get("reference") or {}
        target = reference.get("resource") or name
        target_fields = _as_list(reference.get("fields"))
        if target not in present or not set(fields) <= set(own):
            continue
        key, empty = _key(own, fields, index)
        theirs, their_empty = _key(columns[target], target_fields, tables[target].frame.index)
        wrong = ~empty & ~key.isin(theirs[~their_empty].to_numpy(dtype=object))  # hashed in C, not iterated in Python
        label = ", ".join(fields)
        for line in index[wrong.to_numpy()]:
            values = ", ".join(str(own[f].key.at[line]) if pd.notna(own[f].key.at[line]) else "None" for f in fields)
            note = f"{label} = {values} is not a {', '.join(target_fields)} of {target}"
            found.append((int(line), _FOREIGN, n, "foreign-key", label, None, note))
    return found


def _repeats(key: pd.Series, skip: pd.Series, found: list, stage: int, position: int, code: str, label: str, what: str) -> list:
    """Append a problem at every row whose ``key`` repeats an earlier row's (rows in ``skip`` aside)."""
    keys = key[~skip.to_numpy()]
    again = keys.duplicated(keep="first")
    if again.any():
        first = keys[~again]
        first_line = pd.Series(first.index, index=first.to_numpy())
        for line, value in keys[again].items():
            found.append((int(line), stage, position, code, label, None, f"the same {what} as the row at line {first_line[value]}"))
    return found


def _gaps(cells: Cells) -> list[int]:
    """Lines after the header that hold no record: blank rows."""
    index = cells.frame.index
    if len(index) == cells.lines - 1 and (len(index) == 0 or (index[0] == 2 and index[-1] == cells.lines)):
        return []  # one record on each line
    return [int(n) for n in np.setdiff1d(np.arange(2, cells.lines + 1), index.to_numpy())]


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value or [])


# --------------------------------------------------------------------------- reporting


def _capped(file: str, found: list[tuple], limit: int | None) -> list[Issue]:
    found.sort(key=lambda t: t[:3])
    capped = limit is not None and len(found) >= limit
    issues = [Issue(code, _message(code, cell, note), file, line, field) for line, _, _, code, field, cell, note in found[:limit]]
    if capped:
        issues.append(Issue("count-capped", f"stopped after {limit} errors in {file}, as Frictionless does: there are more", file, severity="note"))
    return issues


def _message(code: str, cell, note: str) -> str:
    if code == "foreign-key":
        return f"no matching row in the referenced table: {note}"
    if code == "type-error":
        return f"value {cell!r} is {note}: expected a value of the field's type"
    if cell is not None:
        return f"value {cell!r} breaks the field's rule: {note}"
    return note
