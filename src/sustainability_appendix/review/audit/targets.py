"""Targets: a target set at or below what is already achieved, or with no baseline.

The targets are the year's ``targets.csv`` as the targets chapter computed them (its
``targets`` table): for each target with a value, the check says what the target is,
its baseline and what was achieved, and flags

- a target already met before its period starts (the 2026 target of 1,260 compliance
  guidance sessions, when 1,338 were held in 2025): it asks for no more than was done;
- a target with no baseline value: none stated, a baseline year whose value is not
  printed, or a baseline year that has not come yet;
- an achieved value that disagrees with the appendix's metric for it.

A qualitative target has no number to check: it gets no finding of its own.
"""

from __future__ import annotations

import pandas as pd

from sustainability_appendix.chapters.targets import CHANGE, MET_BEFORE, QUALITATIVE
from sustainability_appendix.review.audit.checks import _agree
from sustainability_appendix.review.audit.findings import FLAG, NOT_APPLICABLE, PASS, Finding
from sustainability_appendix.review.expressions import fmt_number
from sustainability_appendix.review.results import Unavailable, YearResults

CHAPTER = "targets"


def _given(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""


def _achieved_metric(data: YearResults, ref: str, year: int) -> tuple[float | None, str]:
    """The appendix's value of the metric for the achieved year, and how it was found."""
    suffix = "" if year == data.year else f"@{year}"
    try:
        terms = data.resolve(ref + suffix)
    except Unavailable as exc:
        return None, str(exc)
    return terms[0].value, f"{terms[0].ref} = {fmt_number(terms[0].value)} {terms[0].unit}".strip()


def check_targets(data: YearResults) -> list[Finding]:
    if CHAPTER not in data.chapter_names:
        return []
    table = data.result(CHAPTER).tables.get("targets")
    if table is None or table.empty:
        return []
    findings, qualitative = [], []
    for r in table.to_dict(orient="records"):
        if r["progress"] == QUALITATIVE:
            qualitative.append(r["target_id"])
            continue
        unit = r["unit"]
        shown = f"{r['target']} ({r['period']})"
        baseline = (f"{fmt_number(r['baseline_value'])} ({int(r['baseline_year'])})" if _given(r["baseline_value"])
                    else f"— ({int(r['baseline_year'])})" if _given(r["baseline_year"]) else "—")
        achieved = (f"{fmt_number(r['achieved_value'])} {unit} ({int(r['achieved_year'])})"
                    if _given(r["achieved_value"]) else "—")
        numbers = [f"目標 target {shown}", f"基準 baseline {baseline}", f"實績 achieved {achieved}"]
        issues, status = [], PASS
        if not _given(r["baseline_value"]):
            status = FLAG
            if _given(r["baseline_year"]) and int(r["baseline_year"]) > data.year:
                issues.append(f"基準年 {int(r['baseline_year'])} 年尚未到來，報告無從印出基準值。"
                              f" The baseline year {int(r['baseline_year'])} has not come yet: no baseline value.")
            elif _given(r["baseline_year"]):
                issues.append(f"報告以 {int(r['baseline_year'])} 年為基準，卻未印出基準值。"
                              f" The report names {int(r['baseline_year'])} as the baseline but prints no value.")
            else:
                issues.append("報告未印出基準。The report states no baseline.")
        if r["progress"] == MET_BEFORE:
            status = FLAG
            word = "等於" if r["comparison"] == "equal" else "不高於"
            issues.append(f"目標 {shown} {word} {int(r['achieved_year'])} 年已達成之 {fmt_number(r['achieved_value'])} "
                          f"{unit}：目標期開始前即已達成，目標未要求多於已做到者。"
                          f" The target asks for no more than the {fmt_number(r['achieved_value'])} {unit} already "
                          f"achieved in {int(r['achieved_year'])}, before its period starts.")
        elif r["progress"] == CHANGE:
            numbers.append("以基準計之變化 a change from the baseline")
        if _given(r["achieved_pct_of_target"]):
            numbers.append(f"實績占目標 achieved share {r['achieved_pct_of_target']:.1f}%")
        if r["achieved_metric"] and _given(r["achieved_value"]):
            value, seen = _achieved_metric(data, r["achieved_metric"], int(r["achieved_year"]))
            numbers.append(f"本附錄 appendix: {seen}")
            if value is not None and not _agree(value, float(r["achieved_value"])):
                status = FLAG
                issues.append(f"所載實績 {fmt_number(r['achieved_value'])} 與本附錄之 {r['achieved_metric']} "
                              f"({fmt_number(value)}) 不符。The achieved value differs from the appendix's metric.")
        detail = " ".join(issues + ([f"說明 note: {r['note']}"] if r["note"] and issues else []))
        findings.append(Finding("target", r["target_id"], f"{CHAPTER}.{r['target_id']}", status,
                                f"{r['indicator']}：目標 vs 基準與實績 the target against its baseline and what was "
                                "achieved", "；".join(numbers), detail))
    if qualitative:
        findings.append(Finding("target", "qualitative", CHAPTER, NOT_APPLICABLE,
                                "質性目標 qualitative targets", f"{len(qualitative)} 項 targets: " + ", ".join(qualitative),
                                "質性目標無數值可與基準或實績比較。A qualitative target has no value to compare."))
    return findings
