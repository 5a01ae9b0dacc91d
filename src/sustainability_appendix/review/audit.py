"""Generic audit checks over a year's metrics, printed figures and raw inputs.

Each check is a small function ``check_*(data) -> list[Finding]`` that runs on any
year: what it compares is declared below as data (identities, flows, intensities,
coverage, changes), in terms of named figures (see :mod:`expressions`), or found
generically (the same metric in several chapters, the same figure printed several
times, factors from an earlier year). A declaration whose figures a year does not
have is reported as not applicable, never as an error; chapters that join the
appendix are picked up through ``CHAPTERS``.

Every finding says what was compared and gives the numbers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from sustainability_appendix.publish import manifest
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.review.expressions import Evaluation, Interval, evaluate, fmt_number, show_terms
from sustainability_appendix.project import project_root, raw_dir
from sustainability_appendix.review.reconcile import decimals_of, round_half_up
from sustainability_appendix.inputs.tables import Column, Schema, find_input, parse_number, read_table
from sustainability_appendix.review.results import Unavailable, YearData, chapter_module

FLAG, PASS, INFO, NOT_APPLICABLE = "flag", "pass", "info", "not_applicable"
STATUS_LABELS = {
    FLAG: "需注意 Needs attention",
    INFO: "說明 Note",
    PASS: "通過 Passes",
    NOT_APPLICABLE: "不適用 Not applicable",
}
STATUS_ORDER = {FLAG: 0, INFO: 1, PASS: 2, NOT_APPLICABLE: 3}

CHECK_LABELS = {
    "identity": "會計恆等式 Accounting identities",
    "shared": "跨章節同一數值 One figure, several chapters",
    "flow": "存量與流量 Stock and flows",
    "boundary": "邊界一致 Boundary consistency",
    "change": "增減之正負號與基準 Sign and basis of changes",
    "vintage": "係數年份 Factor vintage",
    "repeated": "重複印出之數值 Figures printed more than once",
    "gri": "GRI 代碼 GRI codes",
    "configuration": "設定 Configuration",
}

FINDING_COLUMNS = ["year", "check", "check_label", "check_id", "subject", "status", "status_label",
                   "compared", "numbers", "detail"]


@dataclass
class Finding:
    check: str
    check_id: str
    subject: str
    status: str
    compared: str  # what was compared, in words
    numbers: str  # the numbers
    detail: str = ""  # what it means

    def row(self, year: int) -> dict:
        return {"year": year, "check_label": CHECK_LABELS[self.check], "status_label": STATUS_LABELS[self.status],
                **asdict(self)}


# --- declarations -----------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """``total`` equals ``parts``. ``{x}`` in both stands for every name that makes
    ``total`` an existing metric (one check per site, per category ...)."""

    check_id: str
    label: str
    total: str
    parts: str


@dataclass(frozen=True)
class Flow:
    """stock at the end = stock at the start (last year's end) + inflows − outflows."""

    check_id: str
    label: str
    stock: str
    inflows: str
    outflows: str
    explanation: str


@dataclass(frozen=True)
class Intensity:
    """An intensity, its numerator and denominator, and whom the numerator covers."""

    check_id: str
    metric: str
    numerator: str
    denominator: str
    covers: str  # the population the numerator's boundary holds, in words


@dataclass(frozen=True)
class Coverage:
    """Does a partial boundary cover the same share of activity as of people?"""

    check_id: str
    label: str
    part: str
    whole: str
    people_part: str
    people_whole: str
    assumption: str
    threshold_pp: float = 10.0


@dataclass(frozen=True)
class Change:
    """A year-on-year change figure and how it is defined."""

    metric: str
    current: str
    previous: str
    convention: str  # decrease_pct | increase_pct | decrease_pp | increase_pp
    # (label, figure, kind) to recompute the change on: kind "basis" (another unit of the same
    # quantity: a sign flip is flagged) or "per_employee" (normalised: shown for information)
    alternatives: tuple[tuple[str, str, str], ...] = ()


ORGANISATION_POPULATION = "raw.employees_year_end"
ORGANISATION_POPULATION_LABEL = "全局年底員工 all employees at year end"

IDENTITIES: tuple[Identity, ...] = (
    Identity("ghg-scopes", "範疇一 + 範疇二 = 總量 Scope 1 + scope 2 = total",
             "ghg.total_tco2e", "ghg.scope1_tco2e + ghg.scope2_tco2e"),
    Identity("ghg-sites", "各據點合計 = 總量 Sites add up to the total", "ghg.total_tco2e", "sum(ghg.*_total_tco2e)"),
    Identity("ghg-site-scopes", "據點或基準年：範疇一 + 範疇二 Site or base year: scope 1 + scope 2",
             "ghg.{x}_total_tco2e", "ghg.{x}_scope1_tco2e + ghg.{x}_scope2_tco2e"),
    Identity("ghg-base-sites", "基準年各據點合計 Base-year sites add up", "ghg.base_total_tco2e",
             "sum(ghg.base_*_total_tco2e)"),
    Identity("ghg-reduction-total", "減碳效益合計 Reduction benefits add up",
             "ghg.total_reduction_tco2e", "ghg.electricity_reduction_tco2e + ghg.paper_reduction_tco2e"),
    Identity("ghg-electricity-saved", "電力減少量 = 前一年 − 本年 Electricity saved vs the electricity table",
             "ghg.electricity_saved", "energy.electricity_kwh@prev - energy.electricity_kwh"),
    Identity("ghg-paper-saved", "紙張減少量 = 前一年 − 本年 Paper saved vs the paper table",
             "ghg.paper_saved", "resources.paper_sheets@prev - resources.paper_sheets"),
    Identity("paper-saved-tables", "紙張減少量：資源章與減碳效益表一致 Paper saved agrees across tables",
             "resources.paper_saved_sheets", "ghg.paper_saved"),
    Identity("energy-total", "能源總量 = 電力 + 汽油 Energy = electricity + gasoline",
             "energy.energy_total_gj", "energy.electricity_gj + energy.gasoline_gj"),
    Identity("water-consumption", "耗水量 = 取水量 − 排水量 Consumption = withdrawal − discharge",
             "water.consumption_ml", "water.withdrawal_ml - water.discharge_ml"),
    Identity("workforce-hires", "新進人數各格相加 = 合計 Hires by gender and age add up",
             "workforce.new_hires_total", "sum(workforce.hires_{female,male}_{under30,30to50,over50})"),
    Identity("workforce-leavers", "離職人數各格相加 = 合計 Leavers by gender and age add up",
             "workforce.leavers_total", "sum(workforce.leavers_{female,male}_{under30,30to50,over50})"),
    Identity("workforce-hire-rates", "各組新進率相加 = 總新進率 Hire rates add up",
             "workforce.new_hire_rate_pct", "sum(workforce.new_hire_rate_{female,male}_{under30,30to50,over50}_pct)"),
    Identity("workforce-turnover-rates", "各組離職率相加 = 總離職率 Turnover rates add up",
             "workforce.turnover_rate_pct", "sum(workforce.turnover_rate_{female,male}_{under30,30to50,over50}_pct)"),
    Identity("workforce-senior", "高階主管各格相加 = 總計 Senior managers add up",
             "workforce.senior_managers_total", "sum(workforce.senior_{female,male}_{under30,30to50,over50})"),
    Identity("workforce-headcount-gender", "員工人數表：女 + 男 = 總數 Headcount table: women + men",
             "workforce.headcount_{x}_total", "workforce.headcount_{x}_female + workforce.headcount_{x}_male"),
    Identity("workforce-contract", "受雇員工 = 定期 + 不定期契約 Employees = fixed-term + permanent",
             "workforce.headcount_employees_total",
             "workforce.headcount_fixed_term_total + workforce.headcount_permanent_total"),
    Identity("workforce-hours", "受雇員工 = 有 + 無時數保證 Employees = guaranteed + non-guaranteed hours",
             "workforce.headcount_employees_total",
             "workforce.headcount_guaranteed_hours_total + workforce.headcount_non_guaranteed_hours_total"),
    Identity("workforce-time", "受雇員工 = 全職 + 兼職 Employees = full-time + part-time",
             "workforce.headcount_employees_total", "workforce.headcount_full_time_total + workforce.headcount_part_time_total"),
    Identity("workforce-headcount-year-end", "員工人數表 = 年底員工人數 Headcount table vs year-end employees",
             "workforce.employees_year_end", "workforce.headcount_employees_total"),
    Identity("workforce-gender-shares", "女性 + 男性占比 = 100% Gender shares add up", "100",
             "workforce.female_share_pct + workforce.male_share_pct"),
    Identity("workforce-senior-gender-shares", "高階主管 女 + 男 = 100% Senior gender shares add up", "100",
             "workforce.senior_female_share_pct + workforce.senior_male_share_pct"),
)

FLOWS: tuple[Flow, ...] = (
    Flow("workforce-headcount", "員工人數流動 Headcount flow", "workforce.employees_year_end",
         "workforce.new_hires_total", "workforce.leavers_total",
         "差異可能來自調動、借調、新進人員年中離職之計算方式 (表註：新進人數不扣除中途離職人員) 或統計截止日不同。"
         " A gap may come from transfers, secondments, how hires who left within the year are counted "
         "(the table's note: hires are not net of mid-year leavers) or different cut-off dates."),
)

INTENSITIES: tuple[Intensity, ...] = (
    Intensity("energy-electricity", "energy.electricity_intensity_gj_per_employee", "energy.electricity_gj",
              "energy.employees_year_end", "全局 the whole bureau"),
    Intensity("energy-gasoline", "energy.gasoline_intensity_gj_per_employee", "energy.gasoline_gj",
              "energy.employees_year_end", "全局 the whole bureau"),
    Intensity("energy-total", "energy.energy_intensity_gj_per_employee", "energy.energy_total_gj",
              "energy.employees_year_end", "全局 the whole bureau"),
    Intensity("water", "water.intensity_ml_per_employee", "water.withdrawal_ml", "water.employees_year_end",
              "全局 the whole bureau"),
    Intensity("ghg", "ghg.intensity_tco2e_per_employee", "ghg.total_tco2e", "raw.ghg_covered_employees",
              "盤查據點 the inventoried sites"),
)

COVERAGES: tuple[Coverage, ...] = (
    Coverage("ghg-scope2-electricity",
             "範疇二隱含用電 vs 全局用電 Electricity implied by scope 2 vs all electricity",
             "ghg.scope2_tco2e@base * 1000 / factor.electricity_emission_factor@base",
             "energy.electricity_kwh@base", "raw.ghg_covered_employees@base", "raw.employees_year_end@base",
             "假設盤查以基準年電力排放係數計算範疇二 (assumes scope 2 used the base year's grid factor)"),
)

CHANGES: tuple[Change, ...] = (
    Change("energy.electricity_reduction_pct", "energy.electricity_kwh", "energy.electricity_kwh@prev", "decrease_pct",
           (("每人 per employee (GJ/人)", "energy.electricity_intensity_gj_per_employee", "per_employee"),)),
    Change("energy.gasoline_reduction_pct", "energy.gasoline_litres", "energy.gasoline_litres@prev", "decrease_pct",
           (("能量 energy (GJ，依各年熱值)", "energy.gasoline_gj", "basis"),
            ("每人 per employee (GJ/人)", "energy.gasoline_intensity_gj_per_employee", "per_employee"))),
    Change("water.withdrawal_reduction_pct", "water.withdrawal_ml", "water.withdrawal_ml@prev", "decrease_pct",
           (("每人 per employee (ML/人)", "water.intensity_ml_per_employee", "per_employee"),)),
    Change("resources.paper_reduction_pct", "resources.paper_sheets", "resources.paper_sheets@prev", "decrease_pct"),
    Change("resources.e_document_change_pp", "resources.e_document_ratio_pct", "resources.e_document_ratio_pct@prev",
           "increase_pp"),
    Change("workforce.new_hire_rate_decrease_pp", "workforce.new_hire_rate_pct", "workforce.new_hire_rate_pct@prev",
           "decrease_pp"),
    Change("workforce.turnover_rate_decrease_pp", "workforce.turnover_rate_pct", "workforce.turnover_rate_pct@prev",
           "decrease_pp"),
)

CONVENTIONS = {
    "decrease_pct": ("(前一年 − 本年) ÷ 前一年 × 100，減少為正 (relative %, decrease positive)", "%"),
    "increase_pct": ("(本年 − 前一年) ÷ 前一年 × 100，增加為正 (relative %, increase positive)", "%"),
    "decrease_pp": ("前一年 − 本年，百分點，減少為正 (percentage points, decrease positive)", "百分點"),
    "increase_pp": ("本年 − 前一年，百分點，增加為正 (percentage points, increase positive)", "百分點"),
}
DECREASE_WORDS = ("減", "節", "下降", "降低", "reduction", "decrease", "saved")
PP_UNITS = ("百分點", "pp", "percentage points")


def change_value(current: float, previous: float, convention: str) -> float:
    if convention == "decrease_pct":
        return (previous - current) / previous * 100
    if convention == "increase_pct":
        return (current - previous) / previous * 100
    if convention == "decrease_pp":
        return previous - current
    if convention == "increase_pp":
        return current - previous
    raise ConfigurationError(f"unknown change convention '{convention}'")


# --- helpers ----------------------------------------------------------------
def _try(text: str, data: YearData) -> tuple[Evaluation | None, str]:
    try:
        return evaluate(text, data), ""
    except Unavailable as exc:
        return None, str(exc)


def _agree(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _show_interval(iv: Interval) -> str:
    return f"[{fmt_number(iv.lo)}, {fmt_number(iv.hi)}]"


def _compare(check: str, check_id: str, subject: str, compared: str, left: Evaluation, right: Evaluation,
             detail_if_differs: str = "") -> Finding:
    """One finding for ``left`` = ``right``: on computed values, and on printed values when printed."""
    lines, status = [], PASS
    ok = _agree(left.computed, right.computed)
    lines.append(f"重算 computed: {left.text} = {fmt_number(left.computed)}；{right.text} = {fmt_number(right.computed)}"
                 + ("" if ok else f"；差 difference {fmt_number(left.computed - right.computed)}"))
    if not ok:
        status = FLAG
    if left.printed is not None and right.printed is not None:
        pok = left.printed.overlaps(right.printed)
        lines.append(f"報告 printed: {show_terms(left, True)} ↔ {show_terms(right, True)} → "
                     f"{_show_interval(left.printed)} vs {_show_interval(right.printed)}"
                     + ("，於印出精度內一致 agree at the printed precision" if pok
                        else f"，不一致 disagree by at least {fmt_number(left.printed.gap(right.printed))}"))
        if not pok:
            status = FLAG
    detail = detail_if_differs if status == FLAG else ""
    return Finding(check, check_id, subject, status, compared, " | ".join(lines), detail)


def _placeholders(decl_total: str, data: YearData) -> list[str]:
    """Names ``{x}`` can take so that ``decl_total`` is an existing metric of the year."""
    m = re.fullmatch(r"([a-z_][a-z0-9_]*)\.(.*)", decl_total)
    if not m or "{x}" not in decl_total:
        return []
    chapter, pattern = m.groups()
    try:
        data.check_source(chapter, decl_total)
    except Unavailable:
        return []
    regex = re.compile(re.escape(pattern).replace(re.escape("{x}"), "(.+)"))
    return sorted({mm.group(1) for n in data.chapter_metrics(chapter)["metric_id"] if (mm := regex.fullmatch(n))})


# --- checks -----------------------------------------------------------------
def check_identities(data: YearData) -> list[Finding]:
    findings = []
    for decl in IDENTITIES:
        instances = ([(decl.total.replace("{x}", x), decl.parts.replace("{x}", x), x)
                      for x in _placeholders(decl.total, data)] if "{x}" in decl.total
                     else [(decl.total, decl.parts, "")])
        if not instances:
            findings.append(Finding("identity", decl.check_id, decl.total, NOT_APPLICABLE, decl.label,
                                    "", f"{data.year} 年無相符指標 no such figures in {data.year}"))
        for total, parts, x in instances:
            subject = total
            left, why = _try(total, data)
            right, why2 = _try(parts, data) if left is not None else (None, "")
            if left is None or right is None:
                findings.append(Finding("identity", decl.check_id, subject, NOT_APPLICABLE, decl.label,
                                        f"{total} = {parts}", why or why2))
                continue
            findings.append(_compare(
                "identity", decl.check_id + (f":{x}" if x else ""), subject, f"{decl.label}：{total} = {parts}",
                left, right,
                "部分加總與總數不符：報告的表格之間或輸入資料之間不一致。"
                " The parts do not add up to the total: the tables (or inputs) disagree."))
    return findings


def check_shared_metrics(data: YearData) -> list[Finding]:
    """The same metric id computed by several chapters must have one value."""
    metrics = data.metrics()
    findings = []
    for metric_id, rows in metrics.groupby("metric_id", sort=True):
        if rows["chapter"].nunique() < 2:
            continue
        values = {r.chapter: r.value for r in rows.itertuples()}
        shown = "；".join(f"{c}.{metric_id} = {fmt_number(v)}" for c, v in values.items())
        known = [v for v in values.values() if v is not None]
        ok = all(_agree(v, known[0]) for v in known)
        findings.append(Finding("shared", metric_id, metric_id, PASS if ok else FLAG,
                                f"各章節的 {metric_id} 應相同 {metric_id} as each chapter uses it", shown,
                                "" if ok else "各章節使用不同數值作為同一數字。Chapters use different values for one figure."))
    return findings


def check_flows(data: YearData) -> list[Finding]:
    findings = []
    for decl in FLOWS:
        start = f"{decl.stock}@prev"
        expr = f"{start} + {decl.inflows} - {decl.outflows}"
        end, why = _try(decl.stock, data)
        flow, why2 = _try(expr, data) if end is not None else (None, "")
        compared = f"{decl.label}：期初 + 流入 − 流出 vs 期末 start + in − out vs end ({expr} vs {decl.stock})"
        if end is None or flow is None:
            findings.append(Finding("flow", decl.check_id, decl.stock, NOT_APPLICABLE, compared, "", why or why2))
            continue
        gap = end.computed - flow.computed
        numbers = (f"{show_terms(flow)} → {fmt_number(flow.computed)}；期末 end {fmt_number(end.computed)}；"
                   f"差 gap {fmt_number(gap)}")
        findings.append(Finding("flow", decl.check_id, decl.stock, PASS if _agree(gap, 0) else FLAG, compared, numbers,
                                "" if _agree(gap, 0) else decl.explanation))
    return findings


def check_boundaries(data: YearData) -> list[Finding]:
    findings, used = [], []
    for decl in INTENSITIES:
        metric, why = _try(decl.metric, data)
        ratio, why2 = _try(f"{decl.numerator} / {decl.denominator}", data) if metric is not None else (None, "")
        if metric is None or ratio is None:
            findings.append(Finding("boundary", decl.check_id, decl.metric, NOT_APPLICABLE,
                                    f"密度 = 分子 ÷ 分母 intensity = {decl.numerator} ÷ {decl.denominator}", "",
                                    why or why2))
            continue
        denominator = evaluate(decl.denominator, data)
        used.append((decl, metric, denominator))
        findings.append(_compare("boundary", decl.check_id, decl.metric,
                                 f"密度以其分子之邊界人數為分母 intensity recomputed with its own population "
                                 f"({decl.numerator} 涵蓋 covers {decl.covers}) ÷ {decl.denominator}",
                                 metric, ratio, "密度與其分子、分母不符。The intensity does not follow from its parts."))
    denominators = {round(d.computed, 9) for _, _, d in used}
    if len(denominators) > 1:
        org, _ = _try(ORGANISATION_POPULATION, data)
        lines, details = [], []
        for decl, metric, d in used:
            lines.append(f"{decl.metric} = {fmt_number(metric.computed)} ÷ {decl.denominator} {fmt_number(d.computed)} 人")
            if org is not None and not _agree(d.computed, org.computed):
                numerator = evaluate(decl.numerator, data).computed
                alt = numerator / org.computed
                details.append(
                    f"{decl.metric} 分母為 {fmt_number(d.computed)} 人 ({decl.covers})；若除以{ORGANISATION_POPULATION_LABEL} "
                    f"{fmt_number(org.computed)} 人則為 {fmt_number(alt)}（{(alt / metric.computed - 1) * 100:+.1f}%）。"
                    f" {decl.metric} divides by {fmt_number(d.computed)} people; on all {fmt_number(org.computed)} "
                    f"employees it would be {fmt_number(alt)}.")
        findings.append(Finding(
            "boundary", "denominators", "intensities", FLAG,
            "各密度指標的分母是否為同一人口 do the year's intensities divide by the same population?",
            "；".join(lines),
            " ".join(details) + " 不同分母的密度不能互相比較，報告應於各表註明分母。"
                                " Intensities over different populations are not comparable; each table should state its denominator."))
    for decl in COVERAGES:
        part, why = _try(decl.part, data)
        whole, why2 = _try(decl.whole, data) if part is not None else (None, "")
        pp, why3 = _try(decl.people_part, data) if whole is not None else (None, "")
        pw, why4 = _try(decl.people_whole, data) if pp is not None else (None, "")
        compared = f"{decl.label}：({decl.part}) ÷ {decl.whole} vs {decl.people_part} ÷ {decl.people_whole}"
        if None in (part, whole, pp, pw):
            findings.append(Finding("boundary", decl.check_id, decl.part, NOT_APPLICABLE, compared, "",
                                    why or why2 or why3 or why4))
            continue
        share = part.computed / whole.computed * 100
        people = pp.computed / pw.computed * 100
        numbers = (f"{show_terms(part)} → {fmt_number(part.computed, 0)}；占 {decl.whole} {fmt_number(whole.computed, 0)} 的 "
                   f"{share:.1f}%；人數 {fmt_number(pp.computed, 0)} ÷ {fmt_number(pw.computed, 0)} = {people:.1f}%")
        differs = abs(share - people) > decl.threshold_pp
        findings.append(Finding(
            "boundary", decl.check_id, decl.part, FLAG if differs else PASS, compared, numbers,
            (f"盤查邊界涵蓋 {people:.1f}% 的員工，但僅 {share:.1f}% 的用電：分子 (排放) 與分母 (員工) 的邊界可能不一致，"
             f"或未盤查據點的用電特別高。{decl.assumption}。"
             f" The inventory covers {people:.1f}% of employees but only {share:.1f}% of the electricity: the numerator's "
             "and the denominator's boundaries may not match, or the sites left out use much more electricity per person.")
            if differs else ""))
    return findings


def _decrease_label(text: str) -> bool:
    text = text.replace("增減", "")  # 增減 is "change", not "decrease"
    return any(w in text for w in DECREASE_WORDS)


def _change_interval(cur: Interval, prev: Interval, convention: str) -> Interval:
    """The change over intervals, each operand used once (so the interval is tight)."""
    hundred = Interval.point(100.0)
    if convention == "decrease_pct":
        return hundred - hundred * cur / prev
    if convention == "increase_pct":
        return hundred * cur / prev - hundred
    if convention == "decrease_pp":
        return prev - cur
    return cur - prev


def _printed_change(decl: Change, data: YearData, rows: pd.DataFrame) -> tuple[str, str, bool] | None:
    """The change recomputed from the printed current and previous figures, against
    each printed copy of the change: (numbers, detail, agrees) or None when not printed."""
    if rows.empty:
        return None
    try:
        cur = data.resolve(decl.current, printed=True)[0]
        prev = data.resolve(decl.previous, printed=True)[0]
    except Unavailable:
        return None
    if cur.printed is None or prev.printed is None:
        return None
    try:
        iv = _change_interval(Interval.printed(cur.printed_value, cur.printed_decimals),
                              Interval.printed(prev.printed_value, prev.printed_decimals), decl.convention)
    except ZeroDivisionError:
        return None
    bad = []
    for text in dict.fromkeys(rows["printed"]):
        if not iv.overlaps(Interval.printed(parse_number(text), decimals_of(text))):
            bad.append(text)
    numbers = (f"報告 printed: {prev.ref} {prev.printed} → {cur.ref} {cur.printed} ⇒ {_show_interval(iv)}；"
               f"印出之增減 printed change {', '.join(dict.fromkeys(rows['printed']))}")
    detail = ""
    if bad:
        detail = (f"由報告印出的 {prev.printed} 與 {cur.printed}，不論如何四捨五入都得不到 {', '.join(bad)}："
                  "報告可能依未公布的數值計算。"
                  f" No values that round to the printed {prev.printed} and {cur.printed} give {', '.join(bad)}: "
                  "the report probably worked from figures it did not publish.")
    return numbers, detail, not bad


def check_changes(data: YearData) -> list[Finding]:
    findings = []
    printed = data.printed()
    for decl in CHANGES:
        chapter, metric_id = decl.metric.split(".", 1)
        definition, unit = CONVENTIONS[decl.convention]
        metric, why = _try(decl.metric, data)
        cur, why2 = _try(decl.current, data) if metric is not None else (None, "")
        prev, why3 = _try(decl.previous, data) if cur is not None else (None, "")
        compared = f"{decl.metric}：{definition}"
        if None in (metric, cur, prev):
            findings.append(Finding("change", decl.metric, decl.metric, NOT_APPLICABLE, compared, "", why or why2 or why3))
            continue
        value = change_value(cur.computed, prev.computed, decl.convention)
        lines = [f"{decl.previous} = {fmt_number(prev.computed)}；{decl.current} = {fmt_number(cur.computed)} → "
                 f"{value:+.4f} {unit}；章節值 chapter value {fmt_number(metric.computed)}"]
        status, details = PASS, []
        if not _agree(value, metric.computed):
            status = FLAG
            details.append("章節值與宣告之定義不符。The chapter's value does not follow the declared definition.")
        # sign convention against the words of the label, and of every printed copy
        m = data.metric(chapter, metric_id)
        labels = [m["label"]] if m else []
        rows = printed[(printed["chapter"] == chapter) & (printed["metric_id"] == metric_id)]
        labels += list(rows["label"])
        decrease_positive = decl.convention.startswith("decrease")
        if any(_decrease_label(t) for t in labels) and not decrease_positive:
            status = FLAG
            details.append("標籤為「減少」但定義為增加為正。The label speaks of a reduction but the figure is increase-positive.")
        if decrease_positive and value < 0:
            details.append(f"負值表示增加：{decl.metric} = {value:.2f} {unit} 即本年較前一年增加 {abs(value):.2f} {unit}。"
                           f" A negative reduction is an increase of {abs(value):.2f} {unit}.")
            status = INFO if status == PASS else status
        for r in rows.itertuples():
            pv = parse_number(r.printed)
            if pv != 0 and value != 0 and (pv > 0) != (value > 0):
                status = FLAG
                details.append(f"印出值 {r.printed} ({r.section}) 的正負號與重算相反。The printed sign is the opposite "
                               "of the recomputed one.")
            if decl.convention.endswith("_pp") and str(r.unit).strip() not in PP_UNITS:
                status = FLAG
                details.append(f"印出值 {r.printed} ({r.section}) 單位為「{r.unit}」，但此為百分點差。"
                               " A difference of percentages printed with a relative-% unit is ambiguous.")
        # the printed change against the printed figures it is computed from
        from_printed = _printed_change(decl, data, rows)
        if from_printed is not None:
            lines.append(from_printed[0])
            if not from_printed[2]:
                status = FLAG
                details.append(from_printed[1])
        # percentage points against the relative change
        if decl.convention.endswith("_pp") and prev.computed:
            rel = change_value(cur.computed, prev.computed, decl.convention.replace("_pp", "_pct"))
            lines.append(f"百分點 {value:+.2f} pp = 相對變化 relative {rel:+.2f}%")
            details.append(f"{value:+.2f} 個百分點與相對變化 {rel:+.2f}% 不同；引用時須註明。"
                           f" {value:+.2f} percentage points is a {rel:+.2f}% relative change; say which.")
            status = INFO if status == PASS else status
        # the same change on another basis (energy instead of litres, per employee instead of total)
        for basis, figure, kind in decl.alternatives:
            a_cur, _ = _try(figure, data)
            a_prev, _ = _try(f"{figure}@prev", data)
            if a_cur is None or a_prev is None or not a_prev.computed:
                continue
            alt = change_value(a_cur.computed, a_prev.computed, decl.convention)
            lines.append(f"以 {basis} 計 on {figure}: {fmt_number(a_prev.computed)} → {fmt_number(a_cur.computed)} = {alt:+.2f} {unit}")
            if alt * value < 0 and kind == "basis":
                status = FLAG
                details.append(f"基準不同則正負相反：以實物單位為 {value:+.2f}{unit}，以 {basis} 為 {alt:+.2f}{unit}。"
                               f" The sign depends on the basis: {value:+.2f}{unit} in physical units, "
                               f"{alt:+.2f}{unit} on {figure}.")
            elif alt * value < 0:
                details.append(f"每人平均之增減方向與總量相反 ({alt:+.2f}{unit})，因員工人數亦有變動。"
                               f" Per employee the change goes the other way ({alt:+.2f}{unit}): headcount changed too.")
                status = INFO if status == PASS else status
            elif abs(alt - value) >= 0.5:
                details.append(f"以 {basis} 計為 {alt:+.2f}{unit}（差 {alt - value:+.2f}）。 On {figure} the change is {alt:+.2f}{unit}.")
                status = INFO if status == PASS else status
        findings.append(Finding("change", decl.metric, decl.metric, status, compared, " | ".join(lines), " ".join(details)))
    return findings


ANNOUNCEMENTS_SCHEMA = Schema(
    name="factor announcements",
    description="Factors as their publishers announced them, by the data year they apply to.",
    columns=(
        Column("factor", description="factor identifier as in factors.csv"),
        Column("applies_to_year", "year", description="the data year the factor is for"),
        Column("value", "number", minimum=0),
        Column("unit"),
        Column("variant", allow_blank=True, description="which of several published values"),
        Column("primary", required=False, allow_blank=True, description="'yes' for the value to recompute with"),
        Column("announced", required=False, allow_blank=True, description="date of the announcement"),
        Column("source", description="publisher and announcement"),
    ),
    key=("factor", "applies_to_year", "variant"),
)


def announcements_path() -> Path:
    return project_root() / "data" / "raw" / "factor_announcements.csv"


def load_announcements() -> pd.DataFrame | None:
    path = announcements_path()
    return read_table(path, ANNOUNCEMENTS_SCHEMA) if path.exists() else None


def recompute_with_factor(data: YearData, factor: str, value: float) -> list[tuple[str, float | None, float | None]]:
    """Recompute the chapters of the year with one factor replaced; the metrics that
    change, as (metric, before, after).

    The chapters run on a copy of ``data/raw`` in a separate Python process (whose
    ``APPENDIX_ROOT`` points at the copy), so nothing of this process, where the
    build may be running other chapters, is touched."""
    source = find_input(raw_dir(data.year), "factors")
    if source.suffix.lower() != ".csv":
        return []
    names = data.chapter_names if data.factor_readers is None else data.factor_readers
    if not names:
        return []
    with manifest.paused(), tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(project_root() / "data" / "raw", root / "data" / "raw")
        target = root / "data" / "raw" / str(data.year) / source.name
        frame = pd.read_csv(target, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame.loc[frame["factor"] == factor, "value"] = repr(float(value))
        frame.to_csv(target, index=False, lineterminator="\n", encoding="utf-8")
        env = {**os.environ, "APPENDIX_ROOT": str(root)}
        run = subprocess.run(
            [sys.executable, "-c", "import sys; from sustainability_appendix.review.audit import _recompute_main; "
                                   "_recompute_main(sys.argv[1:])", str(data.year), *names],
            env=env, capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            return []
        after = json.loads(run.stdout.strip().splitlines()[-1])
    changed = []
    for name in names:
        before = data.chapter_metrics(name)
        old = dict(zip(before["metric_id"], before["value"]))
        for metric_id, new in after.get(name, {}).items():
            o = old.get(metric_id)
            if o is not None and new is not None and not _agree(o, new):
                changed.append((f"{name}.{metric_id}", o, new))
    return changed


def _recompute_main(argv: list[str]) -> None:
    """Entry point of the separate process: print {chapter: {metric_id: value}} as JSON."""
    year, names = int(argv[0]), argv[1:]
    out = {}
    for name in names:
        try:
            frame = chapter_module(name).compute(year).metrics_frame()
        except Exception:  # a chapter that cannot run on the copy simply shows no sensitivity
            continue
        out[name] = {r.metric_id: (None if r.value is None or pd.isna(r.value) else float(r.value))
                     for r in frame.itertuples()}
    print(json.dumps(out))


def check_factor_vintage(data: YearData) -> list[Finding]:
    factors = data.factors()
    if factors is None:
        return []
    announcements = load_announcements()
    findings = []
    for name, row in factors.table.iterrows():
        vintage = factors.vintage(name)
        value = float(row["value"])
        used = f"factor.{name} = {value:g} {row['unit']}"
        compared = (f"{name}：係數適用年度 vs 報告年度 the year the factor was published for vs the reporting year "
                    f"{data.year}")
        if vintage is None:
            findings.append(Finding("vintage", name, f"factor.{name}", PASS, compared, f"{used}；物理常數或無年份 no vintage"))
            continue
        if vintage == data.year:
            findings.append(Finding("vintage", name, f"factor.{name}", PASS, compared, f"{used}；適用 {vintage} 年"))
            continue
        numbers = f"{used}；適用 applies to {vintage}；報告年度 reporting year {data.year}；來源 {row['source']}"
        detail = (f"{name} 使用 {vintage} 年之值於 {data.year} 年資料。The {vintage} value is applied to {data.year} data."
                  if vintage < data.year else
                  f"{name} 為較晚年度 ({vintage}) 之值。The factor is from a later year than the data.")
        if announcements is not None:
            newer = announcements[(announcements["factor"] == name) & (announcements["applies_to_year"] == data.year)]
            if not newer.empty:
                listed = "；".join(f"{r.value:g} {r.unit} {r.variant} ({r.announced or '日期未載'}；{r.source})"
                                  for r in newer.itertuples())
                detail += f" 已公告 {data.year} 年係數 announced since: {listed}。"
                primary = newer[newer["primary"].astype(str).str.lower() == "yes"]
                chosen = float((primary if not primary.empty else newer).iloc[0]["value"])
                changes = recompute_with_factor(data, name, chosen)
                if changes:
                    detail += (f" 以 {chosen:g} 重算 recomputed with {chosen:g}: "
                               + "；".join(f"{m} {fmt_number(a)} → {fmt_number(b)} ({fmt_number(b - a)})"
                                          for m, a, b in changes) + "。")
        findings.append(Finding("vintage", name, f"factor.{name}", FLAG, compared, numbers, detail))
    return findings


def _same_at_coarser_precision(a: str, b: str) -> bool:
    d = min(decimals_of(a), decimals_of(b))
    return round_half_up(parse_number(a), d) == round_half_up(parse_number(b), d)


def check_repeated_figures(data: YearData) -> list[Finding]:
    """A figure printed more than once (same metric, several rows or sections) must agree."""
    printed = data.printed()
    findings = []
    if printed.empty:
        return findings
    # one metric id shared by several chapters is one figure too (employees_year_end)
    shared = printed.groupby("metric_id")["chapter"].nunique()
    printed = printed.assign(key=[m if shared[m] > 1 else f"{c}.{m}" for c, m in zip(printed["chapter"], printed["metric_id"])])
    for key, rows in printed.groupby("key", sort=False):
        if len(rows) < 2:
            continue
        texts = list(rows["printed"])
        base = texts[0]
        ok = all(_same_at_coarser_precision(base, t) for t in texts)
        shown = "；".join(f"{r.printed} ({r.chapter} {r.figure_id}, {r.section})" for r in rows.itertuples())
        distinct = sorted({Decimal(repr(parse_number(t))) for t in texts})
        findings.append(Finding(
            "repeated", key, key, PASS if ok else FLAG,
            f"同一數值於 {len(rows)} 處印出 one figure printed {len(rows)} times", shown,
            "" if ok else f"印出不同數值 {', '.join(str(d) for d in distinct)}。The copies disagree."))
    return findings


def check_gri_codes(data: YearData, index_codes: set[str] | None) -> list[Finding]:
    """Every metric's GRI code is a disclosure number, and one the report's content index lists."""
    findings = []
    malformed, absent = [], {}
    for r in data.metrics().itertuples():
        for code in [c.strip() for c in re.split(r"[,;，；]", r.gri or "") if c.strip()]:
            if not re.fullmatch(r"\d{1,3}-\d{1,2}", code):
                malformed.append(f"{r.metric}: gri = {r.gri!r}")
            elif index_codes is not None and code not in index_codes:
                absent.setdefault(code, []).append(r.metric)
    if malformed:
        findings.append(Finding("gri", "format", "gri", FLAG, "GRI 代碼格式 GRI code format", "；".join(malformed),
                                "不是 GRI 揭露編號 (如 302-1)。Not disclosure numbers such as 302-1."))
    for code, metrics in sorted(absent.items()):
        findings.append(Finding(
            "gri", code, f"GRI {code}", FLAG,
            f"指標之 GRI 揭露 {code} 是否列於報告 GRI 對照表 is disclosure {code} in the report's GRI content index",
            f"{len(metrics)} 項指標標記 metrics tagged {code}: " + ", ".join(metrics),
            f"報告 5.2 GRI 對照表未列 {code}：報告揭露了相關數值卻未列入索引，或指標的 GRI 代碼有誤。"
            f" The report's content index does not list {code}: either the index misses it or the metrics are mis-tagged."))
    if index_codes is not None and not absent and not malformed:
        findings.append(Finding("gri", "all", "gri", PASS, "指標之 GRI 揭露皆列於報告 GRI 對照表 every metric's disclosure is in the index",
                                f"{len(index_codes)} 項揭露 disclosures in the index"))
    return findings


def check_configuration(data: YearData) -> list[Finding]:
    findings = []
    for stem in data.unregistered_printed():
        findings.append(Finding(
            "configuration", f"printed:{stem}", f"data/printed/{data.year}/{stem}", FLAG,
            "印出數值檔是否有對應章節 does each printed-figure file have a chapter",
            f"data/printed/{data.year}/{stem}.csv",
            f"「{stem}」不是本附錄的章節，其印出數值未核對。'{stem}' is not a chapter of the appendix: "
            "its printed figures are not reconciled."))
    for problem in data.problems:
        findings.append(Finding("configuration", "other-year", problem.split(":")[0], INFO,
                                "其他年度之章節計算 other years' chapters, computed for comparisons", problem,
                                "該年度數值不列入比較。That year's figures are left out of comparisons."))
    return findings


def run_checks(data: YearData, index_codes: set[str] | None = None) -> list[Finding]:
    findings = []
    for check in (check_identities, check_shared_metrics, check_flows, check_boundaries, check_changes,
                  check_factor_vintage, check_repeated_figures):
        findings += check(data)
    findings += check_gri_codes(data, index_codes)
    findings += check_configuration(data)
    return findings


def findings_frame(findings: list[Finding], year: int) -> pd.DataFrame:
    return pd.DataFrame([f.row(year) for f in findings], columns=FINDING_COLUMNS)


def status_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_LABELS}
    for f in findings:
        counts[f.status] += 1
    return counts
