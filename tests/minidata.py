"""Build small in-memory data packages for unit tests (typed like compendium.package.load)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from compendium.package import Compendium


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if df[c].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).all() and len(df):
            df[c] = df[c].astype("Int64")
        else:
            df[c] = df[c].astype("string")
    return df


def mini(**tables: pd.DataFrame) -> Compendium:
    return Compendium(Path("."), {}, tables)
