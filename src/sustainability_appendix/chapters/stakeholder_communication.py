"""Stakeholder communication (report 2.4.2 利害關係人溝通; GRI 2-29): what the bureau counted
of its exchanges with each stakeholder group of 2.4.1, by channel.

Inputs: ``data/raw/<year>/stakeholder_communication.csv``, one row per count the report prints
under a group's 溝通成效 (petitions, union meetings, visits, inspections, committees, media
views, procurement ...), with its channel and its part (關鍵互動成果 key outcomes or
溝通支持與行政機制 supporting mechanisms); ``stakeholder_channels.csv``, the channels each
group lists under 溝通管道及頻率 and how often. A count another input file already holds (a
training programme's classes, a labour-inspection count, the staff training hours) is not
typed twice: its row names that file (``held_in``) and key (``held_as``), and carries the
same metric name as the chapter reading that file, so the audit sees one figure.
2.4.2's 執行勞動檢查 2 萬 3,520 場次 is the labour-inspection chapter's total of its two
inspection counts and is reconciled there, not here.

Vocabularies: ``data/reference/stakeholder_groups.csv`` (shared with the materiality
chapter), ``communication_vocabulary.csv`` (channels, parts, frequencies) and
``communication_totals.csv`` (which counts add up).

Formulas (the report prints none of these; they are computed here and labelled so):
  total    = sum of counts in one unit (communication_totals.csv)
  coverage = per group: channels listed, channels with counts, counts on channels not listed

The report is the bureau's first: it prints 2.4.2 for 2025 only. Earlier years have no file,
and the chapter says so instead of showing a trend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sustainability_appendix.chapters.common import chinese_part, fmt, labels_by_vocabulary, trend
from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.store import ChapterFiles, check, collect

CHAPTER = "stakeholder_communication"
COUNT_COLUMNS = ["stakeholder", "item", "channel", "part", "value", "unit", "label", "gri", "held_in", "cite"]


@dataclass(frozen=True)
class Total:
    metric_id: str
    label: str
    unit: str
    parts: tuple[str, ...]
    row: int  # of communication_totals.csv, for messages


@dataclass(frozen=True)
class CommunicationInputs:
    """One year's counts (held values resolved) and channels, None when the year has none."""

    year: int
    counts: pd.DataFrame | None  # COUNT_COLUMNS, one row per count
    channels: pd.DataFrame | None  # stakeholder, channel, frequency, source
    groups: pd.DataFrame  # the shared vocabulary: stakeholder, name, short_name, name_en
    labels: Mapping[str, Mapping[str, str]]  # vocabulary -> code -> label
    totals: tuple[Total, ...]
    identified: tuple[str, ...] | None = None  # the groups the year's 2.4.1 identified, when it has the file


def load(project, year: int, store=None) -> CommunicationInputs:
    files = ChapterFiles.of(CHAPTER, project, year, store)
    counts, channels, groups, vocabulary, totals, identified = collect(
        lambda: files.table("stakeholder_communication"), lambda: files.table("stakeholder_channels"),
        lambda: files.reference("stakeholder_groups"), lambda: files.reference("communication_vocabulary"),
        lambda: files.reference("communication_totals"), lambda: files.table("materiality_stakeholders"))
    labels = labels_by_vocabulary(vocabulary)
    known = tuple(identified["stakeholder"]) if identified is not None else None
    resolved = None
    if counts is not None:
        _check_groups(counts, known, identified)
        resolved = _resolve(counts, files)
    if channels is not None:
        _check_groups(channels, known, identified)
        channels = channels[["stakeholder", "channel", "frequency", "source"]].reset_index(drop=True)
    return CommunicationInputs(
        year, resolved, channels, groups[["stakeholder", "name", "short_name", "name_en"]].reset_index(drop=True),
        labels, tuple(Total(r.metric_id, r.label, r.unit, tuple(p.strip() for p in r.parts.split(";") if p.strip()),
                            int(row)) for row, r in zip(totals.index, totals.itertuples())), known)


def _check_groups(table: pd.DataFrame, known: tuple[str, ...] | None, identified: pd.DataFrame | None) -> None:
    """Every group counted is one the year's assessment identified (2.4.1)."""
    if known is None:
        return
    problems = check(table)
    for row, code in table["stakeholder"].items():
        if code not in known:
            problems.add(row, "stakeholder", f"a group the year's assessment identified "
                         f"({identified.attrs.get('source_file', 'materiality_stakeholders')}: {', '.join(known)})", code)
    problems.raise_if_any()


def _resolve(counts: pd.DataFrame, files: ChapterFiles) -> pd.DataFrame:
    """Each count with its value, unit and citation; a held count read from the file holding it."""
    file = counts.attrs["source_file"]
    held = counts[counts["held_in"] != ""]
    quantities = files.quantities() if (held["held_in"] == "quantities").any() else None
    entries: dict[tuple[str, str], tuple[float, str, str]] = {}
    for stem, first in (("training_programmes", "programme"), ("labour_inspection", "activity")):
        if not (held["held_in"] == stem).any():
            continue
        table = files.table(stem)
        source = table.attrs["source_file"]
        for row, r in zip(table.index, table.itertuples()):
            entries[(stem, f"{getattr(r, first)}.{r.measure}")] = (float(r.value), r.unit, f"{r.source}; {source} row {row}")
    problems = check(counts)
    rows = []
    for row, r in zip(counts.index, counts.itertuples()):
        gri = getattr(r, "gri", "") or ""
        if r.held_in == "quantities":
            value = quantities.get(r.held_as)
            found = None if value is None else (value.value, value.unit, f"{value.cite()} row {value.row}")
        elif r.held_in:
            found = entries.get((r.held_in, r.held_as))
        else:
            found = (float(r.value), r.unit, f"{r.source}; {file} row {row}")
        if found is None:
            where = f"data/raw/{files.year}/{r.held_in}.csv"
            problems.add(row, "held_as", f"a row of {where} for '{r.held_as}' (held_in says that file holds it)",
                         r.held_as)
            continue
        value, unit, cite = found
        if r.held_in:
            cite = f"{r.source}（{cite}）"
        rows.append({"stakeholder": r.stakeholder, "item": r.item, "channel": r.channel, "part": r.part,
                     "value": value, "unit": unit, "label": r.label, "gri": gri, "held_in": r.held_in, "cite": cite})
    problems.raise_if_any()
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


# ---- calculations ---------------------------------------------------------------------------

def compute(inputs: CommunicationInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    result = ChapterResult(CHAPTER, inputs.year)
    if inputs.counts is None:
        result.notes.append(f"{inputs.year} 年未公布利害關係人溝通成效（報告 2.4.2 僅印出報導年度），本附錄不推估。"
                            f" No stakeholder-communication counts were published for {inputs.year}; none is estimated.")
    else:
        for r in inputs.counts.itertuples():
            held = f"輸入值 input（與 {r.held_in}.csv 同一數值 the figure that file holds）" if r.held_in else "輸入值 input"
            result.add(Metric(r.item, r.value, r.unit, f"{_group_name(inputs, r.stakeholder)}：{r.label}", held, r.cite,
                              r.gri, kind="input"))
        for total in inputs.totals:
            _total(result, inputs, total)
        _tables(result, inputs)
    result.summary = _summary(inputs, result)
    result.tables["trend"] = trend(earlier, result)
    missing = [str(y) for y in sorted(earlier) if earlier[y].summary.get("counts_reported") is None]
    if inputs.counts is not None and missing:
        result.notes.append(f"{'、'.join(missing)} 年報告未印出利害關係人溝通成效，無從比較；本章不顯示趨勢。"
                            f" The report prints no counts for {', '.join(missing)}: no trend is shown.")
    return result


def _group_name(inputs: CommunicationInputs, code: str) -> str:
    names = dict(zip(inputs.groups["stakeholder"], inputs.groups["short_name"]))
    return names.get(code, code)


def _total(result: ChapterResult, inputs: CommunicationInputs, total: Total) -> None:
    counts = inputs.counts.set_index("item")
    label = f"{total.label}（報告未印出 not printed）"
    formula = " + ".join(chinese_part(counts.at[p, "label"]) if p in counts.index else p for p in total.parts)
    absent = [p for p in total.parts if p not in counts.index]
    if absent:
        result.add(Metric(total.metric_id, None, total.unit, label, formula, "", "2-29",
                          missing_reason=f"{inputs.year} 年未公布 (not reported)：" + "、".join(absent)))
        return
    units = {p: counts.at[p, "unit"] for p in total.parts}
    wrong = {p: u for p, u in units.items() if u != total.unit}
    if wrong:
        table = pd.DataFrame([{"parts": ";".join(total.parts)}], index=[total.row])
        table.attrs["source_file"] = "data/reference/communication_totals.csv"
        problems = check(table)
        problems.add(total.row, "parts", f"counts in '{total.unit}', the unit of {total.metric_id}",
                     "; ".join(f"{p} in '{u}'" for p, u in wrong.items()))
        raise InputError(problems.problems)
    value = float(sum(counts.at[p, "value"] for p in total.parts))
    inputs_text = " + ".join(fmt(counts.at[p, "value"], 0) for p in total.parts) + f" {total.unit}"
    result.add(Metric(total.metric_id, value, total.unit, label, formula, inputs_text, "2-29"))


def _tables(result: ChapterResult, inputs: CommunicationInputs) -> None:
    counts = inputs.counts
    channel_labels, part_labels = inputs.labels.get("channel", {}), inputs.labels.get("part", {})
    frame = counts.merge(inputs.groups[["stakeholder", "short_name"]], on="stakeholder", how="left")
    frame["channel_label"] = frame["channel"].map(channel_labels)
    frame["part_label"] = frame["part"].map(part_labels)
    frame.insert(0, "year", inputs.year)
    result.tables["counts"] = frame[["year", "stakeholder", "short_name", "part", "part_label", "channel",
                                     "channel_label", "item", "label", "value", "unit", "held_in", "cite"]]

    listed = (inputs.channels if inputs.channels is not None
              else pd.DataFrame(columns=["stakeholder", "channel", "frequency", "source"]))
    counted = counts.groupby(["stakeholder", "channel"]).size().rename("counts").reset_index()
    matrix = listed[["stakeholder", "channel", "frequency"]].merge(counted, on=["stakeholder", "channel"], how="outer")
    matrix["counts"] = matrix["counts"].fillna(0).astype(int)
    matrix["frequency"] = matrix["frequency"].fillna("")
    matrix["listed"] = matrix["frequency"] != ""
    matrix["frequency_label"] = matrix["frequency"].map(inputs.labels.get("frequency", {})).fillna("")
    matrix["channel_label"] = matrix["channel"].map(channel_labels)
    matrix.insert(0, "year", inputs.year)
    result.tables["channels"] = matrix.sort_values(["stakeholder", "channel"]).reset_index(drop=True)

    rows = []
    for g in inputs.groups.itertuples():
        mine = matrix[matrix["stakeholder"] == g.stakeholder]
        in_group = counts[counts["stakeholder"] == g.stakeholder]
        if mine.empty and in_group.empty:
            continue
        rows.append({
            "year": inputs.year, "stakeholder": g.stakeholder, "name": g.name, "short_name": g.short_name,
            "counts": len(in_group), "outcome_counts": int((in_group["part"] == "outcome").sum()),
            "mechanism_counts": int((in_group["part"] == "mechanism").sum()),
            "channels_listed": int(mine["listed"].sum()),
            "channels_counted": int((mine["counts"] > 0).sum()),
            "listed_without_counts": "、".join(chinese_part(channel_labels.get(c, c))
                                               for c in mine.loc[mine["listed"] & (mine["counts"] == 0), "channel"]),
            "counted_not_listed": "、".join(chinese_part(channel_labels.get(c, c))
                                            for c in mine.loc[~mine["listed"] & (mine["counts"] > 0), "channel"]),
        })
    groups = pd.DataFrame(rows)
    result.tables["groups"] = groups
    if inputs.identified is not None:
        silent = [c for c in inputs.identified if c not in set(counts["stakeholder"])]
        if silent:
            result.notes.append("2.4.1 鑑別之利害關係人中，" + "、".join(_group_name(inputs, c) for c in silent)
                                + " 未印出任何溝通成效數值。 These identified groups have no counts.")
    unlisted = groups[groups["counted_not_listed"] != ""] if not groups.empty else groups
    if not unlisted.empty:
        result.notes.append(
            "下列數值所屬管道未列於該利害關係人之「溝通管道及頻率」："
            + "；".join(f"{r.short_name}（{r.counted_not_listed}）" for r in unlisted.itertuples())
            + "。 Some counts are on channels the group's 溝通管道及頻率 does not list.")


def _summary(inputs: CommunicationInputs, result: ChapterResult) -> dict[str, object]:
    counts = inputs.counts
    summary: dict[str, object] = {
        "year": inputs.year,
        "groups_reported": None if counts is None else int(counts["stakeholder"].nunique()),
        "counts_reported": None if counts is None else len(counts),
    }
    for total in inputs.totals:
        summary[total.metric_id] = result.value_if_computed(total.metric_id)
    return summary
