"""The SDG indicator progress table (report 5.1), generated from metrics.

The table's structure is data: ``data/printed/sdg_progress_table.csv``, one row
per indicator and year as the report printed it (``report_year``, the goal, the
indicator's label, and for each year a ``cell`` template and the ``printed`` text).
A template names metrics in braces with a format, e.g.
``辦理 {labour_inspection.heat_hazard_inspections:,.0f} 場`` or
``{energy.electricity_reduction_pct:.2f}%``; a blank template is a year the
report shows as "-". Every value comes from the metrics of that year (computed by
the chapters; outcomes no chapter computes are the ``sdg_indicators`` inputs),
so nothing on the page is typed. The generated text is compared number by
number with what the report printed.

A template naming a metric that does not exist that year, or one without a unit,
stops the build with :class:`ConfigurationError` naming the row, year and metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.review.gri_index import choose_report_year
from sustainability_appendix.review.reconcile import DIFFERS, REPRODUCES, decimals_of, round_half_up
from sustainability_appendix.review.results import REF_PATTERN, Unavailable, YearResults

_PLACEHOLDER = re.compile(r"\{(?P<ref>" + REF_PATTERN + r")(?::(?P<spec>[^{}]*))?\}")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")

SAME, DIFFERENT, NO_VALUE, BOTH_BLANK, UNMAPPED, UNAVAILABLE = (
    REPRODUCES, DIFFERS, "not_computable", "not_reported", "unmapped", "not_in_appendix")
CELL_LABELS = {
    SAME: "相符 Reproduces",
    DIFFERENT: "不符 Differs",
    NO_VALUE: "無法計算 Cannot be computed",
    BOTH_BLANK: "報告未列 Not reported",
    UNMAPPED: "未對應指標 No metric mapped",
    UNAVAILABLE: "章節尚未納入 Chapter not in the appendix",
}
TABLE_COLUMNS = ["report_year", "row", "sdg", "goal", "area", "label", "label_en", "year", "text", "printed",
                 "status", "status_label", "metrics", "values", "note"]


def load_structure(data: YearResults) -> pd.DataFrame | None:
    """data/printed/sdg_progress_table.csv, or None when the project has none."""
    return data.store.table("structure", "sdg_progress_table", reader=("review", data.year))


def format_value(value: float, spec: str) -> str:
    """Format as the spec says, rounding half-up as the report does (``,.2f``, ``.0f``)."""
    m = re.fullmatch(r"(,?)\.(\d+)f", spec or ".2f")
    if not m:
        raise ConfigurationError(f"format '{spec}' not supported: use .Nf or ,.Nf")
    decimals = int(m.group(2))
    rounded = round_half_up(value, decimals)
    return f"{rounded:{m.group(1)}.{decimals}f}"


def numbers_in(text: str) -> list[str]:
    return _NUMBER.findall(text or "")


@dataclass
class Cell:
    year: int
    text: str
    printed: str
    status: str
    metrics: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class SdgRow:
    row: str
    order: int
    sdg: int
    goal: str
    goal_statement: str
    goal_en: str
    area: str
    label: str
    label_en: str
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass
class SdgTable:
    report_year: int | None
    years: list[int]
    note: str
    rows: list[SdgRow]

    def goals(self) -> list[tuple[int, str, str, str, list[SdgRow]]]:
        out: dict[int, list[SdgRow]] = {}
        for r in self.rows:
            out.setdefault(r.sdg, []).append(r)
        return [(sdg, rows[0].goal, rows[0].goal_statement, rows[0].goal_en, rows) for sdg, rows in out.items()]

    def frame(self) -> pd.DataFrame:
        out = []
        for r in self.rows:
            for y in self.years:
                c = r.cells.get(y)
                if c is None:
                    continue
                out.append({"report_year": self.report_year, "row": r.row, "sdg": r.sdg, "goal": r.goal, "area": r.area,
                            "label": r.label, "label_en": r.label_en, "year": y, "text": c.text, "printed": c.printed,
                            "status": c.status, "status_label": CELL_LABELS[c.status], "metrics": "; ".join(c.metrics),
                            "values": "; ".join(c.values), "note": c.note})
        return pd.DataFrame(out, columns=TABLE_COLUMNS)


def _cell(data: YearResults, template: str, printed: str, year: int, where: str) -> Cell:
    if not template.strip():
        has_number = bool(numbers_in(printed))
        return Cell(year, "-", printed, UNMAPPED if has_number else BOTH_BLANK)
    pieces, refs, values, notes = [], [], [], []
    pos, missing_value, unavailable = 0, False, False
    for m in _PLACEHOLDER.finditer(template):
        pieces.append(template[pos:m.start()])
        pos = m.end()
        ref = m.group("ref")
        when = "" if year == data.year else f"@{year}"
        try:
            terms = data.resolve(ref + when)
        except Unavailable as exc:
            if "尚未納入" in str(exc):
                unavailable = True
                notes.append(str(exc))
                pieces.append("—")
                continue
            raise ConfigurationError(f"{where}: metric '{ref}' does not exist for {year} ({exc})") from None
        except ConfigurationError as exc:
            raise ConfigurationError(f"{where}: {exc}") from None
        if len(terms) != 1:
            raise ConfigurationError(f"{where}: '{ref}' must name exactly one metric")
        t = terms[0]
        if not str(t.unit).strip():
            raise ConfigurationError(f"{where}: metric '{ref}' has no unit")
        refs.append(t.ref)
        if t.value is None:
            missing_value = True
            metric = data.metric(*ref.split(".", 1), year=year)
            notes.append((metric or {}).get("missing_reason", "") or f"{ref} 無法計算")
            pieces.append("—")
            values.append("")
            continue
        shown = format_value(t.value, m.group("spec") or ".2f")
        pieces.append(shown)
        values.append(f"{t.value:.10g}")
    pieces.append(template[pos:])
    text = "".join(pieces)
    if unavailable:
        return Cell(year, text, printed, UNAVAILABLE, refs, values, "；".join(notes))
    if missing_value:
        return Cell(year, "—", printed, NO_VALUE, refs, values, "；".join(notes))
    ours, theirs = numbers_in(text), numbers_in(printed)
    if len(ours) == len(theirs) and all(
            round_half_up(float(a.replace(",", "")), decimals_of(b)) == Decimal(b.replace(",", "")).quantize(
                Decimal(1).scaleb(-decimals_of(b))) for a, b in zip(ours, theirs)):
        status = SAME
    else:
        status = DIFFERENT
    return Cell(year, text, printed, status, refs, values)


def build_sdg_table(data: YearResults, structure: pd.DataFrame | None = None) -> SdgTable:
    structure = load_structure(data) if structure is None else structure
    if structure is None:
        return SdgTable(None, [], "data/printed/sdg_progress_table.csv 不存在 does not exist", [])
    later_or_same = [y for y in structure["report_year"] if y >= data.year]
    if not later_or_same:
        return SdgTable(None, [], f"尚未建立 {data.year} 年報告之 SDG 指標表 (加入 data/printed/sdg_progress_table.csv)。"
                                  f" No SDG table defined for the {data.year} report yet.", [])
    report_year, note = choose_report_year(later_or_same, data.year)
    rows = structure[(structure["report_year"] == report_year) & (structure["year"] <= data.year)]
    file = structure.attrs.get("source_file", "data/printed/sdg_progress_table.csv")
    table: dict[str, SdgRow] = {}
    ordered = rows.sort_values(["order", "year"])
    for sheet_row, rec in zip(ordered.index, ordered.to_dict(orient="records")):
        r = table.setdefault(rec["row"], SdgRow(rec["row"], int(rec["order"]), int(rec["sdg"]), rec["goal"],
                                                 rec["goal_statement"], rec["goal_en"], rec["area"], rec["label"],
                                                 rec["label_en"]))
        where = f"{file} row {sheet_row} ({rec['row']}, {rec['year']})"
        r.cells[int(rec["year"])] = _cell(data, str(rec["cell"] or ""), str(rec["printed"] or ""), int(rec["year"]), where)
    years = sorted({int(y) for y in rows["year"]})
    return SdgTable(report_year, years, note, sorted(table.values(), key=lambda r: r.order))
