"""GHG inventory and reduction benefits (GRI 305-1, 305-2, 305-4, 305-5).

The bureau inventoried scopes 1 and 2 for the first time for 2024, its base
year, covering the headquarters, the Labor Inspection Office and the Training
and Employment Center (report 3.1.2). Formulas:
  site total        = scope 1 + scope 2
  inventory total   = Σ sites
  intensity         = inventory total ÷ employees covered by the inventory
  reduction benefit = (previous year − this year) × emission factor
                      (electricity kWh × kgCO2e/kWh; A4 sheets × gCO2e/sheet)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.common import factor_used, fmt
from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.inputs.quantities import Factors, Quantities
from sustainability_appendix.inputs.store import ChapterFiles, collect

CHAPTER = "ghg"
SCOPES = {"scope1": "範疇一 Scope 1", "scope2": "範疇二 Scope 2"}
INVENTORY_COLUMNS = ["site_id", "site", "scope", "tco2e", "source"]


@dataclass(frozen=True)
class GhgInputs:
    year: int
    quantities: Quantities
    factors: Factors
    inventory: pd.DataFrame | None  # scope 1 and 2 by site, for a year with an inventory


def load(project, year: int, store=None) -> GhgInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    quantities, factors, inventory = collect(files.quantities, files.factors, lambda: files.table("ghg_inventory"))
    return GhgInputs(year, quantities, factors, inventory)


def _inventory_metrics(result: ChapterResult, year: int, inv: pd.DataFrame, prefix: str) -> float:
    """Add site and total metrics for the inventory of ``year``; return the total."""
    file = inv.attrs["source_file"]
    site_totals = {}
    for site_id, rows in inv.groupby("site_id", sort=False):
        site = rows["site"].iloc[0]
        for _, r in rows.iterrows():
            result.add(Metric(f"{prefix}{site_id}_{r['scope']}_tco2e", float(r["tco2e"]), "tCO2e",
                              f"{site} {SCOPES[r['scope']]}", "輸入值 input", f"{r['source']}; {file}",
                              "305-1" if r["scope"] == "scope1" else "305-2", kind="input"))
        total = float(rows["tco2e"].sum())
        site_totals[site] = total
        parts = " + ".join(fmt(v, 4) for v in rows["tco2e"])
        result.add(Metric(f"{prefix}{site_id}_total_tco2e", total, "tCO2e", f"{site} 範疇一 + 範疇二",
                          "範疇一 + 範疇二", f"{parts} ({file})", "305-1, 305-2"))
    for scope, label in SCOPES.items():
        value = float(inv.loc[inv["scope"] == scope, "tco2e"].sum())
        result.add(Metric(f"{prefix}{scope}_tco2e", value, "tCO2e", f"{label} 合計", f"Σ 各據點{label}",
                          file, "305-1" if scope == "scope1" else "305-2"))
    total = sum(site_totals.values())
    result.add(Metric(f"{prefix}total_tco2e", total, "tCO2e", "總量排放 Total (scope 1 + 2)", "Σ 各據點 (範疇一 + 範疇二)",
                      " + ".join(f"{s} {fmt(v, 4)}" for s, v in site_totals.items()), "305-1, 305-2"))
    return total


def compute(inputs: GhgInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    year, q, factors, inv = inputs.year, inputs.quantities, inputs.factors, inputs.inventory
    result = ChapterResult(CHAPTER, year)
    inventoried = [y for y in sorted(earlier) if earlier[y].summary.get("inventory") is not None]
    base_year = inventoried[0] if inventoried else (year if inv is not None else None)

    if inv is not None:
        total = _inventory_metrics(result, year, inv, "")
        staff = q.get("ghg_covered_employees")
        if staff is None:
            result.add(Metric("intensity_tco2e_per_employee", None, "tCO2e/人", "溫室氣體排放強度 GHG intensity",
                              "總量排放 ÷ 盤查涵蓋員工數", "", "305-4",
                              missing_reason="盤查涵蓋員工數未提供 (ghg_covered_employees missing)"))
        else:
            result.add(Metric("ghg_covered_employees", staff.value, "人", "盤查涵蓋員工數 Employees covered by the inventory",
                              "輸入值 input (排放強度之分母 denominator of the intensity)", staff.cite(), "305-4",
                              kind="input"))
            result.add(Metric("intensity_tco2e_per_employee", total / staff.value, "tCO2e/人",
                              "溫室氣體排放強度 GHG intensity", "總量排放 ÷ 盤查涵蓋員工數",
                              f"{fmt(total)} tCO2e ÷ {fmt(staff.value, 0)} 人 ({staff.cite()})", "305-4"))
            all_staff = q.get("employees_year_end")
            if all_staff is not None and all_staff.value != staff.value:
                result.notes.append(
                    f"強度分母為盤查邊界內員工 {fmt(staff.value, 0)} 人，非全局年底員工 {fmt(all_staff.value, 0)} 人；"
                    f"與能源、用水密度的分母不同。The intensity divides by the {fmt(staff.value, 0)} employees of the "
                    f"inventoried sites, not all {fmt(all_staff.value, 0)} employees used for energy and water intensity.")
        scope2 = result.value("scope2_tco2e")
        ef = factors.get("electricity_emission_factor")
        kwh = q.get("electricity_kwh")
        if kwh is not None:
            implied = scope2 * 1000 / ef.value
            sites = inv["site_id"].nunique()
            result.notes.append(
                f"範疇二 {fmt(scope2, 4)} tCO2e ÷ {ef.value:g} kgCO2e/kWh ≈ {fmt(implied, 0)} kWh，"
                f"占全局用電 {fmt(kwh.value, 0)} kWh 的 {implied / kwh.value * 100:.1f}%：盤查邊界僅涵蓋 {sites} 個據點。"
                f" Scope 2 implies about {fmt(implied, 0)} kWh, {implied / kwh.value * 100:.1f}% of the bureau's "
                f"electricity: the inventory covers {sites} sites only.")
        result.tables["inventory"] = inv[INVENTORY_COLUMNS].reset_index(drop=True)
    elif base_year is not None and base_year < year:
        base = earlier[base_year].summary["inventory"]
        _inventory_metrics(result, base_year, base, "base_")
        result.tables["base_year_inventory"] = base[INVENTORY_COLUMNS].reset_index(drop=True)
        result.notes.append(f"{year} 年未公布溫室氣體盤查；以下列出基準年 {base_year} 年盤查。"
                            f"No inventory was published for {year}; the base-year ({base_year}) inventory is shown.")
    else:
        result.notes.append(f"{year} 年尚未進行溫室氣體盤查（本局自 2024 年起導入盤查）。"
                            f"No GHG inventory exists for {year}: the bureau started inventories in 2024.")
    if base_year is not None and base_year <= year:
        base_file = inv.attrs["source_file"] if base_year == year else earlier[base_year].summary["inventory_file"]
        result.add(Metric("base_year", float(base_year), "年", "基準年 Base year",
                          "最早一次盤查之年度 first inventoried year", base_file))

    _reduction_benefits(result, year, q, factors, earlier.get(year - 1))
    result.summary = {"year": year, "inventory": inv,
                      "inventory_file": inv.attrs["source_file"] if inv is not None else "",
                      "quantities": {item: q.get(item) for item in ("electricity_kwh", "paper_sheets")}}
    return result


def _reduction_benefits(result: ChapterResult, year: int, q: Quantities, factors: Factors,
                        previous: ChapterResult | None) -> None:
    items = (
        ("electricity", "electricity_kwh", "kWh", "electricity_emission_factor", 1000.0, "電力 Electricity",
         "電力排碳係數 Grid electricity emission factor", "電力減碳效益 electricity reduction benefit"),
        ("paper", "paper_sheets", "張", "paper_emission_factor", 1_000_000.0, "紙張 Paper",
         "A4 紙張碳足跡 Carbon footprint of an A4 sheet", "紙張減碳效益 paper reduction benefit"),
    )
    rows = []
    for key, item, unit, factor_id, per_tonne, label, factor_label, purpose in items:
        factor = factors.get(factor_id)
        cur = q.get(item)
        before = previous.summary["quantities"][item] if previous is not None else None
        if cur is None or before is None:
            reason = f"{year - 1} 年{label}資料未公布" if before is None else f"{year} 年{label}資料未公布"
            result.add(Metric(f"{key}_saved", None, unit, f"{label} 減少量", "前一年 − 本年", "", "305-5",
                              missing_reason=reason))
            result.add(Metric(f"{key}_reduction_tco2e", None, "tCO2e", f"{label} 減碳效益",
                              f"減少量 × {factor.unit}", "", "305-5", missing_reason=reason))
            continue
        saved = before.value - cur.value
        benefit = saved * factor.value / per_tonne
        result.add(factor_used(factors, factor_id, factor_label, purpose))
        result.add(Metric(f"{key}_saved", saved, unit, f"{label} 減少量 Saved", "前一年 − 本年",
                          f"{year - 1}: {fmt(before.value, 0)} ({before.cite()}); {year}: {fmt(cur.value, 0)} ({cur.cite()})",
                          "305-5"))
        result.add(Metric(f"{key}_reduction_tco2e", benefit, "tCO2e", f"{label} 減碳效益 Reduction",
                          f"減少量 × {fmt(factor.value, 3)} {factor.unit} ÷ {fmt(per_tonne, 0)}",
                          f"減少量 {fmt(saved, 0)} {unit}; 係數 {factor.value:g} {factor.unit} ({factor.source})", "305-5"))
        rows.append({"item": label, "saved": saved, "unit": unit, "factor": factor.value,
                     "factor_unit": factor.unit, "reduction_tco2e": benefit})
    parts = [result.value("electricity_reduction_tco2e"), result.value("paper_reduction_tco2e")]
    if all(p is not None for p in parts):
        result.add(Metric("total_reduction_tco2e", sum(parts), "tCO2e", "減碳效益合計 Total reduction",
                          "電力減碳效益 + 紙張減碳效益", " + ".join(fmt(p, 4) for p in parts), "305-5"))
    else:
        result.add(Metric("total_reduction_tco2e", None, "tCO2e", "減碳效益合計 Total reduction",
                          "電力減碳效益 + 紙張減碳效益", "", "305-5", missing_reason=f"{year - 1} 年資料未公布"))
    if rows:
        result.tables["reduction_benefits"] = pd.DataFrame(rows)
    ef, vintage = factors.get("electricity_emission_factor"), factors.vintage("electricity_emission_factor")
    if vintage is not None and vintage != year:
        result.notes.append(f"電力排放係數 {ef.value:g} kgCO2e/kWh 為 {vintage} 年公告值，用於 {year} 年減碳效益計算。"
                            f"The electricity emission factor used is the {vintage} factor, applied to {year} data.")
