"""Governance and finances (report G- 永續治理: 3.3.3.1 誠信經營, 3.3.3.2 風險管理, 3.3.3.3 財務穩健;
GRI 201-1, 201-4, 205-1, 205-3, 2-9, 2-27): the budget table and its ratios, government grants,
the coverage of corruption-risk assessment, and the governance counts the report quotes.

Inputs in ``data/raw/<year>/``:
  ``budget.csv``             the budget table the year's report prints (預決算情形), in 千元, one row
                             per fiscal year, line and stage; the 2025 report prints fiscal years
                             2022-2024, so the file of 2025 holds them with ``fiscal_year``;
  ``government_grants.csv``  grants received (政府補助, GRI 201-4);
  ``ethics_coverage.csv``    the bureau and the agencies of the report's boundary, each with its
                             ethics office (政風室) or part-time ethics officers;
  ``governance_counts.csv``  counts quoted in the text (reviewers, divisions, integrity cases,
                             fines, meeting rules, frameworks), each with its area and section.
Vocabularies: ``data/reference/finance_vocabulary.csv``, ``governance_areas.csv``.

Formulas (the report prints none of the budget ratios; they are computed here and labelled so):
  execution rate %          = final ÷ budget × 100, for revenue and for expenditure (執行率)
  revenue ÷ expenditure %   = final revenue ÷ final expenditure × 100
  balance                   = final revenue − final expenditure (negative: funded by the city)
  change %                  = (fiscal year − the year before) ÷ the year before × 100
  ethics offices            = entities whose ethics_function is office (printed: 三個政風單位)
  corruption-risk coverage  = entities with an ethics office or part-time officer ÷ entities × 100
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.common import chinese_part, fmt, labels_by_vocabulary, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_change
from sustainability_appendix.inputs.store import ChapterFiles, collect

CHAPTER = "governance"
THOUSAND_TWD = "千元"


@dataclass(frozen=True)
class GovernanceInputs:
    """One year's governance and finance files, each None when the year does not have it."""

    year: int
    budget: pd.DataFrame | None  # fiscal_year, line, stage, value, cite
    grants: pd.DataFrame | None  # grant, label, grantor, fiscal_year, value, cite
    counts: pd.DataFrame | None  # item, area, value, unit, label, gri, cite
    ethics: pd.DataFrame | None  # entity, name, ethics_function, officers, cite
    labels: Mapping[str, Mapping[str, str]]  # finance vocabulary -> code -> label
    areas: Mapping[str, str]


def _cited(table: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame | None:
    if table is None:
        return None
    file = table.attrs["source_file"]
    out = table[columns].copy()
    out["cite"] = [f"{s}; {file} row {row}" for row, s in zip(table.index, table["source"])]
    return out.reset_index(drop=True)


def load(project, year: int, store=None) -> GovernanceInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    budget, grants, counts, ethics, vocabulary, areas = collect(
        lambda: files.table("budget"), lambda: files.table("government_grants"),
        lambda: files.table("governance_counts"), lambda: files.table("ethics_coverage"),
        lambda: files.reference("finance_vocabulary"), lambda: files.reference("governance_areas"))
    labels = labels_by_vocabulary(vocabulary)
    counts_frame = None
    if counts is not None:
        if "gri" not in counts.columns:
            counts = counts.assign(gri="")
        counts_frame = _cited(counts, ["item", "area", "value", "unit", "label", "gri"])
    return GovernanceInputs(
        year, _cited(budget, ["fiscal_year", "line", "stage", "value"]),
        _cited(grants, ["grant", "label", "grantor", "fiscal_year", "value"]), counts_frame,
        _cited(ethics, ["entity", "name", "ethics_function", "officers"]), labels, dict(zip(areas["area"], areas["label"])))


# ---- calculations ---------------------------------------------------------------------------

def compute(inputs: GovernanceInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    result = ChapterResult(CHAPTER, inputs.year)
    _counts(result, inputs)
    _ethics(result, inputs)
    _budget(result, inputs, earlier)
    _grants(result, inputs)
    absent = [name for name, table in (("預決算情形 budget table", inputs.budget), ("政府補助 grants", inputs.grants),
                                       ("政風單位 ethics coverage", inputs.ethics),
                                       ("治理相關數值 governance counts", inputs.counts)) if table is None]
    if absent:
        result.notes.append(f"{inputs.year} 年未公布：" + "、".join(absent) + "。 Not reported for this year.")
    budget = result.tables.get("budget")
    result.summary = {
        "year": inputs.year,
        "budget_fiscal_years": None if budget is None else f"{budget['fiscal_year'].min()}–{budget['fiscal_year'].max()}",
        "grants_total_thousand_twd": result.value_if_computed("grants_total_thousand_twd"),
        "counts_reported": None if inputs.counts is None else len(inputs.counts),
    }
    result.tables["trend"] = trend(earlier, result)
    return result


def _counts(result: ChapterResult, inputs: GovernanceInputs) -> None:
    if inputs.counts is None:
        return
    for r in inputs.counts.itertuples():
        result.add(Metric(r.item, float(r.value), r.unit, r.label, "輸入值 input", r.cite, r.gri or "", kind="input"))
    result.tables["counts"] = inputs.counts.assign(
        year=inputs.year, area_label=inputs.counts["area"].map(inputs.areas))[
        ["year", "area", "area_label", "item", "label", "value", "unit", "gri", "cite"]]


def _ethics(result: ChapterResult, inputs: GovernanceInputs) -> None:
    e = inputs.ethics
    if e is None:
        return
    offices = e[e["ethics_function"] == "office"]
    part_time = e[e["ethics_function"] == "part_time"]
    covered = e[e["ethics_function"] != "none"]
    names = "、".join(chinese_part(n) for n in offices["name"])
    result.add(Metric("ethics_offices", float(len(offices)), "個", "政風單位數 Ethics offices",
                      "政風室之機關數 entities with an ethics office", f"{names} ({e['cite'].iloc[0]})", "205-1"))
    officers = set(part_time["officers"].dropna().astype(int))
    if len(officers) == 1:
        result.add(Metric("part_time_ethics_officers_each", float(officers.pop()), "名",
                          "兼辦政風業務人員（每一機關）Part-time ethics officers per agency", "輸入值 input",
                          "、".join(chinese_part(n) for n in part_time["name"]) + f" ({part_time['cite'].iloc[0]})",
                          "", kind="input"))  # a head count: no answer to 205-1 (operations assessed)
    elif len(part_time):
        result.add(Metric("part_time_ethics_officers_each", None, "名",
                          "兼辦政風業務人員（每一機關）Part-time ethics officers per agency", "輸入值 input", "", "",
                          kind="input", missing_reason="各機關人數不同 the agencies have different numbers"))
    result.add(Metric("entities_in_boundary", float(len(e)), "個", "報告邊界內機關數（局本部及所屬機關）Entities in the boundary",
                      "清單列數 rows of the list", f"{len(e)} 列 ({e['cite'].iloc[0]})", ""))
    result.add(Metric("corruption_risk_coverage_pct", len(covered) / len(e) * 100, "%",
                      "貪腐風險評估單位建置率 Entities covered by corruption-risk assessment",
                      "設有政風室或兼辦政風人員之機關數 ÷ 報告邊界內機關數 × 100",
                      f"({len(offices)} 政風室 + {len(part_time)} 兼辦) ÷ {len(e)} 機關", "205-1"))
    result.tables["ethics"] = e.assign(year=inputs.year)[["year", "entity", "name", "ethics_function", "officers", "cite"]]


def _budget(result: ChapterResult, inputs: GovernanceInputs, earlier: Mapping[int, ChapterResult]) -> None:
    b = inputs.budget
    if b is None:
        return
    line_labels, stage_labels = inputs.labels.get("line", {}), inputs.labels.get("stage", {})
    values = {(r.fiscal_year, r.line, r.stage): (float(r.value), r.cite) for r in b.itertuples()}
    years = sorted(set(b["fiscal_year"]))
    lines, stages = list(dict.fromkeys(b["line"])), list(dict.fromkeys(b["stage"]))

    def short(code: str, labels: Mapping[str, str]) -> str:
        return chinese_part(labels.get(code, code))

    for (fy, line, stage), (value, cite) in values.items():
        result.add(Metric(f"{line}_{stage}_{fy}", value, THOUSAND_TWD,
                          f"{fy} 年 {short(line, line_labels)} {short(stage, stage_labels)} "
                          f"{line_labels.get(line, line).split(' ', 1)[-1]} {stage_labels.get(stage, stage).split(' ', 1)[-1]}",
                          "輸入值 input", cite, "201-1", kind="input"))
    rows = []
    for fy in years:
        row: dict[str, object] = {"year": inputs.year, "fiscal_year": fy}
        for line in lines:
            for stage in stages:
                row[f"{line}_{stage}"] = values[(fy, line, stage)][0]
            budget, final = values[(fy, line, "budget")][0], values[(fy, line, "final")][0]
            label = f"{fy} 年{short(line, line_labels)}執行率 Execution rate（報告未印出 not printed）"
            value = final / budget * 100 if budget else None
            row[f"{line}_execution_pct"] = value
            result.add(Metric(f"{line}_execution_{fy}_pct", value, "%", label, "決算數 ÷ 預算數 × 100",
                              f"{fmt(final, 0)} ÷ {fmt(budget, 0)} 千元", "201-1",
                              missing_reason="" if budget else "預算數為 0"))
        revenue, expenditure = values[(fy, "revenue", "final")][0], values[(fy, "expenditure", "final")][0]
        row["revenue_to_expenditure_pct"] = revenue / expenditure * 100 if expenditure else None
        row["balance_final"] = revenue - expenditure
        result.add(Metric(f"revenue_to_expenditure_{fy}_pct", row["revenue_to_expenditure_pct"], "%",
                          f"{fy} 年歲入決算占歲出決算 % Revenue ÷ expenditure（報告未印出 not printed）",
                          "歲入決算數 ÷ 歲出決算數 × 100", f"{fmt(revenue, 0)} ÷ {fmt(expenditure, 0)} 千元", "201-1",
                          missing_reason="" if expenditure else "歲出決算數為 0"))
        result.add(Metric(f"balance_final_{fy}", revenue - expenditure, THOUSAND_TWD,
                          f"{fy} 年歲入減歲出（決算）Revenue − expenditure（報告未印出 not printed；負值為支出大於收入）",
                          "歲入決算數 − 歲出決算數", f"{fmt(revenue, 0)} − {fmt(expenditure, 0)} 千元", "201-1"))
        if fy - 1 in years:
            for line in lines:
                for stage in stages:
                    now, before = values[(fy, line, stage)][0], values[(fy - 1, line, stage)][0]
                    result.add(Metric(
                        f"{line}_{stage}_change_{fy}_pct", pct_change(now, before) if before else None, "%",
                        f"{fy} 年{short(line, line_labels)}{short(stage, stage_labels)}年增減 % Change on {fy - 1}"
                        "（報告未印出 not printed）", "(本年 − 前一年) ÷ 前一年 × 100",
                        f"{fy - 1}: {fmt(before, 0)}; {fy}: {fmt(now, 0)} 千元", "201-1",
                        missing_reason="" if before else f"{fy - 1} 年為 0"))
        rows.append(row)
    table = pd.DataFrame(rows)
    result.tables["budget"] = table
    result.notes.append(
        f"預決算情形表涵蓋 {years[0]}–{years[-1]} 會計年度（{inputs.year} 年報告印出），未含報導年度 {inputs.year}"
        + ("" if inputs.year in years else f"；{inputs.year} 年之預決算報告未印出") + "。執行率、歲入占歲出比與年增減為本附錄計算，"
        "報告未印出。 Execution rates, revenue ÷ expenditure and changes are computed here; the report prints none.")
    _compare_with_earlier_tables(result, table, earlier)


def _compare_with_earlier_tables(result: ChapterResult, table: pd.DataFrame,
                                 earlier: Mapping[int, ChapterResult]) -> None:
    """A fiscal year printed again in a later report must carry the same amounts."""
    columns = [c for c in table.columns if c.endswith(("_budget", "_final"))]
    for year in sorted(earlier):
        before = earlier[year].tables.get("budget")
        if before is None:
            continue
        both = table.merge(before, on="fiscal_year", suffixes=("", "_before"))
        for r in both.itertuples():
            differ = [c for c in columns if getattr(r, c) != getattr(r, f"{c}_before")]
            if differ:
                result.notes.append(
                    f"{r.fiscal_year} 會計年度之預決算數與 {year} 年報告不同："
                    + "；".join(f"{c} {fmt(getattr(r, f'{c}_before'), 0)} → {fmt(getattr(r, c), 0)}" for c in differ)
                    + f" 千元。 Fiscal year {r.fiscal_year} differs from the {year} report's table.")


def _grants(result: ChapterResult, inputs: GovernanceInputs) -> None:
    g = inputs.grants
    if g is None:
        return
    for r in g.itertuples():
        result.add(Metric(r.grant, float(r.value), THOUSAND_TWD, f"{r.label}（{chinese_part(r.grantor)}，{r.fiscal_year} 年）",
                          "輸入值 input", r.cite, "201-4", kind="input"))
    total = float(g["value"].sum())
    result.add(Metric("grants_total_thousand_twd", total, THOUSAND_TWD, "政府補助合計 Government grants received",
                      "Σ 各項政府補助", " + ".join(fmt(v, 0) for v in g["value"]) + " 千元", "201-4"))
    budget = result.tables.get("budget")
    fiscal_years = set(budget["fiscal_year"]) if budget is not None else set()
    for fy, rows in g.groupby("fiscal_year"):
        amount = float(rows["value"].sum())
        label = f"{fy} 年政府補助占歲入決算 % Grants ÷ revenue（報告未印出 not printed）"
        if fy in fiscal_years:
            revenue = float(budget.loc[budget["fiscal_year"] == fy, "revenue_final"].iloc[0])
            result.add(Metric(f"grants_to_revenue_{fy}_pct", amount / revenue * 100 if revenue else None, "%", label,
                              "政府補助 ÷ 歲入決算數 × 100", f"{fmt(amount, 0)} ÷ {fmt(revenue, 0)} 千元", "201-4"))
        else:
            result.add(Metric(f"grants_to_revenue_{fy}_pct", None, "%", label, "政府補助 ÷ 歲入決算數 × 100", "", "201-4",
                              missing_reason=f"報告未印出 {fy} 年預決算 (no budget table for fiscal year {fy})"))
            if fiscal_years:
                latest = budget[budget["fiscal_year"] == max(fiscal_years)].iloc[0]
                result.notes.append(
                    f"{fy} 年政府補助 {fmt(amount, 0)} 千元；預決算表最近一年（{int(latest['fiscal_year'])}）歲入決算 "
                    f"{fmt(latest['revenue_final'], 0)} 千元、歲出決算 {fmt(latest['expenditure_final'], 0)} 千元。報告未說明"
                    "補助款是否列入歲入，兩者不在同一年度，本附錄不計算占比。 The grant's year has no budget table: no share "
                    "is computed.")
    result.tables["grants"] = g.assign(year=inputs.year)[["year", "grant", "label", "grantor", "fiscal_year", "value",
                                                          "cite"]]
