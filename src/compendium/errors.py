"""Errors as data: every problem found in a run, with where it is and what was expected."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Issue:
    """One problem found in the data.

    Attributes
    ----------
    code : str
        A stable, kebab-case error code (e.g. ``"foreign-key"``, ``"excerpt-misquoted"``).
    message : str
        What is wrong and what was expected.
    file : str
        The file the problem is in, relative to the data directory.
    row : int or None
        The line number in that file (the header is line 1), or None for a whole-file issue.
    field : str or None
        The column, or None.
    severity : str
        ``"error"`` (validation fails) or ``"note"`` (a check was skipped; says why).
    """

    code: str
    message: str
    file: str
    row: int | None = None
    field: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{self.severity}: {where}: [{self.code}] {self.message}"


COLUMNS = ["severity", "code", "file", "row", "field", "message"]


@dataclass
class ValidationReport:
    """All issues of one validation run, collected before anything is reported."""

    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Issues that make validation fail."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def notes(self) -> list[Issue]:
        """Checks that were skipped, each saying why."""
        return [i for i in self.issues if i.severity == "note"]

    @property
    def valid(self) -> bool:
        """True when there is no error (notes do not count)."""
        return not self.errors

    def extend(self, issues: list[Issue]) -> None:
        """Add issues found by one check."""
        self.issues.extend(issues)

    def to_frame(self) -> pd.DataFrame:
        """The report as a table, one row per issue, errors first."""
        frame = pd.DataFrame([asdict(i) for i in self.issues], columns=COLUMNS)
        frame["row"] = frame["row"].astype("Int64")
        order = frame["severity"].map({"error": 0, "note": 1})
        return frame.assign(_o=order).sort_values(["_o", "file", "row"], kind="stable").drop(
            columns="_o"
        ).reset_index(drop=True)


class DataInvalid(Exception):
    """Raised when data that must be valid is not; carries the whole report."""

    def __init__(self, report: ValidationReport):
        self.report = report
        lines = "\n".join(str(i) for i in report.errors)
        super().__init__(f"{len(report.errors)} problem(s) in the data:\n{lines}")
