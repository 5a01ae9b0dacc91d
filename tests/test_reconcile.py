"""Reconciliation: each printed figure against its recomputed metric, rounded half-up to the
printed precision; the register of a year built from the chapters' results."""

from decimal import Decimal

import pytest
from conftest import ROOT
from memory import printed_table

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.project import Project
from sustainability_appendix.review.audit.declarations import Declarations, Identity
from sustainability_appendix.review.parts import printed_parts
from sustainability_appendix.review.reconcile import (
    DIFFERS,
    ILLUSTRATIVE,
    INPUT,
    NOT_CHECKABLE,
    REPRODUCES,
    REPRODUCES_FROM_PARTS,
    STATUS_LABELS,
    PrintedParts,
    decimals_of,
    reconcile,
    round_half_up,
)
from sustainability_appendix.review.register import build_register, status_counts
from sustainability_appendix.review.results import YearResults


def _result(*metrics: Metric) -> ChapterResult:
    result = ChapterResult("demo", 2025)
    for m in metrics:
        result.add(m)
    return result


@pytest.mark.parametrize("text, decimals", [("7,491.88", 2), ("649", 0), ("19.01%", 2), ("48.5230", 4),
                                            ("-0.18%", 2), ("5 萬 4,176", 0), ("95％", 0),
                                            ("279.9 萬", -3), ("56 萬", -4)])
def test_decimals_follow_the_printed_figure(text, decimals):
    assert decimals_of(text) == decimals


def test_rounding_is_half_up_as_printed_reports_do():
    assert str(round_half_up(0.125, 2)) == "0.13"  # Python's round() gives 0.12
    assert str(round_half_up(2.5, 0)) == "3"  # round() gives 2
    assert str(round_half_up(1.005, 2)) == "1.01"  # the decimal as written, not the binary float below it
    assert str(round_half_up(-0.125, 2)) == "-0.13"


def test_statuses():
    result = _result(
        Metric("a", 212.337306 + 1.78706, "t", "a", "x + y", "in"),  # report 3.1.2: 212.34 + 1.79 printed as 214.13
        Metric("b", 1_908_301 * 0.0036, "GJ", "b", "kWh × 0.0036", "in"),
        Metric("c", None, "%", "c", "f", "", missing_reason="2022 not published"),
        Metric("d", 649, "人", "d", "input", "in", kind="input"),
        Metric("e", (26_499.47 - 26_547) / 26_499.47 * 100, "%", "e", "f", "in"),
        Metric("f", 1096.7893 + 357.9648, "t", "f", "input", "in", kind="input"))
    rec = reconcile(result, printed_table([
        ("f1", "a", "", "214.13", "t", "3.1.2", "rounded parts"),
        ("f2", "b", "", "6,869.88", "GJ", "3.1.2"),
        ("f3", "c", "", "0.28%", "%", "5.1"),
        ("f4", "d", "", "649", "人", "3.1.2"),
        ("f5", "e", "", "-0.18%", "%", "5.1"),
        ("f6", "f", "", "1,454.76", "t", "3.1.2"),  # an input transcribed wrongly is not 'input' but differs
    ]))
    assert list(rec["status"]) == [DIFFERS, REPRODUCES, NOT_CHECKABLE, INPUT, REPRODUCES, DIFFERS]
    assert rec.loc[0, "recomputed"] == "214.12" and rec.loc[0, "difference"] == "-0.01"
    assert rec.loc[0, "note"] == "rounded parts"
    assert rec.loc[1, "recomputed"] == "6,869.88" and rec.loc[1, "difference"] == "0"  # separators as printed
    assert "2022 not published" in rec.loc[2, "note"] and rec.loc[2, "recomputed"] == ""
    assert rec.loc[4, "recomputed"] == "-0.18"
    assert rec.loc[5, "recomputed"] == "1,454.75" and rec.loc[5, "difference"] == "-0.01"
    assert list(rec["status_label"])[:2] == ["不符 Differs", "相符 Reproduces"]


def test_a_figure_printed_in_ten_thousands_is_compared_at_its_precision_and_shown_as_printed():
    # report 2.4.2: 勞工局 Facebook 粉專瀏覽 279.9 萬人次 is 2,799,000 to the nearest thousand; 56 萬 to the nearest
    # ten thousand. A count of 2,799,420 rounds to 279.9 萬; 2,799,600 to 280.0 萬, 100 (hundreds) more than printed.
    result = _result(Metric("views", 2_799_420, "人次", "views", "sum", "in"),
                     Metric("more", 2_799_600, "人次", "more", "sum", "in"),
                     Metric("museum", 563_000, "人次", "museum", "sum", "in"))
    rec = reconcile(result, printed_table([("f1", "views", "", "279.9 萬", "人次", "2.4.2"),
                                           ("f2", "more", "", "279.9 萬", "人次", "2.4.2"),
                                           ("f3", "museum", "", "56 萬", "人次", "2.4.2")]))
    assert list(rec["status"]) == [REPRODUCES, DIFFERS, REPRODUCES]
    assert rec.loc[0, "recomputed"] == "279.9 萬" and rec.loc[0, "difference"] == "0"
    assert rec.loc[1, "recomputed"] == "280.0 萬" and rec.loc[1, "difference"] == "+0.1 萬"
    assert rec.loc[2, "recomputed"] == "56 萬"


def test_a_total_of_rounded_parts_reproduces_from_the_printed_parts():
    # report 3.1.2 節能減碳成果一覽表: 447,969 kWh × 0.474 = 212.3373 t and 178,706 sheets × 10 g = 1.7871 t;
    # the unrounded sum 214.1244 prints as 214.12, the report prints 212.34 + 1.79 = 214.13
    result = _result(Metric("total", 447_969 * 0.474 / 1000 + 178_706 * 10 / 1e6, "t", "total", "x + y", "in"),
                     Metric("wrong", 214.1244, "t", "wrong", "x + y", "in"))
    parts = {"total": PrintedParts(Decimal("212.34") + Decimal("1.79"), "x 212.34 + y 1.79", "sum"),
             "wrong": PrintedParts(Decimal("212.34") + Decimal("1.79"), "x 212.34 + y 1.79", "sum")}
    rec = reconcile(result, printed_table([("f1", "total", "", "214.13", "t", "3.1.2"),
                                           ("f2", "wrong", "", "214.15", "t", "3.1.2")]), parts)
    assert list(rec["status"]) == [REPRODUCES_FROM_PARTS, DIFFERS]  # 214.15 is neither the sum nor its parts'
    assert rec.loc[0, "recomputed"] == "214.12" and rec.loc[0, "difference"] == "-0.01"
    assert "x 212.34 + y 1.79 = 214.13" in rec.loc[0, "note"] and "214.1244" in rec.loc[0, "note"]
    assert rec.loc[0, "status_label"] == STATUS_LABELS[REPRODUCES_FROM_PARTS]
    # a sum of parts printed with more decimals is rounded as the total is printed: 1.005 + 2.004 = 3.009 → 3.01
    assert PrintedParts(Decimal("3.009"), "", "").reproduces("3.01")
    assert not PrintedParts(Decimal("3.009"), "", "").reproduces("3.00")


def test_the_printed_parts_come_from_the_audit_identities():
    data = YearResults(Computation(Project(ROOT), chapters=(chapter("energy"), chapter("ghg"),
                                                            chapter("resources"))), 2025)
    parts = printed_parts(data, "ghg")
    found = parts["total_reduction_tco2e"]  # audit_identities.csv ghg-reduction-total
    assert found.total == Decimal("214.13") and found.identity == "ghg-reduction-total"
    assert found.shown == "ghg.electricity_reduction_tco2e 212.34 + ghg.paper_reduction_tco2e 1.79"
    # 2,356,270 − 1,908,301 = 447,969 kWh, from the electricity table of 2024 and 2025
    assert parts["electricity_saved"].total == Decimal("447969")
    # only sums and differences of printed figures: a product or an unprinted figure gives none
    product = Identity("product", "", "ghg.total_reduction_tco2e", "ghg.electricity_reduction_tco2e * 2")
    unprinted = Identity("unprinted", "", "ghg.total_reduction_tco2e", "ghg.electricity_gj_saved_placeholder")
    assert printed_parts(data, "ghg", Declarations((product,), (), (), (), ())) == {}
    assert printed_parts(data, "ghg", Declarations((unprinted,), (), (), (), ())) == {}


def test_a_figure_matched_against_example_data_is_illustrative():
    result = _result(Metric("raters", 19, "人", "raters (example)", "count", "example.csv", kind="illustrative"),
                     Metric("other", 20, "人", "raters (example)", "count", "example.csv", kind="illustrative"))
    rec = reconcile(result, printed_table([("f1", "raters", "由內部 19 個主管進行評分", "19", "個", "2.4.1"),
                                           ("f2", "other", "", "19", "個", "2.4.1")]))
    assert list(rec["status"]) == [ILLUSTRATIVE, ILLUSTRATIVE]  # a match proves nothing, a mismatch neither
    assert list(rec["recomputed"]) == ["19", "20"]


def test_a_printed_figure_naming_no_metric_cannot_be_checked():
    rec = reconcile(_result(Metric("a", 1.0, "%", "a", "f", "in")), printed_table([
        ("f1", "", "初步媒合率", "50.9%", "%", "2.5.3", "inputs not published"),
        ("f2", "", "求職就業率", "69.4%", "%", "2.5.3"),
    ]))
    assert list(rec["status"]) == [NOT_CHECKABLE, NOT_CHECKABLE]
    assert list(rec["recomputed"]) == ["", ""] and list(rec["formula"]) == ["", ""]
    assert rec.loc[0, "note"] == "inputs not published"  # the row's own reason is kept
    assert "publishes nothing to compute it from" in rec.loc[1, "note"]


def test_a_printed_figure_naming_an_unknown_metric_is_refused():
    table = printed_table([("f1", "nonexistent", "", "1", "", "3.1.2"), ("f2", "", "", "2", "", "3.1.2")],
                          file="data/printed/2025/demo.csv")
    with pytest.raises(ConfigurationError, match=r"data/printed/2025/demo.csv: printed figures name metrics that "
                                                 r"chapter 'demo' does not compute: nonexistent$"):
        reconcile(_result(), table)


def test_the_register_of_2025_lists_the_rates_printed_without_inputs_as_not_checkable():
    computation = Computation(Project(ROOT), chapters=(chapter("training"),))
    data = YearResults(computation, 2025)
    register = build_register(data).set_index("figure_id")
    # data/printed/2025/training.csv: the six rates whose numerator and denominator the report never prints
    blank = ["training-2025-006", "training-2025-041", "training-2025-043", "training-2025-055",
             "training-2025-104", "training-2025-133"]
    # the others naming no metric are counts and targets quoted in the narrative (三次, 百餘班次, 至少 60 場 ...)
    kinds = data.chapter_printed("training").set_index("figure_id")["kind"]
    quoted = sorted(set(register.index[register["metric"] == ""]) - set(blank))
    assert sorted(register.index[register["metric"] == ""]) == sorted(blank + quoted) and len(quoted) == 22
    assert set(kinds[quoted]) == {"narrative", "target"}
    assert set(register.loc[blank + quoted, "status"]) == {NOT_CHECKABLE}
    assert all("inputs not published" in note for note in register.loc[blank, "note"])
    assert status_counts(register.reset_index())[NOT_CHECKABLE] == 6 + 22
    for placeholder in ("vocational_employment_rate_pct", "job_seeker_employment_rate_pct",
                        "job_fair_matching_rate_pct", "semiconductor_matching_rate_pct"):
        assert data.result("training").find(placeholder) is None  # no metric stands in for them any more
    # 2.4.2 prints 72.4%; the report's own counts give 126 ÷ 167 = 75.4%
    row = register.loc["training-2025-011"]
    assert (row["metric"], row["status"], row["recomputed"]) == (
        "training.disability_employment_rate_pct", DIFFERS, "75.4")
    assert row["metric_unit"] == "%"
