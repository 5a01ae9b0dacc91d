"""Labour inspection and occupational safety, in memory, against values worked out by hand
from the report.

Inputs are typed from 2.5.3 (勞動保障、職場安全 績效), 2.4.2 (企業與雇主、採購與專業服務合作夥伴、
員工), 3.1.1 (熱危害防護行動 執行成果表), 3.2 (SDG 8) and 3.3.2.3 (職場健康安全); every expected
value is the arithmetic done by hand, with the printed figure in the comment. Spoilt input
files are refused through the chapter's own ``load`` on a copy of the project.
"""

from __future__ import annotations

import pytest
from conftest import edit
from memory import ReferenceFiles, printed, printed_table, run, table

from sustainability_appendix.chapters import labour_inspection
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.chapters.labour_inspection import Catalogue, LabourInspectionInputs
from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.validate import check_year
from sustainability_appendix.review.reconcile import INPUT, NOT_CHECKABLE, REPRODUCES, reconcile

CATALOGUE = Catalogue.from_files(ReferenceFiles())

# (activity, measure, value) as the report prints them
FIGURES = {
    2023: [("heat_hazard", "inspections", 1467)],  # 3.1.1 執行成果表: 辦理 1,467 場; 觀摩會 「-」
    2024: [("heat_hazard", "inspections", 928), ("heat_hazard", "seminars", 2),
           ("heat_hazard", "seminar_participants", 98)],
    2025: [
        ("labour_conditions", "inspections", 2758), ("labour_conditions", "inspection_count", 5342),
        ("labour_conditions", "guidance_sessions", 1338), ("labour_conditions", "seminars", 140),
        ("osh", "inspections", 20762), ("osh", "guidance_sessions", 2272), ("osh", "seminars", 223),
        ("heat_hazard", "inspections", 1306), ("heat_hazard", "seminars", 1),
        ("heat_hazard", "seminar_participants", 70), ("heat_hazard", "seminar_businesses", 51),
        ("migrant_workers", "inspected_establishments", 4215), ("migrant_workers", "care_visits", 20272),
        ("migrant_workers", "vector_control_places", 8703),
        ("disputes", "cases", 3926), ("disputes", "commissioned_cases", 2559),
        ("osh_committee", "experts", 3), ("osh_committee", "staff_members", 6), ("osh_committee", "meetings", 1),
        ("staff_health", "subsidy_twd", 3500), ("staff_health", "subsidy_over40_twd", 4500),
    ],
}


def inputs(year: int, figures=None) -> LabourInspectionInputs:
    figures = FIGURES[year] if figures is None else figures
    rows = [{"year": year, "activity": a, "measure": m, "value": float(v), "unit": CATALOGUE.measures[m][0],
             "source": f"test {year}", "note": ""} for a, m, v in figures]
    return LabourInspectionInputs(year, table(rows, f"data/raw/{year}/labour_inspection.csv") if rows else None,
                                  CATALOGUE)


@pytest.fixture(scope="module")
def results():
    return run("labour_inspection", {y: inputs(y) for y in FIGURES})


# --- the calculations --------------------------------------------------------------------------
def test_inspections_add_up_to_the_total_printed_in_2_4_2(results):
    r = results[2025]
    assert r.value("inspections_total") == 2758 + 20762 == 23520  # 2.4.2: 執行勞動檢查共 2 萬 3,520 場次
    assert r.metric("inspections_total").kind == "derived"
    assert r.metric("inspections_total").formula == "勞動條件檢查與法遵輔導 檢查場次 + 職業安全衛生監督 檢查場次"
    assert "2,758 (" in r.metric("inspections_total").inputs and "20,762 (" in r.metric("inspections_total").inputs
    figures = printed_table([("li-1", "inspections_total", "執行勞動檢查共", "2 萬 3,520", "場次", "2.4.2"),
                             ("li-2", "osh_inspections", "安全衛生監督檢查", "20,762", "場次", "2.5.3")])
    assert list(reconcile(r, figures)["status"]) == [REPRODUCES, INPUT]


def test_the_committee_has_nine_members_and_the_bureaus_own_figures_carry_gri_403(results):
    r = results[2025]
    assert r.value("osh_committee_members_total") == 3 + 6  # 3.3.2.3: 共設置 9 名委員，3 名學者專家及 6 名機關人員
    assert r.metric("osh_committee_members_total").gri == "403-4"
    assert r.metric("osh_committee_meetings").gri == "403-4"  # 2.4.2: 召開 1 次職業安全衛生及防護委員會
    assert r.metric("staff_health_subsidy_over40_twd").gri == "403-6"  # 4,500 元
    # inspecting other employers answers no GRI 403 disclosure about the bureau's own workers
    assert r.metric("osh_inspections").gri == "" and r.metric("inspections_total").gri == ""


def test_heat_hazard_changes_year_on_year(results):
    assert results[2024].value("heat_hazard_inspections_change_pct") == pytest.approx((928 - 1467) / 1467 * 100)  # −36.74
    r = results[2025]
    assert r.value("heat_hazard_inspections_change_pct") == pytest.approx((1306 - 928) / 928 * 100)  # +40.73
    assert r.value("heat_hazard_seminars_change_pct") == pytest.approx(-50.0)  # 2 → 1 場
    assert r.value("heat_hazard_seminar_participants_change_pct") == pytest.approx((70 - 98) / 98 * 100)  # −28.57
    assert r.metric("heat_hazard_inspections_change_pct").inputs == "2024: 928 場; 2025: 1,306 場"
    # nothing to compare with: no change for the first year, none for a figure new in 2025
    assert results[2023].find("heat_hazard_inspections_change_pct") is None
    assert r.find("heat_hazard_seminar_businesses_change_pct") is None
    history = r.tables["history"]
    heat = history[history["metric_id"] == "heat_hazard_inspections"]
    assert list(heat["year"]) == [2023, 2024, 2025] and list(heat["value"]) == [1467, 928, 1306]


def test_mediation_rates(results):
    r = results[2025]
    # 2.4.2: 2,559 件委託民間團體 of the 3,926 調處案件 (2.5.3) = 65.18%, not printed
    assert r.value("disputes_commissioned_share_pct") == pytest.approx(2559 / 3926 * 100)
    # 2.5.3 prints 調解成立率「約為 71%」 but never the cases settled: the rate cannot be checked
    settled = r.metric("disputes_settlement_rate_pct")
    assert settled.value is None and "調解成立件數" in settled.missing_reason
    figures = printed_table([("li-1", "disputes_settlement_rate_pct", "調解成立率約為", "71%", "%", "2.5.3")])
    row = reconcile(r, figures).iloc[0]
    assert row["status"] == NOT_CHECKABLE and "調解成立件數" in row["note"]


def test_a_percentage_changes_in_percentage_points():
    # 2025 as printed; the year after with 2,600 of 4,000 cases commissioned (synthetic): 65.00% − 65.18%
    later = [("disputes", "cases", 4000), ("disputes", "commissioned_cases", 2600)]
    r = run("labour_inspection", {2025: inputs(2025), 2026: inputs(2026, later)})[2026]
    assert r.value("disputes_commissioned_share_pct_change_pp") == pytest.approx(65.0 - 2559 / 3926 * 100)
    assert r.metric("disputes_commissioned_share_pct_change_pp").unit == "百分點"
    assert r.value("disputes_cases_change_pct") == pytest.approx((4000 - 3926) / 3926 * 100)


def test_what_the_report_does_not_print_is_named(results):
    notes = " ".join(results[2025].notes)
    # the 2025 report prints no inspection results, penalties or occupational accidents
    assert "檢查結果與處分 Inspection results and penalties" in notes and "職業災害 Occupational accidents" in notes
    assert "勞資爭議" not in notes
    empty = run("labour_inspection", {2022: inputs(2022, [])})[2022]
    assert empty.value("inspections_total") is None and "未公布" in empty.metric("inspections_total").missing_reason
    assert any("No labour-inspection" in n for n in empty.notes)


def test_inspections_by_kind_table(results):
    figures = results[2025].tables["figures"]
    kinds = figures[figures["category"] == "inspection"]
    assert list(kinds["metric_id"]) == ["labour_conditions_inspections", "labour_conditions_inspection_count",
                                        "osh_inspections", "heat_hazard_inspections",
                                        "migrant_workers_inspected_establishments",
                                        "migrant_workers_vector_control_places"]
    assert list(kinds["value"]) == [2758, 5342, 20762, 1306, 4215, 8703]


# --- the repository's data -----------------------------------------------------------------------
def test_every_printed_figure_of_the_chapter_reconciles(results, computation):
    for year in (2023, 2024, 2025):
        register = reconcile(computation.result("labour_inspection", year), printed(year, "labour_inspection"))
        assert set(register["status"]) <= {INPUT, REPRODUCES, NOT_CHECKABLE}
    found = register.set_index("figure_id")["status"]
    assert found["labour_inspection-2025-01"] == REPRODUCES  # 2 萬 3,520 = 2,758 + 20,762
    assert found["labour_inspection-2025-37"] == REPRODUCES  # 9 名 = 3 + 6
    # printed without what it is computed from, or a rule rather than a measurement
    assert sorted(found[found == NOT_CHECKABLE].index) == ["labour_inspection-2025-12", "labour_inspection-2025-40",
                                                           "labour_inspection-2025-42"]
    assert computation.result("labour_inspection", 2025).value("inspections_total") == 23520


def test_the_sdg_table_reads_the_heat_hazard_figures_from_this_chapter(computation):
    from sustainability_appendix.review.results import YearResults
    from sustainability_appendix.review.sdg_table import build_sdg_table

    table_ = build_sdg_table(YearResults(computation, 2025))
    seminars = {r.row: r for r in table_.rows}["sdg8-heat-seminars"].cells
    assert [seminars[y].text for y in (2024, 2025)] == ["辦理 2 場、98 人參加", "辦理 1 場、70 人參加"]
    assert all(seminars[y].status == "reproduces" for y in (2024, 2025))


# --- bad input -----------------------------------------------------------------------------------
FILE = "labour_inspection.csv"


def _load_error(project, year: int = 2025) -> str:
    with pytest.raises(InputError) as err:
        labour_inspection.load(project, year)
    return str(err.value)


def test_unspoilt_copy_loads(project_copy):
    t = labour_inspection.load(project_copy, 2025)
    assert t.get("migrant_workers", "care_visits").value == 20272  # 2.4.2 prints 2 萬 0,272
    assert labour_inspection.load(project_copy, 2023).get("heat_hazard", "inspections").value == 1467


def test_wrong_unit_and_non_whole_count(project_copy):
    path = project_copy.raw_dir(2025) / FILE
    edit(path, "2025,migrant_workers,inspected_establishments,4215,家次,", "2025,migrant_workers,inspected_establishments,4215,家,")
    edit(path, "2025,osh,seminars,223,", "2025,osh,seminars,223.5,")
    message = _load_error(project_copy)
    assert (f"data/raw/2025/{FILE}, row 13, column 'unit': expected '家次' for measure 'inspected_establishments', "
            "found '家'") in message
    assert "row 8, column 'value': expected a whole number of at least 0 for measure 'seminars', found '223.5'" in message


def test_a_part_larger_than_its_whole(project_copy):
    # 委託 2,559 → 4,000 件, more than the 3,926 調處案件 it is a part of
    edit(project_copy.raw_dir(2025) / FILE, "2025,disputes,commissioned_cases,2559,", "2025,disputes,commissioned_cases,4000,")
    message = _load_error(project_copy)
    assert "row 17, column 'value': expected disputes.commissioned_cases at most disputes.cases (3,926, row 16)" in message


def test_unknown_activity_and_measure(project_copy):
    path = project_copy.raw_dir(2025) / FILE
    edit(path, "2025,osh_committee,meetings,", "2025,safety_committee,meetings,")
    edit(path, "2025,disputes,cases,", "2025,disputes,disputes,")
    message = _load_error(project_copy)
    assert "column 'activity'" in message and "'safety_committee'" in message
    assert "column 'measure'" in message and "'disputes'" in message


def test_a_total_naming_an_unknown_measure_is_refused(project_copy):
    edit(project_copy.reference_dir / "labour_inspection_totals.csv", "labour_conditions.inspections; osh.inspections",
         "labour_conditions.inspections; osh.inspection")
    problems, _ = check_year(Computation(project_copy), 2025)
    assert any("labour_inspection_totals.csv" in str(p) and "column 'parts'" in str(p) and "'osh.inspection'" in str(p)
               for p in problems), problems
