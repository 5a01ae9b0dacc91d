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
# # 人力結構與流動 Workforce (GRI 2-7, 401-1, 401-3, 405-1)
#
# 本章由 `data/raw/<year>/workforce_*.csv` 與 `quantities.csv` 的年底員工人數，重算報告 3.3.2.1「多元職場」
# 的員工人數表、新進率與離職率、高階主管組成與育嬰留職停薪數據。
# This chapter recomputes the workforce figures of report section 3.3.2.1 from the transcribed tables.
#
# 新進率、離職率依報告定義：該組人數 ÷ 當年年底員工總人數 × 100（每一格都除以全體人數）。
# Rates follow the report's definition: count ÷ year-end headcount × 100, for every cell.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
import pandas as pd
import seaborn as sns

from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("workforce", year, output_dir, figure_dir)
result, figures = page.result, page.figures
tables = result.tables
vocabulary = page.inputs.vocabulary
GENDER = vocabulary.gender_labels
AGE = vocabulary.age_labels


def value(metric_id, decimals=2):
    return fmt(result.value(metric_id), decimals)


# %%
lines = [f"**{year} 年**：年底員工 {value('employees_year_end', 0)} 人"]
if result.value("female_share_pct") is not None:
    lines.append(f"女性占 {value('female_share_pct', 1)}%、男性占 {value('male_share_pct', 1)}%")
if result.value("new_hire_rate_pct") is not None:
    lines.append(f"新進 {value('new_hires_total', 0)} 人（新進率 {value('new_hire_rate_pct')}%）、"
                 f"離職 {value('leavers_total', 0)} 人（離職率 {value('turnover_rate_pct')}%）")
decrease = result.value_if_computed("new_hire_rate_decrease_pp")
if decrease is not None:
    word = "下降" if decrease > 0 else "上升"
    lines.append(f"新進率較前一年{word} {fmt(abs(decrease))} 個百分點（相對{word} "
                 f"{fmt(abs(result.value('new_hire_rate_decrease_rel_pct')))}%）")
if result.value("senior_managers_total") is not None:
    lines.append(f"高階主管 {value('senior_managers_total', 0)} 人，其中女性 {value('senior_female_share_pct', 1)}%")
if result.value("parental_return_rate_pct") is not None:
    lines.append(f"育嬰留職停薪申請 {value('parental_leave_applied', 0)} 人、復職 {value('parental_leave_returned', 0)} 人"
                 f"（復職率 {value('parental_return_rate_pct', 1)}%，報告未印出）")
nb.md("；".join(lines) + "。")

# %% [markdown]
# ## 員工人數 Headcount at year end (GRI 2-7)
#
# 報告的員工人數表依契約類型、工時保證與全職/兼職三種方式細分；每一種細分各自加總應等於受雇員工數 (A)。
# Each of the three breakdowns must add up to the employees (A), for each gender.

# %%
if "headcount" in tables:
    headcount = tables["headcount"].pivot_table(index=["code", "label"], columns="gender", values="count",
                                                aggfunc="sum").reset_index()
    headcount["總數 Total"] = headcount["女"] + headcount["男"]
    nb.show(headcount, f"{year} 年員工人數 Employees by contract, hours guarantee and working time",
            headers={"code": "代號", "label": "類別 Category", **GENDER})
    nb.show(tables["headcount_identities"].drop(columns="year"), "恆等式檢查 Identities checked per gender",
            headers={"gender": "性別 Gender", "identity": "關係 Identity", "a": "A", "left": "左項 First part",
                     "right": "右項 Second part", "sum": "相加 Sum", "holds": "成立 Holds"})
else:
    nb.md(f"{year} 年未公布員工人數之性別、契約與工時細分（not reported），僅有總數 "
          f"{value('employees_year_end', 0)} 人。")

# %% [markdown]
# ## 新進與離職 New hires and turnover (GRI 401-1)

# %%
if "flows" in tables:
    flows = tables["flows"]
    this_year = flows[flows["year"] == year]
    if not this_year.empty:
        grid = this_year.pivot_table(index="age_band", columns=["flow", "gender"], values=["count", "rate_pct"])
        grid = grid.reindex(vocabulary.age_bands)
        rows = []
        for band in vocabulary.age_bands:
            row = {"age_band": AGE[band]}
            for flow, (_, label, rate_label, _) in vocabulary.flows.items():
                for gender in vocabulary.genders:
                    row[f"{label} {gender}"] = int(grid.loc[band, ("count", flow, gender)])
                    row[f"{rate_label} {gender} %"] = grid.loc[band, ("rate_pct", flow, gender)]
            rows.append(row)
        nb.show(pd.DataFrame(rows), f"{year} 年新進與離職人數及比率 New hires and leavers by gender and age band",
                headers={"age_band": "年齡 Age band"})
        if this_year["rate_change_pp"].notna().any():
            change = this_year.assign(column=this_year["flow"].map(lambda f: vocabulary.flows[f][2]) + " "
                                      + this_year["gender"])
            change = change.pivot_table(index="age_band", columns="column", values="rate_change_pp")
            change = change.reindex(list(vocabulary.age_bands)).rename(index=AGE).reset_index()
            nb.show(change, f"{year} 年比率較前一年變化（百分點，增加為正）Change from the year before, percentage points",
                    headers={"age_band": "年齡 Age band"})
    nb.show(tables["flow_totals"], "近三年新進率與離職率 New-hire and turnover rates by year",
            headers={"employees_year_end": "年底員工人數 Employees", "hires": "新進人數 New hires",
                     "new_hire_rate_pct": "總新進率 New-hire rate %", "leavers": "離職人數 Leavers",
                     "turnover_rate_pct": "總離職率 Turnover rate %",
                     "new_hire_rate_change_pp": "新進率變化 百分點 Change pp",
                     "new_hire_rate_change_rel_pct": "新進率相對變化 Relative %",
                     "turnover_rate_change_pp": "離職率變化 百分點 Change pp",
                     "turnover_rate_change_rel_pct": "離職率相對變化 Relative %"})
else:
    nb.md(f"{year} 年未公布新進與離職人數（not reported）。")

# %%
if "flows" in tables:
    flows = tables["flows"]
    years = sorted(flows["year"].unique())
    fig, axes = new_figure(3.3 * len(years) + 1.2, 5.6, ncols=len(years), nrows=2)
    axes = axes.reshape(2, len(years))
    for r, (flow, (_, _, rate_label, _)) in enumerate(vocabulary.flows.items()):
        vmax = flows.loc[flows["flow"] == flow, "rate_pct"].max()
        for c, y in enumerate(years):
            part = flows[(flows["flow"] == flow) & (flows["year"] == y)]
            grid = part.pivot_table(index="age_band", columns="gender", values="rate_pct").reindex(
                index=list(vocabulary.age_bands), columns=list(vocabulary.genders))
            grid.index = [AGE[b] for b in grid.index]
            grid.columns = [GENDER[g] for g in grid.columns]
            sns.heatmap(grid, ax=axes[r, c], annot=True, fmt=".2f", vmin=0, vmax=vmax, cbar=False,
                        cmap="Blues" if flow == "hire" else "Oranges", linewidths=0.5)
            axes[r, c].set_title(f"{y} {rate_label} (%)", fontsize=10)
            axes[r, c].set_ylabel("")
            axes[r, c].tick_params(axis="y", rotation=0)
            if c:
                axes[r, c].set_yticklabels([])
                axes[r, c].tick_params(left=False)
    nb.figure(fig, "workforce_rate_heatmaps", figures,
              "新進率與離職率（性別 × 年齡，占年底員工總人數 %）New-hire and turnover rates by gender and age band")

# %%
if "flow_totals" in tables:
    totals = tables["flow_totals"]
    labels = [str(y) for y in totals["year"]]
    fig, (ax1, ax2) = new_figure(9, 3.8, ncols=2)
    x = range(len(labels))
    ax1.bar([i - 0.2 for i in x], totals["hires"], width=0.4, color="#4c78a8", label="新進 New hires")
    ax1.bar([i + 0.2 for i in x], totals["leavers"], width=0.4, color="#f58518", label="離職 Leavers")
    for i, (hired, left) in enumerate(zip(totals["hires"], totals["leavers"])):
        ax1.annotate(f"{hired}", (i - 0.2, hired), textcoords="offset points", xytext=(0, 3), ha="center")
        ax1.annotate(f"{left}", (i + 0.2, left), textcoords="offset points", xytext=(0, 3), ha="center")
    ax1.set_xticks(list(x), labels)
    ax1.set_ylabel("人 people")
    ax1.margins(y=0.3)
    ax1.legend(loc="upper center", ncol=2)
    ax1.set_title("新進與離職人數 New hires and leavers")
    ax2.plot(labels, totals["new_hire_rate_pct"], marker="o", color="#4c78a8", label="新進率 New-hire rate")
    ax2.plot(labels, totals["turnover_rate_pct"], marker="s", color="#f58518", label="離職率 Turnover rate")
    for xl, hire, turnover in zip(labels, totals["new_hire_rate_pct"], totals["turnover_rate_pct"]):
        # the higher of the two labels goes above its point, the lower one below, so they never collide
        for v, above in ((hire, hire >= turnover), (turnover, turnover > hire)):
            ax2.annotate(f"{v:.2f}%", (xl, v), textcoords="offset points", xytext=(0, 8 if above else -16),
                         ha="center")
    ax2.margins(x=0.12, y=0.3)
    ax2.set_ylabel("% 年底員工人數")
    ax2.legend(loc="upper center", ncol=2, fontsize=9)
    ax2.set_title("總新進率與總離職率 Rates (%)")
    nb.figure(fig, "workforce_flow_trend", figures, "近年新進、離職人數與比率 New hires, leavers and rates by year")

# %% [markdown]
# ### 人數流動勾稽 Headcount flow check
#
# 前一年年底人數 + 本年新進 − 本年離職，與本年年底人數比較。差異僅作稽核註記，不視為輸入錯誤。
# Last year-end + hires − leavers against this year-end: an audit remark, not an input error.

# %%
if "headcount_flow" in tables:
    nb.show(tables["headcount_flow"], "人數流動勾稽 Headcount flow",
            headers={"previous_year_end": "前一年年底 Previous year-end", "new_hires": "新進 Hires",
                     "leavers": "離職 Leavers", "expected_year_end": "推算年底 Expected",
                     "reported_year_end": "報告年底 Reported", "difference": "差異 Difference"})
else:
    nb.md("無前一年年底人數，無法勾稽。No previous year-end headcount to check against.")

# %% [markdown]
# ## 高階主管組成 Senior management (GRI 405-1)
#
# 高階主管為本局一級單位主管以上職務（局長、副局長、主任秘書、科長、主任）。

# %%
if "senior_management" in tables:
    senior = tables["senior_management"]
    grid = senior.pivot_table(index=["gender", "age_band"], columns="year", values="count").reindex(
        [(g, b) for g in vocabulary.genders for b in vocabulary.age_bands]).reset_index()
    grid["gender"] = grid["gender"].map(GENDER)
    grid["age_band"] = grid["age_band"].map(AGE)
    grid.columns = [str(c) for c in grid.columns]
    nb.show(grid, "近年高階主管人數 Senior managers by gender and age band",
            headers={"gender": "性別 Gender", "age_band": "年齡 Age band"}, number_format="{:,.0f}")

    years = sorted(senior["year"].unique())
    labels = [str(y) for y in years]
    fig, (ax1, ax2) = new_figure(9.5, 4, ncols=2)
    colours = {("男", "30-50"): "#9ecae9", ("男", ">50"): "#4c78a8", ("女", "30-50"): "#ffbf79",
               ("女", ">50"): "#f58518", ("男", "<30"): "#d0e4f5", ("女", "<30"): "#ffe3c2"}
    bottom = [0] * len(years)
    for gender in vocabulary.genders[::-1]:
        for band in vocabulary.age_bands:
            counts = [int(senior[(senior["year"] == y) & (senior["gender"] == gender)
                                 & (senior["age_band"] == band)]["count"].iloc[0]) for y in years]
            if not any(counts):
                continue
            ax1.bar(labels, counts, bottom=bottom, color=colours[(gender, band)],
                    label=f"{gender} {AGE[band]}")
            for xl, b, n in zip(labels, bottom, counts):
                if n:
                    ax1.annotate(str(n), (xl, b + n / 2), ha="center", va="center", fontsize=9)
            bottom = [b + n for b, n in zip(bottom, counts)]
    ax1.set_ylabel("人 people")
    ax1.yaxis.get_major_locator().set_params(integer=True)
    ax1.set_title("高階主管組成 Senior managers")
    ax1.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    shares = [senior[(senior["year"] == y) & (senior["gender"] == "女")]["share_pct"].sum() for y in years]
    ax2.plot(labels, shares, marker="o", color="#f58518", label="高階主管女性占比 Women, senior")
    for xl, v in zip(labels, shares):
        ax2.annotate(f"{v:.1f}%", (xl, v), textcoords="offset points", xytext=(0, 7), ha="center")
    staff_share = result.value("female_share_pct")
    if staff_share is not None:
        ax2.axhline(staff_share, color="#888888", linestyle="--",
                    label=f"{year} 全體員工女性占比 Women, all staff")
        ax2.annotate(f"{staff_share:.1f}%", (labels[0], staff_share), textcoords="offset points", xytext=(0, 5),
                     ha="center", color="#555555")
    ax2.set_ylim(0, 100)
    ax2.margins(x=0.12)
    ax2.set_ylabel("%")
    ax2.legend(loc="lower left", fontsize=8)
    ax2.set_title("女性占比 Share of women (%)")
    nb.figure(fig, "workforce_senior_management", figures,
              "高階主管性別與年齡組成，及女性占比 Senior managers by gender and age band; share of women")
else:
    nb.md(f"{year} 年未公布高階主管組成（not reported）。")

# %% [markdown]
# ## 育嬰留職停薪 Parental leave (GRI 401-3)

# %%
if result.value("parental_return_rate_pct") is not None:
    nb.md(f"申請 {value('parental_leave_applied', 0)} 人，復職 {value('parental_leave_returned', 0)} 人；"
          f"復職率 {value('parental_return_rate_pct', 1)}%（本附錄計算，報告未印出 not printed）。"
          f"留任率：{result.metric('parental_retention_rate_pct').missing_reason}。")
else:
    nb.md(result.metric("parental_return_rate_pct").missing_reason)

# %% [markdown]
# ## 計算明細與註記 How each figure is computed, and audit notes

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
