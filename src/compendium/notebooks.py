"""Reading chapter notebooks: which cells carry which claim tags."""

from __future__ import annotations

import json
from pathlib import Path

#: Cell tags of the form ``claim:<claim_id>`` mark the cell that checks a claim.
TAG_PREFIX = "claim:"


def claim_tags(notebook: Path) -> list[str]:
    """Claim ids tagged on the code cells of one notebook, in cell order."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    return [
        tag[len(TAG_PREFIX) :]
        for cell in cells
        if cell.get("cell_type") == "code"
        for tag in cell.get("metadata", {}).get("tags", [])
        if tag.startswith(TAG_PREFIX)
    ]


def title(notebook: Path) -> str:
    """A chapter's title: the first level-one heading of its first markdown cell that has one."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError(f"{notebook}: no '# ' title in a markdown cell")


def anchor(claim_id: str) -> str:
    """The HTML id (and Sphinx label) of the cell that checks ``claim_id``."""
    return "claim-" + claim_id.lower()


def execute(notebook: Path, timeout: int = 300) -> None:
    """Re-execute a chapter in place, in its own folder, without timing metadata.

    Timestamps would make every re-run a diff; outputs alone are what nbval compares.
    The notebook is replaced only once it is executed and fully written (a temporary
    file in the same folder, then moved into place): a failing cell or a failed write
    leaves the previous file as it was.
    """
    import io

    import nbformat
    from nbclient import NotebookClient

    from compendium.package import write_atomic

    notebook = Path(notebook)
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(
        nb, timeout=timeout, record_timing=False, kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()

    def serialise(handle) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        nbformat.write(nb, text)
        text.flush()
        text.detach()

    write_atomic(notebook, serialise)
