"""Writing a chapter's results: tidy CSVs and figures, byte-stable across runs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.project import Project


def resolve_dirs(project: Project, year: int, output_dir: str = "", figure_dir: str = "") -> tuple[Path, Path]:
    """Where a notebook writes: the given folders (the build passes staging folders,
    relative to the notebook's folder), else ``data/processed/<year>`` and ``figures/<year>``."""
    out = Path(output_dir) if output_dir else project.processed_dir(year)
    fig = Path(figure_dir) if figure_dir else project.figures_dir(year)
    out.mkdir(parents=True, exist_ok=True)
    fig.mkdir(parents=True, exist_ok=True)
    return out, fig


def write_csv(frame: pd.DataFrame, path: Path, bom: bool = False) -> Path:
    """A CSV in UTF-8; ``bom``: with a byte-order mark, so that Excel (which otherwise assumes the
    system's code page, Big5 on a zh-TW Windows) reads it as UTF-8. The published downloads have one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_result(result: ChapterResult, folder: Path, reconciliation: pd.DataFrame | None = None) -> list[Path]:
    """Write ``<chapter>__metrics.csv``, one ``<chapter>__<table>.csv`` per tidy
    table and ``<chapter>__reconciliation.csv``."""
    folder = Path(folder)
    written = [write_csv(result.metrics_frame(), folder / f"{result.chapter}__metrics.csv")]
    for name, table in result.tables.items():
        written.append(write_csv(table, folder / f"{result.chapter}__{name}.csv"))
    if reconciliation is not None:
        written.append(write_csv(reconciliation, folder / f"{result.chapter}__reconciliation.csv"))
    return written
