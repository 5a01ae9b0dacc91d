"""Audit checks, expressions, the register's inputs (metric export, GRI index, SDG table)
and provenance, on the project's data in a throw-away copy (no notebook is executed)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from sustainability_appendix.review import audit
from sustainability_appendix.publish import manifest
from sustainability_appendix.chapters import CHAPTERS
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.review.expressions import Interval, evaluate, parse
from sustainability_appendix.review.gri_index import build_gri_index, load_structure as load_gri, metric_codes
from sustainability_appendix.review.export import export_metrics, write_metrics
from sustainability_appendix.present.outputs import write_csv
from sustainability_appendix.chapters.sdg_indicators import compute as compute_outcomes
from sustainability_appendix.review.sdg_table import build_sdg_table, format_value
from sustainability_appendix.review.results import Unavailable, YearData, chapter_module, expand_braces


def _finding(findings, check_id):
    hits = [f for f in findings if f.check_id == check_id]
    assert hits, f"no finding {check_id}: {[f.check_id for f in findings]}"
    return hits[0]


def _processed_copy(tmp_path, year, edit=None):
    """A processed folder as the notebooks would write it, optionally edited."""
    folder = tmp_path / "processed"
    folder.mkdir()
    for c in CHAPTERS:
        frame = chapter_module(c.name).compute(year).metrics_frame()
        if edit:
            frame = edit(c.name, frame)
        write_csv(frame, folder / f"{c.name}__metrics.csv")
    return folder


# --- expressions --------------------------------------------------------------
def test_brace_expansion_and_parsing():
    assert expand_braces("hires_{female,male}_{a,b}") == ["hires_female_a", "hires_female_b", "hires_male_a",
                                                          "hires_male_b"]
    assert parse("energy.electricity_kwh@prev - energy.electricity_kwh") is not None
    with pytest.raises(ConfigurationError, match="cannot read expression"):
        parse("energy.electricity_kwh +")


def test_printed_figures_are_intervals():
    total = Interval.printed(1739.62, 2)
    parts = Interval.printed(1454.754, 3) + Interval.printed(284.8679, 4)
    assert total.overlaps(parts)  # 1,454.754 + 284.8679 = 1,739.6219 prints as 1,739.62
    assert Interval.printed(214.12, 2).overlaps(Interval.printed(212.34, 2) + Interval.printed(1.79, 2))
    assert not Interval.printed(214.20, 2).overlaps(Interval.printed(212.34, 2) + Interval.printed(1.79, 2))


def test_references_resolve_across_years_and_sources(project_copy):
    data = YearData(2025)
    ev = evaluate("energy.electricity_kwh@prev - energy.electricity_kwh", data)
    assert ev.computed == 447969
    assert evaluate("raw.ghg_covered_employees@base", data).computed == 560
    assert evaluate("factor.electricity_emission_factor", data).computed == pytest.approx(0.474)
    with pytest.raises(ConfigurationError, match="neither a chapter"):
        evaluate("nosuchchapter.x", data)
    with pytest.raises(Unavailable):
        evaluate("ghg.total_tco2e", data)  # no inventory published for 2025


# --- the checks -------------------------------------------------------------------
def test_identities_check_the_printed_arithmetic(project_copy):
    findings = audit.check_identities(YearData(2024))
    site = _finding(findings, "ghg-site-scopes:headquarters")
    assert site.status == audit.PASS and "1,096.7893" in site.numbers and "357.9648" in site.numbers
    assert _finding(findings, "water-consumption").status == audit.PASS  # 25.11 − 20.09 = 5.02


def test_identity_flags_parts_that_do_not_add_up(project_copy):
    printed = project_copy / "data" / "printed" / "2024" / "ghg.csv"
    printed.write_text(printed.read_text(encoding="utf-8").replace('"1,454.754"', '"1,454.854"'), encoding="utf-8")
    found = _finding(audit.check_identities(YearData(2024)), "ghg-site-scopes:headquarters")
    assert found.status == audit.FLAG and "1,454.854" in found.numbers


def test_flow_flags_the_2025_headcount_gap(project_copy):
    flow = _finding(audit.check_flows(YearData(2025)), "workforce-headcount")
    assert flow.status == audit.FLAG
    assert "645" in flow.numbers and "68" in flow.numbers and "70" in flow.numbers and "差 gap 6" in flow.numbers


def test_boundaries_name_the_populations(project_copy):
    findings = audit.check_boundaries(YearData(2024))
    denominators = _finding(findings, "denominators")
    assert denominators.status == audit.FLAG
    assert "560" in denominators.detail and "645" in denominators.detail and "2.697" in denominators.detail
    coverage = _finding(audit.check_boundaries(YearData(2025)), "ghg-scope2-electricity")
    assert coverage.status == audit.FLAG
    assert "1,253,818" in coverage.numbers and "2,356,270" in coverage.numbers
    assert "53.2%" in coverage.numbers and "86.8%" in coverage.numbers


def test_changes_sign_basis_and_points(project_copy):
    findings = audit.check_changes(YearData(2025))
    water = _finding(findings, "water.withdrawal_reduction_pct")
    assert water.status == audit.FLAG and "19.32%" in water.detail  # not reachable from 25.11 and 20.22
    gasoline = _finding(findings, "energy.gasoline_reduction_pct")
    assert gasoline.status == audit.FLAG and "+0.12%" in gasoline.detail and "-0.18%" in gasoline.detail
    edoc = _finding(findings, "resources.e_document_change_pp")
    assert edoc.status == audit.INFO and "+3.69%" in edoc.numbers
    assert _finding(findings, "resources.paper_reduction_pct").status == audit.PASS


def test_factor_vintage_flags_last_years_factor_and_recomputes(project_copy):
    data = YearData(2025)
    data.factor_readers = ["ghg"]
    vintage = _finding(audit.check_factor_vintage(data), "electricity_emission_factor")
    assert vintage.status == audit.FLAG
    assert "0.474" in vintage.numbers and "2024" in vintage.numbers
    assert "0.467" in vintage.detail and "212.3373 → 209.2015" in vintage.detail
    assert _finding(audit.check_factor_vintage(data), "gasoline_heat_value").status == audit.PASS


def test_figures_printed_twice_must_agree(project_copy):
    assert all(f.status == audit.PASS for f in audit.check_repeated_figures(YearData(2025)))
    printed = project_copy / "data" / "printed" / "2025" / "energy.csv"
    text = printed.read_text(encoding="utf-8").replace("5.1 SDG 13 能源管理,", "X").replace(
        "energy-2025-08,electricity_reduction_pct,節電 %,19.01%", "energy-2025-08,electricity_reduction_pct,節電 %,19.10%")
    printed.write_text(text.replace("X", "5.1 SDG 13 能源管理,"), encoding="utf-8")
    found = _finding(audit.check_repeated_figures(YearData(2025)), "energy.electricity_reduction_pct")
    assert found.status == audit.FLAG and "19.10%" in found.numbers and "19.01%" in found.numbers


def test_one_metric_in_several_chapters_must_agree(project_copy, tmp_path):
    def edit(chapter, frame):
        if chapter == "water":
            frame.loc[frame["metric_id"] == "employees_year_end", "value"] = 650.0
        return frame

    data = YearData(2025, processed=_processed_copy(tmp_path, 2025, edit))
    found = _finding(audit.check_shared_metrics(data), "employees_year_end")
    assert found.status == audit.FLAG and "water.employees_year_end = 650" in found.numbers


def test_gri_codes_missing_from_the_index_are_named(project_copy):
    data = YearData(2025)
    codes = build_gri_index(data).codes
    used = {c for g in data.metrics()["gri"] for c in metric_codes(g)}
    findings = audit.check_gri_codes(data, codes)
    assert {f.check_id for f in findings if f.status == audit.FLAG} == used - codes
    assert all(f.subject in f.compared or f.check_id in f.compared for f in findings)


def test_every_check_runs_on_every_year(project_copy):
    for year in (2023, 2024, 2025):
        findings = audit.run_checks(YearData(year))
        assert findings and all(f.status in audit.STATUS_LABELS and f.compared for f in findings)


# --- metric export, GRI index, SDG table --------------------------------------------
def test_metric_export_names_each_metric_and_refuses_one_without_unit(project_copy, tmp_path):
    frame = export_metrics(YearData(2025))
    assert {"energy.electricity_gj", "sdg_indicators.heat_hazard_inspections"} <= set(frame["metric"])
    row = frame.set_index("metric").loc["energy.electricity_gj"]
    assert row["unit"] == "GJ" and row["gri"] == "302-1" and row["value"] == pytest.approx(6869.8836)
    paths = write_metrics(frame, tmp_path / "out")
    assert paths[1].read_text(encoding="utf-8").count('"metric":') == len(frame)

    def blank_unit(chapter, metrics):
        if chapter == "energy":
            metrics.loc[metrics["metric_id"] == "gasoline_gj", "unit"] = ""
        return metrics

    with pytest.raises(ConfigurationError, match=r"energy\.gasoline_gj"):
        export_metrics(YearData(2025, processed=_processed_copy(tmp_path, 2025, blank_unit)))


def test_outcomes_no_chapter_computes_are_metrics_with_sources(project_copy):
    result = compute_outcomes(2025)
    m = result.metric("heat_hazard_inspections")
    assert m.value == 1306 and m.unit == "場" and "5.1 SDG 8" in m.inputs
    assert compute_outcomes(2023).value("heat_hazard_inspections") == 1467


def test_gri_index_is_filled_from_metrics(project_copy):
    index = build_gri_index(YearData(2025))
    rows = {r.data["row"]: r for r in index.rows}
    assert rows["302-1"].availability == "recomputed"
    assert [m["metric"] for m in rows["302-1"].headline] == ["energy.electricity_gj", "energy.gasoline_gj",
                                                             "energy.energy_total_gj"]
    assert [m["metric"] for m in rows["305-1"].headline] == ["ghg.base_scope1_tco2e"]  # 2025 shows the base year
    assert rows["2-5"].availability == "omitted"
    assert index.frame(2025).loc[lambda f: f["code"] == "303-3", "headline"].iloc[0].startswith("water.withdrawal_ml = 20.22")


def test_gri_index_row_naming_a_missing_metric_stops_the_build(project_copy):
    structure = load_gri()
    structure.loc[structure["code"] == "302-1", "metrics"] = "energy.electricity_gj; energy.no_such_metric"
    with pytest.raises(ConfigurationError, match=r"energy\.no_such_metric.*does not exist"):
        build_gri_index(YearData(2025), structure)
    structure.loc[structure["code"] == "302-1", "metrics"] = "water.withdrawal_ml"
    with pytest.raises(ConfigurationError, match=r"water\.withdrawal_ml.*listed under GRI 302-1"):
        build_gri_index(YearData(2025), structure)


def test_sdg_table_is_generated_and_compared_with_print(project_copy):
    table = build_sdg_table(YearData(2025))
    assert table.report_year == 2025 and table.years == [2023, 2024, 2025]
    rows = {r.row: r for r in table.rows}
    heat = rows["sdg8-heat-inspections"].cells
    assert [heat[y].text for y in (2023, 2024, 2025)] == ["辦理 1,467 場", "辦理 928 場", "辦理 1,306 場"]
    assert all(c.status == "reproduces" for c in heat.values())
    water = rows["sdg6-water-reduction"].cells[2025]
    assert water.text == "19.47%" and water.printed == "19.32%" and water.status == "differs"
    assert rows["sdg13-ghg-intensity"].cells[2024].text == "3.11"
    assert rows["sdg13-ghg-intensity"].cells[2025].status == "not_reported"
    assert format_value(0.125, ".2f") == "0.13"  # half-up, as the report rounds


def test_sdg_row_naming_a_missing_metric_stops_the_build(project_copy):
    path = project_copy / "data" / "printed" / "sdg_progress_table.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{sdg_indicators.heat_hazard_inspections:,.0f}", "{sdg_indicators.heat_inspections:,.0f}"), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"sdg_indicators\.heat_inspections.*does not exist"):
        build_sdg_table(YearData(2025))


def test_an_earlier_year_uses_the_later_reports_structure(project_copy):
    table = build_sdg_table(YearData(2024))
    assert table.report_year == 2025 and table.years == [2023, 2024]


# --- provenance ---------------------------------------------------------------------
def test_tracing_records_the_files_a_chapter_reads(project_copy):
    opened: dict[str, set[str]] = {}
    with manifest.tracing("energy", opened):
        chapter_module("energy").compute(2025)
    files = {p.relative_to(project_copy).as_posix() for p in manifest.data_files(opened)}
    assert {"data/raw/2025/quantities.csv", "data/raw/2024/quantities.csv", "data/raw/2025/factors.csv"} <= files


def test_manifest_hashes_inputs_and_handles_no_git(project_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the PATH
    assert manifest.git_info()["available"] is False
    out = tmp_path / "o.csv"
    out.write_text("a\n", encoding="utf-8")
    man = manifest.build_manifest(2025, {}, {"year": 2025}, {"data/processed/2025/o.csv": out})
    paths = {i["path"]: i for i in man["inputs"]}
    assert "data/raw/2025/quantities.csv" in paths and "data/printed/2025/energy.csv" in paths
    assert len(paths["data/raw/2025/quantities.csv"]["sha256"]) == 64
    assert man["outputs"][0]["sha256"] == manifest.sha256(out) and man["git"]["available"] is False
    shutil.rmtree(tmp_path / "o.csv", ignore_errors=True)
