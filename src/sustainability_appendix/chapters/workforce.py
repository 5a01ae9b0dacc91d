"""Workforce (GRI 2-7, 401-1, 401-3, 405-1): headcount by contract and working
hours, new hires and leavers by gender and age band, senior management, parental
leave.

Formulas, as report 3.3.2.1 defines them:
  rate of one cell  = new hires (leavers) of that gender and age band ÷ year-end headcount × 100
  total rate        = all new hires (leavers) ÷ year-end headcount × 100
  change            = last year's rate − this year's, in percentage points (decrease positive),
                      and relative to last year's rate in %
  headcount flow    = last year-end + new hires − leavers, compared with this year-end (audit only)
  share             = count ÷ total × 100 (GRI 405-1)
  return-to-work    = returned from parental leave ÷ took parental leave × 100 (GRI 401-3)

Inputs (``data/raw/<year>/``): ``workforce_headcount.csv`` (GRI 2-7 table, published
for 2025 only), ``workforce_flows.csv`` (new hires and leavers), ``workforce_senior_management.csv``
and ``workforce_counts.csv`` (the tables' stated totals and parental leave). The
year-end headcount is ``employees_year_end`` of ``quantities.csv``.

Labels: gender only ``女`` or ``男`` (the report's; English words are not mapped, so
that one spelling is used throughout); age bands only ``<30``, ``30-50``, ``>50``
(the report's 未滿 30 歲, 30-50 歲, 超過 50 歲).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sustainability_appendix.errors import InputError, Problem
from sustainability_appendix.inputs.quantities import Value, load_quantities
from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.project import raw_dir
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, find_input, read_table
from sustainability_appendix.chapters.common import fmt, trend_years

CHAPTER = "workforce"

GENDERS = ("女", "男")
GENDER_IDS = {"女": "female", "男": "male"}
GENDER_LABELS = {"女": "女 Female", "男": "男 Male"}
AGE_BANDS = ("<30", "30-50", ">50")
AGE_IDS = {"<30": "under30", "30-50": "30to50", ">50": "over50"}
AGE_LABELS = {"<30": "未滿 30 歲 <30", "30-50": "30-50 歲", ">50": "超過 50 歲 >50"}

# The rows of the report's GRI 2-7 table, with the report's letters.
CATEGORIES = {
    "employees": ("A", "受雇員工數 Employees"),
    "fixed_term": ("B", "定期契約員工 Fixed-term"),
    "permanent": ("C", "不定期契約員工 Permanent"),
    "guaranteed_hours": ("D", "有時數保證員工 Guaranteed hours"),
    "non_guaranteed_hours": ("E", "無時數保證員工 Non-guaranteed hours"),
    "full_time": ("F", "全職員工 Full-time"),
    "part_time": ("G", "兼職員工 Part-time"),
}
# Each pair splits the employees (A) once: A = B + C = D + E = F + G.
SPLITS = (("fixed_term", "permanent"), ("guaranteed_hours", "non_guaranteed_hours"), ("full_time", "part_time"))

# flow -> (metric stem of its rate, label of the count, label of the rate, stated-total item)
FLOWS = {
    "hire": ("new_hire", "新進 New hires", "新進率 New-hire rate", "new_hires_total"),
    "leaver": ("turnover", "離職 Leavers", "離職率 Turnover rate", "leavers_total"),
}
COUNT_ITEMS = {
    "new_hires_total": "合計新進人數 New hires (stated total)",
    "leavers_total": "合計離職人數 Leavers (stated total)",
    "senior_managers_total": "高階主管總計 Senior managers (stated total)",
    "parental_leave_applied": "育嬰留職停薪申請人數 Took parental leave",
    "parental_leave_returned": "育嬰留職停薪復職人數 Returned from parental leave",
}

_YEAR = Column("year", "year", required=False, description="reporting year; must be the folder's year")
_SOURCE = Column("source", description="report section and table the row is transcribed from")
_NOTE = Column("note", required=False, allow_blank=True, description="anything a reader should know")
_GENDER = Column("gender", choices=GENDERS, description="性別, as the report labels it: 女 or 男")
_AGE = Column("age_band", choices=AGE_BANDS, description="age band: <30 (未滿 30 歲), 30-50, >50 (超過 50 歲)")
_COUNT = Column("count", "count", unit="人", description="number of people")

HEADCOUNT_SCHEMA = Schema(
    name="workforce headcount",
    description="GRI 2-7 headcount at year end by category and gender (report table 員工人數).",
    columns=(_YEAR, Column("category", choices=tuple(CATEGORIES), description="row of the report's table (A-G)"),
             _GENDER, _COUNT, _SOURCE, _NOTE),
    key=("category", "gender"),
)
FLOWS_SCHEMA = Schema(
    name="workforce flows",
    description="New hires and leavers of the year by gender and age band (新進率/離職率統計表).",
    columns=(_YEAR, Column("flow", choices=tuple(FLOWS), description="hire (新進) or leaver (離職)"),
             _GENDER, _AGE, _COUNT, _SOURCE, _NOTE),
    key=("flow", "gender", "age_band"),
)
SENIOR_SCHEMA = Schema(
    name="workforce senior management",
    description="Senior managers at year end by gender and age band (高階主管組成統計).",
    columns=(_YEAR, _GENDER, _AGE, _COUNT, _SOURCE, _NOTE),
    key=("gender", "age_band"),
)
COUNTS_SCHEMA = Schema(
    name="workforce counts",
    description="Stated totals of the tables above, and parental leave.",
    columns=(_YEAR, Column("item", choices=tuple(COUNT_ITEMS), description="what was counted"),
             Column("value", "count", unit="人", description="number of people"),
             Column("unit", choices=("人",), description="always 人"), _SOURCE, _NOTE),
    key=("item",),
)
FILES = {
    "workforce_headcount": HEADCOUNT_SCHEMA,
    "workforce_flows": FLOWS_SCHEMA,
    "workforce_senior_management": SENIOR_SCHEMA,
    "workforce_counts": COUNTS_SCHEMA,
}


@dataclass
class WorkforceYear:
    """The workforce inputs of one year; a table the report did not publish is None."""

    year: int
    employees: Value | None
    headcount: pd.DataFrame | None
    flows: pd.DataFrame | None
    senior: pd.DataFrame | None
    counts: pd.DataFrame | None

    def count(self, item: str) -> tuple[int, str] | None:
        """A stated count and its citation, or None when not reported."""
        if self.counts is None:
            return None
        row = find_row(self.counts, item=item)
        return None if row is None else (int(self.counts.at[row, "value"]), cite(self.counts, row))


def find_row(table: pd.DataFrame, **keys) -> int | None:
    """The spreadsheet row whose columns equal ``keys``, or None."""
    mask = pd.Series(True, index=table.index)
    for column, value in keys.items():
        mask &= table[column] == value
    rows = table.index[mask]
    return int(rows[0]) if len(rows) else None


def cite(table: pd.DataFrame, row: int) -> str:
    return f"{table.at[row, 'source']}; {table.attrs.get('source_file', '')} row {row}"


def cell(table: pd.DataFrame, **keys) -> int:
    return int(table.at[find_row(table, **keys), "count"])


# ---- loading and checking -------------------------------------------------------------------

def load_workforce(year: int, folder: Path | None = None) -> WorkforceYear:
    """Read and check one year's workforce inputs from ``folder`` (default data/raw/<year>).

    Every problem of every file is raised together as one InputError.
    """
    folder = Path(folder) if folder else raw_dir(year)
    problems: list[Problem] = []

    def attempt(read):
        try:
            return read()
        except InputError as exc:
            problems.extend(exc.problems)
            return None

    quantities = attempt(lambda: load_quantities(year, folder))
    tables = {}
    for stem, schema in FILES.items():
        path = find_input(folder, stem)
        tables[stem] = attempt(lambda: read_table(path, schema, year=year)) if path.exists() else None
    w = WorkforceYear(year, quantities.get("employees_year_end") if quantities else None,
                      tables["workforce_headcount"], tables["workforce_flows"],
                      tables["workforce_senior_management"], tables["workforce_counts"])
    problems += _check(w)
    if problems:
        raise InputError(problems)
    return w


def _check(w: WorkforceYear) -> list[Problem]:
    """Completeness of each table, and each breakdown against its stated total."""
    problems: list[Problem] = []
    if w.headcount is not None:
        check = TableCheck(w.headcount)
        if _complete(check, w.headcount, category=tuple(CATEGORIES), gender=GENDERS):
            _check_headcount(check, w)
        problems += check.problems
    if w.flows is not None:
        check = TableCheck(w.flows)
        if _complete(check, w.flows, flow=tuple(FLOWS), gender=GENDERS, age_band=AGE_BANDS):
            for flow, (_, label, _, item) in FLOWS.items():
                rows = w.flows[w.flows["flow"] == flow]
                problems += _against_total(w, item, int(rows["count"].sum()),
                                           f"the sum of the '{flow}' rows ({label}) of {check.file}")
        problems += check.problems
    if w.senior is not None:
        check = TableCheck(w.senior)
        if _complete(check, w.senior, gender=GENDERS, age_band=AGE_BANDS):
            problems += _against_total(w, "senior_managers_total", int(w.senior["count"].sum()),
                                       f"the sum of the rows of {check.file}")
        problems += check.problems
    return problems


def _complete(check: TableCheck, table: pd.DataFrame, **levels: tuple[str, ...]) -> bool:
    """Every combination of the key columns' labels has a row."""
    ok = True
    for combo in itertools.product(*levels.values()):
        keys = dict(zip(levels, combo))
        if find_row(table, **keys) is None:
            shown = ", ".join(f"{k} '{v}'" for k, v in keys.items())
            check.add(None, next(iter(levels)), f"a row for {shown}", "no such row")
            ok = False
    return ok


def _check_headcount(check: TableCheck, w: WorkforceYear) -> None:
    t = w.headcount
    for gender in GENDERS:
        a_row = find_row(t, category="employees", gender=gender)
        a = int(t.at[a_row, "count"])
        for left, right in SPLITS:
            rows = [find_row(t, category=c, gender=gender) for c in (left, right)]
            parts = [int(t.at[r, "count"]) for r in rows]
            if sum(parts) != a:
                (lc, ll), (rc, rl) = CATEGORIES[left], CATEGORIES[right]
                check.add(a_row, "count",
                          f"受雇員工數 (A) = {ll} ({lc}) + {rl} ({rc}) for gender '{gender}' "
                          f"(rows {rows[0]} + {rows[1]}: {parts[0]} + {parts[1]} = {sum(parts)})", a)
    if w.employees is not None:
        rows = [find_row(t, category="employees", gender=g) for g in GENDERS]
        total = sum(int(t.at[r, "count"]) for r in rows)
        if total != w.employees.value:
            check.add(rows[0], "count",
                      f"女 + 男 受雇員工數 (A) (rows {rows[0]} + {rows[1]}) to equal employees_year_end "
                      f"in {w.employees.file} ({fmt(w.employees.value, 0)})", total)


def _against_total(w: WorkforceYear, item: str, found: int, what: str) -> list[Problem]:
    """A breakdown's sum against the stated total, reported at the total's row."""
    if w.counts is None:
        return []
    row = find_row(w.counts, item=item)
    if row is None:
        return []
    stated = int(w.counts.at[row, "value"])
    if stated == found:
        return []
    check = TableCheck(w.counts)
    check.add(row, "value", f"{what} ({found}) to equal the stated total '{item}'", stated)
    return check.problems


# ---- calculations ---------------------------------------------------------------------------

def compute(year: int) -> ChapterResult:
    result = ChapterResult(CHAPTER, year)
    years = {y: load_workforce(y) for y in trend_years(year)}
    if year not in years:
        raise FileNotFoundError(f"data/raw/{year} does not exist")
    w = years[year]
    if w.employees is None:
        result.add(Metric("employees_year_end", None, "人", "年底員工總人數 Employees at year end", "輸入值 input", "",
                          "2-7", missing_reason=f"{year} 年未公布 (not reported)", kind="input"))
    else:
        result.add(Metric("employees_year_end", w.employees.value, "人", "年底員工總人數 Employees at year end",
                          "輸入值 input", w.employees.cite(), "2-7", kind="input"))
    _headcount(result, w)
    _flows(result, years)
    _senior(result, years)
    _parental_leave(result, w)
    return result


def _headcount(result: ChapterResult, w: WorkforceYear) -> None:
    """GRI 2-7 by gender, with the identities A = B + C = D + E = F + G."""
    year = w.year
    if w.headcount is None:
        reason = f"{year} 年未公布性別、契約與工時細分 (breakdown not reported for {year})"
        for gender in GENDERS:
            gid = GENDER_IDS[gender]
            result.add(Metric(f"{gid}_share_pct", None, "%", f"{GENDER_LABELS[gender]} 占員工比例 share of employees",
                              "該性別受雇員工數 ÷ 受雇員工數 × 100", "", "405-1", missing_reason=reason))
        total = fmt(w.employees.value, 0) if w.employees else "—"
        result.notes.append(
            f"{year} 年報告僅公布年底員工總數 {total} 人；性別、契約類型 (定期/不定期)、工時保證與全職/兼職之細分"
            f"未公布 (not reported)，故本年無 GRI 2-7 細分表。Only the total headcount is published for {year}.")
        return
    t = w.headcount
    rows, totals = [], {}
    for category, (code, label) in CATEGORIES.items():
        counts = {}
        for gender in GENDERS:
            row = find_row(t, category=category, gender=gender)
            counts[gender] = int(t.at[row, "count"])
            result.add(Metric(f"headcount_{category}_{GENDER_IDS[gender]}", counts[gender], "人",
                              f"{label} ({code}) {GENDER_LABELS[gender]}", "輸入值 input", cite(t, row), "2-7",
                              kind="input"))
            rows.append({"year": year, "category": category, "code": code, "label": label, "gender": gender,
                         "count": counts[gender]})
        totals[category] = sum(counts.values())
        result.add(Metric(f"headcount_{category}_total", totals[category], "人", f"{label} ({code}) 總數 Total",
                          "女 + 男", f"{counts['女']} + {counts['男']} 人 ({t.attrs['source_file']})", "2-7"))
    result.tables["headcount"] = pd.DataFrame(rows)

    employees = {g: cell(t, category="employees", gender=g) for g in GENDERS}
    for gender in GENDERS:
        result.add(Metric(f"{GENDER_IDS[gender]}_share_pct", employees[gender] / totals["employees"] * 100, "%",
                          f"{GENDER_LABELS[gender]} 占員工比例 share of employees",
                          f"{gender}性受雇員工數 (A) ÷ 受雇員工數 (A) × 100",
                          f"{employees[gender]} ÷ {totals['employees']} 人", "405-1"))

    identities = []
    for gender in (*GENDERS, "合計"):
        def n(category):
            return totals[category] if gender == "合計" else cell(t, category=category, gender=gender)
        for left, right in SPLITS:
            identity = f"A = {CATEGORIES[left][0]} + {CATEGORIES[right][0]}"
            identities.append({"year": year, "gender": gender, "identity": identity, "a": n("employees"),
                               "left": n(left), "right": n(right), "sum": n(left) + n(right),
                               "holds": n(left) + n(right) == n("employees")})
    result.tables["headcount_identities"] = pd.DataFrame(identities)

    b, c, d, e = (totals[k] for k in ("fixed_term", "permanent", "guaranteed_hours", "non_guaranteed_hours"))
    result.notes.append(
        f"稽核註記 Audit note：報告員工人數表註 2 寫「受雇員工數 (A) = 定期契約員工 (B) + 不定期契約員工 (C) + "
        f"有時數保證員工 (D) + 無時數保證員工 (E) = 全職員工 (F) + 兼職員工 (G)」，但 B + C + D + E = "
        f"{b} + {c} + {d} + {e} = {b + c + d + e:,} ≠ A = {totals['employees']:,}。三種分類各自加總才等於 A："
        f"A = B + C = D + E = F + G；本附錄依此逐一性別檢查，皆成立。"
        f" The footnote adds two breakdowns together; each breakdown on its own sums to A,"
        f" which is what is checked here.")


def _flows(result: ChapterResult, years: dict[int, WorkforceYear]) -> None:
    """GRI 401-1: new-hire and turnover rates by gender × age band, over the years available."""
    year = result.year
    cells, totals = [], []
    for y, w in years.items():
        if w.flows is None or w.employees is None:
            continue
        n = int(w.employees.value)
        row = {"year": y, "employees_year_end": n}
        for flow, (stem, *_rest) in FLOWS.items():
            part = w.flows[w.flows["flow"] == flow]
            for _, r in part.iterrows():
                cells.append({"year": y, "flow": flow, "gender": r["gender"], "age_band": r["age_band"],
                              "count": int(r["count"]), "employees_year_end": n, "rate_pct": r["count"] / n * 100})
            row[f"{flow}s"] = int(part["count"].sum())
            row[f"{stem}_rate_pct"] = part["count"].sum() / n * 100
        totals.append(row)
    if cells:
        order = {b: i for i, b in enumerate(AGE_BANDS)}
        frame = pd.DataFrame(cells)
        frame = frame.sort_values(["year", "flow", "gender", "age_band"],
                                  key=lambda s: s.map(order) if s.name == "age_band" else s)
        result.tables["flows"] = _with_change(frame.reset_index(drop=True), ["flow", "gender", "age_band"], "rate_pct")
        totals = pd.DataFrame(totals)
        for stem, _, _, _ in FLOWS.values():
            totals = _with_change(totals, [], f"{stem}_rate_pct")
        result.tables["flow_totals"] = totals

    w = years[year]
    if w.flows is None or w.employees is None:
        reason = f"{year} 年新進、離職人數未公布 (not reported for {year})"
        for flow, (stem, label, rate_label, item) in FLOWS.items():
            result.add(Metric(f"{stem}_rate_pct", None, "%", f"總{rate_label}", "人數 ÷ 年底員工總人數 × 100", "",
                              "401-1", missing_reason=reason))
        result.notes.append(f"{year} 年未公布新進與離職人數，未計算新進率與離職率。No new-hire or leaver data for {year}.")
        return

    n = w.employees.value
    denominator = f"年底員工總人數 {fmt(n, 0)} 人 ({w.employees.cite()})"
    for flow, (stem, label, rate_label, item) in FLOWS.items():
        for gender, band in itertools.product(GENDERS, AGE_BANDS):
            row = find_row(w.flows, flow=flow, gender=gender, age_band=band)
            count = int(w.flows.at[row, "count"])
            suffix = f"{GENDER_IDS[gender]}_{AGE_IDS[band]}"
            what = f"{GENDER_LABELS[gender]} {AGE_LABELS[band]}"
            result.add(Metric(f"{flow}s_{suffix}", count, "人", f"{label} {what}", "輸入值 input",
                              cite(w.flows, row), "401-1", kind="input"))
            result.add(Metric(f"{stem}_rate_{suffix}_pct", count / n * 100, "%", f"{rate_label} {what}",
                              f"該組{label.split()[0]}人數 ÷ 年底員工總人數 × 100", f"{count} 人 ÷ {denominator}",
                              "401-1"))
        total = int(w.flows.loc[w.flows["flow"] == flow, "count"].sum())
        result.add(Metric(f"{item}", total, "人", f"合計{label}", "各性別、年齡組人數相加",
                          f"{w.flows.attrs['source_file']} ({flow} rows)", "401-1"))
        result.add(Metric(f"{stem}_rate_pct", total / n * 100, "%", f"總{rate_label}",
                          f"合計{label.split()[0]}人數 ÷ 年底員工總人數 × 100", f"{total} 人 ÷ {denominator}", "401-1"))
    _rate_changes(result, years)
    _headcount_flow(result, years)
    result.notes.append(
        "新進率、離職率的分母皆為當年年底員工總人數（報告表註「當年末營運據點總人數」；新進率表註 2、3 誤植為"
        "「未營運據點」），各性別、年齡組的比率除以全體人數而非該組人數，故各格相加即為總新進率、總離職率。"
        "新進人數不扣除中途離職人員（表註 1）。 Every cell's rate is divided by the whole year-end headcount, "
        "as the report defines it; the new-hire table's footnotes misprint 年末 as 未.")


def _with_change(frame: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Add the change of ``column`` from the year before (this − last; percentage points and relative %).

    The relative change is empty where last year's rate was 0 or the year before has no data.
    """
    stem = column.removesuffix("_pct")
    previous = frame[["year", *keys, column]].assign(year=frame["year"] + 1).rename(columns={column: "_previous"})
    out = frame.merge(previous, on=["year", *keys], how="left")
    out[f"{stem}_change_pp"] = out[column] - out["_previous"]
    out[f"{stem}_change_rel_pct"] = (out[f"{stem}_change_pp"] / out["_previous"].where(out["_previous"] != 0)) * 100
    return out.drop(columns="_previous")


def _rate_changes(result: ChapterResult, years: dict[int, WorkforceYear]) -> None:
    year = result.year
    previous = years.get(year - 1)
    have_previous = previous is not None and previous.flows is not None and previous.employees is not None
    for flow, (stem, label, rate_label, _item) in FLOWS.items():
        pp_id, rel_id = f"{stem}_rate_decrease_pp", f"{stem}_rate_decrease_rel_pct"
        pp_label = f"{rate_label}較前一年減少（百分點，減少為正）Decrease in percentage points"
        rel_label = f"{rate_label}較前一年相對減少（%，減少為正）Relative decrease"
        if not have_previous:
            reason = f"{year - 1} 年新進、離職人數未公布 (no data for {year - 1})"
            result.add(Metric(pp_id, None, "百分點", pp_label, "前一年比率 − 本年比率", "", "401-1", missing_reason=reason))
            result.add(Metric(rel_id, None, "%", rel_label, "(前一年 − 本年) ÷ 前一年 × 100", "", "401-1",
                              missing_reason=reason))
            continue
        before = previous.flows.loc[previous.flows["flow"] == flow, "count"].sum() / previous.employees.value * 100
        now = result.value(f"{stem}_rate_pct")
        inputs = f"{year - 1}: {before:.4f}%; {year}: {now:.4f}%"
        result.add(Metric(pp_id, before - now, "百分點", pp_label, "前一年比率 − 本年比率（百分點）", inputs, "401-1"))
        result.add(Metric(rel_id, (before - now) / before * 100, "%", rel_label,
                          "(前一年比率 − 本年比率) ÷ 前一年比率 × 100", inputs, "401-1"))
        word = "下降" if now < before else "上升"
        result.notes.append(
            f"{rate_label}：{year - 1} 年 {before:.2f}% → {year} 年 {now:.2f}%，{word} {abs(before - now):.2f} 個百分點"
            f"（相對{word} {abs(before - now) / before * 100:.2f}%）。百分點差與相對變化不同，報告文字未標明基準時，"
            f"本附錄以百分點核對。 Change in percentage points and relative change differ; the report's wording is "
            f"checked as percentage points.")


def _headcount_flow(result: ChapterResult, years: dict[int, WorkforceYear]) -> None:
    """Last year-end + new hires − leavers against this year-end: an audit remark, never an error."""
    rows = []
    for y, w in years.items():
        previous = years.get(y - 1)
        if w.flows is None or w.employees is None or previous is None or previous.employees is None:
            continue
        hires = int(w.flows.loc[w.flows["flow"] == "hire", "count"].sum())
        leavers = int(w.flows.loc[w.flows["flow"] == "leaver", "count"].sum())
        start = int(previous.employees.value)
        expected = start + hires - leavers
        rows.append({"year": y, "previous_year_end": start, "new_hires": hires, "leavers": leavers,
                     "expected_year_end": expected, "reported_year_end": int(w.employees.value),
                     "difference": int(w.employees.value) - expected})
    year = result.year
    mine = [r for r in rows if r["year"] == year]
    if mine:
        r = mine[0]
        result.add(Metric("headcount_flow_difference", r["difference"], "人", "人數流動勾稽差異 Headcount flow gap",
                          "本年年底人數 − (前一年年底人數 + 新進 − 離職)",
                          f"{r['reported_year_end']} − ({r['previous_year_end']} + {r['new_hires']} − {r['leavers']})",
                          "401-1"))
    else:
        result.add(Metric("headcount_flow_difference", None, "人", "人數流動勾稽差異 Headcount flow gap",
                          "本年年底人數 − (前一年年底人數 + 新進 − 離職)", "", "401-1",
                          missing_reason=f"{year - 1} 年底人數未公布 (no year-end headcount for {year - 1})"))
    if rows:
        result.tables["headcount_flow"] = pd.DataFrame(rows)
        shown = "；".join(f"{r['year']} 年：{r['previous_year_end']} + {r['new_hires']} − {r['leavers']} = "
                         f"{r['expected_year_end']}，報告年底 {r['reported_year_end']} 人"
                         f"（差 {r['difference']:+d}）".replace("-", "−")
                         for r in rows)
        result.notes.append(
            f"人數流動勾稽（稽核註記，非錯誤）Headcount flow check (audit note, not an error)：{shown}。"
            "前一年年底人數加新進、減離職，與報告的本年年底人數不一致；報告未說明差異原因"
            "（例如調任、留職停薪或統計範圍）。 The published year-end headcounts do not follow from the published "
            "hires and leavers; the report does not explain why.")


def _senior(result: ChapterResult, years: dict[int, WorkforceYear]) -> None:
    """GRI 405-1: senior managers by gender and age band, with shares."""
    year = result.year
    rows = []
    for y, w in years.items():
        if w.senior is None:
            continue
        total = int(w.senior["count"].sum())
        for gender, band in itertools.product(GENDERS, AGE_BANDS):
            n = cell(w.senior, gender=gender, age_band=band)
            rows.append({"year": y, "gender": gender, "age_band": band, "count": n,
                         "share_pct": n / total * 100 if total else None})
    if rows:
        result.tables["senior_management"] = pd.DataFrame(rows)
    w = years[year]
    if w.senior is None:
        result.add(Metric("senior_managers_total", None, "人", "高階主管總計 Senior managers", "各組相加", "", "405-1",
                          missing_reason=f"{year} 年未公布 (not reported)"))
        result.notes.append(f"{year} 年未公布高階主管組成。Senior management not reported for {year}.")
        return
    t = w.senior
    total = int(t["count"].sum())
    for gender, band in itertools.product(GENDERS, AGE_BANDS):
        row = find_row(t, gender=gender, age_band=band)
        result.add(Metric(f"senior_{GENDER_IDS[gender]}_{AGE_IDS[band]}", int(t.at[row, "count"]), "人",
                          f"高階主管 Senior managers {GENDER_LABELS[gender]} {AGE_LABELS[band]}", "輸入值 input",
                          cite(t, row), "405-1", kind="input"))
    result.add(Metric("senior_managers_total", total, "人", "高階主管總計 Senior managers", "各性別、年齡組人數相加",
                      t.attrs["source_file"], "405-1"))
    for gender in GENDERS:
        n = int(t.loc[t["gender"] == gender, "count"].sum())
        result.add(Metric(f"senior_{GENDER_IDS[gender]}_share_pct", n / total * 100, "%",
                          f"高階主管 {GENDER_LABELS[gender]} 占比 share", "該性別高階主管 ÷ 高階主管總計 × 100",
                          f"{n} ÷ {total} 人", "405-1"))
    for band in AGE_BANDS:
        n = int(t.loc[t["age_band"] == band, "count"].sum())
        result.add(Metric(f"senior_{AGE_IDS[band]}_share_pct", n / total * 100, "%",
                          f"高階主管 {AGE_LABELS[band]} 占比 share", "該年齡組高階主管 ÷ 高階主管總計 × 100",
                          f"{n} ÷ {total} 人", "405-1"))
    female = result.value("senior_female_share_pct")
    staff = result.metric("female_share_pct").value
    if staff is not None:
        result.notes.append(
            f"女性占全體員工 {staff:.1f}%，占高階主管 {female:.1f}%。 Women are {staff:.1f}% of employees and "
            f"{female:.1f}% of senior managers.")


def _parental_leave(result: ChapterResult, w: WorkforceYear) -> None:
    """GRI 401-3, from the two counts the report publishes."""
    year = w.year
    applied, returned = w.count("parental_leave_applied"), w.count("parental_leave_returned")
    rate_label = "育嬰留停復職率 Return-to-work rate（報告未印出 not printed）"
    formula = "復職人數 ÷ 育嬰留職停薪申請人數 × 100"
    retention_label = "育嬰留停留任率 Retention rate"
    retention_reason = "報告未公布復職後滿 12 個月仍在職人數 (retention after 12 months not reported)"
    if applied is None or returned is None:
        reason = f"{year} 年未公布育嬰留職停薪人數 (parental leave not reported for {year})"
        result.add(Metric("parental_return_rate_pct", None, "%", rate_label, formula, "", "401-3",
                          missing_reason=reason))
        result.add(Metric("parental_retention_rate_pct", None, "%", retention_label,
                          "復職後 12 個月仍在職 ÷ 前期復職人數 × 100", "", "401-3", missing_reason=reason))
        result.notes.append(f"{year} 年未公布育嬰留職停薪人數。Parental leave not reported for {year}.")
        return
    result.add(Metric("parental_leave_applied", applied[0], "人", COUNT_ITEMS["parental_leave_applied"],
                      "輸入值 input", applied[1], "401-3", kind="input"))
    result.add(Metric("parental_leave_returned", returned[0], "人", COUNT_ITEMS["parental_leave_returned"],
                      "輸入值 input", returned[1], "401-3", kind="input"))
    rate = returned[0] / applied[0] * 100 if applied[0] else None
    result.add(Metric("parental_return_rate_pct", rate, "%", rate_label, formula,
                      f"{returned[0]} ÷ {applied[0]} 人", "401-3",
                      missing_reason="" if rate is not None else "申請人數為 0 (nobody took leave)"))
    result.add(Metric("parental_retention_rate_pct", None, "%", retention_label,
                      "復職後 12 個月仍在職 ÷ 前期復職人數 × 100", "", "401-3", missing_reason=retention_reason))
    if rate is not None:
        result.notes.append(
            f"育嬰留職停薪：申請 {applied[0]} 人、復職 {returned[0]} 人，復職率 {rate:.1f}%（本附錄計算，報告未印出）。"
            "GRI 401-3 的分母為「本期應復職人數」，報告未公布，此處以申請人數近似，且未分性別；留任率無資料。"
            " GRI divides by those due to return; the report gives only applicants, used here as the denominator.")
