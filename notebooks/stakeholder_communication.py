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
# # 利害關係人溝通 Stakeholder communication (GRI 2-29)
#
# 報告 2.4.2 依 2.4.1 鑑別之八類利害關係人，列出溝通管道及頻率與 2025 年溝通成效（關鍵互動成果、溝通支持與行政機制）。
# 本章將每一個印出的數值依利害關係人與溝通管道整理，逐一與報告核對；已由其他章節持有的數值（職業訓練班數、
# 員工訓練時數、勞動檢查與訪視件數）引用同一筆輸入，不重複登打。企業與雇主之「執行勞動檢查共 2 萬 3,520 場次」
# 為勞動檢查章之兩項檢查場次合計，於該章核對，不列於本章。合計數為本附錄計算，報告未印出。
# Report 2.4.2 lists, for each stakeholder group of 2.4.1, its channels and what was counted in 2025. Each count
# is shown by group and channel and reconciled; counts another chapter holds (training classes, staff training
# hours, labour-inspection counts) are read from the same input. The employers' 23,520 inspections are the
# labour-inspection chapter's total of its two inspection counts and are reconciled there.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
import textwrap

from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("stakeholder_communication", year, output_dir, figure_dir)
result, figures = page.result, page.figures
tables = result.tables
reported = "counts" in tables
if reported:
    groups = tables["groups"]
    nb.md(f"**{year} 年**：{len(groups)} 類利害關係人之溝通成效，本章列出 {int(groups['counts'].sum())} 項數值"
          f"（關鍵互動成果 {int(groups['outcome_counts'].sum())} 項、溝通支持與行政機制 "
          f"{int(groups['mechanism_counts'].sum())} 項）。")
else:
    nb.md(f"**{year} 年**：報告未印出利害關係人溝通成效（not reported）。本章不推估任何數值。")

# %% [markdown]
# ## 各利害關係人的溝通管道 Channels by stakeholder group
#
# 「列出之管道」取自報告「溝通管道及頻率」；「有數值之管道」為溝通成效中有印出數值者。
# Channels listed under 溝通管道及頻率, and the channels on which the report prints a count.

# %%
if reported:
    nb.show(groups.drop(columns=["year", "name"]), f"{year} 年各利害關係人之溝通成效數值與管道 Counts and channels by group",
            headers={"stakeholder": "代碼 Code", "short_name": "利害關係人 Group", "counts": "數值 Counts",
                     "outcome_counts": "關鍵互動成果 Outcomes", "mechanism_counts": "支持與行政機制 Mechanisms",
                     "channels_listed": "列出之管道 Channels listed", "channels_counted": "有數值之管道 Channels counted",
                     "listed_without_counts": "列出但無數值 Listed, no count",
                     "counted_not_listed": "有數值但未列出 Counted, not listed"})
    matrix = tables["channels"]
    codes = list(groups["stakeholder"])
    names = dict(zip(groups["stakeholder"], groups["short_name"]))
    channels = sorted(matrix["channel"].unique(), key=lambda c: (-matrix.loc[matrix["channel"] == c, "counts"].sum(), c))
    colours = {"regular": "#4c78a8", "occasional": "#f58518", "real_time": "#54a24b", "": "#9d9d9d"}
    fig, ax = new_figure(11, 4.6)
    for r in matrix.itertuples():
        x, y = channels.index(r.channel), codes.index(r.stakeholder)
        if r.counts > 0:
            ax.scatter(x, y, s=70 + 45 * r.counts, color=colours[r.frequency], alpha=0.85,
                       marker="o" if r.listed else "X", zorder=3)
            ax.annotate(str(r.counts), (x, y), ha="center", va="center", fontsize=8, color="white", zorder=4)
        else:
            ax.scatter(x, y, s=90, facecolors="none", edgecolors=colours[r.frequency], linewidths=1.5, zorder=3)
    ax.set_xticks(range(len(channels)), [matrix.loc[matrix["channel"] == c, "channel_label"].iloc[0].split()[0]
                                         for c in channels], rotation=60, ha="right", fontsize=8.5)
    ax.set_yticks(range(len(codes)), [f"{c} {names[c]}" for c in codes], fontsize=9)
    ax.invert_yaxis()
    ax.grid(alpha=0.3)
    for label, colour in (("每年定期 regular", colours["regular"]), ("不定期 occasional", colours["occasional"]),
                          ("即時 real time", colours["real_time"]), ("未列出 not listed", colours[""])):
        ax.scatter([], [], color=colour, label=label)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8.5, title="頻率 Frequency", title_fontsize=8.5)
    ax.set_title("實心：有數值（數字為項數；X 為未列出之管道）；空心：列出但無數值\n"
                 "Filled: counts printed (number of counts; X = channel not listed); hollow: listed, nothing counted",
                 fontsize=9.5)
    nb.figure(fig, "stakeholder_channels", figures,
              f"{year} 年各利害關係人之溝通管道與印出之數值 Channels and printed counts by group")

# %% [markdown]
# ## 各利害關係人的溝通成效 Counts by stakeholder group

# %%
if reported:
    counts = tables["counts"]
    for code in codes:
        mine = counts[counts["stakeholder"] == code]
        shown = mine[["part_label", "channel_label", "label", "value", "unit", "held_in"]].copy()
        shown["held_in"] = shown["held_in"].map(lambda f: f"{f}.csv" if f else "")
        nb.show(shown, f"{code} {names[code]}",
                headers={"part_label": "類別 Part", "channel_label": "管道 Channel", "label": "項目 Item",
                         "value": "數值 Value", "held_in": "同一數值之輸入 Held in"},
                number_format="{:,.1f}")

# %% [markdown]
# ## 社群媒體與專家委員會 Social media and expert committees

# %%
if reported:
    media = counts[(counts["channel"] == "social_media")]
    if not media.empty:
        fig, ax = new_figure(8.5, 3.4)
        labels = [textwrap.fill(label, 22) for label in media["label"]]
        bars = ax.barh(labels, media["value"] / 10_000, color="#4c78a8")
        for bar, v in zip(bars, media["value"]):
            ax.annotate(f"{v / 10_000:,.1f} 萬", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        textcoords="offset points", xytext=(4, 0), va="center", fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, media["value"].max() / 10_000 * 1.25)
        ax.set_xlabel("瀏覽 萬人次 Views (10,000s)")
        ax.set_title("社群媒體瀏覽 Social-media views")
        nb.figure(fig, "stakeholder_social_media", figures, f"{year} 年社群媒體瀏覽人次 Social-media views")
    committees = counts[(counts["stakeholder"] == "S7") & counts["item"].str.endswith(("_meetings", "_experts"))]
    if not committees.empty:
        wide = committees.assign(body=committees["label"].str.split().str[0],
                                 measure=committees["item"].str.rsplit("_", n=1).str[1])
        wide = wide.pivot_table(index="body", columns="measure", values="value", sort=False).fillna(0)
        fig, ax = new_figure(8, 3.6)
        y = range(len(wide))
        ax.barh([i - 0.2 for i in y], wide.get("meetings", 0), height=0.4, color="#4c78a8", label="會議 Meetings")
        ax.barh([i + 0.2 for i in y], wide.get("experts", 0), height=0.4, color="#f58518", label="外聘專家 Experts")
        ax.set_yticks(list(y), list(wide.index), fontsize=9)
        ax.invert_yaxis()
        ax.legend()
        ax.set_title("專家顧問：會議場次與外聘專家學者人數 Meetings and external experts")
        nb.figure(fig, "stakeholder_committees", figures, f"{year} 年專家顧問參與之會議 Committees with external experts")

# %% [markdown]
# ## 本附錄計算之合計 Totals computed here (not printed)
#
# 同一單位之數值相加，報告未印出；1999、1955 陳情與陳情類公文是否重疊報告未說明，故不相加。
# Sums of counts in one unit; the report prints none. Petitions by channel are not added: the report does not
# say whether they overlap.

# %%
metrics = result.metrics_frame()
totals = metrics[metrics["kind"] == "derived"]
if not totals.empty:
    nb.show(totals[["label", "value", "unit", "formula", "inputs", "missing_reason"]], "合計 Totals", number_format="{:,.0f}")

# %% [markdown]
# ## 歷年 By year
#
# 本報告為本局首本永續報告書，2.4.2 只印出 2025 年；2023、2024 年無資料，不推估趨勢。
# The report prints 2.4.2 for 2025 only; earlier years have no data and no trend is inferred.

# %%
printed_years = tables["trend"].dropna(how="all", subset=[c for c in tables["trend"].columns if c != "year"])
if printed_years.empty:
    nb.md(f"截至 {year} 年，各年皆未印出溝通成效，無歷年數值可列。No year up to {year} has printed counts.")
else:
    nb.show(printed_years, "各年印出之溝通成效 Counts printed by year",
            headers={"groups_reported": "利害關係人類別 Groups", "counts_reported": "數值項數 Counts"},
            number_format="{:,.0f}")
nb.show_notes(page)

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)

# %% [markdown]
# ## 與報告核對 Reconciliation
#
# 2.4.2 的數值皆為轉錄之輸入值；職業訓練等由訓練章持有之數值，於訓練章核對。
# The counts of 2.4.2 are transcribed inputs; those the training chapter holds are reconciled there.

# %%
reconciliation = page.finish()
