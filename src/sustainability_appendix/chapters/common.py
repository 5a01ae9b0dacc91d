"""Helpers the chapter modules share: number formatting in formulas, trends over years."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.inputs.quantities import Factors


@dataclass(frozen=True)
class Entry:
    """One value of a chapter's item table, with where it was typed."""

    value: float
    unit: str
    source: str
    file: str
    row: int

    def cite(self) -> str:
        return f"{self.source}; {self.file} row {self.row}"


def fmt(value: float | None, decimals: int = 2) -> str:
    """A number as the appendix prints it in formulas: thousands separators, fixed decimals."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def factor_used(factors: Factors, factor: str, label: str, purpose: str) -> Metric:
    """A factor as a calculation used it, shown as an input: the report prints its factors in notes under
    its tables, and those printings are reconciled against this value."""
    value, published_for = factors.get(factor), factors.vintage(factor)
    vintage = f"；適用 {published_for} 年 published for {published_for}" if published_for is not None else ""
    return Metric(factor, value.value, value.unit, label, f"所用係數 factor used ({purpose}{vintage})", value.cite(),
                  kind="input")


def trend(earlier: Mapping[int, ChapterResult], result: ChapterResult) -> pd.DataFrame:
    """One row per year, oldest first: each year's ``summary`` (earlier years, then this one)."""
    years = [earlier[y] for y in sorted(earlier)] + [result]
    return pd.DataFrame([r.summary for r in years])


def labels_by_vocabulary(table: pd.DataFrame) -> dict[str, dict[str, str]]:
    """{vocabulary: {code: label}} of a reference table with ``vocabulary``, ``code`` and ``label`` columns."""
    labels: dict[str, dict[str, str]] = {}
    for r in table.itertuples():
        labels.setdefault(r.vocabulary, {})[r.code] = r.label
    return labels


def chinese_part(label: str) -> str:
    """The Traditional Chinese part of a bilingual label ("導覽式戲劇《流經歲月》 Guided drama" → the first
    words, up to the last one holding a Chinese character)."""
    words = label.split(" ")
    last = max((i for i, w in enumerate(words) if any(ord(ch) > 0x2E7F for ch in w)), default=len(words) - 1)
    return " ".join(words[:last + 1])
