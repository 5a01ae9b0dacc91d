"""The reconciliation register of a year: every figure the report printed, in one table.

The chapters' notebooks write ``<chapter>__reconciliation.csv``; the register
concatenates them in the order of ``CHAPTERS``, adds the programme outcomes of
the SDG table (``sdg_indicators``), and names each row's metric as
``<chapter>.<metric_id>`` with the metric's own unit, so a row leads to the
metric export and to the chapter page. Published as ``reports/<year>/reconciliation.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sustainability_appendix.chapters import sdg_indicators
from sustainability_appendix.review.reconcile import DIFFERS, INPUT, NOT_CHECKABLE, RECONCILIATION_COLUMNS, REPRODUCES, STATUS_LABELS, reconcile
from sustainability_appendix.review.results import SDG_CHAPTER, YearData

REGISTER_COLUMNS = [
    "year", "chapter", "figure_id", "metric", "label", "section", "unit", "printed", "recomputed",
    "recomputed_full", "difference", "status", "status_label", "metric_unit", "formula", "inputs", "note",
]
STATUSES = (REPRODUCES, DIFFERS, NOT_CHECKABLE, INPUT)  # the order the summary counts them in


def chapter_reconciliation(data: YearData, chapter: str) -> pd.DataFrame:
    """One chapter's reconciliation: as its notebook wrote it, or computed here for the SDG outcomes."""
    if chapter == SDG_CHAPTER:
        printed = data.chapter_printed(chapter)
        return reconcile(sdg_indicators.compute(data.year), printed)
    path = Path(data.processed or "") / f"{chapter}__reconciliation.csv"
    if data.processed is not None and path.exists():
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame(columns=RECONCILIATION_COLUMNS)


def build_register(data: YearData) -> pd.DataFrame:
    frames = []
    for chapter in data.chapter_names:
        rec = chapter_reconciliation(data, chapter)
        if rec.empty:
            continue
        rec = rec.astype(str).replace({"nan": "", "None": ""})
        printed = data.chapter_printed(chapter)
        metric_of = dict(zip(printed["figure_id"], printed["metric_id"]))
        metrics = data.chapter_metrics(chapter)
        unit_of = dict(zip(metrics["metric_id"], metrics["unit"]))
        rec["chapter"] = chapter
        rec["metric"] = [f"{chapter}.{metric_of.get(f, '')}" for f in rec["figure_id"]]
        rec["metric_unit"] = [unit_of.get(metric_of.get(f, ""), "") for f in rec["figure_id"]]
        frames.append(rec)
    if not frames:
        return pd.DataFrame(columns=REGISTER_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    for col in REGISTER_COLUMNS:
        if col not in out.columns:
            out[col] = ""
    out["year"] = data.year
    return out[REGISTER_COLUMNS]


def status_counts(register: pd.DataFrame) -> dict[str, int]:
    counts = register["status"].value_counts() if not register.empty else {}
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def counts_by_chapter(register: pd.DataFrame, chapters: list[str]) -> dict[str, dict[str, int]]:
    return {c: status_counts(register[register["chapter"] == c]) for c in chapters}


__all__ = ["REGISTER_COLUMNS", "STATUSES", "STATUS_LABELS", "build_register", "status_counts", "counts_by_chapter"]
