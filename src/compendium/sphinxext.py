"""Sphinx extension: claim cells as link targets, the generated bibliography, and page assets.

- A code cell tagged ``claim:<id>`` gets the HTML id ``claim-<id lower-cased>``
  and a Sphinx label of the same name, so ``{ref}`` links to it are checked by
  the build (a missing target is a warning, and the build runs with ``-W``).
- When sphinxcontrib-bibtex is loaded, the bibliography is generated from
  ``data/`` (:mod:`compendium.bibliography`) into the build folder, never into
  ``data/``, and added to ``bibtex_bibfiles`` before sphinxcontrib-bibtex reads it.
- The claims index filter (JavaScript) and the quotation styles (CSS) ship with
  the package and are added to every page; the verdict colours are written as a
  stylesheet from :mod:`compendium.palette` at build time, so they are defined once.
- The page footer states the licence, version and release date, read from
  ``CITATION.cff`` at build time (:mod:`compendium.citation`).
- A glued table pasted with ``{glue:figure}`` and ``:figclass: compendium-table``
  (:func:`compendium.chapter.glue_table`) is numbered with the tables ("Table 3"),
  captioned above, and ``{numref}`` to its ``:name:`` reads "Table 3"; myst-nb
  alone would number it as a figure.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

from compendium.notebooks import TAG_PREFIX, anchor

STATIC = Path(__file__).parent / "static"
#: Name of the generated BibTeX file, inside the build folder.
BIBFILE = "compendium.bib"


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


#: The figure class that marks a pasted table (``:figclass:`` of its ``{glue:figure}``).
TABLE_CLASS = "compendium-table"


class table_figure(nodes.figure):
    """A pasted table with its caption, numbered in the sequence of tables, not of figures."""


class caption_end(nodes.Invisible, nodes.Element):
    """Closes a table's caption in HTML (``</figcaption>``): tables are captioned above, not below."""


class _TablesAsTables(SphinxTransform):
    """Turn each figure marked :data:`TABLE_CLASS` into a :class:`table_figure`, caption first.

    It runs before Sphinx's domains record the page's labels (priority 850), so the label
    of ``:name:`` points at the table node and ``{numref}`` reads "Table N".
    """

    default_priority = 845

    def apply(self, **kwargs) -> None:
        for figure in list(self.document.findall(nodes.figure)):
            if type(figure) is not nodes.figure or TABLE_CLASS not in figure["classes"]:
                continue
            captions = [child for child in figure.children if isinstance(child, nodes.caption)]
            others = [child for child in figure.children if not isinstance(child, nodes.caption)]
            head = [*captions, caption_end()] if captions else []
            table = table_figure(figure.rawsource, *head, *others, **figure.attributes)
            table.source, table.line = figure.source, figure.line
            figure.replace_self(table)
            for node_id in table["ids"]:
                self.document.ids[node_id] = table


def _visit_table_figure(self, node) -> None:
    node["_body_start"] = len(self.body)
    self.visit_figure(node)


def _depart_table_figure(self, node) -> None:
    # The caption was closed by caption_end; docutils' depart_figure would close it again.
    self.body.append("</figure>\n")
    # Sphinx titles every figure caption's permalink "Link to this image"; this one is a table.
    start = node.attributes.pop("_body_start", 0)
    for i in range(start, len(self.body)):
        self.body[i] = self.body[i].replace("Link to this image", "Link to this table")


def _visit_caption_end(self, node) -> None:
    self.body.append("</figcaption>\n")
    raise nodes.SkipNode


def _skip(self, node) -> None:
    raise nodes.SkipNode


def _cited_in(app, doctree, docname) -> None:
    """Under each bibliography entry, links back to every place in the book that cites it.

    sphinxcontrib-bibtex gives back-references only within the bibliography's own page; the
    citations of this book are in the chapters, so the links are added here from its domain data.
    """
    if "sphinxcontrib.bibtex" not in app.config.extensions or app.builder.format != "html":
        return
    domain = app.env.get_domain("cite")
    by_id = {c.citation_id: c for c in domain.citations}
    titles = app.env.titles
    for node in doctree.findall(nodes.citation):
        citation = next((by_id[i] for i in node["ids"] if i in by_id), None)
        if citation is None:
            continue
        refs = [r for r in domain.citation_refs if citation.key in {t.key for t in r.targets}]
        if not refs:
            continue
        para = nodes.paragraph(classes=["cited-in"])
        para += nodes.Text("Cited in: ")
        seen: dict[str, int] = {}
        for r in sorted(refs, key=lambda r: (r.docname, r.line or 0)):
            seen[r.docname] = seen.get(r.docname, 0) + 1
            if seen[r.docname] > 1:
                continue
            uri = app.builder.get_relative_uri(docname, r.docname) + "#" + r.citation_ref_id
            title = titles[r.docname].astext() if r.docname in titles else r.docname
            if len(para.children) > 1:
                para += nodes.Text("; ")
            para += nodes.reference("", title, refuri=uri, internal=True)
        node += para


def bibfile(app) -> Path:
    """Where the generated BibTeX file is written: beside the doctrees, in the build folder."""
    return Path(app.doctreedir).parent / "generated" / BIBFILE


def _write_bibliography(app, config) -> None:
    if "sphinxcontrib.bibtex" not in config.extensions:
        return
    from compendium.bibliography import to_bibtex
    from compendium.package import write_atomic
    from compendium.validate import load_valid

    target = bibfile(app)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = to_bibtex(load_valid())
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_atomic(target, text)  # a failed write leaves the previous file whole
    files = list(config.bibtex_bibfiles or [])
    if str(target) not in files:
        config.bibtex_bibfiles = files + [str(target)]


def _copy_bibliography(app, exception) -> None:
    """Offer the generated BibTeX file for download beside the built pages."""
    if exception is None and app.builder.format == "html" and bibfile(app).is_file():
        from compendium.package import write_atomic

        write_atomic(Path(app.outdir) / BIBFILE, bibfile(app).read_bytes())


def _add_static(app, config) -> None:
    from compendium.palette import css

    generated = Path(app.doctreedir).parent / "generated" / "static"
    generated.mkdir(parents=True, exist_ok=True)
    target = generated / "verdicts.css"
    if not target.is_file() or target.read_text(encoding="utf-8") != css():
        target.write_text(css(), encoding="utf-8")
    config.html_static_path = [*config.html_static_path, str(STATIC), str(generated)]


def _footer(app, config) -> None:
    """Licence, version and date in every page's footer, from CITATION.cff."""
    from compendium.citation import footer_html

    options = dict(config.html_theme_options or {})
    options["extra_footer"] = footer_html()
    config.html_theme_options = options


def _execution_cache(app, config) -> None:
    """Key the execution cache on everything a chapter depends on, not on its code alone.

    jupyter-cache matches a notebook by its code; the cache is put in a folder named by
    :func:`compendium.cache.execution_key` (data, package, sources, requirements), so a change
    to any of them starts an empty cache, and Sphinx, seeing the setting change, re-reads every
    page. Folders of other keys are removed.
    """
    if config.nb_execution_mode != "cache":
        return
    import shutil

    from compendium.cache import execution_key

    base = Path(app.outdir).parent / ".jupyter_cache"
    key = execution_key(Path(app.srcdir))
    config.nb_execution_cache_path = str(base / key)
    if base.is_dir():
        for old in base.iterdir():
            if old.name != key:
                shutil.rmtree(old) if old.is_dir() else old.unlink()


def _execute_ahead(app, env, docnames) -> None:
    """Execute the notebooks Sphinx is about to read and the cache lacks, over every core.

    Sphinx reads pages one by one, so myst-nb executes them one by one; jupyter-cache's
    parallel executor fills the cache first, and myst-nb then finds every notebook there.
    A notebook that fails here is left out of the cache: myst-nb executes it again and
    reports its error as usual.
    """
    config = app.config
    if config.nb_execution_mode != "cache":
        return
    paths = [str(env.doc2path(d)) for d in docnames]
    paths = [p for p in paths if p.endswith(".ipynb")]
    if len(paths) < 2:
        return
    import logging

    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor
    from sphinx.util import logging as sphinx_logging

    cache = get_cache(config.nb_execution_cache_path)
    for path in paths:
        cache.add_nb_to_project(path)
    waiting = cache.list_unexecuted(filter_uris=paths)
    if not waiting:
        return
    sphinx_logging.getLogger(__name__).info(f"executing {len(waiting)} notebook(s) ahead, in parallel")
    executor = load_executor("local-parallel", cache=cache, logger=logging.getLogger("compendium.execute"))
    executor.run_and_cache(filter_uris=[r.uri for r in waiting], timeout=config.nb_execution_timeout, allow_errors=config.nb_execution_allow_errors)


def setup(app):
    """Register the extension with Sphinx."""
    app.connect("doctree-read", _anchor_claim_cells)
    app.add_enumerable_node(table_figure, "table", html=(_visit_table_figure, _depart_table_figure))
    app.add_node(caption_end, html=(_visit_caption_end, None), latex=(_skip, None), text=(_skip, None))
    app.add_transform(_TablesAsTables)
    app.connect("doctree-resolved", _cited_in)
    app.connect("config-inited", _write_bibliography)
    app.connect("config-inited", _add_static)
    app.connect("config-inited", _footer)
    app.connect("config-inited", _execution_cache)
    app.connect("env-before-read-docs", _execute_ahead)
    app.connect("build-finished", _copy_bibliography)
    app.add_css_file("compendium.css")
    app.add_css_file("verdicts.css")
    app.add_js_file("claims-index.js")
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
