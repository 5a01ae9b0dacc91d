"""Reading inputs in the encodings analysts receive, and the errors bad input gets."""

import pandas as pd
import pytest

from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.quantities import load_quantities
from sustainability_appendix.inputs.tables import Column, Schema, parse_number, read_table

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
    text = str(err.value)
    assert "t.csv, row 2, column 'value': expected a number of at least 0, found 'abc'" in text
    assert "row 3, column 'value'" in text and "'-5'" in text
    assert "row 3, column 'n': expected a whole number of at least 0, found '2.5'" in text
    assert "row 4, column 'item'" in text and "duplicate key" in text
    assert len(err.value.problems) == 4


def test_missing_column_and_missing_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("item,n\n電力,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="column 'value': expected a column named 'value'"):
        read_table(path, SCHEMA)
    with pytest.raises(InputError, match="nope.csv: expected this input file to exist"):
        read_table(tmp_path / "nope.csv", SCHEMA)


def test_quantity_with_wrong_unit_or_year_is_refused(tmp_path):
    (tmp_path / "quantities.csv").write_text(
        "item,value,unit,source,year\nelectricity_kwh,100,MWh,meter,2025\npaper_sheets,10,張,x,2024\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_quantities(2025, folder=tmp_path)
    text = str(err.value)
    assert "row 2, column 'unit': expected 'kWh' for item 'electricity_kwh', found 'MWh'" in text
    assert "row 3, column 'year': expected the year of the folder it is in (2025), found '2024'" in text


@pytest.mark.parametrize("text, value", [("2,081,079", 2081079), ("19.01%", 19.01), ("-13.22%", -13.22),
                                         ("5 萬 4,176", 54176), ("1 萬 8,781", 18781), ("0.03", 0.03)])
def test_parse_number_reads_numbers_as_printed(text, value):
    assert parse_number(text) == pytest.approx(value)
