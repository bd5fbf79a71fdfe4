"""What the studio knows: the installed content it compares with, the open workbook, allowed removals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.admin.workbook import StaffWorkbook, all_problems, read_workbook, removal_check
from kiosk.data.diff import ContentDiff, diff_content, read_database_rows
from kiosk.data.tables import Row
from kiosk.data.validate import Problem


@dataclass
class StudioState:
    """One staff session: compared with `against` (the content this PC has), one workbook open."""

    against: Path | None
    current: dict[str, list[Row]] = field(default_factory=dict)
    book: StaffWorkbook | None = None
    allow: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.against is not None and self.against.is_file():
            self.current = read_database_rows(self.against)

    def open(self, path: Path) -> None:
        """Read (or read again, after staff saved a fix) a workbook or CSV folder and check it all."""
        self.book = read_workbook(path)
        self.allow = {name for name in self.allow if name in self.book.tables}
        self.recheck()

    def recheck(self) -> None:
        self.problems = all_problems(self.book, self.compared, self.allow) if self.book else []

    @property
    def compared(self) -> dict[str, list[Row]] | None:
        """The installed rows, or None without a database (then only an empty sheet is a removal)."""
        return self.current if self.against is not None and self.current else None

    @property
    def cells_ok(self) -> bool:
        """Every cell is valid: the tables can be built into a preview."""
        return self.book is not None and not self.book.problems

    @property
    def ready(self) -> bool:
        """Nothing stands in the way of a package."""
        return self.cells_ok and not self.problems

    def diff(self) -> ContentDiff | None:
        return diff_content(self.book.rows(), self.current) if self.cells_ok else None

    def large_removals(self) -> dict[str, Problem]:
        """Tables losing more than the safe share, whether or not staff allowed it yet."""
        if not self.cells_ok:
            return {}
        out = {}
        for problem in removal_check(self.book, self.compared):
            name = self.book.table_of_sheet(problem.file)
            if name:
                out[name] = problem
        return out
