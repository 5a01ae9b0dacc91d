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

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.inputs.tables import parse_number

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


def reconcile(result: ChapterResult, printed: pd.DataFrame) -> pd.DataFrame:
    """One row per printed figure with its status.

    A figure whose ``metric_id`` is blank has nothing to be computed from (the report
    publishes no inputs for it): it cannot be checked, and its note says why."""
    known = {m.metric_id: m for m in result.metrics}
    unknown = sorted(set(printed["metric_id"]) - set(known) - {""})
    if unknown:
        file = printed.attrs.get("source_file", f"data/printed/{result.year}/{result.chapter}.csv")
        raise ConfigurationError(
            f"{file}: printed figures name metrics that chapter '{result.chapter}' does not compute: "
            + ", ".join(unknown)
        )
    rows = []
    for _, fig in printed.iterrows():
        metric = known.get(fig["metric_id"])
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
            "formula": metric.formula if metric else "",
            "inputs": metric.inputs if metric else "",
            "note": fig.get("note", "") or "",
        }
        if metric is None:
            row.update(formula="", inputs="", recomputed="", recomputed_full="", difference="", status=NOT_CHECKABLE)
            row["note"] = row["note"] or "報告未公布計算所需之數值 (the report publishes nothing to compute it from)"
        elif metric.value is None:
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
