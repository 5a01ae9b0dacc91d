"""Tables that hold for every year, ``data/reference/``: catalogues of items, vocabularies,
audit declarations and the factors as announced. A new year inherits them; editing one
changes every year that reads it."""

from __future__ import annotations

import re

import pandas as pd

from sustainability_appendix.inputs.registry import REFERENCE, InputFile, RuleContext
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck

_LABEL = Column("label", description="name shown to readers, Traditional Chinese with English alongside")
_ID = Column("id", description="English identifier used in metric names")
_KINDS = ("number", "count", "percent", "amount")
_FIGURE = ("a figure: chapter.metric_id, raw.<item> or factor.<name>, optionally @prev, @base or @YYYY; "
           "patterns and sums as in data/reference/README.md")

QUANTITY_ITEMS = Schema(
    name="quantity items",
    description="Every item quantities.csv may hold.",
    columns=(Column("item", description="identifier"), Column("unit", description="the unit its value is in"),
             Column("kind", choices=("number", "count", "percent"), description="number, count (whole) or percent"),
             Column("part_of", allow_blank=True, description="an item it is a part of, so never larger than"),
             _LABEL),
    key=("item",),
)

FACTOR_CATALOGUE = Schema(
    name="factor catalogue",
    description="Every factor factors.csv must hold, with its unit.",
    columns=(Column("factor", description="identifier"), Column("unit", description="its unit"), _LABEL),
    key=("factor",),
)

FACTOR_ANNOUNCEMENTS = Schema(
    name="factor announcements",
    description="Factors as their publishers announced them, by the data year they apply to.",
    columns=(
        Column("factor", description="factor identifier as in factors.csv"),
        Column("applies_to_year", "year", description="the data year the factor is for"),
        Column("value", "number", minimum=0),
        Column("unit"),
        Column("variant", allow_blank=True, description="which of several published values"),
        Column("primary", required=False, allow_blank=True, description="'yes' for the value to recompute with"),
        Column("announced", required=False, allow_blank=True, description="date of the announcement"),
        Column("source", description="publisher and announcement"),
    ),
    key=("factor", "applies_to_year", "variant"),
)

GENDERS = Schema(name="genders", description="Genders as the report labels them.",
                 columns=(Column("gender", description="as printed (女, 男)"), _ID, _LABEL), key=("gender",))
AGE_BANDS = Schema(name="age bands", description="Age bands as the report groups them.",
                   columns=(Column("age_band", description="<30, 30-50, >50"), _ID, _LABEL), key=("age_band",))
WORKFORCE_CATEGORIES = Schema(
    name="workforce categories",
    description="The rows of the report's GRI 2-7 headcount table.",
    columns=(Column("category", description="identifier"), Column("letter", description="the report's letter (A-G)"),
             _LABEL, Column("breakdown", allow_blank=True,
                            description="the breakdown of the employees (A) the row belongs to; blank for A itself")),
    key=("category",),
)
WORKFORCE_FLOW_KINDS = Schema(
    name="workforce flow kinds",
    description="New hires and leavers, with the names of their rates and stated totals.",
    columns=(Column("flow", description="hire or leaver"),
             Column("direction", choices=("in", "out"), description="in (joins the headcount) or out (leaves it)"),
             Column("rate_stem", description="metric stem of its rate"),
             _LABEL, Column("rate_label", description="name of its rate"),
             Column("total_item", description="the workforce_counts item stating its total")),
    key=("flow",),
)
WORKFORCE_COUNT_ITEMS = Schema(
    name="workforce count items", description="What workforce_counts.csv may count.",
    columns=(Column("item", description="identifier"), _LABEL), key=("item",))
TRAINING_GROUPS = Schema(name="training groups", description="Groups of training and employment programmes.",
                         columns=(Column("group", description="identifier"), _LABEL), key=("group",))
TRAINING_CATALOGUE = Schema(
    name="training catalogue", description="Every programme training_programmes.csv may hold.",
    columns=(Column("programme", description="identifier"), Column("group", vocabulary="training_groups"), _LABEL),
    key=("programme",),
)
TRAINING_MEASURES = Schema(
    name="training measures", description="What may be measured of a programme, with its unit and kind.",
    columns=(Column("measure", description="identifier"), Column("unit"),
             Column("kind", choices=_KINDS, description="count (whole), percent or amount"), _LABEL),
    key=("measure",),
)
TRAINING_TOTALS = Schema(
    name="training totals", description="Totals the training chapter computes: which programme measures add up.",
    columns=(Column("metric_id", description="metric computed"), _LABEL, Column("unit"),
             Column("parts", description="programme.measure terms separated by ';'")),
    key=("metric_id",),
)
TRAINING_RATES = Schema(
    name="training rates", description="Rates the training chapter computes: part ÷ whole × 100.",
    columns=(Column("metric_id", description="metric computed"), _LABEL,
             Column("part", description="programme.measure"), Column("whole", description="programme.measure")),
    key=("metric_id",),
)
STAKEHOLDER_GROUPS = Schema(
    name="stakeholder groups",
    description="Every stakeholder group a year's assessment may identify, with its names.",
    columns=(Column("stakeholder", description="code, e.g. S1, the same every year"),
             Column("name", description="name as the report prints it (2.4.1, 2.4.2)"),
             Column("short_name", description="short name for figures"),
             Column("name_en", description="English name")),
    key=("stakeholder",),
)
COMMUNICATION_VOCABULARY = Schema(
    name="communication vocabulary",
    description="Codes of stakeholder communication: channels, parts of 2.4.2's 溝通成效, frequencies.",
    columns=(Column("vocabulary", choices=("channel", "part", "frequency")),
             Column("code", description="identifier"), _LABEL),
    key=("vocabulary", "code"),
)
COMMUNICATION_TOTALS = Schema(
    name="communication totals",
    description="Totals the stakeholder-communication chapter computes: which counts add up (none is printed).",
    columns=(Column("metric_id", description="metric computed"), _LABEL,
             Column("unit", description="the unit every part must be in"),
             Column("parts", description="items of stakeholder_communication.csv separated by ';'")),
    key=("metric_id",),
)
SOCIAL_ACTIVITY_KINDS = Schema(
    name="social activity kinds", description="Kinds of social-participation activity.",
    columns=(Column("kind", description="identifier"), _LABEL), key=("kind",))
SOCIAL_MEASURES = Schema(
    name="social measures", description="What may be counted of a social-participation activity.",
    columns=(Column("measure", description="identifier"), Column("unit"),
             Column("kind", choices=("count", "estimate"), description="count, or estimate (a rough figure)"),
             Column("reach", choices=("people", "attendances"), allow_blank=True,
                    description="people (人) or attendances (人次) when the measure counts who was reached; blank "
                                "otherwise. Also applied to a training programme's measure of the same name"),
             _LABEL),
    key=("measure",),
)
FINANCE_VOCABULARY = Schema(
    name="finance vocabulary", description="Lines and stages of the budget table.",
    columns=(Column("vocabulary", choices=("line", "stage")), Column("code", description="identifier"), _LABEL),
    key=("vocabulary", "code"),
)
GOVERNANCE_AREAS = Schema(
    name="governance areas", description="What a governance count is about.",
    columns=(Column("area", description="identifier"), _LABEL), key=("area",))
MATERIALITY_VOCABULARY = Schema(
    name="materiality vocabulary",
    description="Codes of the materiality questionnaire: attributes, impact dimensions, readings, rater types.",
    columns=(Column("vocabulary", choices=("attribute", "dimension", "reading", "rater_type")),
             Column("code", description="identifier"), _LABEL),
    key=("vocabulary", "code"),
)

AUDIT_IDENTITIES = Schema(
    name="audit identities", description="Totals and the parts they must equal.",
    columns=(Column("check_id", description="identifier of the check"), _LABEL,
             Column("total", description=_FIGURE + "; {x} stands for every name that makes it a metric"),
             Column("parts", description="an expression of figures")),
    key=("check_id",),
)
AUDIT_FLOWS = Schema(
    name="audit flows", description="Stocks whose end must follow from last year's end and the year's flows.",
    columns=(Column("check_id"), _LABEL, Column("stock", description=_FIGURE), Column("inflows"),
             Column("outflows"), Column("explanation", description="what a gap may mean")),
    key=("check_id",),
)
AUDIT_INTENSITIES = Schema(
    name="audit intensities", description="Intensities, their numerator and denominator, and whom they cover.",
    columns=(Column("check_id"), Column("metric"), Column("numerator"), Column("denominator"),
             Column("covers", description="the population the numerator's boundary holds, in words")),
    key=("check_id",),
)
AUDIT_COVERAGES = Schema(
    name="audit coverages", description="Partial boundaries: the share of activity against the share of people.",
    columns=(Column("check_id"), _LABEL, Column("part"), Column("whole"), Column("people_part"),
             Column("people_whole"), Column("assumption"),
             Column("threshold_pp", "number", minimum=0, description="gap in percentage points that is flagged")),
    key=("check_id",),
)
AUDIT_CHANGES = Schema(
    name="audit changes", description="Year-on-year change figures and how each is defined.",
    columns=(Column("metric"), Column("current"), Column("previous"),
             Column("convention", choices=("decrease_pct", "increase_pct", "decrease_pp", "increase_pp"))),
    key=("metric",),
)
AUDIT_CHANGE_BASES = Schema(
    name="audit change bases", description="Other bases a change is recomputed on.",
    columns=(Column("metric", description="a metric of audit_changes.csv"), Column("basis", description="words"),
             Column("figure", description=_FIGURE),
             Column("kind", choices=("basis", "per_employee"),
                    description="basis (another unit of the same quantity: a sign flip is flagged) or "
                                "per_employee (normalised: shown for information)")),
    key=("metric", "figure"),
)

_IDENT = re.compile(r"[a-z][a-z0-9_]*")


def _identifiers(column: str):
    def rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
        for row, value in table[column].items():
            if not _IDENT.fullmatch(value):
                check.add(row, column, "an identifier of lower-case letters, digits and _", value)
    return rules


def _item_lists(column: str, identifier: str):
    """Rules for a table whose ``column`` lists identifiers separated by ';' and names a metric in ``identifier``."""
    def rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
        for row, rec in table.iterrows():
            if not _IDENT.fullmatch(rec[identifier]):
                check.add(row, identifier, "an identifier of lower-case letters, digits and _", rec[identifier])
            terms = [t.strip() for t in rec[column].split(";") if t.strip()]
            if len(terms) < 2:
                check.add(row, column, "at least two identifiers separated by ';'", rec[column])
            for term in terms:
                if not _IDENT.fullmatch(term):
                    check.add(row, column, "identifiers of lower-case letters, digits and _, separated by ';'", term)
    return rules


def _parts_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    programmes = set(ctx.codes("training_catalogue"))
    measures = set(ctx.codes("training_measures"))
    columns = [c for c in ("parts", "part", "whole") if c in table.columns]
    for row, rec in table.iterrows():
        for column in columns:
            for term in [t.strip() for t in rec[column].split(";") if t.strip()]:
                programme, _, measure = term.partition(".")
                if programme not in programmes or measure not in measures:
                    check.add(row, column, "programme.measure terms of training_catalogue.csv and "
                              "training_measures.csv", term)


FILES: tuple[InputFile, ...] = (
    InputFile("quantity_items", REFERENCE, QUANTITY_ITEMS,
              "The catalogue of measured quantities: every item quantities.csv may hold, with its unit.",
              rules=_identifiers("item")),
    InputFile("factor_catalogue", REFERENCE, FACTOR_CATALOGUE,
              "The factors every year's factors.csv must hold, with their units."),
    InputFile("factor_announcements", REFERENCE, FACTOR_ANNOUNCEMENTS,
              "Factors as their publishers announced them, by the data year they apply to; the audit recomputes "
              "a year with a newer announced factor to show what would change. Add each year's announcements."),
    InputFile("genders", REFERENCE, GENDERS, "Genders as the report labels them."),
    InputFile("age_bands", REFERENCE, AGE_BANDS, "Age bands as the report groups them."),
    InputFile("workforce_categories", REFERENCE, WORKFORCE_CATEGORIES,
              "The rows (A-G) of the report's GRI 2-7 headcount table, and which breakdown each belongs to."),
    InputFile("workforce_flow_kinds", REFERENCE, WORKFORCE_FLOW_KINDS,
              "New hires and leavers: the names of their rates and of their stated totals."),
    InputFile("workforce_count_items", REFERENCE, WORKFORCE_COUNT_ITEMS,
              "What workforce_counts.csv may count (stated totals, parental leave)."),
    InputFile("training_groups", REFERENCE, TRAINING_GROUPS, "Groups of training and employment programmes."),
    InputFile("training_catalogue", REFERENCE, TRAINING_CATALOGUE,
              "Every training and employment programme, with its group.", rules=_identifiers("programme")),
    InputFile("training_measures", REFERENCE, TRAINING_MEASURES,
              "What may be measured of a programme, with its unit and kind."),
    InputFile("training_totals", REFERENCE, TRAINING_TOTALS,
              "Totals the training chapter computes, as sums of programme measures.", rules=_parts_rules),
    InputFile("training_rates", REFERENCE, TRAINING_RATES,
              "Rates the training chapter computes, as part ÷ whole of programme measures.", rules=_parts_rules),
    InputFile("stakeholder_groups", REFERENCE, STAKEHOLDER_GROUPS,
              "The stakeholder groups (report 2.4.1) with their names: the materiality assessment identifies them "
              "each year, the stakeholder-communication chapter counts its exchanges with each."),
    InputFile("communication_vocabulary", REFERENCE, COMMUNICATION_VOCABULARY,
              "Codes of stakeholder communication (report 2.4.2): the channels, the two parts of 溝通成效 and the "
              "frequencies of 溝通管道及頻率."),
    InputFile("communication_totals", REFERENCE, COMMUNICATION_TOTALS,
              "Totals the stakeholder-communication chapter computes, as sums of counts in one unit (the report "
              "prints none of them).", rules=_item_lists("parts", "metric_id")),
    InputFile("social_activity_kinds", REFERENCE, SOCIAL_ACTIVITY_KINDS,
              "Kinds of social-participation activity (report 3.3.2.4): spending is added up by kind."),
    InputFile("social_measures", REFERENCE, SOCIAL_MEASURES,
              "What may be counted of a social-participation activity, with its unit, and whether it counts people "
              "reached (人) or attendances (人次).", rules=_identifiers("measure")),
    InputFile("finance_vocabulary", REFERENCE, FINANCE_VOCABULARY,
              "Lines (revenue, expenditure) and stages (budget, final accounts) of the budget table (3.3.3.3)."),
    InputFile("governance_areas", REFERENCE, GOVERNANCE_AREAS,
              "What a governance count is about (structure, integrity, compliance, risk ...)."),
    InputFile("materiality_vocabulary", REFERENCE, MATERIALITY_VOCABULARY,
              "Codes of the materiality questionnaire: AA1000SES attributes, impact dimensions, rater types."),
    InputFile("audit_identities", REFERENCE, AUDIT_IDENTITIES,
              "Accounting identities the audit checks on every year: a total and the parts it must equal."),
    InputFile("audit_flows", REFERENCE, AUDIT_FLOWS,
              "Stocks the audit checks against last year's stock and this year's flows."),
    InputFile("audit_intensities", REFERENCE, AUDIT_INTENSITIES,
              "Intensities the audit recomputes, with the population each numerator covers."),
    InputFile("audit_coverages", REFERENCE, AUDIT_COVERAGES,
              "Partial boundaries the audit checks: share of activity against share of people."),
    InputFile("audit_changes", REFERENCE, AUDIT_CHANGES,
              "Year-on-year changes the audit recomputes, each with its sign convention."),
    InputFile("audit_change_bases", REFERENCE, AUDIT_CHANGE_BASES,
              "Other bases on which the audit recomputes a change (energy instead of litres, per employee)."),
)
