"""Energy (GRI 302-1, 302-3, 302-4): electricity and vehicle gasoline in GJ,
energy intensity per employee, and the year-on-year change.

Formulas, as in report 3.1.2:
  electricity GJ = kWh × 0.0036 GJ/kWh
  gasoline GJ    = litres × heat value (kcal/L, of the reporting year) × 4.1868e-6 GJ/kcal
  intensity      = GJ ÷ employees at year end (the organisation-specific denominator)
  reduction %    = (previous year − this year) ÷ previous year × 100 (decrease positive,
                   as the report's 節電 % and 用油減量 %)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sustainability_appendix.chapters.common import factor_used, fmt, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_reduction
from sustainability_appendix.inputs.quantities import Factors, Quantities, require
from sustainability_appendix.inputs.store import ChapterFiles, collect

CHAPTER = "energy"


@dataclass(frozen=True)
class EnergyInputs:
    year: int
    quantities: Quantities
    factors: Factors


def load(project, year: int, store=None) -> EnergyInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    quantities, factors = collect(files.quantities, files.factors)
    return EnergyInputs(year, quantities, factors)


def compute(inputs: EnergyInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    year, q, f = inputs.year, inputs.quantities, inputs.factors
    result = ChapterResult(CHAPTER, year)
    kwh = require(q.get("electricity_kwh"), "electricity_kwh", q)
    litres = require(q.get("gasoline_litres"), "gasoline_litres", q)
    staff = require(q.get("employees_year_end"), "employees_year_end", q)
    kwh_f, heat_f, kcal_f = (f.get(k) for k in ("kwh_to_gj", "gasoline_heat_value", "kcal_to_gj"))
    electricity_gj = kwh.value * kwh_f.value
    gasoline_gj = litres.value * heat_f.value * kcal_f.value
    e = {
        "year": year,
        "electricity_kwh": kwh.value,
        "gasoline_litres": litres.value,
        "employees_year_end": staff.value,
        "electricity_gj": electricity_gj,
        "gasoline_gj": gasoline_gj,
        "energy_total_gj": electricity_gj + gasoline_gj,
        "heat_value_kcal_per_l": heat_f.value,
    }

    result.add(Metric("electricity_kwh", e["electricity_kwh"], "kWh", "電力使用量 Electricity",
                      "輸入值 input", kwh.cite(), "302-1", kind="input"))
    result.add(Metric("gasoline_litres", e["gasoline_litres"], "L", "汽油使用量 Gasoline",
                      "輸入值 input", litres.cite(), "302-1", kind="input"))
    result.add(Metric("employees_year_end", e["employees_year_end"], "人", "員工人數 Employees at year end",
                      "輸入值 input (組織特定度量值 denominator)", staff.cite(), "302-3", kind="input"))
    for factor, label, purpose in (
        ("kwh_to_gj", "電力熱值換算 Electricity conversion factor", "電力 kWh → GJ"),
        ("gasoline_heat_value", "車用汽油熱值 Vehicle gasoline heat value", "汽油 L → kcal"),
        ("kcal_to_gj", "熱功當量 Heat equivalent", "汽油 kcal → GJ"),
    ):
        result.add(factor_used(f, factor, label, purpose))
    result.add(Metric(
        "electricity_gj", e["electricity_gj"], "GJ", "電力使用量 Electricity (GJ)",
        "電力 kWh × 0.0036 GJ/kWh",
        f"電力 {fmt(kwh.value, 0)} kWh ({kwh.cite()}); 換算係數 {kwh_f.value:g} GJ/kWh ({kwh_f.source})",
        "302-1"))
    result.add(Metric(
        "gasoline_gj", e["gasoline_gj"], "GJ", "汽油使用量 Gasoline (GJ)",
        "汽油 L × 熱值 kcal/L × 4.1868×10⁻⁶ GJ/kcal",
        f"汽油 {fmt(litres.value)} L ({litres.cite()}); 熱值 {fmt(heat_f.value, 0)} kcal/L ({heat_f.source}); "
        f"{kcal_f.value:g} GJ/kcal ({kcal_f.source})",
        "302-1"))
    result.add(Metric(
        "energy_total_gj", e["energy_total_gj"], "GJ", "能源消耗總量 Total energy (GJ)",
        "電力 GJ + 汽油 GJ", f"電力 {fmt(e['electricity_gj'])} GJ; 汽油 {fmt(e['gasoline_gj'])} GJ", "302-1"))
    for key, label, numerator, gj in (
        ("electricity", "電力能源密度 Electricity intensity", "電力", e["electricity_gj"]),
        ("gasoline", "汽油能源密度 Gasoline intensity", "汽油", e["gasoline_gj"]),
        ("energy", "能源密度 Energy intensity", "能源總量", e["energy_total_gj"]),
    ):
        e[f"{key}_intensity_gj_per_employee"] = gj / staff.value
        result.add(Metric(
            f"{key}_intensity_gj_per_employee", gj / staff.value, "GJ/人", label,
            f"{numerator} GJ ÷ 年底員工人數",
            f"{fmt(gj)} GJ ÷ {fmt(staff.value, 0)} 人 ({staff.cite()})", "302-3"))

    previous = earlier.get(year - 1)
    for key, label, unit_item in (
        ("electricity", "節電 % Electricity reduction", "electricity_kwh"),
        ("gasoline", "用油減量 % Gasoline reduction", "gasoline_litres"),
    ):
        metric_id = f"{key}_reduction_pct"
        formula = f"(前一年 {unit_item} − 本年 {unit_item}) ÷ 前一年 × 100 (減少為正)"
        before = previous.metric(unit_item) if previous is not None else None
        if before is None:
            result.add(Metric(metric_id, None, "%", label, formula, f"本年 {fmt(e[unit_item])}", "302-4",
                              missing_reason=f"{year - 1} 年資料未公布 (no data for {year - 1})"))
        else:
            result.add(Metric(
                metric_id, pct_reduction(e[unit_item], before.value), "%", label, formula,
                f"{year - 1}: {fmt(before.value)} ({before.inputs}); {year}: {fmt(e[unit_item])}", "302-4"))

    result.summary = e
    result.tables["trend"] = trend(earlier, result)[list(e)]
    if previous is None:
        result.notes.append(f"{year - 1} 年無資料，未計算年增減。No data for {year - 1}: year-on-year change not computed.")
    return result
