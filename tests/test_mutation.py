"""Every check can fail: change the data behind a claim and its chapter cell must fail.

For every (kind, verdict) pair in the registry one claim is chosen, and the data
behind it are changed on a copy of ``data/``:

- a claim whose verdict the method reaches from voices loses its evidence links;
- a claim with no voice gains one: its own sentence, linked as support;
- a claim whose cell computes a figure gets the figure it rests on changed
  (:data:`COMPUTED`).

The chapter is then executed against the copy (``COMPENDIUM_DATA``), with the
up-front validation switched off in the kernel so that the claim's *own cell* is
what must notice, and that cell must end in :class:`~compendium.claims.ClaimMismatch`.
Validation is checked separately to catch the same change.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from compendium import paths, validate
from compendium.assessment import Method
from compendium.package import load

DATA = paths.data_dir()
BOOK = paths.book_dir()

#: Claims whose cells compute a figure: the table, key and cells to change, and the new values
#: (a key value of None changes every row).
COMPUTED = {
    "P-SAMPLE-01": ("sample_counts.csv", "count_id", "N-BA-01", {"low": "99", "high": "99"}),
    "P-SAMPLE-03": ("sample_counts.csv", "count_id", "N-BA-03", {"low": "5", "high": "5"}),
    "P-SAMPLE-08": ("sample_counts.csv", "count_id", None, {"may_include": ""}),
    "P-SAMPLE-09": ("sample_counts.csv", "count_id", "N-CC-42", {"low": "15", "high": "40"}),
    "P-SAMPLE-05": ("speakers.csv", "speaker_id", "002-6B", {"role": "superintendent"}),
    "P-SAMPLE-12": ("projects.csv", "project_id", "BA", {"public_materials": "interview guide"}),
    "R-CITE-07": ("works.csv", "work_id", None, {"resolved": "resolved"}),
}

SWITCH_OFF_VALIDATION = (
    "import compendium.validate as _v\n"
    "from compendium.package import load as _load\n"
    "_v.load_valid = lambda *a, **k: _load()  # the mutated copy would fail validation first\n"
)


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def choose() -> dict[str, str]:
    """One claim per (kind, verdict) pair, claim id -> notebook; computed claims where we have a recipe."""
    data = load()
    method = Method(data)
    chosen: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for c in data["claims"].sort_values("claim_id").itertuples():
        pair = (c.kind, c.status)
        if c.method == "computed" and c.claim_id not in COMPUTED:
            continue
        if pair in seen and c.claim_id not in COMPUTED:
            continue
        if c.method == "evidence" and c.kind == "citation" and not method.voices(c.claim_id) and not method.works_of(c.claim_id):
            continue
        seen.add(pair)
        chosen[c.claim_id] = c.notebook
    return chosen


CHOSEN = choose()


def mutate(folder: Path, claim_ids: list[str]) -> None:
    """Change the data behind each claim in the copy at ``folder``."""
    data = load(folder)
    method = Method(data)
    ev_fields, ev = _rows(folder / "claim_evidence.csv")
    for cid in claim_ids:
        if cid in COMPUTED:
            file, key, value, changes = COMPUTED[cid]
            fields, rows = _rows(folder / file)
            for r in rows:
                if value is None or r[key] == value:
                    r.update(changes)
            _write(folder / file, fields, rows)
        elif method.voices(cid):
            ev = [r for r in ev if r["claim_id"] != cid]
        else:
            locator = str(data["claims"].set_index("claim_id").at[cid, "locator_id"])
            ev.append({**dict.fromkeys(ev_fields, ""), "claim_id": cid, "locator_id": locator,
                       "relation": "supports", "note": "mutation"})
    _write(folder / "claim_evidence.csv", ev_fields, ev)


def test_every_kind_and_verdict_is_covered():
    data = load()
    pairs = set(zip(data["claims"]["kind"], data["claims"]["status"]))
    chosen = data["claims"].set_index("claim_id").loc[list(CHOSEN)]
    assert set(zip(chosen["kind"], chosen["status"])) == pairs
    assert set(chosen["method"]) == {"evidence", "computed"}


@pytest.mark.parametrize("notebook", sorted(set(CHOSEN.values())))
def test_mutated_data_fail_the_claims_cell(tmp_path, notebook, monkeypatch):
    targets = sorted(c for c, nb in CHOSEN.items() if nb == notebook)
    copy = Path(shutil.copytree(DATA, tmp_path / "data"))
    mutate(copy, targets)
    nb = nbformat.read(BOOK / notebook, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SWITCH_OFF_VALIDATION))
    monkeypatch.setenv(paths.DATA_ENV, str(copy))
    client = NotebookClient(nb, timeout=300, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(BOOK)}})
    client.execute()
    failed = {}
    for cell in nb.cells:
        tags = [t.removeprefix("claim:") for t in cell.metadata.get("tags", []) if t.startswith("claim:")]
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        for t in tags:
            failed[t] = errors[0]["ename"] if errors else None
    for cid in targets:
        assert failed.get(cid) == "ClaimMismatch", f"{cid}: its cell in {notebook} did not fail ({failed.get(cid)})"
    report = validate.validate(copy, sources=None)
    for cid in targets:
        if cid not in COMPUTED:
            assert any(cid in i.message for i in report.errors), f"validation did not notice the change behind {cid}"

