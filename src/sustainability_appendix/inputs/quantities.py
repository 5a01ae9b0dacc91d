"""Item-keyed inputs: the measured quantities and the factors of one year.

``data/raw/<year>/quantities.csv`` holds one row per measured quantity
(electricity in kWh, water withdrawn in ML, ...) and ``factors.csv`` one row per
conversion or emission factor. Chapters read them item by item: a chapter is
handed a view holding only the items it declares (``chapters/__init__.py``), so
what it reads is known, and its rebuild key covers exactly those rows.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import pandas as pd

from sustainability_appendix.errors import ConfigurationError, InputError, Problem


@dataclass(frozen=True)
class Value:
    """A value with the unit and source it came with, and where it was read."""

    value: float
    unit: str
    source: str
    file: str
    row: int | None = None

    def cite(self) -> str:
        return f"{self.source}; {self.file}"


class ItemTable:
    """The rows of an item-keyed table of one year, by item; absent items are 'not reported'.

    ``allowed`` (None: every item) restricts what may be read: reading an item
    outside it is a defect of the chapter's declaration, not of the data.
    """

    key = "item"
    what = "item"

    def __init__(self, year: int, table: pd.DataFrame, allowed: tuple[str, ...] | None = None, reader: str = ""):
        self.year = year
        self.table = table
        self.file = table.attrs.get("source_file", "")
        self.allowed = allowed
        self.reader = reader
        self._rows = {item: row for row, item in zip(table.index, table[self.key])}
        self._records = table.to_dict("index")  # one dict per row: no pandas object per lookup

    @classmethod
    def from_rows(cls, year: int, rows: list[dict], file: str = "<memory>") -> ItemTable:
        """A table built in memory (tests, what-if calculations); rows are dicts of the file's columns."""
        frame = pd.DataFrame(rows)
        frame.index = range(2, len(frame) + 2)
        for column in ("source", "note"):
            if column not in frame.columns:
                frame[column] = ""
        frame.attrs["source_file"] = file
        return cls(year, frame)

    def _check(self, item: str) -> None:
        if self.allowed is not None and item not in self.allowed:
            raise ConfigurationError(
                f"{self.reader or 'a chapter'} reads {self.what} '{item}' of {self.file}, which it does not declare "
                f"(add it to its Reads in chapters/__init__.py)")

    def has(self, item: str) -> bool:
        self._check(item)
        return item in self._rows

    def get(self, item: str) -> Value | None:
        self._check(item)
        row = self._rows.get(item)
        if row is None:
            return None
        rec = self._records[row]
        return Value(float(rec["value"]), str(rec["unit"]), str(rec["source"]), self.file, int(row))

    def items(self) -> list[str]:
        return [i for i in self._rows if self.allowed is None or i in self.allowed]

    def restricted(self, items: tuple[str, ...], reader: str) -> ItemTable:
        """The view a chapter is handed: only ``items`` (sharing the table and its rows, read only)."""
        view = copy.copy(self)
        view.allowed, view.reader = tuple(items), reader
        return view

    def with_value(self, item: str, value: float) -> ItemTable:
        """A copy with one item's value replaced (what-if calculations), same view."""
        table = self.table.copy()
        table.loc[self._rows[item], "value"] = float(value)
        table.attrs = dict(self.table.attrs)
        return type(self)(self.year, table, self.allowed, self.reader)

    def fingerprint(self) -> list[list[str]]:
        """The rows this view can read, as text: what a rebuild key depends on."""
        columns = list(self.table.columns)
        rows = [[str(self._records[self._rows[i]][c]) for c in columns] for i in sorted(self.items())]
        return [[self.file], columns, *rows]


class Quantities(ItemTable):
    key = "item"
    what = "quantity item"


OFFICIAL, PROVISIONAL = "official", "provisional"
PROVISIONAL_MARK = "暫定值 provisional: used before its official announcement"


class Factors(ItemTable):
    key = "factor"
    what = "factor"

    def get(self, factor: str) -> Value:  # type: ignore[override]
        """A factor the calculation cannot do without: absent is an input error. A provisional
        factor's source says so, so that every figure citing it does."""
        value = super().get(factor)
        if value is None:
            raise InputError(Problem(self.file, None, "factor", f"a row for factor '{factor}'", "no such row"))
        if self.status(factor) == PROVISIONAL:
            value = replace(value, source=f"{value.source} ({PROVISIONAL_MARK})")
        return value

    def status(self, factor: str) -> str:
        """official, or provisional (a value used before the year's factor is announced)."""
        self._check(factor)
        status = self._records[self._rows[factor]].get("status")
        return PROVISIONAL if status == PROVISIONAL else OFFICIAL

    def vintage(self, factor: str) -> int | None:
        """The data year the factor was published for (None for physical constants)."""
        self._check(factor)
        v = self._records[self._rows[factor]]["applies_to_year"]
        return None if v is None or v == "" or pd.isna(v) else int(v)


def require(value: Value | None, item: str, quantities: Quantities) -> Value:
    """A quantity a calculation cannot do without."""
    if value is None:
        raise InputError(Problem(quantities.file or f"data/raw/{quantities.year}/quantities.csv", None, "item",
                                 f"a row for item '{item}'", "no such row"))
    return value


def same_value(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def latest_announcement(announcements: pd.DataFrame, factor: str, year: int) -> dict | None:
    """The latest announcement of ``factor`` for a data year no later than ``year``
    (``data/reference/factor_announcements.csv``; its primary variant first), or None."""
    rows = announcements[(announcements["factor"] == factor) & (announcements["applies_to_year"] <= year)]
    if rows.empty:
        return None
    latest = rows[rows["applies_to_year"] == rows["applies_to_year"].max()]
    if "primary" in latest.columns:
        primary = latest[latest["primary"].astype(str).str.lower() == "yes"]
        latest = primary if not primary.empty else latest
    return latest.iloc[0].to_dict()


def describe_announcement(row: dict) -> str:
    """``0.467 kgCO2e/kWh for 2025 (公用售電業平均 ..., announced 2026-06-02; source)``."""
    details = [str(row.get(k) or "") for k in ("variant",) if row.get(k)]
    if row.get("announced"):
        details.append(f"announced {row['announced']}")
    details.append(str(row["source"]))
    return f"{float(row['value']):g} {row['unit']} for {int(row['applies_to_year'])} ({'; '.join(details)})"
