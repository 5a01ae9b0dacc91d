"""The reconciliation register of a year: every figure the report printed, in one table.

Each chapter's printed figures are reconciled against the chapter's result (the
result the build computed, not a file a notebook wrote), in the order of
``CHAPTERS``; each row names its metric as ``<chapter>.<metric_id>`` with the
metric's own unit, so a row leads to the metric export and to the chapter page.
Published as ``reports/<year>/reconciliation.csv``.
"""

from __future__ import annotations

import pandas as pd

from sustainability_appendix.review.parts import printed_parts
from sustainability_appendix.review.reconcile import (
    DIFFERS,
    ILLUSTRATIVE,
    INPUT,
    NOT_CHECKABLE,
    REPRODUCES,
    REPRODUCES_FROM_PARTS,
    STATUS_LABELS,
    reconcile,
)
from sustainability_appendix.review.results import YearResults

REGISTER_COLUMNS = [
    "year", "chapter", "figure_id", "metric", "label", "section", "unit", "printed", "recomputed",
    "recomputed_full", "difference", "status", "status_label", "metric_unit", "formula", "inputs", "note",
]
# the order the summary counts statuses in: these first, then any other status reconcile knows
_ORDER = (REPRODUCES, REPRODUCES_FROM_PARTS, DIFFERS, NOT_CHECKABLE, INPUT, ILLUSTRATIVE)
STATUSES = (*(s for s in _ORDER if s in STATUS_LABELS), *(s for s in STATUS_LABELS if s not in _ORDER))
# statuses that need nothing more from a reader; every other one is listed for attention
SETTLED = frozenset({REPRODUCES, REPRODUCES_FROM_PARTS, INPUT})


def chapter_reconciliation(data: YearResults, chapter: str) -> pd.DataFrame:
    """One chapter's printed figures against its result (a total against its printed parts too)."""
    return reconcile(data.result(chapter), data.chapter_printed(chapter), printed_parts(data, chapter))


def build_register(data: YearResults) -> pd.DataFrame:
    frames = []
    for chapter in data.chapter_names:
        rec = chapter_reconciliation(data, chapter)
        if rec.empty:
            continue
        rec = rec.astype(str).replace({"nan": "", "None": ""})
        printed = data.chapter_printed(chapter)
        metric_of = dict(zip(printed["figure_id"], printed["metric_id"]))
        unit_of = {m.metric_id: m.unit for m in data.result(chapter).metrics}
        rec["chapter"] = chapter
        rec["metric"] = [f"{chapter}.{metric_of[f]}" if metric_of.get(f) else "" for f in rec["figure_id"]]
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


def needs_attention(status: str) -> bool:
    """Whether a register row is listed among the figures to look at (differs, cannot be checked, …)."""
    return status not in SETTLED


def awaiting_counts(data: YearResults, register: pd.DataFrame) -> dict[str, int]:
    """By chapter, the figures computed for a year whose report has not printed that chapter yet (its
    printed file holds no figure): they await the printed report, and are not a clean result."""
    printed = set(register["chapter"]) if not register.empty else set()
    counts = {}
    for chapter in data.chapter_names:
        if chapter in printed:
            continue
        result = data.result(chapter)
        computed = sum(1 for m in result.metrics if m.value is not None) if result is not None else 0
        if computed:
            counts[chapter] = computed
    return counts


def counts_by_chapter(register: pd.DataFrame, chapters: list[str]) -> dict[str, dict[str, int]]:
    return {c: status_counts(register[register["chapter"] == c]) for c in chapters}


__all__ = ["REGISTER_COLUMNS", "STATUSES", "STATUS_LABELS", "SETTLED", "build_register", "status_counts",
           "counts_by_chapter", "needs_attention", "awaiting_counts"]
