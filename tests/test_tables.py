"""Reading inputs: the encodings analysts receive, each cell against its rule, vocabularies
from the reference tables, and the store that reads each file once and hands a chapter only
what it declares."""

import pandas as pd
import pytest
from conftest import ROOT, edit

from sustainability_appendix.errors import ConfigurationError, InputError
from sustainability_appendix.inputs.store import ChapterFiles, InputStore
from sustainability_appendix.inputs.tables import Column, Schema, parse_number, read_raw, read_table
from sustainability_appendix.project import Project

SCHEMA = Schema("t", (Column("item"), Column("value", "number", minimum=0), Column("n", "count")), key=("item",))
TEXT = "item,value,n\n電力,\"2,081,079\",3\n汽油,26212.46,4\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp950"])
def test_csv_encodings_are_accepted(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes(TEXT.encode(encoding))
    table = read_table(path, SCHEMA)
    assert list(table["item"]) == ["電力", "汽油"]
    assert table.loc[2, "value"] == 2081079.0
    assert list(table.index) == [2, 3]  # spreadsheet rows: the header is row 1


def test_xlsx_is_accepted(tmp_path):
    path = tmp_path / "t.xlsx"
    pd.DataFrame({"item": ["電力"], "value": ["1908301"], "n": ["2"]}).to_excel(path, index=False)
    assert read_table(path, SCHEMA).loc[2, "value"] == 1908301.0


def test_cells_are_read_as_typed_text_with_spaces_trimmed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(" item , value ,n\n 電力 , 007 ,1\n", encoding="utf-8")
    raw = read_raw(path, "data/raw/2025/t.csv")
    assert list(raw.columns) == ["item", "value", "n"]
    assert raw.loc[2, "value"] == "007"  # text, leading zeros kept: rules decide what it means
    assert raw.attrs["source_file"] == "data/raw/2025/t.csv"


def test_undecodable_bytes_are_refused_with_the_reason(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"item,value,n\n\xff\xfe\xfa,1,1\n")
    with pytest.raises(InputError, match="UTF-8 .* or Big5/cp950"):
        read_table(path, SCHEMA)


def test_every_problem_is_named_with_file_row_column_and_rule(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("item,value,n\n電力,abc,1\n汽油,-5,2.5\n電力,1,1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(path, SCHEMA)
    assert [str(p) for p in err.value.problems] == [
        "t.csv, row 2, column 'value': expected a number of at least 0, found 'abc'",
        "t.csv, row 3, column 'value': expected a number of at least 0, found '-5'",
        "t.csv, row 3, column 'n': expected a whole number of at least 0, found '2.5'",
        "t.csv, row 4, column 'item': expected one row per item (duplicate key item=電力)"]
    # one message per rule broken: the two bad values of 'value' together
    assert str(err.value).splitlines() == [
        "invalid input (4 problems in 3 messages):",
        "  - t.csv, rows 2–3, column 'value': expected a number of at least 0, found 'abc' (row 2), '-5' (row 3)",
        "  - t.csv, row 3, column 'n': expected a whole number of at least 0, found '2.5'",
        "  - t.csv, row 4, column 'item': expected one row per item (duplicate key item=電力)"]


def test_missing_column_empty_table_and_missing_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("item,n\n電力,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="column 'value': expected a column named 'value'"):
        read_table(path, SCHEMA)
    path.write_text("item,value,n\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected at least one data row, found 'an empty table'"):
        read_table(path, SCHEMA)
    with pytest.raises(InputError, match="nope.csv: expected this input file to exist"):
        read_table(tmp_path / "nope.csv", SCHEMA)


def test_percent_and_year_columns(tmp_path):
    schema = Schema("p", (Column("share", "percent"), Column("year", "year")))
    path = tmp_path / "p.csv"
    path.write_text("share,year\n55.09%,2025\n100.5,25\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(path, schema)
    assert [(p.row, p.column, p.found) for p in err.value.problems] == [(3, "share", "100.5"), (3, "year", "25")]
    path.write_text("share,year\n55.09%,2025\n", encoding="utf-8")
    assert read_table(path, schema).loc[2, "share"] == pytest.approx(55.09)


def test_a_vocabulary_column_takes_its_codes_from_a_reference_table(tmp_path):
    schema = Schema("v", (Column("gender", vocabulary="genders"), Column("n", "count")))
    assert schema.vocabularies == ["genders"]
    assert schema.column("gender").rule() == "a code listed in data/reference/genders.csv"
    path = tmp_path / "v.csv"
    path.write_text("gender,n\n女,1\n男,2\nF,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"v.csv, row 4, column 'gender': expected one of '女', '男', found 'F'"):
        read_table(path, schema.with_codes({"genders": ("女", "男")}))


def test_the_store_reads_vocabularies_from_the_reference_tables():
    store = InputStore(Project(ROOT))
    assert store.codes("genders") == ("女", "男")  # data/reference/genders.csv
    assert store.codes("materiality_vocabulary:dimension") == ("governance", "environment", "human_rights")


def test_a_quantity_is_checked_against_its_item(project_copy):
    path = project_copy.raw_dir(2025) / "quantities.csv"
    edit(path, "electricity_kwh,1908301,kWh", "electricity_kwh,1908301,MWh")
    edit(path, "employees_year_end,649,", "employees_year_end,649.5,")
    edit(path, "e_document_ratio_pct,55.09,", "e_document_ratio_pct,155.09,")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).quantities(2025)
    found = {(p.file, p.row, p.column): (p.expected, p.found) for p in err.value.problems}
    file = "data/raw/2025/quantities.csv"
    assert found == {
        (file, 2, "unit"): ("'kWh' for item 'electricity_kwh'", "MWh"),
        (file, 4, "value"): ("a whole number for item 'employees_year_end'", "649.5"),
        (file, 8, "value"): ("a percentage from 0 to 100 for item 'e_document_ratio_pct'", "155.09"),
    }


def test_an_item_missing_from_the_catalogue_is_refused(project_copy):
    edit(project_copy.raw_dir(2025) / "quantities.csv", "paper_sheets,5319775,", "printer_sheets,5319775,")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).quantities(2025)
    (problem,) = err.value.problems
    assert (problem.file, problem.row, problem.column, problem.found) == (
        "data/raw/2025/quantities.csv", 7, "item", "printer_sheets")
    assert problem.expected.startswith("one of 'electricity_kwh', ") and "'paper_sheets'" in problem.expected


def test_a_part_larger_than_its_whole_is_refused(project_copy):
    edit(project_copy.raw_dir(2024) / "quantities.csv", "ghg_covered_employees,560,", "ghg_covered_employees,700,")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).quantities(2024)
    (problem,) = err.value.problems
    assert (problem.file, problem.row, problem.column, problem.found) == (
        "data/raw/2024/quantities.csv", 10, "value", "700")
    assert problem.expected.startswith("'ghg_covered_employees' at most 'employees_year_end' (645, row 4)")


def test_the_store_reads_each_file_once_and_keeps_its_problems(project_copy, monkeypatch):
    edit(project_copy.raw_dir(2025) / "factors.csv", "0.0036,GJ/kWh", "0.0036,kWh/GJ")
    store = InputStore(project_copy)
    reads = []
    real = InputStore._read
    monkeypatch.setattr(InputStore, "_read", lambda self, *a: reads.append(a[:3]) or real(self, *a))
    assert store.table("year", "quantities", 2025) is store.table("year", "quantities", 2025)
    for _ in range(2):
        with pytest.raises(InputError, match=r"factors.csv, row 2, column 'unit': expected 'GJ/kWh'"):
            store.factors(2025)
    assert {("year", "quantities", 2025), ("year", "factors", 2025)} <= set(reads)
    assert len(reads) == len(set(reads))  # the reference tables the rules consult, once each too


def test_absent_files_required_optional_and_printed(project_copy):
    store = InputStore(project_copy)
    assert store.table("year", "water_sites", 2024) is None  # optional: the year has none
    (project_copy.raw_dir(2025) / "factors.csv").unlink()
    with pytest.raises(InputError, match="data/raw/2025/factors.csv: expected this input file to exist"):
        store.factors(2025)
    water = project_copy.printed_dir(2025) / "water.csv"
    water.write_text(water.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert store.printed(2025, "water").empty  # header only: nothing transcribed yet, not an error
    assert store.printed(2023, "ghg").empty  # no file at all


def test_a_chapter_is_handed_only_the_files_it_declares():
    files = ChapterFiles.of("energy", Project(ROOT), 2025)
    assert files.quantities().get("electricity_kwh").value == 1_908_301
    with pytest.raises(ConfigurationError, match="chapter 'energy' reads year file 'water_sites'.*does not declare"):
        files.table("water_sites")
    with pytest.raises(ConfigurationError, match="does not declare"):
        files.reference("genders")


@pytest.mark.parametrize("text, value", [("2,081,079", 2081079), ("19.01%", 19.01), ("-13.22%", -13.22),
                                         ("5 萬 4,176", 54176), ("1 萬 8,781", 18781), ("339 萬 3,000", 3393000),
                                         ("0.03", 0.03), ("26,547.00", 26547), ("95％", 95),
                                         ("279.9 萬", 2_799_000), ("117.6 萬", 1_176_000), ("56 萬", 560_000)])
def test_parse_number_reads_numbers_as_printed(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["six thousand", "19O8301", "1.2.3", "", "%", "1.5 萬 2,000"])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)
