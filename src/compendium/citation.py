"""How to cite the compendium: read from ``CITATION.cff`` at build time, never typed twice."""

from __future__ import annotations

import html
from pathlib import Path

import yaml

from compendium.paths import project_root as root


def metadata(path: Path | None = None) -> dict:
    """The citation metadata of the compendium (the parsed ``CITATION.cff``)."""
    path = root() / "CITATION.cff" if path is None else Path(path)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _authors(meta: dict) -> str:
    names = []
    for a in meta.get("authors", []):
        names.append(a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p))
    return ", ".join(names)


def reference(meta: dict | None = None) -> str:
    """The compendium as one reference in plain text: authors (year). Title (version vX). Licence."""
    meta = metadata() if meta is None else meta
    year = str(meta.get("date-released", ""))[:4]
    return (f"{_authors(meta)} ({year}). {meta['title']} (version {meta.get('version', '?')}, "
            f"released {meta.get('date-released', '?')}). Licence: {meta.get('license', '?')}.")


def bibtex(meta: dict | None = None) -> str:
    """The compendium as a BibTeX ``@software`` entry."""
    meta = metadata() if meta is None else meta
    fields = {
        "author": "{" + _authors(meta) + "}", "title": meta["title"], "year": str(meta.get("date-released", ""))[:4],
        "version": str(meta.get("version", "")), "note": f"Licence: {meta.get('license', '')}",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return "@software{policing_partnerships_compendium,\n" + body + "\n}"


class HowToCite:
    """The reference and its BibTeX, displayed in a chapter (HTML) or as text."""

    def __init__(self, meta: dict | None = None):
        self.meta = metadata() if meta is None else meta

    def _repr_html_(self) -> str:
        e = html.escape
        return (f'<div class="how-to-cite"><p>{e(reference(self.meta))}</p>'
                f'<pre class="how-to-cite-bibtex">{e(bibtex(self.meta))}</pre>'
                f'<p>{e(self.meta.get("message", ""))}</p></div>')

    def __repr__(self) -> str:
        return reference(self.meta) + "\n\n" + bibtex(self.meta)


def footer_html(meta: dict | None = None) -> str:
    """The footer line: licence, version and release date (escaped HTML)."""
    meta = metadata() if meta is None else meta
    e = html.escape
    return (f'<p class="compendium-footer">{e(meta["title"])}, version {e(str(meta.get("version", "")))} '
            f'({e(str(meta.get("date-released", "")))}). Licence: {e(str(meta.get("license", "")))} '
            f"(see the LICENSE file of the compendium).</p>")
