"""The targets chapter (GRI 3-3): every target with its baseline and what was achieved, per
material topic, against numbers worked out by hand from report 2.5.3 and 3.1.1; the bad
inputs it refuses, each named by file, row, column and rule."""

from __future__ import annotations

import pytest
from conftest import ROOT, edit
from memory import printed, run, table

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters import targets as t
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.project import Project
from sustainability_appendix.review.reconcile import INPUT, reconcile

COLUMNS = ["target_id", "material_topic", "indicator", "indicator_en", "target_text", "period_start", "target_year",
           "per_year", "comparison", "basis", "target_value", "unit", "baseline_year", "baseline_value",
           "achieved_year", "achieved_value", "achieved_metric", "source", "note"]
NAN = float("nan")


def _target(tid, topic, comparison, value, unit, start, end, achieved=(NAN, NAN), basis="level", baseline=(NAN, NAN),
            per_year="yes", metric=""):
    return dict(zip(COLUMNS, (tid, topic, tid, tid, "…", start, end, per_year, comparison,
                              "" if comparison == "qualitative" else basis, value, unit, baseline[0], baseline[1],
                              achieved[0], achieved[1], metric, "2.5.3", "")))


TOPICS = table([{"material_topic": "MT2", "name": "勞工權益與工會發展"},
                {"material_topic": "MT3", "name": "多元就業推動與勞動市場平等包容"},
                {"material_topic": "MT6", "name": "組織溫室氣體盤查與減量措施"}],
               "data/raw/2025/materiality_material_topics.csv")

# report 2.5.3 (階段性目標 and 績效) and 3.1.1 (庇護工場參與淨零減碳)
TARGETS = table([
    _target("guidance_2026", "MT2", "at_least", 1260, "場", 2026, 2026, (2025, 1338)),  # 法遵輔導
    _target("inspections_2026", "MT2", "at_least", 4200, "次", 2026, 2026, (2025, 2758)),  # 勞動檢查
    _target("job_fairs_2027_2029", "MT3", "at_least", 250, "場", 2027, 2029, (2025, 242),
            metric="training.job_fairs_sessions"),
    _target("workshops_yearly", "", "at_least", 1, "家", 2024, 2028, (2025, 1), baseline=(2023, 0)),
    _target("workshops_2028", "", "at_least", 5, "家", 2024, 2028, baseline=(2023, 0), per_year=""),
    _target("efficiency_2026", "MT6", "at_least", 1, "%", 2026, 2026, basis="change_pct", baseline=(2025, NAN)),
    _target("advisory_panel", "MT2", "qualitative", NAN, "", 2027, 2029, per_year=""),
], "data/raw/2025/targets.csv")


@pytest.fixture(scope="module")
def result():
    return run("targets", {2025: t.TargetsInputs(2025, TARGETS, TOPICS)})[2025]


def test_progress_against_the_target_and_when_it_was_achieved(result):
    rows = result.tables["targets"].set_index("target_id")
    # 1,338 場 of 法遵輔導 in 2025 already meet the 1,260 set for 2026: the target asks for less than was done
    assert rows.loc["guidance_2026", "progress"] == t.MET_BEFORE
    assert result.value("guidance_2026_achieved_pct_of_target") == pytest.approx(1338 / 1260 * 100)  # 106.19%
    assert rows.loc["inspections_2026", "progress"] == t.NOT_YET  # 2,758 of 4,200: 65.67%
    assert result.value("inspections_2026_achieved_pct_of_target") == pytest.approx(65.6667, abs=1e-4)
    assert rows.loc["job_fairs_2027_2029", "progress"] == t.NOT_YET  # 242 of 250 場: 96.8%
    assert result.value("job_fairs_2027_2029_achieved_pct_of_target") == pytest.approx(96.8)
    assert rows.loc["workshops_yearly", "progress"] == t.MET  # 1 家 in 2025, within 2024–2028
    assert rows.loc["workshops_2028", "progress"] == t.NO_ACHIEVED  # the cumulative count is not printed
    assert rows.loc["efficiency_2026", "progress"] == t.CHANGE
    assert rows.loc["advisory_panel", "progress"] == t.QUALITATIVE


def test_targets_are_metrics_with_their_sources(result):
    target = result.metric("guidance_2026_target")
    assert (target.value, target.unit, target.gri, target.kind) == (1260, "場", "3-3", "input")
    assert "data/raw/2025/targets.csv row 2" in target.inputs
    assert result.value("guidance_2026_achieved") == 1338
    assert result.value("workshops_yearly_baseline") == 0
    assert result.find("advisory_panel_target") is None  # a qualitative target has no value
    assert result.find("efficiency_2026_achieved_pct_of_target") is None  # a change needs its baseline
    share = result.metric("job_fairs_2027_2029_achieved_pct_of_target")
    assert share.formula == "2025 年實績 ÷ 目標值 × 100" and share.inputs == "242 ÷ 250 場"


def test_counts_and_the_table_by_material_topic(result):
    assert result.value("targets_count") == 7 and result.value("quantitative_targets_count") == 6
    assert result.value("targets_with_baseline_count") == 2  # the sheltered workshops' 2023 (printed as -)
    assert result.value("targets_with_achieved_count") == 4 and result.value("targets_met_before_period_count") == 1
    topics = result.tables["by_topic"].set_index("material_topic")
    assert list(topics.index) == ["MT2", "MT3", "MT6", t.NO_TOPIC]  # the order of 2.5.2, then the rest
    assert topics.loc["MT2", "targets"] == 3 and topics.loc["MT2", "quantitative"] == 2
    assert topics.loc["MT2", "met_before_period"] == 1 and topics.loc["MT2", "not_met_yet"] == 1
    assert topics.loc[t.NO_TOPIC, "with_baseline"] == 2


def test_how_a_target_is_described():
    rows = TARGETS.to_dict(orient="records")
    assert t.describe_target(rows[0]) == "≥ 1,260 場 / 年"
    assert t.describe_target(rows[5]) == "較 2025 年 ≥ +1% / 年"
    assert t.period(rows[2]) == "2027–2029" and t.period(rows[0]) == "2026"
    assert t.meets("at_most", 3, 5) and not t.meets("equal", 2, 3)


def test_a_year_without_targets_says_so():
    result = run("targets", {2024: t.TargetsInputs(2024, None, None)})[2024]
    assert result.metrics == [] and "2024" in result.notes[0] and result.tables["targets"].empty


def test_the_2025_targets_reconcile_as_transcribed():
    computation = Computation(Project(ROOT), chapters=(chapter("targets"),))
    result = computation.result("targets", 2025)
    rec = reconcile(result, printed(2025, "targets"))
    assert len(rec) == 23 and set(rec["status"]) == {INPUT}
    # 2.5.3 sets 35 targets (2 in 3.1.1), 21 with a value; 9 are already met in 2025 before their period starts
    assert result.value("targets_count") == 35 and result.value("quantitative_targets_count") == 21
    assert result.value("targets_met_before_period_count") == 9


def _problems(project, year=2025) -> list[str]:
    with pytest.raises(InputError) as err:
        InputStore(project).table("year", "targets", year)
    return [str(p) for p in err.value.problems]


def test_a_target_without_a_year_is_refused(project_copy):
    edit(project_copy.raw_dir(2025) / "targets.csv", "2026,2026,yes,at_least,level,10,節次", "2026,,yes,at_least,level,10,節次")
    assert _problems(project_copy) == [
        "data/raw/2025/targets.csv, row 2, column 'target_year': expected a four-digit year, found 'an empty cell'"]


def test_inconsistent_targets_are_refused_by_row_and_column(project_copy):
    path = project_copy.raw_dir(2025) / "targets.csv"
    edit(path, "2026,2026,yes,at_least,level,10,節次", "2026,2026,yes,at_least,level,10,")  # row 2: no unit
    edit(path, "2030,2030,,qualitative,,,,", "2030,2030,,qualitative,,20,,")  # row 7: a qualitative with a value
    edit(path, ",,2025,2,training.employer_forum_sessions", ",,,2,training.employer_forum_sessions")  # row 3
    edit(path, "1338,labour_inspection.labour_conditions_guidance_sessions,", "1338,training employer,")  # row 9: not a metric name
    assert _problems(project_copy) == [
        "data/raw/2025/targets.csv, row 2, column 'unit': expected a unit for a target compared 'at_least', "
        "found 'an empty cell'",
        "data/raw/2025/targets.csv, row 3, column 'achieved_year': expected the year of the achieved value 2, "
        "found 'an empty cell'",
        "data/raw/2025/targets.csv, row 7, column 'target_value': expected blank for a qualitative target, "
        "found '20'",
        "data/raw/2025/targets.csv, row 9, column 'achieved_metric': expected a metric of the appendix as "
        "chapter.metric_id, or blank, found 'training employer'"]


def test_a_target_under_no_material_topic_of_the_year_is_refused(project_copy):
    edit(project_copy.raw_dir(2025) / "targets.csv", "mt1_net_zero_courses_2026,MT1,", "mt1_net_zero_courses_2026,MT9,")
    with pytest.raises(InputError) as err:
        t.load(project_copy, 2025)
    assert [str(p) for p in err.value.problems] == [
        "data/raw/2025/targets.csv, row 2, column 'material_topic': expected a material topic of "
        "data/raw/2025/materiality_material_topics.csv (MT1, MT2, MT3, MT4, MT5, MT6), or blank, found 'MT9'"]
