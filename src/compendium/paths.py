"""Where things are: the project root, the data package and the source texts (defined once)."""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable naming the directory that holds the source texts.
SOURCES_ENV = "COMPENDIUM_SOURCES"

#: Environment variable naming another copy of the data package (tests use it to run
#: chapters against mutated data); unset, the project's ``data/``.
DATA_ENV = "COMPENDIUM_DATA"


def project_root() -> Path:
    """The repository root (the folder holding ``_config.yml``).

    Found from this file when the package is installed in editable mode, else from
    the working directory upwards (a notebook runs in ``book/``).
    """
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / "_config.yml").is_file() and (folder / "data").is_dir():
                return folder
    raise FileNotFoundError("cannot find the compendium root (a folder with _config.yml and data/)")


def data_dir() -> Path:
    """The hand-curated data package (read-only to code): ``$COMPENDIUM_DATA`` when set, else ``data/``."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return project_root() / "data"


def book_dir() -> Path:
    """The folder of the book's chapters."""
    return project_root() / "book"


def sources_dir() -> Path | None:
    """The folder of full source texts, or None when it is not available.

    ``$COMPENDIUM_SOURCES`` when set (an empty value means "none"), else
    ``../shared/seeds`` beside the repository when it exists.
    """
    if SOURCES_ENV in os.environ:
        value = os.environ[SOURCES_ENV]
        return Path(value) if value and Path(value).is_dir() else None
    default = project_root().parent / "shared" / "seeds"
    return default if default.is_dir() else None
