"""Validation of REFI-QDA XML against the official schemas (``Project.xsd``, ``Codebook.xsd``).

The schemas are not shipped with the package (they are REFI's files); callers pass the
folder that holds them. Validation uses :mod:`xmlschema`; the document is parsed with
:mod:`defusedxml` first, so validation is as safe as import.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: The schema file of each root element.
SCHEMA_FILES = {"Project": "Project.xsd", "CodeBook": "Codebook.xsd"}


@lru_cache(maxsize=4)
def _schema(path: str):
    import xmlschema

    return xmlschema.XMLSchema(path)


def schema_errors(data: bytes, folder: Path | str, limit: int = 20) -> list[str]:
    """Where ``data`` (a ``.qde`` or ``.qdc`` document) breaks its schema; empty when it validates.

    Parameters
    ----------
    data : bytes
        The XML document.
    folder : Path or str
        The folder holding ``Project.xsd`` and ``Codebook.xsd``.
    limit : int
        Stop after this many errors.

    Raises
    ------
    FileNotFoundError
        If the schema file the document needs is not in ``folder``.
    compendium.refi.report.RefiError
        If the document is not safe, well-formed XML.
    """
    from compendium.refi.reader import parse_xml

    root = parse_xml(data, "document")
    local = root.tag.rsplit("}", 1)[-1]
    name = SCHEMA_FILES.get(local)
    if name is None:
        return [f"root element <{local}> is neither <Project> nor <CodeBook>"]
    path = Path(folder) / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: schema not found")
    out = []
    for error in _schema(str(path)).iter_errors(root):
        out.append(f"{error.path or '/'}: {error.reason or error.message}")
        if len(out) >= limit:
            break
    return out
