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
# # 社會參與 Social participation (GRI 201-1, 203-1, 203-2)
#
# 報告 3.3.2.4「活動一覽」列出各項社會參與活動及其執行金額，並於說明欄印出場次與參加人數；勞工博物館的展覽與劇場
# 等活動則見於 ESG 績效摘要與 3.2。本章逐一核對這些數值，並計算報告未印出的執行金額合計、各類占比、觸及人數與每人經費。
# 活動一覽中屬職業訓練與就業服務者（徵才、特定對象、職場任我行、失業者職訓、勞工大學、身障職訓），其場次、人數與執行
# 金額由訓練章之輸入持有並於訓練章核對，本章引用同一筆輸入。
# The activity table of 3.3.2.4 with its spending, the Labour Museum's activities counted elsewhere, and what is
# computed from them (total and shares of spending, people reached, spending per person), none of which is printed.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
from matplotlib.patches import Patch

from sustainability_appendix.chapters.common import chinese_part, fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("social_participation", year, output_dir, figure_dir)
result, figures = page.result, page.figures
tables = result.tables
activities = tables.get("activities")
listed = activities[activities["in_activity_table"]] if activities is not None else None
if listed is not None and not listed.empty:
    nb.md(f"**{year} 年**：活動一覽 {len(listed)} 項活動，執行金額合計 {fmt(result.value('spending_total_twd'), 0)} 元"
          f"（本附錄計算，報告未印出）；參加、觀賞與參觀人數合計 {fmt(result.value_if_computed('people_reached_total'), 0)} 人、"
          f"參與人次 {fmt(result.value_if_computed('attendances_total'), 0)} 人次（各活動相加，同一人可能重複計入）。")
elif activities is not None:
    nb.md(f"**{year} 年**：報告未印出活動一覽；僅有其他章節回顧之活動數值，列於下方。")
else:
    nb.md(f"**{year} 年**：報告未公布社會參與活動（not reported）。")

# %% [markdown]
# ## 活動一覽與執行金額 The activity table and its spending
#
# 占比 = 該活動執行金額 ÷ 活動一覽執行金額合計 × 100；每人經費 = 執行金額 ÷ 參加人數（或人次）。報告皆未印出。
# Share = the activity's spending ÷ the table's total; spending per person = spending ÷ people (or attendances).

# %%
if listed is not None and not listed.empty:
    shown = listed.assign(label=listed["label"].map(chinese_part), kind_label=listed["kind_label"].map(chinese_part))
    nb.show(shown[["label", "kind_label", "spending_twd", "spending_share_pct", "people", "attendances",
                   "twd_per_person", "twd_per_attendance", "held_in"]],
            f"{year} 年活動一覽 Activities, spending and reach",
            headers={"label": "活動 Activity", "kind_label": "類別 Kind", "spending_twd": "執行金額 元 Spending",
                     "spending_share_pct": "占比 % Share", "people": "人數 People", "attendances": "人次 Attendances",
                     "twd_per_person": "每人 元 per person", "twd_per_attendance": "每人次 元 per attendance",
                     "held_in": "數值持有於 Held in"}, number_format="{:,.1f}")
    ordered = shown.sort_values("spending_twd")
    kinds = list(dict.fromkeys(ordered["kind_label"]))
    palette = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d"]
    colour = {k: palette[i % len(palette)] for i, k in enumerate(kinds)}
    fig, ax = new_figure(10, 6.2)
    bars = ax.barh([label[:24] for label in ordered["label"]], ordered["spending_twd"] / 1e6,
                   color=[colour[k] for k in ordered["kind_label"]])
    for bar, share in zip(bars, ordered["spending_share_pct"]):
        ax.annotate(f"{bar.get_width():,.2f} 百萬元（{share:.1f}%）", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    textcoords="offset points", xytext=(4, 0), va="center", fontsize=8)
    ax.set_xlim(0, ordered["spending_twd"].max() / 1e6 * 1.35)
    ax.set_xlabel("執行金額 百萬元 Spending (TWD million)")
    ax.tick_params(axis="y", labelsize=8.5)
    ax.legend(handles=[Patch(color=colour[k], label=k) for k in reversed(kinds)], loc="lower right", fontsize=8.5,
              title="類別 Kind", title_fontsize=8.5)
    ax.set_title("活動一覽各項執行金額與占比 Spending by activity (share of the table's total)")
    nb.figure(fig, "social_spending", figures, f"{year} 年活動一覽執行金額 Spending by activity")

# %%
if "kinds" in tables:
    nb.show(tables["kinds"].drop(columns=["year", "kind"]), "各類活動執行金額與占比 Spending by kind (not printed)",
            headers={"kind_label": "類別 Kind", "activities": "活動數 Activities", "spending_twd": "執行金額 元 Spending",
                     "share_pct": "占比 % Share"}, number_format="{:,.1f}")

# %% [markdown]
# ## 各活動之場次與人數 What each activity counted
#
# 「訓練章持有」者之數值讀自 `training_programmes.csv`，於訓練章核對。
# Counts marked as held by the training inputs are read from training_programmes.csv and reconciled there.

# %%
if activities is not None:
    measures = tables["measures"]
    shown = measures.assign(activity=measures["activity"].map(
        dict(zip(activities["activity"], activities["label"].map(chinese_part)))),
        held=measures["held"].map({True: "訓練章持有 training", False: ""}))
    nb.show(shown[["activity", "label", "value", "unit", "period", "held"]], f"{year} 年各活動之數值 Counts by activity",
            headers={"activity": "活動 Activity", "label": "項目 Item", "value": "數值 Value", "period": "期間 Period",
                     "held": "持有 Held"}, number_format="{:,.0f}")

# %% [markdown]
# ## 歷年 By year
#
# 報告僅回顧少數活動的往年數值；期間不是單一年度者（累計數）不與其他年度比較。
# The report looks back on few activities; a count over another period is not compared.

# %%
by_year = tables.get("by_year")
if by_year is not None and not by_year.empty:
    nb.show(by_year.drop(columns=["part"]), "往年數值 Counts of earlier years",
            headers={"activity": "活動 Activity", "label": "項目 Item", "value": "數值 Value", "period": "期間 Period"},
            number_format="{:,.0f}")
    for (activity, measure), rows in by_year.groupby(["activity", "measure"], sort=False):
        fig, ax = new_figure(6.5, 3.2)
        labels = [str(y) for y in rows["year"]]
        bars = ax.bar(labels, rows["value"], color=["#bab0ac" if p else "#4c78a8" for p in rows["period"]])
        for bar, v, p in zip(bars, rows["value"], rows["period"]):
            text = f"{v:,.0f}" + (f"\n{p} 累計" if p else "")
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), textcoords="offset points",
                        xytext=(0, 3), ha="center", fontsize=8.5)
        ax.margins(y=0.3)
        ax.set_ylabel(rows["unit"].iloc[0])
        ax.set_title(chinese_part(rows["label"].iloc[-1]) + "（灰色：非單一年度 grey: not one year）", fontsize=10)
        nb.figure(fig, f"social_{activity}_{measure}", figures, f"{chinese_part(rows['label'].iloc[-1])} 歷年 by year")
else:
    nb.md("報告未印出可比較之往年數值。 No earlier years to compare.")

# %% [markdown]
# ## 計算明細與註記 How each figure is computed, and notes

# %%
nb.show_metrics(result)
nb.show_notes(page)

# %% [markdown]
# ## 與報告核對 Reconciliation

# %%
reconciliation = page.finish()
