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
# # 能源 Energy (GRI 302)
#
# 本章由 `data/raw/<year>/quantities.csv` 的電力度數、公務車汽油公升數與年底員工人數，
# 以及 `data/raw/<year>/factors.csv` 的換算係數，重算報告 3.1.2「能源管理」的數值。
# This chapter recomputes the energy figures of report section 3.1.2 from the raw inputs.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("energy", year, output_dir, figure_dir)
result, figures = page.result, page.figures
trend = result.tables["trend"]

# %%
e = result
nb.md(
    f"**{year} 年**：電力 {fmt(e.value('electricity_kwh'), 0)} kWh = {fmt(e.value('electricity_gj'))} GJ；"
    f"汽油 {fmt(e.value('gasoline_litres'))} L = {fmt(e.value('gasoline_gj'))} GJ；"
    f"能源消耗總量 {fmt(e.value('energy_total_gj'))} GJ，"
    f"每位員工 {fmt(e.value('energy_intensity_gj_per_employee'))} GJ。"
)

# %% [markdown]
# ## 近三年能源使用 Three-year energy use
#
# 電力以 1 kWh = 0.0036 GJ 換算；汽油以當年度車用汽油熱值 (kcal/L) × 4.1868×10⁻⁶ GJ/kcal 換算。
# 能源密度的分母為年底員工人數（組織特定度量值）。

# %%
nb.show(
    trend[["year", "electricity_kwh", "electricity_gj", "gasoline_litres", "heat_value_kcal_per_l", "gasoline_gj",
           "energy_total_gj", "employees_year_end", "electricity_intensity_gj_per_employee",
           "gasoline_intensity_gj_per_employee", "energy_intensity_gj_per_employee"]],
    "近三年能源使用 Energy by year",
    headers={
        "electricity_kwh": "電力 kWh", "electricity_gj": "電力 GJ", "gasoline_litres": "汽油 L",
        "heat_value_kcal_per_l": "汽油熱值 kcal/L", "gasoline_gj": "汽油 GJ", "energy_total_gj": "總能源 GJ",
        "employees_year_end": "員工人數", "electricity_intensity_gj_per_employee": "電力密度 GJ/人",
        "gasoline_intensity_gj_per_employee": "汽油密度 GJ/人", "energy_intensity_gj_per_employee": "能源密度 GJ/人",
    },
)

# %%
fig, (ax1, ax2) = new_figure(9, 3.8, ncols=2)
labels = [str(y) for y in trend["year"]]
ax1.bar(labels, trend["electricity_gj"], color="#4c78a8", label="電力 Electricity")
ax1.bar(labels, trend["gasoline_gj"], bottom=trend["electricity_gj"], color="#f58518", label="汽油 Gasoline")
ax1.set_title("能源消耗 Energy consumed (GJ)")
ax1.set_ylabel("GJ")
ax1.legend(loc="lower right")
ax2.plot(labels, trend["energy_intensity_gj_per_employee"], marker="o", color="#54a24b")
for x, v in zip(labels, trend["energy_intensity_gj_per_employee"]):
    ax2.annotate(f"{v:.2f}", (x, v), textcoords="offset points", xytext=(0, 6), ha="center")
ax2.margins(y=0.2)
ax2.set_title("能源密度 Energy intensity (GJ/員工)")
ax2.set_ylabel("GJ / 人")
nb.figure(fig, "energy_trend", figures, f"{labels[0]}–{labels[-1]} 年能源消耗與能源密度 Energy use and intensity")

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)
nb.show_notes(page)

# %% [markdown]
# ## 與報告核對 Reconciliation
#
# 每個報告印出的數值，與重算值依報告的小數位數（四捨五入）比較。
# Each printed figure against the recomputed value at the printed precision.

# %%
reconciliation = page.finish()
