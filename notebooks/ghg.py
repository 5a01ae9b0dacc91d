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
# # 溫室氣體盤查與減碳效益 GHG inventory and reduction benefits (GRI 305)
#
# 本局自 2024 年起導入溫室氣體盤查（範疇一、範疇二），並以 2024 年為基準年；盤查據點為局本部、
# 勞動檢查處及訓練就業中心（報告 3.1.2）。減碳效益以前一年與本年的用電度數、用紙張數差額乘以排放係數計算。
# The inventory (scopes 1 and 2) started in 2024, the base year; reduction benefits multiply the
# year-on-year savings of electricity and paper by their emission factors.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("ghg", year, output_dir, figure_dir)
result, figures = page.result, page.figures
nb.show_notes(page)

# %% [markdown]
# ## 盤查結果 Inventory by site and scope

# %%
inventory = result.tables.get("inventory", result.tables.get("base_year_inventory"))
if inventory is None:
    nb.md(f"{year} 年無溫室氣體盤查資料。No GHG inventory for {year}.")
else:
    prefix = "" if "inventory" in result.tables else "base_"
    nb.show(inventory, "各據點範疇一、範疇二排放 Emissions by site and scope (tCO2e)",
            headers={"site_id": "代碼 ID", "site": "盤查據點 Site", "scope": "範疇 Scope", "tco2e": "公噸 CO2e",
                     "source": "來源 Source"}, number_format="{:,.4f}")
    pivot = inventory.pivot_table(index="site", columns="scope", values="tco2e", aggfunc="sum", sort=False)
    fig, ax = new_figure(7, 3.6)
    left = None
    for scope, colour, label in (("scope1", "#e45756", "範疇一 Scope 1"), ("scope2", "#4c78a8", "範疇二 Scope 2")):
        ax.barh(pivot.index, pivot[scope], left=left, color=colour, label=label)
        left = pivot[scope] if left is None else left + pivot[scope]
    for site, total in left.items():
        ax.annotate(f"{total:,.2f}", (total, site), textcoords="offset points", xytext=(4, 0), va="center")
    ax.set_xlabel("公噸 CO2e")
    ax.margins(x=0.15)
    ax.legend(loc="upper right")
    ax.set_title(f"溫室氣體排放 GHG emissions, {int(result.value('base_year'))} 年盤查")
    nb.figure(fig, "ghg_inventory", figures, "各盤查據點範疇一、範疇二排放量 Emissions by inventoried site")
    total = result.value(f"{prefix}total_tco2e")
    nb.md(f"盤查總量 Total：**{fmt(total)} 公噸 CO2e**。")

# %% [markdown]
# ## 減碳效益 Reduction benefits (GRI 305-5)

# %%
benefits = result.tables.get("reduction_benefits")
if benefits is None:
    nb.md(f"{year - 1} 年無資料，無法計算 {year} 年減碳效益。No {year - 1} data: benefits not computed.")
else:
    nb.show(benefits, f"{year - 1} → {year} 年減碳效益 Reduction benefits",
            headers={"item": "項目 Item", "saved": "減少量 Saved", "unit": "單位 Unit", "factor": "係數 Factor",
                     "factor_unit": "係數單位", "reduction_tco2e": "減碳效益 tCO2e"}, number_format="{:,.4f}")
    nb.md(f"合計 Total：**{fmt(result.value('total_reduction_tco2e'), 4)} 公噸 CO2e**"
          "（報告將兩項已四捨五入的值相加，見下方核對 — the report summed rounded parts, see reconciliation）。")

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)

# %% [markdown]
# ## 與報告核對 Reconciliation

# %%
reconciliation = page.finish()
