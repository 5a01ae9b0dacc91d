"""What chapter notebooks call to present results: tables with Traditional
Chinese headers, the reconciliation, notes, and writing the outputs.

A notebook stays thin: ``page = start("energy", year, output_dir, figure_dir)``
finds the project (upwards from the notebook's folder), loads and computes the
chapter (and the earlier years it builds on) exactly as the build does, and
hands back the result; the notebook shows it; ``page.finish()`` reconciles it
with the printed report, shows that, and writes the chapter's tidy tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from sustainability_appendix.chapters import CHAPTERS, chapter_number, module
from sustainability_appendix.chapters.engine import Computation, run_compute
from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.memo import ResultMemo, TableMemo
from sustainability_appendix.present.html import (
    Cell,
    anchor,
    badge,
    code,
    esc,
    figure_html,
    link,
    note_html,
    table_html,
)
from sustainability_appendix.present.numbers import decimals_of_format
from sustainability_appendix.present.outputs import resolve_dirs, write_result
from sustainability_appendix.present.plotting import save_figure, use_cjk_font
from sustainability_appendix.project import Project
from sustainability_appendix.review.parts import printed_parts
from sustainability_appendix.review.reconcile import decimals_of, reconcile
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


@dataclass
class Numbering:
    """Tables and figures of a chapter numbered in the order they are shown: 表 3-1, 圖 3-1 (chapter 3)."""

    chapter: int | None = None
    tables: int = 0
    figures: int = 0

    def _next(self, kind: str, prefix: str, count: int) -> tuple[str, str]:
        suffix = f"{self.chapter}-{count}" if self.chapter else str(count)
        return f"{kind} {suffix}", f"{prefix}-{suffix}"

    def table(self) -> tuple[str, str]:
        """The next table's label and id."""
        self.tables += 1
        return self._next("表", "table", self.tables)

    def figure(self) -> tuple[str, str]:
        self.figures += 1
        return self._next("圖", "figure", self.figures)


# what the page being shown is: set by ``start`` (a notebook shows one chapter of one year)
_current: dict[str, object] = {"numbering": Numbering(), "page": None}


def _numbering() -> Numbering:
    return _current["numbering"]  # type: ignore[return-value]


def _page() -> Page | None:
    return _current["page"]  # type: ignore[return-value]


def setup() -> None:
    """Call once at the top of a notebook."""
    use_cjk_font()
    pd.set_option("display.max_colwidth", 200)
    pd.set_option("display.max_columns", 50)


def md(text: str) -> None:
    """Narrative in Markdown. On the published page any HTML in it is shown as text (so a value
    interpolated from an input can never become markup)."""
    display(Markdown(text))


def _html(fragment: str) -> None:
    display(HTML(fragment))


def _metric_labels(page: Page | None) -> dict[str, str]:
    if page is None:
        return {}
    return {m.metric_id: m.label for m in page.result.metrics}


def _metric_units(page: Page | None) -> dict[str, str]:
    if page is None:
        return {}
    return {m.metric_id: m.unit for m in page.result.metrics}


def show(frame: pd.DataFrame, caption: str = "", headers: dict[str, str] | None = None,
         number_format: str | None = None, units: dict[str, str] | None = None) -> None:
    """A numbered table with Chinese/English headers and no index.

    Numbers are formatted by their unit and kind (:mod:`.numbers`): a column named after one of the
    chapter's metrics takes that metric's unit, ``units`` names others; a ``value`` column beside a
    ``unit`` column is formatted row by row. ``number_format`` (``"{:,.2f}"``) caps the decimals of
    columns of rates and amounts; whole numbers stay whole and years plain whatever it says.
    A column named after a metric is headed by the metric's label unless ``headers`` names it.
    """
    names = {**_metric_labels(_page()), **HEADERS, **(headers or {})}
    known = {**_metric_units(_page()), **(units or {})}
    label, ident = _numbering().table()
    _html(table_html(frame, caption, label=label, ident=ident, headers=names,
                     units={c: known[c] for c in frame.columns if c in known},
                     cap=decimals_of_format(number_format),
                     value_units="unit" if {"value", "unit"} <= set(frame.columns) else None))


def _printed_figures(page: Page | None) -> pd.DataFrame:
    if page is None:
        return pd.DataFrame(columns=["figure_id", "metric_id", "printed"])
    return page.printed()


def _register_links(figure_ids: list[str]) -> Cell:
    return Cell("<br>".join(f'<span class="id">{link(f"register.html#{anchor(f)}", f)}</span>' for f in figure_ids))


def show_metrics(result: ChapterResult, page: Page | None = None) -> None:
    """Every figure of the chapter with an anchor (``#metric-<id>``): the derived ones with their formula,
    inputs and sources, each linked to its rows of the register; then the inputs, folded."""
    page = page or _page()
    printed = _printed_figures(page)
    figures_of: dict[str, list[str]] = {}
    decimals_of_metric: dict[str, int] = {}
    for _, fig in printed.iterrows():
        if fig["metric_id"]:
            figures_of.setdefault(fig["metric_id"], []).append(fig["figure_id"])
            decimals = max(decimals_of(fig["printed"]), 0)
            decimals_of_metric[fig["metric_id"]] = max(decimals, decimals_of_metric.get(fig["metric_id"], 0))
    frame = result.metrics_frame()

    def table(rows: pd.DataFrame, columns: list[str], caption: str) -> str:
        shown = rows[columns].copy()
        shown.insert(0, "metric_id", [Cell(code(m)) for m in rows["metric_id"]])
        shown["register"] = [_register_links(figures_of.get(m, [])) for m in rows["metric_id"]]
        label, ident = _numbering().table()
        return table_html(shown, caption, label=label, ident=ident,
                          headers={**HEADERS, "register": "核對登錄表 In the register"},
                          row_ids=[f"metric-{anchor(m)}" for m in rows["metric_id"]], value_units="unit",
                          value_decimals=[decimals_of_metric.get(m) for m in rows["metric_id"]])

    derived = frame[frame["kind"] != "input"]  # illustrative ones too
    columns = ["label", "value", "unit", "gri", "formula", "inputs"]
    if derived["missing_reason"].fillna("").astype(str).str.strip().any():
        columns.append("missing_reason")
    parts = []
    if not derived.empty:
        parts.append(table(derived, columns, "計算明細 Calculations: formula, inputs and factor sources"))
    inputs = frame[frame["kind"] == "input"]
    if not inputs.empty:
        inner = table(inputs, ["label", "value", "unit", "gri", "inputs"], "輸入值與其來源 Input figures and their sources")
        parts.append(f'<details class="inputs"><summary>輸入值 {len(inputs)} 項 Input figures ({len(inputs)})：'
                     f"數值與來源 values and sources</summary>{inner}</details>")
    _html("".join(parts))


def reconciliation_summary(reconciliation: pd.DataFrame, awaiting: int = 0) -> str:
    """The counts of a chapter's statuses, or why there are none."""
    if reconciliation.empty:
        if awaiting:
            return (f"報告尚未印出本章數值：{awaiting} 個數值待與報告核對 "
                    f"{awaiting} figures await the printed report")
        return "本章無報告印出之數值 No printed figures"
    counts = reconciliation["status_label"].value_counts()
    return "、".join(f"{label} {n}" for label, n in counts.items())


def show_reconciliation(reconciliation: pd.DataFrame, page: Page | None = None) -> None:
    """The chapter's printed figures against the recomputed ones; each row has the figure's id as its
    anchor and links to its row of the register and to its calculation."""
    page = page or _page()
    awaiting = 0
    if page is not None and reconciliation.empty:
        awaiting = sum(1 for m in page.result.metrics if m.value is not None)
    summary = reconciliation_summary(reconciliation, awaiting)
    _html(f"<p><strong>與報告印出數值核對 Reconciliation with the printed report</strong>：{esc(summary)}</p>")
    if reconciliation.empty:
        return
    printed = _printed_figures(page)
    metric_of = dict(zip(printed["figure_id"], printed["metric_id"]))
    shown_metrics = {m.metric_id for m in page.result.metrics} if page else set()
    frame = reconciliation[["figure_id", "label", "section", "printed", "recomputed", "difference",
                            "status_label", "note"]].copy()
    frame["figure_id"] = [Cell(f'<span class="id">{link(f"register.html#{anchor(f)}", f)}</span>')
                          for f in reconciliation["figure_id"]]
    frame["label"] = [Cell(link(f"#metric-{anchor(metric_of[f])}", label)) if metric_of.get(f) in shown_metrics
                      else Cell(esc(label)) for f, label in zip(reconciliation["figure_id"], reconciliation["label"])]
    frame["status_label"] = [Cell(badge(s, label)) for s, label in
                             zip(reconciliation["status"], reconciliation["status_label"])]
    for column in ("printed", "recomputed", "difference"):
        frame[column] = [str(v) or "—" for v in reconciliation[column].fillna("")]
    label, ident = _numbering().table()
    _html(table_html(frame, "與報告印出數值核對 Reconciliation with the printed report", label=label, ident=ident,
                     headers=HEADERS, row_ids=[anchor(f) for f in reconciliation["figure_id"]],
                     right=("printed", "recomputed", "difference"),
                     row_classes=[f"status-{anchor(s)}" for s in reconciliation["status"]]))


def show_notes(page: Page) -> None:
    """The chapter's notes, then the notes about this year's printed report."""
    parts = [note_html(note) for note in page.result.notes]
    parts += [note_html(note, "report", "報告註記 About the printed report") for note in page.report_notes()]
    if parts:
        _html("".join(parts))


def figure(fig, name: str, figure_dir: Path, caption: str) -> Path:
    """Save a figure to the year's figure folder and show it, numbered, with its caption as its
    caption and its alternative text."""
    import matplotlib.pyplot as plt

    path = save_figure(fig, figure_dir, name)
    label, ident = _numbering().figure()
    # show the saved PNG rather than rendering the figure a second time: same pixels, half the cost
    _html(figure_html(path.read_bytes(), caption, label=label, ident=ident,
                      width=int(fig.get_figwidth() * fig.dpi)))
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
        show_reconciliation(reconciliation, self)
        write_result(self.result, self.output, reconciliation)
        return reconciliation


def start(chapter: str, year: int, output_dir: str = "", figure_dir: str = "", **load_options) -> Page:
    """Set up the notebook and compute its chapter for ``year``. ``load_options`` go to the
    chapter's ``load`` (the materiality notebook's thresholds)."""
    setup()
    project = Project.find()
    # what the last build kept, where nothing it was made from has changed (read only)
    computation = Computation(project, store=InputStore(project, memo=TableMemo(project, read_only=True)),
                              memo=ResultMemo(project, CHAPTERS, read_only=True))
    if load_options:
        inputs = module(chapter).load(project, year, computation.store, **load_options)
        result = run_compute(chapter, year, inputs, computation.earlier(chapter, year))
    else:
        inputs = computation.inputs(chapter, year)
        result = computation.result(chapter, year)
    output, figures = resolve_dirs(project, year, output_dir, figure_dir)
    page = Page(project, computation, chapter, year, inputs, result, figures, output)
    _current.update(numbering=Numbering(chapter_number(chapter)), page=page)
    return page
