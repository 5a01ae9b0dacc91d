"""Materiality chapter: the significance formula, thresholds, partial responses, example
labelling, the matrix labels, and bad input.

A small hand-worked assessment (two stakeholder groups, three topics, one internal and
one external rater) is computed in memory; every expected score is worked out by hand in
the comments. Spoilt files are refused through the chapter's own ``load``, the hand-worked
set written as the 2025 files of a project holding the repository's reference tables. The
report's own catalogue and the illustrative example responses are read from the repository.
"""

from __future__ import annotations

import csv
import importlib.util
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from memory import ROOT, printed, reference, run, table  # noqa: E402

from sustainability_appendix.chapters import materiality as m  # noqa: E402
from sustainability_appendix.chapters.materiality_inputs import MaterialityInputs, Settings, Vocabulary  # noqa: E402
from sustainability_appendix.errors import InputError  # noqa: E402
from sustainability_appendix.present import materiality_plots as plots  # noqa: E402
from sustainability_appendix.project import Project  # noqa: E402
from sustainability_appendix.review.reconcile import ILLUSTRATIVE, NOT_CHECKABLE, REPRODUCES, reconcile  # noqa: E402

YEAR = 2025
FOLDER = f"data/raw/{YEAR}"
ATTRIBUTES = ("dependency", "responsibility", "influence", "diverse_perspectives", "tension")
IMPACT_SCORES = ("scale", "scope", "irremediability", "likelihood")


# --- a small hand-worked assessment -----------------------------------------------------------------------------

STAKEHOLDERS = [
    {"stakeholder": "S1", "name": "勞動參與者與工會團體", "short_name": "勞工與工會", "name_en": "Workers", "source": "2.4.1"},
    {"stakeholder": "S2", "name": "企業與雇主", "short_name": "企業與雇主", "name_en": "Employers", "source": "2.4.1"},
]
MATERIAL = [
    {"material_topic": "MT1", "name": "淨零公正轉型與就業發展", "gri_standards": "GRI 203",
     "gri_disclosures": "203-1", "stakeholders": "S1; S2", "source": "2.5.2"},
]
TOPICS = [
    {"topic": "1.1", "name": "主題甲", "group": 1, "group_name": "群組一", "material_topic": "MT1", "source": "2.5.1"},
    {"topic": "1.2", "name": "主題乙", "group": 1, "group_name": "群組一", "material_topic": "MT1", "source": "2.5.1"},
    {"topic": "2.1", "name": "主題丙", "group": 2, "group_name": "群組二", "material_topic": "", "source": "2.5.1"},
]
RATINGS = [
    {"material_topic": "MT1", "dimension": "governance", "stars": "5", "reading": "printed",
     "stars_as_extracted": "☆☆☆ ☆☆", "statements": "提升產業競爭力與永續性。", "note": ""},
]


def _s(rater, kind, group, *scores):
    return {"data_status": "survey", "rater_id": rater, "rater_type": kind, "stakeholder": group,
            **{k: str(v) for k, v in zip(ATTRIBUTES, scores)}}


def _i(rater, kind, topic, direction, status, scale, scope, irr="", lik=""):
    return {"data_status": "survey", "rater_id": rater, "rater_type": kind, "topic": topic, "direction": direction,
            "status": status, "scale": str(scale), "scope": str(scope), "irremediability": str(irr),
            "likelihood": str(lik)}


def stakeholder_responses():
    return [
        _s("I1", "internal", "S1", 3, 3, 3, 3, 3),  # mean 3.0
        _s("I1", "internal", "S2", 2, 2, 2, 2, 3),  # mean 11/5 = 2.2
        _s("E1", "external", "S1", 3, 3, 3, 3, 3),  # mean 3.0
        _s("E1", "external", "S2", 4, 4, 4, 4, 4),  # mean 4.0
    ]


def impact_responses():
    return [
        # 1.1  I1: negative (3+3+3)/3 × 1 = 3.0; positive (2+2)/2 = 2.0 -> 3.0
        #      E1: negative 3.0; positive (3+3)/2 = 3.0                   -> 3.0;  S = 0.5×3 + 0.5×3 = 3.0
        _i("I1", "internal", "1.1", "negative", "actual", 3, 3, irr=3),
        _i("I1", "internal", "1.1", "positive", "actual", 2, 2),
        _i("E1", "external", "1.1", "negative", "actual", 3, 3, irr=3),
        _i("E1", "external", "1.1", "positive", "actual", 3, 3),
        # 1.2  I1: negative (5+4+3)/3 × 3/5 = 2.4; positive (3+2)/2 = 2.5 -> 2.5
        #      E1: negative (5+5+5)/3 × 5/5 = 5.0; positive 1.0          -> 5.0;  S = 0.5×2.5 + 0.5×5 = 3.75
        _i("I1", "internal", "1.2", "negative", "potential", 5, 4, irr=3, lik=3),
        _i("I1", "internal", "1.2", "positive", "actual", 3, 2),
        _i("E1", "external", "1.2", "negative", "potential", 5, 5, irr=5, lik=5),
        _i("E1", "external", "1.2", "positive", "actual", 1, 1),
        # 2.1  I1: negative 2.0; positive (4+4)/2 × 5/5 = 4.0            -> 4.0
        #      E1: negative 1.0; positive (2+2)/2 × 1/5 = 0.4            -> 1.0;  S = 0.5×4 + 0.5×1 = 2.5
        _i("I1", "internal", "2.1", "negative", "actual", 2, 2, irr=2),
        _i("I1", "internal", "2.1", "positive", "potential", 4, 4, lik=5),
        _i("E1", "external", "2.1", "negative", "actual", 1, 1, irr=1),
        _i("E1", "external", "2.1", "positive", "potential", 2, 2, lik=1),
    ]


def _scores(rows: list[dict], columns) -> list[dict]:
    """Answers as the chapter's load hands them on: numbers, a blank as NaN."""
    return [{**r, **{c: float(r[c]) if r[c] != "" else float("nan") for c in columns}} for r in rows]


VOCABULARY = Vocabulary.from_table(reference("materiality_vocabulary"))


def assessment(stakeholder_rows=None, impact_rows=None, **settings) -> MaterialityInputs:
    """The hand-worked inputs; keyword arguments are Settings."""
    s_rows = stakeholder_responses() if stakeholder_rows is None else stakeholder_rows
    i_rows = impact_responses() if impact_rows is None else impact_rows
    return MaterialityInputs(
        YEAR, VOCABULARY,
        topics=table(TOPICS, f"{FOLDER}/materiality_topics.csv"),
        material_topics=table(MATERIAL, f"{FOLDER}/materiality_material_topics.csv"),
        stakeholders=table(STAKEHOLDERS, f"{FOLDER}/materiality_stakeholders.csv"),
        ratings=table(_scores(RATINGS, ["stars"]), f"{FOLDER}/materiality_published_ratings.csv"),
        stakeholder_responses=table(_scores(s_rows, ATTRIBUTES), f"{FOLDER}/materiality_stakeholder_responses.csv"),
        impact_responses=table(_scores(i_rows, IMPACT_SCORES), f"{FOLDER}/materiality_impact_responses.csv"),
        settings=Settings(**settings))


def compute(inputs: MaterialityInputs):
    return run("materiality", {inputs.year: inputs})[inputs.year]


# --- the formula ------------------------------------------------------------------------------------------------

def test_negative_actual_is_mean_of_scale_scope_irremediability():
    assert m.impact_significance("negative", "actual", 4, 3, irremediability=5) == pytest.approx((4 + 3 + 5) / 3)  # 4.0


def test_negative_potential_is_weighted_by_likelihood_over_five():
    # (5 + 4 + 3) / 3 = 4.0; × 2/5 = 1.6
    assert m.impact_significance("negative", "potential", 5, 4, 3, likelihood=2) == pytest.approx(1.6)


def test_positive_uses_scale_and_scope_only():
    assert m.impact_significance("positive", "actual", 3, 4) == pytest.approx(3.5)  # (3 + 4) / 2
    assert m.impact_significance("positive", "potential", 5, 5, likelihood=4) == pytest.approx(4.0)  # 5 × 4/5


def test_formula_refuses_missing_parts():
    with pytest.raises(ValueError):
        m.impact_significance("negative", "actual", 3, 3)
    with pytest.raises(ValueError):
        m.impact_significance("positive", "potential", 3, 3)


def test_combine_weights_internal_and_external():
    assert m.combine(4.0, 2.0, 19, 3, 0.5) == pytest.approx(3.0)  # 0.5×4 + 0.5×2
    assert m.combine(4.0, 2.0, 19, 3, 0.25) == pytest.approx(3.5)  # 0.75×4 + 0.25×2
    assert m.combine(4.0, float("nan"), 19, 0, 0.5) == 4.0  # no external rater: internal alone
    assert m.combine(float("nan"), 2.0, 0, 3, 0.5) == 2.0  # no internal rater: external alone


@pytest.fixture(scope="module")
def hand_worked():
    """The hand-worked assessment with both thresholds at 3.0."""
    return compute(assessment(stakeholder_threshold=3.0, significance_threshold=3.0))


def test_hand_worked_topics_and_stakeholders(hand_worked):
    result = hand_worked
    topics = result.tables["topics"].set_index("topic")
    assert topics.loc["1.1", "significance"] == pytest.approx(3.0)
    assert topics.loc["1.2", "significance"] == pytest.approx(3.75)
    assert topics.loc["2.1", "significance"] == pytest.approx(2.5)
    assert (topics.loc["1.2", "internal"], topics.loc["1.2", "external"]) == pytest.approx((2.5, 5.0))
    assert list(result.tables["topics"]["topic"]) == ["1.2", "1.1", "2.1"]  # ranked
    impacts = result.tables["impacts"].set_index(["topic", "direction"])
    assert impacts.loc[("1.2", "negative"), "significance"] == pytest.approx(0.5 * 2.4 + 0.5 * 5.0)
    groups = result.tables["stakeholders"].set_index("stakeholder")
    assert groups.loc["S1", "score"] == pytest.approx(3.0)  # 0.5×3 + 0.5×3
    assert groups.loc["S2", "score"] == pytest.approx(3.1)  # 0.5×2.2 + 0.5×4
    assert result.value("stakeholder_score_S2") == pytest.approx(3.1)
    assert result.value("topic_significance_1_2") == pytest.approx(3.75)
    assert "max(負面 s, 正面 s)" in result.metric("topic_significance_1_1").formula
    assert result.value("topics_selected_count") == 2 and result.value("stakeholders_identified_count") == 2
    assert result.value("report_topics_covered_count") == 1 and result.value("selected_not_in_report_count") == 0
    comparison = result.tables["comparison"].set_index("material_topic")
    assert comparison.loc["MT1", "covered"] and comparison.loc["MT1", "selected_topics"] == "1.1, 1.2"
    # thresholds above 2.5 (2.1, the one topic outside the report) and up to 3.0 select just MT1's topics
    assert m.report_match_interval(result.tables["topics"]) == pytest.approx((2.5, 3.0))
    assert "示例" not in result.metric("topic_significance_1_1").label  # survey data carry no example tag


def test_external_weight_moves_the_selection():
    # 2.1 with α = 0.25: 0.75×4 + 0.25×1 = 3.25 ≥ 3.0
    result = compute(assessment(significance_threshold=3.0, external_weight=0.25))
    topics = result.tables["topics"].set_index("topic")
    assert topics.loc["2.1", "significance"] == pytest.approx(3.25)
    assert topics.loc["2.1", "selected"]
    assert result.value("selected_not_in_report_count") == 1


def test_external_weight_outside_0_to_1_is_refused():
    with pytest.raises(ValueError, match="external_weight"):
        compute(assessment(external_weight=1.5))


# --- thresholds: inclusive --------------------------------------------------------------------------------------

def test_threshold_is_inclusive():
    assert list(m.passes([3.0, 2.999, 3.0 + 1e-12, 3.0 - 1e-12, 3.5], 3.0)) == [True, False, True, True, True]


def test_topic_exactly_at_threshold_is_selected(hand_worked):
    at = hand_worked
    assert at.tables["topics"].set_index("topic").loc["1.1", "selected"]  # S = 3.0 exactly
    assert at.tables["stakeholders"].set_index("stakeholder").loc["S1", "identified"]  # score 3.0 exactly
    above = compute(assessment(stakeholder_threshold=3.01, significance_threshold=3.01))
    assert list(above.tables["topics"].query("selected")["topic"]) == ["1.2"]
    assert not above.tables["stakeholders"].set_index("stakeholder").loc["S1", "identified"]


def test_sensitivity_counts_follow_the_threshold(hand_worked):
    sens = hand_worked.tables["sensitivity"].set_index("threshold")  # whatever the chosen threshold
    assert list(sens.index[[0, -1]]) == [1.0, 5.0] and len(sens) == 41  # 1.0 to 5.0 in steps of 0.1
    assert sens.loc[2.5, "selected_count"] == 3
    assert sens.loc[2.6, "selected_count"] == 2 and sens.loc[2.6, "selected_topics"] == "1.1, 1.2"
    assert sens.loc[3.0, "selected_count"] == 2
    assert sens.loc[3.1, "selected_count"] == 1
    assert sens.loc[3.8, "selected_count"] == 0
    assert sens.loc[2.5, "selected_not_in_report"] == 1 and sens.loc[2.5, "report_topics_covered"] == 1
    assert list(sens["selected_count"]) == sorted(sens["selected_count"], reverse=True)


# --- partial responses ------------------------------------------------------------------------------------------

def test_partial_rater_is_dropped_with_a_warning():
    rows = stakeholder_responses() + [_s("I2", "internal", "S1", 5, 5, 5, 5, 5),
                                      _s("I2", "internal", "S2", 5, "", 5, 5, 5)]
    impacts = impact_responses() + [_i("I2", "internal", "1.1", "negative", "actual", 5, 5, irr=5)]  # skipped the rest
    result = compute(assessment(rows, impacts))
    warnings = [n for n in result.notes if "Warning" in n]
    assert len(warnings) == 2 and all("1 位" in w and "I2" in w for w in warnings)
    assert result.value("stakeholder_internal_raters_count") == 1
    assert result.value("impact_internal_raters_count") == 1
    dropped = result.tables["dropped"]
    assert sorted(dropped["part"]) == ["impacts", "stakeholders"] and set(dropped["rater_id"]) == {"I2"}
    assert "blank in row 7: responsibility" in dropped.set_index("part").loc["stakeholders", "reason"]
    assert "1.2/negative" in dropped.set_index("part").loc["impacts", "reason"]  # a topic the others answered
    topics = result.tables["topics"].set_index("topic")
    assert topics.loc["1.1", "significance"] == pytest.approx(3.0)  # as without I2
    assert result.tables["stakeholders"].set_index("stakeholder").loc["S1", "score"] == pytest.approx(3.0)


def test_blank_needed_answer_drops_but_blank_not_needed_is_fine():
    rows = impact_responses()
    rows[4]["likelihood"] = ""  # I1 1.2 negative potential without likelihood
    result = compute(assessment(impact_rows=rows))
    # blanks that do not apply (irremediability of positives, likelihood of actuals) drop nobody else
    assert list(result.tables["dropped"]["rater_id"]) == ["I1"]
    assert "likelihood" in result.tables["dropped"]["reason"].iloc[0]
    assert result.value("impact_internal_raters_count") == 0
    assert any("No complete internal response" in n for n in result.notes)  # external alone was used
    topics = result.tables["topics"].set_index("topic")  # E1's S_rt alone: 3.0, 5.0, 1.0
    assert list(topics.loc[["1.1", "1.2", "2.1"], "significance"]) == pytest.approx([3.0, 5.0, 1.0])


def test_all_raters_partial_is_an_error():
    rows = impact_responses()
    rows[0]["scope"] = ""
    rows[2]["scope"] = ""
    with pytest.raises(InputError) as exc:
        compute(assessment(impact_rows=rows))
    (p,) = exc.value.problems
    assert p.file.endswith("materiality_impact_responses.csv") and p.column == "rater_id"
    assert p.found == "all 2 raters incomplete"


# --- years without an assessment --------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2023, 2024])
def test_years_without_an_assessment_do_not_crash(year):
    result = compute(MaterialityInputs(year, VOCABULARY))
    assert result.tables == {}
    assert result.metrics and all(metric.value is None for metric in result.metrics)
    for metric in result.metrics:  # names the year and the missing file, no longer a first year
        assert str(year) in metric.missing_reason and "materiality_topics" in metric.missing_reason
        assert "2025" not in metric.missing_reason
    assert any(str(year) in n for n in result.notes)
    assert reconcile(result, printed(year, "materiality")).empty


# --- bad input, through the chapter's load on a project of the hand-worked files --------------------------------

def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def project(tmp_path) -> Project:
    """A project holding the repository's reference tables and an empty 2025 folder: the
    materiality files are what each test writes there."""
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    (tmp_path / "data" / "raw" / str(YEAR)).mkdir(parents=True)
    return Project(tmp_path)


def write_assessment(project: Project, **files: list[dict] | None) -> None:
    """The hand-worked set as the project's 2025 materiality files; keyword arguments replace
    whole files (by stem; None leaves a file out) or add the example files."""
    tables = {
        "materiality_stakeholders": STAKEHOLDERS, "materiality_material_topics": MATERIAL,
        "materiality_topics": TOPICS, "materiality_published_ratings": RATINGS,
        "materiality_stakeholder_responses": stakeholder_responses(),
        "materiality_impact_responses": impact_responses(),
        **files,
    }
    for stem, rows in tables.items():
        if rows is not None:
            write_csv(project.raw_dir(YEAR) / f"{stem}.csv", rows)


def load_problems(project: Project) -> list:
    with pytest.raises(InputError) as exc:
        m.load(project, YEAR)
    return exc.value.problems


def test_hand_worked_files_load_as_in_memory(project):
    write_assessment(project)
    inputs = m.load(project, YEAR, settings=Settings(significance_threshold=3.0))
    assert not inputs.is_example and inputs.settings.significance_threshold == 3.0
    topics = compute(inputs).tables["topics"].set_index("topic")
    assert list(topics.loc[["1.1", "1.2", "2.1"], "significance"]) == pytest.approx([3.0, 3.75, 2.5])


def test_score_outside_the_scale(project):
    rows = impact_responses()
    rows[0]["scale"] = "6"
    write_assessment(project, materiality_impact_responses=rows)
    (p,) = load_problems(project)
    assert p.file == f"{FOLDER}/materiality_impact_responses.csv"
    assert (p.row, p.column, p.found) == (2, "scale", "6")
    assert "'1', '2', '3', '4', '5'" in p.expected


def test_attribute_score_outside_the_scale(project):
    rows = stakeholder_responses()
    rows[3]["tension"] = "0"
    write_assessment(project, materiality_stakeholder_responses=rows)
    assert [(p.row, p.column, p.found) for p in load_problems(project)] == [(5, "tension", "0")]


def test_unknown_topic_code(project):
    rows = impact_responses()
    rows[4]["topic"] = "9.9"
    write_assessment(project, materiality_impact_responses=rows)
    (p,) = [p for p in load_problems(project) if p.row is not None]
    assert (p.row, p.column, p.found) == (6, "topic", "9.9")
    assert "materiality_topics.csv" in p.expected


def test_unknown_stakeholder_code(project):
    rows = stakeholder_responses()
    rows[1]["stakeholder"] = "S9"
    write_assessment(project, materiality_stakeholder_responses=rows)
    found = {(p.row, p.column, p.found) for p in load_problems(project)}
    assert (3, "stakeholder", "S9") in found


def test_unknown_stakeholder_of_a_material_topic(project):
    write_assessment(project, materiality_material_topics=[dict(MATERIAL[0], stakeholders="S1; S7")])
    (p,) = load_problems(project)
    assert p.file.endswith("materiality_material_topics.csv")
    assert (p.row, p.column, p.found) == (2, "stakeholders", "S7")


def test_topic_rolled_up_to_a_material_topic_that_does_not_exist(project):
    topics = [dict(t) for t in TOPICS]
    topics[2]["material_topic"] = "MT7"
    write_assessment(project, materiality_topics=topics)
    (p,) = load_problems(project)
    assert p.file.endswith("materiality_topics.csv")
    assert (p.row, p.column, p.found) == (4, "material_topic", "MT7")
    assert "MT1" in p.expected


def test_answers_that_do_not_apply_are_errors(project):
    rows = impact_responses()
    rows[1]["irremediability"] = "3"  # positive impact
    rows[0]["likelihood"] = "3"  # actual impact
    write_assessment(project, materiality_impact_responses=rows)
    assert {(p.row, p.column) for p in load_problems(project)} == {(3, "irremediability"), (2, "likelihood")}


def test_example_rows_in_a_survey_file_are_an_error(project):
    rows = impact_responses()
    rows[0]["data_status"] = "example"
    write_assessment(project, materiality_impact_responses=rows)
    (p,) = load_problems(project)
    assert (p.row, p.column, p.found) == (2, "data_status", "example")


def test_example_file_is_used_when_no_survey_file(project):
    def as_example(rows):
        return [dict(r, data_status="example") for r in rows]
    write_assessment(project, materiality_stakeholder_responses=None, materiality_impact_responses=None,
                     materiality_example_stakeholder_responses=as_example(stakeholder_responses()),
                     materiality_example_impact_responses=as_example(impact_responses()))
    inputs = m.load(project, YEAR)
    assert inputs.is_example
    settings = compute(inputs).tables["settings"].iloc[0]
    assert bool(settings["example_data"])
    assert settings["impact_file"] == f"{FOLDER}/materiality_example_impact_responses.csv"


def test_published_stars_must_match_the_extracted_stars(project):
    write_assessment(project, materiality_published_ratings=[dict(RATINGS[0], stars="4")])
    (p,) = load_problems(project)
    assert (p.row, p.column, p.found) == (2, "stars", "4")
    assert "(5)" in p.expected  # ☆☆☆ ☆☆ counts as five


def test_lost_rating_must_stay_blank(project):
    write_assessment(project, materiality_published_ratings=[
        dict(RATINGS[0], reading="lost", stars="3", stars_as_extracted="")])
    (p,) = load_problems(project)
    assert (p.row, p.column) == (2, "stars")


# --- the report's 2025 catalogue and the illustrative example ---------------------------------------------------

@pytest.fixture(scope="module")
def inputs_2025():
    return m.load(Project(ROOT), YEAR)


@pytest.fixture(scope="module")
def result_2025(inputs_2025):
    return compute(inputs_2025)


def test_2025_catalogue_matches_the_report(inputs_2025):
    assert len(inputs_2025.stakeholders) == 8  # 2.4.1
    assert len(inputs_2025.topics) == 17  # 2.5.1: 1.1–1.2, 2.1–2.5, 3.1–3.10
    assert len(inputs_2025.material_topics) == 6  # 2.5.2
    assert set(inputs_2025.topics["material_topic"]) - {""} == set(inputs_2025.material_topics["material_topic"])
    ratings = inputs_2025.ratings.set_index(["material_topic", "dimension"])
    assert ratings.loc[("MT1", "governance"), "stars"] == 5  # "☆☆☆ ☆☆" counts as 5
    assert ratings.loc[("MT3", "human_rights"), "reading"] == "lost"


def test_years_before_2025_load_as_not_assessed():
    assert not m.load(Project(ROOT), 2024).assessed


def test_2025_reconciliation_reproduces(result_2025):
    rec = reconcile(result_2025, printed(YEAR, "materiality")).set_index("figure_id")
    # 共 8 項利害關係人 (2.4.1) and 由內部 19 個主管進行評分; the numbers of topics (17) and of material
    # topics (6) are the appendix's counts of its own labels, which the report never prints as numbers
    assert list(rec.index) == ["materiality-2025-01", "materiality-2025-02", "materiality-2025-05",
                               "materiality-2025-06"]
    # the 8 groups are the report's list; the 19 raters are those of the example responses, made to match
    assert list(rec["status"].iloc[:2]) == [REPRODUCES, ILLUSTRATIVE]
    # 「五大面向」「五大流程」: counts in the narrative that no metric holds
    assert set(rec.loc[["materiality-2025-05", "materiality-2025-06"], "status"]) == {NOT_CHECKABLE}


def test_example_files_are_named_and_flagged():
    folder = Project(ROOT).raw_dir(YEAR)
    for stem in ("materiality_example_stakeholder_responses", "materiality_example_impact_responses"):
        with open(folder / f"{stem}.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows and {r["data_status"] for r in rows} == {"example"}
    assert not (folder / "materiality_stakeholder_responses.csv").exists()  # no file poses as survey data
    assert not (folder / "materiality_impact_responses.csv").exists()


def test_example_is_labelled_in_results_and_notebook(result_2025):
    assert bool(result_2025.tables["settings"].iloc[0]["example_data"])
    assert "示例" in result_2025.notes[0] and "illustrative" in result_2025.notes[0]
    assert "示例" in result_2025.metric("topic_significance_1_1").label
    assert "示例" in result_2025.metric("stakeholder_score_S1").label
    text = (ROOT / "notebooks" / "materiality.py").read_text(encoding="utf-8")
    assert "示例" in text and "illustrative" in text


def test_example_data_is_what_the_documented_script_makes(inputs_2025):
    source = ROOT / "scripts" / "make_example_materiality_responses.py"
    spec = importlib.util.spec_from_file_location("make_example", source)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.INTERNAL_RATERS == 19  # report 2.4.1: 內部 19 個主管
    rng = np.random.default_rng(script.SEED)
    topics = inputs_2025.topics
    rolled_up = {t: bool(mt) for t, mt in zip(topics["topic"], topics["material_topic"])}
    made = {"stakeholder": script.stakeholder_rows(rng, list(inputs_2025.stakeholders["stakeholder"])),
            "impact": script.impact_rows(rng, rolled_up)}
    for part, rows in made.items():
        path = Project(ROOT).raw_dir(YEAR) / f"materiality_example_{part}_responses.csv"
        with open(path, encoding="utf-8") as f:
            stored = list(csv.DictReader(f))
        assert [{k: str(v) for k, v in r.items()} for r in rows] == stored


# --- the figures: example tag, and a matrix without overlapping labels ------------------------------------------

@pytest.fixture
def close_figures():
    yield
    plt.close("all")


def _assert_no_overlap(fig, texts):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), f"{texts[i].get_text()!r} overlaps {texts[j].get_text()!r}"


def test_matrix_is_labelled_as_example_and_its_labels_do_not_overlap(result_2025, close_figures):
    topics = result_2025.tables["topics"]
    fig, texts = plots.matrix_figure(topics, 3.5, 0.5, example=True)
    title = fig.axes[0].get_title()
    assert "示例" in title and "illustrative" in title
    assert len(texts) == len(topics) == 17
    assert {t.get_text().split(" ")[0] for t in texts} == set(topics["topic"])
    assert all(" " in t.get_text() for t in texts)  # code and Chinese name, not the code alone
    _assert_no_overlap(fig, texts)
    frame = fig.axes[0].get_window_extent()
    for t in texts:  # every label inside the axes
        box = t.get_window_extent()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def test_ranking_and_sensitivity_figures_are_labelled_as_example(result_2025, close_figures):
    assert "示例" in plots.ranking_figure(result_2025.tables["topics"], 3.5, True).axes[0].get_title()
    assert "示例" in plots.sensitivity_figure(result_2025.tables["sensitivity"], 3.5, 6, True).axes[0].get_title()


# The points do not move with α; the boundary line and the placing order do. α = 0 and 1 are the
# extremes (a vertical and a horizontal boundary), α = 0.5 is drawn above.
@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_matrix_labels_do_not_overlap_for_other_weights(inputs_2025, weight, close_figures):
    # the topic table alone, as the chapter makes it for that weight (the rest of compute is not drawn)
    kept, _ = m.complete_raters(inputs_2025.impact_responses, "topic")
    topics = m.topic_table(m.score_impacts(kept), inputs_2025.topics, inputs_2025.material_topics, 3.5, weight)
    fig, texts = plots.matrix_figure(topics, 3.5, weight, example=True)
    _assert_no_overlap(fig, texts)


def test_placement_on_a_tight_cluster_never_overlaps(close_figures):
    fig, ax = plots.new_figure(8, 6)
    ax.set_xlim(0, 5)
    ax.set_ylim(0, 5)
    rng = np.random.default_rng(7)
    xs, ys = 2.5 + rng.normal(0, 0.25, 12), 2.5 + rng.normal(0, 0.25, 12)
    labels = [f"{k}.{k} 測試主題名稱第{k}項" for k in range(12)]
    try:
        texts = plots.place_labels(ax, xs, ys, labels, [f"{k}.{k}" for k in range(12)])
    except plots.LabelPlacementError:
        return  # refusing is allowed; overlapping is not
    _assert_no_overlap(fig, texts)
    assert plots.overlapping_pairs(texts) == []
