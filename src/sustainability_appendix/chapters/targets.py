"""Targets and progress (GRI 3-3): every target the report sets, with its baseline and what
was achieved, per material topic.

The targets are the year's ``targets.csv`` (report 2.5.3 管理方針 階段性目標, and targets set
elsewhere, such as 3.1.1's sheltered workshops); the material topics are the year's
``materiality_material_topics.csv``. For a target with a value:

  target, baseline, achieved        transcribed, each with its source
  achieved share of the target      achieved ÷ target × 100 (a level target with an achieved value)
  progress                          how the achieved value compares with the target, and when:
      met before its period         achieved before the period starts and already meets the target,
                                    so the target asks for no more than what was done (set below or at it)
      met / not yet / missed        achieved within the period (or after it) and meets it / not yet / not
      no achieved value             the report prints nothing achieved for it
      a change from a baseline      a % change (用電效率 +1%): progress needs the baseline and a later value

Whether a target has a baseline, and whether the achieved value agrees with the metric
the appendix computes for it, is for the audit (``check_targets``), which sees every chapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.errors import InputError, Problem
from sustainability_appendix.inputs.store import ChapterFiles, collect

CHAPTER = "targets"
GRI = "3-3"

MET_BEFORE, MET, NOT_YET, MISSED, NO_ACHIEVED, CHANGE, QUALITATIVE = (
    "met_before_period", "met", "not_yet", "missed", "no_achieved", "change", "qualitative")
PROGRESS_LABELS = {
    MET_BEFORE: "目標期前已達成 Already met before its period",
    MET: "已達成 Met",
    NOT_YET: "尚未達成 Not met yet",
    MISSED: "未達成 Missed",
    NO_ACHIEVED: "報告未印達成值 No achieved value printed",
    CHANGE: "以基準計之變化 A change from a baseline",
    QUALITATIVE: "質性目標 Qualitative",
}
COMPARISON_SIGNS = {"at_least": "≥", "at_most": "≤", "equal": "="}
NO_TOPIC = "—"
TARGET_COLUMNS = ["target_id", "material_topic", "topic_name", "indicator", "indicator_en", "period", "per_year",
                  "comparison", "basis", "target", "target_value", "unit", "baseline_year", "baseline_value",
                  "achieved_year", "achieved_value", "achieved_metric", "achieved_pct_of_target", "progress",
                  "progress_label", "target_text", "source", "note"]


@dataclass(frozen=True)
class TargetsInputs:
    year: int
    targets: pd.DataFrame | None  # the year's targets.csv, when it has one
    material_topics: pd.DataFrame | None  # the year's materiality_material_topics.csv, when it has one


def _given(value) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and pd.isna(value))


def load(project, year: int, store=None) -> TargetsInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    targets, topics = collect(lambda: files.table("targets"), lambda: files.table("materiality_material_topics"))
    if targets is not None:
        known = set(topics["material_topic"]) if topics is not None else set()
        where = topics.attrs["source_file"] if topics is not None else f"data/raw/{year}/materiality_material_topics.csv"
        problems = [Problem(targets.attrs["source_file"], int(row), "material_topic",
                            f"a material topic of {where} ({', '.join(sorted(known)) or 'none'}), or blank", code)
                    for row, code in targets["material_topic"].items() if code and code not in known]
        if problems:
            raise InputError(problems)
    return TargetsInputs(year, targets, topics)


def meets(comparison: str, achieved: float, target: float) -> bool:
    if comparison == "at_least":
        return achieved >= target
    if comparison == "at_most":
        return achieved <= target
    if comparison == "equal":
        return achieved == target
    raise ValueError(f"no value to compare for a '{comparison}' target")


def progress(rec: Mapping) -> str:
    """How the achieved value stands against the target, and when it was achieved."""
    if rec["comparison"] == "qualitative":
        return QUALITATIVE
    if rec["basis"] == "change_pct":
        return CHANGE
    if not _given(rec["achieved_value"]):
        return NO_ACHIEVED
    start = int(rec["period_start"]) if _given(rec["period_start"]) else int(rec["target_year"])
    ok = meets(rec["comparison"], float(rec["achieved_value"]), float(rec["target_value"]))
    year = int(rec["achieved_year"])
    if year < start:
        return MET_BEFORE if ok else NOT_YET
    if year <= int(rec["target_year"]):
        return MET if ok else NOT_YET
    return MET if ok else MISSED


def period(rec: Mapping) -> str:
    start, end = rec["period_start"], int(rec["target_year"])
    return f"{int(start)}–{end}" if _given(start) and int(start) != end else str(end)


def _value(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def describe_target(rec: Mapping) -> str:
    """The target in a few signs: ``≥ 10 節次 / 年``, ``+1% (vs 2025)``."""
    if rec["comparison"] == "qualitative":
        return "質性 qualitative"
    sign = COMPARISON_SIGNS[rec["comparison"]]
    every = " / 年" if rec["per_year"] == "yes" else ""
    if rec["basis"] == "change_pct":
        since = f"較 {int(rec['baseline_year'])} 年" if _given(rec["baseline_year"]) else "較前一年"
        return f"{since} {sign} +{_value(rec['target_value'])}%{every}"
    return f"{sign} {_value(rec['target_value'])} {rec['unit']}{every}"


def compute(inputs: TargetsInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    result = ChapterResult(CHAPTER, inputs.year)
    table = inputs.targets
    if table is None:
        result.notes.append(f"{inputs.year} 年無 targets.csv，未列目標。No targets transcribed for {inputs.year}.")
        result.tables["targets"] = pd.DataFrame(columns=TARGET_COLUMNS)
        return result
    file = table.attrs["source_file"]
    names = {}
    if inputs.material_topics is not None:
        names = dict(zip(inputs.material_topics["material_topic"], inputs.material_topics["name"]))
    rows = []
    for row, rec in table.iterrows():
        tid, unit = rec["target_id"], rec["unit"]
        cite = f"{rec['source']}; {file} row {row}"
        when = period(rec)
        label = f"{rec['indicator']} 目標 ({when}) {rec['indicator_en']}: target"
        out = {"target_id": tid, "material_topic": rec["material_topic"] or NO_TOPIC,
               "topic_name": names.get(rec["material_topic"], "未歸屬重大主題 Not under a material topic"),
               **{k: rec[k] for k in ("indicator", "indicator_en", "per_year", "comparison", "basis", "unit",
                                      "target_text", "source", "note", "achieved_metric")},
               "period": when, "target": describe_target(rec), "progress": progress(rec)}
        for k in ("target_value", "baseline_year", "baseline_value", "achieved_year", "achieved_value"):
            out[k] = rec[k] if _given(rec[k]) else None
        out["achieved_pct_of_target"] = None
        if rec["comparison"] != "qualitative":
            result.add(Metric(f"{tid}_target", float(rec["target_value"]), unit, label, "輸入值 input (目標值)",
                              cite, GRI, kind="input"))
            if _given(rec["baseline_value"]):
                result.add(Metric(f"{tid}_baseline", float(rec["baseline_value"]),
                                  unit if rec["basis"] == "level" else "基準之單位 the baseline's unit",
                                  f"{rec['indicator']} 基準 ({int(rec['baseline_year'])}) baseline",
                                  "輸入值 input (基準)", cite, GRI, kind="input"))
            if _given(rec["achieved_value"]):
                year = int(rec["achieved_year"])
                result.add(Metric(f"{tid}_achieved", float(rec["achieved_value"]), unit,
                                  f"{rec['indicator']} {year} 年實績 achieved in {year}", "輸入值 input (實績)",
                                  cite, GRI, kind="input"))
                if rec["basis"] == "level" and float(rec["target_value"]):
                    share = float(rec["achieved_value"]) / float(rec["target_value"]) * 100
                    out["achieved_pct_of_target"] = share
                    result.add(Metric(f"{tid}_achieved_pct_of_target", share, "%",
                                      f"{rec['indicator']} {year} 年實績占目標 ({when}) achieved as % of the target",
                                      f"{year} 年實績 ÷ 目標值 × 100",
                                      f"{_value(rec['achieved_value'])} ÷ {_value(rec['target_value'])} {unit}", GRI))
        out["progress_label"] = PROGRESS_LABELS[out["progress"]]
        rows.append(out)
    targets = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    result.tables["targets"] = targets
    result.tables["by_topic"] = _by_topic(targets, inputs.material_topics)
    valued = targets[targets["comparison"] != "qualitative"]
    counts = (
        ("targets_count", len(targets), "目標數 Targets set", "targets.csv 列數 rows"),
        ("quantitative_targets_count", len(valued), "有數值之目標 Targets with a value", "comparison ≠ qualitative"),
        ("targets_with_baseline_count", int(valued["baseline_value"].notna().sum()),
         "有基準值之目標 Targets with a baseline value", "baseline_value 不為空"),
        ("targets_with_achieved_count", int(valued["achieved_value"].notna().sum()),
         "有實績之目標 Targets with an achieved value", "achieved_value 不為空"),
        ("targets_met_before_period_count", int((targets["progress"] == MET_BEFORE).sum()),
         "目標期前已達成之目標 Targets already met before their period",
         "達成年 < 目標期起始年，且實績符合目標"),
    )
    for metric_id, value, label, formula in counts:
        result.add(Metric(metric_id, value, "項", label, formula, file, GRI))
    if len(valued) and not valued["baseline_value"].notna().any():
        result.notes.append("報告未為任何有數值之目標印出基準值。The report states no baseline value for any target.")
    result.summary = {"year": inputs.year, "targets": len(targets), "quantitative": len(valued)}
    return result


def _by_topic(targets: pd.DataFrame, topics: pd.DataFrame | None) -> pd.DataFrame:
    """One row per material topic (in the order of 2.5.2), then the targets under none."""
    order = list(topics["material_topic"]) if topics is not None else []
    order += [t for t in dict.fromkeys(targets["material_topic"]) if t not in order]
    rows = []
    for code in order:
        mine = targets[targets["material_topic"] == code]
        valued = mine[mine["comparison"] != "qualitative"]
        name = mine["topic_name"].iloc[0] if len(mine) else dict(zip(topics["material_topic"], topics["name"]))[code]
        rows.append({
            "material_topic": code, "topic_name": name, "targets": len(mine), "quantitative": len(valued),
            "with_baseline": int(valued["baseline_value"].notna().sum()),
            "with_achieved": int(valued["achieved_value"].notna().sum()),
            "met_before_period": int((mine["progress"] == MET_BEFORE).sum()),
            "not_met_yet": int(mine["progress"].isin([NOT_YET, MISSED]).sum()),
        })
    return pd.DataFrame(rows)

