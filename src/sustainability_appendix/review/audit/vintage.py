"""Factor vintage: a factor published for an earlier year than the data it is applied to.

When a newer factor has been announced since (``data/reference/factor_announcements.csv``),
the chapters that read the factor are computed again with it, in memory, from the
inputs the build already loaded, and the figures that would change are listed.
"""

from __future__ import annotations

import pandas as pd

from sustainability_appendix.errors import ChapterError, InputError
from sustainability_appendix.inputs.quantities import PROVISIONAL, PROVISIONAL_MARK
from sustainability_appendix.review.audit.checks import _agree
from sustainability_appendix.review.audit.findings import FLAG, PASS, Finding
from sustainability_appendix.review.expressions import fmt_number
from sustainability_appendix.review.results import YearResults


def load_announcements(data: YearResults) -> pd.DataFrame | None:
    store = data.store
    if not store.exists("reference", "factor_announcements"):
        return None
    store.note_reader(store.path("reference", "factor_announcements"), ("review", data.year))
    return store.reference("factor_announcements")


def recompute_with_factor(data: YearResults, factor: str, value: float) -> list[tuple[str, float, float]]:
    """The metrics of the year that change when one factor is replaced, as (metric, before, after)."""
    changed = []
    for name in data.chapter_names:
        try:
            after = data.computation.with_factor(name, data.year, factor, value)
        except (InputError, ChapterError):  # a what-if its calculation cannot take: nothing to show
            continue
        if after is None:
            continue
        before = {m.metric_id: m.value for m in data.result(name).metrics}
        for m in after.metrics:
            if m.kind == "input":  # the replaced factor itself, shown as used: not a figure that follows from it
                continue
            old = before.get(m.metric_id)
            if old is not None and m.value is not None and not _agree(float(old), float(m.value)):
                changed.append((f"{name}.{m.metric_id}", float(old), float(m.value)))
    return changed


def check_factor_vintage(data: YearResults) -> list[Finding]:
    factors = data.factors()
    if factors is None:
        return []
    announcements = load_announcements(data)
    findings = []
    for row in factors.table.to_dict(orient="records"):
        name = row["factor"]
        vintage = factors.vintage(name)
        value = float(row["value"])
        provisional = factors.status(name) == PROVISIONAL
        used = f"factor.{name} = {value:g} {row['unit']}" + (f" ({PROVISIONAL_MARK})" if provisional else "")
        compared = (f"{name}：係數適用年度 vs 報告年度 the year the factor was published for vs the reporting year "
                    f"{data.year}")
        if provisional and (vintage is None or vintage == data.year):
            findings.append(Finding("vintage", name, f"factor.{name}", FLAG, compared, f"{used}；適用 {vintage or '—'} 年",
                                    f"{name} 為暫定值，正式公告後應更新。A provisional value: replace it with the "
                                    "announced one once it is published."))
            continue
        if vintage is None:
            findings.append(Finding("vintage", name, f"factor.{name}", PASS, compared, f"{used}；物理常數或無年份 no vintage"))
            continue
        if vintage == data.year:
            findings.append(Finding("vintage", name, f"factor.{name}", PASS, compared, f"{used}；適用 {vintage} 年"))
            continue
        numbers = f"{used}；適用 applies to {vintage}；報告年度 reporting year {data.year}；來源 {row['source']}"
        detail = ("暫定值 provisional. " if provisional else "") + (
                  f"{name} 使用 {vintage} 年之值於 {data.year} 年資料。The {vintage} value is applied to {data.year} data."
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

