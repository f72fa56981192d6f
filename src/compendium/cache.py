"""Caches that cannot be stale: every key is a digest of everything the cached result depends on.

Two caches share one way of making keys (:func:`digest`):

Validated data (:func:`validation_key`, :func:`get`, :func:`put`)
    The data package is validated once; the validated tables are kept (pickled) under a
    key made of the package's version and code, the Python and pandas versions, and the
    bytes of every input validation reads: the data folder, the source texts and the
    claim tags and cell sources of the book's notebooks (not their outputs, so executing a
    chapter does not invalidate it). Only data that validates is kept. Every chapter of a
    build then loads the validated tables instead of validating again.
Executed notebooks (:func:`execution_key`)
    jupyter-cache keys a notebook on its code only. The Sphinx extension
    (``compendium.sphinxext``) puts its cache in a folder named by this key: the data, the
    package, the source texts, the files beside the chapters and the pinned requirements.
    A change to any of them is a new, empty folder, so every chapter is executed afresh.

The caches live under ``_build/`` of the project (``$COMPENDIUM_CACHE`` moves the validation
cache elsewhere; an empty value turns it off). Nothing here runs at import time, and
nothing is written into ``data/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

#: Environment variable naming the folder of the validation cache ("" turns caching off).
CACHE_ENV = "COMPENDIUM_CACHE"

#: How many validated packages are kept (the newest; tests that mutate data make many).
KEEP = 8

#: Characters of a key used as a folder or file name.
KEY_CHARS = 24

PACKAGE = Path(__file__).resolve().parent


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder``, in a fixed order, leaving out caches and editor litter."""
    skip = {"__pycache__", ".ipynb_checkpoints"}
    return sorted(p for p in folder.rglob("*") if p.is_file() and not skip & set(p.relative_to(folder).parts) and p.suffix != ".pyc")


def digest(parts: Iterable[tuple[str, bytes]]) -> str:
    """A SHA-256 hex digest of named byte strings (each name and length is hashed too, so parts cannot run together)."""
    h = hashlib.sha256()
    for name, data in parts:
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def tree(label: str, folder: Path | None, exclude: tuple[str, ...] = ()) -> list[tuple[str, bytes]]:
    """The named contents of every file under ``folder`` (none for a missing folder); ``exclude``: suffixes left out."""
    if folder is None or not Path(folder).is_dir():
        return [(f"{label}:absent", b"")]
    folder = Path(folder)
    return [(f"{label}:{p.relative_to(folder).as_posix()}", p.read_bytes()) for p in _files(folder) if p.suffix not in exclude]


def notebook_inputs(book: Path | None) -> list[tuple[str, bytes]]:
    """The cells of each chapter without their outputs: what validation reads of the book (claim tags)."""
    if book is None or not Path(book).is_dir():
        return [("book:absent", b"")]
    parts = []
    for path in sorted(Path(book).glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            kept = [(c.get("cell_type"), c.get("source"), c.get("metadata", {}).get("tags")) for c in cells if isinstance(c, dict)]
            data = json.dumps(kept, sort_keys=True).encode()
        except (OSError, ValueError, AttributeError):
            data = path.read_bytes() if path.is_file() else b""  # an unreadable notebook: its bytes, so a fix changes the key
        parts.append((f"book:{path.name}", data))
    return parts


def runtime() -> list[tuple[str, bytes]]:
    """The package's version and code, and the versions a pickle depends on."""
    import pandas

    from compendium import __version__

    versions = f"compendium {__version__}; python {sys.version}; pandas {pandas.__version__}".encode()
    return [("runtime", versions), *tree("package", PACKAGE)]


# --------------------------------------------------------------------------- validated data


def folder() -> Path | None:
    """Where validated packages are kept: ``$COMPENDIUM_CACHE``, else ``_build/.compendium-cache`` of the project; None: off."""
    if CACHE_ENV in os.environ:
        value = os.environ[CACHE_ENV]
        return Path(value) if value else None
    from compendium.paths import project_root

    try:
        return project_root() / "_build" / ".compendium-cache"
    except FileNotFoundError:
        return None


def validation_key(data: Path, sources: Path | None, book: Path | None) -> str:
    """The key of one validation: the runtime and every input it reads."""
    where = [("where", f"{Path(data).resolve()}\0{sources and Path(sources).resolve()}\0{book and Path(book).resolve()}".encode())]
    parts = [*where, *runtime(), *tree("data", data), *tree("sources", sources), *notebook_inputs(book)]
    return digest(parts)[:KEY_CHARS]


def get(key: str):
    """The validated package kept under ``key``, or None (also for an unreadable entry, which is then removed)."""
    where = folder()
    path = where / f"{key}.pickle" if where else None
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a damaged entry is a miss, never an error: validation runs again
        path.unlink(missing_ok=True)
        return None


def put(key: str, value) -> None:
    """Keep ``value`` under ``key`` (written atomically), and only the newest ``KEEP`` entries."""
    where = folder()
    if where is None:
        return
    from compendium.package import write_atomic

    try:
        where.mkdir(parents=True, exist_ok=True)
        write_atomic(where / f"{key}.pickle", lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL))
        entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only or full disk: the result is still returned, just not kept
        return


# --------------------------------------------------------------------------- executed notebooks


def execution_key(root: Path) -> str:
    """The key of the book's executed notebooks, besides each notebook's own code.

    Everything a chapter's outputs can depend on: the runtime and package, the data, the
    source texts, every non-notebook file beside the chapters (the tutorial's project file),
    the pinned requirements and the Python version named for Binder.
    """
    from compendium.paths import DATA_ENV, sources_dir

    root = Path(root)
    data = Path(os.environ[DATA_ENV]) if os.environ.get(DATA_ENV) else root / "data"
    parts = [*runtime(), *tree("data", data), *tree("sources", sources_dir()), *tree("book", root / "book", exclude=(".ipynb", ".md"))]
    for name in ("requirements.txt", "runtime.txt"):
        path = root / name
        parts.append((name, path.read_bytes() if path.is_file() else b""))
    return digest(parts)[:KEY_CHARS]
