"""Helpers the chapter modules share: number formatting in formulas, trends over years."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult


def fmt(value: float | None, decimals: int = 2) -> str:
    """A number as the appendix prints it in formulas: thousands separators, fixed decimals."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def trend(earlier: Mapping[int, ChapterResult], result: ChapterResult) -> pd.DataFrame:
    """One row per year, oldest first: each year's ``summary`` (earlier years, then this one)."""
    years = [earlier[y] for y in sorted(earlier)] + [result]
    return pd.DataFrame([r.summary for r in years])
