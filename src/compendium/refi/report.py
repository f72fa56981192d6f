"""What an import did, as data: imported counts, adaptations, unsupported content, warnings.

A file that can be read at all gives a :class:`ImportReport` beside the project; a file
that cannot be read raises :class:`RefiError`, whose message names the file, the entry
or element, and why, in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class RefiError(Exception):
    """A REFI-QDA file that cannot be read (or a project that cannot be written), with where and why.

    Attributes
    ----------
    file : str
        The file named by the user.
    reason : str
        What is wrong, in one line.
    where : str or None
        The archive entry or XML element, when the problem is inside the file.
    """

    def __init__(self, file: str, reason: str, where: str | None = None):
        self.file, self.reason, self.where = str(file), reason, where
        super().__init__(f"{self.file}{f' ({where})' if where else ''}: {reason}")


@dataclass(frozen=True)
class Finding:
    """One thing the importer noticed.

    Attributes
    ----------
    code : str
        A stable kebab-case code, e.g. ``"guid-case"``, ``"positions-utf16"``.
    message : str
        What was found and what was done about it.
    where : str
        The element or entry it concerns (``""`` for the whole file).
    """

    code: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"[{self.code}] {self.where + ': ' if self.where else ''}{self.message}"


@dataclass
class ImportReport:
    """The report of one import.

    Attributes
    ----------
    file : str
    kind : str
        ``"qdpx"``, ``"qdc"`` or ``"qde"``.
    imported : dict of str to int
        How many of each element were imported.
    adapted : list of Finding
        Content read after a change (GUID case, UTF-16 positions, a BOM, a colour form…).
    unsupported : list of Finding
        Content the model cannot hold and that was left out.
    warnings : list of Finding
        Deviations from the schema that were accepted, and content dropped because it was broken.
    detected : list of Finding
        What was found out about the file and kept as it is (the unit positions count in,
        CRLF line ends).
    """

    file: str
    kind: str
    imported: dict[str, int] = field(default_factory=dict)
    adapted: list[Finding] = field(default_factory=list)
    unsupported: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    detected: list[Finding] = field(default_factory=list)

    def adapt(self, code: str, message: str, where: str = "") -> None:
        """Record an adaptation."""
        self.adapted.append(Finding(code, message, where))

    def skip(self, code: str, message: str, where: str = "") -> None:
        """Record content left out because the model does not support it."""
        self.unsupported.append(Finding(code, message, where))

    def warn(self, code: str, message: str, where: str = "") -> None:
        """Record an accepted deviation or a dropped broken element."""
        self.warnings.append(Finding(code, message, where))

    def note(self, code: str, message: str, where: str = "") -> None:
        """Record something found out about the file and kept as it is."""
        self.detected.append(Finding(code, message, where))

    def codes(self) -> list[str]:
        """Every finding's code (adapted, unsupported, warnings, detected), in that order."""
        return [f.code for f in (*self.adapted, *self.unsupported, *self.warnings, *self.detected)]

    def lines(self) -> list[str]:
        """The report as text lines, for the command line."""
        counts = ", ".join(f"{n} {name}" for name, n in self.imported.items() if n)
        out = [f"{self.file}: {self.kind} read: {counts or 'nothing to import (an empty project)'}"]
        for title, items in (("adapted", self.adapted), ("not supported", self.unsupported), ("warning", self.warnings), ("detected", self.detected)):
            out += [f"  {title}: {f}" for f in items]
        return out
