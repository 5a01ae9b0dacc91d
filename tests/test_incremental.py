"""Incremental, parallel builds: what is re-executed, what is reused, and what a failure leaves.

The tests of this module share one throw-away project (built cold once) and run
in order; each asserts on the build's own report of executed and reused chapters,
never on time.
"""

from __future__ import annotations

import builtins
import importlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sustainability_appendix.publish import cache
from sustainability_appendix.publish.build import BuildError, build, build_year
from sustainability_appendix.chapters import CHAPTERS, Chapter, Reads
from sustainability_appendix.cli import main

ROOT = Path(__file__).resolve().parents[1]
NAMES = [c.name for c in CHAPTERS]
YEAR = 2025


def _copy_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("data/raw", "data/printed", "notebooks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """One project copy for the module, built cold once."""
    root = _copy_project(tmp_path_factory.mktemp("incremental") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("APPENDIX_ROOT", str(root))
        report = build([YEAR], jobs=2)
        assert not report.failed, report.as_dict()
        yield root, report


def _published(root: Path, chapters_only: bool = False) -> dict[str, bytes]:
    """The published files of YEAR; with ``chapters_only``, what the chapters themselves
    produce (their pages, CSVs and figures), not the year's pages made at publishing
    (whose manifest records the time of publication)."""
    out = {}
    for folder in (root / "reports", root / "figures" / str(YEAR), root / "data" / "processed" / str(YEAR)):
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            if chapters_only and path.parent == root / "reports" / str(YEAR) and path.stem not in NAMES:
                continue
            if chapters_only and path.parent == root / "reports":
                continue
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_cold_build_executes_every_chapter_once(project):
    root, report = project
    year = report.years[0]
    assert sorted(year.executed) == sorted(NAMES)
    assert year.reused == [] and year.failed == []
    assert report.kernels_started == len(NAMES)
    assert (root / "reports" / str(YEAR) / "index.html").is_file()
    for name in NAMES:
        entry = json.loads((root / "build" / "cache" / str(YEAR) / name / "entry.json").read_text())
        assert entry["key"] and entry["files"]["executed.ipynb"]


@pytest.mark.slow
def test_rebuild_without_change_executes_nothing_and_writes_nothing(project):
    root, _ = project
    before = {p: p.stat().st_mtime_ns for p in (root / "reports").rglob("*") if p.is_file()}
    report = build([YEAR], jobs=2)
    year = report.years[0]
    assert year.executed == [] and sorted(year.reused) == sorted(NAMES)
    assert report.kernels_started == 0
    assert year.up_to_date and year.validation == "unchanged"
    assert {p: p.stat().st_mtime_ns for p in (root / "reports").rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_touching_a_file_without_changing_it_executes_nothing(project):
    root, _ = project
    path = root / "data" / "raw" / str(YEAR) / "quantities.csv"
    os.utime(path, (path.stat().st_atime + 100, path.stat().st_mtime + 100))
    assert build([YEAR]).executed == []


@pytest.mark.slow
def test_changing_inputs_reexecutes_only_the_chapters_that_read_them(project):
    root, _ = project
    # three files, each read by one chapter only: the site table of this year (water), the
    # base-year inventory of an earlier year (ghg), the printed figures of one chapter (energy)
    _edit(root / "data" / "raw" / str(YEAR) / "water_sites.csv", "鎮中路 6 號", "鎮中路 8 號")
    _edit(root / "data" / "raw" / "2024" / "ghg_inventory.csv", "1096.7893", "1096.7894")
    _edit(root / "data" / "printed" / str(YEAR) / "energy.csv", "3.1.2 近三年電力使用量統計表,", "3.1.2 電力使用量統計表,")
    report = build([YEAR], jobs=2)
    assert sorted(report.executed) == [(YEAR, "energy"), (YEAR, "ghg"), (YEAR, "water")]
    assert sorted(report.reused) == sorted((YEAR, n) for n in NAMES if n not in ("energy", "ghg", "water"))
    reasons = {r.chapter: r.reason for r in report.years[0].runs}
    assert "data/raw/2025/water_sites.*" in reasons["water"]
    assert "data/raw/2024/ghg_inventory.*" in reasons["ghg"]
    assert "data/printed/2025/energy.csv" in reasons["energy"]
    assert "鎮中路 8 號" in (root / "reports" / str(YEAR) / "water.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_force_reexecutes_everything_and_outputs_stay_byte_identical(project):
    root, _ = project
    build([YEAR])  # publish whatever the previous tests left
    before = _published(root, chapters_only=True)
    report = build([YEAR], jobs=2, force=True)
    assert sorted(c for _, c in report.executed) == sorted(NAMES)
    assert report.reused == []
    after = _published(root, chapters_only=True)
    assert after.keys() == before.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [], f"re-executing changed {changed}"


@pytest.mark.slow
def test_failing_chapter_names_its_cell_keeps_its_notebook_and_publishes_nothing(project, capsys):
    root, _ = project
    before = _published(root)
    notebook = root / "notebooks" / "water.ipynb"
    good = notebook.read_text(encoding="utf-8")
    _edit(notebook, "result = water.compute(year)", "result = water.compute(year)\\n1 / 0")
    try:
        with pytest.raises(BuildError) as err:
            build_year(YEAR, jobs=2, log=lambda *_: None)
        message = str(err.value)
        assert "chapter 'water' failed in cell" in message and "ZeroDivisionError" in message
        assert "result = water.compute(year)" in message or "from sustainability_appendix" in message
        assert (root / "build" / "failed" / str(YEAR) / "water.ipynb").is_file()
        assert _published(root) == before

        capsys.readouterr()
        assert main(["build", "--year", str(YEAR)]) == 1
        err_text = capsys.readouterr().err
        assert "chapter 'water' failed in cell" in err_text and "unchanged" in err_text
        assert _published(root) == before
    finally:
        notebook.write_text(good, encoding="utf-8")
    # the notebook as it was: its cached outputs are current again, nothing to execute
    report = build([YEAR])
    assert report.executed == [] and report.failed == []
    assert not (root / "build" / "failed" / str(YEAR)).exists()
    assert _published(root) == before


@pytest.mark.slow
def test_showing_the_code_reexports_the_pages_without_executing(project):
    root, _ = project
    page = root / "reports" / str(YEAR) / "water.html"

    def code_shown() -> bool:
        return "water.compute(year)" in re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))

    assert not code_shown()
    report = build([YEAR], show_code=True)
    assert report.executed == [] and report.kernels_started == 0
    assert code_shown()
    report = build([YEAR])
    assert report.executed == [] and not report.years[0].up_to_date  # published again, without the code
    assert not code_shown()


@pytest.mark.slow
def test_several_years_in_one_command_quietly_when_not_a_terminal(project, capsys, tmp_path):
    root, _ = project
    summary = tmp_path / "summary.json"
    capsys.readouterr()
    assert main(["build", "--year", f"2023,{YEAR}", "--summary-json", str(summary)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""  # stdout is not a terminal under pytest: quiet
    data = json.loads(summary.read_text(encoding="utf-8"))
    by_year = {y["year"]: {c["chapter"]: c["status"] for c in y["chapters"]} for y in data["years"]}
    assert set(by_year[2023].values()) == {"executed"}
    assert set(by_year[YEAR].values()) == {"reused"}
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "2023/index.html" in index and f"{YEAR}/index.html" in index


@pytest.mark.slow
def test_a_build_with_nothing_to_do_loads_no_heavy_library(project):
    root, _ = project
    code = ("import sys\nfrom sustainability_appendix.cli import main\n"
            "assert main(['build', '--year', '2025', '--quiet']) == 0\n"
            "print(sorted(m for m in ('pandas', 'papermill', 'nbconvert', 'matplotlib', 'jupyter_client')"
            " if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "APPENDIX_ROOT": str(root)}, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_kernels_started_at_the_same_moment_all_become_ready(tmp_path):
    """IPC transport: no TCP port to race for (papermill #239, #511)."""
    from sustainability_appendix.publish import runner

    runner.import_execution_libraries()
    pool = runner.KernelPool(total=4, cwd=tmp_path, warm_modules=())
    results, errors = [], []

    def use():
        try:
            km = pool.acquire()
            results.append((km.transport, km.is_alive))
            pool.release(km)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    try:
        pool.prestart(4)
        threads = [threading.Thread(target=use) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        pool.close()
    assert errors == []
    assert len(results) == 4 and all(transport == "ipc" for transport, _ in results)
    assert pool.started == 4 and pool.replaced == 0


# ---- the dependency rule ---------------------------------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_each_chapter_declares_every_file_its_calculation_opens(chapter, year, monkeypatch):
    """Trace the files a chapter's calculation (and its reconciliation) looks at; each must
    be covered by its ``reads`` declaration, or the build could reuse stale outputs."""
    from sustainability_appendix.project import project_root
    from sustainability_appendix.review.reconcile import load_printed

    if chapter.reads is None:
        pytest.skip("declares nothing: depends on every file under data/")
    data = project_root() / "data"
    seen: set[Path] = set()

    def record(target):
        try:
            path = Path(target).resolve()
        except TypeError:
            return
        if data in path.parents and not path.is_dir():
            seen.add(path)

    for name in ("exists", "is_file", "read_bytes", "read_text", "open"):
        original = getattr(pathlib.Path, name)

        def traced(self, *args, _original=original, **kwargs):
            record(self)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, name, traced)
    original_open = builtins.open

    def traced_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)):
            record(file)
        return original_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", traced_open)
    module = importlib.import_module(f"sustainability_appendix.chapters.{chapter.name}")
    module.compute(year)
    load_printed(year, chapter.name)
    undeclared = sorted(p.relative_to(project_root()).as_posix() for p in seen
                        if not cache.covers(chapter, year, p))
    assert undeclared == [], (f"chapter '{chapter.name}' reads files its Chapter.reads does not declare: "
                              f"{undeclared}")


def test_dependency_rule_follows_content_and_presence(tmp_path, monkeypatch):
    root = tmp_path / "p"
    (root / "data" / "raw" / "2025").mkdir(parents=True)
    (root / "notebooks").mkdir()
    monkeypatch.setenv("APPENDIX_ROOT", str(root))
    chapter = Chapter("x", "x", "", reads=(Reads("quantities", 1), Reads("inv_*", "all")))
    key = lambda: cache.key_of(cache.chapter_components(chapter, 2025))  # noqa: E731
    first = key()
    (root / "data" / "raw" / "2024").mkdir()  # a previous-year folder appears
    second = key()
    assert second != first
    (root / "data" / "raw" / "2024" / "other.csv").write_text("a\n1\n")  # not read: no change
    assert key() == second
    (root / "data" / "raw" / "2023").mkdir()
    (root / "data" / "raw" / "2023" / "inv_a.xlsx").write_bytes(b"x")  # any year, glob stem
    third = key()
    assert third != second
    (root / "data" / "raw" / "2023" / "inv_a.xlsx").write_bytes(b"y")
    assert key() != third
    assert cache.covers(chapter, 2025, root / "data" / "raw" / "2024" / "quantities.xlsx")
    assert not cache.covers(chapter, 2025, root / "data" / "raw" / "2023" / "quantities.csv")
    assert cache.covers(chapter, 2025, root / "data" / "printed" / "2025" / "x.csv")
