"""Loading the data package into typed pandas DataFrames."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from compendium.paths import data_dir

#: Table Schema field types and the pandas dtypes they load as.
DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass(frozen=True)
class Compendium:
    """The loaded data package: one DataFrame per resource, typed by its Table Schema."""

    folder: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def read_descriptor(folder: Path | None = None) -> dict:
    """Read ``datapackage.json`` from ``folder`` (default: the project's ``data/``)."""
    folder = Path(folder) if folder else data_dir()
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def read_table(folder: Path, resource: dict) -> pd.DataFrame:
    """Read one resource as a DataFrame typed by its schema.

    Values that do not fit their type become missing (``<NA>``) here; validation
    (:mod:`compendium.validate`) reports them with file, row and field.
    """
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(
        folder / resource["path"],
        dtype=str,
        keep_default_na=False,
        encoding=resource.get("encoding", "utf-8"),
    )
    for f in fields:
        name, kind = f["name"], f.get("type", "string")
        if name not in frame:
            frame[name] = pd.NA
        column = frame[name].replace("", pd.NA)
        if kind in ("integer", "number"):
            column = pd.to_numeric(column, errors="coerce")
            if kind == "integer":
                column = column.where(column.isna() | (column % 1 == 0))
        elif kind == "boolean":
            column = column.map({"true": True, "false": False})
        frame[name] = column.astype(DTYPES.get(kind, "string"))
    return frame[[f["name"] for f in fields]]


def load(folder: Path | str | None = None) -> Compendium:
    """Load every resource of the data package without validating it.

    Use :func:`compendium.validate.load_valid` to load only data that validates.
    """
    folder = Path(folder) if folder else data_dir()
    descriptor = read_descriptor(folder)
    tables = {r["name"]: read_table(folder, r) for r in descriptor["resources"]}
    return Compendium(folder, descriptor, tables)
