"""Helpers the chapter modules share: previous-year inputs, number formatting."""

from __future__ import annotations

from sustainability_appendix.inputs.quantities import Quantities, load_quantities
from sustainability_appendix.project import raw_dir


def quantities_if_present(year: int) -> Quantities | None:
    """The quantities of ``year``, or None when that year has no raw-data folder
    (for example the year before the first report)."""
    if not raw_dir(year).is_dir():
        return None
    return load_quantities(year)


def fmt(value: float | None, decimals: int = 2) -> str:
    """A number as the appendix prints it: thousands separators, fixed decimals."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def trend_years(year: int, span: int = 3) -> list[int]:
    """The reporting years of a trend ending at ``year`` that have data, oldest first."""
    return [y for y in range(year - span + 1, year + 1) if raw_dir(y).is_dir()]
