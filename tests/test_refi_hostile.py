"""Hostile REFI-QDA files: each refused with one clear line naming the file, and nothing written."""

from __future__ import annotations

import stat
import zipfile

import pytest
from refi_build import ONE_CODE, qde, qdpx, source

from compendium.refi import RefiError, archive, read

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""

DTD_ONLY = """<?xml version="1.0"?>
<!DOCTYPE Project SYSTEM "http://example.org/project.dtd">
<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>"""


def refused(path, match):
    """Read ``path`` expecting a one-line RefiError naming it, and check nothing was written beside it."""
    before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(RefiError, match=match) as info:
        read(path)
    message = str(info.value)
    assert path.name in message and "\n" not in message
    assert sorted(p.name for p in path.parent.iterdir()) == before
    return message


@pytest.mark.parametrize("xml, match", [(LAUGHS, "entit|DTD"), (EXTERNAL, "entit|external|DTD"), (DTD_ONLY, "DTD|external")])
def test_entities_and_dtds_are_refused_in_a_bare_file(tmp_path, xml, match):
    path = tmp_path / "evil.qde"
    path.write_text(xml, encoding="utf-8")
    refused(path, match)


def test_entity_expansion_inside_an_archive_names_the_entry(tmp_path):
    path = qdpx(tmp_path / "evil.qdpx", {"project.qde": LAUGHS})
    assert "project.qde" in refused(path, "entit|DTD")


@pytest.mark.parametrize("name", ["../escape.txt", "sources/../../escape.txt", "/etc/passwd", "C:/Windows/x.txt", "\\\\server\\x.txt"])
def test_entries_leaving_the_archive_are_refused(tmp_path, name):
    path = qdpx(tmp_path / "evil.qdpx", {"project.qde": qde(ONE_CODE), name: "x"})
    assert "leaves the archive" in refused(path, "refused")


def test_a_symlink_entry_is_refused(tmp_path):
    path = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde(ONE_CODE))
        link = zipfile.ZipInfo("sources/doc.txt")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    refused(path, "symbolic link")


def test_a_highly_compressed_entry_is_refused(tmp_path):
    # 8 MiB of zeros compresses about a thousand times: far beyond MAX_RATIO
    path = qdpx(tmp_path / "bomb.qdpx", {"project.qde": qde(ONE_CODE), "sources/doc.txt": b"\0" * (8 * 1024 * 1024)})
    assert "compressed" in refused(path, "archive bomb")


def test_size_caps_per_entry_and_in_total(tmp_path, monkeypatch):
    text = "x" * 5000
    path = qdpx(tmp_path / "big.qdpx", {"project.qde": qde(ONE_CODE), "sources/a.txt": text, "sources/b.txt": text})
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 4000)
    refused(path, "more than the 4000 allowed")
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 6000)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 8000)
    refused(path, "more than the 8000 allowed")


def test_an_entry_that_is_not_what_its_header_declares_is_refused(tmp_path, monkeypatch):
    # the checks before reading trust the declared size; reading then stops at the declared
    # size (zipfile) and the CRC no longer matches, and the read is capped as well
    path = qdpx(tmp_path / "liar.qdpx", {"project.qde": qde(ONE_CODE + source('plainTextPath="internal://a.txt"')), "sources/a.txt": "y" * 5000})
    real_check = archive.check_entry

    def lying_check(file, info):
        info.file_size = 10  # as a forged header would declare
        real_check(file, info)

    monkeypatch.setattr(archive, "check_entry", lying_check)
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 4000)
    refused(path, "cannot be unpacked|more than the size allowed")


def test_too_many_entries_are_refused(tmp_path, monkeypatch):
    path = qdpx(tmp_path / "many.qdpx", {"project.qde": qde(ONE_CODE), **{f"sources/{i}.txt": "x" for i in range(5)}})
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    refused(path, "entries")


def test_an_encrypted_entry_is_refused(tmp_path):
    path = qdpx(tmp_path / "locked.qdpx", {"project.qde": qde(ONE_CODE)})
    data = bytearray(path.read_bytes())
    # set the "encrypted" bit (bit 0 of the general-purpose flags) in the local and central headers
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x1
    path.write_bytes(bytes(data))
    refused(path, "encrypted")


@pytest.mark.parametrize("payload", [b"caf\xe9 latin-1", "windows quotes \u201cx\u201d".encode("cp1252"), "utf-16".encode("utf-16")])
def test_source_text_that_is_not_utf8_is_refused(tmp_path, payload):
    body = ONE_CODE + source('plainTextPath="internal://doc.txt"')
    path = qdpx(tmp_path / "enc.qdpx", {"project.qde": qde(body), "sources/doc.txt": payload})
    assert "sources/doc.txt" in refused(path, "not UTF-8")


def test_a_plain_text_path_cannot_reach_outside_the_archive(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read", encoding="utf-8")
    for attr in (f"file://{secret}", f"absolute://{secret}", "internal://../secret.txt", "relative://../secret.txt"):
        body = ONE_CODE + source(f'plainTextPath="{attr}"')
        project, report = read(qdpx(tmp_path / "p.qdpx", {"project.qde": qde(body)}))
        assert project.sources[0].text is None, attr
        assert {"text-external", "text-missing"} & set(report.codes())


def test_a_bare_xml_file_is_held_to_the_entry_cap(tmp_path, monkeypatch):
    path = tmp_path / "big.qdc"
    path.write_text(qde(ONE_CODE), encoding="utf-8")
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 100)
    refused(path, "more than the 100 allowed")


# ---- fuzzing: whatever the bytes, a project or a RefiError, never another exception --------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from refi_build import G, selection  # noqa: E402

from compendium.refi import writer  # noqa: E402

VALUE = st.one_of(st.text(max_size=12), st.sampled_from(["-1", "99999999999999999999", "1e3", "", " 3 ", "true", "#GGG", "{X}", "😀"]))
SLOTS = ["startPosition", "endPosition", "guid", "targetGUID", "isCodable", "color", "plainTextPath", "typeOfVariable"]


def _template():
    sel = selection(3, 8)
    var = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
    return (f'<CodeBook><Codes><Code guid="{G["code"]}" name="T" isCodable="true" color="#FF0000"><Code guid="{G["child"]}" name="C" isCodable="false"/></Code></Codes></CodeBook>'
            f'<Variables><Variable guid="{var}" name="v" typeOfVariable="Integer"/></Variables>'
            f'<Cases><Case guid="{G["set"]}"><VariableValue><VariableRef targetGUID="{var}"/><IntegerValue>4</IntegerValue></VariableValue>'
            f'<SelectionRef targetGUID="{G["sel"]}"/></Case></Cases>'
            + source('plainTextPath="internal://doc.txt"', selections=sel))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(SLOTS), VALUE), max_size=4), st.binary(max_size=40))
def test_mutated_files_read_or_refuse_and_what_reads_can_be_written(tmp_path, mutations, text):
    from xml.sax.saxutils import quoteattr

    body = _template()
    for attr, value in mutations:
        start = body.find(f'{attr}="')
        if start != -1:
            end = body.index('"', start + len(attr) + 2)
            body = body[:start] + f"{attr}={quoteattr(value)}" + body[end + 1 :]
    path = qdpx(tmp_path / "fuzz.qdpx", {"project.qde": qde(body), "sources/doc.txt": b"We trust Kate. " + text})
    try:
        project, report = read(path)
    except RefiError as exc:
        assert "fuzz.qdpx" in str(exc)
        return
    # whatever was accepted is a project the writer takes: the reader drops or repairs the rest
    assert writer.problems(project) == [], (report.lines(), writer.problems(project))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_random_bytes_are_refused_with_a_refi_error(tmp_path, data):
    path = tmp_path / "noise.qdpx"
    path.write_bytes(data)
    try:
        read(path)
    except RefiError:
        pass
