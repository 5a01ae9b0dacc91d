"""Training and employment services: staff training hours (GRI 404-1), the
Bureau's vocational training, training for people with disabilities, skills
certification, workers' education, net-zero courses and employment services.

Formulas:
  average training hours   = staff training hours ÷ year-end headcount (GRI 404-1)
  vocational totals        = 產訓合作 + 失業者 + 照顧服務員 (classes; trainees = 訓練名額)
  completion rate          = completers ÷ trainees × 100
  post-training employment = employed ÷ completers × 100 (訓後就業率), also ÷ trainees
  safety-net employment    = employed ÷ cases opened × 100
  cost per person          = budget (執行金額) ÷ people or attendances of the programme
  change                   = (this year − last year) ÷ last year × 100

Inputs: ``data/raw/<year>/training_programmes.csv``, one row per programme and
measure (tidy), and ``quantities.csv`` (``employee_training_hours``,
``employees_year_end``). The programmes, the measures (unit and kind of each),
and which programme measures add up to which total or rate are data:
``data/reference/training_catalogue.csv``, ``training_measures.csv``,
``training_totals.csv`` and ``training_rates.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from sustainability_appendix.chapters.common import Entry, fmt, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_change
from sustainability_appendix.inputs.quantities import Quantities
from sustainability_appendix.inputs.store import ChapterFiles, collect

CHAPTER = "training"

# Whose budget is divided by which head count, for the cost-per-person table (an analysis
# of this appendix: the report prints no cost per person).
COST_BASES = (("unemployed_training", ("unemployed_training",), "participants"),
              ("disability_training", ("disability_unemployed", "disability_in_service"), "participants"),
              ("labour_university", ("labour_university",), "participants"),
              ("targeted_groups", ("targeted_groups",), "attendances"),
              ("youth_programme", ("youth_programme",), "attendances"),
              ("union_education", ("union_education",), "attendances"))


@dataclass(frozen=True)
class Catalogue:
    """The programmes, measures, totals and rates of data/reference/training_*.csv."""

    programmes: dict[str, tuple[str, str]]  # programme -> (label, group)
    measures: dict[str, tuple[str, str, str]]  # measure -> (unit, kind, label)
    totals: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...]  # (metric, label, unit, parts)
    rates: tuple[tuple[str, str, tuple[str, str], tuple[str, str]], ...]  # (metric, label, part, whole)

    @classmethod
    def from_files(cls, files: ChapterFiles) -> Catalogue:
        programmes = files.reference("training_catalogue")
        measures = files.reference("training_measures")
        totals = files.reference("training_totals")
        rates = files.reference("training_rates")
        return cls(
            programmes={r.programme: (r.label, r.group) for r in programmes.itertuples()},
            measures={r.measure: (r.unit, r.kind, r.label) for r in measures.itertuples()},
            totals=tuple((r.metric_id, r.label, r.unit, _terms(r.parts)) for r in totals.itertuples()),
            rates=tuple((r.metric_id, r.label, _terms(r.part)[0], _terms(r.whole)[0]) for r in rates.itertuples()),
        )

    def parts_of(self, metric_id: str) -> tuple[str, ...]:
        """The programmes a total adds up (the vocational and disability tables show them)."""
        for metric, _, _, parts in self.totals:
            if metric == metric_id:
                return tuple(p for p, _ in parts)
        return ()

    def label_of(self, programme: str, measure: str) -> str:
        return f"{self.programmes[programme][0]}：{self.measures[measure][2]}"

    def short(self, programme: str, measure: str) -> str:
        """The Chinese words only, for formulas."""
        return f"{self.programmes[programme][0].split()[0]} {self.measures[measure][2].split()[0]}"


def _terms(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(t.strip().split(".", 1)) for t in text.split(";") if t.strip())  # type: ignore[misc]


@dataclass(frozen=True)
class TrainingInputs:
    """One year's programme table (None when nothing was published), quantities and catalogue."""

    year: int
    table: pd.DataFrame | None
    quantities: Quantities
    catalogue: Catalogue

    @cached_property
    def _entries(self) -> dict[tuple[str, str], Entry]:
        if self.table is None:
            return {}
        file = self.table.attrs["source_file"]
        return {(r.programme, r.measure): Entry(float(r.value), r.unit, r.source, file, int(row))
                for row, r in zip(self.table.index, self.table.itertuples(index=False))}

    def get(self, programme: str, measure: str) -> Entry | None:
        return self._entries.get((programme, measure))


def load(project, year: int, store=None) -> TrainingInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    table, quantities, catalogue = collect(lambda: files.table("training_programmes"), files.quantities,
                                           lambda: Catalogue.from_files(files))
    return TrainingInputs(year, table, quantities, catalogue)


# ---- calculations ---------------------------------------------------------------------------

def compute(inputs: TrainingInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    t = inputs
    result = ChapterResult(CHAPTER, t.year)
    _staff(result, t)
    _inputs(result, t)
    for metric_id, label, unit, parts in t.catalogue.totals:
        _sum(result, t, metric_id, label, unit, list(parts))
    for metric_id, label, part, whole in t.catalogue.rates:
        _ratio(result, t, metric_id, label, part, whole)
    _disability_note(result, t)
    _ai_course_change(result, t, earlier.get(t.year - 1))
    _tables(result, t, earlier)
    return result


def _not_published(year: int, parts: list[tuple[str, str]], t: TrainingInputs) -> str:
    absent = [t.catalogue.short(p, m) for p, m in parts if t.get(p, m) is None]
    return f"{year} 年未公布 (not reported)：" + "、".join(absent)


def _sum(result: ChapterResult, t: TrainingInputs, metric_id: str, label: str, unit: str,
         parts: list[tuple[str, str]], gri: str = "") -> float | None:
    formula = " + ".join(t.catalogue.short(p, m) for p, m in parts)
    entries = [t.get(p, m) for p, m in parts]
    if any(e is None for e in entries):
        result.add(Metric(metric_id, None, unit, label, formula, "", gri,
                          missing_reason=_not_published(t.year, parts, t)))
        return None
    total = sum(e.value for e in entries)
    inputs = " + ".join(fmt(e.value, 0) for e in entries) + f" ({entries[0].file})"
    result.add(Metric(metric_id, total, unit, label, formula, inputs, gri))
    return total


def _ratio(result: ChapterResult, t: TrainingInputs, metric_id: str, label: str,
           part: tuple[str, str], whole: tuple[str, str], gri: str = "") -> float | None:
    formula = f"{t.catalogue.short(*part)} ÷ {t.catalogue.short(*whole)} × 100"
    a, b = t.get(*part), t.get(*whole)
    if a is None or b is None or b.value == 0:
        reason = (_not_published(t.year, [part, whole], t) if a is None or b is None
                  else f"{t.catalogue.short(*whole)} 為 0")
        result.add(Metric(metric_id, None, "%", label, formula, "", gri, missing_reason=reason))
        return None
    value = a.value / b.value * 100
    result.add(Metric(metric_id, value, "%", label, formula,
                      f"{fmt(a.value, 0)} ÷ {fmt(b.value, 0)} 人 ({a.cite()}; {b.cite()})", gri))
    return value


def _staff(result: ChapterResult, t: TrainingInputs) -> None:
    """GRI 404-1: the report gives total hours, not the average."""
    year, q = t.year, t.quantities
    hours, staff = q.get("employee_training_hours"), q.get("employees_year_end")
    label = "每位員工平均訓練時數 Average training hours per employee（報告未印出 not printed）"
    formula = "員工終身學習訓練總時數 ÷ 年底員工人數"
    for item, value, unit, item_label in (
        ("employee_training_hours", hours, "小時", "員工終身學習訓練總時數 Staff training hours"),
        ("employees_year_end", staff, "人", "年底員工人數 Employees at year end"),
    ):
        if value is None:
            result.add(Metric(item, None, unit, item_label, "輸入值 input", "", "404-1", kind="input",
                              missing_reason=f"{year} 年未公布 (not reported)"))
        else:
            result.add(Metric(item, value.value, unit, item_label, "輸入值 input", value.cite(), "404-1", kind="input"))
    if hours is None or staff is None:
        result.add(Metric("avg_training_hours_per_employee", None, "小時/人", label, formula, "", "404-1",
                          missing_reason=f"{year} 年未公布員工訓練總時數 (staff training hours not reported for {year})"))
        result.notes.append(f"{year} 年未公布員工訓練時數，未計算 GRI 404-1 平均訓練時數。"
                            f"Staff training hours not reported for {year}.")
        return
    average = hours.value / staff.value
    result.add(Metric("avg_training_hours_per_employee", average, "小時/人", label, formula,
                      f"{fmt(hours.value, 0)} 小時 ({hours.cite()}) ÷ {fmt(staff.value, 0)} 人 ({staff.cite()})",
                      "404-1"))
    result.notes.append(
        f"GRI 404-1：{fmt(hours.value, 0)} 小時 ÷ {fmt(staff.value, 0)} 人 = 每人 {average:.2f} 小時（本附錄計算，"
        "報告未印出平均值）。報告的總時數涵蓋公務人員與約聘僱人員，未分性別與職類，故無法依 GRI 建議分組。"
        " Computed here; the report prints only the total, not split by gender or category.")


def _inputs(result: ChapterResult, t: TrainingInputs) -> None:
    """Every transcribed value as an input metric ``<programme>_<measure>``."""
    if t.table is None:
        result.notes.append(f"{t.year} 年未公布職業訓練與就業服務數據。No training or employment-service figures "
                            f"were published for {t.year}.")
        return
    for row, rec in t.table.iterrows():
        gri = "404-1" if t.catalogue.programmes[rec["programme"]][1] == "staff" else ""
        result.add(Metric(f"{rec['programme']}_{rec['measure']}", float(rec["value"]), rec["unit"],
                          t.catalogue.label_of(rec["programme"], rec["measure"]), "輸入值 input",
                          f"{rec['source']}; {t.table.attrs['source_file']} row {row}", gri, kind="input"))


def _disability_note(result: ChapterResult, t: TrainingInputs) -> None:
    """Post-training employment of the disability classes on both bases the inputs allow."""
    by_completers = result.value_if_computed("disability_employment_rate_pct")
    by_trainees = result.value_if_computed("disability_employment_rate_per_trainee_pct")
    if by_completers is None or by_trainees is None:
        return
    employed = t.get("disability_unemployed", "employed").value
    completers = t.get("disability_unemployed", "completers").value
    trainees = t.get("disability_unemployed", "participants").value
    result.notes.append(
        f"身障養成訓練訓後就業率：{fmt(employed, 0)} ÷ {fmt(completers, 0)} 結訓 = {by_completers:.1f}%；"
        f"{fmt(employed, 0)} ÷ {fmt(trainees, 0)} 參訓 = {by_trainees:.1f}%。本附錄以結訓人數為分母核對"
        "（訓後就業率的通常定義）。 Post-training employment is checked against completers, its usual definition.")


def _ai_course_change(result: ChapterResult, t: TrainingInputs, previous: ChapterResult | None) -> None:
    year = result.year
    label = "AI 綠創未來行動課程參加人數年增 Change in participants"
    formula = "(本年 − 前一年) ÷ 前一年 × 100"
    now = t.get("ai_green_course", "participants")
    before = previous.summary.get("ai_green_course_participants") if previous is not None else None
    if now is None or before is None:
        result.add(Metric("ai_green_course_participants_change_pct", None, "%", label, formula, "", "",
                          missing_reason=f"{year - 1} 或 {year} 年未公布 (not reported)"))
    elif before == 0:
        result.add(Metric("ai_green_course_participants_change_pct", None, "%", label, formula, "", "",
                          missing_reason=f"{year - 1} 年未辦理 (0 人)，無相對變化 (none held in {year - 1})"))
    else:
        result.add(Metric("ai_green_course_participants_change_pct", pct_change(now.value, before), "%", label,
                          formula, f"{year - 1}: {fmt(before, 0)} 人; {year}: {fmt(now.value, 0)} 人", ""))


def _tables(result: ChapterResult, t: TrainingInputs, earlier: Mapping[int, ChapterResult]) -> None:
    c = t.catalogue
    if t.table is not None:
        frame = t.table.reset_index(drop=True)
        frame.insert(1, "group", frame["programme"].map(lambda p: c.programmes[p][1]))
        frame.insert(3, "programme_label", frame["programme"].map(lambda p: c.programmes[p][0]))
        frame.insert(5, "measure_label", frame["measure"].map(lambda m: c.measures[m][2]))
        frame["year"] = result.year
        result.tables["programmes"] = frame[["year", "group", "programme", "programme_label", "measure",
                                             "measure_label", "value", "unit", "source"]]
        vocational = _wide(t, c.parts_of("vocational_classes_total"),
                           ("classes", "participants", "satisfaction_pct", "budget_twd"))
        if not vocational.empty:
            result.tables["vocational"] = vocational
        disability = _wide(t, c.parts_of("disability_classes_total"), ("classes", "participants", "completers", "employed"))
        if not disability.empty:
            disability["completion_rate_pct"] = disability["completers"] / disability["participants"] * 100
            disability["employment_rate_pct"] = disability["employed"] / disability["completers"] * 100
            result.tables["disability"] = disability
        costs = _costs(t)
        if not costs.empty:
            result.tables["costs"] = costs
    q = t.quantities
    hours, staff = q.get("employee_training_hours"), q.get("employees_year_end")
    ai_sessions, ai_people = t.get("ai_green_course", "sessions"), t.get("ai_green_course", "participants")
    result.summary = {
        "year": t.year,
        "employee_training_hours": hours.value if hours else None,
        "employees_year_end": staff.value if staff else None,
        "avg_training_hours_per_employee": hours.value / staff.value if hours and staff else None,
        "ai_green_course_sessions": ai_sessions.value if ai_sessions else None,
        "ai_green_course_participants": ai_people.value if ai_people else None,
    }
    result.tables["trend"] = trend(earlier, result)


def _wide(t: TrainingInputs, programmes: tuple[str, ...], measures: tuple[str, ...]) -> pd.DataFrame:
    """One row per programme with any of ``measures``; a measure not published is empty."""
    rows = []
    for p in programmes:
        entries = {m: t.get(p, m) for m in measures}
        if any(entries.values()):
            rows.append({"year": t.year, "programme": p, "programme_label": t.catalogue.programmes[p][0],
                         **{m: e.value if e else None for m, e in entries.items()}})
    return pd.DataFrame(rows)


def _costs(t: TrainingInputs) -> pd.DataFrame:
    """Budget spent per person or attendance (not printed by the report)."""
    rows = []
    for budget_of, people_of, measure in COST_BASES:
        kind = "budget_twd" if t.get(budget_of, "budget_twd") else "subsidy_twd"
        budget = t.get(budget_of, kind)
        people = [t.get(p, measure) for p in people_of]
        if budget is None or not all(people):
            continue
        n = sum(e.value for e in people)
        rows.append({"year": t.year, "programme": budget_of, "programme_label": t.catalogue.programmes[budget_of][0],
                     "amount_kind": t.catalogue.measures[kind][2], "budget_twd": budget.value, "people": n,
                     "people_unit": t.catalogue.measures[measure][0],
                     "twd_per_person": budget.value / n})
    return pd.DataFrame(rows)
