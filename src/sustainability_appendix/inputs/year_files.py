"""The files of a reporting year, ``data/raw/<year>/``: schemas, rules, templates."""

from __future__ import annotations

import itertools
import re

import pandas as pd

from sustainability_appendix.inputs.quantities import (
    OFFICIAL,
    PROVISIONAL,
    describe_announcement,
    latest_announcement,
    same_value,
)
from sustainability_appendix.inputs.registry import YEAR, InputFile, Rows, RuleContext
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, read_raw, records

_YEAR = Column("year", "year", required=False, description="reporting year; must be the folder's year")
_SOURCE = Column("source", description="report section and table the row is transcribed from")
_NOTE = Column("note", required=False, allow_blank=True, description="anything a reader should know")
_CONFIRMED = Column("confirmed", required=False, allow_blank=True,
                    description="why a value outside its plausible range (data/reference/plausibility.csv) is "
                                "right, once checked; blank otherwise")


# --- quantities and factors ---------------------------------------------------------------------

QUANTITIES = Schema(
    name="quantities",
    description="One row per measured quantity of the reporting year.",
    columns=(
        Column("item", vocabulary="quantity_items", description="what was measured"),
        Column("value", "number", description="the measured value", minimum=0),
        Column("unit", description="the unit the value is in; must match the item"),
        Column("source", description="where the value comes from (report section, meter, system)"),
        _NOTE,
        _CONFIRMED,
    ),
    key=("item",),
)

FACTORS = Schema(
    name="factors",
    description="Conversion and emission factors used for this reporting year.",
    columns=(
        Column("factor", vocabulary="factor_catalogue", description="factor identifier"),
        Column("value", "number", above=0, description="factor value"),
        Column("unit", description="unit of the factor; must match the factor"),
        Column("applies_to_year", "year", allow_blank=True,
               description="the data year the factor was published for (blank for physical constants)"),
        Column("source", description="who published it, where"),
        Column("status", required=False, choices=(OFFICIAL, PROVISIONAL),
               description="official (as published for applies_to_year) or provisional (used before the "
                           "year's factor is announced; cited as provisional everywhere); no column: official"),
        Column("review", required=False, allow_blank=True,
               description="non-empty while the factor still needs checking for this year"),
        _CONFIRMED,
    ),
    key=("factor",),
)


def _quantity_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    catalogue = ctx.reference("quantity_items").set_index("item")
    specs = catalogue.to_dict("index")
    for row, rec in records(table):
        spec = specs[rec["item"]]
        if rec["unit"] != spec["unit"]:
            check.add(row, "unit", f"'{spec['unit']}' for item '{rec['item']}'", rec["unit"])
        value = rec["value"]
        if spec["kind"] == "count" and not float(value).is_integer():
            check.add(row, "value", f"a whole number for item '{rec['item']}'", value)
        if spec["kind"] == "percent" and not 0 <= value <= 100:
            check.add(row, "value", f"a percentage from 0 to 100 for item '{rec['item']}'", value)
    rows = dict(zip(table["item"], table.index))
    for part, whole in zip(catalogue.index, catalogue["part_of"]):
        if whole and part in rows and whole in rows:
            p, w = table.at[rows[part], "value"], table.at[rows[whole], "value"]
            if p > w:
                check.add(rows[part], "value", f"'{part}' at most '{whole}' ({w:g}, row {rows[whole]}), "
                          "of which it is a part", p)


ANNOUNCEMENTS = "data/reference/factor_announcements.csv"


def latest_announced(announcements: pd.DataFrame, factor: str, year: int, brief: bool = False) -> str:
    """Which value of ``factor`` is the latest announced for ``year``, in words."""
    latest = latest_announcement(announcements, factor, year)
    if latest is None:
        return f"{ANNOUNCEMENTS} lists no announcement of '{factor}' (a constant, or the bureau's own value)"
    if brief:
        text = (f"latest announced in {ANNOUNCEMENTS}: {float(latest['value']):g} {latest['unit']} for "
                f"{int(latest['applies_to_year'])}" + (f", announced {latest['announced']}" if latest.get("announced")
                                                        else ""))
    else:
        text = f"the latest announced in {ANNOUNCEMENTS} is {describe_announcement(latest)}"
    if int(latest["applies_to_year"]) < year:
        text += (f"; none for {year} yet: keep it with status 'provisional'" if brief else
                 f"; none for {year} yet: keep it with status 'provisional' until {year}'s is announced, "
                 "then add that announcement to the file")
    return text


def _factor_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    catalogue = ctx.reference("factor_catalogue")
    announcements = ctx.reference("factor_announcements")
    present = dict(zip(table["factor"], table.index))
    for factor, unit in zip(catalogue["factor"], catalogue["unit"]):
        if factor not in present:
            check.add(None, "factor", f"a row for factor '{factor}' (in {unit})", "no such row")
        elif table.at[present[factor], "unit"] != unit:
            check.add(present[factor], "unit", f"'{unit}' for factor '{factor}'", table.at[present[factor], "unit"])
    if "review" in table.columns:
        for row, note in table["review"].items():
            if note:
                factor = table.at[row, "factor"]
                latest = latest_announced(announcements, factor, ctx.year, brief=True) if ctx.year is not None else ""
                check.add(row, "review", f"an empty cell once factor '{factor}' has been checked for this year "
                          "(update value, applies_to_year, status and source, then clear the cell"
                          + (f"; {latest}" if latest else "") + ")", note)
    if ctx.year is not None:
        for row, vintage in table["applies_to_year"].items():
            if not pd.isna(vintage) and int(vintage) > ctx.year:
                check.add(row, "applies_to_year",
                          f"a data year no later than the year of the folder it is in ({ctx.year})", int(vintage))
    units = dict(zip(catalogue["factor"], catalogue["unit"]))
    for row, rec in records(table):
        if pd.isna(rec["applies_to_year"]) or (ctx.year is not None and int(rec["applies_to_year"]) > ctx.year):
            continue  # (a later year than the folder's is refused above)
        if rec["unit"] != units.get(rec["factor"]):
            continue  # (refused above: in another unit, its value cannot be an announced one)
        _check_announced(check, row, rec, int(rec["applies_to_year"]), announcements)


def _check_announced(check: TableCheck, row: int, rec, vintage: int, announcements: pd.DataFrame) -> None:
    """A factor's applies_to_year is the year its value was announced for, as the announcements list it."""
    factor, value = rec["factor"], float(rec["value"])
    known = announcements[announcements["factor"] == factor]
    same = known[[same_value(v, value) for v in known["value"]]]
    if vintage in set(same["applies_to_year"]) or known.empty:
        return
    earlier = same[same["applies_to_year"] < vintage]
    if not earlier.empty:
        first = earlier.sort_values("applies_to_year").iloc[-1].to_dict()
        check.add(row, "applies_to_year",
                  f"the data year its value was announced for: {describe_announcement(first)}, not a later year "
                  f"({ANNOUNCEMENTS})", vintage)
        return
    announced = known[known["applies_to_year"] == vintage]
    if not announced.empty and rec.get("status") != PROVISIONAL:
        listed = "; ".join(describe_announcement(r) for r in announced.to_dict("records"))
        check.add(row, "value", f"a value announced for {vintage} ({listed}; {ANNOUNCEMENTS}), or status "
                  "'provisional' for a value not yet announced", value)


def _quantities_template(project, year: int) -> Rows:
    catalogue = read_raw(project.reference_dir / "quantity_items.csv")
    return [{"item": r["item"], "value": "", "unit": r["unit"], "source": "", "note": r["label"]}
            for _, r in catalogue.iterrows()]


def previous_year_with(project, stem: str, year: int) -> int | None:
    """The latest year before ``year`` whose folder has ``stem`` (.csv, .xlsx or a sheet of its workbook)."""
    from sustainability_appendix.inputs.workbook import locate

    earlier = [y for y in project.years() if y < year and locate(project.raw_dir(y), stem).exists()]
    return earlier[-1] if earlier else None


def _factors_template(project, year: int) -> Rows:
    from sustainability_appendix.inputs.store import InputStore

    announcements = InputStore(project).reference("factor_announcements")
    source_year = previous_year_with(project, "factors", year)
    if source_year is None:
        catalogue = read_raw(project.reference_dir / "factor_catalogue.csv")
        return [{"factor": r["factor"], "value": "", "unit": r["unit"], "applies_to_year": "", "source": "",
                 "status": OFFICIAL,
                 "review": f"new for {year}: fill in value, applies_to_year, status and source "
                           f"({latest_announced(announcements, r['factor'], year, brief=True)}), then clear this cell"}
                for _, r in catalogue.iterrows()]
    from sustainability_appendix.inputs.workbook import locate

    where = locate(project.raw_dir(source_year), "factors")
    table = read_raw(where.path, sheet=where.sheet, columns=("factor", "value"), below_instructions=True)
    rows = []
    for _, rec in records(table):
        row = {c: rec.get(c, "") for c in FACTORS.column_names}
        row["status"] = rec.get("status") or OFFICIAL
        row["confirmed"] = ""
        row["review"] = (f"copied from {source_year}: check value, applies_to_year, status and source "
                         f"({latest_announced(announcements, rec['factor'], year, brief=True)}), then clear this cell")
        rows.append(row)
    return rows


# --- GHG inventory and water sites --------------------------------------------------------------

GHG_INVENTORY = Schema(
    name="ghg inventory",
    description="Scope 1 and scope 2 emissions by inventoried site, in tonnes CO2e.",
    columns=(
        Column("site_id", description="short English identifier of the site, used in metric names"),
        Column("site", description="inventoried site (盤查據點)"),
        Column("scope", choices=("scope1", "scope2"), description="scope1 or scope2"),
        Column("tco2e", "number", minimum=0, unit="tCO2e", description="emissions"),
        Column("source", description="report section or inventory document"),
    ),
    key=("site_id", "scope"),
)

WATER_SITES = Schema(
    name="water sites",
    description="Each site's address, water-risk level and water sources.",
    columns=(
        Column("site", description="site (機關)"),
        Column("address", description="address (地址)"),
        Column("water_risk_level", description="water-risk level (水資源風險等級)"),
        Column("water_sources", description="where its water is drawn from (取水處)"),
        Column("source", description="report section"),
    ),
    key=("site",),
)


# --- workforce ----------------------------------------------------------------------------------

_GENDER = Column("gender", vocabulary="genders", description="性別, as the report labels it: 女 or 男")
_AGE = Column("age_band", vocabulary="age_bands", description="age band: <30 (未滿 30 歲), 30-50, >50 (超過 50 歲)")
_COUNT = Column("count", "count", unit="人", description="number of people")

WORKFORCE_HEADCOUNT = Schema(
    name="workforce headcount",
    description="GRI 2-7 headcount at year end by category and gender (report table 員工人數).",
    columns=(_YEAR, Column("category", vocabulary="workforce_categories",
                           description="row of the report's table (A-G)"), _GENDER, _COUNT, _SOURCE, _NOTE),
    key=("category", "gender"),
)
WORKFORCE_FLOWS = Schema(
    name="workforce flows",
    description="New hires and leavers of the year by gender and age band (新進率/離職率統計表).",
    columns=(_YEAR, Column("flow", vocabulary="workforce_flow_kinds", description="hire (新進) or leaver (離職)"),
             _GENDER, _AGE, _COUNT, _SOURCE, _NOTE),
    key=("flow", "gender", "age_band"),
)
WORKFORCE_SENIOR = Schema(
    name="workforce senior management",
    description="Senior managers at year end by gender and age band (高階主管組成統計).",
    columns=(_YEAR, _GENDER, _AGE, _COUNT, _SOURCE, _NOTE),
    key=("gender", "age_band"),
)
WORKFORCE_COUNTS = Schema(
    name="workforce counts",
    description="Stated totals of the tables above, and parental leave.",
    columns=(_YEAR, Column("item", vocabulary="workforce_count_items", description="what was counted"),
             Column("value", "count", unit="人", description="number of people"),
             Column("unit", choices=("人",), description="always 人"), _SOURCE, _NOTE),
    key=("item",),
)


def find_row(table: pd.DataFrame, **keys) -> int | None:
    """The spreadsheet row whose columns equal ``keys``, or None."""
    mask = pd.Series(True, index=table.index)
    for column, value in keys.items():
        mask &= table[column] == value
    rows = table.index[mask]
    return int(rows[0]) if len(rows) else None


def _complete(check: TableCheck, table: pd.DataFrame, **levels: tuple[str, ...]) -> bool:
    """Every combination of the key columns' labels has a row."""
    ok = True
    present = set(zip(*(table[c] for c in levels)))
    for combo in itertools.product(*levels.values()):
        keys = dict(zip(levels, combo))
        if combo not in present:
            shown = ", ".join(f"{k} '{v}'" for k, v in keys.items())
            check.add(None, next(iter(levels)), f"a row for {shown}", "no such row")
            ok = False
    return ok


def _headcount_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """Every category × gender; each breakdown (B + C, D + E, F + G) adds up to the employees (A)."""
    categories = ctx.reference("workforce_categories")
    genders = ctx.codes("genders")
    if not _complete(check, table, category=tuple(categories["category"]), gender=genders):
        return
    letters = dict(zip(categories["category"], categories["letter"]))
    labels = dict(zip(categories["category"], categories["label"]))
    total = categories.loc[categories["breakdown"] == "", "category"].iloc[0]
    for gender in genders:
        a_row = find_row(table, category=total, gender=gender)
        a = int(table.at[a_row, "count"])
        for _, part in categories[categories["breakdown"] != ""].groupby("breakdown", sort=False):
            rows = [find_row(table, category=c, gender=gender) for c in part["category"]]
            counts = [int(table.at[r, "count"]) for r in rows]
            if sum(counts) != a:
                terms = " + ".join(f"{labels[c]} ({letters[c]})" for c in part["category"])
                shown = " + ".join(f"row {r}" for r in rows)
                check.add(a_row, "count",
                          f"{labels[total]} ({letters[total]}) = {terms} for gender '{gender}' "
                          f"({shown}: {' + '.join(map(str, counts))} = {sum(counts)})", a)


def _flows_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    _complete(check, table, flow=ctx.codes("workforce_flow_kinds"), gender=ctx.codes("genders"),
              age_band=ctx.codes("age_bands"))


def _senior_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    _complete(check, table, gender=ctx.codes("genders"), age_band=ctx.codes("age_bands"))


# --- training -----------------------------------------------------------------------------------

TRAINING_PROGRAMMES = Schema(
    name="training programmes",
    description="One row per programme and measure (classes, people, satisfaction, budget ...).",
    columns=(
        _YEAR,
        Column("programme", vocabulary="training_catalogue", description="programme identifier"),
        Column("measure", vocabulary="training_measures", description="what was counted or measured"),
        Column("value", "number", description="the value, as published"),
        Column("unit", description="unit; must match the measure"),
        _SOURCE, _NOTE,
    ),
    key=("programme", "measure"),
)


def _measure_values(table: pd.DataFrame, check: TableCheck, measures: pd.DataFrame) -> None:
    """Each value against its measure's unit and kind (count, percent, amount)."""
    specs = measures.set_index("measure").to_dict("index")
    for row, rec in records(table):
        unit, kind = specs[rec["measure"]]["unit"], specs[rec["measure"]]["kind"]
        value = rec["value"]
        if rec["unit"] != unit:
            check.add(row, "unit", f"'{unit}' for measure '{rec['measure']}'", rec["unit"])
        if kind == "count" and not (value >= 0 and float(value).is_integer()):
            check.add(row, "value", f"a whole number of at least 0 for measure '{rec['measure']}'", value)
        elif kind == "percent" and not 0 <= value <= 100:
            check.add(row, "value", f"a percentage from 0 to 100 for measure '{rec['measure']}'", value)
        elif kind == "amount" and value < 0:
            check.add(row, "value", f"a number of at least 0 for measure '{rec['measure']}'", value)


def _training_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """Each value against its measure's unit and kind; outcomes never exceed their base."""
    _measure_values(table, check, ctx.reference("training_measures"))
    # A rate above 100% means an outcome was transcribed larger than what it is a share of.
    by_programme: dict[str, dict[str, tuple[int, float]]] = {}
    for row, programme, measure, value in zip(table.index, table["programme"], table["measure"], table["value"]):
        by_programme.setdefault(programme, {})[measure] = (row, value)
    for part, whole in (("completers", "participants"), ("employed", "completers"), ("employed", "cases"),
                        ("exempt_providers", "providers"), ("evaluated_providers", "providers"),
                        ("rated_excellent", "evaluated_providers"), ("rated_good", "evaluated_providers"),
                        ("scored_85_plus", "evaluated_providers")):
        for programme, values in sorted(by_programme.items()):
            if part in values and whole in values and values[part][1] > values[whole][1]:
                check.add(values[part][0], "value",
                          f"{part} of '{programme}' at most its {whole} ({values[whole][1]:,.0f}, "
                          f"row {values[whole][0]}), so that the rate stays within 0-100%", values[part][1])


# --- labour inspection and occupational safety ------------------------------------------------

LABOUR_INSPECTION = Schema(
    name="labour inspection",
    description="One row per activity and measure (inspections, seminars, visits, dispute cases, committee ...).",
    columns=(
        _YEAR,
        Column("activity", vocabulary="labour_inspection_activities", description="activity identifier"),
        Column("measure", vocabulary="labour_inspection_measures", description="what was counted"),
        Column("value", "number", description="the value, as published"),
        Column("unit", description="unit; must match the measure"),
        _SOURCE, _NOTE,
    ),
    key=("activity", "measure"),
)


def _labour_inspection_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """Each value against its measure's unit and kind; the part of a declared rate never
    exceeds its whole (data/reference/labour_inspection_rates.csv)."""
    _measure_values(table, check, ctx.reference("labour_inspection_measures"))
    rows = {(r.activity, r.measure): (row, r.value) for row, r in zip(table.index, table.itertuples(index=False))}
    for rate in ctx.reference("labour_inspection_rates").itertuples():
        part, whole = (tuple(t.strip().split(".", 1)) for t in (rate.part, rate.whole))
        if part in rows and whole in rows and rows[part][1] > rows[whole][1]:
            check.add(rows[part][0], "value",
                      f"{'.'.join(part)} at most {'.'.join(whole)} ({rows[whole][1]:,.0f}, row {rows[whole][0]}), "
                      f"of which it is a part ({rate.metric_id})", rows[part][1])


# --- materiality --------------------------------------------------------------------------------

SCORES = ("1", "2", "3", "4", "5")
ATTRIBUTE_COLUMNS = ("dependency", "responsibility", "influence", "diverse_perspectives", "tension")


def _score(name: str, description: str) -> Column:
    return Column(name, choices=SCORES, allow_blank=True, description=description + " (1–5; blank = not answered)")


MATERIALITY_TOPICS = Schema(
    name="materiality topics",
    description="The sustainability topics of report 2.5.1 and the material topic each rolls up to.",
    columns=(
        Column("topic", description="topic code as printed, e.g. 1.1, 3.10"),
        Column("name", description="topic name as printed"),
        Column("group", "count", description="the number before the dot of the code"),
        Column("group_name", description="the appendix's name for the group (the report numbers groups only)"),
        Column("material_topic", allow_blank=True,
               description="the material topic it rolls up to (the appendix's mapping); blank if none"),
        Column("mapping_basis", allow_blank=True, required=False, description="why it rolls up there"),
        Column("gri", allow_blank=True, required=False, description="GRI disclosures of 5.2 that match it"),
        Column("chart_block", "count", allow_blank=True, required=False,
               description="block of labels in the text extraction of the 2.5.1 chart"),
        Column("chart_order", "count", allow_blank=True, required=False,
               description="position of the label in that extraction"),
        Column("source", description="report section"),
    ),
    key=("topic",),
)

MATERIAL_TOPICS = Schema(
    name="material topics",
    description="The material topics of report 2.5.2.",
    columns=(
        Column("material_topic", description="identifier, e.g. MT1"),
        Column("name", description="name as printed in 2.5.2"),
        Column("gri_standards", description="涵蓋之主題 as printed in 2.5.2"),
        Column("gri_disclosures", description="disclosures listed under it in 5.2, separated by ';'"),
        Column("stakeholders", allow_blank=True,
               description="stakeholder codes 2.5.3 names for it (涉及之利害關係人), separated by ';'"),
        Column("source", description="report sections"),
    ),
    key=("material_topic",),
)

STAKEHOLDERS = Schema(
    name="stakeholder groups",
    description="The stakeholder groups the year's assessment identified (report 2.4.1); their names are those of "
                "data/reference/stakeholder_groups.csv.",
    columns=(
        Column("stakeholder", vocabulary="stakeholder_groups", description="code of the group, e.g. S1"),
        Column("source", description="report section"),
    ),
    key=("stakeholder",),
)

PUBLISHED_RATINGS = Schema(
    name="published impact ratings",
    description="Stars printed per material topic and impact dimension in report 2.5.2.",
    columns=(
        Column("material_topic", description="identifier of the material topic"),
        Column("dimension", vocabulary="materiality_vocabulary:dimension", description="衝擊面向"),
        Column("stars", choices=SCORES, allow_blank=True,
               description="number of stars (1–5); blank when the rating is ambiguous or lost"),
        Column("reading", vocabulary="materiality_vocabulary:reading",
               description="whether the text extraction kept the rating"),
        Column("stars_as_extracted", allow_blank=True,
               description="the stars exactly as extracted; ' | ' separates table rows"),
        Column("statements", description="衝擊評估 statements as printed; ' | ' separates table rows"),
        Column("note", allow_blank=True, required=False, description="how the rating was read"),
    ),
    key=("material_topic", "dimension"),
)

_RESPONSE_COMMON = (
    Column("data_status", choices=("survey", "example"),
           description="'example' for the illustrative response set, 'survey' for real questionnaire answers"),
    Column("rater_id", description="anonymous rater identifier"),
    Column("rater_type", vocabulary="materiality_vocabulary:rater_type", description="internal manager or external expert"),
)

STAKEHOLDER_RESPONSES = Schema(
    name="stakeholder attribute scores",
    description="AA1000SES attribute scores per rater and stakeholder group.",
    columns=_RESPONSE_COMMON + (Column("stakeholder", description="stakeholder group code"),)
    + tuple(_score(name, f"AA1000SES attribute '{name}'") for name in ATTRIBUTE_COLUMNS),
    key=("rater_id", "stakeholder"),
)

IMPACT_RESPONSES = Schema(
    name="impact assessments",
    description="Impact assessments per rater, topic and direction (GRI 3: severity and likelihood).",
    columns=_RESPONSE_COMMON + (
        Column("topic", description="topic code"),
        Column("direction", choices=("negative", "positive"), description="負面 or 正面 impact"),
        Column("status", choices=("actual", "potential"), description="實際 or 潛在 impact"),
        _score("scale", "規模 scale"),
        _score("scope", "範圍 scope"),
        _score("irremediability", "不可補救性 irremediable character (negative impacts only)"),
        _score("likelihood", "可能性 likelihood (potential impacts only)"),
    ),
    key=("rater_id", "topic", "direction"),
)


def _topics_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    for row, rec in records(table):
        if not re.fullmatch(r"\d+\.\d+", rec["topic"]):
            check.add(row, "topic", "a code of the form <group>.<number>, e.g. 1.1 or 3.10", rec["topic"])
        elif int(rec["topic"].split(".")[0]) != rec["group"]:
            check.add(row, "group", f"the number before the dot of topic {rec['topic']}", rec["group"])


def _ratings_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    for row, rec in records(table):
        counted = str(rec["stars_as_extracted"]).count("☆") + str(rec["stars_as_extracted"]).count("★")
        if rec["reading"] == "printed":
            if rec["stars"] == "":
                check.add(row, "stars", "the number of stars when reading is 'printed'", "an empty cell")
            elif int(rec["stars"]) != counted:
                check.add(row, "stars", f"the number of stars in stars_as_extracted ({counted})", rec["stars"])
        elif rec["stars"] != "":
            check.add(row, "stars", f"blank when reading is '{rec['reading']}' (no rating is inferred)", rec["stars"])


def _responses_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """A file's name says whether its rows are the example; a rater keeps one type."""
    example_file = "example" in table.attrs.get("source_file", "")
    expected = "example" if example_file else "survey"
    why = "the file name contains 'example'" if example_file else "the file name does not contain 'example'"
    types: dict[str, str] = {}
    for row, rec in zip(table.index, table.itertuples(index=False)):
        if rec.data_status != expected:
            check.add(row, "data_status", f"'{expected}' ({why})", rec.data_status)
        first = types.setdefault(rec.rater_id, rec.rater_type)
        if rec.rater_type != first:
            check.add(row, "rater_type", f"'{first}' as on this rater's first row", rec.rater_type)
        if "direction" in table.columns:
            if rec.direction == "positive" and rec.irremediability != "":
                check.add(row, "irremediability", "blank for a positive impact (irremediability applies to "
                          "negative impacts only)", rec.irremediability)
            if rec.status == "actual" and rec.likelihood != "":
                check.add(row, "likelihood", "blank for an actual impact (likelihood applies to potential "
                          "impacts only)", rec.likelihood)


# --- stakeholder communication (2.4.2) ----------------------------------------------------------

HELD_IN = ("training_programmes", "labour_inspection", "quantities")
_HELD_AS_PAIR = ("training_programmes", "labour_inspection")  # keyed programme.measure, activity.measure
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
_GRI_CODE = re.compile(r"\d+-\d+")

STAKEHOLDER_COMMUNICATION = Schema(
    name="stakeholder communication",
    description="What the report counted of its exchanges with each stakeholder group (2.4.2 溝通成效).",
    columns=(
        _YEAR,
        Column("stakeholder", vocabulary="stakeholder_groups", description="the group (2.4.1), e.g. S1"),
        Column("item", description="identifier of the count, used as its metric name (lower-case letters, digits, _)"),
        Column("channel", vocabulary="communication_vocabulary:channel", description="the channel it was counted on"),
        Column("part", vocabulary="communication_vocabulary:part",
               description="outcome (關鍵互動成果) or mechanism (溝通支持與行政機制)"),
        Column("value", "number", allow_blank=True, minimum=0,
               description="the count as printed; blank when another input file holds it (held_in)"),
        Column("unit", allow_blank=True, description="unit as printed (件, 場, 人次 ...); blank when held_in is given"),
        Column("label", description="what the report calls it, Traditional Chinese with English alongside"),
        Column("held_in", choices=HELD_IN, allow_blank=True,
               description="the input file that already holds this count (training_programmes, labour_inspection or "
                           "quantities); blank when this row holds it"),
        Column("held_as", allow_blank=True,
               description="its key in that file: programme.measure (training_programmes), activity.measure "
                           "(labour_inspection) or item (quantities)"),
        Column("gri", allow_blank=True, required=False, description="GRI disclosures, separated by ';' (2-29 ...)"),
        _SOURCE, _NOTE,
    ),
    key=("item",),
)

STAKEHOLDER_CHANNELS = Schema(
    name="stakeholder channels",
    description="The channels each stakeholder group communicates through, and how often (2.4.2 溝通管道及頻率).",
    columns=(
        _YEAR,
        Column("stakeholder", vocabulary="stakeholder_groups", description="the group (2.4.1), e.g. S1"),
        Column("channel", vocabulary="communication_vocabulary:channel", description="the channel listed"),
        Column("frequency", vocabulary="communication_vocabulary:frequency",
               description="regular (每年、定期), occasional (不定期) or real_time (即時)"),
        _SOURCE, _NOTE,
    ),
    key=("stakeholder", "channel"),
)


def held_metric_id(held_in: str, held_as: str) -> str:
    """The metric name of a count another file holds: the one the chapter reading that file gives it."""
    return held_as.replace(".", "_") if held_in in _HELD_AS_PAIR else held_as


def _gri_rules(table: pd.DataFrame, check: TableCheck) -> None:
    if "gri" not in table.columns:
        return
    for row, cell in table["gri"].items():
        for code in [c.strip() for c in str(cell).split(";") if c.strip()]:
            if not _GRI_CODE.fullmatch(code):
                check.add(row, "gri", "GRI disclosure codes such as 2-29 or 201-1, separated by ';'", code)


def _communication_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """A row holds its count, or names the file and key that hold it, never both."""
    for row, rec in records(table):
        if not _IDENTIFIER.fullmatch(rec["item"]):
            check.add(row, "item", "an identifier of lower-case letters, digits and _", rec["item"])
        if rec["held_in"]:
            for column in ("value", "unit"):
                if not (rec[column] is None or rec[column] == "" or pd.isna(rec[column])):
                    check.add(row, column, f"an empty cell when held_in names the file holding the count "
                              f"({rec['held_in']})", rec[column])
            pair = rec["held_in"] in _HELD_AS_PAIR
            pattern = r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*" if pair else r"[a-z][a-z0-9_]*"
            if not re.fullmatch(pattern, rec["held_as"]):
                what = {"training_programmes": "programme.measure", "labour_inspection": "activity.measure"}.get(
                    rec["held_in"], "a quantity item")
                check.add(row, "held_as", f"{what} of {rec['held_in']}.csv", rec["held_as"] or "an empty cell")
            elif rec["item"] != held_metric_id(rec["held_in"], rec["held_as"]):
                check.add(row, "item", f"'{held_metric_id(rec['held_in'], rec['held_as'])}', the name the chapter "
                          f"reading {rec['held_in']}.csv gives this count (so the audit sees one figure)", rec["item"])
        else:
            if rec["value"] is None or pd.isna(rec["value"]):
                check.add(row, "value", "the count as printed (or held_in naming the file that holds it)",
                          "an empty cell")
            if not rec["unit"]:
                check.add(row, "unit", "the unit as printed (件, 場, 人次 ...)", "an empty cell")
            if rec["held_as"]:
                check.add(row, "held_as", "an empty cell when held_in is empty", rec["held_as"])
    _gri_rules(table, check)


# --- social participation (3.3.2.4) -------------------------------------------------------------

SOCIAL_ACTIVITIES = Schema(
    name="social activities",
    description="The activities of social participation: each row of the 3.3.2.4 activity table (活動一覽), and "
                "the activities the report describes elsewhere.",
    columns=(
        _YEAR,
        Column("activity", description="identifier of the activity, used in metric names"),
        Column("kind", vocabulary="social_activity_kinds", description="what kind of activity it is"),
        Column("label", description="the activity's name as printed, with English alongside"),
        Column("in_activity_table", choices=("yes", "no"),
               description="yes: a row of the 3.3.2.4 activity table (活動一覽), whose spending is printed"),
        Column("spending_twd", "number", allow_blank=True, minimum=0, unit="元",
               description="執行金額 as printed; blank when the activity is not in the table, or when its "
                           "programmes hold it (budget_twd of training_programmes.csv)"),
        Column("programmes", allow_blank=True,
               description="training programmes (training_programmes.csv) that hold this activity's counts and "
                           "spending, separated by ';'; blank when this file and social_activity_measures.csv hold them"),
        _SOURCE, _NOTE,
    ),
    key=("activity",),
)

SOCIAL_ACTIVITY_MEASURES = Schema(
    name="social activity measures",
    description="What the report counts of each activity (sessions, participants, visitors, stalls ...).",
    columns=(
        _YEAR,
        Column("activity", description="an activity of social_activities.csv"),
        Column("part", allow_blank=True,
               description="identifier of a part of the activity (a camp, a course ...); blank for the whole activity"),
        Column("measure", vocabulary="social_measures", description="what was counted"),
        Column("value", "number", minimum=0, description="the value as printed"),
        Column("unit", description="unit; must match the measure"),
        Column("label", description="what the report calls it"),
        Column("period", allow_blank=True,
               description="blank for the calendar year; otherwise the period the value covers (a cumulative count), "
                           "which is then not compared with other years"),
        _SOURCE, _NOTE,
    ),
    key=("activity", "part", "measure"),
)


def _social_activity_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """The table's spending is printed for its rows only, and held in one place."""
    for row, rec in records(table):
        if not _IDENTIFIER.fullmatch(rec["activity"]):
            check.add(row, "activity", "an identifier of lower-case letters, digits and _", rec["activity"])
        has_spending = not (rec["spending_twd"] is None or pd.isna(rec["spending_twd"]))
        if rec["in_activity_table"] == "no" and has_spending:
            check.add(row, "spending_twd", "an empty cell for an activity not in the activity table (the report "
                      "prints no spending for it)", rec["spending_twd"])
        elif rec["in_activity_table"] == "yes" and rec["programmes"] and has_spending:
            check.add(row, "spending_twd", "an empty cell when programmes names where the spending is held "
                      "(budget_twd of training_programmes.csv)", rec["spending_twd"])
        elif rec["in_activity_table"] == "yes" and not rec["programmes"] and not has_spending:
            check.add(row, "spending_twd", "the 執行金額 the activity table prints (or programmes naming where it "
                      "is held)", "an empty cell")
        for term in [t.strip() for t in rec["programmes"].split(";") if t.strip()]:
            if not _IDENTIFIER.fullmatch(term):
                check.add(row, "programmes", "programme identifiers of training_catalogue.csv, separated by ';'", term)


def _social_measure_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    measures = ctx.reference("social_measures").set_index("measure")
    for row, rec in records(table):
        unit = measures.at[rec["measure"], "unit"]
        if rec["unit"] != unit:
            check.add(row, "unit", f"'{unit}' for measure '{rec['measure']}'", rec["unit"])
        if not float(rec["value"]).is_integer():
            check.add(row, "value", f"a whole number for measure '{rec['measure']}'", rec["value"])
        for column in ("activity", "part"):
            if rec[column] and not _IDENTIFIER.fullmatch(rec[column]):
                check.add(row, column, "an identifier of lower-case letters, digits and _", rec[column])


# --- governance and finances (3.3.3) ------------------------------------------------------------

BUDGET = Schema(
    name="budget",
    description="The budget table a year's report prints (預決算情形): revenue and expenditure by fiscal year.",
    columns=(
        _YEAR,
        Column("fiscal_year", "year", description="the fiscal year of the column (the table covers earlier years)"),
        Column("line", vocabulary="finance_vocabulary:line", description="revenue (歲入) or expenditure (歲出)"),
        Column("stage", vocabulary="finance_vocabulary:stage", description="budget (預算數) or final (決算數)"),
        Column("value", "number", minimum=0, unit="千元", description="the amount as printed"),
        Column("unit", choices=("千元",), description="always 千元 (thousand NT$), as the table's footnote says"),
        _SOURCE, _NOTE,
    ),
    key=("fiscal_year", "line", "stage"),
)

GOVERNMENT_GRANTS = Schema(
    name="government grants",
    description="Financial assistance received from government (政府補助, GRI 201-4).",
    columns=(
        _YEAR,
        Column("grant", description="identifier of the grant, used in metric names"),
        Column("label", description="what the report calls it, with English alongside"),
        Column("grantor", description="the government body granting it (補助單位)"),
        Column("fiscal_year", "year", description="the fiscal year it is for"),
        Column("value", "number", minimum=0, unit="千元", description="the amount as printed"),
        Column("unit", choices=("千元",), description="always 千元 (thousand NT$)"),
        _SOURCE, _NOTE,
    ),
    key=("grant",),
)

GOVERNANCE_COUNTS = Schema(
    name="governance counts",
    description="Counts the report quotes about its governance (meetings, structure, integrity cases, fines ...).",
    columns=(
        _YEAR,
        Column("item", description="identifier of the count, used as its metric name"),
        Column("area", vocabulary="governance_areas", description="what it is about"),
        Column("value", "number", minimum=0, description="the count as printed (Chinese numerals in digits)"),
        Column("unit", description="unit as printed"),
        Column("label", description="what the report calls it, with English alongside"),
        Column("gri", allow_blank=True, required=False, description="GRI disclosures it answers, separated by ';'"),
        _SOURCE, _NOTE,
    ),
    key=("item",),
)

ETHICS_COVERAGE = Schema(
    name="ethics coverage",
    description="The bureau and each agency of the report's boundary, with who handles its ethics (政風) work.",
    columns=(
        _YEAR,
        Column("entity", description="identifier of the bureau or agency"),
        Column("name", description="its name, with English alongside"),
        Column("ethics_function", choices=("office", "part_time", "none"),
               description="office (政風室), part_time (兼辦政風業務人員) or none"),
        Column("officers", "count", allow_blank=True,
               description="part-time ethics officers it has; blank for an office"),
        _SOURCE, _NOTE,
    ),
    key=("entity",),
)


def _identifier_rules(column: str):
    def rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
        for row, value in table[column].items():
            if not _IDENTIFIER.fullmatch(value):
                check.add(row, column, "an identifier of lower-case letters, digits and _", value)
        _gri_rules(table, check)
    return rules


def _budget_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """Each fiscal year of the table has every line and stage."""
    lines, stages = ctx.codes("finance_vocabulary:line"), ctx.codes("finance_vocabulary:stage")
    for fiscal_year, rows in table.groupby("fiscal_year"):
        present = set(zip(rows["line"], rows["stage"]))
        for line, stage in itertools.product(lines, stages):
            if (line, stage) not in present:
                check.add(None, "stage", f"a row for fiscal year {fiscal_year}, line '{line}', stage '{stage}' (each "
                          "fiscal year of the table has every line and stage)", "no such row")
        if ctx.year is not None and fiscal_year > ctx.year:
            check.add(int(rows.index[0]), "fiscal_year", f"a fiscal year no later than the report's ({ctx.year})",
                      fiscal_year)


def _ethics_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    for row, rec in records(table):
        if not _IDENTIFIER.fullmatch(rec["entity"]):
            check.add(row, "entity", "an identifier of lower-case letters, digits and _", rec["entity"])
        has_officers = not (rec["officers"] is None or pd.isna(rec["officers"]))
        if rec["ethics_function"] == "part_time" and not has_officers:
            check.add(row, "officers", "the number of part-time ethics officers", "an empty cell")
        elif rec["ethics_function"] != "part_time" and has_officers:
            check.add(row, "officers", f"an empty cell for ethics_function '{rec['ethics_function']}'", rec["officers"])


# --- outcomes of the SDG table ------------------------------------------------------------------

SDG_INDICATORS = Schema(
    name="sdg indicators",
    description="Outcomes of the bureau's programmes that the SDG table (report 5.1) shows and no chapter computes.",
    columns=(
        Column("item", description="identifier: lower-case letters, digits and _ (used as metric name)"),
        Column("value", "number", minimum=0, description="the outcome as the report gives it"),
        Column("unit", description="unit as the report counts it (場, 人, 家 ...)"),
        Column("label", description="what the report calls it, Traditional Chinese with English alongside"),
        Column("gri", required=False, allow_blank=True, description="GRI disclosure, if any (blank: none applies)"),
        Column("source", description="report section(s) the value is transcribed from"),
        _NOTE,
    ),
    key=("item",),
)


def _sdg_indicator_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    for row, item in table["item"].items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", item):
            check.add(row, "item", "an identifier of lower-case letters, digits and _", item)


# --- targets ------------------------------------------------------------------------------------

TARGET_COMPARISONS = ("at_least", "at_most", "equal", "qualitative")
TARGET_BASES = ("level", "change_pct")
_FIGURE_REF = re.compile(r"[a-z_][a-z0-9_]*\.[A-Za-z0-9_]+")

TARGETS = Schema(
    name="targets",
    description="The targets the year's report sets, one row per target, with its baseline and what was achieved.",
    columns=(
        Column("target_id", description="identifier: lower-case letters, digits and _ (used in metric names)"),
        Column("material_topic", allow_blank=True,
               description="the material topic it is set under (materiality_material_topics.csv); blank for a "
                           "target set elsewhere in the report"),
        Column("indicator", description="what is measured, as the report words it"),
        Column("indicator_en", description="the same in English"),
        Column("target_text", description="the target as printed"),
        Column("period_start", "year", allow_blank=True,
               description="first year of the target's period (短期 2026, 中期 2027); blank: the target year"),
        Column("target_year", "year", description="the year the target is set for (the last of its period)"),
        Column("per_year", choices=("yes",), allow_blank=True,
               description="yes when the value holds for every year of the period (每年)"),
        Column("comparison", choices=TARGET_COMPARISONS,
               description="at_least (至少, 以上, 達), at_most, equal (a number without either), or qualitative"),
        Column("basis", choices=TARGET_BASES, allow_blank=True,
               description="level (the value itself) or change_pct (a % change from the baseline); blank when "
                           "qualitative"),
        Column("target_value", "number", allow_blank=True, description="the value set; blank when qualitative"),
        Column("unit", allow_blank=True, description="unit as printed; required with a value"),
        Column("baseline_year", "year", allow_blank=True, description="the baseline year the report states"),
        Column("baseline_value", "number", allow_blank=True, description="the baseline value the report states"),
        Column("achieved_year", "year", allow_blank=True, description="the latest year with an achieved value"),
        Column("achieved_value", "number", allow_blank=True,
               description="what the report says was achieved that year, in the target's unit"),
        Column("achieved_metric", allow_blank=True,
               description="the appendix's metric computing the achieved value (chapter.metric_id), where it has "
                           "one: the audit checks the two agree"),
        Column("source", description="report section(s) of the target, its baseline and what was achieved"),
        _NOTE,
    ),
    key=("target_id",),
)


def _targets_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    def blank(value) -> bool:
        return value is None or value == "" or (isinstance(value, float) and pd.isna(value))

    for row, rec in records(table):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", rec["target_id"]):
            check.add(row, "target_id", "an identifier of lower-case letters, digits and _", rec["target_id"])
        qualitative = rec["comparison"] == "qualitative"
        for column in ("target_value", "unit", "basis"):
            if qualitative and not blank(rec[column]):
                check.add(row, column, "blank for a qualitative target", rec[column])
            elif not qualitative and blank(rec[column]):
                check.add(row, column, f"a {column.replace('_', ' ')} for a target compared '{rec['comparison']}'",
                          "an empty cell")
        if not blank(rec["period_start"]) and rec["period_start"] > rec["target_year"]:
            check.add(row, "period_start", f"a year no later than target_year ({rec['target_year']})",
                      rec["period_start"])
        for what in ("baseline", "achieved"):
            if not blank(rec[f"{what}_value"]) and blank(rec[f"{what}_year"]):
                check.add(row, f"{what}_year", f"the year of the {what} value {rec[f'{what}_value']:g}",
                          "an empty cell")
        if not blank(rec["achieved_year"]) and ctx.year is not None and rec["achieved_year"] > ctx.year:
            check.add(row, "achieved_year", f"a year no later than the year of the folder it is in ({ctx.year})",
                      rec["achieved_year"])
        metric = rec["achieved_metric"]
        if metric and not _FIGURE_REF.fullmatch(metric):
            check.add(row, "achieved_metric", "a metric of the appendix as chapter.metric_id, or blank", metric)
        elif metric and blank(rec["achieved_value"]):
            check.add(row, "achieved_value", f"the achieved value as the report prints it (to check against {metric})",
                      "an empty cell")
# --- confirmations of plausibility checks ---------------------------------------------------------

CONFIRMATIONS = Schema(
    name="confirmations",
    description="Computed figures outside their plausible range, confirmed as right.",
    columns=(
        Column("check_id", vocabulary="plausibility", description="the check of data/reference/plausibility.csv"),
        Column("confirmed", description="why the figure is right although outside its plausible range"),
        _NOTE,
    ),
    key=("check_id",),
)


def _confirmation_rules(table: pd.DataFrame, check: TableCheck, ctx: RuleContext) -> None:
    """Inputs are confirmed in their own row; this file confirms computed figures only."""
    figures = dict(zip(ctx.reference("plausibility")["check_id"], ctx.reference("plausibility")["figure"]))
    for row, check_id in table["check_id"].items():
        source = figures[check_id].split(".")[0]
        if source in ("raw", "factor"):
            where = "quantities.csv" if source == "raw" else "factors.csv"
            check.add(row, "check_id", f"a check of a computed figure ({figures[check_id]} is confirmed in the "
                      f"'confirmed' cell of its row in {where})", check_id)


_RESPONSES_PURPOSE = ("The {what} of the materiality questionnaire, one row per rater and {per}. The report does not "
                      "publish them: without this file the illustrative example file "
                      "(materiality_example_{stem}) is read, labelled as such everywhere.")

FILES: tuple[InputFile, ...] = (
    InputFile("quantities", YEAR, QUANTITIES,
              "One row per measured quantity of the year (electricity, gasoline, employees, water, paper, ...), "
              "each in the unit its item requires (data/reference/quantity_items.csv), with the report section "
              "or system it comes from. Delete the row of an item the year did not report: validation names the "
              "items a chapter cannot do without.",
              required=True, rules=_quantity_rules, template=_quantities_template, items="item"),
    InputFile("factors", YEAR, FACTORS,
              "Conversion and emission factors used for the year (data/reference/factor_catalogue.csv lists "
              "them), each with the data year it was published for (applies_to_year) and its publisher. A "
              "non-empty 'review' cell stops the build: clear it once the factor has been checked for this year.",
              required=True, rules=_factor_rules, template=_factors_template, items="factor"),
    InputFile("ghg_inventory", YEAR, GHG_INVENTORY,
              "Scope 1 and scope 2 emissions (tCO2e) of each inventoried site, one row per site and scope, as the "
              "report's GHG inventory table prints them. Only for years with an inventory; the earliest such "
              "year is the base year.", unit="tCO2e"),
    InputFile("water_sites", YEAR, WATER_SITES,
              "Each site's address, water-risk level and water sources, as the report's water-information table "
              "lists them. Optional: without it the chapter notes that no site table was given."),
    InputFile("workforce_headcount", YEAR, WORKFORCE_HEADCOUNT,
              "GRI 2-7 headcount at year end, one row per category (A-G of the report's table) and gender.",
              rules=_headcount_rules, unit="人"),
    InputFile("workforce_flows", YEAR, WORKFORCE_FLOWS,
              "New hires and leavers of the year, one row per flow, gender and age band.",
              rules=_flows_rules, unit="人"),
    InputFile("workforce_senior_management", YEAR, WORKFORCE_SENIOR,
              "Senior managers at year end, one row per gender and age band.", rules=_senior_rules, unit="人"),
    InputFile("workforce_counts", YEAR, WORKFORCE_COUNTS,
              "The totals the workforce tables state, and parental leave (took leave, returned).", unit="人"),
    InputFile("training_programmes", YEAR, TRAINING_PROGRAMMES,
              "Training and employment-service programmes, one row per programme and measure "
              "(data/reference/training_catalogue.csv and training_measures.csv list them).",
              rules=_training_rules),
    InputFile("labour_inspection", YEAR, LABOUR_INSPECTION,
              "Labour inspection, outreach, migrant workers' dormitories, labour disputes and the bureau's own "
              "occupational safety and health, one row per activity and measure "
              "(data/reference/labour_inspection_activities.csv and labour_inspection_measures.csv list them).",
              rules=_labour_inspection_rules),
    InputFile("materiality_topics", YEAR, MATERIALITY_TOPICS,
              "The sustainability topics of the materiality assessment (report 2.5.1), each with the material "
              "topic it rolls up to.", rules=_topics_rules),
    InputFile("materiality_material_topics", YEAR, MATERIAL_TOPICS,
              "The material topics of report 2.5.2 with their GRI disclosures and stakeholder groups."),
    InputFile("materiality_stakeholders", YEAR, STAKEHOLDERS,
              "The stakeholder groups the year's assessment identified (report 2.4.1), by their codes in "
              "data/reference/stakeholder_groups.csv, which holds their names."),
    InputFile("materiality_published_ratings", YEAR, PUBLISHED_RATINGS,
              "The impact ratings (stars) report 2.5.2 printed per material topic and dimension.",
              rules=_ratings_rules),
    InputFile("materiality_stakeholder_responses", YEAR, STAKEHOLDER_RESPONSES,
              _RESPONSES_PURPOSE.format(what="stakeholder attribute scores", per="stakeholder group",
                                        stem="stakeholder_responses"), rules=_responses_rules),
    InputFile("materiality_impact_responses", YEAR, IMPACT_RESPONSES,
              _RESPONSES_PURPOSE.format(what="impact assessments", per="topic and direction",
                                        stem="impact_responses"), rules=_responses_rules),
    InputFile("materiality_example_stakeholder_responses", YEAR, STAKEHOLDER_RESPONSES,
              "An illustrative stakeholder response set (scripts/make_example_materiality_responses.py), read "
              "only when the year has no materiality_stakeholder_responses; every row says data_status 'example'.",
              rules=_responses_rules),
    InputFile("materiality_example_impact_responses", YEAR, IMPACT_RESPONSES,
              "An illustrative impact response set, read only when the year has no materiality_impact_responses.",
              rules=_responses_rules),
    InputFile("targets", YEAR, TARGETS,
              "The targets the report sets (2.5.3 管理方針 階段性目標 and elsewhere), one row per target: its material "
              "topic, period and target year, how it compares (at least, at most, equal, qualitative), its value, "
              "the baseline the report states and what it says was achieved, with the appendix's metric for it "
              "where there is one. A target without a year is refused.", rules=_targets_rules),
    InputFile("stakeholder_communication", YEAR, STAKEHOLDER_COMMUNICATION,
              "The counts report 2.4.2 prints of the bureau's exchanges with each stakeholder group (petitions, "
              "meetings, visits, inspections, committees, media, procurement ...), one row per count with its group, "
              "channel and part (關鍵互動成果 or 溝通支持與行政機制). A count another input file already holds (a "
              "training programme's classes, the staff training hours) names that file in held_in and its key in "
              "held_as instead of repeating the value.", rules=_communication_rules),
    InputFile("stakeholder_channels", YEAR, STAKEHOLDER_CHANNELS,
              "The channels report 2.4.2 lists for each stakeholder group (溝通管道及頻率), one row per group and "
              "channel, with how often: regular, occasional or real time."),
    InputFile("social_activities", YEAR, SOCIAL_ACTIVITIES,
              "The activities of social participation, one row each: every row of the 3.3.2.4 activity table (活動一覽) "
              "with its 執行金額, and the activities the report counts elsewhere (the Labour Museum's exhibitions, "
              "theatre ...). An activity whose counts and spending a training programme already holds names it in "
              "programmes instead of repeating them.", rules=_social_activity_rules, unit="元"),
    InputFile("social_activity_measures", YEAR, SOCIAL_ACTIVITY_MEASURES,
              "What the report counts of each activity of social_activities.csv (sessions, participants, visitors, "
              "stalls ...), one row per activity, part and measure (data/reference/social_measures.csv); a count over "
              "more than the year says so in period.", rules=_social_measure_rules),
    InputFile("budget", YEAR, BUDGET,
              "The budget table the year's report prints (3.3.3.3 預決算情形): revenue and expenditure, budget and "
              "final accounts, in 千元, one row per fiscal year, line and stage. The table covers earlier fiscal years "
              "(the 2025 report prints 2022-2024): fiscal_year says which.", rules=_budget_rules, unit="千元"),
    InputFile("government_grants", YEAR, GOVERNMENT_GRANTS,
              "Financial assistance received from government (3.3.3.3 政府補助; GRI 201-4), one row per grant, in 千元.",
              rules=_identifier_rules("grant"), unit="千元"),
    InputFile("governance_counts", YEAR, GOVERNANCE_COUNTS,
              "Counts the report quotes in its text about governance (review of the report, structure, integrity "
              "cases, fines, meeting rules, frameworks), one row each, with its area "
              "(data/reference/governance_areas.csv) and the section it is quoted in.",
              rules=_identifier_rules("item")),
    InputFile("ethics_coverage", YEAR, ETHICS_COVERAGE,
              "The bureau and each agency of the report's boundary (1.1), with its ethics office or part-time ethics "
              "officers (3.3.3.1 反貪腐度): the coverage of corruption-risk assessment is computed from it.",
              rules=_ethics_rules),
    InputFile("sdg_indicators", YEAR, SDG_INDICATORS,
              "Outcomes the SDG table (report 5.1) shows that no chapter computes (sheltered workshops joining "
              "net-zero actions), one row per item with its unit and source section.",
              rules=_sdg_indicator_rules),
    InputFile("confirmations", YEAR, CONFIRMATIONS,
              "Computed figures outside their plausible range (data/reference/plausibility.csv) that the analyst "
              "checked and confirms, each with why. A quantity or a factor is confirmed in the 'confirmed' cell of "
              "its own row instead. Until confirmed, such a figure is a warning of `appendix validate` and a "
              "finding of the audit.", rules=_confirmation_rules, reviewed=True),
)
