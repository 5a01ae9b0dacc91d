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
# # 訓練與就業服務 Training and employment services (GRI 404-1)
#
# 本章由 `data/raw/<year>/training_programmes.csv`（每列一個計畫的一項數值）與 `quantities.csv` 的員工訓練時數，
# 重算報告 2.4.2、2.5.3、ESG 績效摘要、3.1.1、3.2 SDG 與 3.3.2.4 所列的員工訓練、職業訓練、身心障礙者職業訓練、
# 技能檢定、勞工大學與就業服務數值。
# This chapter recomputes the staff-training, vocational-training and employment-service figures of the report.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>

# %%
import pandas as pd

from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.plotting import new_figure

page = nb.start("training", year, output_dir, figure_dir)
result, figures = page.result, page.figures
tables = result.tables
programmes = tables.get("programmes", pd.DataFrame(columns=["group"]))


def value(metric_id, decimals=0):
    return fmt(result.value(metric_id), decimals)


def has(metric_id):
    return result.value(metric_id) is not None


# %%
lines = [f"**{year} 年**"]
if has("avg_training_hours_per_employee"):
    lines.append(f"員工訓練總時數 {value('employee_training_hours')} 小時，每位員工平均 "
                 f"{value('avg_training_hours_per_employee', 2)} 小時（本附錄計算，報告未印出）")
if has("vocational_classes_total"):
    lines.append(f"職業訓練 {value('vocational_classes_total')} 班、{value('vocational_participants_total')} 人")
if has("disability_employment_rate_pct"):
    lines.append(f"身障養成訓練 {value('disability_unemployed_participants')} 人參訓、"
                 f"{value('disability_unemployed_completers')} 人結訓、{value('disability_unemployed_employed')} 人就業，"
                 f"訓後就業率 {value('disability_employment_rate_pct', 1)}%（以結訓人數為分母）")
if has("safety_net_employment_rate_pct"):
    lines.append(f"社會安全網轉介求職者 {value('safety_net_cases')} 人中 {value('safety_net_employed')} 人就業"
                 f"（{value('safety_net_employment_rate_pct', 1)}%）")
if len(lines) == 1:
    lines.append("報告未公布本章的員工訓練時數、職業訓練與就業服務數值（not reported），僅列出已公布者")
nb.md("：".join(lines[:2]) + "".join(f"；{x}" for x in lines[2:]) + "。")

# %% [markdown]
# ## 員工訓練 Staff training (GRI 404-1)
#
# 平均訓練時數 = 公務人員與約聘僱人員終身學習訓練總時數 ÷ 年底員工人數。報告只印出總時數。
# Average hours = staff training hours ÷ year-end headcount; the report prints only the total.

# %%
nb.show(tables["trend"][["year", "employee_training_hours", "employees_year_end", "avg_training_hours_per_employee"]],
        "員工訓練時數 Staff training hours by year",
        headers={"employee_training_hours": "訓練總時數 Hours", "employees_year_end": "年底員工人數 Employees",
                 "avg_training_hours_per_employee": "平均時數 Hours per employee"})
staff = programmes[programmes["group"] == "staff"]
if not staff.empty:
    nb.show(staff[["programme_label", "measure_label", "value", "unit", "source"]], "其他員工訓練 Other staff courses",
            headers={"programme_label": "課程 Course", "measure_label": "項目 Measure", "source": "來源 Source"},
            number_format="{:,.0f}")

# %% [markdown]
# ## 職業訓練 Vocational training

# %%
if "vocational" in tables:
    vocational = tables["vocational"][["programme_label", "classes", "participants", "satisfaction_pct"]].copy()
    total = {"programme_label": "合計 Total", "classes": result.value("vocational_classes_total"),
             "participants": result.value("vocational_participants_total"), "satisfaction_pct": None}
    vocational = pd.concat([vocational, pd.DataFrame([total])], ignore_index=True)
    nb.show(vocational, f"{year} 年職業訓練 Vocational training by programme",
            headers={"programme_label": "訓練 Programme", "classes": "班數 Classes",
                     "participants": "參訓人數 Trainees", "satisfaction_pct": "學員滿意度 Satisfaction %"},
            number_format="{:,.1f}")
    nb.md(f"委託辦理之失業者與照顧服務員職訓 {value('commissioned_vocational_classes')} 班。"
          "三類職訓之結訓與就業人數未輸入，訓後就業率無法重算。"
          " Completers and employed of these programmes are not in the inputs: no employment rate is computed.")

    v = tables["vocational"]
    fig, (ax1, ax2) = new_figure(9.5, 3.6, ncols=2)
    names = [label.split()[0] for label in v["programme_label"]]
    bars = ax1.barh(names, v["participants"], color="#4c78a8")
    for bar, people, classes in zip(bars, v["participants"], v["classes"]):
        ax1.annotate(f"{people:,.0f} 人／{classes:.0f} 班", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                     textcoords="offset points", xytext=(4, 0), va="center", fontsize=9)
    ax1.invert_yaxis()
    ax1.set_xlim(0, v["participants"].max() * 1.45)
    ax1.set_xlabel("參訓人數 Trainees")
    ax1.set_title("參訓人數與班數 Trainees and classes")
    ax2.barh(names, v["satisfaction_pct"], color="#54a24b")
    for name, s in zip(names, v["satisfaction_pct"]):
        ax2.annotate(f"{s:.1f}%", (s, name), textcoords="offset points", xytext=(4, 0), va="center", fontsize=9)
    ax2.invert_yaxis()
    ax2.set_xlim(80, 100)
    ax2.set_yticklabels([])
    ax2.set_xlabel("% （橫軸自 80% 起 axis starts at 80%）")
    ax2.set_title("學員滿意度 Satisfaction")
    nb.figure(fig, "training_vocational", figures, f"{year} 年職業訓練參訓人數、班數與滿意度 Vocational training")
else:
    nb.md(f"{year} 年未公布職業訓練班數與人數（not reported）。")

# %% [markdown]
# ## 身心障礙者職業訓練 Training for people with disabilities
#
# 訓後就業率 = 就業人數 ÷ 結訓人數 × 100；另列以參訓人數為分母之比率供比較。
# Post-training employment = employed ÷ completers; the rate per trainee is shown alongside.

# %%
if "disability" in tables:
    nb.show(tables["disability"].drop(columns=["year", "programme"]), f"{year} 年身心障礙者職業訓練 Disability training",
            headers={"programme_label": "班別 Classes", "classes": "班數 Classes", "participants": "參訓 Trainees",
                     "completers": "結訓 Completed", "employed": "就業 Employed",
                     "completion_rate_pct": "結訓率 Completion %", "employment_rate_pct": "訓後就業率 Employment %"},
            number_format="{:,.1f}")
    nb.md(f"合計 {value('disability_classes_total')} 班、{value('disability_participants_total')} 人參訓；"
          f"養成訓練就業率：÷ 結訓 {value('disability_employment_rate_pct', 1)}%，"
          f"÷ 參訓 {value('disability_employment_rate_per_trainee_pct', 1)}%。"
          "報告印出的就業率與兩者皆不符（見下方核對表）。")
    stages = [("參訓 Trainees", result.value("disability_unemployed_participants")),
              ("結訓 Completed", result.value("disability_unemployed_completers")),
              ("就業 Employed", result.value("disability_unemployed_employed"))]
    if all(v is not None for _, v in stages):
        fig, ax = new_figure(7.5, 3.2)
        names = [s for s, _ in stages]
        counts = [v for _, v in stages]
        bars = ax.barh(names, counts, color=["#9ecae9", "#4c78a8", "#54a24b"])
        shares = ["", f"結訓率 {value('disability_completion_rate_pct', 1)}%",
                  f"÷ 結訓 {value('disability_employment_rate_pct', 1)}%；"
                  f"÷ 參訓 {value('disability_employment_rate_per_trainee_pct', 1)}%"]
        for bar, n, share in zip(bars, counts, shares):
            ax.annotate(f"{n:,.0f} 人  {share}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        textcoords="offset points", xytext=(4, 0), va="center", fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, counts[0] * 1.75)
        ax.set_xlabel("人 people")
        ax.set_title("身障養成訓練（失業者）參訓 → 結訓 → 就業 Trainees to employment")
        nb.figure(fig, "training_disability_funnel", figures,
                  f"{year} 年身心障礙者養成訓練之結訓與就業 Disability pre-employment training outcomes")
else:
    nb.md(f"{year} 年未公布身心障礙者職業訓練數據（not reported）。")

# %% [markdown]
# ## 技能檢定、勞工教育、淨零課程與創業 Certification, workers' education, net-zero courses, entrepreneurship

# %%
other = programmes[programmes["group"].isin(["certification", "lifelong", "net_zero", "entrepreneurship"])]
if not other.empty:
    nb.show(other[["programme_label", "measure_label", "value", "unit", "source"]],
            f"{year} 年其他訓練與課程 Other training and courses",
            headers={"programme_label": "計畫 Programme", "measure_label": "項目 Measure", "source": "來源 Source"},
            number_format="{:,.1f}")
if has("training_people_esg_total"):
    nb.md(f"ESG 績效摘要合計：產訓合作 {value('industry_pretraining_participants')} + 技能檢定 "
          f"{value('skills_certification_participants')} + 失業者職訓 {value('unemployed_training_participants')} + "
          f"照顧服務員 {value('care_worker_training_participants')} = {value('training_people_esg_total')} 人；"
          f"創業職能深耕學習營 {value('entrepreneurship_sessions_total')} 場、{value('entrepreneurship_participants_total')} 人。")

# %%
trend = tables["trend"].dropna(subset=["ai_green_course_participants"])
if not trend.empty:
    fig, ax = new_figure(6.5, 3.4)
    labels = [str(y) for y in trend["year"]]
    bars = ax.bar(labels, trend["ai_green_course_participants"], color="#54a24b")
    for bar, people, sessions in zip(bars, trend["ai_green_course_participants"], trend["ai_green_course_sessions"]):
        text = "未辦理 none" if sessions == 0 else f"{people:,.0f} 人／{sessions:.0f} 場"
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), textcoords="offset points",
                    xytext=(0, 4), ha="center", fontsize=9)
    ax.margins(y=0.2)
    ax.set_ylabel("參加人數 Participants")
    ax.set_title("AI 綠創未來行動課程 AI and green-future course")
    nb.figure(fig, "training_ai_green_course", figures, "失業者適性就業促進課程（AI 綠創未來行動）歷年參加人數與場次")
    if has("ai_green_course_participants_change_pct"):
        nb.md(f"參加人數較前一年增加 {value('ai_green_course_participants_change_pct', 1)}%。")

# %% [markdown]
# ## 就業服務 Employment services

# %%
services = programmes[programmes["group"] == "employment"]
if not services.empty:
    nb.show(services[["programme_label", "measure_label", "value", "unit", "source"]],
            f"{year} 年就業服務 Employment services",
            headers={"programme_label": "服務 Service", "measure_label": "項目 Measure", "source": "來源 Source"},
            number_format="{:,.0f}")
    nb.md("報告印出的就業率與媒合率若未公布其分子與分母，列於本頁末之核對表，狀態為「無法驗證」。"
          " Printed rates whose inputs the report does not publish are listed as cannot be checked below.")
else:
    nb.md(f"{year} 年未公布就業服務數據（not reported）。")

# %% [markdown]
# ## 每人經費 Budget per person (not printed)
#
# 活動一覽的執行金額 ÷ 參加人數或人次，報告未印出，供讀者參考。
# Budget spent ÷ people or attendances, computed here; the report prints no such figure.

# %%
if "costs" in tables:
    nb.show(tables["costs"].drop(columns=["year", "programme"]), "每人經費 Budget per person",
            headers={"programme_label": "計畫 Programme", "amount_kind": "金額類別 Amount", "budget_twd": "金額 元 TWD",
                     "people": "人數或人次 People", "people_unit": "單位 Unit", "twd_per_person": "每人 元 TWD per person"},
            number_format="{:,.0f}")
else:
    nb.md(f"{year} 年無可計算每人經費之數據。")

# %% [markdown]
# ## 計算明細與註記 How each figure is computed, and notes

# %%
nb.show_metrics(result)
nb.show_notes(page)
printed_ids = set(page.printed()["metric_id"])
derived = result.metrics_frame()
derived = derived[(derived["kind"] == "derived") & derived["value"].notna() & ~derived["metric_id"].isin(printed_ids)]
if not derived.empty:
    nb.show(derived[["label", "value", "unit", "formula"]], "本附錄計算、報告未印出 Computed here, not printed by the report",
            number_format="{:,.2f}")

# %% [markdown]
# ## 與報告核對 Reconciliation
#
# 每個報告印出的數值，與重算值依報告的小數位數（四捨五入）比較。
# Each printed figure against the recomputed value at the printed precision.

# %%
reconciliation = page.finish()
