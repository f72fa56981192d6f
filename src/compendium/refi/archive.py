"""Reading a ``.qdpx`` archive defensively.

A ``.qdpx`` is a zip file: ``project.qde`` and ``sources/``. An archive from elsewhere
is untrusted, so before any entry is read every entry is checked, and the whole archive
is refused (:class:`~compendium.refi.report.RefiError`, nothing read, nothing written)
when one of them

* has a name with a ``..`` part, an absolute name, a drive letter or a backslash path
  that would leave a folder it was extracted into;
* is a symbolic link;
* is encrypted;
* is larger than :data:`MAX_ENTRY_BYTES`, or is compressed more than :data:`MAX_RATIO`
  times (a "zip bomb");

or when the archive holds more than :data:`MAX_ENTRIES` entries or more than
:data:`MAX_TOTAL_BYTES` in all. Declared sizes can lie, so reads are capped too.
Nothing is ever extracted to disk: entries are read into memory by name.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from compendium.refi.report import RefiError

#: Largest uncompressed size of one entry (bytes).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
#: Largest uncompressed size of all entries together (bytes).
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: Largest compression ratio (uncompressed / compressed) of an entry above :data:`RATIO_FLOOR` bytes.
MAX_RATIO = 200
#: Entries smaller than this are not held to :data:`MAX_RATIO` (a tiny XML file compresses well).
RATIO_FLOOR = 1024 * 1024
#: Most entries an archive may hold.
MAX_ENTRIES = 10_000


class Archive:
    """A checked zip archive whose entries are looked up case-insensitively.

    Parameters
    ----------
    path : Path
        The ``.qdpx`` file.

    Raises
    ------
    RefiError
        If the file is not a zip archive or any entry fails a check (see the module docstring).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            with zipfile.ZipFile(self.path) as zf:
                infos = zf.infolist()
        except zipfile.BadZipFile as exc:
            raise RefiError(str(path), f"not a zip archive (a .qdpx is a zip file): {exc}") from None
        except OSError as exc:
            raise RefiError(str(path), f"cannot be read: {exc.strerror or exc}") from None
        if len(infos) > MAX_ENTRIES:
            raise RefiError(str(path), f"holds {len(infos)} entries, more than the {MAX_ENTRIES} allowed")
        total = 0
        for info in infos:
            check_entry(str(path), info)
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise RefiError(str(path), f"would unpack to {total} bytes, more than the {MAX_TOTAL_BYTES} allowed (an archive bomb?)")
        self.infos = [i for i in infos if not i.is_dir()]
        self._by_name = {}
        for info in self.infos:
            self._by_name.setdefault(info.filename.casefold(), info)
        self._read = 0

    def names(self) -> list[str]:
        """The file entries' names, in archive order."""
        return [i.filename for i in self.infos]

    def find(self, name: str) -> str | None:
        """The entry called ``name`` (compared case-insensitively), or None."""
        info = self._by_name.get(name.casefold())
        return info.filename if info else None

    def read(self, name: str) -> bytes:
        """The bytes of one entry, refused if it unpacks beyond its caps.

        Raises
        ------
        RefiError
            If the entry is corrupt or larger than it declared and than the caps allow.
        """
        info = self._by_name[name.casefold()]
        try:
            with zipfile.ZipFile(self.path) as zf, zf.open(info) as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise RefiError(str(self.path), f"entry cannot be unpacked: {exc}", info.filename) from None
        self._read += len(data)
        if len(data) > MAX_ENTRY_BYTES or self._read > MAX_TOTAL_BYTES:
            raise RefiError(str(self.path), "unpacks to more than the size allowed (an archive bomb?)", info.filename)
        return data


def check_entry(file: str, info: zipfile.ZipInfo) -> None:
    """Refuse (:class:`RefiError`) an entry that is unsafe to read; see the module docstring."""
    name = info.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        raise RefiError(file, "entry name leaves the archive folder (absolute or with '..'): refused", name)
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        raise RefiError(file, "entry is a symbolic link: refused", name)
    if info.flag_bits & 0x1:
        raise RefiError(file, "entry is encrypted: refused", name)
    if info.file_size > MAX_ENTRY_BYTES:
        raise RefiError(file, f"entry would unpack to {info.file_size} bytes, more than the {MAX_ENTRY_BYTES} allowed", name)
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise RefiError(file, f"entry is compressed {ratio} times, more than the {MAX_RATIO} allowed (an archive bomb?)", name)
