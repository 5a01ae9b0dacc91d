"""The GRI index against what answers it.

Which disclosures a number answers, and in which units, is data
(``data/reference/gri_disclosures.csv``). Two checks:

- a disclosure the report's own index claims (no omission given) with no figure that
  answers it: no metric of the report's years tagged with it, with a value and a unit that
  can answer it. Only for disclosures cited in sections of which the appendix holds
  printed figures (otherwise it cannot tell); those are listed together as not applicable;
- a metric tagged to a disclosure it cannot answer: its unit is none of the disclosure's
  (a count of green purchases, 件, is not a share of spending on local suppliers, 204-1).
  Only metrics with a value that year.
"""

from __future__ import annotations

import re

import pandas as pd

from sustainability_appendix.review.audit.declarations import Declarations
from sustainability_appendix.review.audit.findings import FLAG, NOT_APPLICABLE, PASS, Finding
from sustainability_appendix.review.gri_index import choose_report_year, load_structure, metric_codes
from sustainability_appendix.review.results import YearResults

_NUMBER = re.compile(r"\d+(?:\.\d+)+")


def _tagged(metrics: pd.DataFrame, tags: list, code: str) -> pd.DataFrame:
    """The metrics with a value whose GRI tags (``tags``, each metric's, split once) name ``code``."""
    carries = pd.Series([code in codes for codes in tags], index=metrics.index, dtype=bool)
    return metrics[carries & metrics["value"].notna()]


def _section_numbers(sections: list[str]) -> set[str]:
    """The section numbers printed figures' section texts begin with."""
    return {m.group(0) for text in set(sections) if (m := re.match(r"\d+(?:\.\d+)*", text.strip()))}


def _section_has_figures(section: str, numbers: set[str]) -> bool:
    """Whether a printed figure's section number is the section (or one of its subsections)."""
    return any(n == section or n.startswith(section + ".") for n in numbers)


def check_unanswerable_tags(data: YearResults, declarations: Declarations) -> list[Finding]:
    metrics = data.metrics()
    tags = [metric_codes(g) for g in metrics["gri"]]
    findings = []
    for disclosure in declarations.disclosures:
        tagged = _tagged(metrics, tags, disclosure.code)
        wrong = tagged[~tagged["unit"].str.strip().isin(disclosure.units)]
        if wrong.empty:
            continue
        shown = "；".join(f"{r.metric} ({r.unit})" for r in wrong.itertuples())
        findings.append(Finding(
            "gri_content", f"tag:{disclosure.code}", f"GRI {disclosure.code}", FLAG,
            f"標記 GRI {disclosure.code} 之指標能否回答其揭露 can the metrics tagged {disclosure.code} answer it: "
            f"{disclosure.asks}", f"{shown} | 可回答之單位 units that answer it: {'、'.join(disclosure.units)}",
            f"單位不符之指標不能回答 GRI {disclosure.code}：應改標其他揭露，或補上所需之數值。"
            f" A figure in these units cannot answer GRI {disclosure.code}: tag it to another disclosure, or "
            "report what the disclosure asks for."))
    return findings


def check_claimed_without_content(data: YearResults, declarations: Declarations) -> list[Finding]:
    structure = load_structure(data)
    if structure is None:
        return []
    report_year, _ = choose_report_year(list(structure["report_year"]), data.year)
    if report_year != data.year:
        return []  # the index claims content of its own report
    years = [y for y in data.project.years() if y <= data.year]
    metrics = pd.concat([data.metrics(y) for y in years], ignore_index=True)
    tags = [metric_codes(g) for g in metrics["gri"]]
    sections = _section_numbers([s for y in years for s in data.printed(y)["section"]])
    findings, untranscribed = [], []
    for rec in structure[structure["report_year"] == report_year].to_dict(orient="records"):
        disclosure = declarations.disclosure(rec["code"])
        if disclosure is None or rec["omission"]:
            continue
        cited = [m.group(0) for s in str(rec["sections"]).split("；") if (m := _NUMBER.match(s.strip()))]
        covered = [s for s in cited if _section_has_figures(s, sections)]
        if not covered:
            untranscribed.append(f"{rec['code']} ({rec['sections'] or '—'})")
            continue
        tagged = _tagged(metrics, tags, rec["code"])
        answering = tagged[tagged["unit"].str.strip().isin(disclosure.units)]
        where = f"{rec['sections']}；p. {rec['pages']}" if rec["pages"] else rec["sections"]
        if len(answering):
            shown = "、".join(dict.fromkeys(answering["metric"]))
            findings.append(Finding("gri_content", f"content:{rec['code']}", f"GRI {rec['code']}", PASS,
                                    f"GRI 對照表所列 {rec['code']} 有無內容 does the report answer {rec['code']}",
                                    f"{where} | {len(answering)} 項 figures: {shown[:300]}"))
            continue
        other = "；".join(dict.fromkeys(f"{r.metric} ({r.unit})" for r in tagged.itertuples())) or "無 none"
        findings.append(Finding(
            "gri_content", f"content:{rec['code']}", f"GRI {rec['code']}", FLAG,
            f"GRI 對照表列出 {rec['code']} {rec['title']}，報告有無回答之數值 the index claims {rec['code']}: is "
            f"there a figure that answers it ({disclosure.asks})",
            f"對照表 index: {where} | 本附錄登錄之 {'、'.join(covered)} 數值中，無可回答者 no printed figure of "
            f"{', '.join(covered)} in the register answers it | 標記 {rec['code']} 之指標 tagged: {other}",
            f"報告之 GRI 對照表宣稱於 {rec['sections']} 揭露 {rec['code']}，但該處沒有回答此揭露之數值 "
            f"({disclosure.asks})。The index claims the disclosure, but the report gives no figure that answers it."))
    if untranscribed:
        findings.append(Finding(
            "gri_content", "content:not-transcribed", "GRI", NOT_APPLICABLE,
            "GRI 對照表所列、本附錄尚未登錄其章節數值之揭露 disclosures claimed in sections the appendix holds no "
            "figures of", "；".join(untranscribed),
            "無從判斷報告是否回答。Whether the report answers them cannot be told yet."))
    return findings
