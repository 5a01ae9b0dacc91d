"""Water (GRI 303-3, 303-4, 303-5), in megalitres (1 ML = 1,000 m³).

  consumption = withdrawal − discharge (not measured directly)
  intensity   = withdrawal ÷ employees at year end (report 3.1.2 備註)
  reduction % = (previous withdrawal − this year's) ÷ previous × 100 (decrease positive, 用水減量 %)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.common import fmt, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_reduction
from sustainability_appendix.inputs.quantities import Quantities, require
from sustainability_appendix.inputs.store import ChapterFiles, collect

CHAPTER = "water"


@dataclass(frozen=True)
class WaterInputs:
    year: int
    quantities: Quantities
    sites: pd.DataFrame | None  # the site water-risk table, when the year has one


def load(project, year: int, store=None) -> WaterInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    quantities, sites = collect(files.quantities, lambda: files.table("water_sites"))
    return WaterInputs(year, quantities, sites)


def compute(inputs: WaterInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    year, q = inputs.year, inputs.quantities
    result = ChapterResult(CHAPTER, year)
    wd = require(q.get("water_withdrawal_ml"), "water_withdrawal_ml", q)
    dc = require(q.get("water_discharge_ml"), "water_discharge_ml", q)
    staff = require(q.get("employees_year_end"), "employees_year_end", q)
    w = {"year": year, "withdrawal_ml": wd.value, "discharge_ml": dc.value,
         "consumption_ml": wd.value - dc.value, "employees_year_end": staff.value,
         "intensity_ml_per_employee": wd.value / staff.value, "discharge_share_pct": dc.value / wd.value * 100}
    result.add(Metric("withdrawal_ml", w["withdrawal_ml"], "ML", "取水量 Withdrawal", "輸入值 input", wd.cite(), "303-3", kind="input"))
    result.add(Metric("discharge_ml", w["discharge_ml"], "ML", "排水量 Discharge", "輸入值 input", dc.cite(), "303-4", kind="input"))
    result.add(Metric("employees_year_end", w["employees_year_end"], "人", "組織特定度量值 員工人數", "輸入值 input",
                      staff.cite(), "303-5", kind="input"))
    result.add(Metric("consumption_ml", w["consumption_ml"], "ML", "耗水量 Consumption", "取水量 − 排水量",
                      f"{fmt(w['withdrawal_ml'])} − {fmt(w['discharge_ml'])} ML ({wd.cite()})", "303-5"))
    result.add(Metric("intensity_ml_per_employee", w["intensity_ml_per_employee"], "ML/人", "用水密度 Water intensity",
                      "取水量 ÷ 年底員工人數", f"{fmt(w['withdrawal_ml'])} ML ÷ {fmt(w['employees_year_end'], 0)} 人", "303-5"))
    result.add(Metric("discharge_share_pct", w["discharge_share_pct"], "%", "排水占取水比例 Discharge ÷ withdrawal",
                      "排水量 ÷ 取水量 × 100", f"{fmt(w['discharge_ml'])} ÷ {fmt(w['withdrawal_ml'])} ML", "303-4"))

    previous = earlier.get(year - 1)
    before = previous.metric("withdrawal_ml") if previous is not None else None
    formula = "(前一年取水量 − 本年取水量) ÷ 前一年取水量 × 100 (減少為正)"
    if before is None:
        result.add(Metric("withdrawal_reduction_pct", None, "%", "用水減量 % Water reduction", formula, "", "303-3",
                          missing_reason=f"{year - 1} 年取水量未公布 (no data for {year - 1})"))
        result.notes.append(f"{year - 1} 年無用水資料，未計算年增減。No {year - 1} data: year-on-year change not computed.")
    else:
        result.add(Metric("withdrawal_reduction_pct", pct_reduction(w["withdrawal_ml"], before.value), "%",
                          "用水減量 % Water reduction", formula,
                          f"{year - 1}: {fmt(before.value)} ML ({before.inputs}); {year}: {fmt(w['withdrawal_ml'])} ML",
                          "303-3"))

    result.summary = w
    result.tables["trend"] = trend(earlier, result)
    shares = result.tables["trend"]["discharge_share_pct"]
    if shares.between(79.5, 80.5).all():
        result.notes.append(
            "各年排水量皆約為取水量的 80%（" + "、".join(f"{v:.2f}%" for v in shares)
            + "），顯示排水量可能以取水量 × 80% 推估而非實測；報告未說明排水量來源。"
            " Discharge is about 80% of withdrawal every year, which suggests it was estimated, not metered.")
    if inputs.sites is not None:
        result.tables["sites"] = inputs.sites.reset_index(drop=True)
    else:
        result.notes.append(f"{year} 年未提供各據點水資源風險表。No site water-risk table for {year}.")
    return result
