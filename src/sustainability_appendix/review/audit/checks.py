"""The audit checks: small functions over a year's results, printed figures and inputs.

Each ``check_*(data, declarations) -> list[Finding]`` runs on any year; what it
compares is declared as data (:mod:`.declarations`) in terms of named figures, or
found generically (the same metric in several chapters, the same figure printed
several times). Every finding says what was compared and gives the numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from sustainability_appendix.inputs.tables import parse_number
from sustainability_appendix.review.audit.declarations import (
    CONVENTIONS,
    DECREASE_WORDS,
    ORGANISATION_POPULATION,
    ORGANISATION_POPULATION_LABEL,
    PP_UNITS,
    Change,
    Declarations,
    change_value,
)
from sustainability_appendix.review.audit.findings import FLAG, INFO, NOT_APPLICABLE, PASS, Finding
from sustainability_appendix.review.expressions import Evaluation, Interval, evaluate, fmt_number, show_terms
from sustainability_appendix.review.reconcile import decimals_of, round_half_up
from sustainability_appendix.review.results import Unavailable, YearResults


# --- helpers ----------------------------------------------------------------
def _try(text: str, data: YearResults) -> tuple[Evaluation | None, str]:
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


def _placeholders(decl_total: str, data: YearResults) -> list[str]:
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
def check_identities(data: YearResults, declarations: Declarations) -> list[Finding]:
    findings = []
    for decl in declarations.identities:
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


def check_shared_metrics(data: YearResults) -> list[Finding]:
    """The same metric id computed by several chapters must have one value."""
    metrics = data.metrics()
    by_metric: dict[str, list[tuple[str, object]]] = {}
    for metric_id, chapter, value in zip(metrics["metric_id"], metrics["chapter"], metrics["value"]):
        by_metric.setdefault(metric_id, []).append((chapter, value))
    findings = []
    for metric_id in sorted(by_metric):
        rows = by_metric[metric_id]
        if len({chapter for chapter, _ in rows}) < 2:
            continue
        values = dict(rows)
        shown = "；".join(f"{c}.{metric_id} = {fmt_number(v)}" for c, v in values.items())
        known = [v for v in values.values() if v is not None]
        ok = all(_agree(v, known[0]) for v in known)
        findings.append(Finding("shared", metric_id, metric_id, PASS if ok else FLAG,
                                f"各章節的 {metric_id} 應相同 {metric_id} as each chapter uses it", shown,
                                "" if ok else "各章節使用不同數值作為同一數字。Chapters use different values for one figure."))
    return findings


def check_flows(data: YearResults, declarations: Declarations) -> list[Finding]:
    findings = []
    for decl in declarations.flows:
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


def check_boundaries(data: YearResults, declarations: Declarations) -> list[Finding]:
    findings, used = [], []
    for decl in declarations.intensities:
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
    for decl in declarations.coverages:
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


def _printed_change(decl: Change, data: YearResults, rows: pd.DataFrame) -> tuple[str, str, bool] | None:
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


def check_changes(data: YearResults, declarations: Declarations) -> list[Finding]:
    findings = []
    printed = data.printed()
    for decl in declarations.changes:
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


def _same_at_coarser_precision(a: str, b: str) -> bool:
    d = min(decimals_of(a), decimals_of(b))
    return round_half_up(parse_number(a), d) == round_half_up(parse_number(b), d)


def check_repeated_figures(data: YearResults) -> list[Finding]:
    """A figure printed more than once (same metric, several rows or sections) must agree."""
    printed = data.printed()
    printed = printed[printed["metric_id"] != ""]  # a figure with nothing to compute it from names no metric
    findings = []
    if printed.empty:
        return findings
    # one metric id shared by several chapters is one figure too (employees_year_end)
    chapters_of: dict[str, set[str]] = {}
    for chapter, metric_id in zip(printed["chapter"], printed["metric_id"]):
        chapters_of.setdefault(metric_id, set()).add(chapter)
    by_key: dict[str, list[dict]] = {}
    for r in printed.to_dict("records"):
        m = r["metric_id"]
        by_key.setdefault(m if len(chapters_of[m]) > 1 else f"{r['chapter']}.{m}", []).append(r)
    for key, rows in by_key.items():
        if len(rows) < 2:
            continue
        texts = [r["printed"] for r in rows]
        base = texts[0]
        ok = all(_same_at_coarser_precision(base, t) for t in texts)
        shown = "；".join(f"{r['printed']} ({r['chapter']} {r['figure_id']}, {r['section']})" for r in rows)
        distinct = sorted({Decimal(repr(parse_number(t))) for t in texts})
        findings.append(Finding(
            "repeated", key, key, PASS if ok else FLAG,
            f"同一數值於 {len(rows)} 處印出 one figure printed {len(rows)} times", shown,
            "" if ok else f"印出不同數值 {', '.join(str(d) for d in distinct)}。The copies disagree."))
    return findings


def check_gri_codes(data: YearResults, index_codes: set[str] | None) -> list[Finding]:
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


def check_configuration(data: YearResults) -> list[Finding]:
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

