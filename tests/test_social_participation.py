"""Social participation (report 3.3.2.4), in memory, against values worked out by hand.

Spending is typed from the activity table (活動一覽, 執行金額); counts from its 說明 column, the
ESG summary and 3.2. The totals, shares and the change are the report's numbers worked by hand
(the report prints none of them); the estimated crowd is printed (6,000 人以上). Spoilt files
are refused through the chapter's own ``load`` on a copy of the project.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import edit
from memory import printed_table, reference, run

from sustainability_appendix.chapters import social_participation as sp
from sustainability_appendix.chapters.social_participation import ACTIVITY_COLUMNS, MEASURE_COLUMNS, SocialInputs
from sustainability_appendix.errors import InputError
from sustainability_appendix.review.reconcile import INPUT, NOT_CHECKABLE, REPRODUCES, reconcile

# the 16 rows of 活動一覽 (activity, kind, 執行金額 元); the training programmes hold six of them
TABLE_2025 = [
    ("visually_impaired_employment", "disability_inclusion", 10_041_203),
    ("union_cadre_lectures", "workers_education", 163_331),
    ("sheltered_workshop_bus", "disability_inclusion", 713_712),
    ("smart_safety_forum", "occupational_safety", 228_351),
    ("kids_club", "labour_culture", 90_000),
    ("job_fairs", "employment", 2_500_000),
    ("targeted_groups", "employment", 6_600_000),
    ("youth_programme", "employment", 1_263_000),
    ("unemployed_training", "vocational_training", 36_000_000),
    ("heritage_drama", "labour_culture", 400_000),
    ("lightbox_lectures", "labour_culture", 550_000),
    ("writing_series", "labour_culture", 290_000),
    ("labour_university", "workers_education", 6_099_000),
    ("startup_market", "entrepreneurship", 6_206_800),
    ("volunteer_programme", "volunteering", 266_200),
    ("disability_training", "vocational_training", 23_284_249),
]
HELD = {"job_fairs", "targeted_groups", "youth_programme", "unemployed_training", "labour_university",
        "disability_training"}
# (activity, part, measure, value, unit, period, held)
MEASURES_2025 = [
    ("kids_club", "", "sessions", 8, "場", "", False), ("kids_club", "", "participants", 228, "人", "", False),
    ("heritage_drama", "", "sessions", 10, "場", "", False), ("heritage_drama", "", "viewers", 268, "人", "", False),
    ("lightbox_lectures", "", "attendances", 177, "人次", "", False),
    ("startup_market", "", "sessions", 3, "場", "", False),
    ("startup_market", "", "estimated_crowd_per_session", 2000, "人", "", False),
    ("volunteer_programme", "camp", "participants", 43, "人", "", False),
    ("volunteer_programme", "education", "participants", 70, "人", "", False),
    ("volunteer_programme", "case_activities", "participants", 35, "人", "", False),
    ("volunteer_programme", "exchange", "participants", 50, "人", "", False),
    ("girls_theatre", "", "viewers", 425, "人", "", False),
    ("unemployed_training", "", "participants", 1024, "人", "", True),
    ("targeted_groups", "", "attendances", 2098, "人次", "", True),
    ("disability_training", "disability_unemployed", "participants", 202, "人", "", True),
    ("disability_training", "disability_in_service", "participants", 55, "人", "", True),
]
TOTAL_2025 = 94_695_846  # the 16 amounts above, added by hand


def _inputs(year, table, measures, others=("girls_theatre",)) -> SocialInputs:
    activities = pd.DataFrame(
        [{"activity": a, "kind": k, "label": a, "in_activity_table": True, "spending_twd": float(s),
          "programmes": a if a in HELD else "", "cite": "3.3.2.4"} for a, k, s in table]
        + [{"activity": a, "kind": "labour_culture", "label": a, "in_activity_table": False, "spending_twd": None,
            "programmes": "", "cite": "3.2"} for a in others], columns=ACTIVITY_COLUMNS)
    frame = pd.DataFrame([{"activity": a, "part": p, "measure": m, "value": float(v), "unit": u, "label": f"{a} {m}",
                           "period": period, "held": held, "cite": "report"}
                          for a, p, m, v, u, period, held in measures], columns=MEASURE_COLUMNS)
    kinds = dict(zip(reference("social_activity_kinds")["kind"], reference("social_activity_kinds")["label"]))
    vocabulary = reference("social_measures")[["measure", "unit", "kind", "reach", "label"]]
    return SocialInputs(year, activities, frame, kinds, vocabulary)


@pytest.fixture(scope="module")
def results():
    return run("social_participation", {
        2023: _inputs(2023, [], [("girls_theatre", "", "viewers", 1087, "人", "2021-12 至 2023-12-16", False)]),
        2024: _inputs(2024, [], [("girls_theatre", "", "viewers", 286, "人", "", False)]),
        2025: _inputs(2025, TABLE_2025, MEASURES_2025)})


def test_spending_total_and_shares_by_kind(results):
    r = results[2025]
    assert r.value("spending_total_twd") == TOTAL_2025
    assert r.value("spending_labour_culture_twd") == 90_000 + 400_000 + 550_000 + 290_000 == 1_330_000
    assert r.value("spending_labour_culture_share_pct") == pytest.approx(1_330_000 / 94_695_846 * 100)  # 1.40%
    assert r.value("spending_vocational_training_share_pct") == pytest.approx(59_284_249 / 94_695_846 * 100)  # 62.60%
    assert sum(r.value(f"spending_{k}_share_pct") for k in {k for _, k, _ in TABLE_2025}) == pytest.approx(100)
    assert "not printed" in r.metric("spending_total_twd").label


def test_spending_of_held_activities_is_not_a_metric_here(results):
    r = results[2025]
    assert r.find("kids_club_spending_twd").value == 90_000
    assert r.find("job_fairs_spending_twd") is None  # training.job_fairs_budget_twd holds it


def test_estimated_crowd_reproduces_the_printed_figure(results):
    r = results[2025]
    assert r.value("startup_market_estimated_crowd") == 3 * 2000 == 6000
    printed = printed_table([("sp-1", "startup_market_estimated_crowd", "現場粗估人流", "6,000", "人", "3.3.2.4"),
                             ("sp-2", "kids_club_participants", "勞博童樂會", "228", "人", "ESG S"),
                             ("sp-3", "", "未印分子分母", "50%", "%", "3.3.2.4")])
    assert list(reconcile(r, printed)["status"]) == [REPRODUCES, INPUT, NOT_CHECKABLE]


def test_parts_add_up_and_people_reached(results):
    r = results[2025]
    assert r.value("volunteer_programme_participants_total") == 43 + 70 + 35 + 50 == 198
    # 228 + 268 + 198 + 425 + 1,024 + (202 + 55): participants, viewers and visitors, held or not
    assert r.value("people_reached_total") == 228 + 268 + 198 + 425 + 1024 + 257 == 2400
    assert r.value("attendances_total") == 177 + 2098 == 2275
    activities = r.tables["activities"].set_index("activity")
    assert activities.at["kids_club", "twd_per_person"] == pytest.approx(90_000 / 228)  # 394.74 元
    assert activities.at["disability_training", "people"] == 257
    assert activities.at["disability_training", "twd_per_person"] == pytest.approx(23_284_249 / 257)
    assert pd.isna(activities.at["girls_theatre", "spending_twd"])  # not in the table: no spending printed


def test_change_against_last_year_and_not_against_a_cumulative_count(results):
    assert results[2025].value("girls_theatre_viewers_change_pct") == pytest.approx((425 - 286) / 286 * 100)  # 48.60
    m = results[2024].metric("girls_theatre_viewers_change_pct")
    assert m.value is None and "2021-12 至 2023-12-16" in m.missing_reason
    assert any("1,087 人 為 2021-12 至 2023-12-16 之累計" in n for n in results[2023].notes)
    by_year = results[2025].tables["by_year"]
    assert list(by_year["year"]) == [2023, 2024, 2025] and list(by_year["value"]) == [1087, 286, 425]


def test_a_year_without_activities_says_so():
    r = run("social_participation", {2022: SocialInputs(2022, None, None, {}, reference("social_measures"))})[2022]
    assert r.metrics == [] and "2022 年未公布社會參與活動" in r.notes[0]


# ---- the repository's files, and spoilt copies, through load ----------------------------------------------

ACTIVITIES, MEASURES = "social_activities.csv", "social_activity_measures.csv"


def _load_error(project) -> str:
    with pytest.raises(InputError) as err:
        sp.load(project, 2025)
    return str(err.value)


def test_held_activities_are_read_from_the_training_inputs(project_copy):
    inputs = sp.load(project_copy, 2025)
    activities = inputs.activities.set_index("activity")
    assert activities.at["job_fairs", "spending_twd"] == 2_500_000  # training_programmes.csv job_fairs.budget_twd
    assert "training_programmes.csv row" in activities.at["job_fairs", "cite"]
    held = inputs.measures[inputs.measures["held"]].set_index(["activity", "part", "measure"])["value"]
    assert held[("disability_training", "disability_unemployed", "participants")] == 202
    assert held[("labour_university", "", "participants")] == 6696
    assert activities["spending_twd"].sum() == TOTAL_2025


def test_spending_held_twice_or_missing(project_copy):
    path = project_copy.raw_dir(2025) / ACTIVITIES
    edit(path, "Job fairs,yes,,job_fairs,", "Job fairs,yes,2500000,job_fairs,")
    edit(path, "children's club,yes,90000,", "children's club,yes,,")
    message = _load_error(project_copy)
    assert f"{ACTIVITIES}, row 7, column 'spending_twd': expected an empty cell when programmes names where" in message
    assert f"{ACTIVITIES}, row 6, column 'spending_twd': expected the 執行金額 the activity table prints" in message


def test_a_programme_the_training_inputs_lack(project_copy):
    edit(project_copy.raw_dir(2025) / ACTIVITIES, "Job fairs,yes,,job_fairs,", "Job fairs,yes,,job_fair,")
    assert (f"{ACTIVITIES}, row 7, column 'programmes': expected programmes with rows in "
            "data/raw/2025/training_programmes.csv, found 'job_fair'") in _load_error(project_copy)


def test_a_count_the_training_inputs_already_hold(project_copy):
    edit(project_copy.raw_dir(2025) / MEASURES, "2025,labour_university,,terms_per_year,4,期,",
         "2025,labour_university,,participants,6696,人,")
    assert (f"{MEASURES}, row 12, column 'measure': expected a measure training_programmes.csv does not already "
            "hold for 'labour_university'") in _load_error(project_copy)


def test_a_count_in_the_wrong_unit(project_copy):
    edit(project_copy.raw_dir(2025) / MEASURES, "2025,kids_club,,sessions,8,場,", "2025,kids_club,,sessions,8,次,")
    message = _load_error(project_copy)
    assert f"{MEASURES}, row 2, column 'unit': expected '場' for measure 'sessions', found '次'" in message


def test_a_count_of_an_unknown_activity(project_copy):
    edit(project_copy.raw_dir(2025) / MEASURES, "2025,kids_club,,sessions,8,", "2025,kids_clubs,,sessions,8,")
    assert f"{MEASURES}, row 2, column 'activity': expected an activity of data/raw/2025/{ACTIVITIES}" in _load_error(
        project_copy)


def test_spending_for_an_activity_outside_the_table(project_copy):
    edit(project_copy.raw_dir(2025) / ACTIVITIES, "Labour Museum exhibitions,no,,", "Labour Museum exhibitions,no,1000,")
    assert (f"{ACTIVITIES}, row 18, column 'spending_twd': expected an empty cell for an activity not in the activity "
            "table") in _load_error(project_copy)
