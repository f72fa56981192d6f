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
    cause : str or None
        For a problem that follows from another one, the other's :meth:`place`; reports
        fold it under that root (:meth:`ValidationReport.folded`). None for a root.
    """

    code: str
    message: str
    file: str
    row: int | None = None
    field: str | None = None
    severity: str = "error"
    cause: str | None = None

    def where(self) -> str:
        """File, row and field: ``file, row N, field 'f'``."""
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        return where

    def place(self) -> str:
        """Where the issue is and what it is (``file, row N, field 'f' [code]``): what a follow-on names as its cause."""
        return f"{self.where()} [{self.code}]"

    def __str__(self) -> str:
        return f"{self.severity}: {self.where()}: [{self.code}] {self.message}"


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

    @property
    def problems(self) -> list[Issue]:
        """Errors that do not follow from another error (the ones to fix first)."""
        return [i for i in self.errors if i.cause is None]

    @property
    def capped(self) -> bool:
        """True when a checker stopped counting, so the number of errors is a lower bound."""
        return any(i.code == "count-capped" for i in self.issues)

    def folded(self) -> list[tuple[Issue, list[Issue]]]:
        """Each issue that is not a follow-on, with the follow-on issues that name it as cause."""
        followers: dict[str, list[Issue]] = {}
        for i in self.issues:
            if i.cause is not None:
                followers.setdefault(i.cause, []).append(i)
        roots = [i for i in self.issues if i.cause is None]
        placed = {i.place() for i in roots}
        orphans = [i for c, group in followers.items() if c not in placed for i in group]
        return [(i, followers.pop(i.place(), [])) for i in roots] + [(i, []) for i in orphans]

    def summary(self) -> str:
        """One line: how many problems (and follow-on errors) and notes, and whether the count was capped."""
        n, follow = len(self.problems), len(self.errors) - len(self.problems)
        text = f"{'at least ' if self.capped else ''}{n} problem(s)"
        if follow:
            text += f" (and {follow} follow-on error(s) folded under them)"
        text += f", {len(self.notes)} note(s)"
        if self.capped:
            text += "; the count was capped: the Table Schema check stops after 1,000 errors in a table, as Frictionless does"
        return text

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
