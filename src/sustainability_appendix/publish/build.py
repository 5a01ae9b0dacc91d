"""Building the appendix: validate, execute what changed, export HTML, publish atomically.

One build covers one or several reporting years:

1. **Plan.** For every chapter of every year, compute its key (see
   :mod:`sustainability_appendix.publish.cache`: notebook, parameters, package code,
   environment, and the contents of the input files the chapter reads). A
   chapter whose cached outputs carry the same key is *reused*; the others are
   *executed*. ``force=True`` executes every chapter.
2. **Validate** each year's inputs (:func:`validate.check_year`), all problems
   of all years reported at once, before any notebook runs. A year whose input
   files and package are unchanged since they last passed is not validated again.
3. **Execute** the chapters to run, ``jobs`` at a time, longest first (by their
   last duration), in threads of this process, on kernels from a
   :class:`runner.KernelPool` (IPC transport, started ahead of need, stopped
   immediately). Each chapter writes into its own folder under
   ``build/work/<year>/<chapter>/``; when it succeeds, its HTML page is exported
   there and the folder becomes its cache entry.
4. **Publish** each year whose chapters all succeeded: its files are assembled
   from the cache entries into a staging folder with the year's index page, and
   ``data/processed/<year>``, ``figures/<year>`` and ``reports/<year>`` are each
   replaced by a rename. A year that is already published with the same keys is
   left alone. Then the index across years is rewritten.

A chapter that fails leaves its year unpublished (the last good appendix stays
as it was), keeps its executed notebook in ``build/failed/<year>/<chapter>.ipynb``,
and is named with its failing cell in :class:`BuildError`. Chapters that did
succeed are cached, so the next build executes only what failed.

A build with nothing to do imports neither pandas nor papermill, starts no
kernel, and takes well under a second. Two builds of one project wait for each
other (``build/build.lock``).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sustainability_appendix.publish import cache
from sustainability_appendix.chapters import CHAPTERS, Chapter
from sustainability_appendix.project import figures_dir, notebooks_dir, processed_dir, project_root, raw_dir, relative, reports_dir

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
    validation: str = ""  # "checked", "unchanged" (passed before, inputs unchanged)
    warnings: list[str] = field(default_factory=list)

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

    def as_dict(self) -> dict:
        return {
            "seconds": round(self.seconds, 3),
            "jobs": self.jobs,
            "kernels_started": self.kernels_started,
            "years": [{
                "year": y.year,
                "published": relative(y.published) if y.published else None,
                "up_to_date": y.up_to_date,
                "validation": y.validation,
                "warnings": y.warnings,
                "chapters": [{"chapter": r.chapter, "status": r.status, "seconds": round(r.seconds, 3),
                              "reason": r.reason, "error": r.error, "failed_notebook": r.failed_notebook}
                             for r in y.runs],
            } for y in self.years],
        }


class Progress:
    """What a build reports as it goes; the command line prints it, tests ignore it."""

    def message(self, text: str) -> None: ...
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
        elif build.up_to_date:
            self.log(f"  {build.year}: up to date -> {relative(reports_dir(build.year))}/index.html")
        elif build.published:
            self.log(f"  {build.year}: published -> {relative(build.published)}/index.html")


def build_root() -> Path:
    return project_root() / "build"


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


@dataclass
class _YearPlan:
    year: int
    chapters: tuple[Chapter, ...]
    keys: dict[str, str]
    entries: dict[str, cache.Entry]
    tasks: list[_Task]
    validation_key: str
    validate: bool
    publish_key: str
    publish: bool
    force: bool = False


def _plan_year(year: int, chapters: tuple[Chapter, ...], force: bool, show_code: bool) -> _YearPlan:
    validation_components = cache.validation_components(year)
    validation_key = cache.key_of(validation_components)
    stamp = cache.read_json(cache.cache_dir(year) / "validated.json") or {}
    keys, entries, tasks = {}, {}, []
    for chapter in chapters:
        components = cache.chapter_components(chapter, year)
        key = keys[chapter.name] = cache.key_of(components)
        entry = cache.load_entry(year, chapter.name)
        if not force and entry is not None and entry.key == key and entry.intact():
            entries[chapter.name] = entry
            continue
        reason = "--force" if force else cache.explain_change(entry.data.get("components") if entry else None,
                                                              components)
        tasks.append(_Task(year, chapter, components, reason, _estimate(year, chapter.name, entry)))
    publish_key = cache.sha256_json({"chapters": [[c.name, keys[c.name]] for c in chapters],
                                     "show_code": show_code, "inputs": validation_key})
    return _YearPlan(year, chapters, keys, entries, tasks, validation_key,
                     validate=force or stamp.get("key") != validation_key,
                     publish_key=publish_key,
                     publish=bool(tasks) or not _published_intact(year, publish_key), force=force)


def _estimate(year: int, chapter: str, entry: cache.Entry | None) -> float:
    """How long the chapter will take, to start the longest first: its last execution
    time (this year's, else another year's), else a guess from its notebook's size."""
    if entry is not None:
        return entry.seconds
    base = build_root() / "cache"
    if base.is_dir():
        for other in sorted(base.iterdir(), reverse=True):
            if other.name.isdigit():
                found = cache.load_entry(int(other.name), chapter)
                if found is not None:
                    return found.seconds
    notebook = notebooks_dir() / f"{chapter}.ipynb"
    return 1.0 + (notebook.stat().st_size / 4000 if notebook.is_file() else 0.0)


def _published_dirs(year: int) -> dict[str, Path]:
    return {"reports": reports_dir(year), "figures": figures_dir(year), "processed": processed_dir(year)}


def _published_files(year: int) -> dict[str, str]:
    out = {}
    for name, folder in _published_dirs(year).items():
        for rel, digest in cache.tree_digests(folder).items():
            out[f"{name}/{rel}"] = digest
    return out


def _published_intact(year: int, publish_key: str) -> bool:
    record = cache.read_json(cache.cache_dir(year) / "published.json")
    if not record or record.get("key") != publish_key:
        return False
    if not (reports_dir() / "index.html").is_file():
        return False
    return record.get("files") == _published_files(year)


# ---- the build ------------------------------------------------------------------------------

@contextmanager
def _project_lock(progress: Progress):
    """One build of a project at a time (a second one waits)."""
    build_root().mkdir(parents=True, exist_ok=True)
    handle = open(build_root() / "build.lock", "a+")
    try:
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
    finally:
        handle.close()


def build(years: list[int], jobs: int | None = None, show_code: bool = False, force: bool = False,
          chapters: tuple[Chapter, ...] = CHAPTERS, progress: Progress | None = None) -> BuildReport:
    """Build the appendix of ``years``.

    Raises InputError (nothing executed, nothing published) when the inputs of
    any year are invalid. A failing chapter does not raise: the report lists it
    (``report.failed``) and its year stays as last published; the other years
    are published.
    """
    progress = progress or Progress()
    start = time.perf_counter()
    report = BuildReport(jobs=max(1, jobs or default_jobs()))
    with _project_lock(progress):
        cache.forget_digests()
        plans = [_plan_year(year, chapters, force, show_code) for year in years]
        tasks = sorted((t for p in plans for t in p.tasks), key=lambda t: -t.estimate)
        for plan in plans:
            progress.year_planned(plan.year, [(t.chapter.name, t.reason) for t in plan.tasks],
                                  [c.name for c in chapters if c.name in plan.entries])
        builds = {p.year: YearBuild(p.year) for p in plans}
        report.years = [builds[p.year] for p in plans]

        pool = None
        if tasks:
            from sustainability_appendix.publish import runner

            runner.import_execution_libraries()
            pool = runner.KernelPool(total=len(tasks), cwd=notebooks_dir())
            if all(raw_dir(p.year).is_dir() for p in plans):
                pool.prestart(min(report.jobs, len(tasks)))  # they boot while the inputs are validated
        try:
            _validate(plans, builds, progress)
            if tasks or any(p.publish for p in plans):
                from sustainability_appendix.publish import site  # noqa: F401  (pandas; imported before the threads start)
            _execute(tasks, plans, builds, pool, report.jobs, show_code, progress)
        finally:
            if pool is not None:
                pool.close()
                report.kernels_started = pool.started
            for folder in ("work", "staging"):
                _remove_empty_dirs(build_root() / folder)
        if any(b.published and not b.up_to_date for b in builds.values()) or (
                any(b.up_to_date for b in builds.values()) and not (reports_dir() / "index.html").is_file()):
            _write_site_index()
    report.seconds = time.perf_counter() - start
    return report


def _write_site_index() -> None:
    """The page across years. It also rewrites the years menu of every published page,
    so the record of each year that was intact before is renewed after it."""
    from sustainability_appendix.publish import site

    records = {}
    base = build_root() / "cache"
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        record = cache.read_json(folder / "published.json") if folder.name.isdigit() else None
        if record and record.get("files") == _published_files(int(folder.name)):
            records[int(folder.name)] = record
    site.write_site_index()
    for year, record in records.items():
        record["files"] = _published_files(year)
        cache.write_json(cache.cache_dir(year) / "published.json", record)


def _validate(plans: list[_YearPlan], builds: dict[int, YearBuild], progress: Progress) -> None:
    from sustainability_appendix.errors import InputError

    problems = []
    for plan in plans:
        stamp_path = cache.cache_dir(plan.year) / "validated.json"
        if not plan.validate:
            builds[plan.year].validation = "unchanged"
            builds[plan.year].warnings = list((cache.read_json(stamp_path) or {}).get("warnings", []))
            continue
        from sustainability_appendix.inputs.validate import check_year

        progress.message(f"{plan.year}: validating inputs ...")
        # a chapter's calculation is a function of its inputs and the package, which its
        # key covers: one that passed with the same key need not run again
        stamp = cache.read_json(stamp_path) or {}
        passed = set() if plan.force else {
            name for name, key in stamp.get("chapters", {}).items() if plan.keys.get(name) == key}
        found, warnings = check_year(plan.year, skip_chapters=passed)
        builds[plan.year].validation = "checked"
        builds[plan.year].warnings = warnings
        if found:
            problems.extend(p for p in found if p not in problems)
        else:
            cache.write_json(stamp_path, {"key": plan.validation_key, "warnings": warnings,
                                          "chapters": dict(plan.keys)})
    if problems:
        raise InputError(problems)


def _execute(tasks: list[_Task], plans: list[_YearPlan], builds: dict[int, YearBuild], pool, jobs: int,
             show_code: bool, progress: Progress) -> None:
    by_year = {p.year: p for p in plans}
    pending = {p.year: len(p.tasks) for p in plans}
    for plan in plans:
        for name in plan.entries:
            run = ChapterRun(name, 0.0, status=REUSED, year=plan.year)
            builds[plan.year].runs.append(run)
            progress.chapter_done(run)
    for plan in plans:
        if not plan.tasks:
            _finish_year(plan, builds[plan.year], show_code, progress)
    if not tasks:
        return
    export_lock = threading.Lock()
    with ThreadPoolExecutor(max_workers=min(jobs, len(tasks)), thread_name_prefix="chapter") as executor:
        futures: dict[Future, _Task] = {
            executor.submit(_run_task, task, pool, show_code, export_lock): task for task in tasks}
        try:
            remaining = set(futures)
            while remaining:
                done, remaining = wait(remaining, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in done:
                    task = futures[future]
                    run = future.result()
                    if run.status == EXECUTED:
                        by_year[task.year].entries[task.chapter.name] = cache.load_entry(task.year, task.chapter.name)
                    builds[task.year].runs.append(run)
                    progress.chapter_done(run)
                    pending[task.year] -= 1
                    if pending[task.year] == 0:
                        _finish_year(by_year[task.year], builds[task.year], show_code, progress)
        except BaseException:  # interrupted: stop the kernels, so the threads end at once
            for future in futures:
                future.cancel()
            pool.close()
            raise


def _run_task(task: _Task, pool, show_code: bool, export_lock: threading.Lock) -> ChapterRun:
    """Execute one chapter into its work folder; on success make that folder its cache entry."""
    from sustainability_appendix.publish import runner
    from sustainability_appendix.publish import site

    name, year = task.chapter.name, task.year
    work = build_root() / "work" / str(year) / name
    if work.exists():
        shutil.rmtree(work)
    (work / "processed").mkdir(parents=True)
    (work / "figures").mkdir()
    executed = work / "executed.ipynb"
    parameters = {
        "year": year,
        # relative to the kernel's working directory (notebooks/), so the executed
        # notebook and its HTML do not depend on where the project is checked out
        "output_dir": os.path.relpath(work / "processed", notebooks_dir()),
        "figure_dir": os.path.relpath(work / "figures", notebooks_dir()),
    }
    outcome = runner.execute_notebook(pool, notebooks_dir() / f"{name}.ipynb", executed, parameters)
    if outcome.error is None:
        try:
            with export_lock:
                site.export_chapter_html(executed, work / cache.html_name(name, show_code), show_code, year, name)
        except Exception as exc:
            outcome.error = f"HTML export: {type(exc).__name__}: {exc}"
    if outcome.error is not None:
        kept = None
        if executed.exists() and not pool.closed:  # (an interrupted build stopped it: nothing to keep)
            failed = build_root() / "failed" / str(year)
            failed.mkdir(parents=True, exist_ok=True)
            shutil.copy2(executed, failed / f"{name}.ipynb")
            kept = relative(failed / f"{name}.ipynb")
        shutil.rmtree(work, ignore_errors=True)
        return ChapterRun(name, outcome.seconds, outcome.error, kept, FAILED, year, task.reason)
    entry = cache.Entry(work, {"format": cache.FORMAT, "chapter": name, "year": year,
                               "key": cache.key_of(task.components), "components": task.components,
                               "seconds": round(outcome.seconds, 3), "files": cache.record_files(work)})
    entry.save()
    _replace_dir(work, cache.cache_dir(year) / name)
    return ChapterRun(name, outcome.seconds, status=EXECUTED, year=year, reason=task.reason)


def _finish_year(plan: _YearPlan, build: YearBuild, show_code: bool, progress: Progress) -> None:
    order = {c.name: i for i, c in enumerate(plan.chapters)}
    build.runs.sort(key=lambda r: order[r.chapter])
    build.seconds = sum(r.seconds for r in build.runs if r.status != REUSED)
    failed_dir = build_root() / "failed" / str(plan.year)
    if build.failed:
        current = {f"{name}.ipynb" for name in build.failed}
        if failed_dir.is_dir():  # notebooks kept from earlier failures that are now fixed
            for old in failed_dir.iterdir():
                if old.name not in current:
                    old.unlink()
    else:
        shutil.rmtree(failed_dir, ignore_errors=True)
        if plan.publish:
            progress.message(f"  {plan.year}: publishing ...")
            _publish(plan, show_code)
            build.published = reports_dir(plan.year)
        else:
            build.up_to_date = True
            build.published = reports_dir(plan.year)
    progress.year_done(build)


def _publish(plan: _YearPlan, show_code: bool) -> None:
    """Assemble the year from its cache entries in a staging folder, then swap it into place."""
    from sustainability_appendix.publish import site

    year = plan.year
    staging = build_root() / "staging" / f"{year}-{uuid.uuid4().hex[:8]}"
    try:
        for sub in ("processed", "figures", "reports"):
            (staging / sub).mkdir(parents=True, exist_ok=True)
        for chapter in plan.chapters:
            entry = plan.entries[chapter.name]
            if not entry.has_html(show_code):  # reused with the other --show-code setting: export again
                html = entry.folder / cache.html_name(chapter.name, show_code)
                site.export_chapter_html(entry.folder / "executed.ipynb", html, show_code, year, chapter.name)
                entry.add_file(cache.html_name(chapter.name, show_code))
            for kind in ("processed", "figures"):
                for rel in entry.outputs(kind):
                    target = staging / kind / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(entry.folder / kind / rel, target)
            shutil.copyfile(entry.folder / cache.html_name(chapter.name, show_code),
                            staging / "reports" / f"{chapter.name}.html")
        site.write_year_index(year, staging, plan.chapters, show_code=show_code)
        _replace_dir(staging / "processed", processed_dir(year))
        _replace_dir(staging / "figures", figures_dir(year))
        _replace_dir(staging / "reports", reports_dir(year))
        cache.write_json(cache.cache_dir(year) / "published.json",
                         {"key": plan.publish_key, "files": _published_files(year)})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_empty_dirs(root: Path) -> None:
    """Remove ``root`` and the folders under it that hold no file."""
    if not root.is_dir():
        return
    for folder, _, _ in sorted(os.walk(root), key=lambda t: -len(t[0])):
        try:
            os.rmdir(folder)
        except OSError:
            pass


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
               chapters: tuple[Chapter, ...] = CHAPTERS, log=print, force: bool = False) -> YearBuild:
    """Build one year's appendix; raise BuildError (and publish nothing) if any chapter fails."""
    report = build([year], jobs=jobs, show_code=show_code, force=force, chapters=chapters,
                   progress=LogProgress(log))
    done = report.years[0]
    if done.failed:
        raise BuildError(done.failure_message())
    return done
