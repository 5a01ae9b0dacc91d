"""Workforce chapter: every expectation is worked out by hand from the figures the
report prints in 3.3.2.1, not copied from the chapter's output."""

from __future__ import annotations


import pytest

from sustainability_appendix.chapters import workforce
from sustainability_appendix.errors import InputError
from conftest import edit
from sustainability_appendix.review.reconcile import DIFFERS, NOT_CHECKABLE, reconcile

# Report 3.3.2.1, 近三年員工新進率統計表 / 離職率統計表: (count, printed rate) per cell.
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
HEADCOUNT = {2023: 648, 2024: 645, 2025: 649}
GID = {"女": "female", "男": "male"}
AID = {"<30": "under30", "30-50": "30to50", ">50": "over50"}


@pytest.fixture(scope="module")
def results():
    return {y: workforce.compute(y) for y in (2023, 2024, 2025)}


def test_hand_arithmetic_matches_the_printed_totals():
    # 總新進率 and 總離職率 as printed, from the printed counts
    assert 4 + 9 + 8 + 34 + 2 + 10 == 67 and round(67 / 648 * 100, 2) == 10.34
    assert 7 + 13 + 18 + 31 + 9 + 7 == 85 and round(85 / 645 * 100, 2) == 13.18
    assert 3 + 2 + 15 + 29 + 8 + 11 == 68 and round(68 / 649 * 100, 2) == 10.48
    assert 0 + 1 + 16 + 43 + 8 + 14 == 82 and round(82 / 648 * 100, 2) == 12.65
    assert 1 + 0 + 13 + 20 + 10 + 15 == 59 and round(59 / 645 * 100, 2) == 9.15
    assert 1 + 5 + 19 + 20 + 10 + 15 == 70 and round(70 / 649 * 100, 2) == 10.79


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_cell_rates_are_count_over_year_end_headcount(results, year):
    r = results[year]
    for flow, stem, cells in (("hires", "new_hire", HIRES[year]), ("leavers", "turnover", LEAVERS[year])):
        for (gender, band), (count, printed) in cells.items():
            suffix = f"{GID[gender]}_{AID[band]}"
            assert r.value(f"{flow}_{suffix}") == count
            assert r.value(f"{stem}_rate_{suffix}_pct") == pytest.approx(count / HEADCOUNT[year] * 100)
            assert round(count / HEADCOUNT[year] * 100, 2) == printed


def test_total_rates(results):
    assert results[2023].value("new_hire_rate_pct") == pytest.approx(67 / 648 * 100)
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


def test_headcount_identities_and_shares(results):
    r = results[2025]
    assert 4 + 449 == 453 and 453 + 0 == 453  # 女: B + C = D + E = F + G = A
    assert 2 + 194 == 196 and 196 + 0 == 196  # 男
    identities = r.tables["headcount_identities"]
    assert identities["holds"].all() and len(identities) == 9  # 3 identities × (女, 男, 合計)
    assert r.value("headcount_fixed_term_total") == 4 + 2
    assert r.value("headcount_permanent_total") == 449 + 194
    assert r.value("female_share_pct") == pytest.approx(453 / 649 * 100)
    assert round(453 / 649 * 100, 1) == 69.8 and round(196 / 649 * 100, 1) == 30.2
    # the report's footnote A = B + C + D + E would give 6 + 643 + 649 + 0 = 1,298, not 649
    assert any("1,298" in note for note in r.notes)


def test_headcount_flow_is_an_audit_note(results):
    assert 648 + 85 - 59 == 674 and 645 + 68 - 70 == 643
    flow = results[2025].tables["headcount_flow"].set_index("year")
    assert flow.loc[2024, "expected_year_end"] == 674 and flow.loc[2024, "difference"] == 645 - 674
    assert flow.loc[2025, "expected_year_end"] == 643 and flow.loc[2025, "difference"] == 649 - 643
    assert results[2025].value("headcount_flow_difference") == 6
    assert any("674" in n and "645" in n for n in results[2025].notes)


def test_senior_management(results):
    r = results[2025]
    assert r.value("senior_managers_total") == 0 + 2 + 10 + 0 + 1 + 8 == 21
    assert r.value("senior_female_share_pct") == pytest.approx((0 + 1 + 8) / 21 * 100)
    assert r.value("senior_over50_share_pct") == pytest.approx((10 + 8) / 21 * 100)
    senior = r.tables["senior_management"]
    assert senior.groupby("year")["count"].sum().to_dict() == {2023: 21, 2024: 21, 2025: 21}
    assert results[2023].value("senior_female_share_pct") == pytest.approx((0 + 2 + 3) / 21 * 100)


def test_parental_leave_return_rate_is_computed_not_printed(results):
    r = results[2025]
    assert r.value("parental_return_rate_pct") == pytest.approx(9 / 10 * 100)
    assert "not printed" in r.metric("parental_return_rate_pct").label
    assert r.value("parental_retention_rate_pct") is None
    assert r.metric("parental_retention_rate_pct").missing_reason


def test_2023_breakdown_is_not_reported_and_does_not_fail(results):
    r = results[2023]
    assert r.value("employees_year_end") == 648
    assert "headcount" not in r.tables
    assert r.value("female_share_pct") is None
    assert "not reported" in r.metric("female_share_pct").missing_reason
    assert r.value("parental_return_rate_pct") is None
    assert any("not reported" in note and "648" in note for note in r.notes)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_printed_figure_reconciles(results, year):
    reconciliation = reconcile(results[year])
    assert not reconciliation.empty
    assert not reconciliation["status"].isin([DIFFERS, NOT_CHECKABLE]).any()


# ---- bad input -------------------------------------------------------------------------------



def test_unspoilt_copy_loads(folder):
    w = workforce.load_workforce(2025, folder)
    assert w.employees.value == 649 and len(w.flows) == 12


def test_negative_count(folder):
    edit(folder / "workforce_flows.csv", "2025,hire,男,<30,3,", "2025,hire,男,<30,-3,")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    message = str(err.value)
    assert "workforce_flows.csv" in message and "row 2" in message and "column 'count'" in message
    assert "a whole number of at least 0" in message and "'-3'" in message


def test_non_whole_count(folder):
    edit(folder / "workforce_senior_management.csv", "2025,男,>50,10,", "2025,男,>50,10.5,")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    message = str(err.value)
    assert "workforce_senior_management.csv" in message and "row 4" in message
    assert "column 'count'" in message and "whole number" in message


def test_breakdown_that_does_not_add_up_to_its_total(folder):
    # 不定期契約 女 449 → 450: B + C = 454 ≠ A = 453
    edit(folder / "workforce_headcount.csv", "2025,permanent,女,449,", "2025,permanent,女,450,")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    message = str(err.value)
    assert "workforce_headcount.csv" in message and "row 2" in message and "column 'count'" in message
    assert "受雇員工數 (A) = 定期契約員工 Fixed-term (B) + 不定期契約員工 Permanent (C)" in message
    assert "4 + 450 = 454" in message


def test_flows_that_do_not_add_up_to_the_stated_total(folder):
    edit(folder / "workforce_flows.csv", "2025,leaver,女,30-50,20,", "2025,leaver,女,30-50,21,")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    message = str(err.value)
    assert "workforce_counts.csv" in message and "row 3" in message and "column 'value'" in message
    assert "(71) to equal the stated total 'leavers_total'" in message and "'70'" in message


def test_headcount_against_year_end_total(folder):
    # a consistent breakdown that no longer sums to quantities.csv's 649
    for category in ("employees", "permanent", "guaranteed_hours", "full_time"):
        edit(folder / "workforce_headcount.csv", f"2025,{category},男,{194 if category == 'permanent' else 196},",
             f"2025,{category},男,{195 if category == 'permanent' else 197},")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    message = str(err.value)
    assert "employees_year_end" in message and "(649)" in message and "'650'" in message


def test_unknown_gender_and_age_band(folder):
    edit(folder / "workforce_flows.csv", "2025,hire,女,<30,2,", "2025,hire,F,<30,2,")
    edit(folder / "workforce_flows.csv", "2025,hire,男,30-50,15,", "2025,hire,男,30–50 歲,15,")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    message = str(err.value)
    assert "row 3, column 'gender': expected one of '女', '男', found 'F'" in message
    assert "row 4, column 'age_band': expected one of '<30', '30-50', '>50', found '30–50 歲'" in message


def test_missing_cell(folder):
    path = folder / "workforce_senior_management.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if ",女,>50," not in line) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    assert "a row for gender '女', age_band '>50'" in str(err.value)


def test_all_problems_are_reported_together(folder):
    edit(folder / "workforce_flows.csv", "2025,hire,男,<30,3,", "2025,hire,男,<30,-3,")
    edit(folder / "workforce_headcount.csv", "2025,fixed_term,女,4,", "2025,fixed_term,女,5,")
    with pytest.raises(InputError) as err:
        workforce.load_workforce(2025, folder)
    files = {p.file.rsplit("/", 1)[-1] for p in err.value.problems}
    assert {"workforce_flows.csv", "workforce_headcount.csv"} <= files
