"""Reconciliation: each figure the report printed against the recomputed one.

Printed figures live in ``data/printed/<year>/<chapter>.csv``, exactly as the
report printed them, apart from the inputs. A printed figure *reproduces* when
the recomputed value, rounded half-up to the printed number of decimals, equals
it; otherwise it *differs* and the difference is shown. It *cannot be checked*
when an input of its formula was never published. A printed figure that is
itself an input (transcribed, not derived) is listed as an *input*.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from sustainability_appendix.errors import ConfigurationError, InputError, Problem
from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.project import printed_dir, relative
from sustainability_appendix.inputs.tables import Column, Schema, parse_number, read_raw, read_table

REPRODUCES = "reproduces"
DIFFERS = "differs"
NOT_CHECKABLE = "not_checkable"
INPUT = "input"
STATUS_LABELS = {
    INPUT: "輸入值 Input (transcribed)",
    REPRODUCES: "相符 Reproduces",
    DIFFERS: "不符 Differs",
    NOT_CHECKABLE: "無法驗證 Cannot be checked",
}

PRINTED_SCHEMA = Schema(
    name="printed figures",
    description="Figures exactly as the report printed them (used only for reconciliation).",
    columns=(
        Column("figure_id", description="unique identifier of the printed figure"),
        Column("metric_id", description="the computed metric it is compared with"),
        Column("label", description="what the report calls it"),
        Column("printed", description="the figure exactly as printed, e.g. 7,491.88 or 19.01%"),
        Column("unit", allow_blank=True, description="unit as printed"),
        Column("section", description="report section (and table) where it is printed"),
        Column("note", required=False, allow_blank=True, description="known discrepancy or remark"),
    ),
    key=("figure_id",),
)

RECONCILIATION_COLUMNS = [
    "year", "chapter", "figure_id", "label", "section", "printed", "unit", "recomputed",
    "recomputed_full", "difference", "status", "status_label", "formula", "inputs", "note",
]


def decimals_of(printed: str) -> int:
    """How many decimals the report printed (``7,491.88`` -> 2, ``649`` -> 0)."""
    text = str(printed).strip().rstrip("%％").strip()
    if "." in text:
        return len(text.split(".")[-1].strip())
    return 0


def round_half_up(value: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def load_printed(year: int, chapter: str, folder: Path | None = None) -> pd.DataFrame:
    """The printed figures of one chapter; an empty table when the report printed none."""
    path = Path(folder or printed_dir(year)) / f"{chapter}.csv"
    if not path.exists() or read_raw(path).empty:  # header only: a template, nothing printed yet
        return pd.DataFrame(columns=PRINTED_SCHEMA.column_names)
    table = read_table(path, PRINTED_SCHEMA)
    problems = []
    for row, text in table["printed"].items():
        try:
            parse_number(text)
        except ValueError:
            problems.append(Problem(relative(path), row, "printed", "a number as printed (e.g. 1,234.5 or 19.01%)", text))
    if problems:
        raise InputError(problems)
    return table


def reconcile(result: ChapterResult, printed: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per printed figure with its status."""
    if printed is None:
        printed = load_printed(result.year, result.chapter)
    known = {m.metric_id: m for m in result.metrics}
    unknown = sorted(set(printed["metric_id"]) - set(known))
    if unknown:
        file = printed.attrs.get("source_file", f"data/printed/{result.year}/{result.chapter}.csv")
        raise ConfigurationError(
            f"{file}: printed figures name metrics that chapter '{result.chapter}' does not compute: "
            + ", ".join(unknown)
        )
    rows = []
    for _, fig in printed.iterrows():
        metric = known[fig["metric_id"]]
        printed_value = Decimal(repr(parse_number(fig["printed"])))
        decimals = decimals_of(fig["printed"])
        row = {
            "year": result.year,
            "chapter": result.chapter,
            "figure_id": fig["figure_id"],
            "label": fig["label"],
            "section": fig["section"],
            "printed": fig["printed"],
            "unit": fig["unit"],
            "formula": metric.formula,
            "inputs": metric.inputs,
            "note": fig.get("note", "") or "",
        }
        if metric.value is None:
            row.update(recomputed="", recomputed_full="", difference="", status=NOT_CHECKABLE)
            row["note"] = "; ".join(x for x in (row["note"], metric.missing_reason) if x)
        else:
            rounded = round_half_up(metric.value, decimals)
            sep = "," if "," in str(fig["printed"]) else ""  # mirror the printed style (years have none)
            diff = rounded - printed_value
            status = REPRODUCES if diff == 0 else DIFFERS
            if metric.kind == "input" and diff == 0:
                status = INPUT  # the printed figure is itself the input: nothing was recomputed
            row.update(
                recomputed=f"{rounded:{sep}.{decimals}f}",
                recomputed_full=f"{metric.value:.10g}",
                difference="0" if diff == 0 else f"{diff:+{sep}.{decimals}f}",
                status=status,
            )
        row["status_label"] = STATUS_LABELS[row["status"]]
        rows.append(row)
    return pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)
