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
# # 目標與進度 Targets and progress (GRI 3-3)
#
# 報告為各重大主題所訂之階段性目標（2.5.3 管理方針：短期 2026 年、中期 2027–2029 年、長期 2030 年以上），
# 以及其他章節所訂之目標（3.1.1 庇護工場參與淨零減碳），每項列出目標值、報告所述之基準與已達成之實績。
# 實績占目標 = 實績 ÷ 目標值 × 100；目標期開始前之實績已符合目標者，列為「目標期前已達成」。
# The targets the report sets for each material topic (2.5.3, short, medium and long term) and elsewhere
# (3.1.1), each with its value, the baseline the report states and what it says was achieved;
# achieved share = achieved ÷ target × 100. A target already met before its period starts asks for no more
# than what was done.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
from sustainability_appendix.chapters.targets import MET_BEFORE, PROGRESS_LABELS
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("targets", year, output_dir, figure_dir)
result, figures = page.result, page.figures
targets = result.tables["targets"]
if len(targets):
    nb.md(f"**{year} 年報告**共訂 {result.value('targets_count'):.0f} 項目標，其中 "
          f"{result.value('quantitative_targets_count'):.0f} 項有數值；有基準值者 "
          f"{result.value('targets_with_baseline_count'):.0f} 項，有實績者 "
          f"{result.value('targets_with_achieved_count'):.0f} 項，目標期前已達成者 "
          f"{result.value('targets_met_before_period_count'):.0f} 項。"
          f" The {year} report sets {result.value('targets_count'):.0f} targets, "
          f"{result.value('quantitative_targets_count'):.0f} with a value.")
nb.show_notes(page)

# %% [markdown]
# ## 各重大主題 By material topic

# %%
if len(targets):
    nb.show(result.tables["by_topic"], "各重大主題之目標 Targets by material topic",
            headers={"material_topic": "重大主題 Topic", "topic_name": "名稱 Name", "targets": "目標數 Targets",
                     "quantitative": "有數值 With a value", "with_baseline": "有基準值 With a baseline",
                     "with_achieved": "有實績 With an achieved value",
                     "met_before_period": "目標期前已達成 Met before the period",
                     "not_met_yet": "尚未達成 Not met yet"})

# %% [markdown]
# ## 每項目標 Every target

# %%
shown_columns = {"indicator": "指標 Indicator", "period": "目標期 Period", "target": "目標 Target",
                 "baseline_value": "基準 Baseline", "baseline_year": "基準年 Baseline year",
                 "achieved_value": "實績 Achieved", "achieved_year": "實績年 Year",
                 "achieved_pct_of_target": "實績占目標 % Achieved share", "progress_label": "進度 Progress",
                 "note": "說明 Note"}
for (code, name), rows in targets.groupby(["material_topic", "topic_name"], sort=False):
    nb.show(rows[list(shown_columns)], f"{code} {name}", headers=shown_columns, number_format="{:,.1f}")

# %% [markdown]
# ## 實績與目標 Achieved against the target

# %%
compared = targets[targets["achieved_pct_of_target"].notna()].iloc[::-1]
if len(compared):
    fig, ax = new_figure(8, 0.45 * len(compared) + 1.2)
    colours = ["#e45756" if p == MET_BEFORE else "#4c78a8" for p in compared["progress"]]
    labels = [f"{r.indicator} ({r.period})" for r in compared.itertuples()]
    ax.barh(labels, compared["achieved_pct_of_target"], color=colours)
    ax.axvline(100, color="#333333", linewidth=1)
    for y, r in enumerate(compared.itertuples()):
        ax.annotate(f"{r.achieved_value:,.1f}".rstrip("0").rstrip(".") + f" / {r.target}",
                    (r.achieved_pct_of_target, y), textcoords="offset points", xytext=(4, -3), fontsize=8)
    ax.set_xlim(0, compared["achieved_pct_of_target"].max() * 1.45)
    ax.set_xlabel("實績占目標 % achieved as % of the target (100 = 目標 target)")
    ax.set_title(f"紅色：{PROGRESS_LABELS[MET_BEFORE]}")
    nb.figure(fig, "targets_achieved", figures, "各項目標之實績占目標 Achieved as a share of each target")

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)

# %% [markdown]
# ## 與報告核對 Reconciliation

# %%
reconciliation = page.finish()
