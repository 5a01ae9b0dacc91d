import pandas as pd
import pytest

from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.review.reconcile import decimals_of, reconcile, round_half_up


def _printed(rows):
    return pd.DataFrame(rows, columns=["figure_id", "metric_id", "label", "printed", "unit", "section", "note"])


def test_decimals_follow_the_printed_figure():
    assert decimals_of("7,491.88") == 2
    assert decimals_of("649") == 0
    assert decimals_of("19.01%") == 2
    assert decimals_of("48.5230") == 4


def test_rounding_is_half_up_as_printed_reports_do():
    assert str(round_half_up(0.125, 2)) == "0.13"  # Python's round() would give 0.12
    assert str(round_half_up(2.5, 0)) == "3"


def test_statuses():
    result = ChapterResult("demo", 2025)
    result.add(Metric("a", 214.124366, "t", "a", "x + y", "in"))
    result.add(Metric("b", 6869.8836, "GJ", "b", "kWh × 0.0036", "in"))
    result.add(Metric("c", None, "%", "c", "f", "", missing_reason="2022 not published"))
    result.add(Metric("d", 649, "人", "d", "input", "in", kind="input"))
    rec = reconcile(result, _printed([
        ["f1", "a", "", "214.13", "t", "3.1.2", "rounded parts"],
        ["f2", "b", "", "6,869.88", "GJ", "3.1.2", ""],
        ["f3", "c", "", "0.28%", "%", "5.1", ""],
        ["f4", "d", "", "649", "人", "3.1.2", ""],
    ]))
    assert list(rec["status"]) == ["differs", "reproduces", "not_checkable", "input"]
    assert rec.loc[0, "recomputed"] == "214.12" and rec.loc[0, "difference"] == "-0.01"
    assert "2022 not published" in rec.loc[2, "note"]


def test_printed_figure_naming_an_unknown_metric_is_refused():
    result = ChapterResult("demo", 2025)
    with pytest.raises(ConfigurationError, match="nonexistent"):
        reconcile(result, _printed([["f1", "nonexistent", "", "1", "", "", ""]]))
