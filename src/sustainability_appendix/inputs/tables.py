"""Reading and validating input tables.

Analysts receive files as CSV in UTF-8 (with or without a byte-order mark), as
CSV in Big5/cp950 (common in Excel exports in Taiwan), or as ``.xlsx``. All are
read as text and then checked against a :class:`Schema`, so that every problem
is reported at once with its file, spreadsheet row and column.

A validated table keeps the spreadsheet row number as its index (the header is
row 1), which later checks use to point at the offending row.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sustainability_appendix.errors import InputError, Problem, compact_rows

KINDS = ("text", "number", "count", "percent", "year")


@dataclass(frozen=True)
class Column:
    """One column of an input table and the rule its cells follow.

    kind: ``text``; ``number`` (any real number, thousands separators allowed);
    ``count`` (a whole number, never negative); ``percent`` (0 to 100, a
    trailing ``%`` allowed); ``year`` (a four-digit year).
    """

    name: str
    kind: str = "text"
    description: str = ""
    unit: str = ""
    required: bool = True
    allow_blank: bool = False
    minimum: float | None = None
    above: float | None = None  # values must be greater than this (a factor of 0 is never right)
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    vocabulary: str = ""  # the codes come from a reference table: "<stem>" or "<stem>:<vocabulary>"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    def rule(self) -> str:
        """The rule in words, for error messages and templates."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.vocabulary:
            return f"a code listed in data/reference/{self.vocabulary.split(':')[0]}.csv"
        words = {
            "text": "text",
            "number": "a number",
            "count": "a whole number of at least 0",
            "percent": "a percentage from 0 to 100",
            "year": "a four-digit year",
        }[self.kind]
        if self.above is not None and self.kind in ("number",):
            words += f" greater than {self.above:g}"
        elif self.minimum is not None and self.kind in ("number",):
            words += f" of at least {self.minimum:g}"
        if self.maximum is not None and self.kind in ("number", "count"):
            words += f" of at most {self.maximum:g}"
        if self.unit:
            words += f" (in {self.unit})"
        return words


@dataclass(frozen=True)
class Schema:
    """The columns of one input file, and which columns identify a row."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    extra_columns_allowed: bool = True

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def vocabularies(self) -> list[str]:
        return [c.vocabulary for c in self.columns if c.vocabulary]

    def with_codes(self, codes: dict[str, tuple[str, ...]]) -> Schema:
        """The schema with each vocabulary column's codes filled in (``codes`` by vocabulary)."""
        columns = tuple(replace(c, choices=codes[c.vocabulary]) if c.vocabulary else c for c in self.columns)
        return replace(self, columns=columns)


@dataclass
class TableCheck:
    """Collects problems of one table; raises them together."""

    table: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.table.attrs.get("source_file", "<table>")

    def add(self, row: int | None, column: str | None, expected: str, found: object = None) -> None:
        self.problems.append(
            Problem(self.file, row, column, expected, None if found is None else _show(found))
        )

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_WAN = re.compile(r"^\s*(\d+)(\.\d+)?\s*萬\s*([\d,]*)\s*$")


def parse_number(text: str) -> float:
    """A number as people type it: ``2,081,079``, ``19.01%``, ``5 萬 4,176``, ``279.9 萬``.

    Raises ValueError when the text is not a number.
    """
    s = str(text).strip().replace("\u00a0", "").replace("％", "%")
    m = _WAN.match(s)
    if m:  # Chinese ten-thousands: 5 萬 4,176 = 54,176; 279.9 萬 = 2,799,000
        whole, fraction, rest = m.group(1), m.group(2), m.group(3).replace(",", "")
        if fraction and rest:  # 1.5 萬 2,000 says two things at once
            raise ValueError(text)
        tens_of_thousands = Decimal(whole + (fraction or ""))
        return float(tens_of_thousands * 10000 + (int(rest) if rest else 0))
    s = s.replace(",", "").replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", s):
        raise ValueError(text)
    return float(s)


def _decode(raw: bytes, shown: str) -> str:
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        Problem(shown, None, None, "text encoded as UTF-8 (with or without BOM) or Big5/cp950",
                "bytes in neither encoding")
    )


# --- cells as they are shown ---------------------------------------------------------------------

HEADER_SEARCH_ROWS = 20  # how far down a header below a title is looked for
SHEET_NAME_LIMIT = 31  # Excel's longest sheet name


def sheet_name(stem: str) -> str:
    """The sheet of a workbook that stands for the input file ``stem`` (Excel cuts names at 31 characters)."""
    return stem[:SHEET_NAME_LIMIT]


@dataclass
class _Grid:
    """The cells of a CSV file or of a sheet as text, row 1 first, with how some were read."""

    rows: list[list[str]]
    notes: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column index) -> what the cell was
    read_as: dict[tuple[int, int], str] = field(default_factory=dict)  # cells read otherwise than typed: warnings
    sheet: str | None = None


def _format_tokens(number_format: str) -> str:
    """An Excel number format without its literal text, escapes and [bracketed] parts."""
    text = re.sub(r'"[^"]*"', "", number_format or "")
    text = re.sub(r"\\.", "", text)
    return re.sub(r"\[[^\]]*\]", "", text)


def _number_text(value: float) -> str:
    """A number without binary noise: 0.5509 × 100 is 55.09, not 55.089999999999996."""
    value = float(f"{value:.15g}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


def _cell_text(cell) -> tuple[str, str | None, str | None]:
    """A cell as the text it shows: (text, what it was if it is refused, how it was read if not as typed).

    A percent-formatted number is the percent it shows (0.5509 shown as 55.09 % is ``55.09%``);
    a date whose format shows only the year is that year; another date is its ISO date, and
    the note says it was a date-formatted cell (a year or a number typed in a date-formatted
    column shows as a date of 1905)."""
    value = cell.value
    if value is None:
        return "", None, None
    if isinstance(value, str):
        return value.strip(), None, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None, None
    number_format = cell.number_format or "General"
    if isinstance(value, (datetime.datetime, datetime.date)):
        moment = value if isinstance(value, datetime.datetime) else datetime.datetime.combine(value, datetime.time())
        tokens = _format_tokens(number_format).lower()
        serial = (moment - _EXCEL_EPOCH).days
        typed = (f"; the cell holds the number {serial}, which Excel shows as a date: format the column as a "
                 "number or as text") if serial < 73050 and moment.year < 1910 else ""
        if "yyyy" in tokens and not re.search(r"[mdhs]", tokens):
            return (str(moment.year), None,
                    f"a date-formatted cell (format '{number_format}') read as the year it shows, {moment.year}"
                    + typed)
        shown = moment.date().isoformat() if moment.time() == datetime.time() else moment.isoformat(sep=" ")
        return shown, f"{shown} (a date-formatted cell, format '{number_format}'{typed})", None
    if isinstance(value, datetime.time):
        return value.isoformat(), None, None
    if isinstance(value, (int, float)):
        if "%" in _format_tokens(number_format):
            return _number_text(value * 100) + "%", None, None
        return _number_text(value), None, None
    return str(value).strip(), None, None


def workbook_grids(path: Path, shown: str) -> dict[str, _Grid]:
    """Every sheet of a workbook as text cells, by sheet name in the workbook's order (read once
    while the file is unchanged: the year's workbook is read for each of its sheets)."""
    st = os.stat(path)
    return _workbook_grids(str(path), st.st_mtime_ns, st.st_size, shown)


@lru_cache(maxsize=16)
def _workbook_grids(path: str, mtime_ns: int, size: int, shown: str) -> dict[str, _Grid]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # a damaged workbook, or not a workbook at all
        raise InputError(Problem(shown, None, None, "a readable .xlsx workbook",
                                 f"{type(exc).__name__}: {exc}")) from exc
    return {ws.title: _sheet_grid(ws) for ws in book.worksheets}


def _sheet_grid(sheet) -> _Grid:
    grid = _Grid([], sheet=sheet.title)
    for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=sheet.max_row), start=1):
        cells = []
        for c, cell in enumerate(row):
            text, note, read_as = _cell_text(cell)
            cells.append(text)
            if note:
                grid.notes[(r, c)] = note
            if read_as:
                grid.read_as[(r, c)] = read_as
        grid.rows.append(cells)
    return grid


def _csv_grid(text: str, shown: str) -> _Grid:
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise InputError(Problem(shown, None, None, "a readable CSV table", f"{type(exc).__name__}: {exc}")) from exc
    return _Grid(rows)


def _header_index(rows: list[list[str]], columns: tuple[str, ...]) -> int | None:
    """The first row (0-based, among the first rows) holding every one of ``columns``."""
    wanted = set(columns)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if wanted <= {c.strip() for c in row}:
            return i
    return None


def _delimited_otherwise(rows: list[list[str]], columns: tuple[str, ...]) -> str | None:
    """The delimiter a CSV file uses instead of commas, when its header splits into ``columns`` by it."""
    for row in rows[:HEADER_SEARCH_ROWS]:
        line = ",".join(row)
        for delimiter, name in ((";", "semicolon"), ("\t", "tab")):
            if delimiter in line and set(columns) <= {c.strip().strip('"') for c in line.split(delimiter)}:
                return name
    return None


def _shown_cells(row: list[str]) -> str:
    cells = [c for c in row if c]
    listed = ", ".join(repr(c) for c in cells[:6]) + (", ..." if len(cells) > 6 else "")
    return listed or "nothing"


def _frame(grid: _Grid, header: int, shown: str) -> pd.DataFrame:
    """The table below row ``header`` (0-based): spreadsheet row numbers as index, text cells."""
    names = [c.strip() for c in grid.rows[header]] if header < len(grid.rows) else []
    body = grid.rows[header + 1:]
    while body and not any(body[-1]):  # trailing empty rows of an export
        body.pop()
    width = max([len(names)] + [len(r) for r in body]) if body or names else 0
    problems = []
    for i, row in enumerate(body):
        extra = [c for c in row[len(names):] if c]
        if extra:
            problems.append(Problem(shown, header + i + 2, None,
                                    f"at most {len(names)} cells, as the header has (a value holding a comma "
                                    "needs double quotes around it)", f"{len([c for c in row if c])} cells"))
    keep = [i for i in range(width) if i < len(names) and (names[i] or any(i < len(r) and r[i] for r in body))]
    labels = {}
    for i in keep:
        name = names[i] or f"(unnamed column {i + 1})"
        if name in labels.values():
            problems.append(Problem(shown, header + 1, name, "each column named once",
                                    f"{list(labels.values()).count(name) + 1} columns named '{name}'"))
        labels[i] = name
    if problems:
        raise InputError(problems)
    data = {labels[i]: [r[i] if i < len(r) else "" for r in body] for i in keep}
    frame = pd.DataFrame(data, columns=list(labels.values()), dtype=object)
    frame.index = range(header + 2, header + 2 + len(body))  # spreadsheet row numbers
    frame.attrs["source_file"] = shown
    frame.attrs["header_row"] = header + 1
    frame.attrs["cell_notes"] = {(r, labels[c]): note for (r, c), note in grid.notes.items()
                                 if c in labels and r > header + 1}
    read_as: dict[tuple[str, str], list[int]] = {}
    for (r, c), how in grid.read_as.items():  # (r: the spreadsheet row; header: the header's index)
        if c in labels and r > header + 1:
            read_as.setdefault((labels[c], how), []).append(r)
    frame.attrs["warnings"] = [f"{shown}, {'row' if len(rows) == 1 else 'rows'} {compact_rows(rows)}, "
                               f"column '{column}': {how}" for (column, how), rows in read_as.items()]
    return frame


def read_raw(path: Path, shown: str | None = None, sheet: str | None = None, columns: tuple[str, ...] = (),
             below_instructions: bool = False) -> pd.DataFrame:
    """Read a CSV file or a sheet of an XLSX workbook as text cells.

    ``shown`` is the file's name in messages (a path relative to the project root).
    The header is the first row holding every name in ``columns`` (the first row when
    none are given); a header found below row 1 is said in a warning (``attrs['warnings']``)
    unless ``below_instructions`` (a sheet of the year's workbook, whose first rows say
    what to fill in). An XLSX file named after an input file is read from its sheet of
    that name, else from its first sheet; when that sheet holds no such header and
    exactly one other sheet does, that one is read, with a warning. Trailing empty rows
    are skipped. Each cell is read as Excel shows it (:func:`_cell_text`).
    """
    path = Path(path)
    shown = shown or path.name
    if not path.exists():
        raise InputError(Problem(shown, None, None, "this input file to exist", "no such file"))
    suffix = path.suffix.lower()
    warnings: list[str] = []
    if suffix == ".csv":
        grid = _csv_grid(_decode(path.read_bytes(), shown), shown)
        if columns and _header_index(grid.rows, columns) is None:
            delimiter = _delimited_otherwise(grid.rows, columns)
            if delimiter:
                raise InputError(Problem(
                    shown, None, None, "a comma-separated table",
                    f"a {delimiter}-delimited file (its header splits into the columns at each "
                    f"{delimiter}): save it as CSV UTF-8 (comma delimited), or as .xlsx"))
    elif suffix == ".xlsx":
        grids = workbook_grids(path, shown)
        if sheet is not None:
            if sheet not in grids:
                raise InputError(Problem(shown, None, None, f"a sheet named '{sheet}'",
                                         ", ".join(repr(s) for s in grids)))
            grid = grids[sheet]
        else:
            first = grids.get(sheet_name(path.stem)) or next(iter(grids.values()))
            grid = first
            if columns and _header_index(grid.rows, columns) is None and len(grids) > 1:
                others = [g for g in grids.values() if g is not first and _header_index(g.rows, columns) is not None]
                if len(others) > 1:
                    raise InputError(Problem(
                        shown, None, None, f"one sheet holding the columns {', '.join(columns)}",
                        "sheets " + ", ".join(repr(g.sheet) for g in others)
                        + f": keep one, or name the one to read '{sheet_name(path.stem)}'"))
                if others:
                    warnings.append(f"{shown}: read sheet '{others[0].sheet}', which holds the table; the first "
                                    f"sheet, '{first.sheet}', holds no header with the columns {', '.join(columns)}")
                    grid = others[0]
    else:
        raise InputError(Problem(shown, None, None, "a .csv or .xlsx file", suffix or "no extension"))
    header = _header_index(grid.rows, columns) if columns else None
    if header is None:
        header = 0
    elif header > 0 and not below_instructions:
        where = f"sheet '{grid.sheet}', " if grid.sheet and suffix == ".xlsx" and sheet is None else ""
        above = "; ".join(_shown_cells(r) for r in grid.rows[:header] if any(r)) or "empty rows"
        warnings.append(f"{shown}: {where}header found on row {header + 1}; the rows above it were skipped as a "
                        f"title ({above})")
    frame = _frame(grid, header, shown)
    frame.attrs["warnings"] = warnings + frame.attrs["warnings"]
    frame.attrs["sheet"] = grid.sheet
    return frame


def find_input(folder: Path, stem: str) -> Path:
    """The file ``stem`` in ``folder`` as .csv or .xlsx (CSV first); the .csv path if neither exists."""
    for suffix in (".csv", ".xlsx"):
        candidate = Path(folder) / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    return Path(folder) / f"{stem}.csv"


def read_table(path: Path, schema: Schema, year: int | None = None,
               row_rules: Callable[[pd.DataFrame, TableCheck], None] | None = None,
               shown: str | None = None, sheet: str | None = None, below_instructions: bool = False) -> pd.DataFrame:
    """Read ``path`` (or one ``sheet`` of it) and validate it against ``schema``; all problems are raised together.

    Numeric columns come back as floats (counts and years as integers). If the
    file has a ``year`` column and ``year`` is given, every row must claim that
    year. ``row_rules(table, check)`` adds rules across cells and rows (units
    matching items, parts adding up to totals); its problems are raised together
    with the duplicate-key and year problems. What was read otherwise than as the
    file's first row and sheet says is in ``attrs['warnings']``.
    """
    required = tuple(c.name for c in schema.columns if c.required)
    frame = read_raw(path, shown, sheet=sheet, columns=required, below_instructions=below_instructions)
    check = TableCheck(frame)
    missing = [name for name in required if name not in frame.columns]
    header = frame.attrs.get("header_row", 1)
    holds = ", ".join(repr(c) for c in frame.columns[:8] if not c.startswith("(unnamed")) or "nothing"
    for name in missing:
        check.add(None, name, f"a column named '{name}' ({schema.column(name).rule()})",
                  f"no such column (the header, row {header}, holds {holds})")
    if missing:
        check.raise_if_any()
    empty = [row for row, cells in zip(frame.index, frame.to_numpy()) if not any(cells)]
    if empty:  # a blank line or an empty row between rows: nothing to read, said in a warning
        warnings = [*frame.attrs.get("warnings", []),
                    f"{frame.attrs['source_file']}, {'row' if len(empty) == 1 else 'rows'} {compact_rows(empty)}: "
                    "empty, skipped"]
        frame = frame.drop(index=empty)
        frame.attrs["warnings"] = warnings
    if frame.empty:
        check.add(None, None, "at least one data row", "an empty table")
        check.raise_if_any()

    notes = frame.attrs.get("cell_notes", {})
    columns = {name: frame[name] for name in frame.columns}  # one frame built at the end, not a column at a time
    for col in schema.columns:
        if col.name in columns:
            columns[col.name] = pd.Series([_check_cell(check, row, col, cell, notes.get((row, col.name)))
                                           for row, cell in zip(frame.index, columns[col.name])], index=frame.index)
    if schema.key:  # on the text as typed, so duplicates are reported with the cell problems
        keys = [k for k in schema.key if k in frame.columns]
        dup = frame.duplicated(subset=keys, keep="first")
        for row in frame.index[dup]:
            duplicate = ", ".join(f"{k}={frame.at[row, k]!s}" for k in keys)
            check.add(row, keys[0], f"one row per {' + '.join(keys)} (duplicate key {duplicate})", None)
    check.raise_if_any()  # rules across rows mean nothing until every cell is readable
    for col in schema.columns:
        if col.name not in columns:
            continue
        if col.kind in ("count", "year") and not columns[col.name].isna().any():
            columns[col.name] = columns[col.name].astype("int64")
        elif col.kind in ("number", "percent", "count", "year"):
            columns[col.name] = pd.to_numeric(columns[col.name])
    out = pd.DataFrame(columns, index=frame.index)

    if year is not None and "year" in frame.columns:
        for row, cell in out["year"].items():
            if not pd.isna(cell) and int(cell) != int(year):
                check.add(row, "year", f"the year of the folder it is in ({year})", cell)

    out.attrs = dict(frame.attrs)
    if row_rules is not None:
        row_rules(out, check)
    check.raise_if_any()
    return out


def records(table: pd.DataFrame):
    """(row, {column: value}) for each row of ``table``: what ``iterrows`` gives, without a Series a row."""
    return zip(table.index, table.to_dict("records"))


def _check_cell(check: TableCheck, row: int, col: Column, cell: str, note: str | None = None):
    """The cell's value by its column's rule; a problem (showing ``note``, what the cell was, if any) otherwise."""
    if note is not None and col.kind != "text":
        check.add(row, col.name, col.rule(), note)
        return None
    if cell == "":
        if not col.allow_blank:
            check.add(row, col.name, col.rule(), "an empty cell")
        return "" if col.kind == "text" else None
    if col.kind == "text":
        if col.choices is not None and cell not in col.choices:
            check.add(row, col.name, col.rule(), cell)
        return cell
    try:
        value = parse_number(cell)
    except ValueError:
        check.add(row, col.name, col.rule(), cell)
        return None
    if col.kind == "count":
        if value < 0 or not float(value).is_integer():
            check.add(row, col.name, col.rule(), cell)
            return None
        value = int(value)
    elif col.kind == "percent":
        if not 0 <= value <= 100:
            check.add(row, col.name, col.rule(), cell)
            return None
    elif col.kind == "year":
        if not (float(value).is_integer() and 1900 <= value <= 2200):
            check.add(row, col.name, col.rule(), cell)
            return None
        value = int(value)
    if col.minimum is not None and value < col.minimum:
        check.add(row, col.name, col.rule(), cell)
        return None
    if col.above is not None and value <= col.above:
        check.add(row, col.name, col.rule(), cell)
        return None
    if col.maximum is not None and value > col.maximum:
        check.add(row, col.name, col.rule(), cell)
        return None
    return value
