"""What the report says in words about its numbers, against the numbers.

A claim is a fact of one year's report: ``data/printed/<year>/claims.csv``, each with the
figures it speaks of (see :mod:`sustainability_appendix.review.expressions`).

- :func:`check_claims`: a claim of direction (rose, fell, stayed stable; markedly) is set
  against the relative change of its figure since the previous value, within the bounds its
  words allow (``data/reference/audit_claim_words.csv``); a size it prints (減少 19.01%) is
  recomputed on its basis (relative %, percentage points, absolute), and when it does not
  reproduce, on the other bases and on the other quantities of its chapter in the same unit,
  saying which, if any, gives the printed number;
- :func:`check_quoted`: a total quoted in the text against the sum of its parts as computed
  and as printed elsewhere (each part's sections named), and a count quoted in the text
  against the rows of the list it counts (``rows:<input file>[column=value]``).

:func:`reference_problems` is validation's: a claim (or a target's achieved metric) naming a
figure the appendix does not have is bad input, named by file, row and column.
"""

from __future__ import annotations

import fnmatch
import re
from decimal import Decimal

import pandas as pd

from sustainability_appendix.chapters import CHAPTERS
from sustainability_appendix.errors import ChapterError, ConfigurationError, InputError, Problem
from sustainability_appendix.inputs.printed_files import ROWS_PREFIX
from sustainability_appendix.inputs.registry import PRINTED, REFERENCE, YEAR, registry
from sustainability_appendix.inputs.tables import parse_number
from sustainability_appendix.review.audit.checks import _try
from sustainability_appendix.review.audit.declarations import Declarations
from sustainability_appendix.review.audit.findings import FLAG, PASS, Finding
from sustainability_appendix.review.expressions import Interval, fmt_number, parse, refs_of, show_terms
from sustainability_appendix.review.reconcile import decimals_of, round_half_up
from sustainability_appendix.review.results import _REF, YearResults, expand_braces

DIRECTIONS = ("increase", "decrease", "stable")
BASIS_LABELS = {"relative_pct": "相對變化 relative %", "percentage_points": "百分點 percentage points",
                "absolute": "絕對差 absolute difference"}
_ROWS = re.compile(r"rows:(?P<stem>[a-z][a-z0-9_]*)(?:\[(?P<column>[a-z_][a-z0-9_]*)=(?P<value>[^\]]*)\])?")


def load_claims(data: YearResults) -> pd.DataFrame | None:
    """The year's claims, or None when the year has no claims file."""
    if not data.store.exists(PRINTED, "claims", data.year):
        return None
    return data.store.table(PRINTED, "claims", data.year, reader=("review", data.year))


def previous_of(rec) -> str:
    """The figure a direction is measured from: ``previous``, else the figure a year earlier."""
    if rec["previous"]:
        return rec["previous"]
    figure = rec["figure"].strip()
    if not _REF.fullmatch(figure) or "@" in figure:
        raise ConfigurationError(f"claim {rec['claim_id']}: figure '{figure}' is not one figure of this year: "
                                 "give its previous value in 'previous'")
    return f"{figure}@prev"


def where_printed(data: YearResults, ref: str) -> str:
    """The sections where the report printed a figure of the year (the first two)."""
    m = _REF.fullmatch(ref)
    if not m or m.group("when"):
        return ""
    printed = data.printed()
    rows = printed[(printed["chapter"] == m.group("source")) & (printed["metric_id"] == m.group("name"))]
    sections = list(dict.fromkeys(rows["section"]))
    return "；".join(sections[:2]) + (" …" if len(sections) > 2 else "")


# --- direction and size ------------------------------------------------------------------------------------
def _changes(current: float, previous: float, percent_unit: bool) -> dict[str, float]:
    """The change on each basis: of a percentage, the difference is in percentage points."""
    out = {"relative_pct": (current - previous) / previous * 100}
    out["percentage_points" if percent_unit else "absolute"] = current - previous
    return out


def _magnitude_matches(value: float, printed: str) -> bool:
    """The size printed is a magnitude (減少 19.01%): the change's magnitude rounded as printed."""
    return round_half_up(abs(value), decimals_of(printed)) == Decimal(repr(abs(parse_number(printed))))


def _same_unit_quantities(data: YearResults, figure: str) -> list[tuple[str, str]]:
    """(label, reference) of the other quantities of the figure's chapter in its unit."""
    m = _REF.fullmatch(figure)
    if not m or m.group("source") not in data.chapter_names:
        return []
    metrics = data.chapter_metrics(m.group("source"))
    own = metrics[metrics["metric_id"] == m.group("name")]
    if own.empty:
        return []
    unit = own["unit"].iloc[0]
    same = metrics[(metrics["unit"] == unit) & (metrics["metric_id"] != m.group("name")) & metrics["value"].notna()]
    return [(r.label, f"{m.group('source')}.{r.metric_id}") for r in same.itertuples()]


def _size_issue(data: YearResults, rec, changes: dict[str, float], percent: bool, numbers: list[str]) -> str:
    """A printed size that does not reproduce on its basis: which other basis, or else which
    other quantity of the figure's chapter in its unit, gives it (the lines tried go to ``numbers``)."""
    basis, printed = rec["basis"], rec["printed"]
    shown = fmt_number(abs(changes[basis]), 4) if basis in changes else "—"
    found = [f"以{BASIS_LABELS[b]}計可得 {printed} (reproduces as {b.replace('_', ' ')})"
             for b, v in changes.items() if b != basis and _magnitude_matches(v, printed)]
    if not found and basis in changes:
        tried = 0
        for label, ref in _same_unit_quantities(data, rec["figure"]):
            a, _ = _try(ref, data)
            b, _ = _try(f"{ref}@prev", data) if a is not None else (None, "")
            if a is None or b is None or not b.computed:
                continue
            tried += 1
            alt = _changes(a.computed, b.computed, percent)[basis]
            if _magnitude_matches(alt, printed):
                numbers.append(f"以 on {ref}: {fmt_number(b.computed)} → {fmt_number(a.computed)} = {alt:+.4f}")
                found.append(f"以 {label} ({ref}) 計可得 {printed} (reproduces on {ref})")
        numbers.append(f"同章同單位之其他 {tried} 項數量已試算 {tried} other quantities of the chapter in its unit tried")
    return (f"印出之 {printed} 以{BASIS_LABELS[basis]}重算為 {shown}，不相符；"
            + ("；".join(found) if found else "其他基準與同章其他數量皆無法得出 no other basis or quantity gives it") + "。")


def check_claims(data: YearResults, declarations: Declarations, claims: pd.DataFrame | None = None) -> list[Finding]:
    claims = load_claims(data) if claims is None else claims
    if claims is None:
        return []
    findings = []
    for rec in claims[claims["claim"].isin(DIRECTIONS)].to_dict(orient="records"):
        words = declarations.words(rec["claim"], rec["strength"])
        if words is None:
            raise ConfigurationError(f"data/reference/audit_claim_words.csv: no wording for claim '{rec['claim']}' "
                                     f"with strength '{rec['strength']}' (claim {rec['claim_id']})")
        previous = previous_of(rec)
        cur, _ = _try(rec["figure"], data)
        prev, _ = _try(previous, data) if cur is not None else (None, "")
        if cur is None or prev is None or not prev.computed:
            continue  # reports only where it has data
        percent = any(t.unit.strip() == "%" for t in cur.terms)
        changes = _changes(cur.computed, prev.computed, percent)
        rel = changes["relative_pct"]
        numbers = [f"{show_terms(prev)} → {show_terms(cur)}",
                   f"相對變化 relative {rel:+.2f}%" + (f"；{changes['percentage_points']:+.2f} 百分點 pp" if percent else
                                                    f"；差 difference {fmt_number(changes['absolute'])}"),
                   f"「{words.label}」容許 allows {words.bounds()}"]
        issues = []
        if not words.allows(rel):
            issues.append(f"文字「{words.label}」與相對變化 {rel:+.2f}% 不符 (容許 {words.bounds()})。"
                          f" The words do not fit a relative change of {rel:+.2f}%.")
        if rec["printed"]:
            basis = rec["basis"]
            numbers.append(f"印出 printed {rec['printed']} ({BASIS_LABELS[basis]})")
            if basis not in changes or not _magnitude_matches(changes[basis], rec["printed"]):
                issues.append(_size_issue(data, rec, changes, percent, numbers))
        findings.append(Finding("claim", rec["claim_id"], rec["figure"], FLAG if issues else PASS,
                                f"「{rec['text']}」({rec['section']})", " | ".join(numbers),
                                " ".join(issues + ([f"說明 note: {rec['note']}"] if rec.get("note") and issues else []))))
    return findings


# --- totals and counts quoted in the text ---------------------------------------------------------------------
def count_rows(data: YearResults, figure: str) -> tuple[int, list[str], str]:
    """The rows of the list ``rows:<stem>[column=value]`` counts: how many, their names, and the file."""
    m = _ROWS.fullmatch(figure)
    if not m:
        raise ConfigurationError(f"'{figure}' is not rows:<input file> or rows:<file>[column=value]")
    stem, column, value = m.group("stem"), m.group("column"), m.group("value")
    area = YEAR if (YEAR, stem) in registry() else REFERENCE
    table = (data.store.table(YEAR, stem, data.year, reader=("review", data.year)) if area == YEAR
             else data.store.reference(stem))
    if table is None:
        raise ConfigurationError(f"{figure}: data/raw/{data.year}/{stem}.csv does not exist")
    if column:
        table = table[table[column].astype(str) == value]
    name = next((c for c in ("name", "label") if c in table.columns), table.columns[0])
    file = table.attrs.get("source_file", f"data/reference/{stem}.csv")
    return len(table), [str(v) for v in table[name]], file + (f" ({column} = {value})" if column else "")


def _quoted_total(data: YearResults, rec) -> Finding | None:
    parts, _ = _try(rec["figure"], data)
    if parts is None:
        return None
    total = Interval.printed(parse_number(rec["printed"]), decimals_of(rec["printed"]))
    computed_ok = total.overlaps(Interval.point(parts.computed))
    lines = [f"印出 printed {rec['printed']} {rec['unit']}",
             f"重算 computed: {show_terms(parts)} = {fmt_number(parts.computed)}"]
    printed_ok = True
    if parts.any_printed:
        printed_ok = parts.printed.overlaps(total)
        where = "；".join(f"{t.printed or fmt_number(t.value)} ({where_printed(data, t.ref) or '未印 not printed'})"
                         for t in parts.terms)
        lines.append(f"各分項印出 parts as printed: {where} → [{fmt_number(parts.printed.lo)}, "
                     f"{fmt_number(parts.printed.hi)}]")
    ok = computed_ok and printed_ok
    detail = "" if ok else (f"文中之合計 {rec['printed']} 與其分項之和 {fmt_number(parts.computed)} 不符。"
                            f" The quoted total is not the sum of its parts.")
    return Finding("quoted", rec["claim_id"], rec["figure"], PASS if ok else FLAG,
                   f"文中之合計 vs 分項之和 a total quoted in the text against its parts: 「{rec['text']}」"
                   f"({rec['section']})", " | ".join(lines), detail)


def _quoted_count(data: YearResults, rec) -> Finding | None:
    if rec["figure"].startswith(ROWS_PREFIX):
        n, names, file = count_rows(data, rec["figure"])
        listed = f"{file}：{n} 列 rows ({'、'.join(names[:12])}{' …' if len(names) > 12 else ''})"
    else:
        ev, _ = _try(rec["figure"], data)
        if ev is None:
            return None
        n, listed = ev.computed, show_terms(ev)
    ok = round_half_up(n, 0) == Decimal(repr(parse_number(rec["printed"])))
    detail = "" if ok else (f"文中之個數 {rec['printed']} 與清單之 {fmt_number(n)} 項不符。"
                            f" The quoted count is not the number of items listed.")
    return Finding("quoted", rec["claim_id"], rec["figure"], PASS if ok else FLAG,
                   f"文中之個數 vs 清單 a count quoted in the text against the list it counts: 「{rec['text']}」"
                   f"({rec['section']})", f"印出 printed {rec['printed']} {rec['unit']} | 清單 list: {listed}", detail)


def check_quoted(data: YearResults, claims: pd.DataFrame | None = None) -> list[Finding]:
    claims = load_claims(data) if claims is None else claims
    if claims is None:
        return []
    findings = []
    for rec in claims.to_dict(orient="records"):
        found = (_quoted_total(data, rec) if rec["claim"] == "total"
                 else _quoted_count(data, rec) if rec["claim"] == "count" else None)
        if found is not None:
            findings.append(found)
    return findings


# --- validation: every figure a claim or a target names exists ------------------------------------------------
def _missing(computation, year: int, ref: str) -> str | None:
    """Why a reference names nothing the appendix has (None when it names something)."""
    store = computation.store
    rows = _ROWS.fullmatch(ref)
    if ref.startswith(ROWS_PREFIX):
        if not rows:
            return "rows:<input file> or rows:<file>[column=value]"
        stem = rows.group("stem")
        if (YEAR, stem) not in registry() and (REFERENCE, stem) not in registry():
            return f"an input file of the registry (no file '{stem}')"
        return None
    m = _REF.fullmatch(ref)
    if not m:
        return "chapter.metric_id, raw.<item> or factor.<name>, optionally @prev, @base or @YYYY"
    source, name, when = m.group("source"), m.group("name"), m.group("when")
    if source == "raw":
        return None if name in store.codes("quantity_items") else f"an item of quantity_items.csv (no '{name}')"
    if source == "factor":
        return None if name in store.codes("factor_catalogue") else f"a factor of factor_catalogue.csv (no '{name}')"
    if source not in {c.name for c in computation.chapters}:
        if source in {c.name for c in CHAPTERS}:
            return None  # a chapter this computation leaves out (its own validation checks the metric)
        return f"a chapter of the appendix (no chapter '{source}')"
    years = ([y for y in computation.years if y <= year] if when == "base"
             else [year - 1 if when == "prev" else int(when) if when else year])
    for y in years:
        try:
            metrics = {mm.metric_id for mm in computation.result(source, y).metrics}
        except (InputError, ConfigurationError, ChapterError):
            return None  # that year's own problems are reported with it
        if all(any(fnmatch.fnmatchcase(n, p) for n in metrics) if any(ch in p for ch in "*?[") else p in metrics
               for p in expand_braces(name)):
            return None
    return f"a metric chapter '{source}' computes for {'/'.join(map(str, years)) or year} (no '{name}')"


def _references(text: str) -> list[str]:
    if text.startswith(ROWS_PREFIX):
        return [text]
    try:
        return [r.text for r in refs_of(parse(text))]
    except ConfigurationError:
        return [text]  # unreadable: reported as not a figure


def reference_problems(computation, year: int) -> list[Problem]:
    """Claims and targets of the year naming a figure the appendix does not have."""
    store, problems = computation.store, []
    checks = []
    for area, stem, columns in ((PRINTED, "claims", ("figure", "previous")), (YEAR, "targets", ("achieved_metric",))):
        if (area, stem) not in registry() or not store.exists(area, stem, year):
            continue
        try:
            checks.append((store.table(area, stem, year), columns))
        except InputError:
            continue  # the file's own problems are reported with it
    for table, columns in checks:
        file = table.attrs.get("source_file", "")
        for row, rec in table.iterrows():
            for column in columns:
                for ref in _references(str(rec[column] or "").strip()) if rec[column] else []:
                    why = _missing(computation, year, ref)
                    if why is not None:
                        problems.append(Problem(file, int(row), column, f"a figure the appendix has: {why}", ref))
    return problems


__all__ = ["check_claims", "check_quoted", "count_rows", "load_claims", "reference_problems"]
