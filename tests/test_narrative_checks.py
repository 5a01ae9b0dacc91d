"""The audit checks that read more than tables, against numbers worked out by hand from the
report: targets against their baseline and what was achieved, claims of direction and size,
totals and counts quoted in the text, the GHG inventory against its activity data, other
quantities for figures that do not reproduce, and the GRI index against what answers it.
Each check is generic over years and declared as data; each reports only where it has data.

The repository's data is reviewed through one computation made once for the module (read
only); spoilt inputs are made in a throw-away copy. No notebook is executed."""

from __future__ import annotations

import pytest
from conftest import edit, finding
from memory import table

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.inputs.validate import check_year
from sustainability_appendix.review import audit
from sustainability_appendix.review.audit.activity import check_activity
from sustainability_appendix.review.audit.alternatives import check_alternatives
from sustainability_appendix.review.audit.claims import check_claims, check_quoted, reference_problems
from sustainability_appendix.review.audit.declarations import ClaimWords, Declarations
from sustainability_appendix.review.audit.gri_content import check_claimed_without_content, check_unanswerable_tags
from sustainability_appendix.review.audit.targets import check_targets
from sustainability_appendix.review.results import YearResults

CLAIM_COLUMNS = ["claim_id", "section", "text", "claim", "strength", "figure", "previous", "printed", "unit", "basis",
                 "note"]




def _claims(*rows: tuple) -> object:
    return table([dict(zip(CLAIM_COLUMNS, (*row, "") if len(row) == 10 else row)) for row in rows],
                 "data/printed/2025/claims.csv")


# --- targets ----------------------------------------------------------------------------------------------
def test_a_target_below_what_is_already_achieved_is_flagged(computation):
    findings = check_targets(YearResults(computation, 2025))
    guidance = finding(findings, "mt2_compliance_guidance_2026")
    # 2.5.3: 法遵輔導達 1,260 場 in 2026, while 1,338 場次 were held in 2025 (1,338 ÷ 1,260 = 106.2%)
    assert guidance.status == audit.FLAG
    assert "≥ 1,260 場 / 年 (2026)" in guidance.numbers and "1,338 場 (2025)" in guidance.numbers
    assert "106.2%" in guidance.numbers and "asks for no more than the 1,338 場" in guidance.detail
    inspections = finding(findings, "mt4_supervisory_inspections_2027_2029")  # 19,000 against 20,762 in 2025
    assert inspections.status == audit.FLAG and "20,762" in inspections.detail
    forums = finding(findings, "mt1_employer_forums_2026")  # 2 場 in 2026, as many as in 2025
    assert "等於 2025 年已達成之 2 場" in forums.detail
    assert "training.employer_forum_sessions = 2 場" in forums.numbers  # the achieved value's metric


def test_a_target_with_no_baseline_is_flagged_and_says_why(computation):
    findings = check_targets(YearResults(computation, 2025))
    fairs = finding(findings, "mt3_job_fairs_2027_2029")  # 250 場 against 242 in 2025: only no baseline
    assert fairs.status == audit.FLAG and "96.8%" in fairs.numbers
    assert "states no baseline" in fairs.detail and "asks for no more" not in fairs.detail
    assert "names 2025 as the baseline but prints no value" in finding(
        findings, "mt6_electricity_efficiency_2026").detail  # 較 2025 年提升 1%, 用電效率 undefined
    assert "has not come yet" in finding(findings, "mt6_electricity_efficiency_2029").detail  # 較 2026 年
    # 3.1.1: at least 1 new workshop a year 2024–2028; 2023 printed as "-"; 1 in 2025
    assert finding(findings, "sheltered_workshops_net_zero_yearly").status == audit.PASS
    qualitative = finding(findings, "qualitative")
    assert qualitative.status == audit.NOT_APPLICABLE and qualitative.numbers.startswith("14 項")
    assert check_targets(YearResults(computation, 2024)) == []  # no targets transcribed: no finding


def test_an_achieved_value_that_disagrees_with_its_metric_is_flagged(project_copy):
    edit(project_copy.raw_dir(2025) / "targets.csv", "2025,87,training.vocational_classes_total",
         "2025,88,training.vocational_classes_total")
    data = YearResults(Computation(project_copy, chapters=(chapter("training"), chapter("targets"))), 2025)
    found = finding(check_targets(data), "mt3_vocational_classes_2027_2029")
    # 16 + 36 + 35 = 87 classes in 2025, not the 88 transcribed
    assert found.status == audit.FLAG and "training.vocational_classes_total = 87 班" in found.numbers
    assert "differs from the appendix's metric" in found.detail


# --- claims of direction and size ---------------------------------------------------------------------------
def test_claims_of_the_2025_report_against_the_numbers(computation, declarations):
    findings = check_claims(YearResults(computation, 2025), declarations)
    # (2,356,270 − 1,908,301) ÷ 2,356,270 = 19.01%: the ESG page and 3.1.2 both reproduce
    assert finding(findings, "esg-electricity").status == audit.PASS
    assert "relative -19.01%" in finding(findings, "electricity-kwh").numbers
    # 新進率 13.18% → 10.48%: −20.49% relative, the printed "下降 2.7%" is 2.70 percentage points
    hires = finding(findings, "new-hire-rate")
    assert hires.status == audit.FLAG and "-20.49%" in hires.numbers and "-2.70 百分點" in hires.numbers
    assert "reproduces as percentage points" in hires.detail
    # 離職率 9.15% → 10.79%: +17.91% relative is not "並未出現明顯變化" (stable within ±5%)
    turnover = finding(findings, "turnover-rate")
    assert turnover.status == audit.FLAG and "+17.91%" in turnover.detail and "(-5%, +5%)" in turnover.numbers
    # 用水量減少 19.32%: withdrawal 25.11 → 20.22 ML is 19.47%; consumption 5.02 → 4.05 ML is 19.32%
    water = finding(findings, "esg-water")
    assert water.status == audit.FLAG and "19.4743" in water.detail
    assert "reproduces on water.consumption_ml" in water.detail and "5.02 → 4.05 = -19.3227" in water.numbers
    # gasoline 26,499.47 → 26,547.00 L: +0.18%, not a reduction
    assert "+0.18%" in finding(findings, "gasoline-use").detail
    assert finding(findings, "headcount-stable").status == audit.PASS  # 645 → 649: +0.62%
    assert "-19.51%" in finding(findings, "electricity-efficiency").numbers  # 13.15 → 10.59 GJ/人, markedly
    assert check_claims(YearResults(computation, 2024), declarations) == []  # no claims transcribed for 2024


def test_the_words_of_a_claim_are_declared_as_data(computation, declarations):
    data = YearResults(computation, 2025)
    claims = _claims(("c1", "3.1.2", "用電量明顯下降", "decrease", "marked", "energy.electricity_kwh", "", "", "", ""),
                     ("c2", "3.1.2", "用電量持平", "stable", "", "energy.electricity_kwh", "", "", "", ""))
    strict = Declarations((), (), (), (), (), claim_words=(
        ClaimWords("decrease", "marked", None, -20.0, "大幅下降"), ClaimWords("stable", "", -25.0, 25.0, "持平")))
    found = {f.check_id: f.status for f in check_claims(data, strict, claims)}
    assert found == {"c1": audit.FLAG, "c2": audit.PASS}  # −19.01% is not below −20%, but within ±25%
    assert {f.status for f in check_claims(data, declarations, claims)} == {audit.PASS, audit.FLAG}


# --- totals and counts quoted in the text -------------------------------------------------------------------
def test_totals_and_counts_quoted_in_the_text(computation):
    findings = check_quoted(YearResults(computation, 2025))
    classes = finding(findings, "vocational-classes")  # 16 + 36 + 35 = 87 班
    assert classes.status == audit.PASS and "= 87" in classes.numbers and "→ [85.5, 88.5]" in classes.numbers
    trained = finding(findings, "esg-trained")  # 282 + 2,628 + 1,024 + 1,021 = 4,955 人
    assert trained.status == audit.PASS and "2,628 (2.5.3 管理方針 多元就業推動 績效" in trained.numbers
    assert finding(findings, "disability-trainees").status == audit.PASS  # 202 + 55 = 257, printed in 3.3.2.4
    groups = finding(findings, "stakeholder-groups")  # 共 8 項利害關係人: the 8 rows of 2.4.1's list
    assert groups.status == audit.PASS and "8 列 rows" in groups.numbers and "S8" in groups.numbers
    assert finding(findings, "stakeholder-attributes").status == audit.PASS  # 五大面向


def test_a_quoted_total_or_count_that_disagrees_is_flagged(computation):
    claims = _claims(
        ("t1", "2.4.2", "共計 88 班", "total", "", "training.industry_pretraining_classes + "
         "training.unemployed_training_classes + training.care_worker_training_classes", "", "88", "班", ""),
        ("k1", "2.4.1", "共 9 項利害關係人", "count", "", "rows:materiality_stakeholders", "", "9", "項", ""),
        ("k2", "2.4.1", "4 項", "count", "", "rows:materiality_vocabulary[vocabulary=attribute]", "", "4", "項", ""))
    found = {f.check_id: f for f in check_quoted(YearResults(computation, 2025), claims)}
    assert found["t1"].status == audit.FLAG and "not the sum of its parts" in found["t1"].detail
    assert found["k1"].status == audit.FLAG and "9" in found["k1"].detail and "8 列" in found["k1"].numbers
    assert found["k2"].status == audit.FLAG and "5 列" in found["k2"].numbers


# --- the inventory against its activity data ----------------------------------------------------------------
def test_the_inventory_against_the_fuel_and_electricity(computation, declarations):
    findings = check_activity(YearResults(computation, 2025), declarations)
    # base year 2024: 26,499.47 L × 7,609 kcal/L × 4.1868e-6 GJ/kcal = 844.2032 GJ × 69,300 kg/TJ = 58.50 t CO2;
    # × 560 ÷ 645 employees = 50.79 t against the inventory's 1,096.7893 + 48.5230 = 1,145.3123 t
    scope1 = finding(findings, "ghg-scope1-fuel")
    assert scope1.status == audit.FLAG
    for number in ("844.2032 GJ", "58.50 tCO2e", "50.79 tCO2e", "1,145.3123", "+1,094.52 tCO2e"):
        assert number in scope1.numbers, number
    # 2,356,270 kWh × 0.474 = 1,116.87 t; × 560 ÷ 645 = 969.69 t against 357.9648 + 236.3449 = 594.3097 t
    scope2 = finding(findings, "ghg-scope2-electricity-activity")
    assert scope2.status == audit.FLAG
    for number in ("1,116.87 tCO2e", "969.69 tCO2e", "594.3097", "-375.38 tCO2e (-38.7%)"):
        assert number in scope2.numbers, number
    assert check_activity(YearResults(computation, 2023), declarations) == []  # no inventory, no base year


# --- other quantities for a figure that does not reproduce ---------------------------------------------------
def test_a_change_that_differs_is_tried_on_the_other_quantities_of_its_table(computation, declarations):
    found = finding(check_alternatives(YearResults(computation, 2025), declarations), "water.withdrawal_reduction_pct:19.32%")
    # withdrawal 25.11 → 20.22 is 19.47%; discharge 20.09 → 16.17 is 19.51%; consumption 5.02 → 4.05 is 19.32%
    assert found.status == audit.INFO
    assert "19.4743 → 19.47" in found.numbers and "19.5122 → 19.51" in found.numbers
    assert "19.3227 → 19.32 ✓" in found.numbers and "reproduces on: 耗水量" in found.detail
    earlier = finding(check_alternatives(YearResults(computation, 2024), declarations),
                       "water.withdrawal_reduction_pct:-18.12%")
    assert "-18.1176 → -18.12 ✓" in earlier.numbers  # consumption 4.25 → 5.02


def test_a_rate_that_no_denominator_reproduces_is_flagged(computation, declarations):
    found = finding(check_alternatives(YearResults(computation, 2025), declarations),
                     "training.disability_employment_rate_pct:72.4%")
    # 126 employed ÷ 167 completers = 75.4%; ÷ 202 trainees = 62.4%; ÷ 257 = 49.0%; ÷ (167 + 55) = 56.8%
    assert found.status == audit.FLAG
    for number in ("75.4491 → 75.4", "62.3762 → 62.4", "49.0272 → 49.0", "56.7568 → 56.8"):
        assert number in found.numbers, number
    assert "2.4.2" in found.numbers and "3.3.2.4" in found.numbers  # both printed copies
    assert not any(f.check_id.startswith("energy.") for f in check_alternatives(YearResults(computation, 2025),
                                                                                 declarations))  # they reproduce


# --- the GRI index ------------------------------------------------------------------------------------------
def test_a_metric_tagged_to_a_disclosure_it_cannot_answer(computation, declarations):
    findings = check_unanswerable_tags(YearResults(computation, 2025), declarations)
    procurement = finding(findings, "tag:204-1")  # 666 件 of green purchases is not a share of spending
    assert procurement.status == audit.FLAG and "resources.green_procurement_items (件)" in procurement.numbers
    assert "training.staff_infosec_training_sessions (場)" in finding(findings, "tag:404-1").numbers
    assert {f.check_id for f in findings} == {"tag:204-1", "tag:404-1"}


def test_a_disclosure_the_index_claims_with_no_content(computation, declarations):
    findings = check_claimed_without_content(YearResults(computation, 2025), declarations)
    for code in ("305-3", "302-2", "306-3", "204-1", "402-1"):  # cited in 3.1.2 or 3.3.2.1, nothing answers them
        assert finding(findings, f"content:{code}").status == audit.FLAG, code
    # 3.3.2.3 (p. 62) prints inspection and injury counts but no incidents of discrimination
    assert finding(findings, "content:406-1").status == audit.FLAG
    assert finding(findings, "content:302-1").status == audit.PASS
    assert finding(findings, "content:305-4").status == audit.PASS  # 3.11 t/人, printed for 2024
    # 3.3.3.1 prints three ethics offices and 100% coverage (205-1) but, of privacy, only fines of 0 元 (418-1
    # asks for complaints, 件); 3.3.3.3 prints the budget table (201-1) and a grant (201-4)
    assert finding(findings, "content:205-1").status == audit.PASS
    assert finding(findings, "content:418-1").status == audit.FLAG
    assert finding(findings, "content:201-1").status == audit.PASS
    assert finding(findings, "content:201-4").status == audit.PASS
    assert not [f for f in findings if f.check_id == "content:not-transcribed"]  # every cited section is held
    assert check_claimed_without_content(YearResults(computation, 2024), declarations) == []  # not 2024's own index


def test_every_new_check_has_a_label_and_runs_on_every_year(computation):
    for year in (2023, 2024, 2025):
        for f in audit.run_checks(YearResults(computation, year)):
            assert f.check in audit.CHECK_LABELS
    checks = {f.check for f in audit.run_checks(YearResults(computation, 2025))}
    assert {"target", "claim", "quoted", "activity", "alternative", "gri_content"} <= checks


# --- bad input: a claim or a target naming a figure the appendix does not have ------------------------------
def test_a_claim_naming_a_metric_that_does_not_exist_is_refused(project_copy):
    edit(project_copy.printed_dir(2025) / "claims.csv", ",decrease,,energy.electricity_kwh,,19.01%",
         ",decrease,,energy.electricity_kwhs,,19.01%")
    edit(project_copy.printed_dir(2025) / "claims.csv", "rows:materiality_stakeholders", "rows:stakeholders")
    edit(project_copy.raw_dir(2025) / "targets.csv", "training.job_fairs_sessions", "training.job_fair_sessions")
    problems = [str(p) for p in reference_problems(Computation(project_copy), 2025)]
    assert problems == [
        "data/printed/2025/claims.csv, row 2, column 'figure': expected a figure the appendix has: a metric "
        "chapter 'energy' computes for 2025 (no 'electricity_kwhs'), found 'energy.electricity_kwhs'",
        "data/printed/2025/claims.csv, row 19, column 'figure': expected a figure the appendix has: an input file "
        "of the registry (no file 'stakeholders'), found 'rows:stakeholders'",
        "data/raw/2025/targets.csv, row 16, column 'achieved_metric': expected a figure the appendix has: a metric "
        "chapter 'training' computes for 2025 (no 'job_fair_sessions'), found 'training.job_fair_sessions'"]
    problems, _ = check_year(Computation(project_copy), 2025)  # and validation lists them with the rest
    assert len([p for p in problems if p.column in ("figure", "achieved_metric")]) == 3


def test_a_malformed_claim_is_refused_by_row_and_column(project_copy):
    path = project_copy.printed_dir(2025) / "claims.csv"
    edit(path, "19.01%,%,relative_pct,\nelectricity-kwh", "19.01%,%,,\nelectricity-kwh")  # row 2: a size, no basis
    edit(path, "stable,,workforce.turnover_rate_pct,", "stable,,workforce.turnover_rate_pct * 100,")  # row 12
    edit(path, ",,87,班,,", ",,,班,,")  # row 13: a total that prints nothing
    edit(path, ",,8,項,,", ",,8,項,relative_pct,")  # row 19: a count with a basis
    edit(path, ",decrease,,water.withdrawal_ml,", ",decrease,,water.withdrawal_ml <b>用水</b>,")  # row 6: garbled
    with pytest.raises(InputError) as err:
        InputStore(project_copy).table("printed", "claims", 2025)
    assert [str(p) for p in err.value.problems] == [
        "data/printed/2025/claims.csv, row 2, column 'basis': expected relative_pct, percentage_points or absolute "
        "for the size of a change, found 'an empty cell'",
        "data/printed/2025/claims.csv, row 6, column 'figure': expected a figure (chapter.metric) or an expression "
        "of figures joined by + - * / ( ), found 'water.withdrawal_ml <b>用水</b>'",
        "data/printed/2025/claims.csv, row 12, column 'previous': expected the figure a direction is measured "
        "from, when figure is not one figure of the year (otherwise figure@prev), found 'an empty cell'",
        "data/printed/2025/claims.csv, row 13, column 'printed': expected the total the sentence quotes, found "
        "'an empty cell'",
        "data/printed/2025/claims.csv, row 19, column 'basis': expected blank for a count (it applies to a "
        "change), found 'relative_pct'"]
