"""Incremental, parallel builds: what is executed, what is reused, what a failure leaves,
and that each (chapter, year) is computed once per build.

The slow tests of this module share one throw-away project (built cold once) and run
in order; each asserts on the build's own report of executed and reused chapters and
of its computations, never on time.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import copy_project, edit

from sustainability_appendix import digests
from sustainability_appendix.chapters import CHAPTERS, REFERENCE, Chapter, Reads, module
from sustainability_appendix.cli import main
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.project import Project
from sustainability_appendix.publish import cache
from sustainability_appendix.publish.build import BuildError, build, build_year

ROOT = Path(__file__).resolve().parents[1]
PAGES = [c.name for c in CHAPTERS if c.notebook]
ALL = [c.name for c in CHAPTERS]
YEAR = 2025


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """One project copy for the module, built cold once, and the working directory."""
    project = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project.root)
        report = build(project, [YEAR], jobs=2)
        assert not report.failed, report.as_dict()
        yield project, report


def _published(project: Project, chapters_only: bool = False) -> dict[str, bytes]:
    """The published files of YEAR; with ``chapters_only``, what the chapters themselves
    produce (their pages, CSVs and figures), not the year's pages made at publishing."""
    root, out = project.root, {}
    for folder in (project.reports_dir(), project.figures_dir(YEAR), project.processed_dir(YEAR)):
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            if chapters_only and path.parent == project.reports_dir(YEAR) and path.stem not in PAGES:
                continue
            if chapters_only and path.parent == project.reports_dir():
                continue
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


@pytest.mark.slow
def test_cold_build_executes_every_chapter_and_computes_each_chapter_year_once(project):
    project, report = project
    year = report.years[0]
    assert sorted(year.executed) == sorted(PAGES)
    assert year.reused == [] and year.failed == []
    assert report.kernels_started == len(PAGES)
    # every chapter of 2025 and of the earlier years its report covers (their trends and changes, and
    # the coverage of the report by section, which counts the registers of 2023-2025), each computed
    # exactly once in the build process
    assert set(report.computes) == {f"{c} {y}" for c in ALL for y in (2023, 2024, 2025)}
    assert set(report.computes.values()) == {1}
    assert project.reports_dir(YEAR).joinpath("index.html").is_file()
    for name in PAGES:
        entry = json.loads((project.build_dir / "cache" / str(YEAR) / name / "entry.json").read_text())
        assert entry["key"] and entry["content_key"] and entry["files"]["executed.ipynb"]


@pytest.mark.slow
def test_rebuild_without_change_executes_nothing_computes_nothing_and_writes_nothing(project):
    project, _ = project
    before = {p: p.stat().st_mtime_ns for p in project.reports_dir().rglob("*") if p.is_file()}
    report = build(project, [YEAR], jobs=2)
    year = report.years[0]
    assert year.executed == [] and sorted(year.reused) == sorted(PAGES)
    assert report.kernels_started == 0 and report.computes == {}
    assert year.up_to_date and year.validation == "unchanged"
    assert {p: p.stat().st_mtime_ns for p in project.reports_dir().rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_touching_a_file_without_changing_it_executes_nothing(project):
    project, _ = project
    path = project.raw_dir(YEAR) / "quantities.csv"
    os.utime(path, (path.stat().st_atime + 100, path.stat().st_mtime + 100))
    assert build(project, [YEAR]).executed == []


@pytest.mark.slow
def test_one_changed_quantity_executes_only_the_chapter_that_reads_it(project):
    project, _ = project
    edit(project.raw_dir(YEAR) / "quantities.csv", "water_discharge_ml,16.17", "water_discharge_ml,16.18")
    report = build(project, [YEAR], jobs=2)
    assert report.executed == [(YEAR, "water")]
    assert sorted(report.reused) == sorted((YEAR, n) for n in PAGES if n != "water")
    assert report.kernels_started <= 2  # one for water, perhaps one started while validating
    reasons = {r.chapter: r.reason for r in report.years[0].runs}
    assert reasons["water"] == "changed: 2025/quantities"
    # computed again: the 2025 chapters reading quantities.csv; every other chapter-year the year's
    # review needs is recalled from the last build
    reading = {c.name for c in CHAPTERS if c.reads_stem("quantities")}
    assert set(report.computes) == {f"{name} {YEAR}" for name in reading}
    assert set(report.computes.values()) == {1}
    assert {f"{c} {y}" for c in ALL for y in (2023, 2024)} <= set(report.recalled)
    reports = project.reports_dir(YEAR)
    assert "16.18" in reports.joinpath("water.html").read_text(encoding="utf-8")
    # the page executed and a page reused (staged while the notebook ran) both have the years menu and
    # link the input file they cite, published beside them as it is now
    for page in ("water.html", "energy.html"):
        text = reports.joinpath(page).read_text(encoding="utf-8")
        assert '<a class="source" href="data/raw/2025/quantities.csv">' in text and 'href="../index.html"' in text, page
    assert "water_discharge_ml,16.18" in reports.joinpath("data/raw/2025/quantities.csv").read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_item_several_chapters_read_executes_each_of_them(project):
    project, _ = project
    edit(project.raw_dir(YEAR) / "quantities.csv", "employee_training_hours,18781", "employee_training_hours,18782")
    edit(project.raw_dir(2024) / "quantities.csv", "electricity_kwh,2356270", "electricity_kwh,2356271")
    report = build(project, [YEAR], jobs=2)
    # 2024's electricity: energy (trend and change) and GHG (reduction benefits); the hours: training and
    # stakeholder communication (2.4.2 counts them for the employees)
    assert sorted(c for _, c in report.executed) == ["energy", "ghg", "stakeholder_communication", "training"]


@pytest.mark.slow
def test_changing_other_inputs_executes_only_the_chapters_that_read_them(project):
    project, _ = project
    # each read by one chapter only: the site table of this year (water), the base-year
    # inventory of an earlier year (ghg), the printed figures of one chapter (energy)
    edit(project.raw_dir(YEAR) / "water_sites.csv", "鎮中路 6 號", "鎮中路 8 號")
    edit(project.raw_dir(2024) / "ghg_inventory.csv", "1096.7893", "1096.7894")
    edit(project.printed_dir(YEAR) / "energy.csv", "3.1.2 近三年電力使用量統計表,", "3.1.2 電力使用量統計表,")
    report = build(project, [YEAR], jobs=2)
    assert sorted(report.executed) == [(YEAR, "energy"), (YEAR, "ghg"), (YEAR, "water")]
    reasons = {r.chapter: r.reason for r in report.years[0].runs}
    assert "2025/sites" in reasons["water"]
    assert "2024/inventory" in reasons["ghg"]
    assert "data/printed/2025/energy" in reasons["energy"]
    assert "鎮中路 8 號" in project.reports_dir(YEAR).joinpath("water.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_force_executes_everything_and_outputs_stay_byte_identical(project):
    project, _ = project
    build(project, [YEAR])  # publish whatever the previous tests left
    before = _published(project, chapters_only=True)
    report = build(project, [YEAR], jobs=2, force=True)
    assert sorted(c for _, c in report.executed) == sorted(PAGES)
    assert report.reused == []
    after = _published(project, chapters_only=True)
    assert after.keys() == before.keys()
    assert [name for name in before if before[name] != after[name]] == []


@pytest.mark.slow
def test_failing_chapter_names_its_cell_keeps_its_notebook_and_publishes_nothing(project, capsys):
    project, _ = project
    before = _published(project)
    notebook = project.notebooks_dir / "water.ipynb"
    good = notebook.read_text(encoding="utf-8")
    edit(notebook, "result, figures = page.result, page.figures", "result, figures = page.result, page.figures\\n1 / 0")
    try:
        with pytest.raises(BuildError) as err:
            build_year(project, YEAR, jobs=2, log=lambda *_: None)
        message = str(err.value)
        assert "chapter 'water' failed in cell" in message and "ZeroDivisionError" in message
        assert (project.build_dir / "failed" / str(YEAR) / "water.ipynb").is_file()
        assert _published(project) == before

        capsys.readouterr()
        assert main(["build", "--year", str(YEAR)]) == 1
        err_text = capsys.readouterr().err
        assert "chapter 'water' failed in cell" in err_text and "unchanged" in err_text
        assert _published(project) == before
    finally:
        notebook.write_text(good, encoding="utf-8")
    # the notebook as it was: its cached outputs are current again, nothing to execute
    report = build(project, [YEAR])
    assert report.executed == [] and report.failed == []
    assert not (project.build_dir / "failed" / str(YEAR)).exists()
    assert _published(project) == before


@pytest.mark.slow
def test_a_failing_calculation_names_chapter_year_and_exception_and_publishes_nothing(project, capsys):
    project, _ = project
    before = _published(project)
    # valid input the calculation did not foresee: no paper used in 2024, so no relative change in 2025
    edit(project.raw_dir(2024) / "quantities.csv", "paper_sheets,5498481", "paper_sheets,0")
    try:
        capsys.readouterr()
        assert main(["build", "--year", str(YEAR)]) == 1
        err = capsys.readouterr().err
        assert "chapter 'resources' for 2025 failed: ZeroDivisionError" in err
        assert "Traceback" not in err
        assert _published(project) == before
        assert main(["--debug", "validate", "--year", str(YEAR)]) == 1
        assert "Traceback" in capsys.readouterr().err
    finally:
        edit(project.raw_dir(2024) / "quantities.csv", "paper_sheets,0", "paper_sheets,5498481")


@pytest.mark.slow
def test_showing_the_code_reexports_the_pages_without_executing(project):
    project, _ = project
    page = project.reports_dir(YEAR) / "water.html"

    def code_shown() -> bool:
        return "nb.start(&quot;water&quot;" in page.read_text(encoding="utf-8") or \
            'nb.start("water"' in re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))

    assert not code_shown()
    report = build(project, [YEAR], show_code=True)
    assert report.executed == [] and report.kernels_started == 0
    assert code_shown()
    report = build(project, [YEAR])
    assert report.executed == [] and not report.years[0].up_to_date  # published again, without the code
    assert not code_shown()


@pytest.mark.slow
def test_several_years_in_one_command_quietly_when_not_a_terminal(project, capsys, tmp_path):
    project, _ = project
    summary = tmp_path / "summary.json"
    capsys.readouterr()
    assert main(["build", "--year", f"2023,{YEAR}", "--summary-json", str(summary)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""  # stdout is not a terminal under pytest: quiet
    data = json.loads(summary.read_text(encoding="utf-8"))
    by_year = {y["year"]: {c["chapter"]: c["status"] for c in y["chapters"]} for y in data["years"]}
    assert set(by_year[2023].values()) == {"executed"}
    assert set(by_year[YEAR].values()) == {"reused"}
    # 2023 serves both years, computed at most once (here recalled: the 2025 build computed it as history)
    assert set(data["computes"].values()) <= {1}
    assert {f"{c} 2023" for c in ALL} <= set(data["computes"]) | set(data["recalled"])
    index = project.reports_dir().joinpath("index.html").read_text(encoding="utf-8")
    assert "2023/index.html" in index and f"{YEAR}/index.html" in index
    manifest = json.loads(project.reports_dir(2023).joinpath("manifest.json").read_text(encoding="utf-8"))
    assert not any(f["path"].startswith("data/raw/2025/") for f in manifest["inputs"])  # 2023 reads no 2025 file


@pytest.mark.slow
def test_a_build_with_nothing_to_do_loads_no_heavy_library(project):
    project, _ = project
    code = ("import sys\nfrom sustainability_appendix.cli import main\n"
            "assert main(['build', '--year', '2025', '--quiet']) == 0\n"
            "print(sorted(m for m in ('pandas', 'papermill', 'nbconvert', 'matplotlib', 'jupyter_client')"
            " if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project.root, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


@pytest.mark.slow
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


# ---- what the rebuild keys are made of -------------------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_a_chapters_load_opens_only_the_files_it_declares(chapter, year, monkeypatch):
    """The files a chapter's load opens are those its Reads declare (and the files of the
    input registry's rules, data/reference/); anything else would escape its rebuild key."""
    project = Project(ROOT)
    opened: set[Path] = set()
    original_open = builtins.open

    def traced_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)):
            path = Path(file).resolve()
            if project.data_dir in path.parents:
                opened.add(path)
        return original_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", traced_open)
    module(chapter.name).load(project, year, InputStore(project))
    declared_year = {r.stem for r in chapter.reads if r.area != REFERENCE}
    for path in opened:
        if path.parent == project.raw_dir(year):
            assert path.stem in declared_year, f"{chapter.name} opens {path.name}, which it does not declare"
        else:
            assert path.parent == project.reference_dir, f"{chapter.name} opens {path}"


def test_keys_by_files_follow_content_and_presence(tmp_path):
    project = Project(tmp_path)
    project.raw_dir(2025).mkdir(parents=True)
    project.notebooks_dir.mkdir()
    chapter = Chapter("x", "x", "", reads=(Reads("quantities", ("a",)), Reads("inv"), Reads("ref", area=REFERENCE)),
                      history=1)

    def key():
        digests.forget_digests()
        return cache.key_of(cache.file_components(project, chapter, 2025))

    first = key()
    project.raw_dir(2024).mkdir()  # a year the chapter builds on appears
    second = key()
    assert second != first
    (project.raw_dir(2024) / "other.csv").write_text("a\n1\n")  # a file it does not read
    assert key() == second
    (project.raw_dir(2024) / "inv.xlsx").write_bytes(b"x")
    third = key()
    assert third != second
    (project.raw_dir(2024) / "inv.xlsx").write_bytes(b"y")
    assert key() != third
    project.reference_dir.mkdir(parents=True)
    (project.reference_dir / "ref.csv").write_text("a\n")
    assert key() != third
    project.raw_dir(2023).mkdir()
    before = key()
    (project.raw_dir(2023) / "inv.csv").write_text("b\n")  # 2024's result, which 2025 builds on, reads it
    assert key() != before
    alone = Chapter("y", "y", "", reads=(Reads("inv"),))  # builds on no earlier year
    first = cache.key_of(cache.file_components(project, alone, 2025))
    (project.raw_dir(2024) / "inv.xlsx").write_bytes(b"z")
    digests.forget_digests()
    assert cache.key_of(cache.file_components(project, alone, 2025)) == first


def test_keys_by_contents_follow_only_the_items_a_chapter_reads(tmp_path):
    from sustainability_appendix.chapters.engine import Computation

    project = copy_project(tmp_path / "p")

    def keys():
        computation = Computation(project)
        return {c: computation.fingerprints(c, YEAR) for c in ("energy", "water", "resources")}

    before = keys()
    edit(project.raw_dir(YEAR) / "quantities.csv", "water_discharge_ml,16.17", "water_discharge_ml,16.18")
    after = keys()
    assert after["energy"] == before["energy"] and after["resources"] == before["resources"]
    assert [k for k in before["water"] if before["water"][k] != after["water"][k]] == ["2025/quantities"]
