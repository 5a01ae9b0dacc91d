"""Materiality chapter: the significance formula, thresholds, example labelling, the
matrix labels, and bad input."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sustainability_appendix.chapters import materiality as m  # noqa: E402
from sustainability_appendix.present import materiality_plots as plots  # noqa: E402
from sustainability_appendix.errors import InputError  # noqa: E402
from sustainability_appendix.project import project_root, raw_dir  # noqa: E402
from sustainability_appendix.review.reconcile import REPRODUCES, reconcile  # noqa: E402

ROOT = project_root()


# --- a small hand-worked data set in tmp_path ---------------------------------------------------------------

STAKEHOLDERS = [
    {"stakeholder": "S1", "name": "勞動參與者與工會團體", "short_name": "勞工與工會", "name_en": "Workers", "source": "2.4.1"},
    {"stakeholder": "S2", "name": "企業與雇主", "short_name": "企業與雇主", "name_en": "Employers", "source": "2.4.1"},
]
MATERIAL = [
    {"material_topic": "MT1", "name": "淨零公正轉型與就業發展", "gri_standards": "GRI 203",
     "gri_disclosures": "203-1", "stakeholders": "S1; S2", "source": "2.5.2"},
]
TOPICS = [
    {"topic": "1.1", "name": "主題甲", "group": "1", "group_name": "群組一", "material_topic": "MT1", "source": "2.5.1"},
    {"topic": "1.2", "name": "主題乙", "group": "1", "group_name": "群組一", "material_topic": "MT1", "source": "2.5.1"},
    {"topic": "2.1", "name": "主題丙", "group": "2", "group_name": "群組二", "material_topic": "", "source": "2.5.1"},
]
RATINGS = [
    {"material_topic": "MT1", "dimension": "governance", "stars": "5", "reading": "printed",
     "stars_as_extracted": "☆☆☆ ☆☆", "statements": "提升產業競爭力與永續性。", "note": ""},
]


def _s(rater, kind, group, *scores):
    keys = ["dependency", "responsibility", "influence", "diverse_perspectives", "tension"]
    return {"data_status": "survey", "rater_id": rater, "rater_type": kind, "stakeholder": group,
            **{k: str(v) for k, v in zip(keys, scores)}}


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


def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def make_inputs(folder: Path, **tables) -> Path:
    """Write the hand-worked data set; keyword arguments replace whole tables."""
    defaults = {
        "materiality_stakeholders": STAKEHOLDERS, "materiality_material_topics": MATERIAL,
        "materiality_topics": TOPICS, "materiality_published_ratings": RATINGS,
        "materiality_stakeholder_responses": stakeholder_responses(),
        "materiality_impact_responses": impact_responses(),
    }
    defaults.update(tables)
    for stem, rows in defaults.items():
        write_csv(folder / f"{stem}.csv", rows)
    return folder


def problems_of(excinfo) -> list:
    return excinfo.value.problems


# --- the formula --------------------------------------------------------------------------------------------

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


def test_hand_worked_topics_and_stakeholders(tmp_path):
    result = m.compute(2025, stakeholder_threshold=3.0, significance_threshold=3.0, folder=make_inputs(tmp_path))
    topics = result.tables["topics"].set_index("topic")
    assert topics.loc["1.1", "significance"] == pytest.approx(3.0)
    assert topics.loc["1.2", "significance"] == pytest.approx(3.75)
    assert topics.loc["2.1", "significance"] == pytest.approx(2.5)
    assert list(result.tables["topics"]["topic"]) == ["1.2", "1.1", "2.1"]  # ranked
    groups = result.tables["stakeholders"].set_index("stakeholder")
    assert groups.loc["S1", "score"] == pytest.approx(3.0)  # 0.5×3 + 0.5×3
    assert groups.loc["S2", "score"] == pytest.approx(3.1)  # 0.5×2.2 + 0.5×4
    assert "max(負面 s, 正面 s)" in result.metric("topic_significance_1_1").formula
    assert result.tables["comparison"].set_index("material_topic").loc["MT1", "covered"]


def test_external_weight_moves_the_selection(tmp_path):
    # 2.1 with α = 0.25: 0.75×4 + 0.25×1 = 3.25 ≥ 3.0
    result = m.compute(2025, significance_threshold=3.0, external_weight=0.25, folder=make_inputs(tmp_path))
    topics = result.tables["topics"].set_index("topic")
    assert topics.loc["2.1", "significance"] == pytest.approx(3.25)
    assert topics.loc["2.1", "selected"]


# --- thresholds: inclusive ----------------------------------------------------------------------------------

def test_threshold_is_inclusive():
    assert list(m.passes([3.0, 2.999, 3.0 + 1e-12, 3.0 - 1e-12, 3.5], 3.0)) == [True, False, True, True, True]


def test_topic_exactly_at_threshold_is_selected(tmp_path):
    folder = make_inputs(tmp_path)
    at = m.compute(2025, stakeholder_threshold=3.0, significance_threshold=3.0, folder=folder)
    topics = at.tables["topics"].set_index("topic")
    assert topics.loc["1.1", "selected"]  # S = 3.0 exactly
    assert at.tables["stakeholders"].set_index("stakeholder").loc["S1", "identified"]  # score 3.0 exactly
    above = m.compute(2025, stakeholder_threshold=3.01, significance_threshold=3.01, folder=folder)
    assert list(above.tables["topics"].query("selected")["topic"]) == ["1.2"]
    assert not above.tables["stakeholders"].set_index("stakeholder").loc["S1", "identified"]


def test_sensitivity_counts_follow_the_threshold(tmp_path):
    result = m.compute(2025, folder=make_inputs(tmp_path))
    sens = result.tables["sensitivity"].set_index("threshold")
    assert sens.loc[2.5, "selected_count"] == 3
    assert sens.loc[2.6, "selected_count"] == 2
    assert sens.loc[3.0, "selected_count"] == 2
    assert sens.loc[3.1, "selected_count"] == 1
    assert sens.loc[3.8, "selected_count"] == 0
    assert list(sens["selected_count"]) == sorted(sens["selected_count"], reverse=True)


# --- the illustrative example is labelled -------------------------------------------------------------------

def test_example_files_are_named_and_flagged():
    folder = raw_dir(2025)
    for stem in ("materiality_example_stakeholder_responses", "materiality_example_impact_responses"):
        path = folder / f"{stem}.csv"
        assert path.exists() and "example" in path.name
        with open(path, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows and {r["data_status"] for r in rows} == {"example"}
    assert not (folder / "materiality_stakeholder_responses.csv").exists()  # no file poses as survey data


def test_example_is_labelled_in_results_notebook_and_figures():
    result = m.compute(2025)
    assert bool(result.tables["settings"].iloc[0]["example_data"])
    assert "示例" in result.notes[0] and "illustrative" in result.notes[0]
    assert "示例" in result.metric("topic_significance_1_1").label
    text = (ROOT / "notebooks" / "materiality.py").read_text(encoding="utf-8")
    assert "示例" in text and "illustrative" in text
    fig, _ = plots.matrix_figure(result.tables["topics"], 3.5, 0.5, example=True)
    assert "示例" in fig.axes[0].get_title() and "illustrative" in fig.axes[0].get_title()
    for maker in (lambda: plots.ranking_figure(result.tables["topics"], 3.5, True),
                  lambda: plots.sensitivity_figure(result.tables["sensitivity"], 3.5, 6, True)):
        assert "示例" in maker().axes[0].get_title()


def test_example_data_is_what_the_documented_script_makes():
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "scripts" / "make_example_materiality_responses.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.INTERNAL_RATERS == 19  # report 2.4.1: 內部 19 個主管
    rng = np.random.default_rng(script.SEED)
    inputs = m.load_inputs(2025)
    made = {
        "stakeholder": script.stakeholder_rows(rng, list(inputs.stakeholders["stakeholder"])),
        "impact": script.impact_rows(rng, {t: bool(mt) for t, mt in zip(inputs.topics["topic"],
                                                                        inputs.topics["material_topic"])}),
    }
    for part, rows in made.items():
        with open(raw_dir(2025) / f"materiality_example_{part}_responses.csv", encoding="utf-8") as f:
            stored = list(csv.DictReader(f))
        assert [{k: str(v) for k, v in r.items()} for r in rows] == stored


# --- the matrix has no overlapping labels -------------------------------------------------------------------

def _assert_no_overlap(fig, texts):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), f"{texts[i].get_text()!r} overlaps {texts[j].get_text()!r}"


def test_matrix_labels_do_not_overlap():
    result = m.compute(2025)
    topics = result.tables["topics"]
    fig, texts = plots.matrix_figure(topics, 3.5, 0.5, example=True)
    assert fig.canvas.get_default_filetype() == "png" and matplotlib.get_backend().lower() == "agg"
    assert len(texts) == len(topics) == 17
    assert {t.get_text().split(" ")[0] for t in texts} == set(topics["topic"])
    assert all(" " in t.get_text() for t in texts)  # code and Chinese name, not the code alone
    _assert_no_overlap(fig, texts)
    frame = fig.axes[0].get_window_extent()
    for t in texts:  # every label inside the axes
        box = t.get_window_extent()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


@pytest.mark.parametrize("weight", [0.0, 0.25, 1.0])
def test_matrix_labels_do_not_overlap_for_other_weights(weight):
    topics = m.compute(2025, external_weight=weight).tables["topics"]
    fig, texts = plots.matrix_figure(topics, 3.5, weight, example=True)
    _assert_no_overlap(fig, texts)


def test_placement_on_a_tight_cluster_never_overlaps():
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


# --- bad input ----------------------------------------------------------------------------------------------

def test_score_outside_the_scale(tmp_path):
    rows = impact_responses()
    rows[0]["scale"] = "6"
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_impact_responses=rows))
    (p,) = problems_of(exc)
    assert p.file.endswith("materiality_impact_responses.csv")
    assert (p.row, p.column, p.found) == (2, "scale", "6")
    assert "'1', '2', '3', '4', '5'" in p.expected
    assert "row 2" in str(exc.value) and "column 'scale'" in str(exc.value)


def test_attribute_score_outside_the_scale(tmp_path):
    rows = stakeholder_responses()
    rows[3]["tension"] = "0"
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_stakeholder_responses=rows))
    assert [(p.row, p.column) for p in problems_of(exc)] == [(5, "tension")]


def test_unknown_topic_code(tmp_path):
    rows = impact_responses()
    rows[4]["topic"] = "9.9"
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_impact_responses=rows))
    (p,) = [p for p in problems_of(exc) if p.row is not None]
    assert (p.row, p.column, p.found) == (6, "topic", "9.9")
    assert "materiality_topics.csv" in p.expected


def test_unknown_stakeholder_code(tmp_path):
    rows = stakeholder_responses()
    rows[1]["stakeholder"] = "S9"
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_stakeholder_responses=rows))
    found = {(p.row, p.column, p.found) for p in problems_of(exc)}
    assert (3, "stakeholder", "S9") in found


def test_topic_rolled_up_to_a_material_topic_that_does_not_exist(tmp_path):
    topics = [dict(t) for t in TOPICS]
    topics[2]["material_topic"] = "MT7"
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_topics=topics))
    (p,) = problems_of(exc)
    assert p.file.endswith("materiality_topics.csv")
    assert (p.row, p.column, p.found) == (4, "material_topic", "MT7")
    assert "MT1" in p.expected


def test_partial_rater_is_dropped_with_a_warning(tmp_path):
    rows = stakeholder_responses() + [_s("I2", "internal", "S1", 5, 5, 5, 5, 5), _s("I2", "internal", "S2", 5, "", 5, 5, 5)]
    impacts = impact_responses() + [_i("I2", "internal", "1.1", "negative", "actual", 5, 5, irr=5)]  # skipped the rest
    result = m.compute(2025, folder=make_inputs(tmp_path, materiality_stakeholder_responses=rows,
                                                materiality_impact_responses=impacts))
    warnings = [n for n in result.notes if "Warning" in n]
    assert len(warnings) == 2 and all("1 位" in w and "I2" in w for w in warnings)
    assert result.value("stakeholder_internal_raters_count") == 1
    assert result.value("impact_internal_raters_count") == 1
    assert sorted(result.tables["dropped"]["part"]) == ["impacts", "stakeholders"]
    topics = result.tables["topics"].set_index("topic")
    assert topics.loc["1.1", "significance"] == pytest.approx(3.0)  # as without I2
    assert result.tables["stakeholders"].set_index("stakeholder").loc["S1", "score"] == pytest.approx(3.0)


def test_blank_needed_answer_drops_but_blank_not_needed_is_fine(tmp_path):
    rows = impact_responses()
    rows[4]["likelihood"] = ""  # I1 1.2 negative potential without likelihood
    result = m.compute(2025, folder=make_inputs(tmp_path, materiality_impact_responses=rows))
    assert list(result.tables["dropped"]["rater_id"]) == ["I1"]
    assert "likelihood" in result.tables["dropped"]["reason"].iloc[0]
    assert result.value("impact_internal_raters_count") == 0
    assert any("internal" in n for n in result.notes)  # external alone was used


def test_all_raters_partial_is_an_error(tmp_path):
    rows = impact_responses()
    rows[0]["scope"] = ""
    rows[2]["scope"] = ""
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_impact_responses=rows))
    assert problems_of(exc)[0].column == "rater_id"


def test_answers_that_do_not_apply_are_errors(tmp_path):
    rows = impact_responses()
    rows[1]["irremediability"] = "3"  # positive impact
    rows[0]["likelihood"] = "3"  # actual impact
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_impact_responses=rows))
    assert {(p.row, p.column) for p in problems_of(exc)} == {(3, "irremediability"), (2, "likelihood")}


def test_example_rows_in_a_survey_file_are_an_error(tmp_path):
    rows = impact_responses()
    rows[0]["data_status"] = "example"
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_impact_responses=rows))
    (p,) = problems_of(exc)
    assert (p.row, p.column) == (2, "data_status")


def test_example_file_is_used_when_no_survey_file(tmp_path):
    folder = make_inputs(tmp_path)
    for stem in ("stakeholder_responses", "impact_responses"):
        src = folder / f"materiality_{stem}.csv"
        text = src.read_text(encoding="utf-8").replace("survey", "example")
        (folder / f"materiality_example_{stem}.csv").write_text(text, encoding="utf-8")
        src.unlink()
    result = m.compute(2025, folder=folder)
    assert bool(result.tables["settings"].iloc[0]["example_data"])
    assert "materiality_example_impact_responses" in result.tables["settings"].iloc[0]["impact_file"]


def test_published_stars_must_match_the_extracted_stars(tmp_path):
    ratings = [dict(RATINGS[0], stars="4")]
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_published_ratings=ratings))
    (p,) = problems_of(exc)
    assert (p.row, p.column) == (2, "stars")


def test_lost_rating_must_stay_blank(tmp_path):
    ratings = [dict(RATINGS[0], reading="lost", stars="3", stars_as_extracted="")]
    with pytest.raises(InputError) as exc:
        m.compute(2025, folder=make_inputs(tmp_path, materiality_published_ratings=ratings))
    assert problems_of(exc)[0].column == "stars"


# --- the real 2025 inputs, and years without an assessment --------------------------------------------------

def test_2025_catalogue_matches_the_report():
    inputs = m.load_inputs(2025)
    assert len(inputs.stakeholders) == 8
    assert len(inputs.topics) == 17
    assert len(inputs.material_topics) == 6
    assert set(inputs.topics["material_topic"]) - {""} == set(inputs.material_topics["material_topic"])
    ratings = inputs.ratings.set_index(["material_topic", "dimension"])
    assert ratings.loc[("MT1", "governance"), "stars"] == 5  # "☆☆☆ ☆☆" counts as 5
    assert ratings.loc[("MT3", "human_rights"), "reading"] == "lost"


def test_2025_reconciliation_reproduces():
    result = m.compute(2025)
    rec = reconcile(result)
    assert len(rec) == 4 and set(rec["status"]) == {REPRODUCES}


@pytest.mark.parametrize("year", [2023, 2024])
def test_years_without_an_assessment_do_not_crash(year):
    result = m.compute(year)
    assert result.tables == {}
    assert all(metric.value is None and "2025" in metric.missing_reason for metric in result.metrics)
    assert any("2025" in n for n in result.notes)
    assert reconcile(result).empty
