"""Import of REFI-QDA files: every quirk of real exports (../shared/refi-qda/README.md) on a small fixture."""

from __future__ import annotations

import pytest
from refi_build import G, ONE_CODE, codebook, codes, qde, qdpx, refi_folder, selection, source

from compendium.refi import RefiError, read


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- the real ATLAS.ti samples ---------------------------------------------------------


def test_blank_atlas_sample_imports_as_an_empty_project():
    project, report = read(refi_folder() / "samples" / "blank-atlas-project.qdpx")
    assert project.name == "blank-atlas-project" and project.origin.startswith("ATLAS.ti")
    assert not any(project.counts().values())
    assert "users" in report.codes() and "nothing to import" in report.lines()[0]


def test_target_atlas_sample_imports_its_nested_codebook_with_upper_case_guids():
    project, report = read(refi_folder() / "samples" / "target-atlas-project.qdpx")
    root, *children = project.codes
    assert root.name == "Commits" and root.parent is None
    assert [c.parent for c in children] == [root.guid, root.guid] and len(children) == 2
    assert root.guid == "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"
    assert "guid-case" in report.codes()


# ---- codes -------------------------------------------------------------------------------


def test_nested_codes_become_a_tree(tmp_path):
    book = (f'<Codes><Code guid="{G["code"]}" name="Parent" isCodable="false" color="#aabbcc"><Description>d</Description>'
            f'<Code guid="{G["child"]}" name="Child" isCodable="true"/></Code></Codes>')
    project, report = read(write(tmp_path, "book.qdc", codebook(book)))
    parent, child = project.codes
    assert (parent.codable, parent.color, parent.description) == (False, "#AABBCC", "d")
    assert child.parent == parent.guid and child.codable
    assert report.kind == "qdc" and report.imported["codes"] == 2


@pytest.mark.parametrize("sep, names", [("::", ["Trust::Length", "Trust::Named"]), (".", ["trust.length", "trust.named"])])
def test_flattened_names_are_reported_and_unflattened_on_request(tmp_path, sep, names):
    path = write(tmp_path, "p.qde", qde(codes(*names)))
    project, report = read(path)
    assert [c.name for c in project.codes] == names and "codes-flattened" in report.codes()
    project, report = read(path, unflatten=sep)
    parent = project.codes[0]
    assert parent.codable is False and parent.name == names[0].split(sep)[0]
    assert [c.parent for c in project.codes[1:]] == [parent.guid, parent.guid]
    assert [c.name for c in project.codes[1:]] == [n.split(sep)[1] for n in names]
    assert "codes-unflattened" in report.codes()


def test_plain_names_are_not_reported_as_flattened(tmp_path):
    _, report = read(write(tmp_path, "p.qde", qde(codes("Trust", "Cost"))))
    assert "codes-flattened" not in report.codes()


def test_guids_compare_case_insensitively_and_braces_are_dropped(tmp_path):
    lower = "abcdef12-3456-4789-8abc-def123456789"
    body = (f'<CodeBook><Codes><Code guid="{{{lower.upper()}}}" name="T" isCodable="true"/></Codes></CodeBook>'
            + source(inline="hello world", selections=selection(0, 5, code=lower)))
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert project.codes[0].guid == lower and project.codings[0].code == lower
    assert {"guid-case", "guid-braces"} <= set(report.codes())


def test_a_guid_that_is_not_one_is_replaced_stably(tmp_path):
    body = '<CodeBook><Codes><Code guid="code-1" name="T" isCodable="true"/></Codes></CodeBook>'
    p1, report = read(write(tmp_path, "p.qde", qde(body)))
    p2, _ = read(tmp_path / "p.qde")
    assert p1.codes[0].guid == p2.codes[0].guid != "code-1" and "guid-invalid" in report.codes()


@pytest.mark.parametrize("value, expected, adapted", [
    ("#00ff00", "#00FF00", False), ("#0f0", "#00FF00", True), ("00FF00", "#00FF00", True),
    ("#FF00FF00", "#00FF00", True), ("rgb(0, 255, 0)", "#00FF00", True), ("rgba(0,255,0,0.5)", "#00FF00", True),
])
def test_colours_in_odd_forms(tmp_path, value, expected, adapted):
    body = f'<CodeBook><Codes><Code guid="{G["code"]}" name="T" isCodable="true" color="{value}"/></Codes></CodeBook>'
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert project.codes[0].color == expected
    assert ("colour-form" in report.codes()) is adapted


def test_an_unreadable_colour_is_dropped_with_a_warning(tmp_path):
    body = f'<CodeBook><Codes><Code guid="{G["code"]}" name="T" isCodable="true" color="greenish"/></Codes></CodeBook>'
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert project.codes[0].color is None and "colour-unreadable" in report.codes()


def test_member_code_by_guid_or_target_guid(tmp_path):
    code = f'<Codes><Code guid="{G["code"]}" name="T" isCodable="true"/></Codes>'
    qdc = codebook(code + f'<Sets><Set guid="{G["set"]}" name="S"><MemberCode guid="{G["code"]}"/></Set></Sets>')
    project, report = read(write(tmp_path, "b.qdc", qdc))
    assert project.sets[0].codes == (G["code"],) and "member-guid" not in report.codes()
    project_form = qde(f"<CodeBook>{code}</CodeBook>" + f'<Sets><Set guid="{G["set"]}" name="S"><MemberCode guid="{G["code"]}"/></Set></Sets>')
    project, report = read(write(tmp_path, "p.qde", project_form))
    assert project.sets[0].codes == (G["code"],) and "member-guid" in report.codes()
    project, report = read(write(tmp_path, "b2.qdc", qdc.replace('MemberCode guid', 'MemberCode targetGUID')))
    assert project.sets[0].codes == (G["code"],) and "member-guid" in report.codes()


def test_schema_deviations_that_still_read_are_accepted_with_a_warning(tmp_path):
    taguette = codebook(f'<Codes><Code guid="{G["code"]}" name="T" isCodable="true"/></Codes><Sets/>')
    project, report = read(write(tmp_path, "t.qdc", taguette))
    assert len(project.codes) == 1 and "schema-empty-container" in report.codes()
    old_atlas = codebook(f'<Codes><Code guid="{G["code"]}" name="T" isCodable="true"/></Codes>', ns="urn:QDA-XML:codebook:0:4")
    project, report = read(write(tmp_path, "a.qdc", old_atlas))
    assert len(project.codes) == 1 and "namespace" in report.codes()


def test_a_missing_is_codable_reads_as_codable(tmp_path):
    body = f'<CodeBook><Codes><Code guid="{G["code"]}" name="T"/></Codes></CodeBook>'
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert project.codes[0].codable and "code-codable" in report.codes()


# ---- texts -------------------------------------------------------------------------------


def test_inline_text(tmp_path):
    body = ONE_CODE + source(inline="We trust Kate.", selections=selection(3, 8))
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    s = project.selections[0]
    assert project.sources[0].text[s.start : s.end] == "trust" and report.kind == "qde"


@pytest.mark.parametrize("path_attr, entry, adapted", [
    ("internal://doc.txt", "sources/doc.txt", None),
    ("internal://doc.txt", "Sources/doc.txt", None),
    ("internal://doc.txt", "SOURCES/DOC.TXT", None),
    ("doc.txt", "sources/doc.txt", "text-bare-path"),
    ("relative://doc.txt", "sources/doc.txt", "text-relative"),
])
def test_text_in_the_archive_under_any_path_form(tmp_path, path_attr, entry, adapted):
    body = ONE_CODE + source(f'plainTextPath="{path_attr}"', selections=selection(3, 8))
    archive = qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body, attrs='basePath="C:\\Users\\me\\study\\"'), entry: "We trust Kate."})
    project, report = read(archive)
    s = project.selections[0]
    assert project.sources[0].text[s.start : s.end] == "trust"
    assert adapted is None or adapted in report.codes()


@pytest.mark.parametrize("entry", ["project.qde", "Project.qde", "My study.qde"])
def test_project_entry_names(tmp_path, entry):
    project, report = read(qdpx(tmp_path / "p.qdpx", {entry: qde(ONE_CODE)}))
    assert len(project.codes) == 1
    assert ("project-entry" in report.codes()) is (entry == "My study.qde")


def test_an_archive_without_a_project_entry_is_refused(tmp_path):
    path = qdpx(tmp_path / "p.qdpx", {"sources/doc.txt": "text"})
    with pytest.raises(RefiError, match=r"p\.qdpx.*no project file"):
        read(path)


def test_an_archive_with_two_unnamed_project_entries_is_refused(tmp_path):
    path = qdpx(tmp_path / "p.qdpx", {"a.qde": qde(""), "b.qde": qde("")})
    with pytest.raises(RefiError, match="2 project files"):
        read(path)


def test_a_missing_referenced_file_leaves_the_source_without_text(tmp_path):
    body = ONE_CODE + source('plainTextPath="internal://gone.txt"', selections=selection(3, 8))
    project, report = read(qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body)}))
    assert project.sources[0].text is None and len(project.selections) == 1
    assert "text-missing" in report.codes()


def test_crlf_is_kept_and_counts_two(tmp_path):
    text = "line one\r\nwe trust Kate"
    body = ONE_CODE + source('plainTextPath="internal://doc.txt"', selections=selection(13, 18))
    project, report = read(qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body), "sources/doc.txt": text}))
    s = project.selections[0]
    assert project.sources[0].text == text and text[s.start : s.end] == "trust"
    assert "text-crlf" in report.codes()


def test_a_bom_is_dropped(tmp_path):
    body = ONE_CODE + source('plainTextPath="internal://doc.txt"', selections=selection(3, 8))
    project, report = read(qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body), "sources/doc.txt": b"\xef\xbb\xbfWe trust Kate."}))
    s = project.selections[0]
    assert project.sources[0].text[s.start : s.end] == "trust" and "text-bom" in report.codes()


# ---- positions: code points or UTF-16 ------------------------------------------------------

EMOJI_TEXT = "Great 😀 meeting, we trust Kate and 😀 Neil."


def _emoji_archive(tmp_path, unit_shift: int, name: str = ""):
    # "trust" starts at code point 20 and "Neil" at 37; UTF-16 adds one per emoji before them
    sels = (selection(20 + unit_shift, 25 + unit_shift, name=name)
            + selection(37 + 2 * unit_shift, 41 + 2 * unit_shift, guid=G["sel2"], coding=G["cod2"]))
    body = ONE_CODE + source('plainTextPath="internal://doc.txt"', selections=sels)
    return qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body), "sources/doc.txt": EMOJI_TEXT})


@pytest.mark.parametrize("shift, code", [(0, "positions-codepoints"), (1, "positions-utf16")])
def test_position_unit_is_detected_from_the_selections(tmp_path, shift, code):
    project, report = read(_emoji_archive(tmp_path, shift))
    text = project.sources[0].text
    assert [text[s.start : s.end] for s in project.selections] == ["trust", "Neil"]
    assert code in report.codes()


def test_utf16_positions_beyond_the_code_point_length_decide_alone(tmp_path):
    text = "😀😀 ab"  # 5 code points, 7 UTF-16 units
    body = ONE_CODE + source('plainTextPath="internal://doc.txt"', selections=selection(5, 7))
    project, report = read(qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body), "sources/doc.txt": text}))
    s = project.selections[0]
    assert text[s.start : s.end] == "ab" and "positions-utf16" in report.codes()


def test_a_selection_that_fits_no_counting_is_dropped(tmp_path):
    body = ONE_CODE + source(inline="short", selections=selection(2, 50))
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert not project.selections and not project.codings and "selection-out-of-range" in report.codes()


# ---- other content -------------------------------------------------------------------------


def test_a_source_without_selections_and_an_empty_project(tmp_path):
    project, _ = read(write(tmp_path, "p.qde", qde(source(inline="uncoded text"))))
    assert project.sources[0].text == "uncoded text" and not project.selections
    project, report = read(write(tmp_path, "e.qde", qde("")))
    assert not any(project.counts().values()) and report.imported["codes"] == 0


def test_unsupported_content_is_reported(tmp_path):
    body = (ONE_CODE + f'<Sources><PDFSource guid="{G["src"]}" name="pdf"/>'
            f'<TextSource guid="{G["sel"]}" name="t"><PlainTextContent>x</PlainTextContent>'
            f'<Coding guid="{G["cod"]}"><CodeRef targetGUID="{G["code"]}"/></Coding></TextSource></Sources>'
            f'<Graphs><Graph guid="{G["note"]}"/></Graphs>')
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert {"source-kind", "source-codings", "graphs"} <= {f.code for f in report.unsupported}
    assert len(project.sources) == 1


def test_a_coding_of_an_unknown_code_is_dropped(tmp_path):
    body = ONE_CODE + source(inline="hello", selections=selection(0, 5, code=G["child"]))
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert not project.codings and "coding-unknown-code" in report.codes()


def test_cases_variables_notes_and_links(tmp_path):
    var = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
    case = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
    link = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
    body = (ONE_CODE + f'<Variables><Variable guid="{var}" name="role" typeOfVariable="Text"/></Variables>'
            f'<Cases><Case guid="{case}" name="Kate"><VariableValue><VariableRef targetGUID="{var}"/><TextValue>officer</TextValue></VariableValue>'
            f'<SelectionRef targetGUID="{G["sel"]}"/></Case></Cases>'
            + source(inline="We trust Kate.", selections=selection(3, 8))
            + f'<Notes><Note guid="{G["note"]}" name="memo"><PlainTextContent>why</PlainTextContent></Note></Notes>'
            f'<Links><Link guid="{link}" name="supports" originGUID="{G["note"]}" targetGUID="{G["sel"]}"/></Links>'
            f'<NoteRef targetGUID="{G["note"]}"/>')
    project, _ = read(write(tmp_path, "p.qde", qde(body)))
    assert project.cases[0].values == ((var, "officer"),) and project.cases[0].selections == (G["sel"],)
    assert project.notes[0].text == "why" and project.links[0].name == "supports"
    assert project.note_refs[0].owner == ""


# ---- files that cannot be read ---------------------------------------------------------------


@pytest.mark.parametrize("content, why", [
    (b"not xml at all", "not well-formed"),
    (b"<Project xmlns='urn:QDA-XML:project:1.0' name='x'>", "not well-formed"),
    (b"<Other/>", "root element is <Other>"),
    ("<?xml version='1.0' encoding='utf-8'?><CodeBook><Codes/></CodeBook>".encode("utf-16"), "not well-formed"),
])
def test_unreadable_files_are_refused_with_one_line(tmp_path, content, why):
    path = tmp_path / "bad.qdc"
    path.write_bytes(content)
    with pytest.raises(RefiError, match=why) as info:
        read(path)
    assert "bad.qdc" in str(info.value) and "\n" not in str(info.value)


def test_a_truncated_archive_is_refused(tmp_path):
    good = qdpx(tmp_path / "p.qdpx", {"project.qde": qde(ONE_CODE)})
    cut = tmp_path / "cut.qdpx"
    cut.write_bytes(good.read_bytes()[:40])
    with pytest.raises(RefiError, match=r"cut\.qdpx"):
        read(cut)


def test_a_missing_file_and_a_folder_are_refused(tmp_path):
    with pytest.raises(RefiError, match="cannot be read"):
        read(tmp_path / "nothing.qdpx")
    with pytest.raises(RefiError, match="is a folder"):
        read(tmp_path)


# ---- validation against the schemas on request -------------------------------------------------


def test_schema_deviations_are_reported_when_schemas_are_given(tmp_path):
    folder = refi_folder()
    taguette = codebook(f'<Codes><Code guid="{G["code"]}" name="T" isCodable="true"/></Codes><Sets/>')
    path = write(tmp_path, "t.qdc", taguette)
    project, report = read(path, schemas=folder)
    assert len(project.codes) == 1 and "schema" in report.codes()
    _, plain = read(path)
    assert "schema" not in plain.codes()


@pytest.mark.parametrize("sample", ["blank-atlas-project.qdpx", "target-atlas-project.qdpx"])
def test_the_atlas_samples_validate_and_re_export_validly(tmp_path, sample):
    from compendium.refi import writer
    from compendium.refi.schema import schema_errors

    folder = refi_folder()
    project, report = read(folder / "samples" / sample, schemas=folder)
    assert "schema" not in report.codes()
    assert schema_errors(writer.project_xml(project), folder) == []


def test_set_members_and_variable_values_that_do_not_fit_are_dropped(tmp_path):
    var = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
    case = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
    body = (ONE_CODE + f'<Variables><Variable guid="{var}" name="age" typeOfVariable="Integer"/></Variables>'
            f'<Cases><Case guid="{case}"><VariableValue><VariableRef targetGUID="{var}"/><IntegerValue>forty</IntegerValue></VariableValue></Case></Cases>'
            f'<Sets><Set guid="{G["set"]}" name="S"><MemberCode targetGUID="{G["code"]}"/><MemberCode targetGUID="{G["child"]}"/></Set></Sets>')
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    assert project.cases[0].values == () and project.sets[0].codes == (G["code"],)
    assert {"value-invalid", "set-unknown-member"} <= set(report.codes())


def test_a_file_full_of_quirks_imports_into_a_project_that_exports_validly(tmp_path):
    from compendium.refi import writer
    from compendium.refi.schema import schema_errors

    folder = refi_folder()
    body = ('<CodeBook><Codes><Code guid="{ABCDEF12-3456-4789-8ABC-DEF123456789}" name="Trust::Named" color="rgb(1,2,3)"/>'
            f'<Code guid="not-a-guid" name="Trust::Length" isCodable="true" color="#abc"/></Codes></CodeBook>'
            + source('plainTextPath="doc.txt"', selections=selection(22, 27, code="abcdef12-3456-4789-8abc-def123456789") + selection(3, 400, guid=G["sel2"], coding=G["cod2"]))
            + "<Sets/>")
    text = "Great 😀 meeting,\r\nwe trust Kate".encode("utf-8")
    path = qdpx(tmp_path / "p.qdpx", {"My study.qde": qde(body, ns="urn:QDA-XML:project:0:4"), "Sources/doc.txt": b"\xef\xbb\xbf" + text})
    project, report = read(path, unflatten="::")
    assert project.sources[0].text[project.selections[0].start : project.selections[0].end] == "trust"
    assert {"project-entry", "namespace", "guid-case", "guid-braces", "guid-invalid", "colour-form", "codes-unflattened",
            "text-bare-path", "text-bom", "text-crlf", "positions-utf16", "selection-out-of-range", "schema-empty-container"} <= set(report.codes())
    assert schema_errors(writer.project_xml(project), folder) == []


# ---- every finding code fires on a fixture -----------------------------------------------------

V = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
CASE = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
LINK = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
NOTE = f'<Notes><Note guid="{G["note"]}" name="memo"><PlainTextContent>why</PlainTextContent></Note></Notes>'

FIRES = {
    "guid-missing": ONE_CODE + '<Sources><TextSource name="x"><PlainTextContent>t</PlainTextContent></TextSource></Sources>',
    "guid-duplicate": f'<CodeBook><Codes><Code guid="{G["code"]}" name="a" isCodable="true"/><Code guid="{G["code"]}" name="b" isCodable="true"/></Codes></CodeBook>',
    "variable-type": f'<Variables><Variable guid="{V}" name="v" typeOfVariable="Colour"/></Variables>',
    "link-incomplete": NOTE + f'<Links><Link guid="{LINK}" name="l" originGUID="{G["note"]}"/></Links>',
    "link-unknown": NOTE + f'<Links><Link guid="{LINK}" name="l" originGUID="{G["note"]}" targetGUID="{G["src"]}"/></Links>',
    "value-incomplete": f'<Cases><Case guid="{CASE}"><VariableValue><VariableRef targetGUID="{V}"/></VariableValue></Case></Cases>',
    "case-codes": ONE_CODE + f'<Cases><Case guid="{CASE}"><CodeRef targetGUID="{G["code"]}"/></Case></Cases>',
    "case-unknown-ref": f'<Cases><Case guid="{CASE}"><SourceRef targetGUID="{G["src"]}"/></Case></Cases>',
    "selection-positions": ONE_CODE + source(inline="text", selections=selection(0, 3).replace('startPosition="0"', 'startPosition="zero"')),
    "coding-incomplete": ONE_CODE + source(inline="text", selections=selection(0, 3).replace(f'<CodeRef targetGUID="{G["code"]}"/>', "")),
    "source-variables": f'<Variables><Variable guid="{V}" name="v" typeOfVariable="Text"/></Variables>' + source(
        inline="t").replace("</PlainTextContent>", f'</PlainTextContent><VariableValue><VariableRef targetGUID="{V}"/><TextValue>x</TextValue></VariableValue>'),
    "rich-text": source('richTextPath="internal://doc.docx"', inline="t"),
    "text-twice": source('plainTextPath="internal://doc.txt"', inline="t"),
    "text-none": source(),
    "note-unknown": ONE_CODE.replace('isCodable="true"/>', f'isCodable="true"><NoteRef targetGUID="{G["note"]}"/></Code>'),
}


@pytest.mark.parametrize("code", sorted(FIRES))
def test_finding_fires(tmp_path, code):
    _, report = read(write(tmp_path, "p.qde", qde(FIRES[code])))
    assert code in report.codes(), report.lines()


def test_schema_unavailable_is_reported(tmp_path):
    _, report = read(write(tmp_path, "p.qde", qde(ONE_CODE)), schemas=tmp_path)
    assert "schema-unavailable" in report.codes()


def test_every_finding_code_of_the_reader_has_a_test():
    # a check that cannot fail is a defect: every code the reader can report is triggered in this file
    import re
    from pathlib import Path

    import compendium.refi.reader as reader

    used = set(re.findall(r'report\.(?:adapt|skip|warn|note)\(\s*"([a-z0-9-]+)"', Path(reader.__file__).read_text(encoding="utf-8")))
    tested = set(re.findall(r'"([a-z0-9-]+)"', Path(__file__).read_text(encoding="utf-8")))
    assert used and used <= tested, sorted(used - tested)


@pytest.mark.parametrize("attr, code", [("file:///etc/hostname", "text-external"), ("absolute:///etc/hostname", "text-external"),
                                        ("internal://../doc.txt", "text-missing")])
def test_paths_outside_the_archive_are_not_followed(tmp_path, attr, code):
    body = ONE_CODE + source(f'plainTextPath="{attr}"')
    project, report = read(qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body), "doc.txt": "inside, but not by that path"}))
    assert project.sources[0].text is None and code in report.codes()


def test_a_pdf_representation_is_kept_as_a_text_source(tmp_path):
    rep = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
    body = (ONE_CODE + f'<Sources><PDFSource guid="{G["src"]}" name="paper.pdf">'
            f'<Representation guid="{rep}"><PlainTextContent>We trust Kate.</PlainTextContent>{selection(3, 8)}</Representation>'
            f'</PDFSource></Sources>')
    project, report = read(write(tmp_path, "p.qde", qde(body)))
    (src,) = project.sources
    assert src.guid == rep and src.name == "paper.pdf" and src.text[3:8] == "trust" and len(project.codings) == 1
    assert "pdf-representation" in report.codes() and "source-kind" not in report.codes()


def test_a_byte_order_mark_before_the_xml_is_read(tmp_path):
    path = tmp_path / "p.qde"
    path.write_bytes(b"\xef\xbb\xbf" + qde(ONE_CODE).encode("utf-8"))
    project, _ = read(path)
    assert len(project.codes) == 1
