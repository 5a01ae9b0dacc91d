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
# # 勞動檢查與職業安全衛生 Labour inspection and occupational safety (GRI 403)
#
# 本章由 `data/raw/<year>/labour_inspection.csv`（每列一項活動的一個數值）重算報告 2.4.2、2.5.3 管理方針
# （勞動保障、職場安全）、ESG 績效摘要、3.1.1 熱危害防護行動、3.2 SDG 8、3.3.2.3 職場健康安全與 5.1 SDG 8
# 所印的勞動檢查、輔導與宣導、移工宿舍、勞資爭議調處，以及本局自身的安全及衛生防護委員會與員工健康檢查補助。
#
# 勞動檢查是本局對轄內事業單位的施政成果，不是 GRI 403（組織自身工作者之職業安全衛生）的揭露項目；
# 只有本局員工的委員會（GRI 403-4）與健康檢查補助（GRI 403-6）標示 GRI 403。
#
# This chapter recomputes the report's labour-inspection, guidance, outreach, migrant-dormitory and
# labour-dispute figures, and the bureau's own safety committee and health-check subsidy. Inspections of
# other employers are the bureau's public service, not a GRI 403 disclosure about its own workers: only the
# committee (403-4) and the health checks (403-6) carry a GRI 403 code.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
import pandas as pd

from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("labour_inspection", year, output_dir, figure_dir)
result, figures = page.result, page.figures
tables = result.tables
figures_table = tables.get("figures", pd.DataFrame(columns=["category", "activity"]))
history = tables["history"]
COLUMNS = ["activity_label", "measure_label", "value", "unit", "source"]
HEADERS = {"activity_label": "項目 Activity", "measure_label": "數值 Measure", "source": "來源 Source"}


def value(metric_id, decimals=0):
    return fmt(result.value(metric_id), decimals)


def has(metric_id):
    return result.find(metric_id) is not None and result.value(metric_id) is not None


def category(*names):
    return figures_table[figures_table["category"].isin(names)]


# %%
lines = []
if has("inspections_total"):
    lines.append(f"勞動檢查 {value('inspections_total')} 場次（勞動條件 {value('labour_conditions_inspections')} + "
                 f"安全衛生監督 {value('osh_inspections')}）")
if has("heat_hazard_inspections"):
    change = (f"，較前一年 {result.value('heat_hazard_inspections_change_pct'):+.1f}%"
              if has("heat_hazard_inspections_change_pct") else "")
    lines.append(f"夏季高氣溫熱危害專案檢查 {value('heat_hazard_inspections')} 場{change}")
if has("disputes_cases"):
    lines.append(f"勞資爭議調處 {value('disputes_cases')} 件")
if has("osh_committee_members_total"):
    lines.append(f"本局安全及衛生防護委員會 {value('osh_committee_members_total')} 名委員")
nb.md(f"**{year} 年**：" + ("；".join(lines) if lines else "報告未公布本章數值（not reported）") + "。")

# %% [markdown]
# ## 勞動檢查 Inspections by kind
#
# 勞動檢查合計 = 勞動條件檢查場次 + 安全衛生監督檢查場次（2.4.2 印出合計，2.5.3 分別印出兩者）。
# 熱危害專案檢查、移工宿舍檢查與病媒防治檢查另計；報告未說明其是否包含於上述場次。
# Inspections in total = labour-conditions + OSH supervisory inspections; the heat-hazard project, dormitory
# and vector-control checks are counted apart (the report does not say whether they are part of the two).

# %%
inspections = category("inspection")
if not inspections.empty:
    nb.show(inspections[COLUMNS], f"{year} 年勞動檢查 Inspections by kind", headers=HEADERS, number_format="{:,.0f}")
    fig, ax = new_figure(8, 0.55 * len(inspections) + 1.2)
    names = [f"{a.split()[0]}\n{m.split()[0]}" for a, m in zip(inspections["activity_label"], inspections["measure_label"])]
    bars = ax.barh(names, inspections["value"], color="#4c78a8")
    for bar, v, unit in zip(bars, inspections["value"], inspections["unit"]):
        ax.annotate(f"{v:,.0f} {unit}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    textcoords="offset points", xytext=(4, 0), va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, inspections["value"].max() * 1.3)
    ax.set_xlabel("場次、家次、處或次（各依其單位）counts, each in its own unit")
    ax.set_title("勞動檢查 Inspections by kind")
    nb.figure(fig, "labour_inspection_kinds", figures, f"{year} 年各類勞動檢查 Inspections by kind")
else:
    nb.md(f"{year} 年未公布勞動檢查數據（not reported）。")

# %% [markdown]
# ## 夏季高氣溫熱危害專案 Summer heat-hazard project
#
# 報告 3.1.1 與 5.1 列出三年數據；年增減 = (本年 − 前一年) ÷ 前一年 × 100。
# Three years as 3.1.1 and 5.1 print them; change = (this year − last year) ÷ last year × 100.

# %%
heat = history[history["metric_id"].str.startswith("heat_hazard_")]
if not heat.empty:
    wide = heat.pivot_table(index="year", columns="metric_id", values="value").reset_index()
    names = {"heat_hazard_inspections": "專案檢查 Inspections 場", "heat_hazard_seminars": "觀摩會 Seminars 場",
             "heat_hazard_seminar_participants": "參加人數 Participants 人",
             "heat_hazard_seminar_businesses": "參與事業單位 Businesses 家"}
    counts = ["year"] + [c for c in names if c in wide.columns]
    nb.show(wide[counts], "熱危害專案歷年數據 Heat-hazard project by year", headers=names, number_format="{:,.0f}")
    changes = ["year"] + [f"{c}_change_pct" for c in names if f"{c}_change_pct" in wide.columns]
    if len(changes) > 1:
        nb.show(wide[changes].dropna(how="all", subset=changes[1:]), "較前一年增減 % Change vs the year before",
                headers={f"{c}_change_pct": label.rsplit(" ", 1)[0] for c, label in names.items()},
                number_format="{:+,.1f}%")
    checks = wide.dropna(subset=["heat_hazard_inspections"])
    fig, ax = new_figure(6.5, 3.4)
    labels = [str(y) for y in checks["year"]]
    bars = ax.bar(labels, checks["heat_hazard_inspections"], color="#e45756")
    yearly = checks.get("heat_hazard_inspections_change_pct", pd.Series(index=checks.index, dtype=float))
    for bar, v, change in zip(bars, checks["heat_hazard_inspections"], yearly):
        text = f"{v:,.0f} 場" + ("" if pd.isna(change) else f"\n{change:+.1f}%")
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), textcoords="offset points",
                    xytext=(0, 4), ha="center", fontsize=9)
    ax.margins(y=0.2)
    ax.set_ylabel("場 inspections")
    ax.set_title("高氣溫熱危害專案勞動檢查 Heat-hazard inspections")
    nb.figure(fig, "labour_inspection_heat_hazard", figures, "歷年高氣溫熱危害專案勞動檢查場次 Heat-hazard inspections")

# %% [markdown]
# ## 輔導、宣導與訪視 Guidance, outreach and visits

# %%
outreach = category("guidance", "outreach", "visit")
if not outreach.empty:
    nb.show(outreach[COLUMNS], f"{year} 年輔導、宣導與訪視 Guidance, outreach and visits", headers=HEADERS,
            number_format="{:,.0f}")
else:
    nb.md(f"{year} 年未公布輔導、宣導與訪視數據（not reported）。")

# %% [markdown]
# ## 勞資爭議調處 Labour disputes and mediation
#
# 調解成立率 = 調解成立件數 ÷ 調處案件數 × 100；委託民間團體占比 = 委託件數 ÷ 調處案件數 × 100。
# Settlement rate = cases settled ÷ cases handled; commissioned share = cases commissioned ÷ cases handled.

# %%
disputes = category("dispute")
if not disputes.empty:
    nb.show(disputes[COLUMNS], f"{year} 年勞資爭議調處 Labour disputes", headers=HEADERS, number_format="{:,.0f}")
    rates = result.metrics_frame()
    rates = rates[rates["metric_id"].isin(["disputes_settlement_rate_pct", "disputes_commissioned_share_pct"])]
    nb.show(rates[["label", "value", "unit", "formula", "missing_reason"]], "比率 Rates")
else:
    nb.md(f"{year} 年未公布勞資爭議數據（not reported）。")

# %% [markdown]
# ## 本局職業安全衛生 The bureau's own occupational safety and health (GRI 403-4, 403-6)
#
# 安全及衛生防護委員會委員 = 學者專家 + 機關人員（GRI 403-4）；員工健康檢查補助（GRI 403-6）。
# Committee members = external experts + bureau staff (403-4); health-check subsidy (403-6).

# %%
own = category("committee", "health")
if not own.empty:
    nb.show(own[COLUMNS + ["gri"]], f"{year} 年本局職業安全衛生 The bureau's own OSH", headers=HEADERS,
            number_format="{:,.0f}")
    if has("osh_committee_members_total"):
        nb.md(f"委員 {value('osh_committee_members_total')} 名 = 學者專家 {value('osh_committee_experts')} 名 + "
              f"機關人員 {value('osh_committee_staff_members')} 名。")
else:
    nb.md(f"{year} 年未公布本局安全衛生委員會與健康檢查數據（not reported）。")

# %% [markdown]
# ## 年增減與未公布事項 Changes and what was not reported

# %%
if "changes" in tables:
    nb.show(tables["changes"][["label", "value", "unit", "inputs"]], f"{year} 年較前一年增減 Changes vs {year - 1}",
            number_format="{:,.2f}")
nb.show_notes(page)

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)

# %% [markdown]
# ## 與報告核對 Reconciliation
#
# 每個報告印出的數值，與重算值依報告的小數位數（四捨五入）比較。
# Each printed figure against the recomputed value at the printed precision.

# %%
reconciliation = page.finish()
