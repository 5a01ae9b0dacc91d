"""Factors: strictly positive, in their unit, official or provisional, and labelled with the data
year their value was announced for (``data/reference/factor_announcements.csv``)."""

from __future__ import annotations

import pytest
from conftest import ROOT, edit

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.cli import main
from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.project import Project
from sustainability_appendix.publish.manifest import build_manifest

YEAR = 2025
ELECTRICITY = "electricity_emission_factor,0.474,kgCO2e/kWh,2024,"
HEAT = "gasoline_heat_value,7586,kcal/L,2025,"


def _factor_problems(project, year: int = YEAR) -> list[str]:
    with pytest.raises(InputError) as err:
        InputStore(project).factors(year)
    return [str(p) for p in err.value.problems]


def test_a_zero_factor_is_refused(project_copy):
    edit(project_copy.raw_dir(YEAR) / "factors.csv", "paper_emission_factor,10,", "paper_emission_factor,0,")
    assert _factor_problems(project_copy) == [
        f"data/raw/{YEAR}/factors.csv, row 6, column 'value': expected a number greater than 0, found '0'"]


def test_a_factor_in_another_unit_is_refused(project_copy):
    edit(project_copy.raw_dir(YEAR) / "factors.csv", ELECTRICITY, "electricity_emission_factor,474,gCO2e/kWh,2024,")
    assert _factor_problems(project_copy) == [
        f"data/raw/{YEAR}/factors.csv, row 5, column 'unit': expected 'kgCO2e/kWh' for factor "
        "'electricity_emission_factor', found 'gCO2e/kWh'"]


def test_an_announcement_in_another_unit_is_refused(project_copy):
    edit(project_copy.reference_dir / "factor_announcements.csv", "2023,0.494,kgCO2e/kWh", "2023,494,gCO2e/kWh")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).reference("factor_announcements")
    assert [str(p) for p in err.value.problems] == [
        "data/reference/factor_announcements.csv, row 3, column 'unit': expected 'kgCO2e/kWh' for factor "
        "'electricity_emission_factor', found 'gCO2e/kWh'"]


def test_a_value_labelled_with_a_later_year_than_it_was_announced_for_is_refused(project_copy):
    """2024's 0.474 relabelled as 2025's: what a year copied forward and 'checked' by updating the year gives."""
    edit(project_copy.raw_dir(YEAR) / "factors.csv", ELECTRICITY, "electricity_emission_factor,0.474,kgCO2e/kWh,2025,")
    assert _factor_problems(project_copy) == [
        f"data/raw/{YEAR}/factors.csv, row 5, column 'applies_to_year': expected the data year its value was "
        "announced for: 0.474 kgCO2e/kWh for 2024 (電力排碳係數 grid average; 經濟部能源署公告 2024 年電力排碳係數 "
        "(二手資料 secondary source)), not a later year (data/reference/factor_announcements.csv), found '2025'"]


def test_a_value_not_announced_for_its_year_is_refused_unless_provisional(project_copy):
    path = project_copy.raw_dir(YEAR) / "factors.csv"
    edit(path, HEAT, "gasoline_heat_value,7856,kcal/L,2025,")  # digits swapped
    assert _factor_problems(project_copy) == [
        f"data/raw/{YEAR}/factors.csv, row 4, column 'value': expected a value announced for 2025 (7586 kcal/L for "
        "2025 (車用汽油 vehicle gasoline; announced 2026-02-10; 環境部公告「114 年度車用汽、柴油熱值」(2026-02-10)); "
        "data/reference/factor_announcements.csv), or status 'provisional' for a value not yet announced, found "
        "'7856'"]
    edit(path, "所引,official,\nelectricity", "所引,provisional,\nelectricity")
    assert InputStore(project_copy).factors(YEAR).status("gasoline_heat_value") == "provisional"


def test_a_provisional_factor_is_cited_as_provisional_and_listed_so_in_the_manifest(project_copy):
    edit(project_copy.raw_dir(YEAR) / "factors.csv", "所引,official,\nelectricity", "所引,provisional,\nelectricity")
    computation = Computation(project_copy, chapters=(chapter("energy"),))
    gasoline = computation.result("energy", YEAR).metric("gasoline_gj")
    assert "環境部公告「114 年度車用汽、柴油熱值」(2026-02-10)，如報告 3.1.2 油量統計表備註 1 所引 (暫定值 provisional: used " \
           "before its official announcement)" in gasoline.inputs
    assert "暫定值" not in computation.result("energy", YEAR).metric("electricity_gj").inputs
    manifest = build_manifest(computation, YEAR, {"year": YEAR}, {})
    statuses = {(f["year"], f["factor"]): f["status"] for f in manifest["factors"]}
    assert statuses[(YEAR, "gasoline_heat_value")] == "provisional"
    assert statuses[(YEAR, "electricity_emission_factor")] == "official"
    assert statuses[(2024, "gasoline_heat_value")] == "official"  # the earlier years the chapter builds on


def test_the_shipped_factors_are_official_and_as_announced():
    store = InputStore(Project(ROOT))
    for year in (2023, 2024, 2025):
        factors = store.factors(year)
        assert {factors.status(f) for f in factors.items()} == {"official"}


def test_the_new_year_readme_says_which_value_is_the_latest_announced(project_copy, capsys):
    assert main(["new-year", str(YEAR + 1)]) == 0
    readme = (project_copy.raw_dir(YEAR + 1) / "README.md").read_text(encoding="utf-8")
    assert ("   - `electricity_emission_factor` (kgCO2e/kWh): 2025 used 0.474 (applies to 2024); the latest announced in "
            "data/reference/factor_announcements.csv is 0.467 kgCO2e/kWh for 2025 (公用售電業平均 public-sales "
            "average; announced 2026-06-02; 經濟部能源署公告 2025 年電力排碳係數 (2026-06-02)); none for 2026 yet: keep "
            "it with status 'provisional' until 2026's is announced, then add that announcement to the file") in readme
    assert ("   - `kcal_to_gj` (GJ/kcal): 2025 used 0.0000041868; data/reference/factor_announcements.csv lists no "
            "announcement of 'kcal_to_gj' (a constant, or the bureau's own value)") in readme
    factors = (project_copy.raw_dir(YEAR + 1) / "factors.csv").read_text(encoding="utf-8")
    assert ("copied from 2025: check value, applies_to_year, status and source (latest announced in "
            "data/reference/factor_announcements.csv: 0.467 kgCO2e/kWh for 2025, announced 2026-06-02; none for 2026 "
            "yet: keep it with status 'provisional'), then clear this cell") in factors
