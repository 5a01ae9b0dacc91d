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
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.errors import InputError, Problem
from sustainability_appendix.inputs.quantities import Value
from sustainability_appendix.inputs.store import ChapterFiles, collect
from sustainability_appendix.inputs.tables import TableCheck
from sustainability_appendix.inputs.year_files import find_row

CHAPTER = "workforce"
TABLES = ("workforce_headcount", "workforce_flows", "workforce_senior_management", "workforce_counts")


@dataclass(frozen=True)
class Vocabulary:
    """The labels of the workforce tables (data/reference/): genders, age bands, the
    categories of the GRI 2-7 table, the flows and the counted items."""

    genders: tuple[str, ...]
    gender_ids: dict[str, str]
    gender_labels: dict[str, str]
    age_bands: tuple[str, ...]
    age_ids: dict[str, str]
    age_labels: dict[str, str]
    categories: dict[str, tuple[str, str]]  # category -> (letter, label); the employees (A) first
    splits: tuple[tuple[str, ...], ...]  # the breakdowns of the employees: (B, C), (D, E), (F, G)
    flows: dict[str, tuple[str, str, str, str]]  # flow -> (rate stem, label, rate label, stated-total item)
    inflows: tuple[str, ...]  # the flows that join the headcount (hires), the others leave it
    count_items: dict[str, str]

    @property
    def total_category(self) -> str:
        return next(iter(self.categories))

    @classmethod
    def from_files(cls, files: ChapterFiles) -> Vocabulary:
        genders, ages = files.reference("genders"), files.reference("age_bands")
        categories = files.reference("workforce_categories")
        flows = files.reference("workforce_flow_kinds")
        counts = files.reference("workforce_count_items")
        whole = categories[categories["breakdown"] == ""]
        parts = categories[categories["breakdown"] != ""]
        ordered = pd.concat([whole, parts])
        return cls(
            genders=tuple(genders["gender"]), gender_ids=dict(zip(genders["gender"], genders["id"])),
            gender_labels=dict(zip(genders["gender"], genders["label"])),
            age_bands=tuple(ages["age_band"]), age_ids=dict(zip(ages["age_band"], ages["id"])),
            age_labels=dict(zip(ages["age_band"], ages["label"])),
            categories={r.category: (r.letter, r.label) for r in ordered.itertuples()},
            splits=tuple(tuple(g["category"]) for _, g in parts.groupby("breakdown", sort=False)),
            flows={r.flow: (r.rate_stem, r.label, r.rate_label, r.total_item) for r in flows.itertuples()},
            inflows=tuple(flows.loc[flows["direction"] == "in", "flow"]),
            count_items=dict(zip(counts["item"], counts["label"])),
        )


@dataclass(frozen=True)
class WorkforceInputs:
    """One year's workforce inputs; a table the report did not publish is None."""

    year: int
    employees: Value | None
    headcount: pd.DataFrame | None
    flows: pd.DataFrame | None
    senior: pd.DataFrame | None
    counts: pd.DataFrame | None
    vocabulary: Vocabulary

    def count(self, item: str) -> tuple[int, str] | None:
        """A stated count and its citation, or None when not reported."""
        if self.counts is None:
            return None
        row = find_row(self.counts, item=item)
        return None if row is None else (int(self.counts.at[row, "value"]), cite(self.counts, row))


def cite(table: pd.DataFrame, row: int) -> str:
    return f"{table.at[row, 'source']}; {table.attrs.get('source_file', '')} row {row}"


def cells(table: pd.DataFrame, *columns: str) -> dict[tuple, tuple[int, int]]:
    """The table's ``count`` by the values of ``columns``, with its spreadsheet row: {(..): (row, count)}."""
    keys = zip(*(table[c] for c in columns))
    return {key: (int(row), int(count)) for key, row, count in zip(keys, table.index, table["count"])}


# ---- loading and checking -------------------------------------------------------------------

def load(project, year: int, store=None) -> WorkforceInputs:
    """Read and check one year's workforce inputs; every problem of every file is raised together."""
    files = ChapterFiles.of(CHAPTER, project, year, store)
    quantities, vocabulary, *tables = collect(files.quantities, lambda: Vocabulary.from_files(files),
                                              *(lambda stem=stem: files.table(stem) for stem in TABLES))
    w = WorkforceInputs(year, quantities.get("employees_year_end"), *tables, vocabulary)
    problems = _check(w)
    if problems:
        raise InputError(problems)
    return w


def _check(w: WorkforceInputs) -> list[Problem]:
    """Each breakdown against its stated total, and the headcount table against the year-end employees."""
    v = w.vocabulary
    problems: list[Problem] = []
    if w.headcount is not None and w.employees is not None:
        rows = [find_row(w.headcount, category=v.total_category, gender=g) for g in v.genders]
        total = sum(int(w.headcount.at[r, "count"]) for r in rows)
        if total != w.employees.value:
            check = TableCheck(w.headcount)
            shown = " + ".join(map(str, rows))
            check.add(rows[0], "count",
                      f"{' + '.join(v.genders)} {v.categories[v.total_category][1]} (rows {shown}) to equal "
                      f"employees_year_end in {w.employees.file} ({fmt(w.employees.value, 0)})", total)
            problems += check.problems
    if w.flows is not None:
        for flow, (_, label, _, item) in v.flows.items():
            rows = w.flows[w.flows["flow"] == flow]
            problems += _against_total(w, item, int(rows["count"].sum()),
                                       f"the sum of the '{flow}' rows ({label}) of {w.flows.attrs['source_file']}")
    if w.senior is not None:
        problems += _against_total(w, "senior_managers_total", int(w.senior["count"].sum()),
                                   f"the sum of the rows of {w.senior.attrs['source_file']}")
    return problems


def _against_total(w: WorkforceInputs, item: str, found: int, what: str) -> list[Problem]:
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

def compute(inputs: WorkforceInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    w = inputs
    year = w.year
    result = ChapterResult(CHAPTER, year)
    result.summary = {"year": year, "employees": w.employees.value if w.employees else None}
    if w.employees is None:
        result.add(Metric("employees_year_end", None, "人", "年底員工總人數 Employees at year end", "輸入值 input", "",
                          "2-7", missing_reason=f"{year} 年未公布 (not reported)", kind="input"))
    else:
        result.add(Metric("employees_year_end", w.employees.value, "人", "年底員工總人數 Employees at year end",
                          "輸入值 input", w.employees.cite(), "2-7", kind="input"))
    _headcount(result, w)
    _flows(result, w, earlier)
    _senior(result, w, earlier)
    _parental_leave(result, w)
    return result


def _headcount(result: ChapterResult, w: WorkforceInputs) -> None:
    """GRI 2-7 by gender, with the identities A = B + C = D + E = F + G."""
    year, v = w.year, w.vocabulary
    if w.headcount is None:
        reason = f"{year} 年未公布性別、契約與工時細分 (breakdown not reported for {year})"
        for gender in v.genders:
            gid = v.gender_ids[gender]
            result.add(Metric(f"{gid}_share_pct", None, "%", f"{v.gender_labels[gender]} 占員工比例 share of employees",
                              "該性別受雇員工數 ÷ 受雇員工數 × 100", "", "405-1", missing_reason=reason))
        total = fmt(w.employees.value, 0) if w.employees else "—"
        result.notes.append(
            f"{year} 年報告僅公布年底員工總數 {total} 人；性別、契約類型 (定期/不定期)、工時保證與全職/兼職之細分"
            f"未公布 (not reported)，故本年無 GRI 2-7 細分表。Only the total headcount is published for {year}.")
        return
    t = w.headcount
    by_key = cells(t, "category", "gender")
    whole = v.total_category
    rows, totals = [], {}
    for category, (code, label) in v.categories.items():
        counts = {}
        for gender in v.genders:
            row, counts[gender] = by_key[(category, gender)]
            result.add(Metric(f"headcount_{category}_{v.gender_ids[gender]}", counts[gender], "人",
                              f"{label} ({code}) {v.gender_labels[gender]}", "輸入值 input", cite(t, row), "2-7",
                              kind="input"))
            rows.append({"year": year, "category": category, "code": code, "label": label, "gender": gender,
                         "count": counts[gender]})
        totals[category] = sum(counts.values())
        result.add(Metric(f"headcount_{category}_total", totals[category], "人", f"{label} ({code}) 總數 Total",
                          " + ".join(v.genders), " + ".join(str(counts[g]) for g in v.genders)
                          + f" 人 ({t.attrs['source_file']})", "2-7"))
    result.tables["headcount"] = pd.DataFrame(rows)

    employees = {g: by_key[(whole, g)][1] for g in v.genders}
    for gender in v.genders:
        result.add(Metric(f"{v.gender_ids[gender]}_share_pct", employees[gender] / totals[whole] * 100, "%",
                          f"{v.gender_labels[gender]} 占員工比例 share of employees",
                          f"{gender}性受雇員工數 (A) ÷ 受雇員工數 (A) × 100",
                          f"{employees[gender]} ÷ {totals[whole]} 人", "405-1"))

    identities = []
    for gender in (*v.genders, "合計"):
        def n(category, gender=gender):
            return totals[category] if gender == "合計" else by_key[(category, gender)][1]
        for parts in v.splits:
            identity = f"{v.categories[whole][0]} = " + " + ".join(v.categories[c][0] for c in parts)
            summed = sum(n(c) for c in parts)
            identities.append({"year": year, "gender": gender, "identity": identity, "a": n(whole),
                               "left": n(parts[0]), "right": n(parts[1]), "sum": summed, "holds": summed == n(whole)})
    result.tables["headcount_identities"] = pd.DataFrame(identities)


def _flows(result: ChapterResult, w: WorkforceInputs, earlier: Mapping[int, ChapterResult]) -> None:
    """GRI 401-1: new-hire and turnover rates by gender × age band, over the years available."""
    year, v = w.year, w.vocabulary
    own_cells, own_totals = [], None
    if w.flows is not None and w.employees is not None:
        n = int(w.employees.value)
        own_totals = {"year": year, "employees_year_end": n}
        for flow, (stem, *_rest) in v.flows.items():
            part = w.flows[w.flows["flow"] == flow]
            for _, r in part.iterrows():
                own_cells.append({"year": year, "flow": flow, "gender": r["gender"], "age_band": r["age_band"],
                                  "count": int(r["count"]), "employees_year_end": n, "rate_pct": r["count"] / n * 100})
            own_totals[f"{flow}s"] = int(part["count"].sum())
            own_totals[f"{stem}_rate_pct"] = part["count"].sum() / n * 100
    result.summary.update(flow_cells=own_cells, flow_totals=own_totals)
    history = [earlier[y].summary for y in sorted(earlier)] + [result.summary]
    history_cells = [c for s in history for c in s["flow_cells"]]
    totals = [s["flow_totals"] for s in history if s["flow_totals"] is not None]
    if history_cells:
        order = {b: i for i, b in enumerate(v.age_bands)}
        frame = pd.DataFrame(history_cells)
        frame = frame.sort_values(["year", "flow", "gender", "age_band"],
                                  key=lambda s: s.map(order) if s.name == "age_band" else s)
        result.tables["flows"] = _with_change(frame.reset_index(drop=True), ["flow", "gender", "age_band"], "rate_pct")
        totals = pd.DataFrame(totals)
        for stem, _, _, _ in v.flows.values():
            totals = _with_change(totals, [], f"{stem}_rate_pct")
        result.tables["flow_totals"] = totals

    if own_totals is None:
        reason = f"{year} 年新進、離職人數未公布 (not reported for {year})"
        for stem, _, rate_label, _ in v.flows.values():
            result.add(Metric(f"{stem}_rate_pct", None, "%", f"總{rate_label}", "人數 ÷ 年底員工總人數 × 100", "",
                              "401-1", missing_reason=reason))
        result.notes.append(f"{year} 年未公布新進與離職人數，未計算新進率與離職率。No new-hire or leaver data for {year}.")
        return

    n = w.employees.value
    denominator = f"年底員工總人數 {fmt(n, 0)} 人 ({w.employees.cite()})"
    by_key = cells(w.flows, "flow", "gender", "age_band")
    for flow, (stem, label, rate_label, item) in v.flows.items():
        for gender, band in itertools.product(v.genders, v.age_bands):
            row, count = by_key[(flow, gender, band)]
            suffix = f"{v.gender_ids[gender]}_{v.age_ids[band]}"
            what = f"{v.gender_labels[gender]} {v.age_labels[band]}"
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
    _rate_changes(result, w, earlier.get(year - 1))
    _headcount_flow(result, w, earlier)
    result.notes.append(
        "新進率、離職率的分母皆為當年年底員工總人數（報告表註「當年末營運據點總人數」），各性別、年齡組的比率除以"
        "全體人數而非該組人數，故各格相加即為總新進率、總離職率。新進人數不扣除中途離職人員（表註 1）。"
        " Every cell's rate is divided by the whole year-end headcount, as the report defines it.")


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


def _rate_changes(result: ChapterResult, w: WorkforceInputs, previous: ChapterResult | None) -> None:
    year = w.year
    before_totals = previous.summary["flow_totals"] if previous is not None else None
    for stem, _, rate_label, _ in w.vocabulary.flows.values():
        pp_id, rel_id = f"{stem}_rate_decrease_pp", f"{stem}_rate_decrease_rel_pct"
        pp_label = f"{rate_label}較前一年減少（百分點，減少為正）Decrease in percentage points"
        rel_label = f"{rate_label}較前一年相對減少（%，減少為正）Relative decrease"
        if before_totals is None:
            reason = f"{year - 1} 年新進、離職人數未公布 (no data for {year - 1})"
            result.add(Metric(pp_id, None, "百分點", pp_label, "前一年比率 − 本年比率", "", "401-1", missing_reason=reason))
            result.add(Metric(rel_id, None, "%", rel_label, "(前一年 − 本年) ÷ 前一年 × 100", "", "401-1",
                              missing_reason=reason))
            continue
        before = before_totals[f"{stem}_rate_pct"]
        now = result.value(f"{stem}_rate_pct")
        inputs = f"{year - 1}: {before:.4f}%; {year}: {now:.4f}%"
        result.add(Metric(pp_id, before - now, "百分點", pp_label, "前一年比率 − 本年比率（百分點）", inputs, "401-1"))
        relative = (before - now) / before * 100 if before else None
        result.add(Metric(rel_id, relative, "%", rel_label, "(前一年比率 − 本年比率) ÷ 前一年比率 × 100",
                          inputs, "401-1", missing_reason="" if before else f"{year - 1} 年比率為 0，無相對變化"))
        word = "下降" if now < before else "上升"
        shown = f"（相對{word} {abs(relative):.2f}%）" if relative is not None else ""
        result.notes.append(
            f"{rate_label}：{year - 1} 年 {before:.2f}% → {year} 年 {now:.2f}%，{word} {abs(before - now):.2f} 個百分點"
            f"{shown}。百分點差與相對變化不同，報告文字未標明基準時，"
            f"本附錄以百分點核對。 Change in percentage points and relative change differ; the report's wording is "
            f"checked as percentage points.")


def _headcount_flow(result: ChapterResult, w: WorkforceInputs, earlier: Mapping[int, ChapterResult]) -> None:
    """Last year-end + new hires − leavers against this year-end: an audit remark, never an error."""
    year = w.year
    previous = earlier.get(year - 1)
    start = previous.summary["employees"] if previous is not None else None
    own = None
    if start is not None:
        joining = w.flows["flow"].isin(w.vocabulary.inflows)
        hires = int(w.flows.loc[joining, "count"].sum())
        leavers = int(w.flows.loc[~joining, "count"].sum())
        expected = int(start) + hires - leavers
        own = {"year": year, "previous_year_end": int(start), "new_hires": hires, "leavers": leavers,
               "expected_year_end": expected, "reported_year_end": int(w.employees.value),
               "difference": int(w.employees.value) - expected}
    result.summary["headcount_flow"] = own
    rows = [r for r in (earlier[y].summary.get("headcount_flow") for y in sorted(earlier)) if r] + ([own] if own else [])
    if own is not None:
        r = own
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


def _senior(result: ChapterResult, w: WorkforceInputs, earlier: Mapping[int, ChapterResult]) -> None:
    """GRI 405-1: senior managers by gender and age band, with shares."""
    year, v = w.year, w.vocabulary
    own = []
    if w.senior is not None:
        total = int(w.senior["count"].sum())
        by_key = cells(w.senior, "gender", "age_band")
        for gender, band in itertools.product(v.genders, v.age_bands):
            n = by_key[(gender, band)][1]
            own.append({"year": year, "gender": gender, "age_band": band, "count": n,
                        "share_pct": n / total * 100 if total else None})
    result.summary["senior_rows"] = own
    rows = [r for y in sorted(earlier) for r in earlier[y].summary["senior_rows"]] + own
    if rows:
        result.tables["senior_management"] = pd.DataFrame(rows)
    if w.senior is None:
        result.add(Metric("senior_managers_total", None, "人", "高階主管總計 Senior managers", "各組相加", "", "405-1",
                          missing_reason=f"{year} 年未公布 (not reported)"))
        result.notes.append(f"{year} 年未公布高階主管組成。Senior management not reported for {year}.")
        return
    t = w.senior
    total = int(t["count"].sum())
    for gender, band in itertools.product(v.genders, v.age_bands):
        row, n = by_key[(gender, band)]
        result.add(Metric(f"senior_{v.gender_ids[gender]}_{v.age_ids[band]}", n, "人",
                          f"高階主管 Senior managers {v.gender_labels[gender]} {v.age_labels[band]}", "輸入值 input",
                          cite(t, row), "405-1", kind="input"))
    result.add(Metric("senior_managers_total", total, "人", "高階主管總計 Senior managers", "各性別、年齡組人數相加",
                      t.attrs["source_file"], "405-1"))
    nobody = "" if total else "高階主管總計為 0 (no senior managers)"
    for gender in v.genders:
        n = int(t.loc[t["gender"] == gender, "count"].sum())
        result.add(Metric(f"senior_{v.gender_ids[gender]}_share_pct", n / total * 100 if total else None, "%",
                          f"高階主管 {v.gender_labels[gender]} 占比 share", "該性別高階主管 ÷ 高階主管總計 × 100",
                          f"{n} ÷ {total} 人", "405-1", missing_reason=nobody))
    for band in v.age_bands:
        n = int(t.loc[t["age_band"] == band, "count"].sum())
        result.add(Metric(f"senior_{v.age_ids[band]}_share_pct", n / total * 100 if total else None, "%",
                          f"高階主管 {v.age_labels[band]} 占比 share", "該年齡組高階主管 ÷ 高階主管總計 × 100",
                          f"{n} ÷ {total} 人", "405-1", missing_reason=nobody))
    female = result.value("senior_female_share_pct")
    staff = result.metric("female_share_pct").value
    if staff is not None and female is not None:
        result.notes.append(
            f"女性占全體員工 {staff:.1f}%，占高階主管 {female:.1f}%。 Women are {staff:.1f}% of employees and "
            f"{female:.1f}% of senior managers.")


def _parental_leave(result: ChapterResult, w: WorkforceInputs) -> None:
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
    result.add(Metric("parental_leave_applied", applied[0], "人", w.vocabulary.count_items["parental_leave_applied"],
                      "輸入值 input", applied[1], "401-3", kind="input"))
    result.add(Metric("parental_leave_returned", returned[0], "人", w.vocabulary.count_items["parental_leave_returned"],
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
