"""The environmental chapters, in memory, against values worked out by hand from report 3.1.2.

Every input below is typed from the report's tables (近三年電力使用量統計表, 油量統計表,
水資源用量統計表, 再生廢棄物使用統計表, 溫室氣體盤查表, 節能減碳成果一覽表); every expected
value is the report's arithmetic done by hand, with the printed figure in the comment.
"""

import pandas as pd
import pytest
from memory import factors, printed, quantities, run, table

from sustainability_appendix.chapters.energy import EnergyInputs
from sustainability_appendix.chapters.ghg import GhgInputs
from sustainability_appendix.chapters.resources import ResourcesInputs
from sustainability_appendix.chapters.water import WaterInputs
from sustainability_appendix.errors import ConfigurationError, InputError
from sustainability_appendix.review.reconcile import reconcile

KWH = {2023: 2_081_079, 2024: 2_356_270, 2025: 1_908_301}
LITRES = {2023: 26_212.46, 2024: 26_499.47, 2025: 26_547.00}
STAFF = {2023: 648, 2024: 645, 2025: 649}
HEAT = {2023: 7_800, 2024: 7_609, 2025: 7_586}  # kcal/L, each year's announcement
GRID = {2023: 0.494, 2024: 0.474, 2025: 0.474}  # the report applies 2024's factor to 2025
WITHDRAWAL = {2023: 21.24, 2024: 25.11, 2025: 20.22}
DISCHARGE = {2023: 16.99, 2024: 20.09, 2025: 16.17}
PAPER = {2023: 6_101_091, 2024: 5_498_481, 2025: 5_319_775}
E_DOCS = {2024: 53.13, 2025: 55.09}


def _factors(year):
    return factors(year, vintages={"gasoline_heat_value": year, "electricity_emission_factor": min(year, 2024)},
                   kwh_to_gj=0.0036, kcal_to_gj=0.0000041868, gasoline_heat_value=HEAT[year],
                   electricity_emission_factor=GRID[year], paper_emission_factor=10)


@pytest.fixture(scope="module")
def energy():
    return run("energy", {y: EnergyInputs(y, quantities(y, electricity_kwh=KWH[y], gasoline_litres=LITRES[y],
                                                        employees_year_end=STAFF[y]), _factors(y))
                          for y in (2023, 2024, 2025)})


def test_energy_2025(energy):
    r = energy[2025]
    assert r.value("electricity_gj") == pytest.approx(1_908_301 * 0.0036)  # 6,869.88 GJ
    assert r.value("gasoline_gj") == pytest.approx(26_547 * 7_586 * 4.1868e-6)  # 843.16 GJ
    assert r.value("electricity_intensity_gj_per_employee") == pytest.approx(6869.8836 / 649)  # 10.59
    assert r.value("electricity_reduction_pct") == pytest.approx((2_356_270 - 1_908_301) / 2_356_270 * 100)  # 19.01
    assert r.value("gasoline_reduction_pct") == pytest.approx((26_499.47 - 26_547) / 26_499.47 * 100)  # -0.18


def test_energy_uses_each_years_heat_value(energy):
    assert energy[2023].value("gasoline_gj") == pytest.approx(26_212.46 * 7_800 * 4.1868e-6)  # 856.02
    assert energy[2024].value("gasoline_gj") == pytest.approx(26_499.47 * 7_609 * 4.1868e-6)  # 844.20
    trend = energy[2025].tables["trend"]
    assert list(trend["year"]) == [2023, 2024, 2025]
    assert list(trend["heat_value_kcal_per_l"]) == [7_800, 7_609, 7_586]


def test_energy_shows_the_factors_it_used_as_inputs(energy):
    # 近三年電力使用量統計表 備註: 1 kWh = 0.0036 GJ; 油量統計表 備註 1: 2025 年汽油 7,586 kcal/L
    r = energy[2025]
    assert (r.value("gasoline_heat_value"), r.metric("gasoline_heat_value").unit) == (7_586, "kcal/L")
    assert (r.value("kwh_to_gj"), r.metric("kwh_to_gj").unit) == (0.0036, "GJ/kWh")
    assert r.value("kcal_to_gj") == 0.0000041868  # 備註 2: 熱功當量 1 kcal = 0.0000041868 GJ
    assert {r.metric(f).kind for f in ("kwh_to_gj", "gasoline_heat_value", "kcal_to_gj")} == {"input"}
    assert "2025" in r.metric("gasoline_heat_value").formula  # the year the heat value was published for
    assert energy[2023].value("gasoline_heat_value") == 7_800 and energy[2024].value("gasoline_heat_value") == 7_609


def test_the_first_year_has_no_change_and_says_so(energy):
    r = energy[2023]
    assert r.value("electricity_reduction_pct") is None
    assert "2022" in r.metric("electricity_reduction_pct").missing_reason
    printed = pd.DataFrame([["e-1", "electricity_reduction_pct", "節電", "0.28%", "%", "5.1", ""]],
                           columns=["figure_id", "metric_id", "label", "printed", "unit", "section", "note"])
    assert list(reconcile(r, printed)["status"]) == ["not_checkable"]


def test_a_chapter_reading_an_item_it_does_not_declare_is_refused():
    q = quantities(2025, electricity_kwh=1).restricted(("electricity_kwh",), "energy")
    with pytest.raises(ConfigurationError, match="water_withdrawal_ml.*does not declare"):
        q.get("water_withdrawal_ml")


def test_a_missing_quantity_names_file_and_item():
    inputs = EnergyInputs(2025, quantities(2025, electricity_kwh=1, employees_year_end=1), _factors(2025))
    with pytest.raises(InputError, match=r"quantities.csv, column 'item': expected a row for item 'gasoline_litres'"):
        run("energy", {2025: inputs})


INVENTORY_2024 = [("headquarters", "局本部", "scope1", 1096.7893), ("headquarters", "局本部", "scope2", 357.9648),
                  ("inspection_training", "勞動檢查處及訓練就業中心", "scope1", 48.5230),
                  ("inspection_training", "勞動檢查處及訓練就業中心", "scope2", 236.3449)]


@pytest.fixture(scope="module")
def ghg():
    inventory = table([{"site_id": s, "site": n, "scope": sc, "tco2e": t, "source": "3.1.2 溫室氣體盤查表"}
                       for s, n, sc, t in INVENTORY_2024], "data/raw/2024/ghg_inventory.csv")
    inputs = {}
    for y in (2023, 2024, 2025):
        q = quantities(y, electricity_kwh=KWH[y], paper_sheets=PAPER[y], employees_year_end=STAFF[y],
                       **({"ghg_covered_employees": 560} if y == 2024 else {}))
        inputs[y] = GhgInputs(y, q, _factors(y), inventory if y == 2024 else None)
    return run("ghg", inputs)


def test_ghg_2024_inventory(ghg):
    r = ghg[2024]
    assert r.value("headquarters_total_tco2e") == pytest.approx(1096.7893 + 357.9648)  # 1,454.754
    assert r.value("total_tco2e") == pytest.approx(1096.7893 + 357.9648 + 48.5230 + 236.3449)  # 1,739.62
    assert r.value("intensity_tco2e_per_employee") == pytest.approx(1739.622 / 560)  # 3.11
    assert r.value("base_year") == 2024


def test_ghg_2025_shows_the_base_year_and_reduction_benefits(ghg):
    r = ghg[2025]
    assert r.value("base_year") == 2024 and r.value("base_total_tco2e") == pytest.approx(1739.622)
    assert r.value("electricity_saved") == 2_356_270 - 1_908_301  # 447,969 kWh
    assert r.value("electricity_reduction_tco2e") == pytest.approx(447_969 * 0.474 / 1000)  # 212.34 t
    assert r.value("paper_reduction_tco2e") == pytest.approx(178_706 * 10 / 1e6)  # 1.79 t
    # 212.337306 + 1.78706 = 214.124366 -> 214.12; the report printed 212.34 + 1.79 = 214.13
    printed = pd.DataFrame([["g-5", "total_reduction_tco2e", "合計", "214.13", "公噸", "3.1.2", ""]],
                           columns=["figure_id", "metric_id", "label", "printed", "unit", "section", "note"])
    rec = reconcile(r, printed)
    assert rec.loc[0, "status"] == "differs" and rec.loc[0, "recomputed"] == "214.12"
    assert any("2024" in n and "factor" in n for n in r.notes)  # factor vintage is said


def test_the_printed_factors_and_inventory_boundary_are_inputs_of_the_register(ghg):
    # 節能減碳成果一覽表 備註: 2024 年電力排放係數 0.474 kgCO2e/kWh (used for 2025), A4 紙 10 gCO2e/張
    rec = reconcile(ghg[2025], printed(2025, "ghg")).set_index("printed")
    assert (rec.loc["0.474", "status"], rec.loc["0.474", "unit"], rec.loc["0.474", "recomputed"]) == \
        ("input", "kgCO2e/kWh", "0.474")
    assert rec.loc["10", "status"] == "input"
    # 溫室氣體盤查表: 員工人數 560 (局本部、勞動檢查處及訓練就業中心), the denominator of 3.11 t/人
    rec_2024 = reconcile(ghg[2024], printed(2024, "ghg")).set_index("printed")
    assert rec_2024.loc["560", "status"] == "input"
    # 2023 has no earlier year to save against: no benefit, so no emission factor was used
    assert ghg[2023].find("electricity_emission_factor") is None


def test_ghg_2023_says_no_inventory(ghg):
    assert any("No GHG inventory exists for 2023" in n for n in ghg[2023].notes)


def test_water():
    inputs = {y: WaterInputs(y, quantities(y, water_withdrawal_ml=WITHDRAWAL[y], water_discharge_ml=DISCHARGE[y],
                                           employees_year_end=STAFF[y]), None) for y in (2024, 2025)}
    r = run("water", inputs)[2025]
    assert r.value("consumption_ml") == pytest.approx(20.22 - 16.17)  # 4.05
    assert r.value("intensity_ml_per_employee") == pytest.approx(20.22 / 649)  # 0.0312 -> 0.03
    # the report prints 19.32 %, the printed megalitres give (25.11 - 20.22) / 25.11 = 19.47 %
    assert r.value("withdrawal_reduction_pct") == pytest.approx(19.4743, abs=1e-4)
    assert any("No site water-risk table" in n for n in r.notes)


def test_resources():
    inputs = {y: ResourcesInputs(y, quantities(y, paper_sheets=PAPER[y], **({"e_document_ratio_pct": E_DOCS[y]}
                                                                             if y in E_DOCS else {})))
              for y in (2023, 2024, 2025)}
    results = run("resources", inputs)
    assert results[2025].value("paper_reduction_pct") == pytest.approx((5_498_481 - 5_319_775) / 5_498_481 * 100)
    assert results[2025].value("e_document_change_pp") == pytest.approx(55.09 - 53.13)
    assert results[2024].value("paper_reduction_pct") == pytest.approx((6_101_091 - 5_498_481) / 6_101_091 * 100)
    assert results[2023].value("e_document_ratio_pct") is None  # not reported for 2023
    assert list(results[2025].tables["trend"]["paper_sheets"]) == [6_101_091, 5_498_481, 5_319_775]
