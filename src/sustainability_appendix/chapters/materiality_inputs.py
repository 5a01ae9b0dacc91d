"""Inputs of the materiality chapter (report 2.4 利害關係人議合, 2.5 重大主題管理).

Files in ``data/raw/<year>/`` (CSV or XLSX):

``materiality_topics``              the 17 sustainability topics of 2.5.1 (code, name, group) and
                                    the material topic each rolls up to. The report does not print
                                    the roll-up: it is this appendix's mapping, with its basis.
``materiality_material_topics``     the six material topics of 2.5.2 with their GRI disclosures
                                    (5.2) and the stakeholder groups 2.5.3 names for each.
``materiality_stakeholders``        the eight stakeholder groups of 2.4.1, by code; their names
                                    come from ``data/reference/stakeholder_groups.csv``.
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

from dataclasses import dataclass, field

import pandas as pd

from sustainability_appendix.inputs.store import ChapterFiles
from sustainability_appendix.inputs.tables import TableCheck

STEMS = {
    "topics": "materiality_topics",
    "material_topics": "materiality_material_topics",
    "stakeholders": "materiality_stakeholders",
    "ratings": "materiality_published_ratings",
    "stakeholder_responses": "materiality_stakeholder_responses",
    "impact_responses": "materiality_impact_responses",
}
EXAMPLE_PREFIX = "materiality_example_"


@dataclass(frozen=True)
class Vocabulary:
    """Codes and labels of data/reference/materiality_vocabulary.csv."""

    attributes: dict[str, str]
    dimensions: dict[str, str]
    readings: dict[str, str]
    rater_types: dict[str, str]

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> Vocabulary:
        def of(name):
            rows = table[table["vocabulary"] == name]
            return dict(zip(rows["code"], rows["label"]))
        return cls(of("attribute"), of("dimension"), of("reading"), of("rater_type"))


@dataclass(frozen=True)
class Settings:
    """The assessment's parameters (the report publishes none): the thresholds and the
    external experts' weight α. The notebook's parameters set them."""

    stakeholder_threshold: float = 3.0
    significance_threshold: float = 3.5
    external_weight: float = 0.5
    sensitivity_step: float = 0.1


@dataclass(frozen=True)
class MaterialityInputs:
    year: int
    vocabulary: Vocabulary
    topics: pd.DataFrame | None = None  # None: the year has no assessment
    material_topics: pd.DataFrame | None = None
    stakeholders: pd.DataFrame | None = None
    ratings: pd.DataFrame | None = None
    stakeholder_responses: pd.DataFrame | None = None
    impact_responses: pd.DataFrame | None = None
    settings: Settings = field(default_factory=Settings)

    @property
    def assessed(self) -> bool:
        return self.topics is not None

    @property
    def is_example(self) -> bool:
        """True when either response set is the illustrative example."""
        return any(t is not None and (t["data_status"] == "example").any()
                   for t in (self.stakeholder_responses, self.impact_responses))


def _codes(cell: str) -> list[str]:
    return [c.strip() for c in str(cell).split(";") if c.strip()]


def _source(table: pd.DataFrame) -> str:
    return table.attrs.get("source_file", "the catalogue")


def _required(files: ChapterFiles, stem: str) -> pd.DataFrame:
    table = files.table(stem)
    if table is None:
        from sustainability_appendix.errors import InputError, Problem

        raise InputError(Problem(f"data/raw/{files.year}/{stem}.csv", None, None,
                                 "this file, as every year with a materiality_topics file needs it", "no such file"))
    return table


def _with_names(table: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """The year's groups with their names from the shared vocabulary (the codes were validated)."""
    names = groups.set_index("stakeholder")[["name", "short_name", "name_en"]]
    out = table.drop(columns=[c for c in names.columns if c in table.columns]).join(names, on="stakeholder")
    out.attrs = table.attrs
    return out


def _check_material_topics(table: pd.DataFrame, stakeholders: pd.DataFrame) -> None:
    check = TableCheck(table)
    known = list(stakeholders["stakeholder"])
    for row, cell in table["stakeholders"].items():
        for code in _codes(cell):
            if code not in known:
                check.add(row, "stakeholders", f"stakeholder codes of {_source(stakeholders)} ({', '.join(known)})",
                          code)
    check.raise_if_any()


def _check_topics(table: pd.DataFrame, material_topics: pd.DataFrame) -> None:
    check = TableCheck(table)
    known = list(material_topics["material_topic"])
    for row, rec in table.iterrows():
        if rec["material_topic"] and rec["material_topic"] not in known:
            check.add(row, "material_topic",
                      f"blank or a material topic of {_source(material_topics)} ({', '.join(known)})",
                      rec["material_topic"])
    check.raise_if_any()


def _ratings(table: pd.DataFrame, material_topics: pd.DataFrame) -> pd.DataFrame:
    check = TableCheck(table)
    known = list(material_topics["material_topic"])
    for row, rec in table.iterrows():
        if rec["material_topic"] not in known:
            check.add(row, "material_topic", f"a material topic of {_source(material_topics)} ({', '.join(known)})",
                      rec["material_topic"])
    check.raise_if_any()
    out = table.copy()
    out["stars"] = [float(v) if v not in ("", None) else float("nan") for v in out["stars"]]
    out.attrs = table.attrs
    return out


def _responses(files: ChapterFiles, key: str) -> pd.DataFrame:
    """The survey file if the year has one, else the illustrative example file."""
    stem = STEMS[key]
    table = files.table(stem)
    if table is None:
        table = _required(files, EXAMPLE_PREFIX + stem.removeprefix("materiality_"))
    return table


def _check_responses(table: pd.DataFrame, code_column: str, known: list[str], catalogue: str) -> None:
    check = TableCheck(table)
    for row, code in table[code_column].items():
        if code not in known:
            check.add(row, code_column, f"a code of {catalogue} ({', '.join(known)})", code)
    for code in known:
        if code not in set(table[code_column]):
            check.add(None, code_column, f"rows for {code_column} {code} (every entry of {catalogue} is scored)",
                      "no such row")
    check.raise_if_any()


def _as_scores(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = table.copy()
    for c in columns:
        out[c] = [float(v) if v not in ("", None) else float("nan") for v in out[c]]
    out.attrs = table.attrs
    return out


def load_inputs(files: ChapterFiles, settings: Settings | None = None) -> MaterialityInputs:
    """All materiality inputs of one year, validated (the first file with problems raises them all)."""
    vocabulary = Vocabulary.from_table(files.reference("materiality_vocabulary"))
    settings = settings or Settings()
    if not files.exists(STEMS["topics"]):
        return MaterialityInputs(files.year, vocabulary, settings=settings)
    stakeholders = _with_names(_required(files, STEMS["stakeholders"]), files.reference("stakeholder_groups"))
    material_topics = _required(files, STEMS["material_topics"])
    _check_material_topics(material_topics, stakeholders)
    topics = _required(files, STEMS["topics"])
    _check_topics(topics, material_topics)
    ratings = _ratings(_required(files, STEMS["ratings"]), material_topics)
    s_resp = _responses(files, "stakeholder_responses")
    _check_responses(s_resp, "stakeholder", list(stakeholders["stakeholder"]), _source(stakeholders))
    i_resp = _responses(files, "impact_responses")
    _check_responses(i_resp, "topic", list(topics["topic"]), _source(topics))
    return MaterialityInputs(
        files.year, vocabulary, topics=topics, material_topics=material_topics, stakeholders=stakeholders,
        ratings=ratings, stakeholder_responses=_as_scores(s_resp, list(vocabulary.attributes)),
        impact_responses=_as_scores(i_resp, ["scale", "scope", "irremediability", "likelihood"]), settings=settings)
