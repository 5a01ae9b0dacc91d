"""Inputs of the materiality chapter (report 2.4 利害關係人議合, 2.5 重大主題管理).

Files in ``data/raw/<year>/`` (CSV or XLSX):

``materiality_topics``              the 17 sustainability topics of 2.5.1 (code, name, group) and
                                    the material topic each rolls up to. The report does not print
                                    the roll-up: it is this appendix's mapping, with its basis.
``materiality_material_topics``     the six material topics of 2.5.2 with their GRI disclosures
                                    (5.2) and the stakeholder groups 2.5.3 names for each.
``materiality_stakeholders``        the eight stakeholder groups of 2.4.1.
``materiality_published_ratings``   the impact ratings (stars) 2.5.2 printed per material topic and
                                    dimension, transcribed; ``reading`` says whether the text
                                    extraction kept the rating (printed), left it ambiguous or lost it.
``materiality_stakeholder_responses``  AA1000SES attribute scores (1–5) per rater and group.
``materiality_impact_responses``       impact assessments per rater, topic and direction.

The report does not publish its questionnaire responses. When the two response
files are absent, the ``materiality_example_…`` files are read instead: an
illustrative response set made by ``scripts/make_example_materiality_responses.py``.
Every row of a response file says what it is in ``data_status``: ``example`` in a
file whose name contains ``example``, ``survey`` otherwise; a mismatch is an error.

Blank answers are allowed by the file rules: a rater with any missing answer is
dropped from that questionnaire by the chapter (see ``materiality.complete_raters``),
not rejected here. A score outside 1–5, an unknown code, or an answer that does not
apply (irremediability for a positive impact, likelihood for an actual one) is an
:class:`InputError` naming file, row, column and rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sustainability_appendix.project import raw_dir
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, find_input, read_table

SCORES = ("1", "2", "3", "4", "5")
ATTRIBUTES = {
    "dependency": "依賴性 Dependency",
    "responsibility": "責任 Responsibility",
    "influence": "影響力 Influence",
    "diverse_perspectives": "多元觀點 Diverse perspectives",
    "tension": "關注張力 Tension",
}
DIMENSIONS = {"governance": "治理 Governance", "environment": "環境 Environment", "human_rights": "人權 Human rights"}
READINGS = {
    "printed": "印出 printed",
    "ambiguous": "擷取後不明 ambiguous in the text",
    "lost": "擷取時遺失 lost in the text",
}
RATER_TYPES = {"internal": "內部主管 Internal managers", "external": "外部專家 External experts"}
DATA_STATUS = ("survey", "example")


def _score(name: str, description: str) -> Column:
    return Column(name, choices=SCORES, allow_blank=True, description=description + " (1–5; blank = not answered)")


TOPICS_SCHEMA = Schema(
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

MATERIAL_TOPICS_SCHEMA = Schema(
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

STAKEHOLDERS_SCHEMA = Schema(
    name="stakeholder groups",
    description="The stakeholder groups of report 2.4.1.",
    columns=(
        Column("stakeholder", description="identifier, e.g. S1"),
        Column("name", description="name as printed in 2.4.1"),
        Column("short_name", description="short name for figures"),
        Column("name_en", description="English name"),
        Column("source", description="report section"),
    ),
    key=("stakeholder",),
)

RATINGS_SCHEMA = Schema(
    name="published impact ratings",
    description="Stars printed per material topic and impact dimension in report 2.5.2.",
    columns=(
        Column("material_topic", description="identifier of the material topic"),
        Column("dimension", choices=tuple(DIMENSIONS), description="衝擊面向"),
        Column("stars", choices=SCORES, allow_blank=True,
               description="number of stars (1–5); blank when the rating is ambiguous or lost"),
        Column("reading", choices=tuple(READINGS), description="whether the text extraction kept the rating"),
        Column("stars_as_extracted", allow_blank=True,
               description="the stars exactly as extracted; ' | ' separates table rows"),
        Column("statements", description="衝擊評估 statements as printed; ' | ' separates table rows"),
        Column("note", allow_blank=True, required=False, description="how the rating was read"),
    ),
    key=("material_topic", "dimension"),
)

_RESPONSE_COMMON = (
    Column("data_status", choices=DATA_STATUS,
           description="'example' for the illustrative response set, 'survey' for real questionnaire answers"),
    Column("rater_id", description="anonymous rater identifier"),
    Column("rater_type", choices=tuple(RATER_TYPES), description="internal manager or external expert"),
)

STAKEHOLDER_RESPONSES_SCHEMA = Schema(
    name="stakeholder attribute scores",
    description="AA1000SES attribute scores per rater and stakeholder group.",
    columns=_RESPONSE_COMMON + (Column("stakeholder", description="stakeholder group code"),)
    + tuple(_score(name, label) for name, label in ATTRIBUTES.items()),
    key=("rater_id", "stakeholder"),
)

IMPACT_RESPONSES_SCHEMA = Schema(
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

STEMS = {
    "topics": "materiality_topics",
    "material_topics": "materiality_material_topics",
    "stakeholders": "materiality_stakeholders",
    "ratings": "materiality_published_ratings",
    "stakeholder_responses": "materiality_stakeholder_responses",
    "impact_responses": "materiality_impact_responses",
}
EXAMPLE_PREFIX = "materiality_example_"


@dataclass
class MaterialityInputs:
    topics: pd.DataFrame
    material_topics: pd.DataFrame
    stakeholders: pd.DataFrame
    ratings: pd.DataFrame
    stakeholder_responses: pd.DataFrame
    impact_responses: pd.DataFrame

    @property
    def is_example(self) -> bool:
        """True when either response set is the illustrative example."""
        return any((t["data_status"] == "example").any() for t in (self.stakeholder_responses, self.impact_responses))


def has_assessment(year: int, folder: Path | None = None) -> bool:
    """Whether the year has a materiality assessment (its topic catalogue exists)."""
    return find_input(folder or raw_dir(year), STEMS["topics"]).exists()


def _codes(cell: str) -> list[str]:
    return [c.strip() for c in str(cell).split(";") if c.strip()]


def load_stakeholders(year: int, folder: Path | None = None) -> pd.DataFrame:
    return read_table(find_input(folder or raw_dir(year), STEMS["stakeholders"]), STAKEHOLDERS_SCHEMA)


def load_material_topics(year: int, stakeholders: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    table = read_table(find_input(folder or raw_dir(year), STEMS["material_topics"]), MATERIAL_TOPICS_SCHEMA)
    check = TableCheck(table)
    known = list(stakeholders["stakeholder"])
    for row, cell in table["stakeholders"].items():
        for code in _codes(cell):
            if code not in known:
                check.add(row, "stakeholders", f"stakeholder codes of {_source(stakeholders)} ({', '.join(known)})",
                          code)
    check.raise_if_any()
    return table


def load_topics(year: int, material_topics: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    table = read_table(find_input(folder or raw_dir(year), STEMS["topics"]), TOPICS_SCHEMA)
    check = TableCheck(table)
    known = list(material_topics["material_topic"])
    for row, rec in table.iterrows():
        if not re.fullmatch(r"\d+\.\d+", rec["topic"]):
            check.add(row, "topic", "a code of the form <group>.<number>, e.g. 1.1 or 3.10", rec["topic"])
        elif int(rec["topic"].split(".")[0]) != rec["group"]:
            check.add(row, "group", f"the number before the dot of topic {rec['topic']}", rec["group"])
        if rec["material_topic"] and rec["material_topic"] not in known:
            check.add(row, "material_topic",
                      f"blank or a material topic of {_source(material_topics)} ({', '.join(known)})",
                      rec["material_topic"])
    check.raise_if_any()
    return table


def load_ratings(year: int, material_topics: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    table = read_table(find_input(folder or raw_dir(year), STEMS["ratings"]), RATINGS_SCHEMA)
    check = TableCheck(table)
    known = list(material_topics["material_topic"])
    for row, rec in table.iterrows():
        if rec["material_topic"] not in known:
            check.add(row, "material_topic", f"a material topic of {_source(material_topics)} ({', '.join(known)})",
                      rec["material_topic"])
        counted = str(rec["stars_as_extracted"]).count("☆") + str(rec["stars_as_extracted"]).count("★")
        if rec["reading"] == "printed":
            if rec["stars"] == "":
                check.add(row, "stars", "the number of stars when reading is 'printed'", "an empty cell")
            elif int(rec["stars"]) != counted:
                check.add(row, "stars", f"the number of stars in stars_as_extracted ({counted})", rec["stars"])
        elif rec["stars"] != "":
            check.add(row, "stars", f"blank when reading is '{rec['reading']}' (no rating is inferred)", rec["stars"])
    check.raise_if_any()
    out = table.copy()
    out["stars"] = [float(v) if v not in ("", None) else float("nan") for v in out["stars"]]
    out.attrs = table.attrs
    return out


def _response_path(folder: Path, stem: str) -> Path:
    """The survey file if present, else the illustrative example file."""
    real = find_input(folder, stem)
    if real.exists():
        return real
    return find_input(folder, EXAMPLE_PREFIX + stem.removeprefix("materiality_"))


def _check_responses(table: pd.DataFrame, code_column: str, known: list[str], catalogue: str,
                     check: TableCheck) -> None:
    example_file = "example" in Path(table.attrs["source_file"]).name
    expected = "example" if example_file else "survey"
    why = "the file name contains 'example'" if example_file else "the file name does not contain 'example'"
    types: dict[str, str] = {}
    for row, rec in table.iterrows():
        if rec["data_status"] != expected:
            check.add(row, "data_status", f"'{expected}' ({why})", rec["data_status"])
        if rec[code_column] not in known:
            check.add(row, code_column, f"a code of {catalogue} ({', '.join(known)})", rec[code_column])
        first = types.setdefault(rec["rater_id"], rec["rater_type"])
        if rec["rater_type"] != first:
            check.add(row, "rater_type", f"'{first}' as on this rater's first row", rec["rater_type"])
    for code in known:
        if code not in set(table[code_column]):
            check.add(None, code_column, f"rows for {code_column} {code} (every entry of {catalogue} is scored)",
                      "no such row")


def _as_scores(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = table.copy()
    for c in columns:
        out[c] = [float(v) if v not in ("", None) else float("nan") for v in out[c]]
    out.attrs = table.attrs
    return out


def load_stakeholder_responses(year: int, stakeholders: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    path = _response_path(folder or raw_dir(year), STEMS["stakeholder_responses"])
    table = read_table(path, STAKEHOLDER_RESPONSES_SCHEMA)
    check = TableCheck(table)
    _check_responses(table, "stakeholder", list(stakeholders["stakeholder"]), _source(stakeholders), check)
    check.raise_if_any()
    return _as_scores(table, list(ATTRIBUTES))


def load_impact_responses(year: int, topics: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    path = _response_path(folder or raw_dir(year), STEMS["impact_responses"])
    table = read_table(path, IMPACT_RESPONSES_SCHEMA)
    check = TableCheck(table)
    _check_responses(table, "topic", list(topics["topic"]), _source(topics), check)
    for row, rec in table.iterrows():
        if rec["direction"] == "positive" and rec["irremediability"] != "":
            check.add(row, "irremediability", "blank for a positive impact (irremediability applies to negative "
                      "impacts only)", rec["irremediability"])
        if rec["status"] == "actual" and rec["likelihood"] != "":
            check.add(row, "likelihood", "blank for an actual impact (likelihood applies to potential impacts only)",
                      rec["likelihood"])
    check.raise_if_any()
    return _as_scores(table, ["scale", "scope", "irremediability", "likelihood"])


def load_inputs(year: int, folder: Path | None = None) -> MaterialityInputs:
    """All materiality inputs of one year, validated; every problem of a file is raised together."""
    folder = Path(folder) if folder else raw_dir(year)
    stakeholders = load_stakeholders(year, folder)
    material_topics = load_material_topics(year, stakeholders, folder)
    topics = load_topics(year, material_topics, folder)
    return MaterialityInputs(
        topics=topics,
        material_topics=material_topics,
        stakeholders=stakeholders,
        ratings=load_ratings(year, material_topics, folder),
        stakeholder_responses=load_stakeholder_responses(year, stakeholders, folder),
        impact_responses=load_impact_responses(year, topics, folder),
    )


def _source(table: pd.DataFrame) -> str:
    return table.attrs.get("source_file", "the catalogue")

