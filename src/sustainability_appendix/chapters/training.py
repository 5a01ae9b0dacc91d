"""Training and employment services: staff training hours (GRI 404-1), the
Bureau's vocational training, training for people with disabilities, skills
certification, workers' education, net-zero courses and employment services.

Formulas:
  average training hours   = staff training hours ÷ year-end headcount (GRI 404-1)
  vocational totals        = 產訓合作 + 失業者 + 照顧服務員 (classes; trainees = 訓練名額)
  completion rate          = completers ÷ trainees × 100
  post-training employment = employed ÷ completers × 100 (訓後就業率), also ÷ trainees
  safety-net employment    = employed ÷ cases opened × 100
  cost per person          = budget (執行金額) ÷ people or attendances of the programme
  change                   = (this year − last year) ÷ last year × 100

Inputs: ``data/raw/<year>/training_programmes.csv``, one row per programme and
measure (tidy), and ``quantities.csv`` (``employee_training_hours``,
``employees_year_end``). A measure's unit and kind are fixed below: counts are whole
and never negative, percentages lie between 0 and 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sustainability_appendix.errors import InputError, Problem
from sustainability_appendix.inputs.quantities import Quantities, load_quantities
from sustainability_appendix.chapters.result import ChapterResult, Metric, pct_change
from sustainability_appendix.project import raw_dir
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, find_input, read_table
from sustainability_appendix.chapters.common import fmt, trend_years

CHAPTER = "training"

GROUPS = {
    "vocational": "職業訓練 Vocational training",
    "disability": "身心障礙者職業訓練 Training for people with disabilities",
    "certification": "技能檢定 Skills certification",
    "lifelong": "勞工教育 Workers' education",
    "net_zero": "淨零轉型課程 Net-zero transition courses",
    "entrepreneurship": "創業職能深耕學習營 Entrepreneurship programme",
    "employment": "就業服務 Employment services",
    "staff": "本局員工訓練 Staff training",
}

PROGRAMMES = {  # id -> (label, group)
    "industry_pretraining": ("產訓合作職前訓練 Industry-partnered pre-employment training", "vocational"),
    "unemployed_training": ("失業者職業訓練 Training for the unemployed", "vocational"),
    "care_worker_training": ("照顧服務員職業訓練 Care-worker training", "vocational"),
    "disability_unemployed": ("身障養成訓練班（失業者）Pre-employment classes", "disability"),
    "disability_in_service": ("身障在職訓練班 In-service classes", "disability"),
    "disability_training": ("身心障礙者職業訓練（整體）Disability training, all classes", "disability"),
    "skills_certification": ("技能檢定 Skills certification", "certification"),
    "labour_university": ("勞工大學 Labour University", "lifelong"),
    "union_education": ("工會勞工教育（淨零轉型勞動權益）Union education", "lifelong"),
    "ai_green_course": ("AI 綠創未來行動課程 AI and green-future course", "net_zero"),
    "net_zero_vocational": ("導入淨零通識之職訓班 Vocational classes with a net-zero module", "net_zero"),
    "net_zero_trainer_course": ("職訓服務融入淨零知能計畫 Net-zero course for trainers", "net_zero"),
    "ipas_net_zero": ("淨零碳排管理工程師 iPAS 培訓 iPAS net-zero engineer training", "net_zero"),
    "startup_workshop": ("創新創業工作坊 Start-up workshops", "entrepreneurship"),
    "workplace_visit": ("職場觀摩體驗 Workplace visits", "entrepreneurship"),
    "mentor_talk": ("職人分享 Practitioner talks", "entrepreneurship"),
    "safety_net": ("社會安全網弱勢求職者 Safety-net job seekers", "employment"),
    "job_fairs": ("現場徵才活動 Job fairs", "employment"),
    "semiconductor_fair": ("半導體產業鏈聯合徵才 Semiconductor job fair", "employment"),
    "targeted_groups": ("特定對象就業促進活動 Activities for target groups", "employment"),
    "youth_programme": ("青年就業活動（職場任我行）Youth employment activities", "employment"),
    "disadvantaged_placement": ("弱勢就業服務（推介就業）Placement of disadvantaged job seekers", "employment"),
    "injured_worker_care": ("職災勞工關懷 Care for injured workers", "employment"),
    "disability_employment": ("身心障礙者就業服務 Employment services for people with disabilities", "employment"),
    "job_redesign": ("職務再設計 Job redesign", "employment"),
    "sheltered_workshops": ("庇護工場 Sheltered workshops", "employment"),
    "employer_forum": ("雇主座談會 Employer forums", "employment"),
    "staff_infosec_training": ("資安教育訓練 Information-security training", "staff"),
    "staff_integrity_training": ("廉政法紀教育訓練 Integrity training", "staff"),
}

MEASURES = {  # id -> (unit, kind, label); kind: count | percent | amount
    "classes": ("班", "count", "開班數 Classes"),
    "sessions": ("場", "count", "場次 Sessions"),
    "participants": ("人", "count", "人數 People"),
    "attendances": ("人次", "count", "人次 Attendances"),
    "completers": ("人", "count", "結訓人數 Completed"),
    "employed": ("人", "count", "就業人數 Employed"),
    "cases": ("人", "count", "開案人數 Cases opened"),
    "transitioned": ("人", "count", "轉銜一般職場 Moved to open employment"),
    "employers": ("家", "count", "廠商 Employers"),
    "employer_visits": ("家次", "count", "參與廠商家次 Employer participations"),
    "workshops": ("家", "count", "工場數 Workshops"),
    "vacancies": ("個", "count", "就業機會 Vacancies"),
    "resumes": ("人次", "count", "投遞履歷 Applications"),
    "commissioned_classes": ("班", "count", "委託辦理班數 Commissioned classes"),
    "course_hours": ("小時", "amount", "課程時數 Course hours"),
    "satisfaction_pct": ("%", "percent", "滿意度 Satisfaction"),
    "assistive_device_share_pct": ("%", "percent", "就業輔具占比 Assistive devices share"),
    "workplace_assistance_share_pct": ("%", "percent", "職場人力協助占比 Workplace assistance share"),
    "budget_twd": ("元", "amount", "執行金額 Budget spent"),
    "subsidy_twd": ("元", "amount", "核定補助 Subsidy granted"),
}

PROGRAMMES_SCHEMA = Schema(
    name="training programmes",
    description="One row per programme and measure (classes, people, satisfaction, budget ...).",
    columns=(
        Column("year", "year", required=False, description="reporting year; must be the folder's year"),
        Column("programme", choices=tuple(PROGRAMMES), description="programme identifier"),
        Column("measure", choices=tuple(MEASURES), description="what was counted or measured"),
        Column("value", "number", description="the value, as published"),
        Column("unit", description="unit; must match the measure"),
        Column("source", description="report section the value is transcribed from"),
        Column("note", required=False, allow_blank=True, description="anything a reader should know"),
    ),
    key=("programme", "measure"),
)

VOCATIONAL = ("industry_pretraining", "unemployed_training", "care_worker_training")
DISABILITY = ("disability_unemployed", "disability_in_service")
ENTREPRENEURSHIP = ("startup_workshop", "workplace_visit", "mentor_talk")
# The ESG summary's 4,955 people: three vocational programmes and the certification candidates.
ESG_PEOPLE = (("industry_pretraining", "participants"), ("skills_certification", "participants"),
              ("unemployed_training", "participants"), ("care_worker_training", "participants"))
# Whose budget is divided by which head count, for the cost-per-person table.
COST_BASES = (("unemployed_training", ("unemployed_training",), "participants"),
              ("disability_training", DISABILITY, "participants"),
              ("labour_university", ("labour_university",), "participants"),
              ("targeted_groups", ("targeted_groups",), "attendances"),
              ("youth_programme", ("youth_programme",), "attendances"),
              ("union_education", ("union_education",), "attendances"))
# Rates the report prints without publishing what they are computed from.
UNPUBLISHED_RATES = {
    "vocational_employment_rate_pct": ("職業訓練訓後就業率 Post-training employment (vocational)",
                                       "就業人數 ÷ 結訓人數 × 100", "報告未公布三類職業訓練之結訓與就業人數"),
    "job_seeker_employment_rate_pct": ("求職就業率 Job-seeker employment rate", "就業人數 ÷ 求職人數 × 100",
                                       "報告未公布求職登記與就業人數"),
    "job_fair_matching_rate_pct": ("現場徵才初步媒合率 Job-fair matching rate", "媒合人數 ÷ 求職人數 × 100",
                                   "報告未公布徵才活動求職與媒合人數"),
    "semiconductor_matching_rate_pct": ("半導體聯合徵才初步媒合率 Semiconductor fair matching rate",
                                        "媒合人數 ÷ 投遞履歷人次 × 100", "報告僅公布投遞履歷人次，未公布媒合人數"),
}


@dataclass(frozen=True)
class Entry:
    value: float
    unit: str
    source: str
    file: str
    row: int

    def cite(self) -> str:
        return f"{self.source}; {self.file} row {self.row}"


@dataclass
class TrainingYear:
    """One year's programme table (None when nothing was published) and quantities."""

    year: int
    table: pd.DataFrame | None
    quantities: Quantities

    def get(self, programme: str, measure: str) -> Entry | None:
        if self.table is None:
            return None
        t = self.table
        rows = t.index[(t["programme"] == programme) & (t["measure"] == measure)]
        if not len(rows):
            return None
        row = int(rows[0])
        return Entry(float(t.at[row, "value"]), t.at[row, "unit"], t.at[row, "source"], t.attrs["source_file"], row)


def label_of(programme: str, measure: str) -> str:
    return f"{PROGRAMMES[programme][0]}：{MEASURES[measure][2]}"


def short(programme: str, measure: str) -> str:
    """The Chinese words only, for formulas."""
    return f"{PROGRAMMES[programme][0].split()[0]} {MEASURES[measure][2].split()[0]}"


# ---- loading and checking -------------------------------------------------------------------

def load_training(year: int, folder: Path | None = None) -> TrainingYear:
    """Read and check one year's training inputs from ``folder`` (default data/raw/<year>)."""
    folder = Path(folder) if folder else raw_dir(year)
    problems: list[Problem] = []
    quantities = table = None
    try:
        quantities = load_quantities(year, folder)
    except InputError as exc:
        problems += exc.problems
    path = find_input(folder, "training_programmes")
    if path.exists():
        try:
            table = read_table(path, PROGRAMMES_SCHEMA, year=year)
            problems += _check(table)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return TrainingYear(year, table, quantities)


def _check(table: pd.DataFrame) -> list[Problem]:
    """Each value against its measure's unit and kind; outcomes never exceed their base."""
    check = TableCheck(table)
    for row, rec in table.iterrows():
        unit, kind, _ = MEASURES[rec["measure"]]
        value = rec["value"]
        if rec["unit"] != unit:
            check.add(row, "unit", f"'{unit}' for measure '{rec['measure']}'", rec["unit"])
        if kind == "count" and not (value >= 0 and float(value).is_integer()):
            check.add(row, "value", f"a whole number of at least 0 for measure '{rec['measure']}'", value)
        elif kind == "percent" and not 0 <= value <= 100:
            check.add(row, "value", f"a percentage from 0 to 100 for measure '{rec['measure']}'", value)
        elif kind == "amount" and value < 0:
            check.add(row, "value", f"a number of at least 0 for measure '{rec['measure']}'", value)
    # A rate above 100% means an outcome was transcribed larger than what it is a share of.
    for part, whole in (("completers", "participants"), ("employed", "completers"), ("employed", "cases")):
        for programme, rows in table.groupby("programme"):
            values = dict(zip(rows["measure"], zip(rows.index, rows["value"])))
            if part in values and whole in values and values[part][1] > values[whole][1]:
                check.add(values[part][0], "value",
                          f"{part} of '{programme}' at most its {whole} ({fmt(values[whole][1], 0)}, "
                          f"row {values[whole][0]}), so that the rate stays within 0-100%", values[part][1])
    return check.problems


# ---- calculations ---------------------------------------------------------------------------

def compute(year: int) -> ChapterResult:
    result = ChapterResult(CHAPTER, year)
    years = {y: load_training(y) for y in trend_years(year)}
    if year not in years:
        raise FileNotFoundError(f"data/raw/{year} does not exist")
    t = years[year]
    _staff(result, t)
    _inputs(result, t)
    _vocational(result, t)
    _disability(result, t)
    _totals(result, t)
    _employment(result, t)
    _ai_course_change(result, years)
    _tables(result, years)
    return result


def _not_published(year: int, parts: list[tuple[str, str]], t: TrainingYear) -> str:
    absent = [short(p, m) for p, m in parts if t.get(p, m) is None]
    return f"{year} 年未公布 (not reported)：" + "、".join(absent)


def _sum(result: ChapterResult, t: TrainingYear, metric_id: str, label: str, unit: str,
         parts: list[tuple[str, str]], gri: str = "") -> float | None:
    formula = " + ".join(short(p, m) for p, m in parts)
    entries = [t.get(p, m) for p, m in parts]
    if any(e is None for e in entries):
        result.add(Metric(metric_id, None, unit, label, formula, "", gri,
                          missing_reason=_not_published(t.year, parts, t)))
        return None
    total = sum(e.value for e in entries)
    inputs = " + ".join(fmt(e.value, 0) for e in entries) + f" ({entries[0].file})"
    result.add(Metric(metric_id, total, unit, label, formula, inputs, gri))
    return total


def _ratio(result: ChapterResult, t: TrainingYear, metric_id: str, label: str,
           part: tuple[str, str], whole: tuple[str, str], gri: str = "") -> float | None:
    formula = f"{short(*part)} ÷ {short(*whole)} × 100"
    a, b = t.get(*part), t.get(*whole)
    if a is None or b is None or b.value == 0:
        reason = _not_published(t.year, [part, whole], t) if a is None or b is None else f"{short(*whole)} 為 0"
        result.add(Metric(metric_id, None, "%", label, formula, "", gri, missing_reason=reason))
        return None
    value = a.value / b.value * 100
    result.add(Metric(metric_id, value, "%", label, formula,
                      f"{fmt(a.value, 0)} ÷ {fmt(b.value, 0)} 人 ({a.cite()}; {b.cite()})", gri))
    return value


def _staff(result: ChapterResult, t: TrainingYear) -> None:
    """GRI 404-1: the report gives total hours, not the average."""
    year, q = t.year, t.quantities
    hours, staff = q.get("employee_training_hours"), q.get("employees_year_end")
    label = "每位員工平均訓練時數 Average training hours per employee（報告未印出 not printed）"
    formula = "員工終身學習訓練總時數 ÷ 年底員工人數"
    for item, value, unit, item_label in (
        ("employee_training_hours", hours, "小時", "員工終身學習訓練總時數 Staff training hours"),
        ("employees_year_end", staff, "人", "年底員工人數 Employees at year end"),
    ):
        if value is None:
            result.add(Metric(item, None, unit, item_label, "輸入值 input", "", "404-1", kind="input",
                              missing_reason=f"{year} 年未公布 (not reported)"))
        else:
            result.add(Metric(item, value.value, unit, item_label, "輸入值 input", value.cite(), "404-1", kind="input"))
    if hours is None or staff is None:
        result.add(Metric("avg_training_hours_per_employee", None, "小時/人", label, formula, "", "404-1",
                          missing_reason=f"{year} 年未公布員工訓練總時數 (staff training hours not reported for {year})"))
        result.notes.append(f"{year} 年未公布員工訓練時數，未計算 GRI 404-1 平均訓練時數。"
                            f"Staff training hours not reported for {year}.")
        return
    average = hours.value / staff.value
    result.add(Metric("avg_training_hours_per_employee", average, "小時/人", label, formula,
                      f"{fmt(hours.value, 0)} 小時 ({hours.cite()}) ÷ {fmt(staff.value, 0)} 人 ({staff.cite()})",
                      "404-1"))
    result.notes.append(
        f"GRI 404-1：{fmt(hours.value, 0)} 小時 ÷ {fmt(staff.value, 0)} 人 = 每人 {average:.2f} 小時（本附錄計算，"
        "報告未印出平均值）。報告的總時數涵蓋公務人員與約聘僱人員，未分性別與職類，故無法依 GRI 建議分組。"
        " Computed here; the report prints only the total, not split by gender or category.")


def _inputs(result: ChapterResult, t: TrainingYear) -> None:
    """Every transcribed value as an input metric ``<programme>_<measure>``."""
    if t.table is None:
        result.notes.append(f"{t.year} 年未公布職業訓練與就業服務數據。No training or employment-service figures "
                            f"were published for {t.year}.")
        return
    for row, rec in t.table.iterrows():
        gri = "404-1" if PROGRAMMES[rec["programme"]][1] == "staff" else ""
        result.add(Metric(f"{rec['programme']}_{rec['measure']}", float(rec["value"]), rec["unit"],
                          label_of(rec["programme"], rec["measure"]), "輸入值 input",
                          f"{rec['source']}; {t.table.attrs['source_file']} row {row}", gri, kind="input"))


def _vocational(result: ChapterResult, t: TrainingYear) -> None:
    _sum(result, t, "vocational_classes_total", "職業訓練開班數合計 Vocational classes", "班",
         [(p, "classes") for p in VOCATIONAL])
    _sum(result, t, "vocational_participants_total", "職業訓練參訓人數（訓練名額）合計 Vocational trainees", "人",
         [(p, "participants") for p in VOCATIONAL])
    _sum(result, t, "commissioned_vocational_classes", "委託辦理失業者及照顧服務員職訓班數 Commissioned classes",
         "班", [("unemployed_training", "classes"), ("care_worker_training", "classes")])


def _disability(result: ChapterResult, t: TrainingYear) -> None:
    _sum(result, t, "disability_classes_total", "身障職訓開班數合計 Disability training classes", "班",
         [(p, "classes") for p in DISABILITY])
    _sum(result, t, "disability_participants_total", "身障職訓參訓人數合計 Disability trainees", "人",
         [(p, "participants") for p in DISABILITY])
    _sum(result, t, "disability_completers_total", "身障職訓結訓人數合計 Disability completers", "人",
         [(p, "completers") for p in DISABILITY])
    _ratio(result, t, "disability_completion_rate_pct", "身障養成訓練結訓率 Completion rate",
           ("disability_unemployed", "completers"), ("disability_unemployed", "participants"))
    by_completers = _ratio(result, t, "disability_employment_rate_pct",
                           "身障養成訓練訓後就業率（÷ 結訓）Post-training employment rate",
                           ("disability_unemployed", "employed"), ("disability_unemployed", "completers"))
    by_trainees = _ratio(result, t, "disability_employment_rate_per_trainee_pct",
                         "身障養成訓練就業率（÷ 參訓）Employment per trainee",
                         ("disability_unemployed", "employed"), ("disability_unemployed", "participants"))
    if by_completers is not None and by_trainees is not None:
        employed = t.get("disability_unemployed", "employed").value
        completers = t.get("disability_unemployed", "completers").value
        trainees = t.get("disability_unemployed", "participants").value
        result.notes.append(
            f"身障養成訓練訓後就業率：{fmt(employed, 0)} ÷ {fmt(completers, 0)} 結訓 = {by_completers:.1f}%；"
            f"{fmt(employed, 0)} ÷ {fmt(trainees, 0)} 參訓 = {by_trainees:.1f}%。報告印出的就業率兩者皆不符，"
            "報告亦未說明分母；本附錄以結訓人數為分母核對（訓後就業率的通常定義），列為「不符」。"
            " The printed post-training employment rate matches neither denominator the report publishes.")


def _totals(result: ChapterResult, t: TrainingYear) -> None:
    total = _sum(result, t, "training_people_esg_total",
                 "職訓與技能檢定人數合計（ESG 摘要）People trained or certified", "人", list(ESG_PEOPLE))
    if total is not None:
        result.notes.append(
            f"ESG 摘要的合計 {fmt(total, 0)} 人 = 產訓合作 + 技能檢定 + 失業者職訓 + 照顧服務員職訓；其中技能檢定為"
            "檢定服務人數而非參訓人數，兩者性質不同。 The summary adds certification candidates to trainees.")
    _sum(result, t, "entrepreneurship_participants_total", "創業職能深耕學習營參加人數合計 Entrepreneurship participants",
         "人", [(p, "participants") for p in ENTREPRENEURSHIP])
    _sum(result, t, "entrepreneurship_sessions_total", "創業職能深耕學習營場次合計 Entrepreneurship sessions",
         "場", [(p, "sessions") for p in ENTREPRENEURSHIP])


def _employment(result: ChapterResult, t: TrainingYear) -> None:
    _ratio(result, t, "safety_net_employment_rate_pct", "社會安全網弱勢求職者就業率 Safety-net employment rate",
           ("safety_net", "employed"), ("safety_net", "cases"))
    for metric_id, (label, formula, reason) in UNPUBLISHED_RATES.items():
        result.add(Metric(metric_id, None, "%", label, formula, "", "",
                          missing_reason=f"{reason} (inputs not published)"))
    groups = set(t.table["programme"].map(lambda p: PROGRAMMES[p][1])) if t.table is not None else set()
    if groups & {"vocational", "employment"}:
        result.notes.append(
            "報告印出的職業訓練訓後就業率 (80% 以上)、求職就業率、現場徵才與半導體聯合徵才的初步媒合率，均未公布"
            "其分子與分母，本附錄無法重算，列為「無法驗證」。 These printed rates come without their inputs.")


def _ai_course_change(result: ChapterResult, years: dict[int, TrainingYear]) -> None:
    year = result.year
    label = "AI 綠創未來行動課程參加人數年增 Change in participants"
    formula = "(本年 − 前一年) ÷ 前一年 × 100"
    now = years[year].get("ai_green_course", "participants")
    before = years[year - 1].get("ai_green_course", "participants") if year - 1 in years else None
    if now is None or before is None:
        result.add(Metric("ai_green_course_participants_change_pct", None, "%", label, formula, "", "",
                          missing_reason=f"{year - 1} 或 {year} 年未公布 (not reported)"))
    elif before.value == 0:
        result.add(Metric("ai_green_course_participants_change_pct", None, "%", label, formula, "", "",
                          missing_reason=f"{year - 1} 年未辦理 (0 人)，無相對變化 (none held in {year - 1})"))
    else:
        result.add(Metric("ai_green_course_participants_change_pct", pct_change(now.value, before.value), "%", label,
                          formula, f"{year - 1}: {fmt(before.value, 0)} 人; {year}: {fmt(now.value, 0)} 人", ""))


def _tables(result: ChapterResult, years: dict[int, TrainingYear]) -> None:
    t = years[result.year]
    if t.table is not None:
        frame = t.table.reset_index(drop=True)
        frame.insert(1, "group", frame["programme"].map(lambda p: PROGRAMMES[p][1]))
        frame.insert(3, "programme_label", frame["programme"].map(lambda p: PROGRAMMES[p][0]))
        frame.insert(5, "measure_label", frame["measure"].map(lambda m: MEASURES[m][2]))
        frame["year"] = result.year
        result.tables["programmes"] = frame[["year", "group", "programme", "programme_label", "measure",
                                             "measure_label", "value", "unit", "source"]]
        vocational = _wide(t, VOCATIONAL, ("classes", "participants", "satisfaction_pct", "budget_twd"))
        if not vocational.empty:
            result.tables["vocational"] = vocational
        disability = _wide(t, DISABILITY, ("classes", "participants", "completers", "employed"))
        if not disability.empty:
            disability["completion_rate_pct"] = disability["completers"] / disability["participants"] * 100
            disability["employment_rate_pct"] = disability["employed"] / disability["completers"] * 100
            result.tables["disability"] = disability
        costs = _costs(t)
        if not costs.empty:
            result.tables["costs"] = costs
    rows = []
    for y, ty in years.items():
        hours, staff = ty.quantities.get("employee_training_hours"), ty.quantities.get("employees_year_end")
        ai_sessions, ai_people = ty.get("ai_green_course", "sessions"), ty.get("ai_green_course", "participants")
        rows.append({
            "year": y,
            "employee_training_hours": hours.value if hours else None,
            "employees_year_end": staff.value if staff else None,
            "avg_training_hours_per_employee": hours.value / staff.value if hours and staff else None,
            "ai_green_course_sessions": ai_sessions.value if ai_sessions else None,
            "ai_green_course_participants": ai_people.value if ai_people else None,
        })
    result.tables["trend"] = pd.DataFrame(rows)


def _wide(t: TrainingYear, programmes: tuple[str, ...], measures: tuple[str, ...]) -> pd.DataFrame:
    """One row per programme with any of ``measures``; a measure not published is empty."""
    rows = []
    for p in programmes:
        entries = {m: t.get(p, m) for m in measures}
        if any(entries.values()):
            rows.append({"year": t.year, "programme": p, "programme_label": PROGRAMMES[p][0],
                         **{m: e.value if e else None for m, e in entries.items()}})
    return pd.DataFrame(rows)


def _costs(t: TrainingYear) -> pd.DataFrame:
    """Budget spent per person or attendance (not printed by the report)."""
    rows = []
    for budget_of, people_of, measure in COST_BASES:
        kind = "budget_twd" if t.get(budget_of, "budget_twd") else "subsidy_twd"
        budget = t.get(budget_of, kind)
        people = [t.get(p, measure) for p in people_of]
        if budget is None or not all(people):
            continue
        n = sum(e.value for e in people)
        rows.append({"year": t.year, "programme": budget_of, "programme_label": PROGRAMMES[budget_of][0],
                     "amount_kind": MEASURES[kind][2], "budget_twd": budget.value, "people": n,
                     "people_unit": MEASURES[measure][0],
                     "twd_per_person": budget.value / n})
    return pd.DataFrame(rows)
