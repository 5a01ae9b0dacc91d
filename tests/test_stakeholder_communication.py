"""Stakeholder communication (report 2.4.2), in memory, against values worked out by hand.

The counts are typed from 2.4.2's 溝通成效 (2025 年) of each group; every total is the
report's numbers added by hand (the report prints none of them). Spoilt files are refused
through the chapter's own ``load`` on a copy of the project.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import edit
from memory import reference, run

from sustainability_appendix.chapters import stakeholder_communication as sc
from sustainability_appendix.chapters.stakeholder_communication import COUNT_COLUMNS, CommunicationInputs, Total
from sustainability_appendix.errors import InputError

# (group, item, channel, part, value, unit) as 2.4.2 prints them
COUNTS_2025 = [
    ("S1", "petitions_1999", "platform_1999", "mechanism", 4964, "件"),
    ("S1", "union_assemblies_attended", "meetings", "mechanism", 661, "家"),
    ("S1", "union_board_meetings_filed", "meetings", "mechanism", 2001, "家"),
    ("S1", "union_supervisory_meetings_filed", "meetings", "mechanism", 988, "家"),
    ("S1", "outreach_sessions_workers", "outreach", "mechanism", 445, "場"),
    ("S2", "outreach_sessions_employers", "outreach", "mechanism", 157, "場"),
    ("S2", "foreign_worker_case_visits", "visits", "mechanism", 20272, "次"),  # 2 萬 0,272
    ("S5", "facebook_bureau_views", "social_media", "outcome", 2_799_000, "人次"),  # 279.9 萬
    ("S5", "facebook_museum_views", "social_media", "outcome", 560_000, "人次"),  # 56 萬
    ("S5", "instagram_views", "social_media", "outcome", 1_176_000, "人次"),  # 117.6 萬
    ("S5", "youtube_views", "social_media", "outcome", 1_023_000, "人次"),  # 102.3 萬
    ("S6", "goods_procurements", "procurement", "outcome", 24, "件"),
    ("S6", "service_contracts", "service_contracts", "outcome", 80, "件"),
    ("S7", "discrimination_committee_meetings", "meetings", "outcome", 4, "場"),
    ("S7", "discrimination_committee_experts", "meetings", "outcome", 10, "人"),
    ("S7", "employment_promotion_committee_meetings", "meetings", "outcome", 2, "場"),
    ("S7", "employment_promotion_committee_experts", "meetings", "outcome", 8, "人"),
    ("S7", "labour_rights_fund_committee_meetings", "meetings", "outcome", 4, "場"),
    ("S7", "labour_rights_fund_committee_experts", "meetings", "outcome", 10, "人"),
    ("S7", "labour_autonomy_committee_meetings", "meetings", "outcome", 3, "場"),
    ("S7", "labour_autonomy_committee_experts", "meetings", "outcome", 15, "人"),
]
CHANNELS_2025 = [("S1", "platform_1999", "real_time"), ("S1", "meetings", "occasional"), ("S1", "outreach", "occasional"),
                 ("S1", "phone", "real_time"), ("S2", "outreach", "occasional"), ("S5", "social_media", "occasional"),
                 ("S6", "procurement", "occasional"), ("S6", "service_contracts", "occasional"),
                 ("S7", "meetings", "regular")]


def _labels():
    labels: dict[str, dict[str, str]] = {}
    for r in reference("communication_vocabulary").itertuples():
        labels.setdefault(r.vocabulary, {})[r.code] = r.label
    return labels


def _totals():
    table = reference("communication_totals")
    return tuple(Total(r.metric_id, r.label, r.unit, tuple(p.strip() for p in r.parts.split(";")), int(row))
                 for row, r in zip(table.index, table.itertuples()))


def _inputs(year, counts=COUNTS_2025, channels=CHANNELS_2025, totals=None) -> CommunicationInputs:
    if counts is None:
        frame = channels_frame = None
    else:
        frame = pd.DataFrame([{"stakeholder": g, "item": i, "channel": c, "part": p, "value": float(v), "unit": u,
                               "label": i.replace("_", " "), "gri": "2-29", "held_in": "", "cite": "2.4.2"}
                              for g, i, c, p, v, u in counts], columns=COUNT_COLUMNS)
        channels_frame = pd.DataFrame([{"stakeholder": g, "channel": c, "frequency": f, "source": "2.4.2"}
                                       for g, c, f in channels])
    groups = reference("stakeholder_groups")[["stakeholder", "name", "short_name", "name_en"]]
    return CommunicationInputs(year, frame, channels_frame, groups, _labels(), _totals() if totals is None else totals,
                               tuple(f"S{n}" for n in range(1, 9)))


@pytest.fixture(scope="module")
def results():
    return run("stakeholder_communication", {2023: _inputs(2023, counts=None), 2024: _inputs(2024, counts=None),
                                             2025: _inputs(2025)})


def test_counts_are_inputs_with_their_group(results):
    r = results[2025]
    m = r.metric("foreign_worker_case_visits")
    assert m.value == 20272 and m.kind == "input" and m.gri == "2-29"
    assert m.label.startswith("企業與雇主：")


def test_totals_add_counts_in_one_unit(results):
    r = results[2025]
    assert r.value("union_meetings_total") == 661 + 2001 + 988 == 3650
    assert r.value("outreach_sessions_total") == 445 + 157 == 602
    assert r.value("social_media_views_total") == 2_799_000 + 560_000 + 1_176_000 + 1_023_000 == 5_558_000
    assert r.value("procurement_cases_total") == 24 + 80 == 104
    assert r.value("committee_meetings_total") == 4 + 2 + 4 + 3 == 13
    assert r.value("committee_experts_total") == 10 + 8 + 10 + 15 == 43
    assert all("not printed" in r.metric(t.metric_id).label for t in _totals())


def test_a_total_whose_part_was_not_printed_says_which():
    counts = [c for c in COUNTS_2025 if c[1] != "youtube_views"]
    r = run("stakeholder_communication", {2025: _inputs(2025, counts=counts)})[2025]
    m = r.metric("social_media_views_total")
    assert m.value is None and "youtube_views" in m.missing_reason


def test_a_total_over_parts_in_other_units_names_the_reference_row():
    total = Total("mixed_total", "混合", "場", ("outreach_sessions_workers", "foreign_worker_case_visits"), 9)
    with pytest.raises(InputError, match=r"communication_totals.csv, row 9, column 'parts'.*"
                                         r"foreign_worker_case_visits in '次'"):
        run("stakeholder_communication", {2025: _inputs(2025, totals=(total,))})


def test_years_without_counts_say_so_and_show_no_trend(results):
    assert results[2023].metrics == [] and "2023 年未公布" in results[2023].notes[0]
    trend = results[2025].tables["trend"]
    assert list(trend["year"]) == [2023, 2024, 2025]
    assert trend["counts_reported"].isna().tolist() == [True, True, False]
    assert any("2023、2024 年報告未印出" in n for n in results[2025].notes)


def test_channels_listed_against_channels_counted(results):
    groups = results[2025].tables["groups"].set_index("stakeholder")
    assert groups.at["S1", "channels_listed"] == 4 and groups.at["S1", "channels_counted"] == 3
    assert groups.at["S1", "listed_without_counts"] == "電話"
    assert groups.at["S2", "counted_not_listed"] == "訪視"  # visits are counted, not listed under 溝通管道
    assert any("企業與雇主（訪視）" in n for n in results[2025].notes)


# ---- the repository's files, and spoilt copies, through load ----------------------------------------------

FILE = "stakeholder_communication.csv"


def _load_error(project) -> str:
    with pytest.raises(InputError) as err:
        sc.load(project, 2025)
    return str(err.value)


def test_held_counts_are_read_from_the_file_holding_them(project_copy):
    inputs = sc.load(project_copy, 2025)
    counts = inputs.counts.set_index("item")
    assert counts.at["industry_pretraining_classes", "value"] == 16  # training_programmes.csv
    assert counts.at["employee_training_hours", "value"] == 18_781  # quantities.csv: 1 萬 8,781 小時
    assert "training_programmes.csv row" in counts.at["industry_pretraining_classes", "cite"]
    assert counts.at["facebook_bureau_views", "value"] == 2_799_000
    assert counts.at["migrant_workers_care_visits", "value"] == 20_272  # 2 萬 0,272, labour_inspection.csv
    assert "labour_inspection.csv row" in counts.at["migrant_workers_care_visits", "cite"]
    assert counts.at["disputes_commissioned_cases", "value"] == 2_559
    # 執行勞動檢查 2 萬 3,520 is the labour-inspection chapter's total (2,758 + 20,762), not a count typed here
    assert "labour_inspections" not in counts.index and "inspections_total" not in counts.index
    assert sc.load(project_copy, 2024).counts is None


def test_a_held_count_the_other_file_lacks_is_named(project_copy):
    edit(project_copy.raw_dir(2025) / FILE, "training_programmes,job_fairs.vacancies,",
         "training_programmes,job_fairs.openings,")
    edit(project_copy.raw_dir(2025) / FILE, "2025,S2,job_fairs_vacancies,", "2025,S2,job_fairs_openings,")
    message = _load_error(project_copy)
    assert f"{FILE}, row 26, column 'held_as'" in message
    assert "a row of data/raw/2025/training_programmes.csv for 'job_fairs.openings'" in message


def test_a_held_count_typed_again_and_a_count_without_value(project_copy):
    path = project_copy.raw_dir(2025) / FILE
    edit(path, "2025,S1,industry_pretraining_classes,training,outcome,,,", "2025,S1,industry_pretraining_classes,training,outcome,16,班,")
    edit(path, "2025,S4,council_questions,council,mechanism,58,案,", "2025,S4,council_questions,council,mechanism,,案,")
    message = _load_error(project_copy)
    assert "row 2, column 'value': expected an empty cell when held_in names the file holding the count" in message
    assert "row 2, column 'unit'" in message
    assert "column 'value': expected the count as printed (or held_in naming the file that holds it), found 'an empty cell'" in message


def test_a_held_count_under_another_name_is_refused(project_copy):
    edit(project_copy.raw_dir(2025) / FILE, "2025,S1,industry_pretraining_classes,", "2025,S1,pretraining_classes,")
    assert ("column 'item': expected 'industry_pretraining_classes', the name the chapter reading "
            "training_programmes.csv gives this count") in _load_error(project_copy)


def test_a_group_the_year_did_not_identify(project_copy):
    edit(project_copy.raw_dir(2025) / "materiality_stakeholders.csv", "S4,報告 2.4.1 利害關係人鑑別；2.4.2\n", "")
    message = _load_error(project_copy)
    assert f"{FILE}, row 36, column 'stakeholder': expected a group the year's assessment identified" in message


def test_unknown_group_and_channel(project_copy):
    edit(project_copy.raw_dir(2025) / FILE, "2025,S3,interagency_meetings,meetings,", "2025,S9,interagency_meetings,meeting,")
    message = _load_error(project_copy)
    assert "row 34, column 'stakeholder'" in message and "'S9'" in message
    assert "row 34, column 'channel'" in message and "'meeting'" in message


def test_malformed_gri_code(project_copy):
    edit(project_copy.raw_dir(2025) / FILE, "58,案,議員質詢及提案回覆案件 Councillors' questions and motions answered,,,2-29,",
         "58,案,議員質詢及提案回覆案件 Councillors' questions and motions answered,,,GRI 2-29,")
    assert ("row 36, column 'gri': expected GRI disclosure codes such as 2-29 or 201-1, separated by ';', "
            "found 'GRI 2-29'") in _load_error(project_copy)
