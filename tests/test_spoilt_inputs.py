"""Inputs as analysts deliver them: Excel read as Excel shows it, files laid out otherwise than
expected, and the same mistake on many rows said once. Each case puts a spoilt file into a
throw-away copy of the project and checks the exact outcome."""

from __future__ import annotations

import datetime
import shutil

import openpyxl
import pandas as pd
import pytest
from conftest import edit

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.cli import main
from sustainability_appendix.errors import InputError, Problem, compact_rows, group_problems
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.inputs.validate import check_year

YEAR = 2025


def _as_workbook(csv_path, xlsx_path=None, title_rows=(), sheet="Sheet1", before=()) -> openpyxl.Workbook:
    """The CSV's cells as an Excel user has them: numbers as numbers, text as text."""
    table = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    book = openpyxl.Workbook()
    first = book.active
    if before:
        first.title = before[0]
        ws = book.create_sheet(sheet)
    else:
        ws = first
        ws.title = sheet
    for row in title_rows:
        ws.append(list(row))
    ws.append(list(table.columns))
    for record in table.itertuples(index=False):
        cells = []
        for text in record:
            try:
                cells.append(int(text) if text.isdigit() else float(text.replace(",", "")))
            except ValueError:
                cells.append(text)
        ws.append(cells)
    if xlsx_path is not None:
        book.save(xlsx_path)
    return book


def _quantities_xlsx(project, **kw) -> tuple[openpyxl.Workbook, object]:
    raw = project.raw_dir(YEAR)
    book = _as_workbook(raw / "quantities.csv", **kw)
    (raw / "quantities.csv").unlink()
    return book, raw / "quantities.xlsx"


def _cell(ws, item: str, column: str):
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=ws.max_row)) if c.value]
    for row in ws.iter_rows(min_row=1):
        if row[0].value == item:
            return row[header.index(column)]
    raise KeyError(item)


# --- item 2: Excel as Excel ----------------------------------------------------------------------

def test_a_percent_formatted_cell_is_the_percent_it_shows(project_copy):
    book, path = _quantities_xlsx(project_copy)
    cell = _cell(book.active, "e_document_ratio_pct", "value")
    cell.value, cell.number_format = 0.5509, "0.00%"  # shows 55.09 %
    book.save(path)
    computation = Computation(project_copy, chapters=(chapter("resources"),))
    assert computation.store.quantities(YEAR).get("e_document_ratio_pct").value == pytest.approx(55.09)
    # the report's 2025 change: 55.09 % − 53.13 % = 1.96 points (not 0.5509 − 53.13 = −52.58)
    assert computation.result("resources", YEAR).value("e_document_change_pp") == pytest.approx(1.96)


def test_a_year_in_a_date_formatted_cell_is_read_as_shown_or_refused_saying_so(project_copy):
    raw = project_copy.raw_dir(YEAR)
    book = _as_workbook(raw / "workforce_counts.csv")
    (raw / "workforce_counts.csv").unlink()
    ws = book.active
    ws["A2"].value, ws["A2"].number_format = datetime.datetime(YEAR, 1, 1), "yyyy"  # shows 2025
    ws["A3"].value, ws["A3"].number_format = datetime.datetime(YEAR, 12, 31), "yyyy"
    book.save(raw / "workforce_counts.xlsx")
    store = InputStore(project_copy)
    table = store.table("year", "workforce_counts", YEAR)
    assert list(table["year"]) == [YEAR] * 5
    assert table.attrs["warnings"] == [
        f"data/raw/{YEAR}/workforce_counts.xlsx, rows 2–3, column 'year': a date-formatted cell (format 'yyyy') "
        f"read as the year it shows, {YEAR}"]

    ws["A4"].value, ws["A4"].number_format = YEAR, "yyyy/m/d"  # the number 2025 shows as 1905/7/17
    book.save(raw / "workforce_counts.xlsx")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).table("year", "workforce_counts", YEAR)
    assert [str(p) for p in err.value.problems] == [
        f"data/raw/{YEAR}/workforce_counts.xlsx, row 4, column 'year': expected a four-digit year, found "
        f"\"1905-07-17 (a date-formatted cell, format 'yyyy/m/d'; the cell holds the number {YEAR}, which Excel "
        "shows as a date: format the column as a number or as text)\""]


def test_trailing_empty_rows_of_an_export_are_skipped(project_copy):
    book, path = _quantities_xlsx(project_copy)
    ws = book.active
    for r in range(ws.max_row + 1, ws.max_row + 13):  # formatted but empty rows below the table
        ws.cell(r, 1).number_format = "0.00"
        ws.cell(r, 2).value = None
    ws.cell(ws.max_row + 12, 3).value = ""
    book.save(path)
    csv_path = project_copy.raw_dir(YEAR) / "water_sites.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8") + ",,,,\n" * 12, encoding="utf-8")
    store = InputStore(project_copy)
    assert len(store.table("year", "quantities", YEAR)) == 9
    assert len(store.table("year", "water_sites", YEAR)) == 5


def test_an_empty_row_inside_a_table_is_skipped_and_said(project_copy):
    path = project_copy.raw_dir(YEAR) / "water_sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3] + [",,,,\n", "\n"] + lines[3:]), encoding="utf-8")
    table = InputStore(project_copy).table("year", "water_sites", YEAR)
    assert list(table.index) == [2, 3, 6, 7, 8]  # the rows as a spreadsheet numbers them
    assert table.attrs["warnings"] == [f"data/raw/{YEAR}/water_sites.csv, rows 4–5: empty, skipped"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_header_below_a_title_row_is_found_and_said(project_copy, kind):
    raw = project_copy.raw_dir(YEAR)
    title = ["高雄市政府勞工局 2025 年用量統計", "", "", "", ""]
    if kind == "csv":
        text = (raw / "quantities.csv").read_text(encoding="utf-8")
        (raw / "quantities.csv").write_text(",".join(title) + "\n,,,,\n" + text, encoding="utf-8")
    else:
        _quantities_xlsx(project_copy, xlsx_path=raw / "quantities.xlsx", title_rows=[title, []])
    store = InputStore(project_copy)
    table = store.table("year", "quantities", YEAR)
    assert list(table.index) == list(range(4, 13))  # spreadsheet rows: title, empty row, header on row 3
    assert table.attrs["warnings"] == [
        f"data/raw/{YEAR}/quantities.{kind}: "
        + ("sheet 'Sheet1', " if kind == "xlsx" else "")
        + "header found on row 3; the rows above it were skipped as a title ('高雄市政府勞工局 2025 年用量統計')"]
    assert store.quantities(YEAR).get("electricity_kwh").value == 1_908_301
    # and the build's validation passes the warning on
    _, warnings = check_year(Computation(project_copy, chapters=(chapter("energy"),)), YEAR)
    assert table.attrs["warnings"][0] in warnings


def test_a_table_on_another_sheet_is_found_and_said(project_copy):
    raw = project_copy.raw_dir(YEAR)
    book, path = _quantities_xlsx(project_copy, sheet="2025 用量", before=("封面 cover",))
    book["封面 cover"]["A1"] = "高雄市政府勞工局 用量資料"
    book.save(path)
    table = InputStore(project_copy).table("year", "quantities", YEAR)
    assert len(table) == 9 and list(table.index)[:2] == [2, 3]
    assert table.attrs["warnings"] == [
        f"data/raw/{YEAR}/quantities.xlsx: read sheet '2025 用量', which holds the table; the first sheet, "
        "'封面 cover', holds no header with the columns item, value, unit, source"]
    # two sheets holding the table: refused, naming them
    copy = book.copy_worksheet(book["2025 用量"])
    copy.title = "2024 用量"
    book.save(path)
    with pytest.raises(InputError) as err:
        InputStore(project_copy).table("year", "quantities", YEAR)
    assert [str(p) for p in err.value.problems] == [
        f"data/raw/{YEAR}/quantities.xlsx: expected one sheet holding the columns item, value, unit, source, found "
        "\"sheets '2025 用量', '2024 用量': keep one, or name the one to read 'quantities'\""]
    del book["2024 用量"]
    book["2025 用量"].title = "quantities"
    book.save(path)
    assert InputStore(project_copy).table("year", "quantities", YEAR).attrs["warnings"] == []
    assert raw.joinpath("quantities.xlsx").is_file()


def test_a_semicolon_delimited_file_is_refused_saying_so(project_copy):
    path = project_copy.raw_dir(YEAR) / "water_sites.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.to_csv(path, sep=";", index=False)
    with pytest.raises(InputError) as err:
        InputStore(project_copy).table("year", "water_sites", YEAR)
    assert [str(p) for p in err.value.problems] == [
        f"data/raw/{YEAR}/water_sites.csv: expected a comma-separated table, found 'a semicolon-delimited file (its "
        "header splits into the columns at each semicolon): save it as CSV UTF-8 (comma delimited), or as .xlsx'"]


def test_missing_columns_say_what_the_header_holds(project_copy):
    edit(project_copy.raw_dir(YEAR) / "water_sites.csv", "site,address,", "site,addr,")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).table("year", "water_sites", YEAR)
    assert [str(p) for p in err.value.problems] == [
        f"data/raw/{YEAR}/water_sites.csv, column 'address': expected a column named 'address' (text), found "
        "\"no such column (the header, row 1, holds 'site', 'addr', 'water_risk_level', 'water_sources', 'source')\""]


def test_formats_accepted_before_still_give_the_same_numbers(project_copy):
    """CRLF line ends, Big5, full-width digits and 萬 notation, as in Excel exports from Taiwan."""
    path = project_copy.raw_dir(YEAR) / "quantities.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("employees_year_end,649,", "employees_year_end,６４９,")
    text = text.replace("employee_training_hours,18781,", 'employee_training_hours,"1 萬 8,781",')
    path.write_bytes(text.replace("\n", "\r\n").encode("cp950"))
    quantities = InputStore(project_copy).quantities(YEAR)
    assert quantities.get("employees_year_end").value == 649
    assert quantities.get("employee_training_hours").value == 18_781
    assert quantities.get("electricity_kwh").value == 1_908_301


# --- item 6: one message per rule broken ---------------------------------------------------------

def test_rows_are_listed_compactly():
    assert compact_rows([3, 4, 5, 6, 7, 8, 9, 12]) == "3–9, 12"
    assert compact_rows([2]) == "2"
    assert compact_rows([5, 2, 3, 5]) == "2–3, 5"


def test_the_same_rule_broken_on_many_rows_is_one_message():
    problems = [Problem("data/raw/2025/q.csv", r, "value", "a number", "abc") for r in (3, 4, 5, 6, 7, 8, 9, 12)]
    problems.append(Problem("data/raw/2025/q.csv", 13, "value", "a number", "x"))
    problems.append(Problem("data/raw/2025/q.csv", 2, "unit", "'kWh'", "MWh"))
    assert group_problems(problems) == [
        "data/raw/2025/q.csv, rows 3–9, 12–13, column 'value': expected a number, found 'abc' (rows 3–9, 12), "
        "'x' (row 13)",
        "data/raw/2025/q.csv, row 2, column 'unit': expected 'kWh', found 'MWh'"]
    text = str(InputError(problems))
    assert text.splitlines()[0] == "invalid input (10 problems in 2 messages):"
    assert len(InputError(problems).problems) == 10  # each problem kept, cell by cell


def test_a_year_folder_copied_without_updating_its_year_column_gives_one_line(project_copy, capsys):
    shutil.copytree(project_copy.raw_dir(YEAR), project_copy.raw_dir(YEAR + 1))
    capsys.readouterr()
    assert main(["validate", "--year", str(YEAR + 1)]) == 3
    err = capsys.readouterr().err
    assert err.splitlines() == [
        # every row of the files with a year column, counted in the files: 12 + 5 + 13 + 1 + 21 + 22 + 30 + 44 + 69
        # + 77 + 5 + 12 + 14 + 6 = 331
        f"error: invalid input (331 problems): data/raw/{YEAR + 1}/: budget.csv rows 2–13; "
        "ethics_coverage.csv rows 2–6; governance_counts.csv rows 2–14; government_grants.csv row 2; "
        "labour_inspection.csv rows 2–22; social_activities.csv rows 2–23; social_activity_measures.csv rows 2–31; "
        "stakeholder_channels.csv rows 2–45; stakeholder_communication.csv rows 2–70; "
        "training_programmes.csv rows 2–78; "
        "workforce_counts.csv rows 2–6; workforce_flows.csv rows 2–13; workforce_headcount.csv rows 2–15; "
        f"workforce_senior_management.csv rows 2–7, column 'year': expected the year of the folder it is in "
        f"({YEAR + 1}), found '{YEAR}' in all 331 rows"]
