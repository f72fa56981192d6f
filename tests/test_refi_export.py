"""Export of the compendium to REFI-QDA: valid against the official schemas, positions right, the article never in full."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from refi_build import refi_folder

from compendium.locators import normalise
from compendium.package import load
from compendium.refi import Case, Code, Note, NoteRef, Project, RefiError, Selection, Set, Source, Variable, corpus, writer
from compendium.refi.reader import parse_xml
from compendium.refi.schema import schema_errors

#: The source whose full text may be redistributed in these tests (the review); the article may not.
FULL = {"000"}


@pytest.fixture(scope="module")
def data():
    return load()


@pytest.fixture(scope="module")
def exported(data, seeds):
    return corpus.project(data, seeds, full_text=FULL)


def entries(project):
    with zipfile.ZipFile(io.BytesIO(writer.archive_bytes(project))) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_codebook_validates_against_codebook_xsd(data):
    qdc = writer.codebook_xml(corpus.project(data))
    assert schema_errors(qdc, refi_folder()) == []
    root = parse_xml(qdc, "qdc")
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    assert len(root.findall(".//{urn:QDA-XML:codebook:1.0}Code")) == len(data["codes"])


def test_project_validates_against_project_xsd(exported):
    assert schema_errors(writer.project_xml(exported), refi_folder()) == []


def test_schema_validation_can_fail():
    # a check that cannot fail is a defect: an invalid document must be reported
    bad = b'<Project xmlns="urn:QDA-XML:project:1.0"><Sources><TextSource/></Sources></Project>'
    assert schema_errors(bad, refi_folder())


def test_archive_layout_and_determinism(exported):
    files = entries(exported)
    assert set(files) == {"project.qde"} | {f"sources/{s.guid}.txt" for s in exported.sources}
    assert writer.archive_bytes(exported) == writer.archive_bytes(exported)


def test_selections_sit_at_their_excerpts(data, exported, seeds):
    loc = data["locators"].set_index("locator_id")
    texts = {s.guid: s.text for s in exported.sources}
    by_name = {s.name: s for s in exported.selections}
    for e in data["excerpts"].itertuples():
        sel = by_name[e.excerpt_id]
        assert texts[sel.source][sel.start : sel.end] == loc.at[e.locator_id, "exact"]
    review = next(s for s in exported.sources if s.name == "review")
    assert review.text == normalise((seeds / data["sources"].set_index("source_id").at["000", "text_file"]).read_text(encoding="utf-8"))
    for sel in exported.selections:
        if sel.source == review.guid:
            assert review.text[sel.start : sel.end] == loc.at[sel.name, "exact"]


def test_the_article_is_exported_with_its_excerpts_only(data, exported, seeds):
    article = next(s for s in exported.sources if s.name == "article")
    full = normalise((seeds / data["sources"].set_index("source_id").at["002", "text_file"]).read_text(encoding="utf-8"))
    assert len(article.text) < 0.2 * len(full)
    quotes = set(data["locators"].set_index("locator_id").loc[data["excerpts"]["locator_id"], "exact"])
    for piece in article.text.split(corpus.GAP):
        assert piece in full and any(q in piece for q in quotes)
    notes = {n.guid: n for n in exported.notes}
    said = [notes[r.note].text for r in exported.note_refs if r.owner == article.guid]
    assert said and "Excerpts only" in said[0] and "Excerpts only" in article.description
    # nothing in the archive holds a longer run of the article than the excerpts do
    archive = b"".join(entries(exported).values()).decode("utf-8", "replace")
    words = full.split()
    for i in range(0, len(words) - 40, 40):
        run = " ".join(words[i : i + 40])
        assert run not in archive or any(run in q for q in quotes)


def test_by_default_no_source_carries_its_full_text(data):
    project = corpus.project(data)
    assert all(s.description.count("Excerpts only") for s in project.sources)


def test_codings_cases_and_claims(data, exported):
    assert len(exported.codings) == len(data["codings"])
    names = {v.guid: v.name for v in exported.variables}
    assert set(names.values()) == {"role", "gender", "project"}
    kate = next(c for c in exported.cases if c.name == "Kate")
    values = {names[v]: value for v, value in kate.values}
    assert values["gender"] == "female" and values["project"].startswith("CC")
    claims = {n.name for n in exported.notes}
    assert set(data["claims"]["claim_id"]) <= claims
    relations = {lk.name for lk in exported.links}
    assert {"supports", "stated at"} <= relations


def test_writes_are_atomic_and_a_bad_project_writes_nothing(tmp_path, exported):
    target = tmp_path / "out.qdpx"
    writer.write_qdpx(exported, target)
    before = target.read_bytes()
    broken = replace(exported, codes=[*exported.codes, Code("not-a-guid", "x")])
    with pytest.raises(RefiError, match="not a GUID"):
        writer.write_qdpx(broken, target)
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["out.qdpx"]


G1, G2, G3 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333"


@pytest.mark.parametrize("project, problem", [
    (Project("p", codes=[Code(G1, "a"), Code(G1, "b")]), "already used"),
    (Project("p", codes=[Code(G1, "a", parent=G2)]), "parent"),
    (Project("p", codes=[Code(G1, "a", parent=G2), Code(G2, "b", parent=G1)]), "cycle"),
    (Project("p", codes=[Code(G1, "a", color="green")]), "colour"),
    (Project("p", codes=[Code(G1, "a\x01")]), "character XML cannot carry"),
    (Project("p", sources=[Source(G1, "s", "abc")], selections=[Selection(G2, G1, 1, 9)]), "do not fit"),
    (Project("p", sources=[Source(G1, "s", "abc")], selections=[Selection(G2, G3, 0, 1)]), "is not a source"),
    (Project("p", notes=[Note(G1, "n", "t")], note_refs=[NoteRef(G3, G1)]), "cannot carry a note"),
    (Project("p", variables=[Variable(G1, "age", "Integer")], cases=[Case(G2, "c", values=((G1, "forty"),))]), "not a Integer value"),
    (Project("p", codes=[Code(G1, "a")], sets=[Set(G2, "s", codes=(G3,))]), "is not a code"),
])
def test_every_write_check_can_fail(project, problem):
    assert any(problem in p for p in writer.problems(project))
    with pytest.raises(RefiError, match=problem):
        writer.project_xml(project)


def test_a_codebook_needs_a_code():
    with pytest.raises(RefiError, match="at least one code"):
        writer.codebook_xml(Project("p"))


def test_excerpt_text_merges_overlaps_and_rebases():
    full = "0123456789abcdefghij"
    spans = [(2, 5, full[2:5]), (4, 8, full[4:8]), (12, 15, full[12:15]), (12, 15, full[12:15])]
    text, where = corpus.excerpt_text(spans)
    assert text == "234567" + corpus.GAP + "cde"
    for s, e, exact in spans:
        assert text[where[(s, e)] : where[(s, e)] + e - s] == exact
    with pytest.raises(ValueError, match="offsets"):
        corpus.excerpt_text([(0, 3, "ab")])
