"""Social participation (report 3.3.2.4 社會參與; GRI 201-1, 203-1, 203-2): the activities of
the activity table (活動一覽) with their spending (執行金額), what each reached, and the
Labour Museum's and other activities the report counts elsewhere (ESG summary, 3.2).

Inputs: ``data/raw/<year>/social_activities.csv`` (one row per activity: its kind, whether it is
a row of the activity table, its spending) and ``social_activity_measures.csv`` (what was counted
of each: sessions, participants, visitors, stalls ...). Six rows of the activity table are
training or employment programmes whose counts and spending ``training_programmes.csv`` already
holds (the training chapter reconciles them where 2.4.2, 2.5.3, the ESG summary, 3.2 and 3.3.2.4
print them): their row names those programmes and this chapter reads them from there.

Vocabularies: ``data/reference/social_activity_kinds.csv`` and ``social_measures.csv`` (a
measure's unit, and whether it counts people reached 人 or attendances 人次).

Formulas (only the estimated crowd is printed; the rest is computed here and labelled so):
  estimated crowd      = sessions × estimated crowd per session (粗估人流)
  part total           = sum over the parts of an activity (the volunteer programme's four events)
  spending total       = sum of 執行金額 over the activity table; by kind, and each kind's share %
  people reached       = sum of participants, viewers and visitors (人); attendances (人次) apart
  spending per person  = 執行金額 ÷ people (or attendances) of the activity
  change               = (this year − last year) ÷ last year × 100, for counts of a calendar year
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.common import chinese_part, fmt, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_change
from sustainability_appendix.inputs.store import ChapterFiles, check, collect

CHAPTER = "social_participation"
ACTIVITY_COLUMNS = ["activity", "kind", "label", "in_activity_table", "spending_twd", "programmes", "cite"]
MEASURE_COLUMNS = ["activity", "part", "measure", "value", "unit", "label", "period", "held", "cite"]
PEOPLE, ATTENDANCES = "people", "attendances"


@dataclass(frozen=True)
class SocialInputs:
    """One year's activities and measures, those training programmes hold resolved; None when none."""

    year: int
    activities: pd.DataFrame | None  # ACTIVITY_COLUMNS; spending_twd of held activities filled in
    measures: pd.DataFrame | None  # MEASURE_COLUMNS; held: read from training_programmes.csv
    kinds: Mapping[str, str]  # kind -> label
    vocabulary: pd.DataFrame  # social_measures.csv: measure, unit, kind, reach, label


def load(project, year: int, store=None) -> SocialInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    activities, measures, kinds, vocabulary = collect(
        lambda: files.table("social_activities"), lambda: files.table("social_activity_measures"),
        lambda: files.reference("social_activity_kinds"), lambda: files.reference("social_measures"))
    kinds_map = dict(zip(kinds["kind"], kinds["label"]))
    vocabulary = vocabulary[["measure", "unit", "kind", "reach", "label"]].reset_index(drop=True)
    if activities is None:
        if measures is not None:
            problems = check(measures)
            problems.add(None, None, f"data/raw/{year}/social_activities.csv listing the activities it counts",
                         "no such file")
            problems.raise_if_any()
        return SocialInputs(year, None, None, kinds_map, vocabulary)
    programmes = (files.table("training_programmes") if (activities["programmes"] != "").any() else None)
    labels = {m: chinese_part(label) for m, label in zip(vocabulary["measure"], vocabulary["label"])}
    resolved, held = _resolve_activities(activities, programmes, labels, year)
    own = _own_measures(measures, activities, held) if measures is not None else []
    frame = pd.DataFrame(own + held, columns=MEASURE_COLUMNS)
    return SocialInputs(year, resolved, frame, kinds_map, vocabulary)


def _programme_terms(cell: str) -> list[str]:
    return [t.strip() for t in cell.split(";") if t.strip()]


def _resolve_activities(activities: pd.DataFrame, programmes: pd.DataFrame | None, measures: Mapping[str, str],
                        year: int) -> tuple[pd.DataFrame, list[dict]]:
    """Each activity with its spending and citation; the measures its programmes hold."""
    file = activities.attrs["source_file"]
    problems = check(activities)
    rows, held = [], []
    training_file = programmes.attrs["source_file"] if programmes is not None else f"data/raw/{year}/training_programmes.csv"
    for row, a in zip(activities.index, activities.itertuples()):
        spending = None if a.spending_twd is None or pd.isna(a.spending_twd) else float(a.spending_twd)
        cite = f"{a.source}; {file} row {row}"
        terms = _programme_terms(a.programmes)
        if terms:
            found = (programmes[programmes["programme"].isin(terms)] if programmes is not None
                     else pd.DataFrame(columns=["programme", "measure", "value", "unit", "source"]))
            absent = [t for t in terms if t not in set(found["programme"])]
            if absent:
                problems.add(row, "programmes", f"programmes with rows in {training_file}", "、".join(absent))
                continue
            budgets = found[found["measure"] == "budget_twd"]
            if a.in_activity_table == "yes":
                if len(budgets) != 1:
                    problems.add(row, "programmes", f"exactly one programme with a budget_twd row in {training_file} "
                                 "(the activity's 執行金額)", f"{len(budgets)} such programmes")
                    continue
                b = budgets.iloc[0]
                spending = float(b["value"])
                cite = f"{a.source}（{b['source']}; {training_file} row {budgets.index[0]}）"
            for trow, t in found[found["measure"].isin(list(measures))].iterrows():
                held.append({"activity": a.activity, "part": t["programme"] if len(terms) > 1 else "",
                             "measure": t["measure"], "value": float(t["value"]), "unit": t["unit"],
                             "label": " ".join(x for x in (chinese_part(a.label), t["programme"] if len(terms) > 1 else "",
                                                           measures[t["measure"]]) if x),
                             "period": "", "held": True,
                             "cite": f"{t['source']}; {training_file} row {trow}"})
        rows.append({"activity": a.activity, "kind": a.kind, "label": a.label,
                     "in_activity_table": a.in_activity_table == "yes", "spending_twd": spending,
                     "programmes": a.programmes, "cite": cite})
    problems.raise_if_any()
    return pd.DataFrame(rows, columns=ACTIVITY_COLUMNS), held


def _own_measures(measures: pd.DataFrame, activities: pd.DataFrame, held: list[dict]) -> list[dict]:
    file = measures.attrs["source_file"]
    known = set(activities["activity"])
    taken = {(h["activity"], h["measure"]) for h in held}
    problems = check(measures)
    out = []
    for row, m in zip(measures.index, measures.itertuples()):
        if m.activity not in known:
            problems.add(row, "activity", f"an activity of {activities.attrs['source_file']}", m.activity)
            continue
        if (m.activity, m.measure) in taken:
            problems.add(row, "measure", f"a measure training_programmes.csv does not already hold for "
                         f"'{m.activity}' (its programmes hold '{m.measure}')", m.measure)
            continue
        out.append({"activity": m.activity, "part": m.part, "measure": m.measure, "value": float(m.value),
                    "unit": m.unit, "label": m.label, "period": m.period, "held": False,
                    "cite": f"{m.source}; {file} row {row}"})
    problems.raise_if_any()
    return out


# ---- calculations ---------------------------------------------------------------------------

def metric_id(activity: str, part: str, measure: str) -> str:
    return "_".join(x for x in (activity, part, measure) if x)


def compute(inputs: SocialInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    result = ChapterResult(CHAPTER, inputs.year)
    if inputs.activities is None:
        result.notes.append(f"{inputs.year} 年未公布社會參與活動。No social-participation activities were published "
                            f"for {inputs.year}.")
        result.summary = {"year": inputs.year, "activities_in_table": None, "spending_total_twd": None,
                          "people_reached_total": None, "attendances_total": None}
        result.tables["trend"] = trend(earlier, result)
        return result
    reach = dict(zip(inputs.vocabulary["measure"], inputs.vocabulary["reach"]))
    measures = inputs.measures.copy()
    measures["reach"] = measures["measure"].map(reach).fillna("")
    measures["metric_id"] = [metric_id(r.activity, r.part, r.measure) if not r.held else ""
                             for r in measures.itertuples()]
    _input_metrics(result, inputs, measures)
    _estimated_crowds(result, measures)
    _part_totals(result, measures)
    activities = _activity_table(inputs, measures)
    _spending(result, inputs, activities)
    _reach(result, measures)
    _changes(result, measures, earlier.get(inputs.year - 1))
    result.tables["activities"] = activities
    labels = dict(zip(inputs.vocabulary["measure"], inputs.vocabulary["label"]))
    result.tables["measures"] = measures.assign(year=inputs.year, measure_label=measures["measure"].map(labels))[
        ["year", "activity", "part", "measure", "measure_label", "value", "unit", "label", "period", "held", "reach",
         "metric_id", "cite"]]
    result.tables["by_year"] = _by_year(result, earlier)
    _notes(result, inputs, activities)
    result.summary = {"year": inputs.year, "activities_in_table": int(activities["in_activity_table"].sum()),
                      "spending_total_twd": result.value_if_computed("spending_total_twd"),
                      "people_reached_total": result.value_if_computed("people_reached_total"),
                      "attendances_total": result.value_if_computed("attendances_total")}
    result.tables["trend"] = trend(earlier, result)
    return result


def _label(inputs: SocialInputs, activity: str) -> str:
    return chinese_part(inputs.activities.set_index("activity").at[activity, "label"])


def _input_metrics(result: ChapterResult, inputs: SocialInputs, measures: pd.DataFrame) -> None:
    for a in inputs.activities.itertuples():
        if a.in_activity_table and not a.programmes:
            result.add(Metric(f"{a.activity}_spending_twd", a.spending_twd, "元", f"{chinese_part(a.label)}：執行金額 Spending",
                              "輸入值 input", a.cite, "203-1", kind="input"))
    for m in measures[~measures["held"]].itertuples():
        period = f"（{m.period}）" if m.period else ""
        result.add(Metric(m.metric_id, m.value, m.unit, f"{m.label}{period}", "輸入值 input", m.cite,
                          "203-2" if m.reach else "", kind="input"))


def _estimated_crowds(result: ChapterResult, measures: pd.DataFrame) -> None:
    """粗估人流 = sessions × the estimate per session, wherever both are given."""
    own = measures[~measures["held"]]
    for (activity, part), rows in own.groupby(["activity", "part"], sort=False):
        values = dict(zip(rows["measure"], rows["value"]))
        if "estimated_crowd_per_session" not in values:
            continue
        mid = metric_id(activity, part, "estimated_crowd")
        formula = "場次 × 每場粗估人流"
        if "sessions" not in values:
            result.add(Metric(mid, None, "人", "粗估人流 Estimated crowd（估計值 estimate）", formula, "", "203-2",
                              missing_reason="未公布場次 (sessions not reported)"))
            continue
        sessions, per = values["sessions"], values["estimated_crowd_per_session"]
        result.add(Metric(mid, sessions * per, "人", "粗估人流 Estimated crowd（估計值 estimate）", formula,
                          f"{fmt(sessions, 0)} 場 × {fmt(per, 0)} 人", "203-2"))


def _part_totals(result: ChapterResult, measures: pd.DataFrame) -> None:
    """An activity counted in parts only (no whole-activity row): the parts added up (not printed)."""
    own = measures[~measures["held"]]
    for (activity, measure), rows in own.groupby(["activity", "measure"], sort=False):
        if len(rows) < 2 or (rows["part"] == "").any():
            continue
        result.add(Metric(f"{activity}_{measure}_total", float(rows["value"].sum()), rows["unit"].iloc[0],
                          f"{chinese_part(rows['label'].iloc[0])} 等各項合計 total of the parts（報告未印出 not printed）",
                          " + ".join(chinese_part(x) for x in rows["label"]),
                          " + ".join(fmt(v, 0) for v in rows["value"]) + f" {rows['unit'].iloc[0]}",
                          "203-2" if rows["reach"].iloc[0] else ""))


def _reach_of(measures: pd.DataFrame, activity: str, kind: str) -> float | None:
    """People (or attendances) an activity reached: its whole-activity counts, else the sum of its parts."""
    rows = measures[(measures["activity"] == activity) & (measures["reach"] == kind) & (measures["period"] == "")]
    if rows.empty:
        return None
    whole = rows[rows["part"] == ""]
    return float((whole if not whole.empty else rows)["value"].sum())


def _activity_table(inputs: SocialInputs, measures: pd.DataFrame) -> pd.DataFrame:
    table_total = inputs.activities.loc[inputs.activities["in_activity_table"], "spending_twd"].sum()
    rows = []
    for a in inputs.activities.itertuples():
        people, attendances = _reach_of(measures, a.activity, PEOPLE), _reach_of(measures, a.activity, ATTENDANCES)
        spending = a.spending_twd if a.in_activity_table else None
        rows.append({
            "year": inputs.year, "activity": a.activity, "kind": a.kind, "kind_label": inputs.kinds.get(a.kind, a.kind),
            "label": a.label, "in_activity_table": a.in_activity_table, "spending_twd": spending,
            "spending_share_pct": spending / table_total * 100 if spending is not None and table_total else None,
            "people": people, "attendances": attendances,
            "twd_per_person": spending / people if spending is not None and people else None,
            "twd_per_attendance": spending / attendances if spending is not None and attendances else None,
            "held_in": "training_programmes.csv" if a.programmes else "",
        })
    return pd.DataFrame(rows)


def _spending(result: ChapterResult, inputs: SocialInputs, activities: pd.DataFrame) -> None:
    table = activities[activities["in_activity_table"]]
    if table.empty:
        return
    total = float(table["spending_twd"].sum())
    result.add(Metric("spending_total_twd", total, "元", "活動一覽執行金額合計 Spending on the listed activities（報告未印出 not printed）",
                      "Σ 活動一覽各項執行金額", f"{len(table)} 項活動 activities: "
                      + " + ".join(fmt(v, 0) for v in table["spending_twd"]) + " 元", "201-1; 203-1"))
    kinds = table.groupby("kind", sort=False).agg(spending_twd=("spending_twd", "sum"), activities=("activity", "count"))
    for kind, r in kinds.iterrows():
        label = inputs.kinds.get(kind, kind)
        parts = table[table["kind"] == kind]
        result.add(Metric(f"spending_{kind}_twd", float(r.spending_twd), "元", f"{label} 執行金額（報告未印出 not printed）",
                          f"Σ 類別為「{chinese_part(label)}」之執行金額",
                          " + ".join(fmt(v, 0) for v in parts["spending_twd"]) + " 元", "203-1"))
        result.add(Metric(f"spending_{kind}_share_pct", float(r.spending_twd) / total * 100, "%",
                          f"{label} 占執行金額合計 % Share of spending（報告未印出 not printed）",
                          "類別執行金額 ÷ 執行金額合計 × 100", f"{fmt(r.spending_twd, 0)} ÷ {fmt(total, 0)} 元", "203-1"))
    result.tables["kinds"] = kinds.reset_index().assign(
        year=inputs.year, kind_label=lambda f: f["kind"].map(inputs.kinds),
        share_pct=lambda f: f["spending_twd"] / total * 100)[["year", "kind", "kind_label", "activities",
                                                             "spending_twd", "share_pct"]]


def _reach(result: ChapterResult, measures: pd.DataFrame) -> None:
    activities = list(dict.fromkeys(measures["activity"]))
    for kind, metric, unit, label in ((PEOPLE, "people_reached_total", "人", "參加、觀賞與參觀人數合計 People reached"),
                                      (ATTENDANCES, "attendances_total", "人次", "參與人次合計 Attendances")):
        found = [(a, _reach_of(measures, a, kind)) for a in activities]
        found = [(a, v) for a, v in found if v is not None]
        if not found:
            continue
        result.add(Metric(metric, float(sum(v for _, v in found)), unit,
                          f"{label}（報告未印出；同一人可能重複計入 not printed; people may be counted twice）",
                          "Σ 各活動之" + ("人數" if kind == PEOPLE else "人次"),
                          " + ".join(f"{a} {fmt(v, 0)}" for a, v in found) + f" {unit}", "203-2"))


def _changes(result: ChapterResult, measures: pd.DataFrame, previous: ChapterResult | None) -> None:
    """Counts of people reached against last year's same count, when both cover a calendar year."""
    if previous is None or "measures" not in previous.tables:
        return
    before = previous.tables["measures"]
    before = before[~before["held"]].set_index("metric_id")
    year = result.year
    for m in measures[(~measures["held"]) & (measures["reach"] != "")].itertuples():
        if m.metric_id not in before.index:
            continue
        b = before.loc[m.metric_id]
        mid, label = f"{m.metric_id}_change_pct", f"{m.label} 年增減 % Change（報告未印出 not printed）"
        formula = "(本年 − 前一年) ÷ 前一年 × 100"
        if b["period"] or m.period:
            which = f"{year - 1} 年：{b['period']}" if b["period"] else f"{year} 年：{m.period}"
            result.add(Metric(mid, None, "%", label, formula, "", "203-2",
                              missing_reason=f"非同一期間，不比較 (periods differ: {which})"))
        elif b["value"] == 0:
            result.add(Metric(mid, None, "%", label, formula, "", "203-2",
                              missing_reason=f"{year - 1} 年為 0，無相對變化"))
        else:
            result.add(Metric(mid, pct_change(m.value, float(b["value"])), "%", label, formula,
                              f"{year - 1}: {fmt(b['value'], 0)}; {year}: {fmt(m.value, 0)} {m.unit}", "203-2"))


def _by_year(result: ChapterResult, earlier: Mapping[int, ChapterResult]) -> pd.DataFrame:
    """The counts of activities reported in more than one year, year by year."""
    frames = [earlier[y].tables["measures"] for y in sorted(earlier) if "measures" in earlier[y].tables]
    frames.append(result.tables["measures"])
    every = pd.concat(frames, ignore_index=True)
    every = every[~every["held"]]
    repeated = every.groupby("metric_id")["year"].transform("nunique") > 1
    return every[repeated][["year", "activity", "part", "measure", "label", "value", "unit", "period"]].reset_index(
        drop=True)


def _notes(result: ChapterResult, inputs: SocialInputs, activities: pd.DataFrame) -> None:
    table = activities[activities["in_activity_table"]]
    if not table.empty:
        silent = table[table["people"].isna() & table["attendances"].isna()]
        result.notes.append(
            f"活動一覽共 {len(table)} 項活動，執行金額合計 {fmt(table['spending_twd'].sum(), 0)} 元；合計與各類占比為本附錄計算，"
            "報告未印出。 The table's total and shares are computed here; the report prints neither.")
        if not silent.empty:
            result.notes.append("下列活動報告未印參加人數或人次，無從計算每人經費："
                                + "、".join(_label(inputs, a) for a in silent["activity"])
                                + "。 No people counted for these activities.")
    periods = inputs.measures[inputs.measures["period"] != ""]
    for m in periods.itertuples():
        result.notes.append(f"{m.label} {fmt(m.value, 0)} {m.unit} 為 {m.period} 之累計，非 {inputs.year} 單一年度，"
                            "不與其他年度比較。 A cumulative count over another period: not compared across years.")
