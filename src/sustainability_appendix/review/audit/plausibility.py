"""Plausible ranges: checks that need no printed report.

Each row of ``data/reference/plausibility.csv`` bounds one figure (``raw.<item>``,
``factor.<name>`` or ``<chapter>.<metric_id>``) by a test:

- ``ratio_to_previous``: the figure ÷ the previous year's within [lower, upper]
  (gasoline litres typed ten times too large are ×10.02);
- ``range``: the figure itself within [lower, upper] (a share, a physical constant);
- ``ratio_to_earlier_years``: the figure ÷ the median of up to three earlier years
  within [lower, upper] (an order of magnitude).

A figure outside its range is flagged until the analyst confirms it: a quantity or a
factor in the ``confirmed`` cell of its own row, a computed figure in the year's
``confirmations.csv``; it is then shown as confirmed, with the reason given.
``appendix validate`` shows the unconfirmed ones as warnings
(:func:`plausibility_warnings`), the audit page all of them (:func:`check_plausibility`).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from sustainability_appendix.review.audit.findings import FLAG, INFO, NOT_APPLICABLE, PASS, Finding
from sustainability_appendix.review.expressions import fmt_number
from sustainability_appendix.review.results import Term, Unavailable, YearResults

REFERENCE = "data/reference/plausibility.csv"


def _num(value: float) -> str:
    """A number for a reader; a small one with its significant digits (0.0000041868, not 0)."""
    if value != 0 and abs(value) < 0.01:
        import numpy as np

        return np.format_float_positional(float(value), trim="-")
    return fmt_number(value)
EARLIER_YEARS = 3


@dataclass(frozen=True)
class Bound:
    check_id: str
    figure: str
    test: str
    lower: float
    upper: float
    reason: str

    def describe(self) -> str:
        span = f"{_num(self.lower)}–{_num(self.upper)}"
        return {"ratio_to_previous": f"前一年的 {span} 倍 {span} × the previous year",
                "range": f"介於 {span} within {span}",
                "ratio_to_earlier_years": f"前幾年中位數的 {span} 倍 {span} × the median of the earlier years"}[self.test]


@dataclass(frozen=True)
class Outcome:
    bound: Bound
    status: str  # pass, flag, info (confirmed), not_applicable
    numbers: str
    where: str  # the row or file where the figure is typed, or confirmed
    plain: str = ""  # the comparison in words, for the command line
    confirmed: str = ""
    why_not: str = ""  # why not applicable


def load_bounds(data: YearResults) -> list[Bound]:
    store = data.store
    if not store.exists("reference", "plausibility"):
        return []
    store.note_reader(store.path("reference", "plausibility"), ("review", data.year))
    return [Bound(r["check_id"], r["figure"], r["test"], float(r["lower"]), float(r["upper"]), r["reason"])
            for r in store.reference("plausibility").to_dict("records")]


def _value(data: YearResults, figure: str, year: int) -> Term:
    ref = figure if year == data.year else f"{figure}@{year}"
    term = data.resolve(ref)[0]
    if term.value is None:
        raise Unavailable(f"{ref} 無數值 not computed")
    return term


def _input_row(data: YearResults, figure: str) -> tuple[str, str]:
    """(where the figure is typed, its confirmed note) for raw.<item> and factor.<name>; for a
    computed figure, (the confirmations file, its note for the check) is looked up by the caller."""
    source, _, name = figure.partition(".")
    table = data.quantities() if source == "raw" else data.factors()
    if table is None or not table.has(name):
        return "", ""
    row = table.table.index[table.table[table.key] == name][0]
    note = table.table.at[row, "confirmed"] if "confirmed" in table.table.columns else ""
    return f"{table.file}, row {row} ({name})", "" if note is None else str(note)


def _confirmations(data: YearResults) -> tuple[str, dict[str, str]]:
    from sustainability_appendix.errors import InputError

    store = data.store
    try:
        table = store.table("year", "confirmations", data.year, ("review", data.year))
    except InputError:
        return "", {}
    if table is None:
        return store.shown(store.location("year", "confirmations", data.year)), {}
    return table.attrs.get("source_file", ""), dict(zip(table["check_id"], table["confirmed"]))


def evaluate(data: YearResults) -> list[Outcome]:
    bounds = load_bounds(data)
    if not bounds:
        return []
    confirmations_file, confirmed_metrics = _confirmations(data)
    outcomes = []
    for bound in bounds:
        try:
            current = _value(data, bound.figure, data.year)
            value = f"{_num(current.value)} {current.unit}"
            if bound.test == "range":
                measure, numbers = current.value, f"{bound.figure} = {value}"
                plain = f"{value} is outside the plausible range {_num(bound.lower)}–{_num(bound.upper)}"
            elif bound.test == "ratio_to_previous":
                previous = _value(data, bound.figure, data.year - 1)
                if previous.value == 0:
                    raise Unavailable(f"{data.year - 1} 年為 0 zero in {data.year - 1}: no ratio")
                measure = current.value / previous.value
                change = f"{measure:.2f} ({(measure - 1) * 100:+.2f} %)"
                numbers = (f"{bound.figure} = {value}；{data.year - 1} 年 {_num(previous.value)}；比 ratio {change}")
                plain = (f"{value} is {measure:.2f} × {data.year - 1}'s {_num(previous.value)} "
                         f"({(measure - 1) * 100:+.2f} %), outside the plausible {_num(bound.lower)}–"
                         f"{_num(bound.upper)} × the previous year")
            else:
                earlier = []
                for y in range(data.year - 1, data.year - 1 - EARLIER_YEARS, -1):
                    try:
                        earlier.append((y, _value(data, bound.figure, y).value))
                    except Unavailable:
                        continue
                if not earlier:
                    raise Unavailable(f"前幾年無數值 no value in the {EARLIER_YEARS} years before")
                median = statistics.median(v for _, v in earlier)
                if median == 0:
                    raise Unavailable("前幾年中位數為 0 the median of the earlier years is zero")
                measure = current.value / median
                shown = ", ".join(f"{y}: {_num(v)}" for y, v in sorted(earlier))
                numbers = (f"{bound.figure} = {value}；前幾年 earlier years {shown}；中位數 median {_num(median)}；"
                           f"比 ratio {measure:.2f}")
                plain = (f"{value} is {measure:.2f} × the median {_num(median)} of {shown}, outside the plausible "
                         f"{_num(bound.lower)}–{_num(bound.upper)} × the earlier years' median")
        except Unavailable as exc:
            outcomes.append(Outcome(bound, NOT_APPLICABLE, "", "", why_not=str(exc)))
            continue
        inside = bound.lower - 1e-12 * abs(bound.lower) <= measure <= bound.upper + 1e-12 * abs(bound.upper)
        if bound.figure.split(".")[0] in ("raw", "factor"):
            where, note = _input_row(data, bound.figure)
        else:
            where, note = confirmations_file, confirmed_metrics.get(bound.check_id, "")
        status = PASS if inside else (INFO if note else FLAG)
        outcomes.append(Outcome(bound, status, numbers, where, plain, note))
    return outcomes


def _finding(outcome: Outcome) -> Finding:
    b = outcome.bound
    compared = f"{b.figure} 合理範圍 plausible range: {b.describe()} ({b.reason})"
    if outcome.status == NOT_APPLICABLE:
        return Finding("plausibility", b.check_id, b.figure, NOT_APPLICABLE, compared, "", outcome.why_not)
    if outcome.status == PASS:
        return Finding("plausibility", b.check_id, b.figure, PASS, compared, outcome.numbers)
    if outcome.status == INFO:
        return Finding("plausibility", b.check_id, b.figure, INFO, compared, outcome.numbers,
                       f"超出合理範圍，已確認 outside its plausible range, confirmed ({outcome.where}): {outcome.confirmed}")
    return Finding("plausibility", b.check_id, b.figure, FLAG, compared, outcome.numbers,
                   "超出合理範圍，尚未確認：請檢查輸入（位數、單位、Excel 格式）；若數值正確，請於 'confirmed' 欄說明原因。"
                   f" Outside its plausible range and not confirmed: check the input (a digit, the unit, an Excel "
                   f"format); if the value is right, say why in {_confirm_where(outcome)}.")


def _confirm_where(outcome: Outcome) -> str:
    b = outcome.bound
    if b.figure.split(".")[0] in ("raw", "factor"):
        return f"the 'confirmed' cell of {outcome.where}"
    return f"{outcome.where} (a row with check_id '{b.check_id}' and its 'confirmed' note)"


def check_plausibility(data: YearResults) -> list[Finding]:
    return [_finding(o) for o in evaluate(data)]


def plausibility_warnings(data: YearResults) -> list[str]:
    """One line per figure outside its plausible range and not confirmed, for ``appendix validate``."""
    lines = []
    for o in evaluate(data):
        if o.status != FLAG:
            continue
        b = o.bound
        if b.figure.split(".")[0] in ("raw", "factor"):
            subject, confirm = o.where, "this row's 'confirmed' cell"
        else:
            subject, confirm = f"{b.figure} of {data.year}", _confirm_where(o)
        lines.append(f"{subject}: {o.plain} ({REFERENCE}, {b.check_id}); if it is right, say why in {confirm}")
    return lines
