"""Numbers as a reader expects them, decided by their unit and kind, not by the table they are in.

- a year (unit 年 / year, or a column called ``year`` or ``*_year``): plain, ``2024``;
- a whole number (head counts, kWh, sheets): an integer with separators, ``447,969``;
- a rate or amount: at its precision (the decimals the report prints it with, when known),
  else at two decimals, or at three significant digits for a value below one;
- a factor or any value below 0.001: a plain decimal with all its digits, ``0.0000041868``;
- a yes/no value: ✓ or ✗, never ``True``/``False``;
- a missing value: ``—``; never ``-0.00``.

A column of a table is formatted as a whole, with one number of decimals for all its values,
so that figures line up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

MISSING = "—"
YES, NO = "✓", "✗"
YEAR_UNITS = frozenset({"年", "year", "years", "yr", "年度"})
DEFAULT_DECIMALS = 2
MAX_DECIMALS = 6
SIGNIFICANT = 3  # digits shown of a value below one, when its precision is not known


def is_missing(value: object) -> bool:
    """None, NaN, or pandas' NA / NaT."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float) and math.isnan(value)


def is_year_unit(unit: str | None) -> bool:
    return (unit or "").strip().lower() in YEAR_UNITS


def is_year_column(name: object, unit: str | None = None) -> bool:
    """A column of years: named ``year`` or ``…_year`` (``base_year``, ``applies_to_year``), or its unit is 年."""
    text = str(name).strip().lower()
    return is_year_unit(unit) or text == "year" or text.endswith("_year") or text == "年度"


def _as_float(value: object) -> float | None:
    if is_missing(value) or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:  # numpy scalars
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def is_bool(value: object) -> bool:
    return isinstance(value, bool) or type(value).__name__ in ("bool_", "bool")


def _integral(value: float) -> bool:
    return math.isfinite(value) and abs(value - round(value)) <= 1e-9 * max(1.0, abs(value))


def decimals_needed(value: float, cap: int = MAX_DECIMALS) -> int:
    """The fewest decimals (at most ``cap``) that show ``value`` exactly."""
    for d in range(cap + 1):
        if abs(round(value, d) - value) <= 1e-9 * max(1.0, abs(value)):
            return d
    return cap


def default_decimals(value: float) -> int:
    """Two decimals; a value below one gets enough for three significant digits."""
    magnitude = abs(value)
    if magnitude == 0 or magnitude >= 1:
        return DEFAULT_DECIMALS
    return min(MAX_DECIMALS, max(DEFAULT_DECIMALS, SIGNIFICANT - 1 - math.floor(math.log10(magnitude))))


def plain_decimal(value: float) -> str:
    """All the digits of a (small) number, without an exponent: 4.1868e-06 -> ``0.0000041868``."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def fixed(value: float, decimals: int, separators: bool = True) -> str:
    """``value`` at ``decimals``, with separators; a value that rounds to zero has no minus sign."""
    text = f"{value:,.{decimals}f}" if separators else f"{value:.{decimals}f}"
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0:
        text = text[1:]
    return text


def _is_tiny(value: float) -> bool:
    return value != 0 and abs(value) < 0.001


def format_number(value: object, unit: str | None = "", decimals: int | None = None) -> str:
    """One number for a reader, by its unit; ``decimals`` is its precision when known (the decimals
    the report prints it with)."""
    if is_missing(value):
        return MISSING
    if is_bool(value):
        return YES if value else NO
    number = _as_float(value)
    if number is None:
        return str(value)
    if not math.isfinite(number):
        return MISSING
    if is_year_unit(unit) and _integral(number):
        return str(int(round(number)))
    if decimals is not None:
        return fixed(number, decimals)
    if _integral(number):
        return fixed(number, 0)
    if _is_tiny(number):
        return plain_decimal(number)
    shown = decimals_needed(number, default_decimals(number))
    return fixed(number, shown)


def decimals_of_format(number_format: str | None) -> int | None:
    """The decimals a format such as ``{:,.4f}`` asks for (a notebook's hint of a column's precision)."""
    if not number_format:
        return None
    found = re.search(r"\.(\d+)[fe%]", number_format)
    return int(found.group(1)) if found else None


def column_formatter(values: Iterable[object], unit: str | None = "", name: object = "",
                     cap: int | None = None) -> Callable[[object], str]:
    """How to show every value of one column: one precision for the whole column.

    Whole numbers stay whole; otherwise the column gets the fewest decimals (at most ``cap``, by
    default two, or three significant digits when even its largest value is below one) that show its
    values; years are plain; yes/no values are ✓/✗; text is left as it is.
    """
    values = list(values)
    numbers = [_as_float(v) for v in values if not is_missing(v) and not is_bool(v)]
    numbers = [n for n in numbers if n is not None and math.isfinite(n)]
    if is_year_column(name, unit) and numbers and all(_integral(n) for n in numbers):
        return lambda v: MISSING if is_missing(v) else (str(int(round(float(v)))) if _as_float(v) is not None
                                                         else str(v))
    if not numbers or all(_integral(n) for n in numbers):
        return lambda v: format_number(v, unit, 0 if _as_float(v) is not None and not is_bool(v) else None)
    biggest = max(abs(n) for n in numbers)
    if biggest and biggest < 0.001:
        return lambda v: format_number(v, unit)  # factors: every digit
    # the largest value sets the precision: a column of rates with one tiny value keeps two decimals
    limit = cap if cap is not None else default_decimals(biggest)
    limit = min(limit, MAX_DECIMALS)
    shown = max(decimals_needed(n, limit) for n in numbers)
    return lambda v: format_number(v, unit, shown if _as_float(v) is not None and not is_bool(v) else None)
