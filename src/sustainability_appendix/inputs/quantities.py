"""The scalar quantities and the factors of one reporting year.

``data/raw/<year>/quantities.csv`` holds one row per measured quantity
(electricity in kWh, water withdrawn in ML, ...) with the report section it was
transcribed from. ``data/raw/<year>/factors.csv`` holds the conversion and
emission factors used for that year, each with its source and the data year it
was published for (its vintage).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sustainability_appendix.errors import InputError, Problem
from sustainability_appendix.project import raw_dir, relative
from sustainability_appendix.inputs.tables import Column, Schema, TableCheck, find_input, read_table


@dataclass(frozen=True)
class QuantitySpec:
    unit: str
    label: str
    kind: str = "number"  # number | count | percent


QUANTITIES: dict[str, QuantitySpec] = {
    "electricity_kwh": QuantitySpec("kWh", "電力使用量 Electricity purchased"),
    "gasoline_litres": QuantitySpec("L", "公務車汽油使用量 Vehicle gasoline"),
    "employees_year_end": QuantitySpec("人", "年底員工人數 Employees at year end", "count"),
    "water_withdrawal_ml": QuantitySpec("ML", "取水量 Water withdrawal"),
    "water_discharge_ml": QuantitySpec("ML", "排水量 Water discharge"),
    "paper_sheets": QuantitySpec("張", "紙張使用量 Paper (A4 sheets)", "count"),
    "e_document_ratio_pct": QuantitySpec("%", "電子公文比率 Electronic document ratio", "percent"),
    "green_procurement_items": QuantitySpec("件", "綠色採購件數 Green procurement items", "count"),
    "ghg_covered_employees": QuantitySpec("人", "溫室氣體盤查涵蓋員工數 Employees covered by the GHG inventory", "count"),
    "employee_training_hours": QuantitySpec("小時", "員工終身學習訓練總時數 Employee training hours", "number"),
}

QUANTITIES_SCHEMA = Schema(
    name="quantities",
    description="One row per measured quantity of the reporting year.",
    columns=(
        Column("item", choices=tuple(QUANTITIES), description="what was measured"),
        Column("value", "number", description="the measured value", minimum=0),
        Column("unit", description="the unit the value is in; must match the item"),
        Column("source", description="where the value comes from (report section, meter, system)"),
        Column("note", required=False, allow_blank=True, description="anything a reader should know"),
    ),
    key=("item",),
)

FACTORS_SCHEMA = Schema(
    name="factors",
    description="Conversion and emission factors used for this reporting year.",
    columns=(
        Column("factor", description="factor identifier"),
        Column("value", "number", minimum=0, description="factor value"),
        Column("unit", description="unit of the factor"),
        Column("applies_to_year", "year", allow_blank=True,
               description="the data year the factor was published for (blank for physical constants)"),
        Column("source", description="who published it, where"),
        Column("review", required=False, allow_blank=True,
               description="non-empty while the factor still needs checking for this year"),
    ),
    key=("factor",),
)

REQUIRED_FACTORS: dict[str, str] = {
    "kwh_to_gj": "GJ/kWh",
    "kcal_to_gj": "GJ/kcal",
    "gasoline_heat_value": "kcal/L",
    "electricity_emission_factor": "kgCO2e/kWh",
    "paper_emission_factor": "gCO2e/張",
}


@dataclass(frozen=True)
class Value:
    """A value with the unit and source it came with."""

    value: float
    unit: str
    source: str
    file: str

    def cite(self) -> str:
        return f"{self.source}; {self.file}"


class Quantities:
    """The measured quantities of one year; absent items are 'not reported'."""

    def __init__(self, year: int, table: pd.DataFrame):
        self.year = year
        self.table = table
        self.file = table.attrs.get("source_file", "")

    def has(self, item: str) -> bool:
        return item in set(self.table["item"])

    def get(self, item: str) -> Value | None:
        rows = self.table[self.table["item"] == item]
        if rows.empty:
            return None
        row = rows.iloc[0]
        return Value(float(row["value"]), row["unit"], row["source"], self.file)


def load_quantities(year: int, folder: Path | None = None) -> Quantities:
    path = find_input(folder or raw_dir(year), "quantities")
    return Quantities(year, read_table(path, QUANTITIES_SCHEMA, year=year, row_rules=_quantity_rules))


# (part, whole): a part of a quantity can never exceed it.
QUANTITY_PARTS: tuple[tuple[str, str], ...] = (
    ("water_discharge_ml", "water_withdrawal_ml"),
    ("ghg_covered_employees", "employees_year_end"),
)


def _quantity_rules(table: pd.DataFrame, check: TableCheck) -> None:
    for row, rec in table.iterrows():
        spec = QUANTITIES[rec["item"]]
        if rec["unit"] != spec.unit:
            check.add(row, "unit", f"'{spec.unit}' for item '{rec['item']}'", rec["unit"])
        value = rec["value"]
        if spec.kind == "count" and not float(value).is_integer():
            check.add(row, "value", f"a whole number for item '{rec['item']}'", value)
        if spec.kind == "percent" and not 0 <= value <= 100:
            check.add(row, "value", f"a percentage from 0 to 100 for item '{rec['item']}'", value)
    rows = dict(zip(table["item"], table.index))
    for part, whole in QUANTITY_PARTS:
        if part in rows and whole in rows:
            p, w = table.at[rows[part], "value"], table.at[rows[whole], "value"]
            if p > w:
                check.add(rows[part], "value", f"'{part}' at most '{whole}' ({w:g}, row {rows[whole]}), "
                          "of which it is a part", p)


class Factors:
    def __init__(self, year: int, table: pd.DataFrame):
        self.year = year
        self.table = table.set_index("factor", drop=False)
        self.file = table.attrs.get("source_file", "")

    def get(self, factor: str) -> Value:
        rec = self.table.loc[factor]
        return Value(float(rec["value"]), rec["unit"], rec["source"], self.file)

    def vintage(self, factor: str) -> int | None:
        v = self.table.loc[factor, "applies_to_year"]
        return None if v is None or pd.isna(v) else int(v)


def load_factors(year: int, folder: Path | None = None) -> Factors:
    """The factors of ``year``. Refused while a factor is marked for review (a
    ``review`` cell not empty: ``appendix new-year`` copies last year's factors
    that way) or claims a data year after ``year``."""
    path = find_input(folder or raw_dir(year), "factors")
    return Factors(year, read_table(path, FACTORS_SCHEMA, row_rules=lambda t, c: _factor_rules(t, c, year)))


def _factor_rules(table: pd.DataFrame, check: TableCheck, year: int | None = None) -> None:
    present = dict(zip(table["factor"], table.index))
    for factor, unit in REQUIRED_FACTORS.items():
        if factor not in present:
            check.add(None, "factor", f"a row for factor '{factor}' (in {unit})", "no such row")
        elif table.at[present[factor], "unit"] != unit:
            check.add(present[factor], "unit", f"'{unit}' for factor '{factor}'", table.at[present[factor], "unit"])
    if "review" in table.columns:
        for row, note in table["review"].items():
            if note:
                check.add(row, "review", f"an empty cell once factor '{table.at[row, 'factor']}' has been checked "
                          "for this year (update value, applies_to_year and source, then clear the cell)", note)
    if year is not None:
        for row, vintage in table["applies_to_year"].items():
            if not pd.isna(vintage) and int(vintage) > year:
                check.add(row, "applies_to_year",
                          f"a data year no later than the year of the folder it is in ({year})", int(vintage))


def require(value: Value | None, item: str, year: int) -> Value:
    """A quantity a calculation cannot do without."""
    if value is None:
        raise InputError(Problem(relative(raw_dir(year) / "quantities.csv"), None, "item",
                                 f"a row for item '{item}'", "no such row"))
    return value
