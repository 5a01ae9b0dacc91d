"""Reading and validating input tables.

Analysts receive files as CSV in UTF-8 (with or without a byte-order mark), as
CSV in Big5/cp950 (common in Excel exports in Taiwan), or as ``.xlsx``. All are
read as text and then checked against a :class:`Schema`, so that every problem
is reported at once with its file, spreadsheet row and column.

A validated table keeps the spreadsheet row number as its index (the header is
row 1), which later checks use to point at the offending row.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from sustainability_appendix.errors import InputError, Problem

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
        if self.minimum is not None and self.kind in ("number",):
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


def read_raw(path: Path, shown: str | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file as text cells, header on the first row.

    ``shown`` is the file's name in messages (a path relative to the project root).
    """
    path = Path(path)
    shown = shown or path.name
    if not path.exists():
        raise InputError(Problem(shown, None, None, "this input file to exist", "no such file"))
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            text = _decode(path.read_bytes(), shown)
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
        elif suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        else:
            raise InputError(Problem(shown, None, None, "a .csv or .xlsx file", suffix or "no extension"))
    except InputError:
        raise
    except Exception as exc:  # a malformed CSV or a damaged workbook
        raise InputError(Problem(shown, None, None, "a readable CSV or XLSX table",
                                 f"{type(exc).__name__}: {exc}")) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in frame.columns:  # (cells are text: read with dtype=str)
        frame[column] = [v.strip() if isinstance(v, str) else v for v in frame[column]]
    frame.index = range(2, len(frame) + 2)  # spreadsheet row numbers; header is row 1
    frame.attrs["source_file"] = shown
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
               shown: str | None = None) -> pd.DataFrame:
    """Read ``path`` and validate it against ``schema``; all problems are raised together.

    Numeric columns come back as floats (counts and years as integers). If the
    file has a ``year`` column and ``year`` is given, every row must claim that
    year. ``row_rules(table, check)`` adds rules across cells and rows (units
    matching items, parts adding up to totals); its problems are raised together
    with the duplicate-key and year problems.
    """
    frame = read_raw(path, shown)
    check = TableCheck(frame)
    missing = [c.name for c in schema.columns if c.required and c.name not in frame.columns]
    for name in missing:
        check.add(None, name, f"a column named '{name}' ({schema.column(name).rule()})", "no such column")
    if missing:
        check.raise_if_any()
    if frame.empty:
        check.add(None, None, "at least one data row", "an empty table")
        check.raise_if_any()

    out = frame.copy()
    for col in schema.columns:
        if col.name in frame.columns:
            out[col.name] = [_check_cell(check, row, col, cell) for row, cell in frame[col.name].items()]
    if schema.key:  # on the text as typed, so duplicates are reported with the cell problems
        keys = [k for k in schema.key if k in frame.columns]
        dup = frame.duplicated(subset=keys, keep="first")
        for row in frame.index[dup]:
            duplicate = ", ".join(f"{k}={frame.at[row, k]!s}" for k in keys)
            check.add(row, keys[0], f"one row per {' + '.join(keys)} (duplicate key {duplicate})", None)
    check.raise_if_any()  # rules across rows mean nothing until every cell is readable
    for col in schema.columns:
        if col.name not in out.columns:
            continue
        if col.kind in ("count", "year") and not out[col.name].isna().any():
            out[col.name] = out[col.name].astype("int64")
        elif col.kind in ("number", "percent", "count", "year"):
            out[col.name] = pd.to_numeric(out[col.name])

    if year is not None and "year" in frame.columns:
        for row, cell in out["year"].items():
            if not pd.isna(cell) and int(cell) != int(year):
                check.add(row, "year", f"the year of the folder it is in ({year})", cell)

    out.attrs["source_file"] = frame.attrs["source_file"]
    if row_rules is not None:
        row_rules(out, check)
    check.raise_if_any()
    return out


def _check_cell(check: TableCheck, row: int, col: Column, cell: str):
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
    if col.maximum is not None and value > col.maximum:
        check.add(row, col.name, col.rule(), cell)
        return None
    return value
