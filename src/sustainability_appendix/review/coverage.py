"""How much of the report the register covers, by section of the report.

The report's top-level sections are data (``data/printed/report_sections.csv``, its
table of contents, with ``report_year``): each says how the ``section`` text of a
printed figure begins when the figure belongs to it (a section number, which also
takes its subsections, or a heading such as 2025 年 ESG 永續績效管理), and how many
numbers the report prints there. Every printed figure of the year's register is
counted under the section its own ``section`` text names (the longest beginning
wins), whatever chapter transcribed it, so the figures of a new chapter are counted
without code. A figure whose section matches none is counted under "not matched".

For each section: the figures of the year in the register, how many were reconciled
(reproduces, reproduces from the printed parts, or differs), how many are inputs
only (transcribed, nothing to recompute), how many cannot be checked and how many
are illustrative. On the index of the report's own year, the register of every year
the report covers is added up and set against the numbers the report prints, so
that a section only partly transcribed says so. Published as
``reports/<year>/coverage.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.review.gri_index import choose_report_year
from sustainability_appendix.review.reconcile import (
    DIFFERS,
    ILLUSTRATIVE,
    INPUT,
    NOT_CHECKABLE,
    REPRODUCES,
    REPRODUCES_FROM_PARTS,
)
from sustainability_appendix.review.register import STATUSES
from sustainability_appendix.review.results import YearResults

# a reconciled figure was recomputed and compared: it reproduces (from its printed parts too) or differs
RECONCILED = (REPRODUCES, REPRODUCES_FROM_PARTS, DIFFERS)
COLUMN_LABELS = {  # short: they head the columns of the year index's table
    "figures": "登錄 In the register",
    "reconciled": "已核對 Reconciled",
    INPUT: "僅輸入值 Inputs only",
    NOT_CHECKABLE: "無法驗證 Cannot check",
    ILLUSTRATIVE: "示例 Illustrative",
    "numbers_printed": "報告印出 Printed",
    "figures_all_years": "各年登錄 Registers, all years",
    "not_in_register": "未登錄 Not yet in",
}
UNMATCHED = "unmatched"
COVERAGE_COLUMNS = ["year", "report_year", "order", "section", "title", "title_en", "figures", "reconciled",
                    *STATUSES, "numbers_printed", "figures_all_years", "not_in_register", "sections_printed"]

_NUMBER = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    title: str
    title_en: str
    starts_with: tuple[str, ...]
    numbers_printed: int | None = None


def _match_length(text: str, prefix: str) -> int:
    """How long a beginning of ``text`` ``prefix`` is (0: none). A section number takes its
    subsections: 3.3.2 begins 3.3.2.1 but not 3.3.20."""
    text = text.strip()
    if _NUMBER.fullmatch(prefix):
        m = re.match(r"\d+(?:\.\d+)*", text)
        number = m.group(0) if m else ""
        return len(prefix) if number == prefix or number.startswith(prefix + ".") else 0
    return len(prefix) if text.startswith(prefix) else 0


def section_of(text: str, sections: list[Section]) -> Section | None:
    """The section a printed figure's section text belongs to: the longest beginning wins."""
    best, length = None, 0
    for s in sections:
        for prefix in s.starts_with:
            n = _match_length(text, prefix)
            if n > length:
                best, length = s, n
    return best


def load_sections(data: YearResults) -> tuple[int | None, str, list[Section]]:
    """The sections of the report whose structure serves the year (its own, else the next one's)."""
    table = data.store.table("structure", "report_sections", reader=("review", data.year))
    if table is None:
        return None, "data/printed/report_sections.csv 不存在 does not exist", []
    report_year, note = choose_report_year(list(table["report_year"]), data.year)
    rows = table[table["report_year"] == report_year].sort_values("order")
    sections = [Section(r.section, int(r.order), r.title, r.title_en,
                        tuple(p.strip() for p in r.starts_with.split("；") if p.strip()),
                        None if pd.isna(r.numbers_printed) else int(r.numbers_printed))
                for r in rows.itertuples()]
    return report_year, note, sections


def _sections_of(sections: list[Section]) -> Callable[[str], Section | None]:
    """:func:`section_of` over ``sections``, each text looked up once (a register repeats its sections)."""
    found: dict[str, Section | None] = {}

    def lookup(text: str) -> Section | None:
        if text not in found:
            found[text] = section_of(text, sections)
        return found[text]
    return lookup


def _counts(register: pd.DataFrame, section_of_text: Callable[[str], Section | None]) -> dict[str, dict[str, int]]:
    """By section key: how many figures, and how many of each status."""
    out: dict[str, dict[str, int]] = {}
    for text, status in zip(register["section"], register["status"]):
        found = section_of_text(str(text))
        counts = out.setdefault(found.key if found else UNMATCHED, {})
        counts[status] = counts.get(status, 0) + 1
        counts["figures"] = counts.get("figures", 0) + 1
    return out


@dataclass
class Coverage:
    year: int
    report_year: int | None
    note: str
    frame: pd.DataFrame  # one row per section, COVERAGE_COLUMNS
    unmatched: list[str]  # section texts of printed figures that match no section

    @property
    def report_wide(self) -> bool:
        """Whether the registers of all the report's years are set against what it prints."""
        return self.year == self.report_year

    def totals(self) -> dict[str, int]:
        numeric = [c for c in COVERAGE_COLUMNS[6:] if c != "sections_printed"]
        return {c: int(pd.to_numeric(self.frame[c], errors="coerce").fillna(0).sum()) for c in numeric}

    def complete(self) -> bool:
        """Whether every number the report prints is in a register and reconciled or an input."""
        if not self.report_wide or self.frame.empty:
            return False
        t = self.totals()
        return (t["not_in_register"] == 0 and t[NOT_CHECKABLE] == 0 and t[ILLUSTRATIVE] == 0
                and t["numbers_printed"] > 0)


def build_coverage(data: YearResults, register: pd.DataFrame,
                   register_of: Callable[[int], pd.DataFrame | None] | None = None) -> Coverage:
    """The coverage of the year's register by section. On the index of a report's own year,
    ``register_of(year)`` gives the register of each earlier year (None when that year
    cannot be reviewed), to set all the report's years against what it prints."""
    report_year, note, sections = load_sections(data)
    section_of_text = _sections_of(sections)
    here = _counts(register, section_of_text)
    wide = report_year == data.year and register_of is not None
    across: dict[str, dict[str, int]] = {}
    if wide:
        years = [y for y in data.project.years() if y < data.year]
        others = {y: register_of(y) for y in years}
        missing = [str(y) for y, r in others.items() if r is None]
        if missing:
            note = "；".join(x for x in (note, f"{', '.join(missing)} 年無法核對，未計入 (not reviewable, not "
                                               "counted)") if x)
        for other in [register, *(r for r in others.values() if r is not None)]:
            for key, counts in _counts(other, section_of_text).items():
                across.setdefault(key, {"figures": 0})["figures"] += counts["figures"]
    rows = []
    listed = [*sections, Section(UNMATCHED, len(sections) + 1, "未對應目錄之章節", "Not matched to a section", ())]
    unmatched = sorted({str(t) for t in register["section"] if section_of_text(str(t)) is None})
    for s in listed:
        counts = here.get(s.key, {})
        if s.key == UNMATCHED and not counts and not across.get(UNMATCHED):
            continue
        row = {"year": data.year, "report_year": report_year or "", "order": s.order, "section": s.key,
               "title": s.title, "title_en": s.title_en, "figures": counts.get("figures", 0)}
        row["reconciled"] = sum(counts.get(x, 0) for x in RECONCILED)
        for status in STATUSES:
            row[status] = counts.get(status, 0)
        if wide:
            all_years = across.get(s.key, {}).get("figures", 0)
            row["figures_all_years"] = all_years
            row["numbers_printed"] = "" if s.numbers_printed is None else s.numbers_printed
            row["not_in_register"] = ("" if s.numbers_printed is None
                                      else max(0, s.numbers_printed - all_years))
        else:
            row.update(figures_all_years="", numbers_printed="", not_in_register="")
        row["sections_printed"] = "；".join(unmatched) if s.key == UNMATCHED else ""
        rows.append(row)
    return Coverage(data.year, report_year, note, pd.DataFrame(rows, columns=COVERAGE_COLUMNS), unmatched)
