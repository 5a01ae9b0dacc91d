"""Computed figures, each carrying its formula and inputs.

A chapter computes a :class:`ChapterResult`: its metrics, the tidy tables it
publishes, and notes for the reader (what was not reported, audit remarks).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd


@dataclass
class Metric:
    """One derived figure.

    ``value`` is ``None`` when it cannot be computed because an input was never
    published; ``missing_reason`` then says which.
    """

    metric_id: str
    value: float | None
    unit: str
    label: str
    formula: str
    inputs: str
    gri: str = ""
    missing_reason: str = ""
    # "derived"; "input" for a transcribed value shown as it is; "illustrative" for a figure
    # computed from illustrative example data (never evidence about the bureau's own data)
    kind: str = "derived"


METRIC_COLUMNS = ["year", "chapter", "metric_id", "label", "value", "unit", "gri", "formula", "inputs",
                  "missing_reason", "kind"]


@dataclass
class ChapterResult:
    chapter: str
    year: int
    metrics: list[Metric] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # this year's row of the chapter's trend tables, not published on its own: later
    # years build their trends from it instead of computing the year again
    summary: dict[str, object] = field(default_factory=dict)

    def add(self, metric: Metric) -> Metric:
        if any(m.metric_id == metric.metric_id for m in self.metrics):
            raise ValueError(f"metric {metric.metric_id!r} added twice to chapter {self.chapter}")
        self.metrics.append(metric)
        return metric

    def metric(self, metric_id: str) -> Metric:
        for m in self.metrics:
            if m.metric_id == metric_id:
                return m
        raise KeyError(metric_id)

    def value(self, metric_id: str) -> float | None:
        return self.metric(metric_id).value

    def find(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.metric_id == metric_id), None)

    def value_if_computed(self, metric_id: str) -> float | None:
        """The value, or None when the metric is absent (its inputs were not published that year)."""
        return next((m.value for m in self.metrics if m.metric_id == metric_id), None)

    def metrics_frame(self) -> pd.DataFrame:
        rows = [{"year": self.year, "chapter": self.chapter, **asdict(m)} for m in self.metrics]
        return pd.DataFrame(rows, columns=METRIC_COLUMNS)


def pct_change(current: float, previous: float) -> float:
    """Relative change in percent, increase positive."""
    return (current - previous) / previous * 100


def pct_reduction(current: float, previous: float) -> float:
    """Relative reduction in percent, decrease positive (as the report's 節電 %, 用水減量 %)."""
    return (previous - current) / previous * 100
