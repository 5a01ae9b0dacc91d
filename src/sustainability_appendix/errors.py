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


def compact_rows(rows) -> str:
    """Row numbers as a reader scans them: ``3–9, 12``."""
    numbers = sorted(set(rows))
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _rows_word(rows) -> str:
    return f"row {rows[0]}" if len(set(rows)) == 1 else f"rows {compact_rows(rows)}"


SHOWN_VALUES = 4  # distinct found values listed in a grouped message before "and N more"


def group_problems(problems: list[Problem]) -> list[str]:
    """One line per rule broken, in the order first found.

    Problems of one file, column and rule on several rows are one line with the
    rows listed compactly (``rows 3–9, 12``) and the values found; the same rule
    broken with the same value in several files of one folder (a year folder
    copied without updating its ``year`` column) is one line naming each file
    with its rows."""
    by_rule: dict[tuple, list[Problem]] = {}
    for p in problems:
        by_rule.setdefault((p.file, p.column, p.expected, p.row is None), []).append(p)
    # rules broken with one and the same value in several files of one folder
    by_folder: dict[tuple, list[tuple]] = {}
    for key, found in by_rule.items():
        file, column, expected, whole = key
        values = {p.found for p in found}
        if whole or len(values) != 1 or "/" not in file:
            continue
        folder = file.rsplit("/", 1)[0]
        by_folder.setdefault((folder, column, expected, next(iter(values))), []).append(key)
    merged: dict[tuple, tuple] = {}  # first key of a folder group -> the group
    skip: set[tuple] = set()
    for group, keys in by_folder.items():
        if len(keys) > 1:
            merged[keys[0]] = group
            skip.update(keys[1:])

    lines = []
    for key, found in by_rule.items():
        if key in skip:
            continue
        if key in merged:
            folder, column, expected, value = merged[key]
            keys = by_folder[merged[key]]
            parts = [f"{k[0].rsplit('/', 1)[1]} {_rows_word([p.row for p in by_rule[k]])}" for k in keys]
            total = sum(len(by_rule[k]) for k in keys)
            text = f"{folder}/: {'; '.join(parts)}, column '{column}': expected {expected}"
            if value is not None:
                text += f", found {value!r} in all {total} rows"
            lines.append(text)
            continue
        if len(found) == 1 or key[3]:
            lines += [str(p) for p in dict.fromkeys(found)]
            continue
        file, column, expected, _ = key
        where = [file, _rows_word([p.row for p in found])]
        if column is not None:
            where.append(f"column '{column}'")
        text = ", ".join(where) + f": expected {expected}"
        values = list(dict.fromkeys(p.found for p in found))
        if values == [None]:
            pass
        elif len(values) == 1:
            text += f", found {values[0]!r}" + ("" if len(found) == 1 else f" in all {len(found)} rows")
        else:
            by_value: dict[str | None, list[int]] = {}
            for p in found:
                by_value.setdefault(p.found, []).append(p.row)
            shown = [f"{v!r} ({_rows_word(r)})" for v, r in list(by_value.items())[:SHOWN_VALUES]]
            more = len(by_value) - SHOWN_VALUES
            text += ", found " + ", ".join(shown) + (f" and {more} other values" if more > 0 else "")
        lines.append(text)
    return lines


class InputError(Exception):
    """Bad input: carries every problem found, so all are reported at once.

    Its text lists each rule broken once (:func:`group_problems`); ``problems``
    keeps every problem, cell by cell."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        lines = group_problems(self.problems)
        if len(lines) == 1:
            extra = "" if len(self.problems) == 1 else f" ({len(self.problems)} problems)"
            return f"invalid input{extra}: {lines[0]}"
        lines_word = "" if len(lines) == len(self.problems) else f" in {len(lines)} messages"
        return "\n".join([f"invalid input ({len(self.problems)} problems{lines_word}):", *[f"  - {t}" for t in lines]])


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
