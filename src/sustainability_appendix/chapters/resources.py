"""Resources (GRI 301-1, 301-2; procurement): paper, electronic documents,
green procurement.

  paper reduction % = (previous sheets − this year's) ÷ previous × 100 (decrease positive, 紙張減少 %)
  e-document change = this year's ratio − previous (percentage points)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sustainability_appendix.chapters.common import fmt, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_reduction
from sustainability_appendix.inputs.quantities import Quantities
from sustainability_appendix.inputs.store import ChapterFiles

CHAPTER = "resources"
ITEMS = {
    "paper_sheets": ("紙張使用量 Paper used", "張", "301-1"),
    "e_document_ratio_pct": ("電子公文比率 Electronic documents", "%", "301-2"),
    "green_procurement_items": ("綠色採購件數 Green procurement", "件", "204-1"),
}


@dataclass(frozen=True)
class ResourcesInputs:
    year: int
    quantities: Quantities


def load(project, year: int, store=None) -> ResourcesInputs:
    return ResourcesInputs(year, ChapterFiles.of(CHAPTER, project, year, store).quantities())


def compute(inputs: ResourcesInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    year, q = inputs.year, inputs.quantities
    result = ChapterResult(CHAPTER, year)
    for item, (label, unit, gri) in ITEMS.items():
        v = q.get(item)
        if v is None:
            result.add(Metric(item, None, unit, label, "輸入值 input", "", gri, kind="input",
                              missing_reason=f"{year} 年未公布 (not reported for {year})"))
            result.notes.append(f"{label}：{year} 年未公布 not reported.")
        else:
            result.add(Metric(item, v.value, unit, label, "輸入值 input", v.cite(), gri, kind="input"))

    previous = earlier.get(year - 1)

    def before(item):
        m = previous.find(item) if previous is not None else None
        return m if m is not None and m.value is not None else None

    cur, prev_paper = q.get("paper_sheets"), before("paper_sheets")
    formula = "(前一年紙張 − 本年紙張) ÷ 前一年紙張 × 100 (減少為正)"
    if cur is None or prev_paper is None:
        result.add(Metric("paper_reduction_pct", None, "%", "紙張減少 % Paper reduction", formula, "", "301-1",
                          missing_reason=f"{year - 1} 年紙張使用量未公布 (no data for {year - 1})"))
        result.add(Metric("paper_saved_sheets", None, "張", "紙張減少量 Sheets saved", "前一年 − 本年", "", "301-1",
                          missing_reason=f"{year - 1} 年紙張使用量未公布"))
    else:
        cited = f"{year - 1}: {fmt(prev_paper.value, 0)} 張 ({prev_paper.inputs}); {year}: {fmt(cur.value, 0)} 張"
        result.add(Metric("paper_reduction_pct", pct_reduction(cur.value, prev_paper.value), "%",
                          "紙張減少 % Paper reduction", formula, cited, "301-1"))
        result.add(Metric("paper_saved_sheets", prev_paper.value - cur.value, "張", "紙張減少量 Sheets saved",
                          "前一年 − 本年", cited, "301-1"))
    ratio, ratio_before = q.get("e_document_ratio_pct"), before("e_document_ratio_pct")
    if ratio is not None and ratio_before is not None:
        result.add(Metric("e_document_change_pp", ratio.value - ratio_before.value, "百分點", "電子公文比率增減 Change",
                          "本年比率 − 前一年比率 (百分點)", f"{fmt(ratio_before.value)}% → {fmt(ratio.value)}%", "301-2"))
    result.summary = {"year": year, **{item: result.value(item) for item in ITEMS}}
    result.tables["trend"] = trend(earlier, result)
    return result
