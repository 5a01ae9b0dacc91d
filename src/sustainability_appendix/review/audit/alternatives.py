"""A change or ratio whose printed value does not reproduce, recomputed on other quantities.

For every printed figure (of any chapter) that does not reproduce its metric at the printed
precision, and whose metric is a change declared in ``audit_changes.csv`` or has other
quantities declared in ``audit_alternatives.csv``, the figure is computed again

- for a change: on each other quantity of its chapter in the same unit (耗水量 consumption
  instead of 取水量 withdrawal), with the same sign convention, and on the other convention
  (percentage points instead of relative %, or the reverse);
- on every declared alternative (other denominators of a rate);

and the finding says which of them, if any, gives the printed value. One explained
(``info``); none unexplained (``flag``).
"""

from __future__ import annotations

from decimal import Decimal

from sustainability_appendix.inputs.tables import parse_number
from sustainability_appendix.review.audit.checks import _try
from sustainability_appendix.review.audit.declarations import Change, Declarations, change_value
from sustainability_appendix.review.audit.findings import FLAG, INFO, Finding
from sustainability_appendix.review.expressions import fmt_number
from sustainability_appendix.review.reconcile import decimals_of, round_half_up
from sustainability_appendix.review.results import YearResults

OTHER_CONVENTION = {"decrease_pct": "decrease_pp", "increase_pct": "increase_pp",
                    "decrease_pp": "decrease_pct", "increase_pp": "increase_pct"}


def _change_candidates(data: YearResults, decl: Change) -> list[tuple[str, float]]:
    """The change on the other quantities of its chapter in the same unit, and on the other convention."""
    out = []
    current, _ = _try(decl.current, data)
    previous, _ = _try(decl.previous, data) if current is not None else (None, "")
    if current is None or previous is None or not previous.computed:
        return out
    if current.terms[0].unit.strip() == "%":
        other = OTHER_CONVENTION[decl.convention]
        out.append((f"{decl.current}：{other.replace('_', ' ')} 而非 instead of {decl.convention.replace('_', ' ')}",
                    change_value(current.computed, previous.computed, other)))
    chapter, metric_id = decl.current.split("@")[0].split(".", 1)
    metrics = data.chapter_metrics(chapter)
    unit = metrics.loc[metrics["metric_id"] == metric_id, "unit"]
    if unit.empty:
        return out
    same = metrics[(metrics["unit"] == unit.iloc[0]) & (metrics["metric_id"] != metric_id) & metrics["value"].notna()]
    for r in same.itertuples():
        a, _ = _try(f"{chapter}.{r.metric_id}", data)
        b, _ = _try(f"{chapter}.{r.metric_id}@prev", data) if a is not None else (None, "")
        if a is None or b is None or not b.computed:
            continue
        out.append((f"{r.label} ({chapter}.{r.metric_id}: {fmt_number(b.computed)} → {fmt_number(a.computed)})",
                    change_value(a.computed, b.computed, decl.convention)))
    return out


def check_alternatives(data: YearResults, declarations: Declarations) -> list[Finding]:
    printed = data.printed()
    printed = printed[printed["metric_id"] != ""]
    changes = {d.metric: d for d in declarations.changes}
    declared: dict[str, list[tuple[str, str]]] = {}
    for alt in declarations.alternatives:
        declared.setdefault(alt.metric, []).append((alt.label, alt.expression))
    findings = []
    for (chapter, metric_id), rows in printed.groupby(["chapter", "metric_id"], sort=False):
        ref = f"{chapter}.{metric_id}"
        if ref not in changes and ref not in declared:
            continue
        metric = data.metric(chapter, metric_id)
        if metric is None or metric["value"] is None:
            continue  # reports only where it has data
        for text, copies in rows.groupby("printed", sort=False):
            decimals = decimals_of(text)
            target = Decimal(repr(parse_number(text)))
            if round_half_up(metric["value"], decimals) == target:
                continue
            candidates = _change_candidates(data, changes[ref]) if ref in changes else []
            for label, expression in declared.get(ref, []):
                ev, _ = _try(expression, data)
                if ev is not None:
                    candidates.append((f"{label} ({expression})", ev.computed))
            if not candidates:
                continue
            lines = [f"印出 printed {text} ({'；'.join(dict.fromkeys(copies['section']))})",
                     f"{ref} = {fmt_number(metric['value'])} → {round_half_up(metric['value'], decimals)}"]
            hits = []
            for label, value in candidates:
                rounded = round_half_up(value, decimals)
                lines.append(f"{label} = {fmt_number(value)} → {rounded}{' ✓' if rounded == target else ''}")
                if rounded == target:
                    hits.append(label)
            if hits:
                detail = (f"印出之 {text} 不是 {ref}，而是以下列數量計算所得：{'；'.join(hits)}。"
                          f" The printed {text} is not {ref} but reproduces on: {'; '.join(hits)}.")
            else:
                detail = (f"以本章其他數量或其他分母重算，皆得不到印出之 {text}：報告可能依未公布之數值計算。"
                          f" No other quantity or denominator gives the printed {text}.")
            findings.append(Finding("alternative", f"{ref}:{text}", ref, INFO if hits else FLAG,
                                    f"{ref} 印出 {text} 不相符：以同表其他數量重算 the printed value does not "
                                    "reproduce: recomputed on the other quantities of its table",
                                    " | ".join(lines), detail))
    return findings
