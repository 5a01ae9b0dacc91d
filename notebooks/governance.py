# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 永續治理與財務 Governance and finances (GRI 201-1, 201-4, 205-1, 205-3, 2-9, 2-27)
#
# 報告 3.3.3.3 印出 2022–2024 會計年度之預決算情形表與 2025 年政府補助；3.3.3.1 與 ESG 績效摘要印出廉政與法遵數值；
# 1.2、2.1.2、2.2、3.1、3.2、3.3.1.1 與 3.3.3.2 於正文引用治理相關數目。本章逐一核對，並計算報告未印出的預決算
# 執行率、歲入占歲出比與年增減，以及貪腐風險評估單位建置率（報告印 100%，未印分子分母）。
# The budget table (fiscal years 2022-2024), grants, integrity and compliance figures and the governance counts of the
# text, reconciled; execution rates, revenue ÷ expenditure and changes computed (the report prints none).

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
from sustainability_appendix.chapters.common import chinese_part, fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("governance", year, output_dir, figure_dir)
result, figures = page.result, page.figures
tables = result.tables
if not any(name in tables for name in ("budget", "grants", "ethics", "counts")):
    nb.md(f"**{year} 年**：報告未公布治理與財務數值（not reported）。")

# %% [markdown]
# ## 預決算情形 Budget and final accounts (GRI 201-1)
#
# 單位：千元。執行率 = 決算數 ÷ 預算數 × 100；歲入占歲出 = 歲入決算數 ÷ 歲出決算數 × 100；歲入減歲出為決算數之差。
# 本局採統收統支，收支皆納入市府整體財政。以上比率與差額報告皆未印出。
# Thousand NT$. Execution = final ÷ budget; revenue ÷ expenditure on final accounts; none is printed by the report.

# %%
if "budget" in tables:
    budget = tables["budget"]
    nb.show(budget.drop(columns=["year"]), f"{year} 年報告之預決算情形表 Budget table of the {year} report",
            headers={"fiscal_year": "會計年度 Fiscal year", "revenue_budget": "歲入預算數", "revenue_final": "歲入決算數",
                     "revenue_execution_pct": "歲入執行率 %", "expenditure_budget": "歲出預算數",
                     "expenditure_final": "歲出決算數", "expenditure_execution_pct": "歲出執行率 %",
                     "revenue_to_expenditure_pct": "歲入占歲出 %", "balance_final": "歲入減歲出（決算）"},
            number_format="{:,.1f}")
    fig, axes = new_figure(10, 3.8, ncols=2)
    labels = [str(y) for y in budget["fiscal_year"]]
    x = range(len(labels))
    for ax, line, title in ((axes[0], "revenue", "歲入 Revenue"), (axes[1], "expenditure", "歲出 Expenditure")):
        ax.bar([i - 0.2 for i in x], budget[f"{line}_budget"] / 1000, width=0.4, color="#9ecae9", label="預算數 Budget")
        bars = ax.bar([i + 0.2 for i in x], budget[f"{line}_final"] / 1000, width=0.4, color="#4c78a8",
                      label="決算數 Final")
        for bar, rate in zip(bars, budget[f"{line}_execution_pct"]):
            ax.annotate(f"{rate:.1f}%", (bar.get_x() + bar.get_width() / 2, bar.get_height()), textcoords="offset points",
                        xytext=(0, 3), ha="center", fontsize=8.5)
        ax.set_xticks(list(x), labels)
        ax.set_ylabel("百萬元 TWD million")
        ax.set_title(f"{title}（數字為執行率 execution rate）", fontsize=10)
        ax.margins(y=0.15)
        ax.legend(fontsize=8.5)
    nb.figure(fig, "governance_budget", figures, "預算數與決算數，及其執行率（本附錄計算）Budget, final accounts and execution")
    metrics = result.metrics_frame()
    changes = metrics[metrics["metric_id"].str.contains("_change_")]
    if not changes.empty:
        nb.show(changes[["label", "value", "inputs"]], "預決算年增減 Year-on-year changes (not printed)",
                number_format="{:,.1f}")
else:
    nb.md(f"{year} 年報告未印出預決算情形表。")

# %% [markdown]
# ## 政府補助 Financial assistance from government (GRI 201-4)

# %%
if "grants" in tables:
    nb.show(tables["grants"].drop(columns=["year"]).assign(label=lambda f: f["label"].map(chinese_part)),
            "政府補助 Grants received (千元)",
            headers={"grant": "代碼 Code", "label": "項目 Item", "grantor": "補助單位 Grantor",
                     "fiscal_year": "年度 Year", "value": "金額 千元 Amount", "cite": "來源 Source"},
            number_format="{:,.0f}")

# %% [markdown]
# ## 反貪腐與法遵 Anti-corruption and compliance (GRI 205-1, 205-3, 2-27)
#
# 貪腐風險評估單位建置率 = 設有政風室或兼辦政風人員之機關 ÷ 報告邊界內機關（局本部及 4 所屬機關）× 100。
# Coverage = entities with an ethics office or part-time ethics officer ÷ entities of the report's boundary.

# %%
if "ethics" in tables:
    nb.show(tables["ethics"].drop(columns=["year", "entity"]), "各機關之政風配置 Ethics staffing by entity",
            headers={"name": "機關 Entity", "ethics_function": "配置 Staffing", "officers": "兼辦人數 Officers",
                     "cite": "來源 Source"}, number_format="{:,.0f}")
    nb.md(f"政風室 {fmt(result.value('ethics_offices'), 0)} 個；建置率 "
          f"{fmt(result.value('corruption_risk_coverage_pct'), 1)}%（{result.metric('corruption_risk_coverage_pct').inputs}）。")

# %% [markdown]
# ## 正文引用之治理數目 Governance counts quoted in the text

# %%
if "counts" in tables:
    nb.show(tables["counts"].drop(columns=["year", "area", "item"]), "治理相關數目 Governance counts",
            headers={"area_label": "面向 Area", "label": "項目 Item", "value": "數值 Value", "cite": "來源 Source"},
            number_format="{:,.0f}")

# %% [markdown]
# ## 計算明細與註記 How each figure is computed, and notes

# %%
nb.show_metrics(result)
nb.show_notes(page)

# %% [markdown]
# ## 與報告核對 Reconciliation

# %%
reconciliation = page.finish()
