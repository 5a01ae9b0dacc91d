"""End to end: build a year from raw data into a throw-away copy of the project."""

import base64
import re

import pandas as pd
import pytest
from conftest import fail_water_compute

from sustainability_appendix.chapters import CHAPTERS
from sustainability_appendix.errors import InputError
from sustainability_appendix.publish.build import build_year

pytestmark = pytest.mark.slow


def test_build_2025(project_copy):
    done = build_year(project_copy, 2025, jobs=2, log=lambda *_: None)
    reports = project_copy.reports_dir(2025)
    index = (reports / "index.html").read_text(encoding="utf-8")
    for c in (c for c in CHAPTERS if c.notebook):
        page = (reports / f"{c.name}.html").read_text(encoding="utf-8")
        assert f'href="{c.name}.html"' in index
        images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
        assert images, f"{c.name}: no embedded figure"
        assert base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(done.runs) == sum(1 for c in CHAPTERS if c.notebook)
    processed = project_copy.processed_dir(2025)
    metrics = pd.read_csv(processed / "energy__metrics.csv").set_index("metric_id")
    assert metrics.loc["electricity_gj", "value"] == pytest.approx(6869.8836)
    rec = pd.read_csv(processed / "ghg__reconciliation.csv", dtype=str).set_index("figure_id")
    assert rec.loc["ghg-2025-02", "status"] == "reproduces"  # 447,969 kWh × 0.474 kg = 212.34 t
    assert (project_copy.figures_dir(2025) / "energy_trend.png").exists()
    assert (project_copy.reports_dir() / "index.html").exists()


def test_year_without_ghg_inventory_builds(project_copy):
    build_year(project_copy, 2023, jobs=2, log=lambda *_: None)
    page = (project_copy.reports_dir(2023) / "ghg.html").read_text(encoding="utf-8")
    assert "No GHG inventory exists for 2023" in page


def test_bad_input_stops_before_building_and_keeps_the_last_good_appendix(project_copy):
    build_year(project_copy, 2025, jobs=2, log=lambda *_: None)
    good = (project_copy.reports_dir(2025) / "energy.html").read_bytes()
    quantities = project_copy.raw_dir(2025) / "quantities.csv"
    quantities.write_text(quantities.read_text(encoding="utf-8").replace("1908301", "19O8301"), encoding="utf-8")
    with pytest.raises(InputError, match=r"quantities.csv, row 2, column 'value': expected a number"):
        build_year(project_copy, 2025, jobs=2, log=lambda *_: None)
    assert (project_copy.reports_dir(2025) / "energy.html").read_bytes() == good



@pytest.mark.parametrize("years", ["2025", "2024,2025"])
def test_a_failing_calculation_is_one_message_and_publishes_nothing(project_copy, capsys, monkeypatch, years):
    """One year or several: the chapter, the year and the exception in one line, exit 1, no traceback,
    and the published appendix as it was (here, a page standing for the last good one)."""
    from sustainability_appendix.cli import main

    fail_water_compute(monkeypatch, 2025)
    last_good = project_copy.reports_dir(2025) / "index.html"
    last_good.parent.mkdir(parents=True)
    last_good.write_text("the last good appendix", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--year", years]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "error: the calculation of chapter 'water' for 2025 failed: ZeroDivisionError: no site reported a withdrawal "
        "(run with --debug for the traceback)",
        "nothing was published; the appendix is as it was"]
    assert last_good.read_text(encoding="utf-8") == "the last good appendix"
    assert not project_copy.reports_dir(2024).exists() and not project_copy.processed_dir(2025).exists()
    assert not (project_copy.reports_dir() / "index.html").exists()

    assert main(["--debug", "build", "--year", years]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and 'raise ZeroDivisionError("no site' in err
    assert last_good.read_text(encoding="utf-8") == "the last good appendix"
