"""Outcomes the report prints in 5.1 (SDG indicator progress) that no chapter computes:
sheltered workshops joining net-zero actions (the AI green-future job courses are the
training chapter's, the heat-hazard inspections and seminars the labour_inspection
chapter's).

They are transcribed, each with its source section, into
``data/raw/<year>/sdg_indicators.csv`` and become the metrics of this chapter
(which has no notebook: its figures are shown on the SDG page), so the SDG table
is filled from metrics like every other row, and the printed copies are
reconciled (``data/printed/<year>/sdg_indicators.csv``). A year without the file
simply has no such metrics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.inputs.store import ChapterFiles

CHAPTER = "sdg_indicators"


@dataclass(frozen=True)
class OutcomeInputs:
    year: int
    outcomes: pd.DataFrame | None


def load(project, year: int, store=None) -> OutcomeInputs:
    return OutcomeInputs(year, ChapterFiles.of(CHAPTER, project, year, store).table("sdg_indicators"))


def compute(inputs: OutcomeInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    result = ChapterResult(CHAPTER, inputs.year)
    table = inputs.outcomes
    if table is None:
        result.notes.append(f"{inputs.year} 年無 sdg_indicators.csv。No programme outcomes transcribed for {inputs.year}.")
        return result
    file = table.attrs["source_file"]
    for _, row in table.iterrows():
        result.add(Metric(row["item"], float(row["value"]), row["unit"], row["label"], "輸入值 input",
                          f"{row['source']}; {file}", row.get("gri", "") or "", kind="input"))
    return result
