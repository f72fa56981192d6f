"""Identifiers: stable GUIDs for REFI-QDA export, derived from the human-readable ids.

REFI-QDA needs a GUID on every source, code, selection and coding. Deriving them with
``uuid5`` from a fixed namespace and the compendium id means that exporting twice gives the
same GUIDs, and that a GUID can be traced back to its row.
"""

from __future__ import annotations

import uuid

#: Namespace of every GUID the compendium derives (itself uuid5 of the project's name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:policing-partnerships-compendium")

#: The REFI-QDA element each table maps onto.
REFI_ELEMENT = {
    "sources": "TextSource",
    "codes": "Code",
    "excerpts": "PlainTextSelection",
    "codings": "Coding",
    "speakers": "Case",
}


def guid(table: str, key: str) -> str:
    """The GUID of one row, e.g. ``guid("codes", "C-TRUST")``.

    Parameters
    ----------
    table : str
        The table the row belongs to (one of :data:`REFI_ELEMENT`).
    key : str
        The row's primary key (composite keys joined with ``"|"``).
    """
    if table not in REFI_ELEMENT:
        raise KeyError(f"table {table!r} has no REFI-QDA element")
    return str(uuid.uuid5(NAMESPACE, f"{table}:{key}"))
