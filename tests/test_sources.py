"""Source texts: fingerprints and section spans."""

import pandas as pd

from compendium.locators import normalise
from compendium.sources import fingerprint, section_at, section_spans

RAW = "Title\n\n Intro \ntext one\n\nMethods\nmore  text\nMethods again\n"
SECTIONS = pd.DataFrame({"section_id": ["t", "i", "m"], "ordinal": [1, 2, 3],
                         "heading": ["Title", "Intro", "Methods"], "marker": ["Title", "Intro", "Methods"]})


def test_fingerprint_ignores_reflow_but_not_words():
    assert fingerprint("a b\nc") == fingerprint("a  b c")
    assert fingerprint("a b c") != fingerprint("a b d")


def test_section_spans_follow_marker_lines_in_order():
    spans, missing = section_spans(RAW, SECTIONS)
    norm = normalise(RAW)
    assert missing == []
    assert [norm[s.start : s.start + len(s.heading)] for s in spans] == ["Title", "Intro", "Methods"]
    assert section_at(spans, norm.index("more")) == "m"
    assert section_at(spans, norm.index("text one")) == "i"
    assert spans[-1].end == len(norm)


def test_missing_or_out_of_order_marker_is_reported():
    bad = SECTIONS.assign(ordinal=[1, 3, 2])
    spans, missing = section_spans(RAW, bad)
    assert missing == ["i"]
