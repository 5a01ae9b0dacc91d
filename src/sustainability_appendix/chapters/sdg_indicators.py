"""Outcomes the report prints in 5.1 (SDG indicator progress) that no chapter computes:
heat-hazard labour inspections, the AI green-future job courses, sheltered workshops
joining net-zero actions.

They are transcribed, each with its source section, into
``data/raw/<year>/sdg_indicators.csv`` and exposed as the metrics of the
pseudo-chapter ``sdg_indicators``, so the SDG table is filled from metrics like
every other row, and the printed copies are reconciled
(``data/printed/<year>/sdg_indicators.csv``). A year without the file simply
has no such metrics.
"""

from __future__ import annotations

import re

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.project import raw_dir
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, find_input, read_table

CHAPTER = "sdg_indicators"
TITLE = "永續指標執行成果 Programme outcomes (SDG table)"
SECTIONS = "3.1.1 公正轉型推動；5.1 本局主協辦各項永續指標進展"

SCHEMA = Schema(
    name="sdg indicators",
    description="Outcomes of the bureau's programmes that the SDG table (report 5.1) shows and no chapter computes.",
    columns=(
        Column("item", description="identifier: lower-case letters, digits and _ (used as metric name)"),
        Column("value", "number", minimum=0, description="the outcome as the report gives it"),
        Column("unit", description="unit as the report counts it (場, 人, 家 ...)"),
        Column("label", description="what the report calls it, Traditional Chinese with English alongside"),
        Column("gri", required=False, allow_blank=True, description="GRI disclosure, if any (blank: none applies)"),
        Column("source", description="report section(s) the value is transcribed from"),
        Column("note", required=False, allow_blank=True, description="anything a reader should know"),
    ),
    key=("item",),
)

_ITEM = re.compile(r"[a-z][a-z0-9_]*")


def _rules(table: pd.DataFrame, check: TableCheck) -> None:
    for row, item in table["item"].items():
        if not _ITEM.fullmatch(item):
            check.add(row, "item", "an identifier of lower-case letters, digits and _", item)


def load(year: int) -> pd.DataFrame | None:
    """The year's transcribed outcomes, or None when the year has no such file."""
    path = find_input(raw_dir(year), CHAPTER)
    if not path.exists():
        return None
    return read_table(path, SCHEMA, row_rules=_rules)


def compute(year: int) -> ChapterResult:
    result = ChapterResult(CHAPTER, year)
    table = load(year)
    if table is None:
        result.notes.append(f"{year} 年無 sdg_indicators.csv。No programme outcomes transcribed for {year}.")
        return result
    file = table.attrs["source_file"]
    for _, row in table.iterrows():
        result.add(Metric(row["item"], float(row["value"]), row["unit"], row["label"], "輸入值 input",
                          f"{row['source']}; {file}", row.get("gri", "") or "", kind="input"))
    return result


def input_files():
    """This file as an entry of the input-file registry (``input_files.InputFile``), for
    ``appendix validate`` and the new-year scaffold."""
    from sustainability_appendix.inputs.registry import InputFile

    return (InputFile(CHAPTER, SCHEMA,
                      "Outcomes the SDG table (report 5.1) shows that no chapter computes (heat-hazard "
                      "inspections, AI green-future courses, sheltered workshops), one row per item with its "
                      "unit and source section. Optional: a year without it has no such outcomes.",
                      required=False, read=lambda path, year: read_table(path, SCHEMA, row_rules=_rules)),)
