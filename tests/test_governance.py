"""Governance and finances (report 3.3.3), in memory, against values worked out by hand.

The budget table is typed from 3.3.3.3 預決算情形 (千元, fiscal years 2022-2024), the grant from
政府補助, the ethics staffing from 3.3.3.1 反貪腐度 and the report's boundary (1.1). The report
prints no execution rate, ratio or change: each is the printed amounts divided by hand. Spoilt
files are refused through the chapter's own ``load`` on a copy of the project.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import edit
from memory import reference, run

from sustainability_appendix.chapters import governance as gv
from sustainability_appendix.chapters.governance import GovernanceInputs
from sustainability_appendix.errors import InputError

# 預決算情形 (千元): fiscal year -> (歲入預算, 歲入決算, 歲出預算, 歲出決算)
BUDGET = {2022: (109_615, 98_669, 221_192, 212_472), 2023: (669_830, 425_593, 897_509, 648_541),
          2024: (212_905, 210_917, 357_264, 336_964)}
ENTITIES = [("bureau", "office", None), ("labour_inspection_office", "office", None),
            ("training_employment_centre", "office", None), ("boai_training_centre", "part_time", 1),
            ("workers_education_centre", "part_time", 1)]


def _budget(table=BUDGET) -> pd.DataFrame:
    rows = []
    for fy, (rb, rf, eb, ef) in table.items():
        rows += [{"fiscal_year": fy, "line": line, "stage": stage, "value": float(v), "cite": "3.3.3.3"}
                 for line, stage, v in (("revenue", "budget", rb), ("revenue", "final", rf),
                                        ("expenditure", "budget", eb), ("expenditure", "final", ef))]
    return pd.DataFrame(rows)


def _inputs(year=2025, budget=BUDGET, entities=ENTITIES, grants=((2025, 635_498),)) -> GovernanceInputs:
    labels: dict[str, dict[str, str]] = {}
    for r in reference("finance_vocabulary").itertuples():
        labels.setdefault(r.vocabulary, {})[r.code] = r.label
    ethics = pd.DataFrame([{"entity": e, "name": e, "ethics_function": f, "officers": o, "cite": "3.3.3.1"}
                           for e, f, o in entities]) if entities else None
    grant_frame = pd.DataFrame([{"grant": f"grant_{fy}", "label": "計畫型補助", "grantor": "勞動部", "fiscal_year": fy,
                                 "value": float(v), "cite": "3.3.3.3"} for fy, v in grants]) if grants else None
    counts = pd.DataFrame([{"item": "major_violations", "area": "compliance", "value": 0.0, "unit": "件",
                            "label": "重大違規事件", "gri": "2-27", "cite": "ESG G"}])
    areas = dict(zip(reference("governance_areas")["area"], reference("governance_areas")["label"]))
    return GovernanceInputs(year, _budget(budget) if budget else None, grant_frame, counts, ethics, labels, areas)


@pytest.fixture(scope="module")
def result():
    return run("governance", {2025: _inputs()})[2025]


def test_budget_amounts_are_inputs_in_thousands(result):
    m = result.metric("revenue_final_2023")
    assert m.value == 425_593 and m.unit == "千元" and m.kind == "input" and m.gri == "201-1"


def test_execution_rates(result):
    assert result.value("revenue_execution_2022_pct") == pytest.approx(98_669 / 109_615 * 100)  # 90.01%
    assert result.value("expenditure_execution_2023_pct") == pytest.approx(648_541 / 897_509 * 100)  # 72.26%
    assert result.value("revenue_execution_2024_pct") == pytest.approx(210_917 / 212_905 * 100)  # 99.07%
    assert "not printed" in result.metric("revenue_execution_2022_pct").label


def test_revenue_over_expenditure_and_balance(result):
    assert result.value("revenue_to_expenditure_2024_pct") == pytest.approx(210_917 / 336_964 * 100)  # 62.59%
    assert result.value("balance_final_2023") == 425_593 - 648_541 == -222_948


def test_year_on_year_changes_only_within_the_table(result):
    assert result.value("revenue_budget_change_2023_pct") == pytest.approx((669_830 - 109_615) / 109_615 * 100)  # +511%
    assert result.value("revenue_final_change_2024_pct") == pytest.approx((210_917 - 425_593) / 425_593 * 100)  # -50.44%
    assert result.find("revenue_final_change_2022_pct") is None  # 2021 is not in the table


def test_grants_and_why_no_share_is_computed(result):
    assert result.value("grants_total_thousand_twd") == 635_498
    m = result.metric("grants_to_revenue_2025_pct")
    assert m.value is None and "2025" in m.missing_reason and m.gri == "201-4"
    assert any("635,498 千元" in n and "2024" in n for n in result.notes)


def test_a_grant_of_a_fiscal_year_in_the_table_is_set_against_its_revenue():
    r = run("governance", {2025: _inputs(grants=((2024, 21_091.7),))})[2025]
    assert r.value("grants_to_revenue_2024_pct") == pytest.approx(21_091.7 / 210_917 * 100)  # 10%


def test_corruption_risk_coverage_from_the_list_of_entities(result):
    assert result.value("ethics_offices") == 3  # printed 三個政風單位
    assert result.value("part_time_ethics_officers_each") == 1  # printed 各一名
    assert result.value("corruption_risk_coverage_pct") == 5 / 5 * 100  # printed 100%


def test_an_agency_without_ethics_staff_lowers_the_coverage():
    entities = ENTITIES[:4] + [("workers_education_centre", "none", None)]
    r = run("governance", {2025: _inputs(entities=entities)})[2025]
    assert r.value("corruption_risk_coverage_pct") == pytest.approx(4 / 5 * 100)
    uneven = ENTITIES[:4] + [("workers_education_centre", "part_time", 2)]
    m = run("governance", {2025: _inputs(entities=uneven)})[2025].metric("part_time_ethics_officers_each")
    assert m.value is None and "different" in m.missing_reason


def test_a_fiscal_year_printed_again_with_other_amounts_is_noted():
    later = {2024: (212_905, 210_000, 357_264, 336_964), 2025: (1, 1, 1, 1)}
    results = run("governance", {2025: _inputs(), 2026: _inputs(year=2026, budget=later, grants=())})
    notes = [n for n in results[2026].notes if "2024 會計年度" in n]
    assert notes and "revenue_final 210,917 → 210,000" in notes[0]


def test_a_year_without_files_says_what_is_missing():
    r = run("governance", {2024: GovernanceInputs(2024, None, None, None, None, {}, {})})[2024]
    assert r.metrics == [] and "預決算情形" in r.notes[0] and "政府補助" in r.notes[0]


# ---- the repository's files, and spoilt copies, through load ----------------------------------------------

def _load_error(project) -> str:
    with pytest.raises(InputError) as err:
        gv.load(project, 2025)
    return str(err.value)


def test_the_repository_files_load(project_copy):
    inputs = gv.load(project_copy, 2025)
    assert len(inputs.budget) == 12 and set(inputs.budget["fiscal_year"]) == {2022, 2023, 2024}
    assert inputs.grants["value"].sum() == 635_498
    assert gv.load(project_copy, 2024).budget is None


def test_a_budget_table_missing_a_cell(project_copy):
    edit(project_copy.raw_dir(2025) / "budget.csv",
         "2025,2023,expenditure,final,648541,千元,報告 3.3.3.3 財務穩健 預決算情形表 (單位：千元),\n", "")
    assert ("budget.csv, column 'stage': expected a row for fiscal year 2023, line 'expenditure', stage 'final'"
            in _load_error(project_copy))


def test_a_budget_in_another_unit(project_copy):
    path = project_copy.raw_dir(2025) / "budget.csv"
    edit(path, "2025,2022,revenue,budget,109615,千元,", "2025,2022,revenue,budget,109615000,元,")
    message = _load_error(project_copy)
    assert "budget.csv, row 2, column 'unit': expected one of '千元', found '元'" in message


def test_a_fiscal_year_after_the_report(project_copy):
    path = project_copy.raw_dir(2025) / "budget.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "".join(f"2025,2026,{line},{stage},1,千元,x,\n" for line in ("revenue", "expenditure")
                                   for stage in ("budget", "final")), encoding="utf-8")
    assert "column 'fiscal_year': expected a fiscal year no later than the report's (2025), found '2026'" in _load_error(
        project_copy)


def test_part_time_ethics_staff_without_a_number(project_copy):
    edit(project_copy.raw_dir(2025) / "ethics_coverage.csv", "part_time,1,", "part_time,,")
    assert "ethics_coverage.csv, row 5, column 'officers': expected the number of part-time ethics officers" in _load_error(
        project_copy)
