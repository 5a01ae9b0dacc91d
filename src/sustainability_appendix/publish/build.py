"""Building the appendix: one pass over the data, execute what changed, publish atomically.

One build covers one or several reporting years of one project:

1. **Plan by files** (no pandas). For every chapter of every year, the key of the
   files it is made of (:func:`cache.file_components`). When every chapter of a
   year matches its cache entry and the published year is intact, the year is up
   to date: nothing is read, nothing is written.
2. **Validate and compute.** Otherwise one
   :class:`~sustainability_appendix.chapters.engine.Computation` loads and computes
   every chapter of every year to build, each (chapter, year) once (the earlier
   years a chapter builds on included); every problem of every year is reported
   at once, before any notebook runs.
3. **Plan by contents.** A chapter whose key of input contents (only the rows and
   items it reads) matches its cache entry is reused; the others are executed.
4. **Execute** those chapters' notebooks, ``jobs`` at a time, longest first, in
   threads of this process, on kernels from a :class:`runner.KernelPool`; meanwhile
   this thread reviews each year (register, audit, GRI, SDG) from the same
   computation. Each chapter writes into its own folder under
   ``build/work/<year>/<chapter>/``, which becomes its cache entry.
5. **Publish** each year whose chapters all succeeded: its files are assembled from
   the cache entries and its review into a staging folder, and
   ``data/processed/<year>``, ``figures/<year>`` and ``reports/<year>`` are each
   replaced by a rename. Then the page across years is rewritten.

A chapter that fails leaves its year unpublished (the last good appendix stays),
keeps its executed notebook in ``build/failed/<year>/<chapter>.ipynb``, and is
named with its failing cell. Two builds of one project wait for each other
(``build/build.lock``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sustainability_appendix import digests
from sustainability_appendix.chapters import CHAPTERS, Chapter
from sustainability_appendix.memo import RegisterMemo, ResultMemo, TableMemo
from sustainability_appendix.project import Project
from sustainability_appendix.publish import cache

KERNEL_NAME = "python3"  # the kernel every notebook runs in (runner.KERNEL_NAME)
EXECUTED = "executed"
REUSED = "reused"
FAILED = "failed"


class BuildError(Exception):
    """A chapter failed; the message names the chapter and the failing cell."""


@dataclass
class ChapterRun:
    chapter: str
    seconds: float
    error: str | None = None
    failed_notebook: str | None = None
    status: str = EXECUTED  # executed | reused | failed
    year: int = 0
    reason: str = ""  # why it was executed


@dataclass
class YearBuild:
    year: int
    runs: list[ChapterRun] = field(default_factory=list)
    seconds: float = 0.0
    published: Path | None = None
    up_to_date: bool = False  # it was published already, with the same keys: nothing was written
    validation: str = ""  # "checked", or "unchanged" (inputs unchanged since they last passed)
    warnings: list[str] = field(default_factory=list)
    pdf: str = ""  # "printed (…)", "reused", or why there is none
    pdf_seconds: float = 0.0

    def _names(self, status: str) -> list[str]:
        return [r.chapter for r in self.runs if r.status == status]

    @property
    def executed(self) -> list[str]:
        return self._names(EXECUTED)

    @property
    def reused(self) -> list[str]:
        return self._names(REUSED)

    @property
    def failed(self) -> list[str]:
        return self._names(FAILED)

    def failure_message(self) -> str:
        lines = [f"build of {self.year} failed; the published appendix of {self.year} is unchanged."]
        for run in self.runs:
            if run.status == FAILED:
                lines.append(f"chapter '{run.chapter}' failed in {run.error}")
                if run.failed_notebook:
                    lines.append(f"  executed notebook kept at {run.failed_notebook}")
        return "\n".join(lines)


@dataclass
class BuildReport:
    years: list[YearBuild] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    kernels_started: int = 0
    computes: dict[str, int] = field(default_factory=dict)  # "chapter year" -> computations in this process
    recalled: list[str] = field(default_factory=list)  # "chapter year" taken unchanged from an earlier build

    def _all(self, status: str) -> list[tuple[int, str]]:
        return [(y.year, r.chapter) for y in self.years for r in y.runs if r.status == status]

    @property
    def executed(self) -> list[tuple[int, str]]:
        return self._all(EXECUTED)

    @property
    def reused(self) -> list[tuple[int, str]]:
        return self._all(REUSED)

    @property
    def failed(self) -> list[tuple[int, str]]:
        return self._all(FAILED)

    def as_dict(self, project: Project | None = None) -> dict:
        def shown(path):
            return project.relative(path) if project and path else (str(path) if path else None)
        return {
            "seconds": round(self.seconds, 3),
            "jobs": self.jobs,
            "kernels_started": self.kernels_started,
            "computes": self.computes,
            "recalled": self.recalled,
            "years": [{
                "year": y.year,
                "published": shown(y.published),
                "up_to_date": y.up_to_date,
                "validation": y.validation,
                "warnings": y.warnings,
                "pdf": y.pdf,
                "pdf_seconds": round(y.pdf_seconds, 3),
                "chapters": [{"chapter": r.chapter, "status": r.status, "seconds": round(r.seconds, 3),
                              "reason": r.reason, "error": r.error, "failed_notebook": r.failed_notebook}
                             for r in y.runs],
            } for y in self.years],
        }


class Progress:
    """What a build reports as it goes; the command line prints it, tests ignore it."""

    def message(self, text: str) -> None: ...
    def notice(self, text: str) -> None:
        """Something the user must know even when the build is quiet (no PDF could be made)."""
        self.message(text)
    def year_planned(self, year: int, execute: list[tuple[str, str]], reuse: list[str]) -> None: ...
    def chapter_done(self, run: ChapterRun) -> None: ...
    def year_done(self, build: YearBuild) -> None: ...


class LogProgress(Progress):
    """Progress as lines handed to ``log`` (``print`` by default)."""

    def __init__(self, log=print):
        self.log = log

    def message(self, text: str) -> None:
        self.log(text)

    def year_planned(self, year, execute, reuse):
        if execute:
            self.log(f"{year}: executing {len(execute)} of {len(execute) + len(reuse)} chapters")

    def chapter_done(self, run: ChapterRun) -> None:
        shown = {EXECUTED: "executed", REUSED: "reused", FAILED: "FAILED"}[run.status]
        timing = f"{run.seconds:5.1f} s" if run.status != REUSED else "       "
        why = f"  ({run.reason})" if run.status == EXECUTED and run.reason else ""
        self.log(f"  {run.year} {run.chapter:<12} {shown:<8} {timing}{why}")

    def year_done(self, build: YearBuild) -> None:
        if build.failed:
            self.log(f"  {build.year}: not published ({len(build.failed)} chapter(s) failed)")
        elif build.published:
            self.log(f"  {build.year}: {'up to date' if build.up_to_date else 'published'} -> "
                     f"reports/{build.year}/index.html")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ---- planning -------------------------------------------------------------------------------

@dataclass
class _Task:
    year: int
    chapter: Chapter
    components: dict
    reason: str
    estimate: float
    content_key: str = ""


@dataclass
class _YearPlan:
    year: int
    chapters: tuple[Chapter, ...]
    components: dict[str, dict]  # by chapter: what its files are (step 1)
    entries: dict[str, cache.Entry]  # chapters reused
    candidates: list[str]  # chapters whose files changed: decided in step 3
    fast_key: str  # the year's key by files, for "nothing changed"
    up_to_date: bool
    tasks: list[_Task] = field(default_factory=list)
    content_keys: dict[str, str] = field(default_factory=dict)
    publish_key: str = ""
    force: bool = False
    pdf: bool = False  # the year is published with its PDF (wanted, and Chromium is installed)
    staging: Path | None = None  # where the year is assembled, once its review files are written
    staged: set[str] = field(default_factory=set)  # chapters whose outputs and page are in the staging folder
    prepared: object = None  # year_pages.PreparedPages, once the staged pages are linked

    @property
    def pages(self) -> tuple[Chapter, ...]:
        return tuple(c for c in self.chapters if c.notebook)


def _plan_year(project: Project, year: int, chapters: tuple[Chapter, ...], force: bool, show_code: bool,
               data_digest: str, pdf: bool = False) -> _YearPlan:
    components, entries, candidates, keys = {}, {}, [], {}
    for chapter in chapters:
        if not chapter.notebook:
            continue
        comp = components[chapter.name] = cache.file_components(project, chapter, year)
        keys[chapter.name] = cache.key_of(comp)
        entry = cache.load_entry(project, year, chapter.name)
        if not force and entry is not None and entry.key == keys[chapter.name] and entry.intact():
            entries[chapter.name] = entry
        else:
            candidates.append(chapter.name)
    fast_key = digests.sha256_json({"chapters": keys, "data": data_digest, "show_code": show_code, "pdf": pdf,
                                  "package": digests.package_digest(), "years": project.years()})
    record = cache.read_json(cache.cache_dir(project, year) / "published.json") or {}
    up_to_date = (not force and not candidates and record.get("fast_key") == fast_key
                  and _published_intact(project, year, record))
    return _YearPlan(year, chapters, components, entries, candidates, fast_key, up_to_date, force=force, pdf=pdf)


def _surely_executes(project: Project, plan: _YearPlan, name: str) -> bool:
    """Whether a chapter whose files changed will execute whatever its inputs' contents."""
    if plan.force:
        return True
    entry = cache.load_entry(project, plan.year, name)
    old = entry.data.get("components") if entry else None
    return not cache.explain_change(old, plan.components[name]).startswith("changed")


def _estimate(project: Project, year: int, chapter: str, entry: cache.Entry | None) -> float:
    """How long the chapter will take, to start the longest first: its last execution
    time (this year's, else another year's), else a guess from its notebook's size."""
    if entry is not None:
        return entry.seconds
    base = project.build_dir / "cache"
    if base.is_dir():
        for other in sorted(base.iterdir(), reverse=True):
            if other.name.isdigit():
                found = cache.load_entry(project, int(other.name), chapter)
                if found is not None:
                    return found.seconds
    notebook = project.notebooks_dir / f"{chapter}.ipynb"
    return 1.0 + (notebook.stat().st_size / 4000 if notebook.is_file() else 0.0)


def _published_dirs(project: Project, year: int) -> dict[str, Path]:
    return {"reports": project.reports_dir(year), "figures": project.figures_dir(year),
            "processed": project.processed_dir(year)}


def _published_files(project: Project, year: int) -> dict[str, str]:
    out = {}
    for name, folder in _published_dirs(project, year).items():
        for rel, digest in digests.tree_digests(folder).items():
            out[f"{name}/{rel}"] = digest
    return out


def _published_intact(project: Project, year: int, record: dict) -> bool:
    if not (project.reports_dir() / "index.html").is_file():
        return False
    return record.get("files") == _published_files(project, year)


def _decide(project: Project, plan: _YearPlan, computation, show_code: bool, data_digest: str) -> None:
    """Step 3: which of the chapters whose files changed really changed, by the contents they read."""
    from sustainability_appendix.review.results import YearResults
    from sustainability_appendix.review.year import chapter_notes

    data = YearResults(computation, plan.year)
    for chapter in plan.chapters:
        if not chapter.notebook:
            continue
        printed = data.chapter_printed(chapter.name)
        shown = {f"data/printed/{plan.year}/{chapter.name}": digests.sha256_json(printed.to_csv(lineterminator="\n")),
                 f"data/printed/{plan.year}/notes ({chapter.name})": digests.sha256_json(chapter_notes(data, chapter.name))}
        components = cache.content_components(project, chapter, plan.year,
                                              computation.fingerprints(chapter.name, plan.year), shown)
        key = plan.content_keys[chapter.name] = cache.key_of(components)
        if chapter.name not in plan.candidates:
            continue
        entry = cache.load_entry(project, plan.year, chapter.name)
        if not plan.force and entry is not None and entry.content_key == key and entry.intact():
            entry.data["key"] = cache.key_of(plan.components[chapter.name])  # the same contents, in new files
            entry.data["components"] = plan.components[chapter.name]
            entry.save()
            plan.entries[chapter.name] = entry
            continue
        reason = "--force" if plan.force else cache.explain_change(
            entry.data.get("content_components") if entry else None, components)
        plan.tasks.append(_Task(plan.year, chapter, plan.components[chapter.name], reason,
                                _estimate(project, plan.year, chapter.name, entry), key))
        plan.tasks[-1].content_components = components  # type: ignore[attr-defined]
    plan.publish_key = digests.sha256_json({"chapters": plan.content_keys, "data": data_digest, "pdf": plan.pdf,
                                          "show_code": show_code, "package": digests.package_digest(),
                                          "years": project.years()})


# ---- the build ------------------------------------------------------------------------------

@contextmanager
def _project_lock(project: Project, progress: Progress):
    """One build of a project at a time (a second one waits)."""
    project.build_dir.mkdir(parents=True, exist_ok=True)
    with open(project.build_dir / "build.lock", "a+") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no lock
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            progress.message("waiting for another build of this project to finish ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(project: Project, years: list[int], jobs: int | None = None, show_code: bool = False,
          force: bool = False, chapters: tuple[Chapter, ...] = CHAPTERS,
          progress: Progress | None = None, pdf: bool | None = None) -> BuildReport:
    """Build the appendix of ``years``.

    ``pdf``: make each published year's PDF (default: unless ``APPENDIX_PDF=0``); where Chromium is
    missing the build says so once and publishes the HTML alone.

    Raises InputError (nothing executed, nothing published) when the inputs of any
    year are invalid, ChapterError when a chapter's calculation fails on them. A
    failing notebook does not raise: the report lists it (``report.failed``) and
    its year stays as last published; the other years are published.
    """
    from sustainability_appendix.publish import pdf as pdf_module

    progress = progress or Progress()
    start = time.perf_counter()
    report = BuildReport(jobs=max(1, jobs or default_jobs()))
    pdf = pdf_module.wanted() if pdf is None else pdf
    with _project_lock(project, progress):
        digests.forget_digests()
        digest = cache.data_digest(project)
        with_pdf = pdf and pdf_module.chromium_path() is not None
        plans = [_plan_year(project, year, chapters, force, show_code, digest, with_pdf) for year in years]
        builds = {p.year: YearBuild(p.year) for p in plans}
        report.years = [builds[p.year] for p in plans]
        if all(p.up_to_date for p in plans):
            for plan in plans:
                _up_to_date(project, plan, builds[plan.year], progress)
            if not (project.reports_dir() / "index.html").is_file():
                _write_site_index(project)
            report.seconds = time.perf_counter() - start
            return report

        from sustainability_appendix.publish import runner

        printing = _PdfStep(pdf, progress)
        memos: tuple[TableMemo, ResultMemo, RegisterMemo] | tuple = ()
        # kernels (and the fork server they come from) boot while this process imports
        # and validates: one for each chapter that will surely execute (its notebook, the
        # code or the environment changed), else one in case
        certain = sum(_surely_executes(project, p, name) for p in plans for name in p.candidates)
        speculative = min(report.jobs, max(certain, 1 if any(p.candidates for p in plans) else 0))
        pool = runner.KernelPool(total=sum(len(p.candidates) for p in plans), cwd=project.notebooks_dir)
        if speculative and all(project.has_year(p.year) for p in plans):
            threading.Thread(target=pool.prestart, args=(speculative,), name="kernel-prestart", daemon=True).start()
        try:
            printing.start()
            # papermill and nbclient import (most of it reading files) while this thread validates
            importing = threading.Thread(target=runner.import_execution_libraries, name="import-execution",
                                         daemon=True)
            importing.start()
            from sustainability_appendix.chapters.engine import Computation
            from sustainability_appendix.inputs.store import InputStore

            # input files unchanged since an earlier build are not parsed and checked again, and a
            # chapter-year whose files are all unchanged is not computed again
            memos = tables, results, registers = (TableMemo(project), ResultMemo(project, chapters),
                                                  RegisterMemo(project, chapters))
            computation = Computation(project, chapters, store=InputStore(project, memo=tables), memo=results)
            _validate(plans, computation, builds, progress)
            importing.join()
            for plan in plans:
                _decide(project, plan, computation, show_code, digest)
            tasks = sorted((t for p in plans for t in p.tasks), key=lambda t: -t.estimate)
            pool.remaining = len(tasks)
            for plan in plans:
                progress.year_planned(plan.year, [(t.chapter.name, t.reason) for t in plan.tasks],
                                      [c.name for c in plan.pages if c.name in plan.entries])
            _execute(project, tasks, plans, builds, pool, report.jobs, show_code, progress, computation, digest,
                     printing, registers)
        finally:
            pool.close()
            report.kernels_started = pool.started
            for memo in memos:
                memo.prune()
            # an interrupted build leaves its staging folders behind (builds of a project take turns)
            shutil.rmtree(project.build_dir / "staging", ignore_errors=True)
            _remove_empty_dirs(project.build_dir / "work")
        report.computes = {f"{c} {y}": n for (c, y), n in sorted(computation.computes.items())}
        report.recalled = [f"{c} {y}" for c, y in sorted(computation.recalls)]
        if any(b.published and not b.up_to_date for b in builds.values()) or not (
                project.reports_dir() / "index.html").is_file():
            _write_site_index(project)
    report.seconds = time.perf_counter() - start
    return report


def _up_to_date(project: Project, plan: _YearPlan, build: YearBuild, progress: Progress) -> None:
    shutil.rmtree(project.build_dir / "failed" / str(plan.year), ignore_errors=True)  # no chapter fails now
    record = cache.read_json(cache.cache_dir(project, plan.year) / "validated.json") or {}
    build.validation = "unchanged"
    build.warnings = list(record.get("warnings", []))
    for name in plan.entries:
        run = ChapterRun(name, 0.0, status=REUSED, year=plan.year)
        build.runs.append(run)
        progress.chapter_done(run)
    build.up_to_date = True
    build.published = project.reports_dir(plan.year)
    progress.year_done(build)


def _write_site_index(project: Project) -> None:
    """The page across years. It also rewrites the years menu of every published page,
    so the record of each year that was intact before is renewed after it."""
    from sustainability_appendix.publish import site

    records = {}
    base = project.build_dir / "cache"
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        record = cache.read_json(folder / "published.json") if folder.name.isdigit() else None
        if record and record.get("files") == _published_files(project, int(folder.name)):
            records[int(folder.name)] = record
    site.write_site_index(project)
    for year, record in records.items():
        record["files"] = _published_files(project, year)
        cache.write_json(cache.cache_dir(project, year) / "published.json", record)


def _validate(plans: list[_YearPlan], computation, builds: dict[int, YearBuild], progress: Progress) -> None:
    from sustainability_appendix.errors import InputError
    from sustainability_appendix.inputs.validate import check_year

    problems = []
    for plan in plans:
        progress.message(f"{plan.year}: validating inputs ...")
        found, warnings = check_year(computation, plan.year)
        builds[plan.year].validation = "checked"
        builds[plan.year].warnings = warnings
        problems.extend(p for p in found if p not in problems)
        if not found:
            cache.write_json(cache.cache_dir(computation.project, plan.year) / "validated.json", {"warnings": warnings})
    if problems:
        raise InputError(problems)


class _PdfStep:
    """The PDF of each year published, where Chromium's headless shell is installed; else one line
    saying why there is none."""

    def __init__(self, enabled: bool, progress: Progress):
        self.enabled, self.progress = enabled, progress
        self.missing: str | None = None
        self.said = False

    def start(self) -> None:
        if self.enabled:
            from sustainability_appendix.publish import pdf as pdf_module

            self.missing = pdf_module.unavailable()

    def make(self, project: Project, year: int, plan: _YearPlan, review, reports: Path, staging: Path,
             build: YearBuild) -> None:
        """Print (or reuse) the year's PDF into the staging folder; without it, the index does not list it."""
        from sustainability_appendix.publish import pdf as pdf_module
        from sustainability_appendix.publish.year_pages import unlist_pdf

        manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
        try:
            made = pdf_module.write_year_pdf(reports, year, plan.chapters, manifest, review,
                                             cache.cache_dir(project, year), staging / "print")
        except Exception as exc:  # noqa: BLE001 - the HTML is published all the same
            (reports / f"appendix-{year}.pdf").unlink(missing_ok=True)
            made, why = None, f"printing failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        else:
            why = self.missing or "no printer"
        if made is None:
            unlist_pdf(review, reports)
            build.pdf = f"not made: {why}"
            if not self.said:
                self.progress.notice(f"  PDF not made ({why}); the HTML appendix is published without it")
                self.said = True
            return
        build.pdf = "reused" if made.reused else (
            f"printed ({made.pages} pages in {made.pieces} pieces of at most {made.largest} pages"
            f"{', twice: the pages differed from the last print' if made.prints > 1 else ''})")
        build.pdf_seconds = made.seconds
        if made.reused:
            self.progress.message(f"  {year}: PDF unchanged, reused -> reports/{year}/appendix-{year}.pdf")
        else:
            self.progress.message(f"  {year}: PDF {build.pdf} in {made.seconds:.1f} s"
                                  f" -> reports/{year}/appendix-{year}.pdf")


def _execute(project: Project, tasks: list[_Task], plans: list[_YearPlan], builds: dict[int, YearBuild], pool,
             jobs: int, show_code: bool, progress: Progress, computation, digest: str, printing: _PdfStep,
             registers: RegisterMemo) -> None:
    from sustainability_appendix.review.year import review_year

    by_year = {p.year: p for p in plans}
    pending = {p.year: len(p.tasks) for p in plans}
    reviews: dict[int, object] = {}
    for plan in plans:
        for name in plan.entries:
            run = ChapterRun(name, 0.0, status=REUSED, year=plan.year)
            builds[plan.year].runs.append(run)
            progress.chapter_done(run)

    def finish(plan: _YearPlan) -> None:
        if plan.year not in reviews:
            reviews[plan.year] = review_year(computation, plan.year, registers)
        _finish_year(project, plan, builds[plan.year], show_code, progress, reviews[plan.year], printing)

    futures: dict[Future, _Task] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(tasks))), thread_name_prefix="chapter") as executor:
        for task in tasks:
            futures[executor.submit(_run_task, project, task, pool, show_code)] = task
        try:
            # while the notebooks run: review each year from the computation, write what needs the
            # review alone, and make ready what publishing and exporting the pages need
            for plan in plans:
                if plan.tasks or _needs_publish(project, plan):
                    reviews[plan.year] = review_year(computation, plan.year, registers)
                    if plan.tasks:
                        _stage(project, plan, reviews[plan.year], show_code)
                    else:
                        finish(plan)
                else:
                    builds[plan.year].up_to_date = True
                    builds[plan.year].published = project.reports_dir(plan.year)
                    _record_published(project, plan)
                    progress.year_done(builds[plan.year])
            if tasks:
                from sustainability_appendix.publish import chapter_pages, year_pages

                year_pages.warm_up()
                with _EXPORTING:
                    chapter_pages.warm_up(show_code)
            remaining = set(futures)
            while remaining:
                done, remaining = wait(remaining, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in done:
                    task = futures[future]
                    run = future.result()
                    if run.status == EXECUTED:
                        by_year[task.year].entries[task.chapter.name] = cache.load_entry(project, task.year,
                                                                                         task.chapter.name)
                    builds[task.year].runs.append(run)
                    progress.chapter_done(run)
                    pending[task.year] -= 1
                    if not any(pending.values()):
                        pool.close()  # every notebook has run: free the kernels' memory before publishing
                    if pending[task.year] == 0:
                        finish(by_year[task.year])
        except BaseException:  # interrupted: stop the kernels, so the threads end at once
            for future in futures:
                future.cancel()
            pool.close()
            raise


def _needs_publish(project: Project, plan: _YearPlan) -> bool:
    record = cache.read_json(cache.cache_dir(project, plan.year) / "published.json") or {}
    return plan.force or record.get("key") != plan.publish_key or not _published_intact(project, plan.year, record)


def _record_published(project: Project, plan: _YearPlan) -> None:
    cache.write_json(cache.cache_dir(project, plan.year) / "published.json",
                     {"key": plan.publish_key, "fast_key": plan.fast_key,
                      "files": _published_files(project, plan.year)})


# pages are exported one at a time (the page template and the Markdown renderer are shared), by the
# notebooks' threads and by the staging of reused chapters
_EXPORTING = threading.Lock()


def _run_task(project: Project, task: _Task, pool, show_code: bool) -> ChapterRun:
    """Execute one chapter into its work folder; on success make that folder its cache entry."""
    from sustainability_appendix.publish import runner
    from sustainability_appendix.publish.chapter_pages import export_chapter_html

    name, year = task.chapter.name, task.year
    work = project.build_dir / "work" / str(year) / name
    if work.exists():
        shutil.rmtree(work)
    (work / "processed").mkdir(parents=True)
    (work / "figures").mkdir()
    executed = work / "executed.ipynb"
    parameters = {
        "year": year,
        # relative to the kernel's working directory (notebooks/), so the executed
        # notebook and its HTML do not depend on where the project is checked out
        "output_dir": os.path.relpath(work / "processed", project.notebooks_dir),
        "figure_dir": os.path.relpath(work / "figures", project.notebooks_dir),
    }
    outcome = runner.execute_notebook(pool, project.notebooks_dir / f"{name}.ipynb", executed, parameters)
    if outcome.error is None:
        try:
            with _EXPORTING:
                export_chapter_html(project, executed, work / cache.html_name(name, show_code), show_code, year, name)
        except Exception as exc:
            outcome.error = f"HTML export: {type(exc).__name__}: {exc}"
    if outcome.error is not None:
        kept = None
        if executed.exists() and not pool.closed:  # (an interrupted build stopped it: nothing to keep)
            failed = project.build_dir / "failed" / str(year)
            failed.mkdir(parents=True, exist_ok=True)
            shutil.copy2(executed, failed / f"{name}.ipynb")
            kept = project.relative(failed / f"{name}.ipynb")
        shutil.rmtree(work, ignore_errors=True)
        return ChapterRun(name, outcome.seconds, outcome.error, kept, FAILED, year, task.reason)
    entry = cache.Entry(work, {"format": cache.FORMAT, "chapter": name, "year": year,
                               "key": cache.key_of(task.components), "components": task.components,
                               "content_key": task.content_key,
                               "content_components": getattr(task, "content_components", {}),
                               "seconds": round(outcome.seconds, 3), "files": cache.record_files(work)})
    entry.save()
    _replace_dir(work, cache.cache_dir(project, year) / name)
    return ChapterRun(name, outcome.seconds, status=EXECUTED, year=year, reason=task.reason)


def _finish_year(project: Project, plan: _YearPlan, build: YearBuild, show_code: bool, progress: Progress,
                 review, printing: _PdfStep) -> None:
    order = {c.name: i for i, c in enumerate(plan.chapters)}
    build.runs.sort(key=lambda r: order[r.chapter])
    build.seconds = sum(r.seconds for r in build.runs if r.status != REUSED)
    failed_dir = project.build_dir / "failed" / str(plan.year)
    if build.failed:
        if plan.staging is not None:
            shutil.rmtree(plan.staging, ignore_errors=True)
        current = {f"{name}.ipynb" for name in build.failed}
        if failed_dir.is_dir():  # notebooks kept from earlier failures that are now fixed
            for old in failed_dir.iterdir():
                if old.name not in current:
                    old.unlink()
    else:
        shutil.rmtree(failed_dir, ignore_errors=True)
        progress.message(f"  {plan.year}: publishing ...")
        _publish(project, plan, show_code, review, printing, build)
        build.published = project.reports_dir(plan.year)
    progress.year_done(build)


def _stage(project: Project, plan: _YearPlan, review, show_code: bool) -> Path:
    """A staging folder for the year, with what needs its review alone already written, the reused
    chapters' outputs and pages, and those pages linked."""
    from sustainability_appendix.publish.year_pages import prepare_pages, write_review_files

    plan.staging = project.build_dir / "staging" / f"{plan.year}-{uuid.uuid4().hex[:8]}"
    for sub in ("processed", "figures", "reports"):
        (plan.staging / sub).mkdir(parents=True, exist_ok=True)
    write_review_files(review, plan.staging / "reports", plan.chapters)
    for chapter in plan.pages:
        if chapter.name in plan.entries:
            _stage_chapter(project, plan, chapter, show_code)
    plan.prepared = prepare_pages(review, plan.staging / "reports", plan.chapters)
    return plan.staging


def _stage_chapter(project: Project, plan: _YearPlan, chapter: Chapter, show_code: bool) -> None:
    """Copy a chapter's outputs and page from its cache entry into the staging folder."""
    from sustainability_appendix.publish.chapter_pages import export_chapter_html

    staging, entry = plan.staging, plan.entries[chapter.name]
    if not entry.has_html(show_code):  # reused with the other --show-code setting: export again
        html = entry.folder / cache.html_name(chapter.name, show_code)
        with _EXPORTING:
            export_chapter_html(project, entry.folder / "executed.ipynb", html, show_code, plan.year, chapter.name)
        entry.add_file(cache.html_name(chapter.name, show_code))
    for kind in ("processed", "figures"):
        for rel in entry.outputs(kind):
            target = staging / kind / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry.folder / kind / rel, target)
    shutil.copyfile(entry.folder / cache.html_name(chapter.name, show_code),
                    staging / "reports" / f"{chapter.name}.html")
    plan.staged.add(chapter.name)


def _publish(project: Project, plan: _YearPlan, show_code: bool, review, printing: _PdfStep,
             build: YearBuild) -> None:
    """Assemble the year from its cache entries and its review in a staging folder, then swap it into place."""
    from sustainability_appendix.publish.year_pages import write_year

    year = plan.year
    try:
        staging = plan.staging or _stage(project, plan, review, show_code)
        for chapter in plan.pages:
            if chapter.name not in plan.staged:  # executed while the year was staged
                _stage_chapter(project, plan, chapter, show_code)
        write_year(review, staging, plan.chapters, show_code, pdf=printing.enabled, prepared=plan.prepared)
        if printing.enabled:
            printing.make(project, year, plan, review, staging / "reports", staging, build)
        _replace_dir(staging / "processed", project.processed_dir(year))
        _replace_dir(staging / "figures", project.figures_dir(year))
        _replace_dir(staging / "reports", project.reports_dir(year))
        _record_published(project, plan)
    finally:
        if plan.staging is not None:
            shutil.rmtree(plan.staging, ignore_errors=True)


def _remove_empty_dirs(root: Path) -> None:
    """Remove ``root`` and the folders under it that hold no file."""
    if not root.is_dir():
        return
    for folder, _, _ in sorted(os.walk(root), key=lambda t: -len(t[0])):
        with contextlib.suppress(OSError):  # not empty
            os.rmdir(folder)


def _replace_dir(staged: Path, target: Path) -> None:
    """Put ``staged`` in place of ``target`` with renames, keeping the old one until the new is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    staged.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build_year(project: Project, year: int, jobs: int | None = None, show_code: bool = False,
               chapters: tuple[Chapter, ...] = CHAPTERS, log=print, force: bool = False,
               pdf: bool | None = None) -> YearBuild:
    """Build one year's appendix; raise BuildError (and publish nothing) if any chapter fails."""
    report = build(project, [year], jobs=jobs, show_code=show_code, force=force, chapters=chapters,
                   progress=LogProgress(log), pdf=pdf)
    done = report.years[0]
    if done.failed:
        raise BuildError(done.failure_message())
    return done
