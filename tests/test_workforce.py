"""Workforce chapter, in memory, against values worked out by hand from report 3.3.2.1.

Every input is typed from the report's tables (員工人數表, 近三年高階主管組成統計,
近三年員工新進率統計表, 近三年員工離職率統計表) and its text (育兒友善); every expected
value is the report's arithmetic done by hand. Spoilt input files are refused through
the chapter's own ``load`` on a copy of the project.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import edit
from memory import ReferenceFiles, notes, printed, quantities, run, table

from sustainability_appendix.chapters import workforce
from sustainability_appendix.chapters.workforce import Vocabulary, WorkforceInputs
from sustainability_appendix.errors import InputError
from sustainability_appendix.review.reconcile import DIFFERS, NOT_CHECKABLE, reconcile

# 近三年員工新進率統計表 / 離職率統計表: (count, printed rate %) per (gender, age band).
HIRES = {
    2023: {("男", "<30"): (4, 0.62), ("女", "<30"): (9, 1.39), ("男", "30-50"): (8, 1.23),
           ("女", "30-50"): (34, 5.25), ("男", ">50"): (2, 0.31), ("女", ">50"): (10, 1.54)},
    2024: {("男", "<30"): (7, 1.09), ("女", "<30"): (13, 2.02), ("男", "30-50"): (18, 2.79),
           ("女", "30-50"): (31, 4.81), ("男", ">50"): (9, 1.40), ("女", ">50"): (7, 1.09)},
    2025: {("男", "<30"): (3, 0.46), ("女", "<30"): (2, 0.31), ("男", "30-50"): (15, 2.31),
           ("女", "30-50"): (29, 4.47), ("男", ">50"): (8, 1.23), ("女", ">50"): (11, 1.69)},
}
LEAVERS = {
    2023: {("男", "<30"): (0, 0.00), ("女", "<30"): (1, 0.15), ("男", "30-50"): (16, 2.47),
           ("女", "30-50"): (43, 6.64), ("男", ">50"): (8, 1.23), ("女", ">50"): (14, 2.16)},
    2024: {("男", "<30"): (1, 0.16), ("女", "<30"): (0, 0.00), ("男", "30-50"): (13, 2.02),
           ("女", "30-50"): (20, 3.10), ("男", ">50"): (10, 1.55), ("女", ">50"): (15, 2.33)},
    2025: {("男", "<30"): (1, 0.15), ("女", "<30"): (5, 0.77), ("男", "30-50"): (19, 2.93),
           ("女", "30-50"): (20, 3.08), ("男", ">50"): (10, 1.54), ("女", ">50"): (15, 2.31)},
}
# 合計新進人數, 合計離職人數 as printed under each year's table
STATED_TOTALS = {2023: (67, 82), 2024: (85, 59), 2025: (68, 70)}
HEADCOUNT = {2023: 648, 2024: 645, 2025: 649}  # 員工總人數
# 近三年高階主管組成統計, in the table's order
SENIOR_CELLS = [("男", "<30"), ("男", "30-50"), ("男", ">50"), ("女", "<30"), ("女", "30-50"), ("女", ">50")]
SENIOR = {2023: (0, 3, 13, 0, 2, 3), 2024: (0, 3, 12, 0, 1, 5), 2025: (0, 2, 10, 0, 1, 8)}
# 員工人數表 (2025 only): category -> (女, 男)
EMPLOYEE_TABLE = {"employees": (453, 196), "fixed_term": (4, 2), "permanent": (449, 194),
                  "guaranteed_hours": (453, 196), "non_guaranteed_hours": (0, 0),
                  "full_time": (453, 196), "part_time": (0, 0)}
PARENTAL_LEAVE_2025 = {"parental_leave_applied": 10, "parental_leave_returned": 9}  # 育兒友善
GID = {"女": "female", "男": "male"}
AID = {"<30": "under30", "30-50": "30to50", ">50": "over50"}


def _inputs(year: int) -> WorkforceInputs:
    folder = f"data/raw/{year}"
    flows = table([{"year": year, "flow": flow, "gender": g, "age_band": b, "count": n, "source": "3.3.2.1"}
                   for flow, cells in (("hire", HIRES[year]), ("leaver", LEAVERS[year]))
                   for (g, b), (n, _) in cells.items()], f"{folder}/workforce_flows.csv")
    senior = table([{"year": year, "gender": g, "age_band": b, "count": n, "source": "3.3.2.1"}
                    for (g, b), n in zip(SENIOR_CELLS, SENIOR[year])], f"{folder}/workforce_senior_management.csv")
    hires, leavers = STATED_TOTALS[year]
    stated = {"new_hires_total": hires, "leavers_total": leavers, "senior_managers_total": 21,  # 高階主管總計
              **(PARENTAL_LEAVE_2025 if year == 2025 else {})}
    counts = table([{"year": year, "item": k, "value": v, "unit": "人", "source": "3.3.2.1"}
                    for k, v in stated.items()], f"{folder}/workforce_counts.csv")
    headcount = None
    if year == 2025:
        headcount = table([{"year": year, "category": c, "gender": g, "count": n, "source": "3.3.2.1 員工人數表"}
                           for c, pair in EMPLOYEE_TABLE.items() for g, n in zip(("女", "男"), pair)],
                          f"{folder}/workforce_headcount.csv")
    employees = quantities(year, employees_year_end=HEADCOUNT[year]).get("employees_year_end")
    return WorkforceInputs(year, employees, headcount, flows, senior, counts, Vocabulary.from_files(ReferenceFiles()))


@pytest.fixture(scope="module")
def results():
    return run("workforce", {y: _inputs(y) for y in (2023, 2024, 2025)})


def test_hand_arithmetic_matches_the_printed_totals():
    # 合計 and 總新進率 / 總離職率 as printed, from the printed cell counts
    for year, (hires, leavers) in STATED_TOTALS.items():
        assert sum(n for n, _ in HIRES[year].values()) == hires
        assert sum(n for n, _ in LEAVERS[year].values()) == leavers
    assert round(67 / 648 * 100, 2) == 10.34 and round(82 / 648 * 100, 2) == 12.65
    assert round(85 / 645 * 100, 2) == 13.18 and round(59 / 645 * 100, 2) == 9.15
    assert round(68 / 649 * 100, 2) == 10.48 and round(70 / 649 * 100, 2) == 10.79


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_cell_rates_are_count_over_year_end_headcount(results, year):
    r = results[year]
    for flow, stem, cells in (("hires", "new_hire", HIRES[year]), ("leavers", "turnover", LEAVERS[year])):
        for (gender, band), (count, printed_rate) in cells.items():
            suffix = f"{GID[gender]}_{AID[band]}"
            assert r.value(f"{flow}_{suffix}") == count
            assert r.value(f"{stem}_rate_{suffix}_pct") == pytest.approx(count / HEADCOUNT[year] * 100)
            assert round(count / HEADCOUNT[year] * 100, 2) == printed_rate


def test_total_rates(results):
    assert results[2023].value("new_hire_rate_pct") == pytest.approx(67 / 648 * 100)
    assert results[2023].value("turnover_rate_pct") == pytest.approx(82 / 648 * 100)
    assert results[2024].value("turnover_rate_pct") == pytest.approx(59 / 645 * 100)
    assert results[2025].value("new_hire_rate_pct") == pytest.approx(68 / 649 * 100)
    assert results[2025].value("turnover_rate_pct") == pytest.approx(70 / 649 * 100)
    assert results[2025].value("new_hires_total") == 68
    assert results[2025].value("leavers_total") == 70


def test_new_hire_change_is_in_percentage_points(results):
    r = results[2025]
    pp = 85 / 645 * 100 - 68 / 649 * 100  # 13.178% − 10.478%
    assert round(pp, 1) == 2.7  # the report's 「較 2024 年下降 2.7%」
    assert r.value("new_hire_rate_decrease_pp") == pytest.approx(pp)
    relative = pp / (85 / 645 * 100) * 100
    assert round(relative, 2) == 20.49
    assert r.value("new_hire_rate_decrease_rel_pct") == pytest.approx(relative)
    # turnover rose 9.15% → 10.79%: the decrease is negative
    assert r.value("turnover_rate_decrease_pp") == pytest.approx(59 / 645 * 100 - 70 / 649 * 100)
    assert r.value("turnover_rate_decrease_pp") < 0
    assert results[2023].value("new_hire_rate_decrease_pp") is None  # no 2022 data
    assert "2022" in results[2023].metric("new_hire_rate_decrease_pp").missing_reason


def test_rate_tables_span_the_years_with_their_changes(results):
    totals = results[2025].tables["flow_totals"].set_index("year")
    assert list(totals.index) == [2023, 2024, 2025]  # two earlier years, as the chapter's history says
    # the tables' change is this year − last year
    assert totals.loc[2025, "new_hire_rate_change_pp"] == pytest.approx(68 / 649 * 100 - 85 / 645 * 100)
    assert totals.loc[2024, "turnover_rate_change_pp"] == pytest.approx(59 / 645 * 100 - 82 / 648 * 100)
    cells = results[2025].tables["flows"].set_index(["year", "flow", "gender", "age_band"])
    assert len(cells) == 3 * 2 * 2 * 3
    assert cells.loc[(2024, "hire", "女", "30-50"), "rate_pct"] == pytest.approx(31 / 645 * 100)
    # 女 30-50 leavers: 20 of 649 in 2025, 20 of 645 in 2024
    assert cells.loc[(2025, "leaver", "女", "30-50"), "rate_change_pp"] == pytest.approx((20 / 649 - 20 / 645) * 100)
    # 女 <30 leavers: none in 2024, so no relative change
    assert cells.loc[(2025, "leaver", "女", "<30"), "rate_change_pp"] == pytest.approx(5 / 649 * 100)
    assert pd.isna(cells.loc[(2025, "leaver", "女", "<30"), "rate_change_rel_pct"])


def test_headcount_identities_and_shares(results):
    r = results[2025]
    assert 4 + 449 == 453 and 453 + 0 == 453  # 女: B + C = D + E = F + G = A
    assert 2 + 194 == 196 and 196 + 0 == 196  # 男
    identities = r.tables["headcount_identities"]
    assert identities["holds"].all() and len(identities) == 9  # 3 identities × (女, 男, 合計)
    assert set(identities["identity"]) == {"A = B + C", "A = D + E", "A = F + G"}
    assert r.value("headcount_employees_total") == 453 + 196
    assert r.value("headcount_fixed_term_total") == 4 + 2
    assert r.value("headcount_permanent_total") == 449 + 194
    assert r.value("female_share_pct") == pytest.approx(453 / 649 * 100)
    assert r.value("male_share_pct") == pytest.approx(196 / 649 * 100)
    assert round(453 / 649 * 100, 1) == 69.8 and round(196 / 649 * 100, 1) == 30.2


def test_misprinted_footnotes_are_noted_for_2025(results):
    # the footnote's A = B + C + D + E would give 6 + 643 + 649 + 0 = 1,298, not 649
    assert 6 + 643 + 649 + 0 == 1298
    found = notes(2025, "workforce", {"workforce": results[2025]})
    assert any("B + C + D + E = 6 + 643 + 649 + 0 ≠ A = 649" in n for n in found)
    assert any("當年未營運據點總人數" in n for n in found)  # 年末 misprinted as 年未
    assert notes(2024, "workforce", {"workforce": results[2024]}) == []


def test_headcount_flow_is_an_audit_note(results):
    assert 648 + 85 - 59 == 674 and 645 + 68 - 70 == 643
    flow = results[2025].tables["headcount_flow"].set_index("year")
    assert flow.loc[2024, "expected_year_end"] == 674 and flow.loc[2024, "difference"] == 645 - 674
    assert flow.loc[2025, "expected_year_end"] == 643 and flow.loc[2025, "difference"] == 649 - 643
    assert results[2025].value("headcount_flow_difference") == 6
    assert results[2024].value("headcount_flow_difference") == -29
    assert any("674" in n and "645" in n for n in results[2025].notes)
    assert results[2023].value("headcount_flow_difference") is None  # no 2022 year end


def test_senior_management(results):
    r = results[2025]
    assert r.value("senior_managers_total") == 0 + 2 + 10 + 0 + 1 + 8 == 21
    assert r.value("senior_female_share_pct") == pytest.approx((0 + 1 + 8) / 21 * 100)
    assert r.value("senior_male_share_pct") == pytest.approx((0 + 2 + 10) / 21 * 100)
    assert r.value("senior_over50_share_pct") == pytest.approx((10 + 8) / 21 * 100)
    assert r.value("senior_under30_share_pct") == 0
    senior = r.tables["senior_management"]
    assert senior.groupby("year")["count"].sum().to_dict() == {2023: 21, 2024: 21, 2025: 21}
    assert results[2023].value("senior_female_share_pct") == pytest.approx((0 + 2 + 3) / 21 * 100)
    assert results[2024].value("senior_female_share_pct") == pytest.approx((0 + 1 + 5) / 21 * 100)
    # 69.8% of employees, 9 / 21 = 42.9% of senior managers
    assert any("69.8%" in n and "42.9%" in n for n in r.notes)


def test_parental_leave_return_rate_is_computed_not_printed(results):
    r = results[2025]
    assert r.value("parental_return_rate_pct") == pytest.approx(9 / 10 * 100)
    assert "not printed" in r.metric("parental_return_rate_pct").label
    assert r.value("parental_retention_rate_pct") is None
    assert r.metric("parental_retention_rate_pct").missing_reason


def test_2023_breakdown_is_not_reported_and_does_not_fail(results):
    r = results[2023]
    assert r.value("employees_year_end") == 648
    assert "headcount" not in r.tables and "headcount_identities" not in r.tables
    assert r.value("female_share_pct") is None
    assert "not reported" in r.metric("female_share_pct").missing_reason
    assert r.value("parental_return_rate_pct") is None
    assert "not reported" in r.metric("parental_return_rate_pct").missing_reason
    assert any("not reported" in note and "648" in note for note in r.notes)


def test_a_year_without_flows_or_senior_table_says_so():
    inputs = _inputs(2024)
    bare = WorkforceInputs(2024, inputs.employees, None, None, None, None, inputs.vocabulary)
    r = run("workforce", {2024: bare})[2024]
    for metric_id in ("new_hire_rate_pct", "turnover_rate_pct", "senior_managers_total"):
        assert r.value(metric_id) is None and "2024" in r.metric(metric_id).missing_reason
    assert "flows" not in r.tables and "senior_management" not in r.tables
    assert any("No new-hire or leaver data for 2024" in n for n in r.notes)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_printed_figure_reconciles(results, year):
    reconciliation = reconcile(results[year], printed(year, "workforce"))
    assert len(reconciliation) == {2023: 37, 2024: 37, 2025: 69}[year]
    assert not reconciliation["status"].isin([DIFFERS, NOT_CHECKABLE]).any()


# ---- bad input, through the chapter's load on a copy of the project --------------------------


def _load_error(project) -> str:
    with pytest.raises(InputError) as err:
        workforce.load(project, 2025)
    return str(err.value)


def test_unspoilt_copy_loads(project_copy):
    w = workforce.load(project_copy, 2025)
    assert w.employees.value == 649 and len(w.flows) == 12 and len(w.headcount) == 14 and len(w.senior) == 6
    assert w.count("parental_leave_applied")[0] == 10
    early = workforce.load(project_copy, 2023)
    assert early.headcount is None and early.count("parental_leave_applied") is None  # not published


def test_negative_count(project_copy):
    edit(project_copy.raw_dir(2025) / "workforce_flows.csv", "2025,hire,男,<30,3,", "2025,hire,男,<30,-3,")
    message = _load_error(project_copy)
    assert "data/raw/2025/workforce_flows.csv, row 2, column 'count'" in message
    assert "a whole number of at least 0" in message and "'-3'" in message


def test_non_whole_count(project_copy):
    edit(project_copy.raw_dir(2025) / "workforce_senior_management.csv", "2025,男,>50,10,", "2025,男,>50,10.5,")
    message = _load_error(project_copy)
    assert "workforce_senior_management.csv, row 4, column 'count'" in message
    assert "whole number" in message and "'10.5'" in message


def test_breakdown_that_does_not_add_up_to_its_total(project_copy):
    # 不定期契約 女 449 → 450: B + C = 454 ≠ A = 453
    edit(project_copy.raw_dir(2025) / "workforce_headcount.csv", "2025,permanent,女,449,", "2025,permanent,女,450,")
    message = _load_error(project_copy)
    assert "workforce_headcount.csv, row 2, column 'count'" in message
    assert "受雇員工數 Employees (A) = 定期契約員工 Fixed-term (B) + 不定期契約員工 Permanent (C)" in message
    assert "4 + 450 = 454" in message and "found '453'" in message


def test_flows_that_do_not_add_up_to_the_stated_total(project_copy):
    edit(project_copy.raw_dir(2025) / "workforce_flows.csv", "2025,leaver,女,30-50,20,", "2025,leaver,女,30-50,21,")
    message = _load_error(project_copy)
    assert "workforce_counts.csv, row 3, column 'value'" in message
    assert "(71) to equal the stated total 'leavers_total'" in message and "'70'" in message


def test_senior_managers_that_do_not_add_up_to_the_stated_total(project_copy):
    edit(project_copy.raw_dir(2025) / "workforce_counts.csv", "2025,senior_managers_total,21,",
         "2025,senior_managers_total,22,")
    message = _load_error(project_copy)
    assert "workforce_counts.csv, row 4, column 'value'" in message
    assert "(21) to equal the stated total 'senior_managers_total'" in message and "'22'" in message


def test_headcount_against_year_end_total(project_copy):
    # a consistent breakdown that no longer sums to quantities.csv's 649
    for category in ("employees", "permanent", "guaranteed_hours", "full_time"):
        old = 194 if category == "permanent" else 196
        edit(project_copy.raw_dir(2025) / "workforce_headcount.csv", f"2025,{category},男,{old},",
             f"2025,{category},男,{old + 1},")
    message = _load_error(project_copy)
    assert "workforce_headcount.csv, row 2, column 'count'" in message
    assert "employees_year_end" in message and "(649)" in message and "'650'" in message


def test_unknown_gender_and_age_band(project_copy):
    path = project_copy.raw_dir(2025) / "workforce_flows.csv"
    edit(path, "2025,hire,女,<30,2,", "2025,hire,F,<30,2,")
    edit(path, "2025,hire,男,30-50,15,", "2025,hire,男,30–50 歲,15,")
    message = _load_error(project_copy)
    assert "row 3, column 'gender': expected one of '女', '男', found 'F'" in message
    assert "row 4, column 'age_band': expected one of '<30', '30-50', '>50', found '30–50 歲'" in message


def test_missing_cell(project_copy):
    path = project_copy.raw_dir(2025) / "workforce_senior_management.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if ",女,>50," not in line) + "\n", encoding="utf-8")
    message = _load_error(project_copy)
    assert "workforce_senior_management.csv, column 'gender'" in message
    assert "a row for gender '女', age_band '>50'" in message


def test_all_problems_are_reported_together(project_copy):
    edit(project_copy.raw_dir(2025) / "workforce_flows.csv", "2025,hire,男,<30,3,", "2025,hire,男,<30,-3,")
    edit(project_copy.raw_dir(2025) / "workforce_headcount.csv", "2025,fixed_term,女,4,", "2025,fixed_term,女,5,")
    with pytest.raises(InputError) as err:
        workforce.load(project_copy, 2025)
    files = {p.file.rsplit("/", 1)[-1] for p in err.value.problems}
    assert {"workforce_flows.csv", "workforce_headcount.csv"} <= files
