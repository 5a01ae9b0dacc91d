"""The shape of the pipeline: a project found from where the command runs, one registry of
every input file, each (chapter, year) computed once, and the status of every printed figure
pinned, so a refactor that changes one has to say so (tests/golden/).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sustainability_appendix.chapters import CHAPTERS
from sustainability_appendix.cli import main
from sustainability_appendix.inputs.registry import AREAS, PRINTED, REFERENCE, STRUCTURE, YEAR, registry
from sustainability_appendix.project import Project, ProjectNotFound
from sustainability_appendix.review.register import build_register
from sustainability_appendix.review.results import YearResults

ROOT = Path(__file__).resolve().parents[1]
YEARS = (2023, 2024, 2025)
GOLDEN = Path(__file__).parent / "golden" / "printed_figure_statuses.csv"


def test_the_project_is_found_from_where_the_command_runs(tmp_path, monkeypatch, capsys):
    (tmp_path / "data" / "raw" / "2030").mkdir(parents=True)
    inside = tmp_path / "notebooks" / "deep"
    inside.mkdir(parents=True)
    assert Project.find(inside).root == tmp_path.resolve()
    with pytest.raises(ProjectNotFound, match="no folder there holds data/raw/"):
        Project.find(tmp_path.parent)
    # a copy of the project is its own project: validating there reads the copy's files
    monkeypatch.chdir(inside)
    assert main(["validate"]) == 3
    assert "data/raw/2030/quantities.csv" in capsys.readouterr().err
    monkeypatch.chdir(ROOT)
    assert main(["--root", str(tmp_path), "validate"]) == 3
    assert "data/raw/2030/quantities.csv" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path.parent)
    assert main(["validate"]) == 2
    assert "no appendix project" in capsys.readouterr().err


def test_every_file_under_data_is_in_the_registry():
    files = registry()
    project = Project(ROOT)
    stems = {(area, stem) for area, stem in files}
    chapters = {c.name for c in CHAPTERS}
    for year in project.years():
        for path in project.raw_dir(year).glob("*.csv"):
            assert (YEAR, path.stem) in stems, path
        for path in project.printed_dir(year).glob("*.csv"):
            assert path.stem in chapters or (PRINTED, path.stem) in stems, path
    for path in project.reference_dir.glob("*.csv"):
        assert (REFERENCE, path.stem) in stems, path
    for path in project.printed_root.glob("*.csv"):
        assert (STRUCTURE, path.stem) in stems, path
    assert all(spec.location.startswith(AREAS[spec.area]) for spec in files.values())


def test_the_shipped_years_validate_without_a_warning_and_each_file_is_described(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["validate", "--year", "all"]) == 0
    out = capsys.readouterr()
    assert out.out == "".join(f"{y}: inputs are valid\n" for y in YEARS) and out.err == ""  # silent but for that
    assert main(["validate", "--files"]) == 0
    out = capsys.readouterr()
    for path in Project(ROOT).raw_dir(2025).glob("*.csv"):
        assert f"data/raw/2025/{path.name}: " in out.out, path.name
    assert "data/raw/2025/quantities.csv: 9 rows, read by energy, ghg, water, resources, workforce, training" in out.out


def test_the_reference_of_every_input_file_is_current(monkeypatch, capsys):
    """docs/inputs.md is what `appendix inputs` prints; regenerate it with that command."""
    monkeypatch.chdir(ROOT)
    assert main(["inputs"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "inputs.md").read_text(encoding="utf-8")


def test_each_chapter_year_is_computed_once_for_every_year_reviewed(computation):
    for year in YEARS:
        build_register(YearResults(computation, year))
    assert set(computation.computes.values()) == {1}
    assert set(computation.loads.values()) == {1}
    assert len(computation.computes) == len(CHAPTERS) * len(YEARS)


def test_every_printed_figure_keeps_its_status(computation):
    """A change here is a change of what the appendix says about the report: if it is meant,
    update tests/golden/printed_figure_statuses.csv in the same commit and say why."""
    with GOLDEN.open(encoding="utf-8") as f:
        golden = {(int(r["year"]), r["figure_id"]): (r["chapter"], r["status"]) for r in csv.DictReader(f)}
    found = {}
    for year in YEARS:
        register = build_register(YearResults(computation, year))
        for r in register.itertuples():
            found[(year, r.figure_id)] = (r.chapter, r.status)
    missing = sorted(set(golden) - set(found))
    added = sorted(set(found) - set(golden))
    changed = sorted((k, golden[k], found[k]) for k in set(golden) & set(found) if golden[k] != found[k])
    assert (missing, added, changed) == ([], [], [])


def test_an_earlier_builds_tables_and_results_are_recalled_while_their_files_are_unchanged(project_copy):
    from sustainability_appendix.chapters.engine import Computation
    from sustainability_appendix.inputs.store import InputStore
    from sustainability_appendix.memo import RegisterMemo, ResultMemo, TableMemo
    from sustainability_appendix.review.year import register_of

    def computation() -> tuple[Computation, TableMemo]:
        tables = TableMemo(project_copy)
        return Computation(project_copy, store=InputStore(project_copy, memo=tables),
                           memo=ResultMemo(project_copy, CHAPTERS)), tables

    first, _ = computation()
    before = first.year_results(2025)
    second, tables = computation()
    again = second.year_results(2025)
    assert not second.computes and not second.loads
    assert set(second.recalls) == {(c.name, 2025) for c in CHAPTERS}  # the earlier years are not needed
    for name, result in before.items():
        assert again[name].metrics == result.metrics, name
    assert second.fingerprints("water", 2025) == first.fingerprints("water", 2025)
    assert second.store.files_read() == first.store.files_read()  # the manifest's readers, as if read
    # an earlier year's register (for the coverage of the report's year) is kept too
    registers = RegisterMemo(project_copy, CHAPTERS)
    register = register_of(first, 2023, registers)
    assert registers.misses == 1 and register_of(second, 2023, registers).equals(register) and registers.hits == 1

    # one item changed: only the 2025 chapters reading quantities.csv are computed; its table alone is parsed
    path = project_copy.raw_dir(2025) / "quantities.csv"
    with path.open(encoding="utf-8") as f:
        rows = {r["item"]: r for r in csv.DictReader(f)}
    path.write_text(path.read_text(encoding="utf-8").replace("water_discharge_ml,16.17,", "water_discharge_ml,20.00,"),
                    encoding="utf-8")
    third, tables = computation()
    water = third.year_results(2025)["water"]
    assert set(third.computes) == {(c.name, 2025) for c in CHAPTERS if c.reads_stem("quantities")}
    assert tables.misses == 1
    assert water.value("discharge_ml") == 20.0
    assert water.value("consumption_ml") == pytest.approx(float(rows["water_withdrawal_ml"]["value"]) - 20.0)
