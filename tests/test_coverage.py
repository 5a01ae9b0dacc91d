"""Coverage of the report by section: every printed figure counted under the section of the
report's table of contents its own section text names, whatever chapter transcribed it."""

from __future__ import annotations

import pandas as pd
import pytest

from sustainability_appendix.review.coverage import UNMATCHED, build_coverage, load_sections, section_of
from sustainability_appendix.review.register import build_register
from sustainability_appendix.review.results import YearResults
from sustainability_appendix.review.year import register_of


@pytest.fixture(scope="module")
def data(computation) -> YearResults:
    return YearResults(computation, 2025)


@pytest.fixture(scope="module")
def sections(data):
    report_year, note, found = load_sections(data)
    assert (report_year, note) == (2025, "")
    return found


@pytest.mark.parametrize("text, key", [
    ("3.3.2.1 近三年員工新進率統計表 (2025 年欄)", "3.3.2"),
    ("3.3.2.3 職場健康安全 安全及衛生防護委員 正文", "3.3.2"),  # a section no chapter reads yet
    ("2025 年 ESG 永續績效管理 E 環境面", "esg"),
    ("3.1 淨零推動成果及策略 正文", "3.1.1"),  # the introduction of 3.1 is counted with 3.1.1
    ("3.1.2 近三年電力使用量統計表", "3.1.2"),
    ("5.1 SDG 13 能源管理", "5.1"),
    ("2.4.2 勞動參與者與工會團體 溝通成效", "2.4"),
    ("S- 社會共融", "3.3.2"),
    ("4 未來展望", "4"),
])
def test_a_figure_belongs_to_the_section_its_text_begins_with(sections, text, key):
    assert section_of(text, sections).key == key


@pytest.mark.parametrize("text", ["3.3.20 no such section", "synthetic", "40 年", "ESG"])
def test_a_section_text_of_no_section_matches_none(sections, text):
    assert section_of(text, sections) is None


def test_the_2025_register_by_section(data):
    coverage = build_coverage(data, build_register(data))
    rows = coverage.frame.set_index("section")
    # 3.1.2 of 2025: energy 13 (electricity 01–06, gasoline 09–12, the factors in the tables' notes
    # 17–19), ghg 9 (01–07, the factors in the reduction table's note 08–09), water 6 (01–06), resources 5
    # (01–04, 08; the paper saved of the reduction table is ghg-2025-03, printed once); inputs: kWh, litres and employees twice, withdrawal, discharge and employees,
    # paper sheets twice, the e-document ratio, and the factors 0.0036 GJ/kWh, 7,586 kcal/L,
    # 0.0000041868 GJ/kcal, 0.474 kgCO2e/kWh and 10 gCO2e/張; 214.13 from its printed parts; 19.32% differs.
    # Three more are printed but have no metric: the air-conditioning range 26 and 28 °C and the
    # green-procurement "近 100%". (7,800 and 7,609 kcal/L are in the registers of 2023 and 2024.)
    three_one_two = rows.loc["3.1.2"]
    assert three_one_two["figures"] == 33 + 3
    assert three_one_two["not_checkable"] == 3
    assert (three_one_two["input"], three_one_two["reproduces_from_parts"], three_one_two["differs"]) == (15, 1, 1)
    assert three_one_two["reconciled"] == 33 - 15 and three_one_two["reproduces"] == 16
    # 2.5 prints seven figures the appendix cannot check: 求職就業率 69.4%, 初步媒合率 50.9%, 失業率 3.2%,
    # 身障服務績效考核 3 次, 節約能源小組會議 2 次, 五大流程, 勞資爭議調解成立率 71%
    assert rows.loc["2.5", "not_checkable"] == 7
    assert rows.loc["2.4", "illustrative"] == 1  # 由內部 19 個主管進行評分
    # 3.3.3: ethics offices 3, part-time officers 1, coverage 100%, privacy fines 0, the integrity training's
    # 1 場 and 60 名 procurement staff (3.3.3.1), one risk meeting a year (3.3.3.2), the budget table's 12
    # amounts and the 635,498 千元 grant (3.3.3.3): all 20 numbers the section prints
    assert rows.loc["3.3.3", "figures"] == 6 + 1 + 12 + 1
    # The ESG summary prints most figures twice, in the headline cell and in the sentence beside it.
    # E 14: 2 案, 1 家, 19.01%, 19.32%, 3.25%, 666 件 and 8,703 處, each twice. S 53: 30,230, 14,653,
    # 2,273, 20,272, 1,306 and the five museum figures twice; 532, 242, 6,696 and 1,588 twice with one
    # number beside each (25, 50.9%, 512, 24); the 4,955 and 808 headlines with their 8 and 6 parts; 139,
    # 19, one seminar, 51, 70. G 14: 60 and 295 twice with their sessions; 100% and the three zeros twice.
    # The register holds 81 rows, but the AI course's 24 場 twice (training and sdg_indicators both
    # transcribe the course) and the headline 19.01% not yet (energy.csv).
    assert rows.loc["esg", "figures"] == 81
    assert rows.loc["2.3", "figures"] == 0  # awards, no figure: a row of zeros, shown rather than left out
    assert coverage.frame["figures"].sum() == len(build_register(data))
    assert UNMATCHED not in rows.index


def test_every_number_of_the_esg_summary_and_of_3_3_3_is_in_a_register(data):
    """data/printed/report_sections.csv: the ESG summary prints 81 numbers and 3.3.3 prints 20, all of 2025;
    each is transcribed, the summary's headline cells as well as the sentences beside them."""
    coverage = build_coverage(data, build_register(data), lambda y: register_of(data.computation, y))
    rows = coverage.frame.set_index("section")
    assert rows.loc["esg", "numbers_printed"] == 81 and rows.loc["3.3.3", "numbers_printed"] == 20
    assert rows.loc["esg", "not_in_register"] == 0 and rows.loc["3.3.3", "not_in_register"] == 0


def test_every_section_registers_each_number_it_prints_once(data):
    """The counts of numbers printed per section (data/printed/report_sections.csv, counted in the report,
    705 in all) equal the rows of the three years' registers under that section: nothing is left out, and
    a number printed once is not registered twice (a surplus would hide a gap elsewhere)."""
    coverage = build_coverage(data, build_register(data), lambda y: register_of(data.computation, y))
    frame = coverage.frame.set_index("section")
    assert frame["numbers_printed"].sum() == 705
    assert (frame["figures_all_years"] - frame["numbers_printed"]).to_dict() == dict.fromkeys(frame.index, 0)


def test_the_report_year_sets_all_its_registers_against_what_it_prints(data):
    register = pd.DataFrame({"section": ["3.3.2.3 職場健康安全", "3.3.2.1 人力概況", "3.2 SDG 8"],
                             "status": ["input", "reproduces", "not_checkable"]})
    earlier = {2023: pd.DataFrame({"section": ["3.3.2.1 表 (2023 年欄)"], "status": ["input"]}),
               2024: None}  # a year that cannot be reviewed is left out, and said so
    coverage = build_coverage(data, register, earlier.get)
    rows = coverage.frame.set_index("section")
    assert coverage.report_wide
    assert rows.loc["3.3.2", "figures"] == 2 and rows.loc["3.3.2", "figures_all_years"] == 3
    # data/printed/report_sections.csv: the report prints 214 numbers in 3.3.2 and 103 in 3.2
    assert rows.loc["3.3.2", "numbers_printed"] == 214 and rows.loc["3.3.2", "not_in_register"] == 211
    assert rows.loc["3.2", "not_in_register"] == 102
    assert "2024" in coverage.note and not coverage.complete()


def test_an_unmatched_section_is_listed_by_its_text(data):
    register = pd.DataFrame({"section": ["synthetic", "3.1.2 表"], "status": ["reproduces", "reproduces"]})
    coverage = build_coverage(data, register)  # no earlier registers: this year only
    rows = coverage.frame.set_index("section")
    assert rows.loc[UNMATCHED, "figures"] == 1 and rows.loc[UNMATCHED, "sections_printed"] == "synthetic"
    assert coverage.unmatched == ["synthetic"]
    assert rows.loc["3.1.2", "numbers_printed"] == ""  # set against the report only with every year's register


def test_an_earlier_year_is_counted_by_the_later_reports_sections(computation):
    earlier = YearResults(computation, 2023)
    coverage = build_coverage(earlier, build_register(earlier))
    assert coverage.report_year == 2025 and not coverage.report_wide and "2025" in coverage.note
    assert coverage.frame.set_index("section").loc["3.1.2", "figures"] > 0
