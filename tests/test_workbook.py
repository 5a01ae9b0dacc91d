"""The workbook of a new year (``inputs_<year>.xlsx``): a sheet per input file with instructions,
drop-down lists and number validation, and the rule by which its sheets stand for the files."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from conftest import ROOT

from sustainability_appendix.cli import main
from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.registry import year_files
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.inputs.validate import check_year
from sustainability_appendix.inputs.workbook import check_folder

NEW = 2026
BOOK = f"inputs_{NEW}.xlsx"


@pytest.fixture
def scaffolded(project_copy, capsys):
    assert main(["new-year", str(NEW)]) == 0
    capsys.readouterr()
    return project_copy


def _validations(ws) -> dict[str, object]:
    """Column name (row 3) -> its data validation."""
    names = {c.column_letter: c.value for c in ws[3]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            out[names[cell_range.coord.split(":")[0].rstrip("0123456789")]] = dv
    return out


def _list_codes(book, formula: str) -> list[str]:
    sheet, cells = formula.split("!")
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in book[sheet][first:last] for c in row]


def test_new_year_writes_a_sheet_per_input_file(scaffolded):
    book = openpyxl.load_workbook(scaffolded.raw_dir(NEW) / BOOK)
    specs = year_files()
    assert book.sheetnames == ["README", *(s.stem[:31] for s in specs), "lists"]
    assert "materiality_stakeholder_respons" in book.sheetnames  # Excel's names end at 31 characters
    assert book["lists"].sheet_state == "hidden"
    for spec in specs:
        ws = book[spec.stem[:31]]
        assert ws["A1"].value.startswith(f"{spec.stem} — {spec.purpose[:30]}")  # what the file is
        assert [c.value for c in ws[3]] == spec.schema.column_names  # the header
        for cell, column in zip(ws[2], spec.schema.columns):  # what to fill in, with units and rules
            assert column.rule() in cell.value
    quantities = book["quantities"]
    catalogue = InputStore(scaffolded).reference("quantity_items")
    assert [r[0].value for r in quantities.iter_rows(min_row=4, max_row=13)] == list(catalogue["item"])
    assert [r[2].value for r in quantities.iter_rows(min_row=4, max_row=13)] == list(catalogue["unit"])
    assert "(in kWh)" not in quantities["B2"].value and "人" in book["workforce_flows"]["E2"].value  # (in 人)


def test_coded_columns_have_drop_down_lists_and_numbers_are_validated(scaffolded):
    book = openpyxl.load_workbook(scaffolded.raw_dir(NEW) / BOOK)
    flows = _validations(book["workforce_flows"])
    assert _list_codes(book, flows["gender"].formula1) == ["女", "男"]
    assert _list_codes(book, flows["age_band"].formula1) == ["<30", "30-50", ">50"]
    assert _list_codes(book, flows["flow"].formula1) == ["hire", "leaver"]
    assert (flows["count"].type, flows["count"].operator, flows["count"].formula1) == ("whole", "greaterThanOrEqual", "0")
    assert (flows["year"].type, flows["year"].operator, flows["year"].formula1) == ("whole", "equal", str(NEW))
    assert str(flows["gender"].sqref) == "C4:C503"
    items = _validations(book["quantities"])
    assert _list_codes(book, items["item"].formula1)[:2] == ["electricity_kwh", "gasoline_litres"]
    assert (items["value"].type, items["value"].formula1) == ("decimal", "0")
    programmes = _validations(book["training_programmes"])
    assert _list_codes(book, programmes["programme"].formula1)[:2] == ["industry_pretraining", "unemployed_training"]
    assert len(_list_codes(book, programmes["programme"].formula1)) == len(
        InputStore(scaffolded).codes("training_catalogue"))
    assert _validations(book["ghg_inventory"])["scope"].formula1 == '"scope1,scope2"'
    factors = _validations(book["factors"])
    assert (factors["value"].operator, factors["value"].formula1) == ("greaterThan", "0")
    assert factors["status"].formula1 == '"official,provisional"'
    assert book["water_sites"].column_dimensions["A"].number_format == "@"  # typed text stays text


def test_a_file_of_the_folder_takes_precedence_over_its_sheet(scaffolded):
    raw = scaffolded.raw_dir(NEW)
    problems, warnings = check_folder(raw, scaffolded.relative)
    assert problems == []
    assert warnings == [
        f"data/raw/{NEW}/{BOOK}, sheet 'quantities': not read, as data/raw/{NEW}/quantities.csv is there (a file of "
        "the folder takes precedence over a sheet; delete one of them)",
        f"data/raw/{NEW}/{BOOK}, sheet 'factors': not read, as data/raw/{NEW}/factors.csv is there (a file of the "
        "folder takes precedence over a sheet; delete one of them)"]
    store = InputStore(scaffolded)
    assert store.location("year", "quantities", NEW).path == raw / "quantities.csv"
    assert store.table("year", "ghg_inventory", NEW) is None  # a sheet with its header only stands for nothing


def test_a_sheet_stands_for_an_absent_file(scaffolded):
    raw = scaffolded.raw_dir(NEW)
    (raw / "quantities.csv").unlink()
    with pytest.raises(InputError) as err:
        InputStore(scaffolded).quantities(NEW)
    assert str(err.value).splitlines()[1] == (
        f"  - data/raw/{NEW}/{BOOK}, sheet 'quantities', rows 4–13, column 'value': expected a number of at least 0, "
        "found 'an empty cell' in all 10 rows")
    book = openpyxl.load_workbook(raw / BOOK)
    ws = book["quantities"]
    for r in range(4, 14):
        ws.cell(r, 2, 1000 - r)  # (a part never larger than its whole)
        ws.cell(r, 4, "meter")
    ws.cell(4, 2).value = 1_908_301
    ws.cell(10, 2).value, ws.cell(10, 2).number_format = 0.5509, "0.00%"  # e_document_ratio_pct, shown 55.09 %
    book.save(raw / BOOK)
    quantities = InputStore(scaffolded).quantities(NEW)
    assert quantities.file == f"data/raw/{NEW}/{BOOK}, sheet 'quantities'"
    assert quantities.get("electricity_kwh").value == 1_908_301
    assert quantities.get("e_document_ratio_pct").value == pytest.approx(55.09)
    assert quantities.get("electricity_kwh").row == 4  # the row as Excel shows it


def test_one_file_in_two_workbooks_is_an_error_naming_both(scaffolded, capsys):
    raw = scaffolded.raw_dir(NEW)
    (raw / "quantities.csv").unlink()
    shutil.copy(raw / BOOK, raw / "copy of inputs.xlsx")
    book = openpyxl.load_workbook(raw / "copy of inputs.xlsx")
    book.create_sheet("scratch")["A1"] = "notes"
    book.save(raw / "copy of inputs.xlsx")
    problems, warnings = check_folder(raw, scaffolded.relative)
    assert [str(p) for p in problems] == [
        f"data/raw/{NEW}/copy of inputs.xlsx: expected the input file 'quantities' given once, found \"sheet "
        f"'quantities' of data/raw/{NEW}/copy of inputs.xlsx and sheet 'quantities' of data/raw/{NEW}/{BOOK}: keep "
        "one\""]
    assert (f"data/raw/{NEW}/copy of inputs.xlsx, sheet 'scratch': named after no input file of a year, so nothing "
            "reads it (name a sheet after the file it stands for, e.g. 'quantities')") in warnings
    assert main(["validate", "--year", str(NEW)]) == 3
    assert "expected the input file 'quantities' given once" in capsys.readouterr().err


def test_validation_reads_the_sheets_as_files(scaffolded):
    """The unfilled workbook alone: the same problems as the unfilled files, named by sheet."""
    from sustainability_appendix.chapters.engine import Computation

    raw = scaffolded.raw_dir(NEW)
    (raw / "quantities.csv").unlink()
    (raw / "factors.csv").unlink()
    problems, _ = check_year(Computation(scaffolded, chapters=()), NEW)
    files = {p.file for p in problems}
    assert files == {f"data/raw/{NEW}/{BOOK}, sheet 'quantities'", f"data/raw/{NEW}/{BOOK}, sheet 'factors'"}
    assert not any("this input file to exist" in p.expected for p in problems)  # the sheets stand for them


def test_the_repository_has_no_workbook():
    """The shipped years are CSV files: the rule changes nothing for them."""
    for year in (2023, 2024, 2025):
        assert not list((ROOT / "data" / "raw" / str(year)).glob("*.xlsx"))
