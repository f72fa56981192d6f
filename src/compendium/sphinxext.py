"""Sphinx extension: make every claim-checking notebook cell a link target.

A code cell tagged ``claim:<id>`` gets the HTML id ``claim-<id lower-cased>``
and a Sphinx label of the same name, so ``{ref}`` links to it are checked by
the build (a missing target is a warning, and the build runs with ``-W``).
"""

from __future__ import annotations

from docutils import nodes

from compendium.notebooks import TAG_PREFIX, anchor


def _anchor_claim_cells(app, doctree) -> None:
    std = app.env.get_domain("std")
    for node in doctree.findall(nodes.container):
        if node.get("nb_element") != "cell_code":
            continue
        for tag in node.get("cell_metadata", {}).get("tags", []):
            if tag.startswith(TAG_PREFIX):
                claim_id = tag[len(TAG_PREFIX) :]
                label = anchor(claim_id)
                node["ids"].append(label)
                std.note_hyperlink_target(label, app.env.docname, label, claim_id)


def setup(app):
    """Register the extension with Sphinx."""
    app.connect("doctree-read", _anchor_claim_cells)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
