"""Labour inspection and occupational safety: the bureau's inspections of the city's
workplaces (labour conditions, occupational safety and health, the summer heat-hazard
project, migrant workers' dormitories), its guidance and outreach, labour-dispute
mediation, and the occupational safety and health of its own staff (GRI 403-4 safety
committee, GRI 403-6 health checks).

Formulas:
  total            = sum of the activity measures a total declares
                     (勞動檢查合計 = 勞動條件檢查 + 安全衛生監督檢查 場次)
  rate             = part ÷ whole × 100 (調解成立率 = 調解成立件數 ÷ 調處案件數)
  change           = (this year − last year) ÷ last year × 100, for every count or amount
                     printed in both years; a percentage changes in percentage points

Inputs: ``data/raw/<year>/labour_inspection.csv``, one row per activity and measure.
What an activity or a measure is (unit, kind, category: inspection, guidance, outreach,
results and penalties, disputes, accidents ...), and which measures add up to which
total or rate, is data: ``data/reference/labour_inspection_activities.csv``,
``labour_inspection_measures.csv``, ``labour_inspection_categories.csv``,
``labour_inspection_totals.csv`` and ``labour_inspection_rates.csv``. A category the
year reports nothing of (the 2025 report prints no inspection results, penalties or
occupational accidents) is named in the chapter's notes.

GRI 403 is about the organisation's own workers: only the ``bureau`` activities carry
a 403 disclosure; the inspections of other employers answer none of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from sustainability_appendix.chapters.common import Entry, fmt, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_change
from sustainability_appendix.inputs.store import ChapterFiles, collect

CHAPTER = "labour_inspection"

Term = tuple[str, str]  # (activity, measure)


def _terms(text: str) -> tuple[Term, ...]:
    return tuple(tuple(t.strip().split(".", 1)) for t in text.split(";") if t.strip())  # type: ignore[misc]


@dataclass(frozen=True)
class Catalogue:
    """The activities, measures, categories, totals and rates of data/reference/labour_inspection_*.csv."""

    activities: dict[str, tuple[str, str, str]]  # activity -> (label, scope, gri)
    categories: dict[str, str]  # category -> label
    measures: dict[str, tuple[str, str, str, str]]  # measure -> (unit, kind, category, label)
    totals: tuple[tuple[str, str, str, str, tuple[Term, ...]], ...]  # (metric, label, unit, gri, parts)
    rates: tuple[tuple[str, str, str, Term, Term, str], ...]  # (metric, label, gri, part, whole, basis)

    @classmethod
    def from_files(cls, files) -> Catalogue:
        activities = files.reference("labour_inspection_activities")
        categories = files.reference("labour_inspection_categories")
        measures = files.reference("labour_inspection_measures")
        totals = files.reference("labour_inspection_totals")
        rates = files.reference("labour_inspection_rates")
        return cls(
            activities={r.activity: (r.label, r.scope, r.gri) for r in activities.itertuples()},
            categories={r.category: r.label for r in categories.itertuples()},
            measures={r.measure: (r.unit, r.kind, r.category, r.label) for r in measures.itertuples()},
            totals=tuple((r.metric_id, r.label, r.unit, r.gri, _terms(r.parts)) for r in totals.itertuples()),
            rates=tuple((r.metric_id, r.label, r.gri, _terms(r.part)[0], _terms(r.whole)[0], r.basis)
                        for r in rates.itertuples()),
        )

    def label_of(self, activity: str, measure: str) -> str:
        return f"{self.activities[activity][0]}：{self.measures[measure][3]}"

    def short(self, activity: str, measure: str) -> str:
        """The Chinese words only, for formulas."""
        return f"{self.activities[activity][0].split()[0]} {self.measures[measure][3].split()[0]}"

    def kind_of(self, measure: str) -> str:
        return self.measures[measure][1]


def metric_id(activity: str, measure: str) -> str:
    return f"{activity}_{measure}"


@dataclass(frozen=True)
class LabourInspectionInputs:
    """One year's table (None when the year has none) and the catalogue."""

    year: int
    table: pd.DataFrame | None
    catalogue: Catalogue

    @cached_property
    def _entries(self) -> dict[Term, Entry]:
        if self.table is None:
            return {}
        file = self.table.attrs["source_file"]
        return {(r.activity, r.measure): Entry(float(r.value), r.unit, r.source, file, int(row))
                for row, r in zip(self.table.index, self.table.itertuples(index=False))}

    def get(self, activity: str, measure: str) -> Entry | None:
        return self._entries.get((activity, measure))

    def terms(self) -> list[Term]:
        """The year's (activity, measure) pairs, in the order of the file."""
        return list(self._entries)


def load(project, year: int, store=None) -> LabourInspectionInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    table, catalogue = collect(lambda: files.table("labour_inspection"), lambda: Catalogue.from_files(files))
    return LabourInspectionInputs(year, table, catalogue)


# ---- calculations ---------------------------------------------------------------------------

def compute(inputs: LabourInspectionInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    t = inputs
    result = ChapterResult(CHAPTER, t.year)
    kinds: dict[str, str] = {}  # metric -> kind of its number (count, percent, amount), for its change
    if t.table is None:
        result.notes.append(f"{t.year} 年未公布勞動檢查與職業安全衛生數據。No labour-inspection or occupational "
                            f"safety figures were published for {t.year}.")
    for activity, measure in t.terms():
        _input(result, t, activity, measure)
        kinds[metric_id(activity, measure)] = t.catalogue.kind_of(measure)
    for metric, label, unit, gri, parts in t.catalogue.totals:
        _total(result, t, metric, label, unit, gri, parts)
        kinds[metric] = t.catalogue.kind_of(parts[0][1])
    for metric, label, gri, part, whole, basis in t.catalogue.rates:
        _rate(result, t, metric, label, gri, part, whole, basis)
        kinds[metric] = "percent"
    _changes(result, earlier.get(t.year - 1), kinds)
    # this year's row of the trend tables: every figure with a value, its changes included
    result.summary = {"year": t.year, **{m.metric_id: m.value for m in result.metrics if m.value is not None}}
    _unreported(result, t)
    _tables(result, t, earlier)
    return result


def _input(result: ChapterResult, t: LabourInspectionInputs, activity: str, measure: str) -> None:
    e = t.get(activity, measure)
    assert e is not None
    result.add(Metric(metric_id(activity, measure), e.value, e.unit, t.catalogue.label_of(activity, measure),
                      "輸入值 input", e.cite(), t.catalogue.activities[activity][2], kind="input"))


def _not_published(year: int, terms: tuple[Term, ...], t: LabourInspectionInputs) -> str:
    absent = [t.catalogue.short(a, m) for a, m in terms if t.get(a, m) is None]
    return f"{year} 年未公布 (not reported)：" + "、".join(absent)


def _total(result: ChapterResult, t: LabourInspectionInputs, metric: str, label: str, unit: str, gri: str,
           parts: tuple[Term, ...]) -> None:
    formula = " + ".join(t.catalogue.short(a, m) for a, m in parts)
    entries = [t.get(a, m) for a, m in parts]
    if any(e is None for e in entries):
        result.add(Metric(metric, None, unit, label, formula, "", gri, missing_reason=_not_published(t.year, parts, t)))
        return
    inputs = " + ".join(f"{fmt(e.value, 0)} ({e.cite()})" for e in entries)
    result.add(Metric(metric, sum(e.value for e in entries), unit, label, formula, inputs, gri))


def _rate(result: ChapterResult, t: LabourInspectionInputs, metric: str, label: str, gri: str, part: Term,
          whole: Term, basis: str) -> None:
    formula = f"{t.catalogue.short(*part)} ÷ {t.catalogue.short(*whole)} × 100"
    if basis:
        formula += f"（{basis}）"
    a, b = t.get(*part), t.get(*whole)
    if a is None or b is None or b.value == 0:
        reason = (_not_published(t.year, (part, whole), t) if a is None or b is None
                  else f"{t.catalogue.short(*whole)} 為 0")
        result.add(Metric(metric, None, "%", label, formula, "", gri, missing_reason=reason))
        return
    result.add(Metric(metric, a.value / b.value * 100, "%", label, formula,
                      f"{fmt(a.value, 0)} ÷ {fmt(b.value, 0)} {b.unit} ({a.cite()}; {b.cite()})", gri))


def _changes(result: ChapterResult, previous: ChapterResult | None, kinds: dict[str, str]) -> None:
    """Year-on-year change of every figure the year before also has: relative % for counts and
    amounts, percentage points for percentages."""
    if previous is None:
        return
    year = result.year
    for metric in [m for m in result.metrics if m.value is not None]:
        before = previous.summary.get(metric.metric_id)
        if before is None:
            continue
        if kinds[metric.metric_id] == "percent":
            result.add(Metric(f"{metric.metric_id}_change_pp", metric.value - before, "百分點",
                              f"{metric.label}：較 {year - 1} 年增減 Change vs {year - 1} (pp)", "本年 − 前一年",
                              f"{year - 1}: {fmt(before)}%; {year}: {fmt(metric.value)}%", metric.gri))
        elif before == 0:
            result.add(Metric(f"{metric.metric_id}_change_pct", None, "%",
                              f"{metric.label}：較 {year - 1} 年增減 Change vs {year - 1}",
                              "(本年 − 前一年) ÷ 前一年 × 100", "", metric.gri,
                              missing_reason=f"{year - 1} 年為 0，無相對變化 (zero in {year - 1})"))
        else:
            result.add(Metric(f"{metric.metric_id}_change_pct", pct_change(metric.value, before), "%",
                              f"{metric.label}：較 {year - 1} 年增減 Change vs {year - 1}",
                              "(本年 − 前一年) ÷ 前一年 × 100",
                              f"{year - 1}: {fmt(before, 0)} {metric.unit}; {year}: {fmt(metric.value, 0)} {metric.unit}",
                              metric.gri))


def _unreported(result: ChapterResult, t: LabourInspectionInputs) -> None:
    """Name the kinds of figure (categories) the year reports nothing of."""
    if t.table is None:
        return
    reported = {t.catalogue.measures[m][2] for _, m in t.terms()}
    missing = [label for category, label in t.catalogue.categories.items() if category not in reported]
    if missing:
        result.notes.append(f"{t.year} 年報告未公布下列類別之數據 Not reported for {t.year}：" + "；".join(missing) + "。")


def _tables(result: ChapterResult, t: LabourInspectionInputs, earlier: Mapping[int, ChapterResult]) -> None:
    c = t.catalogue
    if t.table is not None:
        rows = []
        for activity, measure in t.terms():
            e = t.get(activity, measure)
            unit, kind, category, measure_label = c.measures[measure]
            label, scope, gri = c.activities[activity]
            rows.append({"year": t.year, "category": category, "category_label": c.categories[category],
                         "scope": scope, "activity": activity, "activity_label": label, "measure": measure,
                         "measure_label": measure_label, "metric_id": metric_id(activity, measure),
                         "value": e.value, "unit": e.unit, "gri": gri, "source": e.source})
        order = {category: i for i, category in enumerate(c.categories)}
        result.tables["figures"] = (pd.DataFrame(rows).sort_values("category", key=lambda s: s.map(order),
                                                                     kind="stable").reset_index(drop=True))
    changes = [m for m in result.metrics if m.metric_id.endswith(("_change_pct", "_change_pp"))]
    if changes:
        result.tables["changes"] = pd.DataFrame(
            [{"year": t.year, "metric_id": m.metric_id, "label": m.label, "value": m.value, "unit": m.unit,
              "inputs": m.inputs} for m in changes])
    result.tables["trend"] = trend(earlier, result)
    labels = {m.metric_id: (m.label, m.unit) for r in [*earlier.values(), result] for m in r.metrics}
    history = [{"year": r.summary["year"], "metric_id": k, "label": labels[k][0], "value": v, "unit": labels[k][1]}
               for r in [earlier[y] for y in sorted(earlier)] + [result] for k, v in r.summary.items() if k != "year"]
    result.tables["history"] = pd.DataFrame(history, columns=["year", "metric_id", "label", "value", "unit"])
