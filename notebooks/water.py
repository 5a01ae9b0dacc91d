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
# # 水資源 Water (GRI 303)
#
# 取水量、排水量以百萬公升 (ML, 1 ML = 1,000 m³) 計；耗水量 = 取水量 − 排水量；
# 用水密度 = 取水量 ÷ 年底員工人數（報告 3.1.2 備註）。
# Withdrawal and discharge in megalitres; consumption = withdrawal − discharge;
# intensity = withdrawal ÷ employees at year end.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("water", year, output_dir, figure_dir)
result, figures = page.result, page.figures
trend = result.tables["trend"]
change = result.value("withdrawal_reduction_pct")
nb.md(f"**{year} 年**：取水 {fmt(result.value('withdrawal_ml'))} ML、排水 {fmt(result.value('discharge_ml'))} ML、"
      f"耗水 {fmt(result.value('consumption_ml'))} ML；用水密度 {fmt(result.value('intensity_ml_per_employee'), 4)} ML/人"
      + (f"；取水量較前一年減少 {fmt(change)}%。" if change is not None else "。"))

# %% [markdown]
# ## 近三年用水 Three-year water use

# %%
nb.show(trend, "近三年水資源用量 Water by year",
        headers={"withdrawal_ml": "取水量 ML", "discharge_ml": "排水量 ML", "consumption_ml": "耗水量 ML",
                 "employees_year_end": "員工人數", "intensity_ml_per_employee": "用水密度 ML/人",
                 "discharge_share_pct": "排水/取水 %"}, number_format="{:,.4f}")
fig, ax = new_figure(7, 3.6)
labels = [str(y) for y in trend["year"]]
ax.bar(labels, trend["discharge_ml"], color="#72b7b2", label="排水量 Discharge")
ax.bar(labels, trend["consumption_ml"], bottom=trend["discharge_ml"], color="#f58518", label="耗水量 Consumption")
for x, v in zip(labels, trend["withdrawal_ml"]):
    ax.annotate(f"取水 {v:.2f}", (x, v), textcoords="offset points", xytext=(0, 4), ha="center")
ax.set_ylabel("百萬公升 ML")
ax.set_ylim(0, trend["withdrawal_ml"].max() * 1.35)
ax.legend(loc="upper center", ncol=2)
ax.set_title("取水量 = 排水量 + 耗水量 Withdrawal = discharge + consumption")
nb.figure(fig, "water_trend", figures, "近三年取水、排水與耗水 Water withdrawal, discharge and consumption")

# %% [markdown]
# ## 各據點水資源風險 Water risk by site

# %%
if "sites" in result.tables:
    nb.show(result.tables["sites"], "高雄市政府勞工局水資源資訊 Sites, water-risk level and sources",
            headers={"site": "機關 Site", "address": "地址 Address", "water_risk_level": "水資源風險等級 Risk level",
                     "water_sources": "取水處 Sources", "source": "來源 Source"})
nb.show_notes(page)

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)

# %% [markdown]
# ## 與報告核對 Reconciliation

# %%
reconciliation = page.finish()
