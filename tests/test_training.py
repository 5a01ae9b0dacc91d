"""Training chapter, in memory, against values worked out by hand from the report.

Programme figures are typed from 2.4.2, 2.5.3, 3.1.1, 3.2 and 3.3.2.4 (活動一覽); the
staff training hours from 2.4.2 (員工). The reconciliation of every printed figure
uses the repository's data as a whole; spoilt input files are refused through the
chapter's own ``load`` on a copy of the project.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import edit
from memory import ROOT, ReferenceFiles, notes, quantities, reference, run, table

from sustainability_appendix.chapters import chapter, training
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.chapters.training import Catalogue, TrainingInputs
from sustainability_appendix.errors import InputError
from sustainability_appendix.project import Project
from sustainability_appendix.review import audit
from sustainability_appendix.review.audit.declarations import Declarations
from sustainability_appendix.review.reconcile import DIFFERS, INPUT, NOT_CHECKABLE, REPRODUCES, reconcile
from sustainability_appendix.review.results import YearResults

# (programme, measure, value) as the report prints them
PROGRAMMES = {
    2023: [("ai_green_course", "sessions", 0), ("ai_green_course", "participants", 0)],  # 3.1.1 「無辦理」
    2024: [("ai_green_course", "sessions", 19), ("ai_green_course", "participants", 1123)],
    2025: [
        ("industry_pretraining", "classes", 16), ("industry_pretraining", "participants", 282),
        ("unemployed_training", "classes", 36), ("unemployed_training", "participants", 1024),
        ("unemployed_training", "budget_twd", 36_000_000),
        ("care_worker_training", "classes", 35), ("care_worker_training", "participants", 1021),
        ("disability_unemployed", "classes", 20), ("disability_unemployed", "participants", 202),
        ("disability_unemployed", "completers", 167), ("disability_unemployed", "employed", 126),
        ("disability_in_service", "classes", 5), ("disability_in_service", "participants", 55),
        ("disability_in_service", "completers", 55),
        ("disability_training", "budget_twd", 23_284_249),
        ("skills_certification", "sessions", 29), ("skills_certification", "participants", 2628),
        ("labour_university", "classes", 512), ("labour_university", "participants", 6696),
        ("labour_university", "budget_twd", 6_099_000),
        ("union_education", "sessions", 27), ("union_education", "attendances", 1900),
        ("union_education", "subsidy_twd", 3_393_000),
        ("ai_green_course", "sessions", 24), ("ai_green_course", "participants", 1588),
        ("startup_workshop", "sessions", 20), ("startup_workshop", "participants", 451),
        ("workplace_visit", "sessions", 8), ("workplace_visit", "participants", 191),
        ("mentor_talk", "sessions", 1), ("mentor_talk", "participants", 166),
        ("safety_net", "cases", 363), ("safety_net", "employed", 240),
        ("targeted_groups", "sessions", 94), ("targeted_groups", "attendances", 2098),
        ("targeted_groups", "budget_twd", 6_600_000),
        ("youth_programme", "sessions", 25), ("youth_programme", "attendances", 532),
        ("youth_programme", "budget_twd", 1_263_000),
    ],
}
STAFF = {2023: 648, 2024: 645, 2025: 649}
STAFF_TRAINING_HOURS_2025 = 18_781  # 2.4.2: 1 萬 8,781 小時
CATALOGUE = Catalogue.from_files(ReferenceFiles())
# printed rates whose inputs the report does not publish: no metric computes them
UNPUBLISHED_RATES = ("vocational_employment_rate_pct", "job_seeker_employment_rate_pct",
                     "job_fair_matching_rate_pct", "semiconductor_matching_rate_pct")


def _programmes(year: int, rows) -> pd.DataFrame:
    units = dict(zip(reference("training_measures")["measure"], reference("training_measures")["unit"]))
    return table([{"year": year, "programme": p, "measure": m, "value": float(v), "unit": units[m], "source": "report"}
                  for p, m, v in rows], f"data/raw/{year}/training_programmes.csv")


def _inputs(year: int, rows=None) -> TrainingInputs:
    hours = {"employee_training_hours": STAFF_TRAINING_HOURS_2025} if year == 2025 else {}
    return TrainingInputs(year, _programmes(year, PROGRAMMES[year] if rows is None else rows),
                          quantities(year, employees_year_end=STAFF[year], **hours), CATALOGUE)


@pytest.fixture(scope="module")
def results():
    return run("training", {y: _inputs(y) for y in (2023, 2024, 2025)})


def test_average_training_hours_per_employee(results):
    r = results[2025]
    assert round(18781 / 649, 2) == 28.94
    assert r.value("avg_training_hours_per_employee") == pytest.approx(18781 / 649)
    assert "not printed" in r.metric("avg_training_hours_per_employee").label
    assert r.metric("avg_training_hours_per_employee").gri == "404-1"


def test_vocational_totals(results):
    r = results[2025]
    assert r.value("vocational_classes_total") == 16 + 36 + 35 == 87
    assert r.value("vocational_participants_total") == 282 + 1024 + 1021 == 2327
    assert r.value("commissioned_vocational_classes") == 36 + 35 == 71
    assert r.value("training_people_esg_total") == 282 + 2628 + 1024 + 1021 == 4955
    assert r.value("entrepreneurship_participants_total") == 451 + 191 + 166 == 808
    assert r.value("entrepreneurship_sessions_total") == 20 + 8 + 1
    vocational = r.tables["vocational"].set_index("programme")
    assert list(vocational.index) == ["industry_pretraining", "unemployed_training", "care_worker_training"]
    assert vocational["classes"].sum() == 87


def test_disability_training(results):
    r = results[2025]
    assert r.value("disability_classes_total") == 20 + 5 == 25
    assert r.value("disability_participants_total") == 202 + 55 == 257
    assert r.value("disability_completers_total") == 167 + 55 == 222
    assert r.value("disability_employment_rate_pct") == pytest.approx(126 / 167 * 100)
    assert r.value("disability_employment_rate_per_trainee_pct") == pytest.approx(126 / 202 * 100)
    assert r.value("disability_completion_rate_pct") == pytest.approx(167 / 202 * 100)
    # neither denominator the report publishes gives its 72.4%
    assert round(126 / 167 * 100, 1) == 75.4 and round(126 / 202 * 100, 1) == 62.4
    assert any("75.4%" in n and "62.4%" in n for n in r.notes)
    classes = r.tables["disability"].set_index("programme")
    assert classes.loc["disability_in_service", "completion_rate_pct"] == pytest.approx(55 / 55 * 100)
    assert classes.loc["disability_unemployed", "employment_rate_pct"] == pytest.approx(126 / 167 * 100)


def test_employment_service_rates(results):
    r = results[2025]
    assert round(240 / 363 * 100, 1) == 66.1
    assert r.value("safety_net_employment_rate_pct") == pytest.approx(240 / 363 * 100)
    assert r.value("ai_green_course_participants_change_pct") == pytest.approx((1588 - 1123) / 1123 * 100)
    for metric_id in UNPUBLISHED_RATES:  # no inputs published: no metric at all
        assert r.find(metric_id) is None


def test_cost_per_person(results):
    costs = results[2025].tables["costs"].set_index("programme")
    assert costs.loc["unemployed_training", "twd_per_person"] == pytest.approx(36_000_000 / 1024)
    assert costs.loc["disability_training", "twd_per_person"] == pytest.approx(23_284_249 / (202 + 55))
    assert costs.loc["labour_university", "twd_per_person"] == pytest.approx(6_099_000 / 6696)
    assert costs.loc["targeted_groups", "twd_per_person"] == pytest.approx(6_600_000 / 2098)
    assert costs.loc["youth_programme", "twd_per_person"] == pytest.approx(1_263_000 / 532)
    # union education: a subsidy granted, per attendance
    assert costs.loc["union_education", "twd_per_person"] == pytest.approx(3_393_000 / 1900)
    assert costs.loc["union_education", "people_unit"] == "人次"
    assert "補助" in costs.loc["union_education", "amount_kind"]


def test_a_rate_with_a_missing_input_says_which():
    rows = [row for row in PROGRAMMES[2025] if row[:2] != ("safety_net", "cases")]
    r = run("training", {2025: _inputs(2025, rows)})[2025]
    assert r.value("safety_net_employment_rate_pct") is None
    assert "開案人數" in r.metric("safety_net_employment_rate_pct").missing_reason  # 開案人數 Cases opened


@pytest.mark.parametrize("year", [2023, 2024])
def test_earlier_years_say_not_reported(results, year):
    r = results[year]
    assert r.value("avg_training_hours_per_employee") is None
    assert "not reported" in r.metric("avg_training_hours_per_employee").missing_reason
    assert r.value("vocational_classes_total") is None
    assert "not reported" in r.metric("vocational_classes_total").missing_reason
    assert any("not reported" in note for note in r.notes)
    assert "costs" not in r.tables and "vocational" not in r.tables


def test_a_year_without_a_programme_table():
    inputs = TrainingInputs(2023, None, quantities(2023, employees_year_end=648), CATALOGUE)
    r = run("training", {2023: inputs})[2023]
    assert any("No training or employment-service figures were published for 2023" in n for n in r.notes)
    assert r.value("safety_net_employment_rate_pct") is None
    assert r.value("ai_green_course_participants_change_pct") is None
    assert "programmes" not in r.tables


def test_ai_course_over_three_years(results):
    assert results[2023].value("ai_green_course_participants") == 0  # 「無辦理」
    assert results[2024].value("ai_green_course_participants") == 1123
    assert results[2024].value("ai_green_course_participants_change_pct") is None  # none held in 2023
    assert "2023" in results[2024].metric("ai_green_course_participants_change_pct").missing_reason
    trend = results[2025].tables["trend"].set_index("year")
    assert list(trend.index) == [2023, 2024, 2025]
    assert list(trend["ai_green_course_sessions"]) == [0, 19, 24]
    assert list(trend["ai_green_course_participants"]) == [0, 1123, 1588]
    assert trend.loc[2025, "avg_training_hours_per_employee"] == pytest.approx(18781 / 649)


def test_report_notes_are_filled_in_from_the_figures(results):
    found = notes(2025, "training", {"training": results[2025]})
    assert any("72.4%" in n and "(75.4%)" in n and "(62.4%)" in n for n in found)
    assert any("4,955" in n for n in found)
    assert any("80%" in n and "無法驗證" in n for n in found)  # the rates printed without inputs


# ---- every printed figure, on the repository's data -----------------------------------------


@pytest.fixture(scope="module")
def computed():
    return Computation(Project(ROOT))


def test_reconciliation_2025(computed):
    rec = reconcile(computed.result("training", 2025), computed.store.printed(2025, "training"))
    disability = rec[rec["label"].str.contains("就業率") & rec["printed"].eq("72.4%")]
    assert len(disability) == 2 and (disability["status"] == DIFFERS).all()
    assert set(disability["recomputed"]) == {"75.4"}
    unpublished = rec[rec["printed"].isin(["80%", "69.4%", "50.9%", "51.8%"])]
    assert len(unpublished) == 6 and (unpublished["status"] == NOT_CHECKABLE).all()
    assert (unpublished["formula"] == "").all()  # named no metric
    assert set(rec["status"]) <= {INPUT, REPRODUCES, DIFFERS, NOT_CHECKABLE}
    assert (rec["status"] == DIFFERS).sum() == 2  # only the disability employment rate, printed twice
    # and 22 counts and targets quoted in the narrative that no metric holds (三次, 百餘班次, 至少 60 場 ...)
    assert (rec["status"] == NOT_CHECKABLE).sum() == 6 + 22
    assert (rec[rec["printed"] == "66.1%"]["status"] == REPRODUCES).all()
    assert (rec[rec["printed"] == "87"]["status"] == REPRODUCES).all()  # 16 + 36 + 35 班
    assert (rec[rec["printed"] == "4,955"]["status"] == REPRODUCES).all()


def test_reconciliation_2024_is_all_transcribed(computed):
    rec = reconcile(computed.result("training", 2024), computed.store.printed(2024, "training"))
    assert len(rec) == 12 and set(rec["status"]) == {INPUT}  # with 12 庇護工場 and 29 按摩據點 (3.1.1, 3.2)


def test_supported_employment_providers_add_up(computed):
    """3.2 SDG 10: 10 家專案單位 = 3 個免評 + 7 個受評; 受評 7 = 優等 2 + 甲等 5 (data/reference/audit_identities.csv)."""
    data = YearResults(computed, 2025)
    found = {f.check_id: f for f in audit.check_identities(data, Declarations.load(data.store))}
    for check in ("supported-employment-providers", "supported-employment-grades"):
        assert found[check].status == audit.PASS
    assert "= 10" in found["supported-employment-providers"].numbers
    assert "supported_employment_rated_good = 5 家" in found["supported-employment-grades"].numbers  # as printed
    r = computed.result("training", 2024)
    assert r.value("massage_outlets_labelled_outlets") == 29 and r.value("sheltered_workshops_workshops") == 12


def test_supported_employment_that_does_not_add_up_is_flagged(project_copy):
    # 受評 7 → 8 個: 3 免評 + 8 受評 = 11 ≠ 10 家, and 2 優等 + 5 甲等 = 7 ≠ 8
    edit(project_copy.raw_dir(2025) / FILE, "2025,supported_employment,evaluated_providers,7,",
         "2025,supported_employment,evaluated_providers,8,")
    data = YearResults(Computation(project_copy, chapters=(chapter("training"),)), 2025)
    found = {f.check_id: f for f in audit.check_identities(data, Declarations.load(data.store))}
    assert found["supported-employment-providers"].status == audit.FLAG
    assert found["supported-employment-grades"].status == audit.FLAG


# ---- bad input, through the chapter's load on a copy of the project --------------------------

FILE = "training_programmes.csv"


def _load_error(project) -> str:
    with pytest.raises(InputError) as err:
        training.load(project, 2025)
    return str(err.value)


def test_unspoilt_copy_loads(project_copy):
    t = training.load(project_copy, 2025)
    assert t.get("job_fairs", "vacancies").value == 54176  # 5 萬 4,176
    assert t.quantities.get("employee_training_hours").value == 18781
    assert training.load(project_copy, 2023).get("ai_green_course", "participants").value == 0


def test_rate_outside_0_to_100(project_copy):
    edit(project_copy.raw_dir(2025) / FILE, "2025,labour_university,satisfaction_pct,91.3,",
         "2025,labour_university,satisfaction_pct,913,")
    message = _load_error(project_copy)
    assert f"{FILE}, row 26, column 'value'" in message
    assert "a percentage from 0 to 100 for measure 'satisfaction_pct'" in message and "'913'" in message


def test_negative_and_non_whole_counts(project_copy):
    path = project_copy.raw_dir(2025) / FILE
    edit(path, "2025,industry_pretraining,classes,16,", "2025,industry_pretraining,classes,16.5,")
    edit(path, "2025,youth_programme,sessions,25,", "2025,youth_programme,sessions,-25,")
    message = _load_error(project_copy)
    assert "row 2, column 'value': expected a whole number of at least 0 for measure 'classes', found '16.5'" in message
    assert "column 'value': expected a whole number of at least 0 for measure 'sessions', found '-25'" in message


def test_outcome_larger_than_its_base(project_copy):
    # 就業 126 → 170 > 結訓 167: the employment rate would exceed 100%
    edit(project_copy.raw_dir(2025) / FILE, "2025,disability_unemployed,employed,126,",
         "2025,disability_unemployed,employed,170,")
    message = _load_error(project_copy)
    assert "row 15" in message and "employed of 'disability_unemployed' at most its completers (167, row 14)" in message


def test_unknown_programme_and_measure(project_copy):
    path = project_copy.raw_dir(2025) / FILE
    edit(path, "2025,mentor_talk,sessions,1,場,", "2025,mentor_talks,sessions,1,場,")
    edit(path, "2025,employer_forum,employers,200,家,", "2025,employer_forum,companies,200,家,")
    message = _load_error(project_copy)
    assert "column 'programme'" in message and "'mentor_talks'" in message
    assert "column 'measure'" in message and "'companies'" in message


def test_wrong_unit(project_copy):
    edit(project_copy.raw_dir(2025) / FILE, "2025,job_fairs,employer_visits,1868,家次,",
         "2025,job_fairs,employer_visits,1868,家,")
    assert "column 'unit': expected '家次' for measure 'employer_visits', found '家'" in _load_error(project_copy)


def test_wrong_year_in_file(project_copy):
    edit(project_copy.raw_dir(2025) / FILE, "2025,skills_certification,sessions,29,",
         "2024,skills_certification,sessions,29,")
    assert "column 'year': expected the year of the folder it is in (2025)" in _load_error(project_copy)
