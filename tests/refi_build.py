"""Small REFI-QDA fixtures built in code: one quirk each, written into a test's ``tmp_path``."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

#: The folder of REFI's schemas and the real ATLAS.ti samples (never copied into the project):
#: ``../shared/refi-qda`` beside the repository, or ``$COMPENDIUM_REFI_QDA``.
REFI = Path(os.environ.get("COMPENDIUM_REFI_QDA") or Path(__file__).resolve().parents[2] / "shared" / "refi-qda")

G = {  # readable GUIDs for fixtures
    "code": "11111111-1111-4111-8111-111111111111",
    "child": "22222222-2222-4222-8222-222222222222",
    "src": "33333333-3333-4333-8333-333333333333",
    "sel": "44444444-4444-4444-8444-444444444444",
    "cod": "55555555-5555-4555-8555-555555555555",
    "sel2": "66666666-6666-4666-8666-666666666666",
    "cod2": "77777777-7777-4777-8777-777777777777",
    "set": "88888888-8888-4888-8888-888888888888",
    "note": "99999999-9999-4999-8999-999999999999",
}


def refi_folder() -> Path:
    """The shared REFI-QDA folder; skips the test when it is absent (a fresh clone without ../shared)."""
    if not (REFI / "Project.xsd").is_file():
        pytest.skip(f"REFI-QDA schemas and samples not available at {REFI} (the ../shared folder is absent)")
    return REFI


def qde(body: str, ns: str = "urn:QDA-XML:project:1.0", attrs: str = "") -> str:
    """A project document around ``body``."""
    return f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{ns}" name="fixture" {attrs}>{body}</Project>'


def codebook(body: str, ns: str = "urn:QDA-XML:codebook:1.0") -> str:
    """A codebook document around ``body``."""
    return f'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="{ns}">{body}</CodeBook>'


def codes(*names: str) -> str:
    """A flat codebook element with one code per name (GUIDs made from the index)."""
    inner = "".join(f'<Code guid="{i:08d}-0000-4000-8000-000000000000" name="{n}" isCodable="true"/>' for i, n in enumerate(names))
    return f"<CodeBook><Codes>{inner}</Codes></CodeBook>"


def source(text_attr: str = "", inline: str | None = None, selections: str = "", guid: str = G["src"]) -> str:
    """A Sources element with one TextSource."""
    content = f"<PlainTextContent>{inline}</PlainTextContent>" if inline is not None else ""
    return f'<Sources><TextSource guid="{guid}" name="doc" {text_attr}>{content}{selections}</TextSource></Sources>'


def selection(start: int, end: int, code: str = G["code"], guid: str = G["sel"], coding: str = G["cod"], name: str = "") -> str:
    """A PlainTextSelection coded with ``code``."""
    n = f' name="{name}"' if name else ""
    return (f'<PlainTextSelection guid="{guid}"{n} startPosition="{start}" endPosition="{end}">'
            f'<Coding guid="{coding}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


ONE_CODE = f'<CodeBook><Codes><Code guid="{G["code"]}" name="Trust" isCodable="true"/></Codes></CodeBook>'


def qdpx(path: Path, entries: dict[str, str | bytes], **zip_kwargs) -> Path:
    """Write a zip archive of ``entries`` (name → text or bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **zip_kwargs) as zf:
        for name, data in entries.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path
