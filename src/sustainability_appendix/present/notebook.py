"""What chapter notebooks call to present results: tables with Traditional
Chinese headers, the reconciliation, notes, and writing the outputs.

Notebooks stay thin: they compute with a chapter module, then call these.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.present.outputs import resolve_dirs, write_result
from sustainability_appendix.present.plotting import save_figure, use_cjk_font
from sustainability_appendix.review.reconcile import DIFFERS, INPUT, NOT_CHECKABLE, REPRODUCES, reconcile

HEADERS = {
    "metric_id": "指標代碼 Metric",
    "label": "項目 Item",
    "value": "計算值 Value",
    "unit": "單位 Unit",
    "gri": "GRI",
    "formula": "公式 Formula",
    "inputs": "輸入與來源 Inputs and sources",
    "missing_reason": "未計算原因 Why not computed",
    "figure_id": "編號 Figure",
    "section": "報告章節 Section",
    "printed": "報告值 Printed",
    "recomputed": "重算值 Recomputed",
    "recomputed_full": "重算值（未四捨五入）Unrounded",
    "difference": "差異 Difference",
    "status_label": "狀態 Status",
    "note": "說明 Note",
    "year": "年度 Year",
}

STATUS_COLOURS = {REPRODUCES: "#e6f4ea", DIFFERS: "#fde7e9", NOT_CHECKABLE: "#fff4e5", INPUT: "#eef2f7"}


_TABLES = itertools.count(1)


def _styler(frame: pd.DataFrame):
    """``frame.style`` with an id numbered in order of display instead of pandas'
    random one, so executing a notebook twice gives the same HTML."""
    return frame.style.set_uuid(f"t{next(_TABLES)}")


def setup() -> None:
    """Call once at the top of a notebook."""
    use_cjk_font()
    pd.set_option("display.max_colwidth", 200)
    pd.set_option("display.max_columns", 50)


def md(text: str) -> None:
    display(Markdown(text))


def show(frame: pd.DataFrame, caption: str = "", headers: dict[str, str] | None = None,
         number_format: str = "{:,.2f}") -> None:
    """A table with Chinese/English headers and no index."""
    names = {**HEADERS, **(headers or {})}
    shown = frame.rename(columns={c: names.get(c, c) for c in frame.columns})
    styler = _styler(shown).hide(axis="index").format(
        {c: number_format for c in shown.columns if pd.api.types.is_float_dtype(shown[c])}, na_rep="—")
    if caption:
        styler = styler.set_caption(caption)
    display(styler)


def show_metrics(result: ChapterResult) -> None:
    """Every derived figure with its formula, inputs and sources."""
    frame = result.metrics_frame()
    frame = frame[frame["kind"] == "derived"][["label", "value", "unit", "gri", "formula", "inputs", "missing_reason"]]
    show(frame, "計算明細 Calculations: formula, inputs and factor sources", number_format="{:,.4f}")


def show_reconciliation(reconciliation: pd.DataFrame) -> None:
    counts = reconciliation["status_label"].value_counts()
    summary = "、".join(f"{label} {n}" for label, n in counts.items()) or "本章無報告印出之數值 No printed figures"
    md(f"**與報告印出數值核對 Reconciliation with the printed report**：{summary}")
    columns = ["figure_id", "label", "section", "printed", "recomputed", "difference", "status_label", "note"]
    colours = reconciliation["status"].map(STATUS_COLOURS)
    shown = reconciliation[columns].rename(columns=HEADERS)
    styler = _styler(shown).hide(axis="index").apply(
        lambda row: [f"background-color: {colours.iloc[row.name]}"] * len(row), axis=1)
    display(styler)


def show_notes(result: ChapterResult) -> None:
    for note in result.notes:
        md(f"> {note}")


def figure(fig, name: str, figure_dir: Path, caption: str) -> Path:
    """Save a figure to the year's figure folder and show it with its caption."""
    path = save_figure(fig, figure_dir, name)
    # Show the saved PNG rather than rendering the figure a second time: same pixels, half the cost.
    display(Image(data=path.read_bytes(), format="png", width=int(fig.get_figwidth() * fig.dpi)))
    md(f"*圖 Figure：{caption}* (`figures/…/{path.name}`)")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def finish(result: ChapterResult, output_dir: str = "", figure_dir: str = "") -> pd.DataFrame:
    """Reconcile, show the reconciliation, and write the chapter's tidy CSVs."""
    reconciliation = reconcile(result)
    show_reconciliation(reconciliation)
    out, _ = resolve_dirs(result.year, output_dir, figure_dir)
    write_result(result, out, reconciliation)
    return reconciliation
