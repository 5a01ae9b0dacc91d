"""The review of a year: expressions over named figures, every audit check against numbers
worked out by hand from the report, the factor-vintage what-if (in memory), the metric export,
the GRI content index, the SDG table, the notes about the printed report, and provenance.

The repository's data is reviewed through one computation, made once for the module (read
only); a misprint is made in a throw-away copy. No notebook is executed."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import subprocess
from dataclasses import replace

import pytest
from conftest import ROOT, edit, finding

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters import energy as energy_chapter
from sustainability_appendix.chapters import water as water_chapter
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.project import Project
from sustainability_appendix.publish import manifest
from sustainability_appendix.publish.exports import write_metrics
from sustainability_appendix.review import audit
from sustainability_appendix.review.audit.declarations import Declarations, Identity
from sustainability_appendix.review.export import export_metrics
from sustainability_appendix.review.expressions import Interval, evaluate, parse
from sustainability_appendix.review.gri_index import build_gri_index
from sustainability_appendix.review.gri_index import load_structure as load_gri
from sustainability_appendix.review.notes import report_notes
from sustainability_appendix.review.results import Unavailable, YearResults, expand_braces
from sustainability_appendix.review.sdg_table import build_sdg_table, format_value
from sustainability_appendix.review.sdg_table import load_structure as load_sdg
from sustainability_appendix.review.year import chapter_notes, review_year


# --- expressions ------------------------------------------------------------------------------
def test_brace_expansion_and_parsing():
    assert expand_braces("hires_{female,male}_{a,b}") == ["hires_female_a", "hires_female_b", "hires_male_a",
                                                          "hires_male_b"]
    assert parse("energy.electricity_kwh@prev - energy.electricity_kwh") is not None
    with pytest.raises(ConfigurationError, match="cannot read expression"):
        parse("energy.electricity_kwh +")
    with pytest.raises(ConfigurationError, match="cannot read expression"):
        parse("sum(energy.electricity_kwh")


def test_printed_figures_are_intervals():
    total = Interval.printed(1739.62, 2)
    assert (total.lo, total.hi) == pytest.approx((1739.615, 1739.625))
    parts = Interval.printed(1454.754, 3) + Interval.printed(284.8679, 4)
    assert total.overlaps(parts)  # 1,454.754 + 284.8679 = 1,739.6219 prints as 1,739.62
    assert Interval.printed(214.12, 2).overlaps(Interval.printed(212.34, 2) + Interval.printed(1.79, 2))
    rounded_parts = Interval.printed(212.34, 2) + Interval.printed(1.79, 2)
    assert not Interval.printed(214.20, 2).overlaps(rounded_parts)
    # [214.195, 214.205] against [212.335 + 1.785, 212.345 + 1.795] = [214.12, 214.14]
    assert Interval.printed(214.20, 2).gap(rounded_parts) == pytest.approx(0.055)
    with pytest.raises(ZeroDivisionError):
        Interval.point(1) / Interval.printed(0, 2)


def test_references_resolve_across_years_and_sources(computation):
    data = YearResults(computation, 2025)
    saved = evaluate("energy.electricity_kwh@prev - energy.electricity_kwh", data)
    assert saved.computed == 2_356_270 - 1_908_301
    # both figures were printed without decimals: the printed side is exact too
    assert (saved.printed.lo, saved.printed.hi) == pytest.approx((447_968, 447_970))
    assert evaluate("energy.electricity_kwh@2023", data).computed == 2_081_079
    assert evaluate("raw.ghg_covered_employees@base", data).computed == 560  # base year 2024
    assert evaluate("factor.electricity_emission_factor", data).computed == pytest.approx(0.474)
    assert evaluate("sum(ghg.base_*_total_tco2e)", data).computed == pytest.approx(1096.7893 + 357.9648 + 48.5230
                                                                                   + 236.3449)
    with pytest.raises(ConfigurationError, match="neither a chapter"):
        evaluate("nosuchchapter.x", data)
    with pytest.raises(ConfigurationError, match="write sum"):
        evaluate("ghg.base_*_total_tco2e", data)
    with pytest.raises(Unavailable):
        evaluate("ghg.total_tco2e", data)  # no inventory published for 2025
    with pytest.raises(Unavailable):
        evaluate("raw.ghg_covered_employees", data)  # only the 2024 inventory states it


# --- the checks ---------------------------------------------------------------------------------
def test_identities_check_the_printed_arithmetic(computation, declarations):
    findings = audit.check_identities(YearResults(computation, 2024), declarations)
    site = finding(findings, "ghg-site-scopes:headquarters")
    assert site.status == audit.PASS and "1,096.7893" in site.numbers and "357.9648" in site.numbers
    assert finding(findings, "ghg-site-scopes:inspection_training").status == audit.PASS  # 48.5230 + 236.3449
    assert finding(findings, "water-consumption").status == audit.PASS  # 25.11 − 20.09 = 5.02
    assert finding(findings, "workforce-hires").status == audit.PASS  # 7 + 13 + 18 + 31 + 9 + 7 = 85


def test_declared_identities_are_generic(computation):
    wrong = Identity("scope1-is-total", "", "ghg.total_tco2e", "ghg.scope1_tco2e")
    sites = Identity("sites", "", "ghg.{x}_total_tco2e", "ghg.{x}_scope1_tco2e + ghg.{x}_scope2_tco2e")
    declarations = Declarations((wrong, sites), (), (), (), ())
    found = audit.check_identities(YearResults(computation, 2024), declarations)
    flagged = finding(found, "scope1-is-total")
    assert flagged.status == audit.FLAG
    assert "差 difference 594.3097" in flagged.numbers  # the scope 2 it leaves out: 357.9648 + 236.3449
    assert {f.check_id for f in found} == {"scope1-is-total", "sites:headquarters", "sites:inspection_training"}
    none = audit.check_identities(YearResults(computation, 2023), declarations)  # no inventory before 2024
    assert {f.status for f in none} == {audit.NOT_APPLICABLE}


def test_identity_flags_a_misprinted_total(project_copy):
    edit(project_copy.printed_dir(2024) / "ghg.csv", '"1,454.754"', '"1,454.854"')
    data = YearResults(Computation(project_copy, chapters=(chapter("ghg"),)), 2024)
    found = finding(audit.check_identities(data, Declarations.load(data.store)), "ghg-site-scopes:headquarters")
    # the computed figures agree; the printed 1,096.7893 + 357.9648 = 1,454.7541 cannot print as 1,454.854
    assert found.status == audit.FLAG and "1,454.854" in found.numbers and "disagree by at least" in found.numbers


def test_flow_flags_the_2025_headcount_gap(computation, declarations):
    flow = finding(audit.check_flows(YearResults(computation, 2025), declarations), "workforce-headcount")
    assert flow.status == audit.FLAG  # 645 + 68 − 70 = 643, but 649 at the end of 2025
    assert "= 645 人" in flow.numbers and "= 68 人" in flow.numbers and "= 70 人" in flow.numbers
    assert "→ 643" in flow.numbers and "期末 end 649" in flow.numbers and "差 gap 6" in flow.numbers


def test_boundaries_name_the_populations(computation, declarations):
    denominators = finding(audit.check_boundaries(YearResults(computation, 2024), declarations), "denominators")
    assert denominators.status == audit.FLAG
    # 1,739.622 t over the 560 inventoried employees, or 2.697 over all 645
    assert "560" in denominators.detail and "645" in denominators.detail and "2.6971" in denominators.detail
    coverage = finding(audit.check_boundaries(YearResults(computation, 2025), declarations), "ghg-scope2-electricity")
    assert coverage.status == audit.FLAG
    # scope 2 (357.9648 + 236.3449) × 1000 ÷ 0.474 = 1,253,818 kWh of 2,356,270: 53.2%,
    # for 560 ÷ 645 = 86.8% of the staff
    for number in ("1,253,818", "2,356,270", "53.2%", "86.8%"):
        assert number in coverage.numbers


def test_changes_sign_basis_and_points(computation, declarations):
    findings = audit.check_changes(YearResults(computation, 2025), declarations)
    water = finding(findings, "water.withdrawal_reduction_pct")
    # (25.11 − 20.22) ÷ 25.11 = 19.47%; no values that print as 25.11 and 20.22 give the printed 19.32%
    assert water.status == audit.FLAG and "19.32%" in water.detail and "19.4743" in water.numbers
    gasoline = finding(findings, "energy.gasoline_reduction_pct")
    # 26,499.47 L → 26,547.00 L is −0.18%, but in GJ (heat value 7,609 → 7,586 kcal/L) it is +0.12%
    assert gasoline.status == audit.FLAG and "+0.12%" in gasoline.detail and "-0.18%" in gasoline.detail
    edoc = finding(findings, "resources.e_document_change_pp")
    assert edoc.status == audit.INFO and "+1.96 pp" in edoc.numbers and "+3.69%" in edoc.numbers  # 1.96 ÷ 53.13
    paper = finding(findings, "resources.paper_reduction_pct")
    assert paper.status == audit.PASS and "+3.2501 %" in paper.numbers  # 178,706 ÷ 5,498,481


def test_factor_vintage_flags_last_years_factor_and_recomputes(computation):
    findings = audit.check_factor_vintage(YearResults(computation, 2025))
    vintage = finding(findings, "electricity_emission_factor")
    assert vintage.status == audit.FLAG
    assert "= 0.474 kgCO2e/kWh" in vintage.numbers and "applies to 2024" in vintage.numbers
    # the 2025 factor announced since: 0.467; 447,969 kWh × 0.474 = 212.3373 t, × 0.467 = 209.2015 t
    assert "recomputed with 0.467" in vintage.detail
    assert "ghg.electricity_reduction_tco2e 212.3373 → 209.2015 (-3.1358)" in vintage.detail
    assert "ghg.total_reduction_tco2e 214.1244 → 210.9886 (-3.1358)" in vintage.detail  # + 1.78706 t of paper
    assert "ghg.electricity_emission_factor" not in vintage.detail  # the replaced factor is not a consequence
    assert finding(findings, "gasoline_heat_value").status == audit.PASS  # 2025's own announcement
    assert finding(findings, "kwh_to_gj").status == audit.PASS  # a physical constant


def test_the_what_if_replaces_one_factor_in_memory(computation):
    before = computation.result("ghg", 2025)
    after = computation.with_factor("ghg", 2025, "electricity_emission_factor", 0.467)
    assert after.value("electricity_reduction_tco2e") == pytest.approx(447_969 * 0.467 / 1000)
    assert after.value("paper_reduction_tco2e") == pytest.approx(178_706 * 10 / 1e6)
    assert before.value("electricity_reduction_tco2e") == pytest.approx(447_969 * 0.474 / 1000)  # untouched
    assert computation.result("ghg", 2025) is before
    assert computation.with_factor("energy", 2025, "electricity_emission_factor", 0.467) is None  # not read


def test_the_factor_vintage_what_if_reads_no_file_and_starts_no_process(computation, monkeypatch):
    data = YearResults(computation, 2025)
    expected = finding(audit.check_factor_vintage(data), "electricity_emission_factor")
    computes = computation.computes.copy()
    opened, reads = [], []

    def unreadable(file, *args, **kwargs):  # every file of the project is unreadable from here on
        opened.append(str(file))
        raise PermissionError(13, "unreadable in this test", str(file))

    def store_read(self, area, stem, year, path):
        reads.append((area, stem, year))
        raise AssertionError(f"the store read {path}")

    def no_process(*args, **kwargs):
        raise AssertionError(f"a process was started: {args!r}")

    with monkeypatch.context() as m:
        m.setattr(builtins, "open", unreadable)
        m.setattr(io, "open", unreadable)
        m.setattr(InputStore, "_read", store_read)
        m.setattr(subprocess, "Popen", no_process)
        for name in ("system", "fork", "posix_spawn", "posix_spawnp"):
            m.setattr(os, name, no_process)
        again = finding(audit.check_factor_vintage(data), "electricity_emission_factor")
    assert opened == [] and reads == []
    assert again == expected and "209.2015" in again.detail
    assert computation.computes == computes  # the what-if is not one of the year's computations


def test_figures_printed_twice_must_agree(computation, project_copy):
    findings = audit.check_repeated_figures(YearResults(computation, 2025))
    assert findings and all(f.status == audit.PASS for f in findings)
    # 649 employees, printed in the energy and water tables: one figure across chapters
    employees = finding(findings, "employees_year_end")
    assert "energy-2025-03" in employees.numbers and "water-2025-04" in employees.numbers
    # the rates printed without inputs name no metric: 50.9% and 51.8% are not one figure with 80% or 69.4%
    shown = " ".join(f.numbers for f in findings)
    assert all(f"training-2025-{n}" not in shown for n in ("006", "041", "043", "055", "104", "133"))

    edit(project_copy.printed_dir(2025) / "energy.csv", "energy-2025-08,electricity_reduction_pct,節電 %,19.01%",
         "energy-2025-08,electricity_reduction_pct,節電 %,19.10%")
    found = finding(audit.check_repeated_figures(YearResults(Computation(project_copy), 2025)),
                     "energy.electricity_reduction_pct")
    assert found.status == audit.FLAG and "19.10%" in found.numbers and "19.01%" in found.numbers
    assert found.numbers.count("(energy energy-2025-0") == 4  # the four places 19.01% is printed


def test_one_metric_in_several_chapters_must_agree(computation, monkeypatch):
    assert finding(audit.check_shared_metrics(YearResults(computation, 2025)), "employees_year_end").status == audit.PASS
    real = water_chapter.compute

    def compute(inputs, earlier):  # a chapter that took its headcount from somewhere else
        result = real(inputs, earlier)
        result.metrics = [replace(m, value=650.0) if m.metric_id == "employees_year_end" else m
                          for m in result.metrics]
        return result

    monkeypatch.setattr(water_chapter, "compute", compute)
    data = YearResults(Computation(Project(ROOT), chapters=(chapter("energy"), chapter("water"))), 2025)
    found = finding(audit.check_shared_metrics(data), "employees_year_end")
    assert found.status == audit.FLAG
    assert "energy.employees_year_end = 649" in found.numbers and "water.employees_year_end = 650" in found.numbers


def test_gri_codes_missing_from_the_index_are_named(computation):
    data = YearResults(computation, 2025)
    findings = audit.check_gri_codes(data, build_gri_index(data).codes)
    # the report's content index (5.2) lists 404-2 but not 404-1, which the training-hours metrics carry
    flagged = [f for f in findings if f.status == audit.FLAG]
    assert [f.check_id for f in flagged] == ["404-1"]
    assert "training.avg_training_hours_per_employee" in flagged[0].numbers
    narrow = audit.check_gri_codes(data, {"302-1"})
    assert "305-5" in {f.check_id for f in narrow} and "302-1" not in {f.check_id for f in narrow}


def test_a_printed_file_of_no_chapter_is_named(computation, project_copy):
    assert audit.check_configuration(YearResults(computation, 2025)) == []
    (project_copy.printed_dir(2025) / "oceans.csv").write_text(
        "figure_id,metric_id,label,printed,unit,section,note,kind\no-1,area_km2,海洋,12,km2,3.1,,derived\n", encoding="utf-8")
    (found,) = audit.check_configuration(YearResults(Computation(project_copy), 2025))
    assert (found.check_id, found.status, found.numbers) == ("printed:oceans", audit.FLAG,
                                                              "data/printed/2025/oceans.csv")


def test_every_year_is_reviewed_with_every_check(computation):
    for year in (2023, 2024, 2025):
        review = review_year(computation, year)
        findings = review.findings
        assert findings and all(f.status in audit.STATUS_LABELS and f.compared for f in findings)
        assert {f.check for f in findings} >= {"identity", "shared", "flow", "boundary", "change", "vintage",
                                                "repeated", "gri"}
        assert sum(review.audit_counts.values()) == len(findings)
        assert set(review.register["figure_id"]) == set(review.data.printed()["figure_id"])  # every printed figure
    frame = audit.findings_frame(findings, 2025)
    assert list(frame.columns) == audit.FINDING_COLUMNS and len(frame) == len(findings)
    # six rates printed without their inputs (training), the mediation settlement rate (settled cases not
    # printed) and 31 narrative counts and targets no metric holds (labour, training, energy, resources ...)
    assert review.register_counts["not_checkable"] == 6 + 1 + 31
    assert len(review.notes["training"]) == 4 and len(review.notes["workforce"]) == 2  # data/printed/2025/notes.csv
    assert len(review.notes["labour_inspection"]) == 3


# --- metric export, GRI index, SDG table, notes -----------------------------------------------
def test_metric_export_names_each_metric(computation, tmp_path):
    frame = export_metrics(YearResults(computation, 2025))
    assert {"energy.electricity_gj", "labour_inspection.heat_hazard_inspections"} <= set(frame["metric"])
    assert not frame["metric"].duplicated().any()
    row = frame.set_index("metric").loc["energy.electricity_gj"]
    assert row["unit"] == "GJ" and row["gri"] == "302-1" and row["value"] == pytest.approx(1_908_301 * 0.0036)
    paths = write_metrics(frame, tmp_path / "out")
    assert [p.name for p in paths] == ["metrics.csv", "metrics.json"]
    assert paths[1].read_text(encoding="utf-8").count('"metric":') == len(frame)


def test_a_metric_without_a_unit_is_refused(monkeypatch):
    real = energy_chapter.compute

    def compute(inputs, earlier):
        result = real(inputs, earlier)
        result.metrics = [replace(m, unit="") if m.metric_id == "gasoline_gj" else m for m in result.metrics]
        return result

    monkeypatch.setattr(energy_chapter, "compute", compute)
    data = YearResults(Computation(Project(ROOT), chapters=(chapter("energy"),)), 2025)
    with pytest.raises(ConfigurationError, match=r"2025: metrics without a unit .*: energy\.gasoline_gj$"):
        export_metrics(data)


def test_outcomes_no_chapter_computes_are_metrics_with_sources(computation):
    m = computation.result("sdg_indicators", 2025).metric("sheltered_workshops_net_zero")
    assert m.value == 1 and m.unit == "家" and "5.1 SDG 13" in m.inputs  # report 3.1.1: 1 家
    # the AI green-future course is a training programme: held once, by the training chapter
    assert "ai_green_course_participants" not in {m.metric_id for m in computation.result("sdg_indicators", 2024).metrics}
    assert computation.result("training", 2024).value("ai_green_course_participants") == 1123


def test_gri_index_is_filled_from_metrics(computation):
    index = build_gri_index(YearResults(computation, 2025))
    assert index.report_year == 2025
    rows = {r.data["row"]: r for r in index.rows}
    assert rows["302-1"].availability == "recomputed"
    assert [m["metric"] for m in rows["302-1"].headline] == ["energy.electricity_gj", "energy.gasoline_gj",
                                                             "energy.energy_total_gj"]
    assert [m["metric"] for m in rows["305-1"].headline] == ["ghg.base_scope1_tco2e"]  # 2025 shows the base year
    assert rows["305-1"].headline[0]["value"] == pytest.approx(1096.7893 + 48.5230)
    assert rows["2-5"].availability == "omitted"  # N/A in the report
    headline = index.frame(2025).loc[lambda f: f["code"] == "303-3", "headline"].iloc[0]
    assert headline.startswith("water.withdrawal_ml = 20.22 ML")


def test_gri_index_row_naming_a_missing_metric_stops_the_build(computation):
    data = YearResults(computation, 2025)
    structure = load_gri(data).copy()  # the store's table is shared: change a copy
    structure.loc[structure["code"] == "302-1", "metrics"] = "energy.electricity_gj; energy.no_such_metric"
    with pytest.raises(ConfigurationError, match=r"energy\.no_such_metric.*does not exist"):
        build_gri_index(data, structure)
    structure.loc[structure["code"] == "302-1", "metrics"] = "water.withdrawal_ml"
    with pytest.raises(ConfigurationError, match=r"water\.withdrawal_ml.*listed under GRI 302-1"):
        build_gri_index(data, structure)
    structure.loc[structure["code"] == "302-1", "metrics"] = "energy.no_such_metric?"  # '?': when the year has it
    assert build_gri_index(data, structure).rows


def test_sdg_table_is_generated_and_compared_with_print(computation):
    table = build_sdg_table(YearResults(computation, 2025))
    assert table.report_year == 2025 and table.years == [2023, 2024, 2025]
    rows = {r.row: r for r in table.rows}
    heat = rows["sdg8-heat-inspections"].cells
    assert [heat[y].text for y in (2023, 2024, 2025)] == ["辦理 1,467 場", "辦理 928 場", "辦理 1,306 場"]
    assert all(c.status == "reproduces" for c in heat.values())
    water = rows["sdg6-water-reduction"].cells[2025]
    assert water.text == "19.47%" and water.printed == "19.32%" and water.status == "differs"
    assert rows["sdg13-ghg-intensity"].cells[2024].text == "3.11"  # 1,739.622 ÷ 560
    assert rows["sdg13-ghg-intensity"].cells[2025].status == "not_reported"
    assert format_value(0.125, ".2f") == "0.13" and format_value(54176, ",.0f") == "54,176"  # half-up, as printed


def test_sdg_row_naming_a_missing_metric_stops_the_build(computation):
    data = YearResults(computation, 2025)
    structure = load_sdg(data).copy()
    structure["cell"] = structure["cell"].str.replace("{labour_inspection.heat_hazard_inspections:,.0f}",
                                                      "{labour_inspection.heat_inspections:,.0f}", regex=False)
    with pytest.raises(ConfigurationError, match=r"labour_inspection\.heat_inspections.*does not exist"):
        build_sdg_table(data, structure)


def test_an_earlier_year_uses_the_later_reports_structure(computation):
    table = build_sdg_table(YearResults(computation, 2024))
    assert table.report_year == 2025 and table.years == [2023, 2024]


def test_notes_about_the_printed_report_are_filled_from_the_figures(computation):
    notes = chapter_notes(YearResults(computation, 2025), "training")
    assert len(notes) == 4  # data/printed/2025/notes.csv: four notes on training
    # 126 employed of 167 completers = 75.4%, of 202 trainees = 62.4%; 282 + 2,628 + 1,024 + 1,021 = 4,955
    assert "(75.4%)" in notes[0] and "(62.4%)" in notes[0] and "{" not in notes[0]
    assert notes[1].startswith("ESG 摘要的合計 4,955 人")
    assert chapter_notes(YearResults(computation, 2024), "training") == []  # the notes are about 2025's report only
    with pytest.raises(ConfigurationError, match=r"notes.csv row 4: '\{training.disability_employment_rate_pct:.1f\}' "
                                                 r"names a figure that is not computed"):
        report_notes(computation.store, 2025, "training", lambda chapter, metric: None)


# --- provenance ---------------------------------------------------------------------------------
def test_the_store_records_the_files_a_chapter_reads(project_copy):
    computation = Computation(project_copy, chapters=(chapter("energy"),))
    computation.result("energy", 2025)
    files = {project_copy.relative(p): names for p, names in computation.store.files_read().items()}
    # energy compares with the two years before (history 2)
    assert {f"data/raw/{y}/{f}.csv" for y in (2023, 2024, 2025) for f in ("quantities", "factors")} == set(files)
    assert all(names == {"energy"} for names in files.values())


def test_manifest_hashes_inputs_and_handles_no_git(project_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the PATH
    assert manifest.git_info(project_copy)["available"] is False
    computation = Computation(project_copy, chapters=(chapter("energy"),))
    computation.result("energy", 2025)
    out = tmp_path / "o.csv"
    out.write_text("a\n", encoding="utf-8")
    man = manifest.build_manifest(computation, 2025, {"year": 2025}, {"data/processed/2025/o.csv": out})
    paths = {i["path"]: i for i in man["inputs"]}
    assert {"data/raw/2025/quantities.csv", "data/printed/2025/energy.csv",
            "data/raw/2024/quantities.csv"} <= set(paths)
    quantities = project_copy.raw_dir(2025) / "quantities.csv"
    assert paths["data/raw/2025/quantities.csv"]["sha256"] == hashlib.sha256(quantities.read_bytes()).hexdigest()
    assert paths["data/raw/2024/quantities.csv"]["read_by"] == ["energy"]
    assert man["outputs"] == [{"path": "data/processed/2025/o.csv", "sha256": hashlib.sha256(b"a\n").hexdigest(),
                               "bytes": 2}]
    assert man["git"]["available"] is False
    assert {f["factor"] for f in man["factors"] if f["year"] == 2025} >= {"electricity_emission_factor", "kwh_to_gj"}
