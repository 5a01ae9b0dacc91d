"""``appendix validate``: every problem of every input file at once, each with file, row,
column and rule; the encodings analysts send accepted, anything else refused with the reason;
a chapter whose calculation fails named in one line.

The command line is run where it matters (exit codes, what is printed); the file-level checks
call ``check_year`` with a computation of the chapters concerned (the same code without
computing every chapter). Spoilt inputs are mostly 2024's: the rules are those of every year,
and its folder holds fewer files to check than 2025's."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import ROOT, edit, fail_water_compute

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters import water as water_chapter
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.cli import main
from sustainability_appendix.errors import ChapterError, InputError
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.inputs.validate import check_year, validate_year
from sustainability_appendix.project import Project

YEAR = 2025
EARLIER = 2024  # a year with a previous year and fewer files: the file-level rules are the same


def _validate(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _problems(project, *chapters: str, year: int = EARLIER) -> list[str]:
    problems, _ = check_year(Computation(project, chapters=tuple(chapter(c) for c in chapters)), year)
    return [str(p) for p in problems]


def test_problems_in_several_files_are_all_reported_at_once(project_copy, capsys):
    raw, printed = project_copy.raw_dir(EARLIER), project_copy.printed_dir(EARLIER)
    edit(raw / "quantities.csv", "2356270", "23S6270")  # not a number
    edit(raw / "factors.csv", "7609,kcal/L,2024", "7609,kcal/L,2025")  # a later data year
    edit(raw / "factors.csv", "GJ/kWh,,", "kWh/GJ,,")  # wrong unit
    sites = raw / "water_sites.csv"  # optional, so checked only when the year has it
    shutil.copy(project_copy.raw_dir(YEAR) / "water_sites.csv", sites)
    edit(sites, "site,address,", "site,addr,")  # a required column missing
    edit(printed / "energy.csv", '"8,482.57"', "eight thousand")  # a printed figure not a number

    code, out, err = _validate(capsys, "validate", "--year", str(EARLIER))
    assert code == 3 and out == ""
    expected = [
        "data/raw/2024/quantities.csv, row 2, column 'value': expected a number of at least 0, found '23S6270'",
        "data/raw/2024/factors.csv, row 4, column 'applies_to_year': expected a data year no later than the "
        "year of the folder it is in (2024), found '2025'",
        "data/raw/2024/factors.csv, row 2, column 'unit': expected 'GJ/kWh' for factor 'kwh_to_gj', found 'kWh/GJ'",
        "data/raw/2024/water_sites.csv, column 'address': expected a column named 'address'",
        "data/printed/2024/energy.csv, row 3, column 'printed': expected a number as printed",
    ]
    missing = [e for e in expected if e not in err]
    assert missing == [], err
    assert err.startswith("error: invalid input (5 problems):")  # one each, none repeated by the chapters


def test_problems_of_an_earlier_year_the_chapters_build_on_are_reported(project_copy):
    raw = project_copy.raw_dir(2023)
    edit(raw / "quantities.csv", "water_discharge_ml,16.99", "water_discharge_ml,26.99")  # part > whole
    edit(raw / "workforce_senior_management.csv", "2023,男,30-50,3", "2023,男,<30,3")  # duplicate key
    with pytest.raises(InputError) as err:
        validate_year(Computation(project_copy, chapters=(chapter("water"), chapter("workforce"))), EARLIER)
    found = {(p.file, p.row, p.column): p for p in err.value.problems}
    quantities, senior = ("data/raw/2023/quantities.csv", 6, "value"), ("data/raw/2023/workforce_senior_management.csv",
                                                                         3, "gender")
    assert set(found) == {quantities, senior}
    assert found[quantities].expected.startswith("'water_discharge_ml' at most 'water_withdrawal_ml' (21.24, row 5)")
    assert found[senior].expected == "one row per gender + age_band (duplicate key gender=男, age_band=<30)"


def test_problems_of_an_earlier_year_are_listed_with_the_years_own(project_copy):
    edit(project_copy.raw_dir(EARLIER) / "quantities.csv", "2356270", "23S6270")
    edit(project_copy.raw_dir(2023) / "quantities.csv", "water_discharge_ml,16.99", "water_discharge_ml,26.99")
    problems = _problems(project_copy, "energy", "water")
    assert any(p.startswith(f"data/raw/{EARLIER}/quantities.csv, row 2") for p in problems)
    assert any(p.startswith("data/raw/2023/quantities.csv, row 6") for p in problems)


def test_a_printed_figure_naming_no_computed_metric_is_refused(project_copy):
    edit(project_copy.printed_dir(EARLIER) / "water.csv", ",withdrawal_ml,", ",withdrawal_megalitres,")
    assert _problems(project_copy, "water") == [
        f"data/printed/{EARLIER}/water.csv, row 2, column 'metric_id': expected a metric chapter 'water' computes, "
        "or blank, found 'withdrawal_megalitres'"]


def test_a_printed_figure_without_section_unit_or_kind_is_refused(project_copy):
    water = project_copy.printed_dir(EARLIER) / "water.csv"
    edit(water, "25.11,百萬公升,3.1.2 近三年水資源用量統計表,", "25.11,,3.1.2 近三年水資源用量統計表,")  # row 2
    edit(water, "20.09,百萬公升,3.1.2 近三年水資源用量統計表,", "20.09,百萬公升,,")  # row 3
    edit(water, "645,人,3.1.2 近三年水資源用量統計表,,input", "645,人,3.1.2 近三年水資源用量統計表,,measured")
    assert _problems(project_copy, "water") == [
        f"data/printed/{EARLIER}/water.csv, row 2, column 'unit': expected text, found 'an empty cell'",
        f"data/printed/{EARLIER}/water.csv, row 3, column 'section': expected text, found 'an empty cell'",
        f"data/printed/{EARLIER}/water.csv, row 5, column 'kind': expected one of 'input', 'derived', 'target', "
        "'narrative', found 'measured'"]


def test_a_file_whose_rows_claim_another_year_is_refused(project_copy):
    path = project_copy.raw_dir(YEAR) / "workforce_counts.csv"
    edit(path, f"\n{YEAR},leavers_total,", f"\n{YEAR - 1},leavers_total,")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).table("year", "workforce_counts", YEAR)
    assert [str(p) for p in err.value.problems] == [
        f"data/raw/{YEAR}/workforce_counts.csv, row 3, column 'year': expected the year of the folder it is in "
        f"({YEAR}), found '{YEAR - 1}'"]


def test_a_quantities_file_whose_rows_claim_another_year_is_refused(project_copy):
    path = project_copy.raw_dir(YEAR) / "quantities.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["year"] = str(YEAR)
    table.loc[3, "year"] = str(YEAR - 1)  # spreadsheet row 5
    table.to_csv(path, index=False)
    with pytest.raises(InputError, match=rf"quantities.csv, row 5, column 'year': expected the year of the folder "
                                         rf"it is in \({YEAR}\), found '{YEAR - 1}'"):
        InputStore(project_copy).quantities(YEAR)


def test_an_unreviewed_factor_stops_validation(project_copy):
    edit(project_copy.raw_dir(EARLIER) / "factors.csv", "所引,official,\n", "所引,official,copied from 2023\n")
    problems = _problems(project_copy, "energy")  # (gasoline_heat_value, the first factor citing the report)
    assert problems == [
        f"data/raw/{EARLIER}/factors.csv, row 4, column 'review': expected an empty cell once factor "
        "'gasoline_heat_value' has been checked for this year (update value, applies_to_year, status and source, "
        "then clear the cell; latest announced in data/reference/factor_announcements.csv: 7609 kcal/L for 2024), "
        "found 'copied from 2023'"]


def _quantities(project, year: int = EARLIER):
    return project.raw_dir(year) / "quantities.csv"


@pytest.mark.parametrize("kind", ["utf-8", "utf-8-sig", "cp950", "xlsx"])
def test_the_four_accepted_formats_are_read_alike(project_copy, kind):
    path = _quantities(project_copy, YEAR)
    if kind == "xlsx":
        pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(path.with_suffix(".xlsx"), index=False)
        path.unlink()
    else:
        path.write_bytes(path.read_text(encoding="utf-8").encode(kind))
    computation = Computation(project_copy, chapters=(chapter("energy"),))
    quantities = computation.store.quantities(YEAR)
    assert quantities.file == f"data/raw/{YEAR}/quantities.{'xlsx' if kind == 'xlsx' else 'csv'}"
    assert quantities.get("employee_training_hours").source.startswith("報告 2.4.2 員工")  # Chinese text intact
    assert computation.result("energy", YEAR).value("electricity_gj") == pytest.approx(1_908_301 * 0.0036)


def test_other_encodings_and_formats_are_refused_with_the_reason(project_copy):
    path = _quantities(project_copy)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    (path.parent / "water_sites.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    (path.parent / "notes.txt").write_text("a,b\n1,2\n", encoding="utf-8")
    problems = _problems(project_copy, "energy")
    assert (f"data/raw/{EARLIER}/quantities.csv: expected text encoded as UTF-8 (with or without BOM) or Big5/cp950, "
            "found 'bytes in neither encoding'") in problems
    assert (f"data/raw/{EARLIER}/water_sites.xls: expected a .csv table (UTF-8, UTF-8 with BOM, or Big5/cp950) or an "
            ".xlsx workbook, found 'an Excel 97-2003 .xls workbook (open it in Excel and save it as .xlsx or as CSV "
            "UTF-8)'") in problems
    assert any(p.startswith(f"data/raw/{EARLIER}/notes.txt:") and "a .txt file" in p for p in problems)


def test_two_files_of_one_name_and_a_missing_required_file_are_refused(project_copy):
    path = _quantities(project_copy)
    pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(path.with_suffix(".xlsx"), index=False)
    (project_copy.raw_dir(EARLIER) / "factors.csv").unlink()
    problems = _problems(project_copy)
    assert any("expected one file named quantities" in p and p.endswith("found 'quantities.csv, quantities.xlsx'")
               for p in problems)
    assert any(p.startswith(f"data/raw/{EARLIER}/factors.csv: expected this input file to exist") for p in problems)


def test_validate_several_years_a_missing_year_and_a_wrong_year(project_copy, capsys):
    code, out, err = _validate(capsys, "validate", "--year", "2023,1999")
    assert code == 3 and [line for line in out.splitlines() if not line.startswith(" ")] == ["2023: inputs are valid"]
    assert err == ("error: invalid input: data/raw/1999: expected a folder of raw data for this year, "
                   "found 'no such folder'\n")
    code, _, err = _validate(capsys, "validate", "--year", "twenty")
    assert code == 2 and "--year takes a year" in err


def test_the_project_is_found_from_the_working_directory_or_given(project_copy, capsys, monkeypatch, tmp_path):
    edit(project_copy.raw_dir(2023) / "quantities.csv", "2081079", "2O81079")
    monkeypatch.chdir(project_copy.notebooks_dir)  # a folder inside the copy: the copy is validated
    code, _, err = _validate(capsys, "validate", "--year", "2023")
    assert code == 3 and "data/raw/2023/quantities.csv, row 2, column 'value'" in err
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    code, _, err = _validate(capsys, "validate", "--year", "2023")
    assert code == 2 and "no appendix project at or above" in err
    code, _, err = _validate(capsys, "--root", str(project_copy.root), "validate", "--year", "2023")
    assert code == 3 and "data/raw/2023/quantities.csv, row 2, column 'value'" in err
    code, _, err = _validate(capsys, "--root", str(outside), "validate", "--year", "2023")
    assert code == 2 and "holds no data/raw/ folder" in err



def test_a_chapter_whose_calculation_raises_is_named_in_one_message(project_copy, capsys, monkeypatch):
    fail_water_compute(monkeypatch, 2023)
    code, out, err = _validate(capsys, "validate", "--year", "2023")
    assert code == 1 and out == ""
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == ["error: the calculation of chapter 'water' for 2023 failed: ZeroDivisionError: no site "
                      "reported a withdrawal (run with --debug for the traceback)"]
    assert "Traceback" not in err and err.count("chapter 'water'") == 1

    code, _, err = _validate(capsys, "--debug", "validate", "--year", "2023")
    assert code == 1
    assert "Traceback (most recent call last)" in err and 'raise ZeroDivisionError("no site' in err
    assert "error: the calculation of chapter 'water' for 2023 failed" in err


def test_a_failing_calculation_is_a_chapter_error_not_an_input_problem(monkeypatch):
    fail_water_compute(monkeypatch, 2024)
    computation = Computation(Project(ROOT), chapters=(chapter("water"),))
    with pytest.raises(ChapterError) as err:
        check_year(computation, 2024)
    assert (err.value.chapter, err.value.year) == ("water", 2024)
    assert isinstance(err.value.exc, ZeroDivisionError) and err.value.__cause__ is err.value.exc
    assert computation.result("water", 2023).value("withdrawal_ml") == pytest.approx(21.24)  # other years unaffected


def test_a_chapter_whose_loading_raises_is_named_in_one_message(project_copy, capsys, monkeypatch):
    real = water_chapter.load

    def load(project, year, store=None):
        if year == 2023:
            raise KeyError("site")  # data the chapter's reading did not foresee
        return real(project, year, store)

    monkeypatch.setattr(water_chapter, "load", load)
    code, out, err = _validate(capsys, "validate", "--year", "2023")
    assert (code, out) == (1, "")
    assert err.splitlines() == ["error: the calculation of chapter 'water' for 2023 failed: KeyError: 'site' (run "
                                "with --debug for the traceback)"]


def test_a_failing_earlier_year_is_named_with_its_own_year(project_copy, capsys, monkeypatch):
    fail_water_compute(monkeypatch, 2024)  # 2025's water chapter builds on 2024's
    code, out, err = _validate(capsys, "validate", "--year", "2025")
    assert (code, out) == (1, "")
    assert err.splitlines() == ["error: the calculation of chapter 'water' for 2024 failed: ZeroDivisionError: no "
                                "site reported a withdrawal (run with --debug for the traceback)"]
