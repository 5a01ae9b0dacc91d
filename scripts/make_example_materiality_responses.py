#!/usr/bin/env python3
"""Make the ILLUSTRATIVE (示例) materiality response set for 2025.

The report (2.4.1, 2.5.1) says 19 internal managers scored the stakeholder
groups and external experts' views were taken in, but it publishes neither the
questionnaire nor the answers. So that the materiality chapter can show its
method end to end, this script writes an example response set:

  data/raw/2025/materiality_example_stakeholder_responses.csv
  data/raw/2025/materiality_example_impact_responses.csv

Every row carries ``data_status = example``. The answers are NOT the bureau's:
they are random draws (fixed seed, so the files are reproducible) around base
levels chosen here:

* raters: 19 internal managers (I01–I19, as 2.4.1 says) and 3 external experts
  (E01–E03; the report does not say how many experts took part; 3 is the number
  of external experts it names for reviewing the report in 1.2);
* stakeholder attributes (1–5): the base levels below, all at least 3.3, so the
  example identifies all eight groups, as 2.4.1 reports;
* impacts: one negative and one positive impact per topic, actual or potential
  as set below. Topics that the appendix rolls up to one of the report's six
  material topics get higher base levels (scale/scope 4.0) than the others
  (3.0). The example therefore leans towards the published result by
  construction: agreement with the report's six shows that the method runs,
  not that the bureau's assessment is reproduced.

Each answer = round(base + topic offset + rater leniency + noise), clipped to 1–5;
external experts get their own per-topic offset, so internal and external views
differ. Run inside the project:  .venv/bin/python scripts/make_example_materiality_responses.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.inputs.year_files import ATTRIBUTE_COLUMNS as ATTRIBUTES
from sustainability_appendix.project import Project

YEAR = 2025
SEED = 20251231
INTERNAL_RATERS = 19
EXTERNAL_RATERS = 3

# Base attribute levels per stakeholder group (order of ATTRIBUTES:
# dependency, responsibility, influence, diverse perspectives, tension).
STAKEHOLDER_BASE = {
    "S1": (4.6, 4.2, 4.2, 4.1, 4.3),  # 勞動參與者與工會團體
    "S2": (4.1, 4.3, 4.3, 3.8, 4.0),  # 企業與雇主
    "S3": (4.0, 4.5, 4.6, 3.5, 3.4),  # 政府機關
    "S4": (3.2, 3.6, 4.4, 3.8, 3.9),  # 民意代表
    "S5": (3.0, 3.1, 4.0, 3.9, 3.6),  # 媒體與數位社群
    "S6": (3.7, 3.8, 3.3, 3.2, 3.0),  # 採購與專業服務合作夥伴
    "S7": (3.1, 3.4, 3.6, 4.2, 3.0),  # 專家顧問
    "S8": (4.5, 4.4, 3.9, 3.6, 3.7),  # 員工
}

# Status of each topic's impacts: (negative, positive). Potential impacts are
# weighted by likelihood in the chapter; actual ones are not.
IMPACT_STATUS = {
    "1.1": ("potential", "potential"), "1.2": ("potential", "potential"),
    "2.1": ("potential", "actual"), "2.2": ("potential", "actual"), "2.3": ("potential", "actual"),
    "2.4": ("actual", "actual"), "2.5": ("potential", "actual"),
    "3.1": ("potential", "actual"), "3.2": ("potential", "actual"), "3.3": ("potential", "actual"),
    "3.4": ("potential", "actual"), "3.5": ("potential", "actual"), "3.6": ("potential", "actual"),
    "3.7": ("actual", "potential"), "3.8": ("actual", "actual"), "3.9": ("potential", "potential"),
    "3.10": ("potential", "potential"),
}
BASE_ROLLED_UP = {"scale": 4.0, "scope": 4.0, "irremediability": 3.3, "likelihood": 4.0}
BASE_OTHER = {"scale": 3.0, "scope": 3.0, "irremediability": 2.6, "likelihood": 3.2}
COMMON = ["data_status", "rater_id", "rater_type"]


def score(rng: np.random.Generator, level: float, spread: float = 0.7) -> int:
    return int(np.clip(np.rint(level + rng.normal(0, spread)), 1, 5))


def raters() -> list[tuple[str, str]]:
    return ([(f"I{i:02d}", "internal") for i in range(1, INTERNAL_RATERS + 1)]
            + [(f"E{i:02d}", "external") for i in range(1, EXTERNAL_RATERS + 1)])


def stakeholder_rows(rng: np.random.Generator, groups: list[str]) -> list[dict]:
    external_offset = {g: rng.normal(0, 0.4) for g in groups}
    rows = []
    for rater, kind in raters():
        leniency = rng.normal(0, 0.3)
        for group in groups:
            shift = leniency + (external_offset[group] if kind == "external" else 0.0)
            answers = {a: score(rng, base + shift) for a, base in zip(ATTRIBUTES, STAKEHOLDER_BASE[group])}
            rows.append({"data_status": "example", "rater_id": rater, "rater_type": kind, "stakeholder": group,
                         **answers})
    return rows


def impact_rows(rng: np.random.Generator, topics: dict[str, bool]) -> list[dict]:
    topic_offset = {t: rng.normal(0, 0.35) for t in topics}
    external_offset = {t: rng.normal(0, 0.5) for t in topics}
    rows = []
    for rater, kind in raters():
        leniency = rng.normal(0, 0.3)
        for topic, rolled_up in topics.items():
            base = BASE_ROLLED_UP if rolled_up else BASE_OTHER
            shift = topic_offset[topic] + leniency + (external_offset[topic] if kind == "external" else 0.0)
            for direction, status in zip(("negative", "positive"), IMPACT_STATUS[topic]):
                row = {"data_status": "example", "rater_id": rater, "rater_type": kind, "topic": topic,
                       "direction": direction, "status": status,
                       "scale": score(rng, base["scale"] + shift), "scope": score(rng, base["scope"] + shift),
                       "irremediability": "", "likelihood": ""}
                if direction == "negative":
                    row["irremediability"] = score(rng, base["irremediability"] + shift)
                if status == "potential":
                    row["likelihood"] = score(rng, base["likelihood"] + shift)
                rows.append(row)
    return rows


def write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {path} ({len(rows)} rows)")


def main() -> None:
    project = Project.find()
    folder = project.raw_dir(YEAR)
    store = InputStore(project)
    stakeholders = store.table("year", "materiality_stakeholders", YEAR)
    topics = store.table("year", "materiality_topics", YEAR)
    missing = sorted(set(topics["topic"]) ^ set(IMPACT_STATUS))
    if missing:
        raise SystemExit(f"IMPACT_STATUS and the topic catalogue disagree on: {', '.join(missing)}")
    rng = np.random.default_rng(SEED)
    write(folder / "materiality_example_stakeholder_responses.csv",
          stakeholder_rows(rng, list(stakeholders["stakeholder"])))
    rolled_up = {t: bool(m) for t, m in zip(topics["topic"], topics["material_topic"])}
    write(folder / "materiality_example_impact_responses.csv", impact_rows(rng, rolled_up))


if __name__ == "__main__":
    main()
