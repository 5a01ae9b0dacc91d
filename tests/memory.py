"""Inputs built in memory for unit tests: no project, no file of a year, no kernel.

The values are typed in the tests from the report; only the reference tables
(units of items, vocabularies) are read, once, from ``data/reference/``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from sustainability_appendix.chapters import chapter, module
from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.inputs.quantities import Factors, Quantities
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.project import Project
from sustainability_appendix.review.notes import report_notes

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def _store() -> InputStore:
    return InputStore(Project(ROOT))


def reference(stem: str) -> pd.DataFrame:
    """A reference table of the repository (validated)."""
    return _store().reference(stem)


class ReferenceFiles:
    """Stands in for a chapter's ``ChapterFiles`` where only reference tables are read: the
    vocabularies and catalogues built ``from_files``."""

    def reference(self, stem: str) -> pd.DataFrame:
        return reference(stem)


def printed(year: int, chapter: str) -> pd.DataFrame:
    """The figures ``year``'s report printed for a chapter (``data/printed/<year>/<chapter>.csv``)."""
    return _store().printed(year, chapter)


def notes(year: int, chapter: str, results: dict[str, ChapterResult]) -> list[str]:
    """The notes about ``year``'s printed report on ``chapter`` (``data/printed/<year>/notes.csv``),
    filled in from ``results`` (chapter name -> that year's result)."""
    def value(name: str, metric_id: str):
        return results[name].value_if_computed(metric_id) if name in results else None
    return report_notes(_store(), year, chapter, value)


def quantities(year: int, **values: float) -> Quantities:
    """quantities.csv of ``year`` with these items, each in its catalogue unit."""
    units = dict(zip(reference("quantity_items")["item"], reference("quantity_items")["unit"]))
    rows = [{"item": k, "value": float(v), "unit": units[k], "source": f"test {year}"} for k, v in values.items()]
    return Quantities.from_rows(year, rows, file=f"data/raw/{year}/quantities.csv")  # type: ignore[return-value]


def factors(year: int, vintages: dict[str, int] | None = None, **values: float) -> Factors:
    """factors.csv of ``year`` with these factors (vintages: applies_to_year, else blank)."""
    units = dict(zip(reference("factor_catalogue")["factor"], reference("factor_catalogue")["unit"]))
    rows = [{"factor": k, "value": float(v), "unit": units[k], "applies_to_year": (vintages or {}).get(k),
             "source": "test"} for k, v in values.items()]
    return Factors.from_rows(year, rows, file=f"data/raw/{year}/factors.csv")  # type: ignore[return-value]


def table(rows: list[dict], file: str) -> pd.DataFrame:
    """A validated-looking table: spreadsheet row numbers as index, the file name in attrs."""
    frame = pd.DataFrame(rows)
    frame.index = range(2, len(frame) + 2)
    frame.attrs["source_file"] = file
    return frame


def run(name: str, inputs: dict[int, object]) -> dict[int, ChapterResult]:
    """A chapter computed for every year of ``inputs``, oldest first, each year handed the
    earlier results its ``history`` asks for (as the build's computation does)."""
    entry, results = chapter(name), {}
    years = sorted(inputs)
    for year in years:
        earlier = {y: results[y] for y in entry.earlier_years(year, years)}
        results[year] = module(name).compute(inputs[year], earlier)
    return results


PRINTED_COLUMNS = ["figure_id", "metric_id", "label", "printed", "unit", "section", "note", "kind"]


def printed_table(rows: list[tuple], file: str = "data/printed/<memory>.csv") -> pd.DataFrame:
    """Printed figures as ``data/printed/<year>/<chapter>.csv`` holds them, one tuple per row:
    (figure_id, metric_id, label, printed, unit, section[, note[, kind]]); a blank metric_id is ''.
    Without a kind, a figure naming a metric is 'derived', one naming none 'narrative'."""
    out = []
    for row in rows:
        row = (*row, "") if len(row) == 6 else row
        row = (*row, "derived" if row[1] else "narrative") if len(row) == 7 else row
        out.append(dict(zip(PRINTED_COLUMNS, row)))
    return table(out, file)
