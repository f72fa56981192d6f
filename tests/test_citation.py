"""How to cite the compendium: read from CITATION.cff."""

from __future__ import annotations

from compendium import citation


def test_reference_and_footer_come_from_citation_cff():
    meta = citation.metadata()
    ref = citation.reference(meta)
    assert meta["title"] in ref and str(meta["version"]) in ref and str(meta["license"]) in ref
    footer = citation.footer_html(meta)
    assert str(meta["date-released"]) in footer and str(meta["license"]) in footer
    assert "@software{" in citation.bibtex(meta)


def test_footer_escapes():
    assert "<b>" not in citation.footer_html({"title": "<b>t</b>", "version": "1", "date-released": "d", "license": "MIT"})
