"""``appendix validate``: every problem of every input file at once, each with file, row,
column and rule; the encodings analysts send accepted, anything else refused with the reason."""

from __future__ import annotations

import pandas as pd
import pytest

from sustainability_appendix.publish.build import build
from sustainability_appendix.cli import main
from sustainability_appendix.errors import InputError

YEAR = 2025


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _validate(capsys, year: int = YEAR) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["validate", "--year", str(year)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_inputs_in_the_repository_are_valid(project_copy, capsys):
    code, out, err = _validate(capsys)
    assert code == 0, err
    assert f"{YEAR}: inputs are valid" in out


def test_problems_in_several_files_are_all_reported_at_once(project_copy, capsys):
    raw, printed = project_copy / "data" / "raw", project_copy / "data" / "printed"
    _edit(raw / str(YEAR) / "quantities.csv", "1908301", "19O8301")  # not a number
    _edit(raw / "2024" / "quantities.csv", "water_discharge_ml,20.09", "water_discharge_ml,30.09")  # part > whole
    _edit(raw / str(YEAR) / "factors.csv", "7586,kcal/L,2025", "7586,kcal/L,2026")  # a later data year
    _edit(raw / str(YEAR) / "factors.csv", "GJ/kWh,,", "kWh/GJ,,")  # wrong unit
    _edit(raw / "2024" / "ghg_inventory.csv", "inspection_training,勞動檢查處及訓練就業中心,scope1",
          "headquarters,勞動檢查處及訓練就業中心,scope1")  # duplicate key, in a file of the year before
    _edit(raw / str(YEAR) / "water_sites.csv", "site,address,", "site,addr,")  # a required column missing
    _edit(printed / str(YEAR) / "energy.csv", '"6,869.88"', "six thousand")  # a printed figure not a number

    code, _, err = _validate(capsys)
    assert code == 3
    expected = [
        f"data/raw/{YEAR}/quantities.csv, row 2, column 'value': expected a number of at least 0, found '19O8301'",
        "data/raw/2024/quantities.csv, row 6, column 'value': expected 'water_discharge_ml' at most "
        "'water_withdrawal_ml'",
        f"data/raw/{YEAR}/factors.csv, row 4, column 'applies_to_year': expected a data year no later than the "
        f"year of the folder it is in ({YEAR}), found '2026'",
        f"data/raw/{YEAR}/factors.csv, row 2, column 'unit': expected 'GJ/kWh' for factor 'kwh_to_gj'",
        "data/raw/2024/ghg_inventory.csv, row 4, column 'site_id': expected one row per site_id + scope",
        f"data/raw/{YEAR}/water_sites.csv, column 'address': expected a column named 'address'",
        f"data/printed/{YEAR}/energy.csv, row 3, column 'printed': expected a number as printed",
    ]
    missing = [e for e in expected if e not in err]
    assert missing == [], err
    assert err.startswith("error: invalid input (")


def test_a_printed_figure_naming_no_computed_metric_is_refused(project_copy, capsys):
    _edit(project_copy / "data" / "printed" / str(YEAR) / "water.csv", ",withdrawal_ml,", ",withdrawal_megalitres,")
    code, _, err = _validate(capsys)
    assert code == 3
    assert (f"data/printed/{YEAR}/water.csv, row 2, column 'metric_id': expected a metric chapter 'water' "
            "computes, found 'withdrawal_megalitres'") in err


def test_a_year_folder_whose_data_claims_another_year_is_refused(project_copy, capsys):
    path = project_copy / "data" / "raw" / YEAR.__str__() / "quantities.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["year"] = str(YEAR)
    table.loc[3, "year"] = str(YEAR - 1)
    table.to_csv(path, index=False)
    code, _, err = _validate(capsys)
    assert code == 3
    assert (f"quantities.csv, row 5, column 'year': expected the year of the folder it is in ({YEAR}), "
            f"found '{YEAR - 1}'") in err


def test_an_unreviewed_factor_stops_validation_and_the_build(project_copy, capsys):
    _edit(project_copy / "data" / "raw" / str(YEAR) / "factors.csv", "所引,\n", "所引,copied from 2024\n")
    code, _, err = _validate(capsys)
    assert code == 3 and "column 'review': expected an empty cell once factor" in err
    with pytest.raises(InputError, match="column 'review'"):
        build([YEAR])
    assert not (project_copy / "build" / "cache" / str(YEAR) / "energy").exists()  # nothing executed


def _quantities(project_copy):
    return project_copy / "data" / "raw" / str(YEAR) / "quantities.csv"


@pytest.mark.parametrize("kind", ["utf-8", "utf-8-sig", "cp950", "xlsx"])
def test_the_four_accepted_formats_validate(project_copy, capsys, kind):
    path = _quantities(project_copy)
    text = path.read_text(encoding="utf-8")
    if kind == "xlsx":
        pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(path.with_suffix(".xlsx"), index=False)
        path.unlink()
    else:
        path.write_bytes(text.encode(kind))
    code, out, err = _validate(capsys)
    assert code == 0, err
    assert f"{YEAR}: inputs are valid" in out


def test_other_encodings_and_formats_are_refused_with_the_reason(project_copy, capsys):
    path = _quantities(project_copy)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    (path.parent / "water_sites.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    code, _, err = _validate(capsys)
    assert code == 3
    assert ("quantities.csv: expected text encoded as UTF-8 (with or without BOM) or Big5/cp950, "
            "found 'bytes in neither encoding'") in err
    assert "water_sites.xls: expected a .csv table" in err and "Excel 97-2003 .xls workbook" in err


def test_two_files_of_one_name_and_a_missing_required_file_are_refused(project_copy, capsys):
    path = _quantities(project_copy)
    pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(path.with_suffix(".xlsx"), index=False)
    (project_copy / "data" / "raw" / str(YEAR) / "factors.csv").unlink()
    code, _, err = _validate(capsys)
    assert code == 3
    assert "expected one file named quantities" in err and "quantities.csv, quantities.xlsx" in err
    assert f"data/raw/{YEAR}/factors.csv: expected this input file to exist" in err


def test_validate_several_years_and_a_missing_year(project_copy, capsys):
    capsys.readouterr()
    assert main(["validate", "--year", "2023,2024"]) == 0
    assert "2023: inputs are valid" in capsys.readouterr().out
    assert main(["validate", "--year", "1999"]) == 3
    assert "data/raw/1999: expected a folder of raw data for this year" in capsys.readouterr().err
    assert main(["validate", "--year", "twenty"]) == 2
