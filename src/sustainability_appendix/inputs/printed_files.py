"""What a year's report printed, ``data/printed/``: the figures (one file per chapter),
notes about them, and the structure of the report's GRI content index and SDG table.
They are read only by the review, to compare with what the chapters compute."""

from __future__ import annotations

import re

import pandas as pd

from sustainability_appendix.inputs.registry import PRINTED, STRUCTURE, InputFile, RuleContext
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, parse_number, records

FIGURE_KINDS = ("input", "derived", "target", "narrative")
# printed files of a year that are not a chapter's figures
REPORT_FILES = ("notes", "claims")

PRINTED_FIGURES = Schema(
    name="printed figures",
    description="Figures exactly as the report printed them (used only for reconciliation).",
    columns=(
        Column("figure_id", description="unique identifier of the printed figure"),
        Column("metric_id", allow_blank=True,
               description="the computed metric it is compared with; blank when the report publishes nothing "
                           "to compute it from (it is then listed as cannot be checked, with the note)"),
        Column("label", description="what the report calls it"),
        Column("printed", description="the figure exactly as printed, e.g. 7,491.88 or 19.01%"),
        Column("unit", description="unit as printed (人, %, GJ ...); where the report prints none, the unit of "
                                   "the figure it prints, said so in the note"),
        Column("section", description="report section (and table) where it is printed, starting with its number "
                                      "(3.1.2 ...) or its heading (2025 年 ESG 永續績效管理 ...)"),
        Column("note", required=False, allow_blank=True, description="known discrepancy or remark"),
        Column("kind", choices=FIGURE_KINDS,
               description="input (a measured value transcribed), derived (computed from others: its metric has the "
                           "formula), target (a value the report sets for a later year) or narrative (a count or "
                           "figure quoted in the text)"),
    ),
    key=("figure_id",),
)

REPORT_NOTES = Schema(
    name="report notes",
    description="Remarks about one year's printed report (misprints, undefined bases), shown on its pages.",
    columns=(
        Column("chapter", description="the chapter whose page shows the note"),
        Column("subject", allow_blank=True, description="the metric or printed figure it is about, if one"),
        Column("note", description="the remark, Traditional Chinese with English alongside; {chapter.metric_id:,.2f} "
                                   "is replaced by that figure as computed"),
    ),
)

CLAIM_KINDS = ("increase", "decrease", "stable", "total", "count")
CHANGE_BASES = ("relative_pct", "percentage_points", "absolute")
ROWS_PREFIX = "rows:"
# the characters an expression of figures is written with (its references are checked against the results later)
_EXPRESSION_CHARACTERS = re.compile(r"[A-Za-z0-9_.@*?\[\]{},+\-/() ]+")

CLAIMS = Schema(
    name="claims",
    description="What the year's report says in words about its numbers, with the figures the words speak of.",
    columns=(
        Column("claim_id", description="unique identifier of the claim"),
        Column("section", description="report section where it is printed"),
        Column("text", description="the sentence as printed"),
        Column("claim", choices=CLAIM_KINDS,
               description="increase, decrease or stable (a direction, of figure since previous), total (a total "
                           "quoted against the sum of its parts) or count (a count quoted against the list it counts)"),
        Column("strength", choices=("marked",), allow_blank=True,
               description="marked when the words say markedly (明顯, 大幅); blank otherwise"),
        Column("figure", description="what the claim speaks of: an expression of figures (chapter.metric_id, "
                                     "raw.<item>, factor.<name>, @prev ...); for a total the parts added up; for a "
                                     "count rows:<input file>, or rows:<file>[column=value]"),
        Column("previous", allow_blank=True,
               description="for a direction, the figure it is compared with (blank: figure@prev)"),
        Column("printed", allow_blank=True,
               description="the size, total or count the sentence prints (19.01%, 87, 8); blank when it gives none"),
        Column("unit", allow_blank=True, description="unit of printed; required with it"),
        Column("basis", choices=CHANGE_BASES, allow_blank=True,
               description="for the size of a change: relative_pct (% of the previous value), percentage_points "
                           "or absolute"),
        Column("note", required=False, allow_blank=True, description="how the claim was read"),
    ),
    key=("claim_id",),
)


def _claims_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    for row, rec in records(table):
        directional = rec["claim"] in ("increase", "decrease", "stable")
        if rec["printed"]:
            try:
                parse_number(rec["printed"])
            except ValueError:
                check.add(row, "printed", "a number as printed (e.g. 1,234.5 or 19.01%) or blank", rec["printed"])
            if not rec["unit"]:
                check.add(row, "unit", "the unit of the printed number", "an empty cell")
        elif not directional:
            check.add(row, "printed", f"the {rec['claim']} the sentence quotes", "an empty cell")
        if directional and rec["printed"] and not rec["basis"]:
            check.add(row, "basis", "relative_pct, percentage_points or absolute for the size of a change",
                      "an empty cell")
        if not directional and (rec["basis"] or rec["previous"] or rec["strength"]):
            check.add(row, "basis" if rec["basis"] else "previous" if rec["previous"] else "strength",
                      f"blank for a {rec['claim']} (it applies to a change)",
                      rec["basis"] or rec["previous"] or rec["strength"])
        is_rows = rec["figure"].startswith(ROWS_PREFIX)
        if not is_rows and not _EXPRESSION_CHARACTERS.fullmatch(rec["figure"]):
            # named here, so that a garbled expression is not reported as a missing ``previous``
            check.add(row, "figure", "a figure (chapter.metric) or an expression of figures joined by + - * / ( )",
                      rec["figure"])
            continue
        if directional and not rec["previous"] and not re.fullmatch(r"[a-z_][a-z0-9_]*\.[A-Za-z0-9_]+", rec["figure"]):
            check.add(row, "previous", "the figure a direction is measured from, when figure is not one figure of "
                      "the year (otherwise figure@prev)", "an empty cell")
        if rec["claim"] == "count" and not is_rows and not re.fullmatch(r"[a-z_][a-z0-9_]*\.[A-Za-z0-9_]+",
                                                                         rec["figure"]):
            check.add(row, "figure", "rows:<input file> (or rows:<file>[column=value]) or one figure",
                      rec["figure"])
        elif rec["claim"] != "count" and is_rows:
            check.add(row, "figure", "an expression of figures (rows: counts a list, for a count)", rec["figure"])


GRI_CONTENT_INDEX = Schema(
    name="gri content index",
    description="The report's GRI content index (5.2) as printed, one row per disclosure.",
    columns=(
        Column("report_year", "year", description="the report the index belongs to"),
        Column("row", description="unique row id (the disclosure code; -2, -3 for repeats)"),
        Column("group", description="part of the index (一般揭露, 重大主題揭露 ...)"),
        Column("topic", allow_blank=True, description="material topic the row sits under"),
        Column("standard", description="GRI standard as printed"),
        Column("code", description="disclosure number, e.g. 302-1"),
        Column("title", description="disclosure title as printed (Traditional Chinese)"),
        Column("title_en", description="disclosure title in English (GRI Standards 2021)"),
        Column("sections", allow_blank=True, description="report sections, separated by ；"),
        Column("pages", allow_blank=True, description="pages, separated by ；"),
        Column("omission", allow_blank=True, description="the report's reason for not reporting (N/A, 無排放 ...)"),
        Column("material", required=False, allow_blank=True, description="* for a material topic"),
        Column("metrics", required=False, allow_blank=True,
               description="headline metrics, chapter.metric_id separated by ; (trailing ? = when the year has it)"),
        Column("note", required=False, allow_blank=True, description="transcription remarks"),
    ),
    key=("report_year", "row"),
)

SDG_PROGRESS_TABLE = Schema(
    name="sdg progress table",
    description="The report's SDG indicator progress table (5.1): one row per indicator and year.",
    columns=(
        Column("report_year", "year", description="the report the table belongs to"),
        Column("row", description="indicator id"),
        Column("order", "count", description="position in the table"),
        Column("sdg", "count", description="goal number"),
        Column("goal", description="goal name (Traditional Chinese)"),
        Column("goal_statement", description="the goal as the report states it"),
        Column("goal_en", description="the goal in English"),
        Column("area", description="the report's heading above the row (淨零計畫, 能源管理 ...)"),
        Column("label", description="the indicator as printed"),
        Column("label_en", description="the indicator in English"),
        Column("year", "year", description="the column's year"),
        Column("cell", allow_blank=True, description="template: text with {chapter.metric_id:format}; blank = '-'"),
        Column("printed", allow_blank=True, description="the cell exactly as printed"),
        Column("section", description="report section"),
    ),
    key=("report_year", "row", "year"),
)


REPORT_SECTIONS = Schema(
    name="report sections",
    description="The report's top-level sections as its table of contents lists them, for coverage by section.",
    columns=(
        Column("report_year", "year", description="the report the sections belong to"),
        Column("section", description="identifier of the section (3.1.2, esg ...)"),
        Column("order", "count", description="position in the table of contents"),
        Column("title", description="the section as the report titles it"),
        Column("title_en", description="the title in English"),
        Column("starts_with", description="how a printed figure's section begins when it belongs here, separated "
                                          "by ；: a section number (3.3.2 also takes 3.3.2.1 ...) or a heading"),
        Column("numbers_printed", "count", allow_blank=True,
               description="how many numbers the report prints in the section, all years together, repeats, "
                           "targets and counts in the text included (years, dates, page numbers not)"),
        Column("note", required=False, allow_blank=True, description="remarks"),
    ),
    key=("report_year", "section"),
)


def _section_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    for year, rows in table.groupby("report_year"):
        seen: dict[str, int] = {}
        for row, text in rows["starts_with"].items():
            for prefix in [p.strip() for p in text.split("；")]:
                if not prefix:
                    check.add(row, "starts_with", "section numbers or headings separated by ；, none empty", text)
                elif prefix in seen:
                    check.add(row, "starts_with", f"a beginning no other section of the {year} report has "
                              f"(row {seen[prefix]} has '{prefix}')", text)
                else:
                    seen[prefix] = row


def _printed_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    for row, text in table["printed"].items():
        try:
            parse_number(text)
        except ValueError:
            check.add(row, "printed", "a number as printed (e.g. 1,234.5 or 19.01%)", text)
    for row, metric in table["metric_id"].items():
        if metric and not re.fullmatch(r"[A-Za-z0-9_]+", metric):
            check.add(row, "metric_id", "a metric identifier (letters, digits and _) or blank", metric)


FILES: tuple[InputFile, ...] = (
    InputFile("*", PRINTED, PRINTED_FIGURES,
              "The figures the year's report printed that belong to one chapter (the file is named after the "
              "chapter), each exactly as printed with its section and the metric it is compared with. A file with "
              "its header only means nothing has been transcribed yet.", rules=_printed_rules),
    InputFile("claims", PRINTED, CLAIMS,
              "What this year's report says in words about its numbers (rose, fell by 3.25%, stayed stable; a "
              "total or a count quoted in the text), each with the figures it speaks of, which the audit checks it "
              "against. A claim naming a figure the appendix does not have is refused.", rules=_claims_rules),
    InputFile("notes", PRINTED, REPORT_NOTES,
              "Remarks about this year's printed report (a misprinted footnote, a rate without its base), each "
              "shown on the page of its chapter. A new year starts without notes."),
    InputFile("gri_content_index", STRUCTURE, GRI_CONTENT_INDEX,
              "The report's GRI content index (5.2) as printed, one row per disclosure, with report_year; metrics "
              "names a disclosure's headline metrics."),
    InputFile("report_sections", STRUCTURE, REPORT_SECTIONS,
              "The report's top-level sections (its table of contents), with report_year: how a printed figure's "
              "section text is matched to one, and how many numbers the report prints in each. The year's "
              "coverage (reports/<year>/coverage.csv) counts the register by these sections.", rules=_section_rules),
    InputFile("sdg_progress_table", STRUCTURE, SDG_PROGRESS_TABLE,
              "The report's SDG indicator table (5.1), one row per indicator and year; cell is a template filled "
              "from that year's metrics, printed the text as printed."),
)
