"""Training chapter: expectations worked out by hand from the report's numbers."""

from __future__ import annotations


import pytest

from sustainability_appendix.chapters import training
from sustainability_appendix.errors import InputError
from conftest import edit
from sustainability_appendix.review.reconcile import DIFFERS, INPUT, NOT_CHECKABLE, REPRODUCES, reconcile


@pytest.fixture(scope="module")
def results():
    return {y: training.compute(y) for y in (2023, 2024, 2025)}


def test_average_training_hours_per_employee(results):
    r = results[2025]
    # 2.4.2: 1 萬 8,781 小時; 3.3.2.1: 649 人
    assert round(18781 / 649, 2) == 28.94
    assert r.value("avg_training_hours_per_employee") == pytest.approx(18781 / 649)
    assert "not printed" in r.metric("avg_training_hours_per_employee").label


def test_vocational_totals(results):
    r = results[2025]
    assert r.value("vocational_classes_total") == 16 + 36 + 35 == 87
    assert r.value("vocational_participants_total") == 282 + 1024 + 1021 == 2327
    assert r.value("commissioned_vocational_classes") == 36 + 35 == 71
    assert r.value("training_people_esg_total") == 282 + 2628 + 1024 + 1021 == 4955
    assert r.value("entrepreneurship_participants_total") == 451 + 191 + 166 == 808
    assert r.value("entrepreneurship_sessions_total") == 20 + 8 + 1


def test_disability_training(results):
    r = results[2025]
    assert r.value("disability_classes_total") == 20 + 5 == 25
    assert r.value("disability_participants_total") == 202 + 55 == 257
    assert r.value("disability_employment_rate_pct") == pytest.approx(126 / 167 * 100)
    assert r.value("disability_employment_rate_per_trainee_pct") == pytest.approx(126 / 202 * 100)
    assert r.value("disability_completion_rate_pct") == pytest.approx(167 / 202 * 100)
    # neither denominator the report publishes gives its 72.4%
    assert round(126 / 167 * 100, 1) == 75.4 and round(126 / 202 * 100, 1) == 62.4


def test_employment_service_rates(results):
    r = results[2025]
    assert round(240 / 363 * 100, 1) == 66.1
    assert r.value("safety_net_employment_rate_pct") == pytest.approx(240 / 363 * 100)
    assert r.value("ai_green_course_participants_change_pct") == pytest.approx((1588 - 1123) / 1123 * 100)
    for metric_id in training.UNPUBLISHED_RATES:
        assert r.value(metric_id) is None and r.metric(metric_id).missing_reason


def test_cost_per_person(results):
    costs = results[2025].tables["costs"].set_index("programme")
    assert costs.loc["unemployed_training", "twd_per_person"] == pytest.approx(36_000_000 / 1024)
    assert costs.loc["disability_training", "twd_per_person"] == pytest.approx(23_284_249 / (202 + 55))
    assert costs.loc["labour_university", "twd_per_person"] == pytest.approx(6_099_000 / 6696)


def test_reconciliation_2025(results):
    by_metric = reconcile(results[2025])
    rec = by_metric.set_index("figure_id")
    disability = by_metric[by_metric["label"].str.contains("就業率") & by_metric["printed"].eq("72.4%")]
    assert len(disability) == 2 and (disability["status"] == DIFFERS).all()
    assert set(disability["recomputed"]) == {"75.4"}
    unpublished = by_metric[by_metric["printed"].isin(["80%", "69.4%", "50.9%", "51.8%"])]
    assert (unpublished["status"] == NOT_CHECKABLE).all() and len(unpublished) == 6
    assert set(rec["status"]) <= {INPUT, REPRODUCES, DIFFERS, NOT_CHECKABLE}
    assert (rec["status"] == DIFFERS).sum() == 2  # only the disability employment rate, printed twice
    safety = by_metric[by_metric["printed"] == "66.1%"]
    assert (safety["status"] == REPRODUCES).all()


@pytest.mark.parametrize("year", [2023, 2024])
def test_earlier_years_say_not_reported(results, year):
    r = results[year]
    assert r.value("avg_training_hours_per_employee") is None
    assert "not reported" in r.metric("avg_training_hours_per_employee").missing_reason
    assert r.value("vocational_classes_total") is None
    assert "not reported" in r.metric("vocational_classes_total").missing_reason
    assert any("not reported" in note for note in r.notes)
    reconcile(r)  # every printed figure names a metric this year computes


def test_ai_course_over_three_years(results):
    assert results[2023].value("ai_green_course_participants") == 0  # 「無辦理」
    assert results[2024].value("ai_green_course_participants") == 1123
    assert results[2024].value("ai_green_course_participants_change_pct") is None  # none held in 2023
    trend = results[2025].tables["trend"].set_index("year")
    assert trend.loc[2024, "ai_green_course_sessions"] == 19 and trend.loc[2025, "ai_green_course_sessions"] == 24


# ---- bad input -------------------------------------------------------------------------------



PROGRAMMES = "training_programmes.csv"


def test_unspoilt_copy_loads(folder):
    t = training.load_training(2025, folder)
    assert t.get("job_fairs", "vacancies").value == 54176


def test_rate_outside_0_to_100(folder):
    edit(folder / PROGRAMMES, "2025,labour_university,satisfaction_pct,91.3,",
         "2025,labour_university,satisfaction_pct,913,")
    with pytest.raises(InputError) as err:
        training.load_training(2025, folder)
    message = str(err.value)
    assert PROGRAMMES in message and "row 26" in message and "column 'value'" in message
    assert "a percentage from 0 to 100 for measure 'satisfaction_pct'" in message and "'913'" in message


def test_negative_and_non_whole_counts(folder):
    edit(folder / PROGRAMMES, "2025,industry_pretraining,classes,16,", "2025,industry_pretraining,classes,16.5,")
    edit(folder / PROGRAMMES, "2025,youth_programme,sessions,25,", "2025,youth_programme,sessions,-25,")
    with pytest.raises(InputError) as err:
        training.load_training(2025, folder)
    message = str(err.value)
    assert "row 2, column 'value': expected a whole number of at least 0 for measure 'classes', found '16.5'" in message
    assert "column 'value': expected a whole number of at least 0 for measure 'sessions', found '-25'" in message


def test_outcome_larger_than_its_base(folder):
    # 就業 126 → 170 > 結訓 167: the employment rate would exceed 100%
    edit(folder / PROGRAMMES, "2025,disability_unemployed,employed,126,", "2025,disability_unemployed,employed,170,")
    with pytest.raises(InputError) as err:
        training.load_training(2025, folder)
    message = str(err.value)
    assert "row 15" in message and "employed of 'disability_unemployed' at most its completers (167, row 14)" in message


def test_unknown_programme_measure_and_wrong_unit(folder):
    edit(folder / PROGRAMMES, "2025,mentor_talk,sessions,1,場,", "2025,mentor_talks,sessions,1,場,")
    edit(folder / PROGRAMMES, "2025,employer_forum,employers,200,家,", "2025,employer_forum,companies,200,家,")
    with pytest.raises(InputError) as err:
        training.load_training(2025, folder)
    message = str(err.value)
    assert "column 'programme'" in message and "'mentor_talks'" in message
    assert "column 'measure'" in message and "'companies'" in message


def test_wrong_unit(folder):
    edit(folder / PROGRAMMES, "2025,job_fairs,employer_visits,1868,家次,", "2025,job_fairs,employer_visits,1868,家,")
    with pytest.raises(InputError) as err:
        training.load_training(2025, folder)
    assert "column 'unit': expected '家次' for measure 'employer_visits', found '家'" in str(err.value)


def test_wrong_year_in_file(folder):
    edit(folder / PROGRAMMES, "2025,skills_certification,sessions,29,", "2024,skills_certification,sessions,29,")
    with pytest.raises(InputError) as err:
        training.load_training(2025, folder)
    assert "column 'year': expected the year of the folder it is in (2025)" in str(err.value)
