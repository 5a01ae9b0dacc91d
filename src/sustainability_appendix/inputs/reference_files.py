"""Tables that hold for every year, ``data/reference/``: catalogues of items, vocabularies,
audit declarations and the factors as announced. A new year inherits them; editing one
changes every year that reads it."""

from __future__ import annotations

import re

import pandas as pd

from sustainability_appendix.inputs.registry import REFERENCE, InputFile, RuleContext
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, records

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
        Column("value", "number", above=0),
        Column("unit", description="must be the factor's unit in factor_catalogue.csv"),
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
LABOUR_INSPECTION_ACTIVITIES = Schema(
    name="labour inspection activities",
    description="Every activity labour_inspection.csv may hold.",
    columns=(Column("activity", description="identifier, the first part of its metrics' names"),
             Column("scope", choices=("city", "bureau"),
                    description="city (the bureau's work with the city's employers and workers) or bureau (its own "
                                "staff, the subject of GRI 403)"),
             Column("gri", allow_blank=True, description="GRI disclosure its figures answer; blank if none"),
             _LABEL),
    key=("activity",),
)
LABOUR_INSPECTION_CATEGORIES = Schema(
    name="labour inspection categories",
    description="Kinds of figure: inspections, guidance, outreach, results and penalties, disputes ...",
    columns=(Column("category", description="identifier"), _LABEL),
    key=("category",),
)
LABOUR_INSPECTION_MEASURES = Schema(
    name="labour inspection measures",
    description="What may be counted of an activity, with its unit, kind and category.",
    columns=(Column("measure", description="identifier, the second part of its metrics' names"), Column("unit"),
             Column("kind", choices=_KINDS, description="count (whole), percent or amount"),
             Column("category", vocabulary="labour_inspection_categories"), _LABEL),
    key=("measure",),
)
LABOUR_INSPECTION_TOTALS = Schema(
    name="labour inspection totals",
    description="Totals the labour-inspection chapter computes: which activity measures add up.",
    columns=(Column("metric_id", description="metric computed"), _LABEL, Column("unit"),
             Column("gri", allow_blank=True, description="GRI disclosure; blank if none"),
             Column("parts", description="activity.measure terms separated by ';'")),
    key=("metric_id",),
)
LABOUR_INSPECTION_RATES = Schema(
    name="labour inspection rates",
    description="Rates the labour-inspection chapter computes: part ÷ whole × 100.",
    columns=(Column("metric_id", description="metric computed"), _LABEL,
             Column("gri", allow_blank=True, description="GRI disclosure; blank if none"),
             Column("part", description="activity.measure"), Column("whole", description="activity.measure"),
             Column("basis", allow_blank=True, description="what the report says (or does not) about the base")),
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

AUDIT_ACTIVITY = Schema(
    name="audit activity",
    description="Inventories set against the emissions their activity data imply.",
    columns=(Column("check_id"), _LABEL,
             Column("inventory", description="the inventory's emissions: " + _FIGURE),
             Column("activity", description="the emissions the activity data imply, for the whole organisation: an "
                                            "expression of figures (activity × factor)"),
             Column("share", description="the share (0–1) of the organisation the inventory covers: an expression"),
             Column("share_label", description="what the share is, in words"),
             Column("threshold_pct", "number", minimum=0,
                    description="a gap larger than this % of the implied emissions is flagged"),
             Column("note", allow_blank=True, description="what the activity data leave out")),
    key=("check_id",),
)
AUDIT_ALTERNATIVES = Schema(
    name="audit alternatives",
    description="Other quantities a change or ratio that does not reproduce is recomputed on.",
    columns=(Column("metric", description="the change or ratio: chapter.metric_id"),
             Column("alternative", description="what the other quantity is, in words"),
             Column("expression", description="the figure computed on it: an expression of figures")),
    key=("metric", "alternative"),
)
AUDIT_CLAIM_WORDS = Schema(
    name="audit claim words",
    description="What the words of a claim allow: the relative change (%) between two bounds.",
    columns=(Column("claim", choices=("increase", "decrease", "stable"), description="the direction claimed"),
             Column("strength", choices=("marked",), allow_blank=True,
                    description="marked (明顯, 大幅) or blank"),
             Column("above_pct", "number", allow_blank=True,
                    description="the change must be above this % (blank: no lower bound)"),
             Column("below_pct", "number", allow_blank=True,
                    description="the change must be below this % (blank: no upper bound)"),
             _LABEL),
    key=("claim", "strength"),
)
GRI_DISCLOSURES = Schema(
    name="gri disclosures",
    description="GRI disclosures a number answers, and the units that can answer each.",
    columns=(Column("code", description="disclosure number, e.g. 204-1"),
             Column("units", description="units of a figure that answers it, separated by ；"),
             Column("asks", description="what the disclosure asks for, Traditional Chinese with English alongside")),
    key=("code",),
)
PLAUSIBILITY_TESTS = ("ratio_to_previous", "range", "ratio_to_earlier_years")
PLAUSIBILITY = Schema(
    name="plausibility",
    description="Plausible ranges of figures, checked before any printed report exists.",
    columns=(
        Column("check_id", description="identifier of the check"),
        Column("figure", description="raw.<item> (quantities.csv), factor.<name> (factors.csv) or "
                                     "<chapter>.<metric_id> (a computed figure)"),
        Column("test", choices=PLAUSIBILITY_TESTS,
               description="ratio_to_previous (the figure ÷ the previous year's), range (the figure itself) or "
                           "ratio_to_earlier_years (the figure ÷ the median of up to three earlier years)"),
        Column("lower", "number", description="the lowest plausible value or ratio"),
        Column("upper", "number", description="the highest plausible value or ratio"),
        Column("reason", description="why these bounds: what the data of earlier years show, what an error would look "
                                     "like"),
    ),
    key=("check_id",),
)

_IDENT = re.compile(r"[a-z][a-z0-9_]*")


def _identifiers(column: str):
    def rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
        for row, value in table[column].items():
            if not _IDENT.fullmatch(value):
                check.add(row, column, "an identifier of lower-case letters, digits and _", value)
    return rules


def _terms_rules(catalogue: str, measures: str, kind: str):
    """Rules of a totals or rates table: every term is <item>.<measure> of the two vocabularies."""
    def rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
        items, known = set(ctx.codes(catalogue)), set(ctx.codes(measures))
        columns = [c for c in ("parts", "part", "whole") if c in table.columns]
        for row, rec in records(table):
            for column in columns:
                for term in [t.strip() for t in rec[column].split(";") if t.strip()]:
                    item, _, measure = term.partition(".")
                    if item not in items or measure not in known:
                        check.add(row, column, f"{kind}.measure terms of {catalogue}.csv and {measures}.csv", term)
    return rules


_parts_rules = _terms_rules("training_catalogue", "training_measures", "programme")
_labour_terms_rules = _terms_rules("labour_inspection_activities", "labour_inspection_measures", "activity")


def _item_lists(column: str, identifier: str):
    """Rules for a table whose ``column`` lists identifiers separated by ';' and names a metric in ``identifier``."""
    def rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
        for row, rec in records(table):
            if not _IDENT.fullmatch(rec[identifier]):
                check.add(row, identifier, "an identifier of lower-case letters, digits and _", rec[identifier])
            terms = [t.strip() for t in rec[column].split(";") if t.strip()]
            if len(terms) < 2:
                check.add(row, column, "at least two identifiers separated by ';'", rec[column])
            for term in terms:
                if not _IDENT.fullmatch(term):
                    check.add(row, column, "identifiers of lower-case letters, digits and _, separated by ';'", term)
    return rules


def _announcement_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """Every announced factor is one of the catalogue, in its unit."""
    units = dict(zip(ctx.reference("factor_catalogue")["factor"], ctx.reference("factor_catalogue")["unit"]))
    for row, rec in records(table):
        if rec["factor"] not in units:
            check.add(row, "factor", "a factor listed in data/reference/factor_catalogue.csv", rec["factor"])
        elif rec["unit"] != units[rec["factor"]]:
            check.add(row, "unit", f"'{units[rec['factor']]}' for factor '{rec['factor']}'", rec["unit"])


def _plausibility_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """Each figure names a known item, factor or chapter; bounds in order; ratios positive."""
    from sustainability_appendix.chapters import CHAPTERS

    items, factors = set(ctx.codes("quantity_items")), set(ctx.codes("factor_catalogue"))
    chapters = {c.name for c in CHAPTERS}
    for row, rec in records(table):
        source, _, name = rec["figure"].partition(".")
        known = (name in items if source == "raw" else name in factors if source == "factor"
                 else source in chapters and bool(_IDENT.fullmatch(name)))
        if not known:
            check.add(row, "figure", "raw.<item> of quantity_items.csv, factor.<name> of factor_catalogue.csv or "
                      "<chapter>.<metric_id> of a chapter of the appendix", rec["figure"])
        if rec["lower"] > rec["upper"]:
            check.add(row, "upper", f"at least lower ({rec['lower']:g})", rec["upper"])
        if rec["test"] != "range" and rec["lower"] <= 0:
            check.add(row, "lower", "a ratio greater than 0", rec["lower"])



FILES: tuple[InputFile, ...] = (
    InputFile("quantity_items", REFERENCE, QUANTITY_ITEMS,
              "The catalogue of measured quantities: every item quantities.csv may hold, with its unit.",
              rules=_identifiers("item")),
    InputFile("factor_catalogue", REFERENCE, FACTOR_CATALOGUE,
              "The factors every year's factors.csv must hold, with their units."),
    InputFile("factor_announcements", REFERENCE, FACTOR_ANNOUNCEMENTS,
              "Factors as their publishers announced them, by the data year they apply to; the audit recomputes "
              "a year with a newer announced factor to show what would change. Add each year's announcements: "
              "a year's factors.csv is checked against them.", rules=_announcement_rules),
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
    InputFile("labour_inspection_activities", REFERENCE, LABOUR_INSPECTION_ACTIVITIES,
              "Every activity of the labour-inspection chapter (inspections, outreach, migrant workers, disputes, "
              "the bureau's own OSH committee ...), with its scope and GRI disclosure.",
              rules=_identifiers("activity")),
    InputFile("labour_inspection_categories", REFERENCE, LABOUR_INSPECTION_CATEGORIES,
              "Kinds of labour-inspection figure (inspections, guidance, outreach, results and penalties, disputes, "
              "accidents ...), for the chapter's tables."),
    InputFile("labour_inspection_measures", REFERENCE, LABOUR_INSPECTION_MEASURES,
              "What may be counted of a labour-inspection activity, with its unit, kind and category.",
              rules=_identifiers("measure")),
    InputFile("labour_inspection_totals", REFERENCE, LABOUR_INSPECTION_TOTALS,
              "Totals the labour-inspection chapter computes, as sums of activity measures.",
              rules=_labour_terms_rules),
    InputFile("labour_inspection_rates", REFERENCE, LABOUR_INSPECTION_RATES,
              "Rates the labour-inspection chapter computes, as part ÷ whole of activity measures.",
              rules=_labour_terms_rules),
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
    InputFile("plausibility", REFERENCE, PLAUSIBILITY,
              "Plausible ranges of quantities, factors and computed figures: a year-on-year ratio, a range, or an "
              "order of magnitude against earlier years, each with the reason for its bounds. A value outside is a "
              "warning of `appendix validate` and a finding of the audit until the analyst confirms it (the "
              "'confirmed' cell of its row in quantities.csv or factors.csv; confirmations.csv for a computed "
              "figure).", rules=_plausibility_rules),
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
    InputFile("audit_activity", REFERENCE, AUDIT_ACTIVITY,
              "Emission inventories the audit sets against their activity data: the emissions the fuel and "
              "electricity imply, times their factors, scaled by the share of the organisation the inventory covers."),
    InputFile("audit_alternatives", REFERENCE, AUDIT_ALTERNATIVES,
              "Other quantities (other denominators) on which the audit recomputes a ratio whose printed value "
              "does not reproduce; a change is also recomputed on the other quantities of its chapter in its unit."),
    InputFile("audit_claim_words", REFERENCE, AUDIT_CLAIM_WORDS,
              "What the words of a narrative claim allow (rose, rose markedly, fell, stayed stable): the relative "
              "change between two bounds."),
    InputFile("gri_disclosures", REFERENCE, GRI_DISCLOSURES,
              "The GRI disclosures a number answers, each with the units that can answer it: a metric tagged "
              "with another unit cannot answer it, and a claimed disclosure with no such figure has no content."),
)
