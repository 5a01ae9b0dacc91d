"""Reconciliation: each figure the report printed against the recomputed one.

Printed figures live in ``data/printed/<year>/<chapter>.csv``, exactly as the
report printed them, apart from the inputs. A printed figure *reproduces* when
the recomputed value, rounded half-up to the printed number of decimals, equals
it; otherwise it *differs* and the difference is shown. It *cannot be checked*
when an input of its formula was never published. A printed figure that is
itself an input (transcribed, not derived) is listed as an *input*.

Two more statuses keep the register honest:

- *reproduces from the printed parts*: a total that differs from the recomputed
  one but equals the sum of its parts as the report printed them, rounded (the
  report's 214.13 = 212.34 + 1.79, where the unrounded sum is 214.124). The
  parts are those of the audit's accounting identities
  (``data/reference/audit_identities.csv``), handed in as :class:`PrintedParts`;
- *illustrative*: a figure compared with a metric computed from illustrative
  example data (``Metric.kind == "illustrative"``). Whatever the comparison
  gives, it proves nothing about the bureau's data, so it is never *reproduces*.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.inputs.tables import parse_number

REPRODUCES = "reproduces"
REPRODUCES_FROM_PARTS = "reproduces_from_parts"
DIFFERS = "differs"
NOT_CHECKABLE = "not_checkable"
INPUT = "input"
ILLUSTRATIVE = "illustrative"
STATUS_LABELS = {
    INPUT: "輸入值 Input (transcribed)",
    REPRODUCES: "相符 Reproduces",
    REPRODUCES_FROM_PARTS: "與印出之分項加總相符 Reproduces from the printed parts",
    DIFFERS: "不符 Differs",
    NOT_CHECKABLE: "無法驗證 Cannot be checked",
    ILLUSTRATIVE: "示例資料，未驗證 Illustrative (example data, not checked)",
}

RECONCILIATION_COLUMNS = [
    "year", "chapter", "figure_id", "label", "section", "printed", "unit", "recomputed",
    "recomputed_full", "difference", "status", "status_label", "formula", "inputs", "note",
]


_TEN_THOUSANDS = re.compile(r"^\s*\d[\d,]*(?:\.(\d+))?\s*萬\s*$")  # 279.9 萬, 56 萬 (not 5 萬 4,176)


def decimals_of(printed: str) -> int:
    """The printed precision as a power of ten, in the figure's own units: ``7,491.88`` -> 2,
    ``649`` -> 0, ``5 萬 4,176`` -> 0; ``279.9 萬`` (2,799,000 to the nearest thousand) -> -3,
    ``56 萬`` -> -4."""
    text = str(printed).strip().rstrip("%％").strip()
    wan = _TEN_THOUSANDS.match(text)
    if wan:
        return len(wan.group(1) or "") - 4
    if "." in text:
        return len(text.split(".")[-1].strip())
    return 0


def format_as_printed(value: Decimal, printed: str, signed: bool = False) -> str:
    """A value in the style the report printed its figure: thousands separators, decimals, 萬."""
    text, sign = str(printed).strip(), "+" if signed else ""
    wan = _TEN_THOUSANDS.match(text.rstrip("%％").strip())
    if wan:
        return f"{value / 10000:{sign}.{len(wan.group(1) or '')}f} 萬"
    sep = "," if "," in text else ""  # mirror the printed style (years have none)
    return f"{value:{sign}{sep}.{max(decimals_of(text), 0)}f}"


def round_half_up(value: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PrintedParts:
    """A total's parts as the report printed them: their sum, exactly, and how it was made."""

    total: Decimal  # the printed parts added up (with their signs), not rounded
    shown: str  # e.g. "ghg.electricity_reduction_tco2e 212.34 + ghg.paper_reduction_tco2e 1.79"
    identity: str  # the check_id of the identity the parts come from

    def reproduces(self, printed: str) -> bool:
        """Whether the sum of the printed parts, rounded as the total is printed, is the total."""
        return round_half_up(float(self.total), decimals_of(printed)) == Decimal(repr(parse_number(printed)))


def reconcile(result: ChapterResult, printed: pd.DataFrame,
              parts: Mapping[str, PrintedParts] | None = None) -> pd.DataFrame:
    """One row per printed figure with its status.

    A figure whose ``metric_id`` is blank has nothing to be computed from (the report
    publishes no inputs for it): it cannot be checked, and its note says why. ``parts``
    gives, by metric id, the printed parts of the chapter's totals: a total that differs
    but equals its printed parts added up reproduces from the printed parts."""
    parts = parts or {}
    known = {m.metric_id: m for m in result.metrics}
    unknown = sorted(set(printed["metric_id"]) - set(known) - {""})
    if unknown:
        file = printed.attrs.get("source_file", f"data/printed/{result.year}/{result.chapter}.csv")
        raise ConfigurationError(
            f"{file}: printed figures name metrics that chapter '{result.chapter}' does not compute: "
            + ", ".join(unknown)
        )
    rows = []
    for fig in printed.to_dict(orient="records"):  # (dicts, not a Series per row: many times faster)
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
            shown = max(decimals, 0)
            diff = rounded - printed_value
            status = REPRODUCES if diff == 0 else DIFFERS
            if metric.kind == "input" and diff == 0:
                status = INPUT  # the printed figure is itself the input: nothing was recomputed
            from_parts = parts.get(fig["metric_id"])
            if status == DIFFERS and from_parts is not None and from_parts.reproduces(fig["printed"]):
                status = REPRODUCES_FROM_PARTS
                row["note"] = "; ".join(x for x in (
                    row["note"], f"報告印出之分項相加 the printed parts added up: {from_parts.shown} = "
                                 f"{from_parts.total:{sep}f}；重算之和未四捨五入 the recomputed sum unrounded "
                                 f"{round_half_up(metric.value, shown + 2):{sep}f}") if x)
            if metric.kind == "illustrative":
                status = ILLUSTRATIVE  # computed from example data: a match proves nothing
            row.update(
                recomputed=format_as_printed(rounded, fig["printed"]),
                recomputed_full=f"{metric.value:.10g}",
                difference="0" if diff == 0 else format_as_printed(diff, fig["printed"], signed=True),
                status=status,
            )
        row["status_label"] = STATUS_LABELS[row["status"]]
        rows.append(row)
    return pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)
