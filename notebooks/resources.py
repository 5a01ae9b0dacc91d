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
# # 資源循環 Resources: paper, electronic documents, green procurement
#
# 紙張使用量與減少率、電子公文比率、綠色採購件數（報告 3.1.2、5.1）。
# Paper use and its reduction, the share of electronic documents, and green procurement.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("resources", year, output_dir, figure_dir)
result, figures = page.result, page.figures
trend = result.tables["trend"]
reduction = result.value("paper_reduction_pct")
nb.md(f"**{year} 年**：紙張 {fmt(result.value('paper_sheets'), 0)} 張"
      + (f"，較前一年減少 {fmt(result.value('paper_saved_sheets'), 0)} 張（{fmt(reduction)}%）" if reduction is not None else "")
      + f"；綠色採購 {fmt(result.value('green_procurement_items'), 0)} 件。")
nb.show_notes(page)

# %%
nb.show(trend, "近三年資源使用 Resources by year",
        headers={"paper_sheets": "紙張 張", "e_document_ratio_pct": "電子公文比率 %",
                 "green_procurement_items": "綠色採購 件"}, number_format="{:,.2f}")
fig, (ax1, ax2) = new_figure(9, 3.6, ncols=2)
labels = [str(y) for y in trend["year"]]
ax1.bar(labels, trend["paper_sheets"] / 1e6, color="#9d755d")
for x, v in zip(labels, trend["paper_sheets"] / 1e6):
    ax1.annotate(f"{v:.2f}", (x, v), textcoords="offset points", xytext=(0, 4), ha="center")
ax1.set_title("紙張使用量 Paper (百萬張 million sheets)")
ax1.margins(y=0.15)
ax2.bar(labels, trend["green_procurement_items"], color="#54a24b")
for x, v in zip(labels, trend["green_procurement_items"]):
    ax2.annotate(f"{v:.0f}", (x, v), textcoords="offset points", xytext=(0, 4), ha="center")
ax2.set_title("綠色採購件數 Green procurement (件)")
ax2.margins(y=0.15)
nb.figure(fig, "resources_trend", figures, "近三年紙張使用量與綠色採購件數 Paper and green procurement")

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)

# %% [markdown]
# ## 與報告核對 Reconciliation

# %%
reconciliation = page.finish()
