"""Errors that name the file, row, column and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input cell, row or file.

    ``row`` is the spreadsheet row number (the header is row 1), so an analyst
    finds it in Excel as shown; ``None`` when the problem is the whole file or column.
    """

    file: str
    row: int | None
    column: str | None
    expected: str
    found: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + f": expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found!r}"
        return text


class InputError(Exception):
    """Bad input: carries every problem found, so all are reported at once."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return f"invalid input: {self.problems[0]}"
        lines = [f"invalid input ({len(self.problems)} problems):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ConfigurationError(Exception):
    """The project's own definitions disagree (for example a printed figure naming
    a metric that no chapter computes)."""


class ChapterError(Exception):
    """A chapter's calculation raised: a defect, or data it did not foresee.

    Names the chapter, the year and the exception in one line; the traceback
    stays on the exception (``__cause__``) for ``--debug``."""

    def __init__(self, chapter: str, year: int, exc: BaseException):
        self.chapter, self.year, self.exc = chapter, year, exc
        super().__init__(f"the calculation of chapter '{chapter}' for {year} failed: "
                         f"{type(exc).__name__}: {exc}")
