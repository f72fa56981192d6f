"""Generated pages: the claims registry as a MyST table with links to checking cells."""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd

from compendium.notebooks import anchor
from compendium.package import Compendium


def _cell(text: str) -> str:
    """Text safe inside a MyST table cell: markup characters escaped, one line."""
    out = " ".join(str(text).split())
    for ch in "\\|*_`[]{}<>$":
        out = out.replace(ch, "\\" + ch)
    return out


def claims_table(data: Compendium) -> pd.DataFrame:
    """The registry joined to where each claim stands in its source."""
    c = data["claims"].merge(data["sources"][["source_id", "short_name"]], on="source_id")
    c = c.merge(data["locators"][["locator_id", "section_id"]], on="locator_id")
    c = c.merge(data["sections"][["section_id", "heading"]], on="section_id")
    return c.sort_values("claim_id").reset_index(drop=True)


def claims_markdown(data: Compendium) -> str:
    """A MyST table of every claim: id linked to its checking cell, document, section, kind, status."""
    lines = [
        "| Claim | Document | Section | Kind | Status | Claim in our words |",
        "|---|---|---|---|---|---|",
    ]
    for r in claims_table(data).itertuples():
        doc = PurePosixPath(r.notebook).with_suffix("").as_posix()
        link = f"{{ref}}`{r.claim_id} <{anchor(r.claim_id)}>`"
        lines.append(
            f"| {link} | {_cell(r.short_name)} | {_cell(r.heading)} | {_cell(r.kind)} | {_cell(r.status)} | {_cell(r.claim)} |"
        )
    return "\n".join(lines)
