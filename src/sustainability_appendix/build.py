"""Building a year's appendix: execute every chapter notebook with papermill,
export HTML, write the index page, and publish atomically.

Everything is written into a staging folder first; only when every chapter has
executed and exported are the year's ``data/processed``, ``figures`` and
``reports`` folders replaced (each by a rename). A failed build therefore never
touches the last good appendix; the failing executed notebook is kept under
``build/failed/<year>/`` for debugging.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .chapters import CHAPTERS, Chapter
from .paths import figures_dir, notebooks_dir, processed_dir, project_root, relative, reports_dir

KERNEL_NAME = "python3"


class BuildError(Exception):
    """A chapter failed; the message names the chapter and the failing cell."""


@dataclass
class ChapterRun:
    chapter: str
    seconds: float
    error: str | None = None
    failed_notebook: str | None = None


@dataclass
class YearBuild:
    year: int
    runs: list[ChapterRun] = field(default_factory=list)
    seconds: float = 0.0
    published: Path | None = None


def build_root() -> Path:
    return project_root() / "build"


def run_chapter(chapter: str, year: int, staging: Path, show_code: bool) -> ChapterRun:
    """Execute one chapter notebook into ``staging`` and export it. Runs in a worker process."""
    import papermill as pm

    start = time.perf_counter()
    source = notebooks_dir() / f"{chapter}.ipynb"
    executed = staging / "executed" / f"{chapter}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(
            str(source),
            str(executed),
            parameters={
                "year": year,
                "output_dir": str(staging / "processed"),
                "figure_dir": str(staging / "figures"),
            },
            kernel_name=KERNEL_NAME,
            cwd=str(notebooks_dir()),
            progress_bar=False,
            log_output=False,
        )
        from .site import export_chapter_html

        export_chapter_html(executed, staging / "reports" / f"{chapter}.html", show_code, year, chapter)
    except Exception as exc:  # papermill's own error carries the cell and the exception
        return ChapterRun(chapter, time.perf_counter() - start, _describe_failure(exc), str(executed))
    return ChapterRun(chapter, time.perf_counter() - start)


def _describe_failure(exc: Exception) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"cell {exc.cell_index} (execution count {exc.exec_count}): {exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


def _replace_dir(staged: Path, target: Path) -> None:
    """Put ``staged`` in place of ``target`` with renames, keeping the old one until the new is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    staged.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build_year(year: int, jobs: int | None = None, show_code: bool = False,
               chapters: tuple[Chapter, ...] = CHAPTERS, log=print) -> YearBuild:
    """Build one year's appendix; raise BuildError (and publish nothing) if any chapter fails."""
    from . import site
    from .validate import validate_year

    validate_year(year)  # bad input stops here, with one clear message, before any kernel starts
    start = time.perf_counter()
    staging = build_root() / "staging" / f"{year}-{uuid.uuid4().hex[:8]}"
    for sub in ("processed", "figures", "reports", "executed"):
        (staging / sub).mkdir(parents=True, exist_ok=True)
    result = YearBuild(year)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(chapters)))
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            futures = {pool.submit(run_chapter, c.name, year, staging, show_code): c for c in chapters}
            for future in as_completed(futures):
                run = future.result()
                result.runs.append(run)
                log(f"  {year} {run.chapter:<12} {'FAILED' if run.error else 'ok':<6} {run.seconds:5.1f} s")
        failures = [r for r in result.runs if r.error]
        if failures:
            kept = build_root() / "failed" / str(year)
            if kept.exists():
                shutil.rmtree(kept)
            kept.mkdir(parents=True)
            lines = []
            for run in failures:
                line = f"chapter '{run.chapter}' failed in {run.error}"
                if Path(run.failed_notebook).exists():
                    shutil.copy2(run.failed_notebook, kept / Path(run.failed_notebook).name)
                    line += f"\n  executed notebook kept at {relative(kept / Path(run.failed_notebook).name)}"
                lines.append(line)
            raise BuildError(f"build of {year} failed; the published appendix of {year} is unchanged.\n"
                             + "\n".join(lines))
        order = {c.name: i for i, c in enumerate(chapters)}
        result.runs.sort(key=lambda r: order[r.chapter])
        site.write_year_index(year, staging, chapters)
        _replace_dir(staging / "processed", processed_dir(year))
        _replace_dir(staging / "figures", figures_dir(year))
        _replace_dir(staging / "reports", reports_dir(year))
        site.write_site_index()
        result.published = reports_dir(year)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result
