"""compendium.chapter: the one setup call and tables for people."""

from __future__ import annotations

import pandas as pd

from compendium import chapter, headline
from compendium.package import load
from compendium.verdicts import NO_EVIDENCE, VERDICTS


def test_headers_are_readable():
    assert chapter.header("claim_id") == "Claim id"
    assert chapter.header("ptype") == "Partnership type"
    assert chapter.header(("a_b", "c")) == "A b · C"


def test_tables_for_people_drop_a_plain_index_and_keep_a_named_one():
    plain = pd.DataFrame({"short_name": ["a"], "n": [1]}, index=[7])
    assert list(chapter.for_people(plain).columns) == ["Document", "Count"]
    named = pd.DataFrame({"n": [1]}, index=pd.Index(["x"], name="theme"))
    assert list(chapter.for_people(named).columns) == ["Theme", "Count"]


def test_tables_for_people_keep_row_labels_of_an_unnamed_index():
    """Row labels are data: an unnamed index of text stays, as a first column with an empty header."""
    labelled = pd.DataFrame({"women": [1, 2]}, index=["British Academy Project", "case conference research"])
    shown = chapter.for_people(labelled)
    assert list(shown.columns) == ["", "Women"]
    assert shown.iloc[:, 0].tolist() == ["British Academy Project", "case conference research"]
    two = pd.DataFrame({"n": [1]}, index=pd.MultiIndex.from_tuples([("a", "b")]))
    assert chapter.for_people(two).iloc[0].tolist() == ["a", "b", 1]
    # A column already called "index" does not collide with the kept labels.
    assert list(chapter.for_people(pd.DataFrame({"index": [5]}, index=["x"])).columns) == ["", "Index"]


def test_missing_values_are_empty_cells_and_empty_tables_a_sentence():
    t = pd.DataFrame({"parent_id": pd.array(["x", None], dtype="string"), "n": pd.array([1, None], dtype="Int64")})
    html = chapter.table_html(t)
    assert "&lt;NA&gt;" not in html and "<NA>" not in html and "index" not in html.lower()
    assert "No rows" in chapter.table_html(t.iloc[0:0])


def test_verdict_columns_become_badges_escaped_elsewhere():
    t = pd.DataFrame({"status": ["contested"], "claim": ["<b>x</b>"]})
    html = chapter.table_html(t)
    assert 'class="verdict-badge verdict-contested"' in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_chapter_sections_count_and_list():
    data = load()
    counts = chapter.verdicts(data, "culture.ipynb")
    assert counts["claims"].sum() == (data["claims"]["notebook"] == "culture.ipynb").sum()
    assert list(counts["status"]) == [v for v in VERDICTS if v in set(counts["status"])]
    assert set(chapter.unchecked(data)["status"]) <= set(NO_EVIDENCE)


def test_headline_figures_add_up():
    f = headline.figures(load())
    assert f["stand"] + f["problems"] == f["claims"] == f["article"] + f["review"]
    assert sum(f[v.replace(" ", "-")] for v in VERDICTS) == f["claims"]
