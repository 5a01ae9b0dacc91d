"""What chapter notebooks call to present results: tables with Traditional
Chinese headers, the reconciliation, notes, and writing the outputs.

A notebook stays thin: ``page = start("energy", year, output_dir, figure_dir)``
finds the project (upwards from the notebook's folder), loads and computes the
chapter (and the earlier years it builds on) exactly as the build does, and
hands back the result; the notebook shows it; ``page.finish()`` reconciles it
with the printed report, shows that, and writes the chapter's tidy tables.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

from sustainability_appendix.chapters import module
from sustainability_appendix.chapters.engine import Computation, run_compute
from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.present.outputs import resolve_dirs, write_result
from sustainability_appendix.present.plotting import save_figure, use_cjk_font
from sustainability_appendix.project import Project
from sustainability_appendix.review.parts import printed_parts
from sustainability_appendix.review.reconcile import (
    DIFFERS,
    ILLUSTRATIVE,
    INPUT,
    NOT_CHECKABLE,
    REPRODUCES,
    REPRODUCES_FROM_PARTS,
    reconcile,
)
from sustainability_appendix.review.results import YearResults
from sustainability_appendix.review.year import chapter_notes

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

STATUS_COLOURS = {REPRODUCES: "#e6f4ea", REPRODUCES_FROM_PARTS: "#e6f4ea", DIFFERS: "#fde7e9",
                  NOT_CHECKABLE: "#fff4e5", INPUT: "#eef2f7", ILLUSTRATIVE: "#f3eefa"}


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
    styler = _styler(shown).hide(axis="index").format(na_rep="—", escape="html").format(
        {c: number_format for c in shown.columns if pd.api.types.is_float_dtype(shown[c])}, na_rep="—")
    if caption:
        styler = styler.set_caption(caption)
    display(styler)


def show_metrics(result: ChapterResult) -> None:
    """Every derived figure (illustrative ones too) with its formula, inputs and sources."""
    frame = result.metrics_frame()
    frame = frame[frame["kind"] != "input"][["label", "value", "unit", "gri", "formula", "inputs", "missing_reason"]]
    show(frame, "計算明細 Calculations: formula, inputs and factor sources", number_format="{:,.4f}")


def show_reconciliation(reconciliation: pd.DataFrame) -> None:
    counts = reconciliation["status_label"].value_counts()
    summary = "、".join(f"{label} {n}" for label, n in counts.items()) or "本章無報告印出之數值 No printed figures"
    md(f"**與報告印出數值核對 Reconciliation with the printed report**：{summary}")
    columns = ["figure_id", "label", "section", "printed", "recomputed", "difference", "status_label", "note"]
    colours = reconciliation["status"].map(STATUS_COLOURS)
    shown = reconciliation[columns].rename(columns=HEADERS)
    styler = _styler(shown).hide(axis="index").format(escape="html").apply(
        lambda row: [f"background-color: {colours.iloc[row.name]}"] * len(row), axis=1)
    display(styler)


def show_notes(page: Page) -> None:
    """The chapter's notes, then the notes about this year's printed report."""
    for note in page.result.notes:
        md(f"> {note}")
    for note in page.report_notes():
        md(f"> **報告註記 About the printed report**：{note}")


def figure(fig, name: str, figure_dir: Path, caption: str) -> Path:
    """Save a figure to the year's figure folder and show it with its caption."""
    path = save_figure(fig, figure_dir, name)
    # Show the saved PNG rather than rendering the figure a second time: same pixels, half the cost.
    display(Image(data=path.read_bytes(), format="png", width=int(fig.get_figwidth() * fig.dpi)))
    md(f"*圖 Figure：{caption}* (`figures/…/{path.name}`)")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


@dataclass
class Page:
    """A chapter of one year as its notebook presents it."""

    project: Project
    computation: Computation
    chapter: str
    year: int
    inputs: object
    result: ChapterResult
    figures: Path
    output: Path

    def printed(self) -> pd.DataFrame:
        """The figures the year's report printed for this chapter."""
        return self.computation.store.printed(self.year, self.chapter)

    def report_notes(self) -> list[str]:
        return chapter_notes(YearResults(self.computation, self.year), self.chapter)

    def finish(self) -> pd.DataFrame:
        """Reconcile with the printed report, show it, and write the chapter's tidy CSVs."""
        parts = printed_parts(YearResults(self.computation, self.year), self.chapter)
        reconciliation = reconcile(self.result, self.printed(), parts)
        show_reconciliation(reconciliation)
        write_result(self.result, self.output, reconciliation)
        return reconciliation


def start(chapter: str, year: int, output_dir: str = "", figure_dir: str = "", **load_options) -> Page:
    """Set up the notebook and compute its chapter for ``year``. ``load_options`` go to the
    chapter's ``load`` (the materiality notebook's thresholds)."""
    setup()
    project = Project.find()
    computation = Computation(project)
    if load_options:
        inputs = module(chapter).load(project, year, computation.store, **load_options)
        result = run_compute(chapter, year, inputs, computation.earlier(chapter, year))
    else:
        inputs = computation.inputs(chapter, year)
        result = computation.result(chapter, year)
    output, figures = resolve_dirs(project, year, output_dir, figure_dir)
    return Page(project, computation, chapter, year, inputs, result, figures, output)
