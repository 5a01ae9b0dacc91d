"""``appendix new-year``: a template for every file of the input registry, never overwriting,
and a synthetic future year taken from the scaffold to a published appendix."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from sustainability_appendix.chapters import CHAPTERS
from sustainability_appendix.cli import main
from sustainability_appendix.inputs.printed_files import PRINTED_FIGURES, REPORT_NOTES
from sustainability_appendix.inputs.registry import readers, year_files

NEW = 2026


def _rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_rows(path, rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_scaffold_writes_a_template_for_every_file_2025_has(project_copy, capsys):
    assert main(["new-year", str(NEW)]) == 0
    raw = project_copy.raw_dir(NEW)
    readme = (raw / "README.md").read_text(encoding="utf-8")
    for spec in year_files():
        template = raw / f"{spec.stem}.csv" if spec.required else raw / "templates" / f"{spec.stem}.csv"
        assert template.is_file(), spec.stem
        assert next(csv.reader(io.StringIO(template.read_text(encoding="utf-8")))) == spec.schema.column_names
        assert f"`data/raw/<year>/{spec.stem}.csv`" in readme and spec.purpose[:40] in readme
        for name, _ in readers(spec):
            assert f"`{name}`" in readme
    # every file of the latest year has its template, so an analyst misses none
    for path in project_copy.raw_dir(NEW - 1).glob("*.csv"):
        assert (raw / path.name).is_file() or (raw / "templates" / path.name).is_file(), path.name

    quantities = _rows(raw / "quantities.csv")
    catalogue = _rows(project_copy.reference_dir / "quantity_items.csv")
    assert [r["item"] for r in quantities] == [r["item"] for r in catalogue]
    assert all(r["value"] == "" for r in quantities)
    assert [r["unit"] for r in quantities] == [r["unit"] for r in catalogue]
    assert "electricity_kwh" in readme and "(items `electricity_kwh`" in readme  # who reads which item

    factors = _rows(raw / "factors.csv")
    last = _rows(project_copy.raw_dir(NEW - 1) / "factors.csv")
    assert [(r["factor"], r["value"]) for r in factors] == [(r["factor"], r["value"]) for r in last]
    assert all(r["review"].startswith(f"copied from {NEW - 1}") for r in factors)
    assert "factor_announcements.csv" in readme

    printed = project_copy.printed_dir(NEW)
    for c in CHAPTERS:
        assert (printed / f"{c.name}.csv").read_text(encoding="utf-8").strip() == ",".join(PRINTED_FIGURES.column_names)
    assert (printed / "notes.csv").read_text(encoding="utf-8").strip() == ",".join(REPORT_NOTES.column_names)


def test_scaffold_never_overwrites(project_copy, capsys):
    printed = project_copy.printed_dir(NEW)
    printed.mkdir(parents=True)
    (printed / "energy.csv").write_text("kept as it was\n", encoding="utf-8")
    assert main(["new-year", str(NEW)]) == 0
    assert (printed / "energy.csv").read_text(encoding="utf-8") == "kept as it was\n"
    quantities = project_copy.raw_dir(NEW) / "quantities.csv"
    quantities.write_text("filled in\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["new-year", str(NEW)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert quantities.read_text(encoding="utf-8") == "filled in\n"
    assert main(["new-year", str(NEW - 1)]) == 2  # an existing year
    assert main(["new-year", "26"]) == 2


def test_unfilled_templates_are_refused_with_every_problem(project_copy, capsys):
    assert main(["new-year", str(NEW)]) == 0
    capsys.readouterr()
    assert main(["validate", "--year", str(NEW)]) == 3
    err = capsys.readouterr().err
    # one message per rule broken: every empty value in one line
    assert (f"data/raw/{NEW}/quantities.csv, rows 2–11, column 'value': expected a number of at least 0, found "
            "'an empty cell' in all 10 rows") in err
    assert f"data/raw/{NEW}/factors.csv, row 2, column 'review': expected an empty cell" in err
    # the review of each factor says which value is the latest announced for the new year
    assert (f"data/raw/{NEW}/factors.csv, row 5, column 'review': expected an empty cell once factor "
            "'electricity_emission_factor' has been checked for this year (update value, applies_to_year, status "
            "and source, then clear the cell; latest announced in data/reference/factor_announcements.csv: 0.467 "
            f"kgCO2e/kWh for 2025, announced 2026-06-02; none for {NEW} yet: keep it with status 'provisional')") in err


def fill_synthetic_year(project, year: int) -> dict[str, float]:
    """Fill the scaffolded templates with plausible numbers: last year's quantities
    less 3 % (the headcount kept), the factors checked, an inventory and a site table,
    the other files copied up from last year's, one printed figure."""
    raw = project.raw_dir(year)
    last = pd.read_csv(project.raw_dir(year - 1) / "quantities.csv", dtype=str, keep_default_na=False).set_index("item")
    kinds = {r["item"]: r["kind"] for r in _rows(project.reference_dir / "quantity_items.csv")}
    rows = []
    for row in _rows(raw / "quantities.csv"):
        value = float(last.at[row["item"], "value"].replace(",", "")) if row["item"] in last.index else 100.0
        value = round(value * 0.97) if kinds[row["item"]] == "count" else round(value * 0.97, 2)
        if row["item"] == "employees_year_end":  # the copied workforce tables add up to last year's
            value = round(float(last.at[row["item"], "value"]))
        if row["item"] == "ghg_covered_employees":
            value = 540
        rows.append({**row, "value": str(value), "source": f"synthetic test data for {year}"})
    _write_rows(raw / "quantities.csv", rows)

    factors = _rows(raw / "factors.csv")
    for f in factors:
        f["review"] = ""
        if f["factor"] == "electricity_emission_factor":
            f.update(value="0.466", applies_to_year=str(year - 1), source="synthetic: emission factor")
    _write_rows(raw / "factors.csv", factors)

    header = next(csv.reader(io.StringIO((raw / "templates" / "ghg_inventory.csv").read_text(encoding="utf-8"))))
    _write_rows(raw / "ghg_inventory.csv", [
        {"site_id": "headquarters", "site": "局本部", "scope": "scope1", "tco2e": "1000.5", "source": "synthetic"},
        {"site_id": "headquarters", "site": "局本部", "scope": "scope2", "tco2e": "350.25", "source": "synthetic"}],
        header)
    # the other files: as last year's, with this year in their year column
    for path in sorted(project.raw_dir(year - 1).glob("*.csv")):
        if not (raw / path.name).exists():
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            if "year" in table.columns:
                table["year"] = str(year)
            table.to_csv(raw / path.name, index=False, lineterminator="\n")

    kwh = float(next(r["value"] for r in rows if r["item"] == "electricity_kwh"))
    _write_rows(project.printed_dir(year) / "energy.csv", [
        {"figure_id": f"energy-{year}-01", "metric_id": "electricity_gj", "label": "電力使用量 (GJ)",
         "printed": f"{kwh * 0.0036:,.2f}", "unit": "GJ", "section": "synthetic", "note": "",
         "kind": "derived"}],
        PRINTED_FIGURES.column_names)
    shutil.rmtree(raw / "templates")
    return {"electricity_kwh": kwh}


@pytest.mark.slow
def test_a_synthetic_future_year_from_scaffold_to_appendix(project_copy, capsys):
    assert main(["new-year", str(NEW)]) == 0
    filled = fill_synthetic_year(project_copy, NEW)
    capsys.readouterr()
    assert main(["validate", "--year", str(NEW)]) == 0, capsys.readouterr().err
    assert main(["build", "--year", str(NEW)]) == 0, capsys.readouterr().err

    reports = project_copy.reports_dir(NEW)
    index = (reports / "index.html").read_text(encoding="utf-8")
    for c in CHAPTERS:
        if c.notebook:
            assert (reports / f"{c.name}.html").is_file(), c.name
            assert f"{c.name}.html" in index
    processed = project_copy.processed_dir(NEW)
    metrics = pd.read_csv(processed / "energy__metrics.csv").set_index("metric_id")
    assert metrics.loc["electricity_gj", "value"] == pytest.approx(filled["electricity_kwh"] * 0.0036)
    assert list(pd.read_csv(processed / "energy__reconciliation.csv", dtype=str)["status"]) == ["reproduces"]
    ghg = pd.read_csv(processed / "ghg__metrics.csv").set_index("metric_id")
    assert ghg.loc["total_tco2e", "value"] == pytest.approx(1350.75)
    assert ghg.loc["base_year", "value"] == 2024  # the base year stays the first inventoried year
    assert f"{NEW}/index.html" in (project_copy.reports_dir() / "index.html").read_text(encoding="utf-8")
    # only energy is printed yet: the other chapters' figures await the report, they are not a clean result
    exported = pd.read_csv(reports / "metrics.csv", dtype=str, keep_default_na=False)
    awaiting = int(((exported["value"] != "") & (exported["chapter"] != "energy")).sum())
    assert awaiting > 0
    assert f"<b>{awaiting}</b><span class=\"badge awaiting\">待報告印出 Awaiting the printed report</span>" in index
    register = (reports / "register.html").read_text(encoding="utf-8")
    assert f"<b>{awaiting}</b><span class=\"badge awaiting\">" in register and 'id="awaiting"' in register
    water = (reports / "water.html").read_text(encoding="utf-8")
    assert "figures await the printed report" in water
    # a new year does not inherit the notes about the 2025 report
    assert "誤植" not in (reports / "workforce.html").read_text(encoding="utf-8")


def fill_workbook_from_files(project, year: int) -> None:
    """Move every filled file of the year into its sheet of the year's workbook, typed as an Excel
    user types (numbers as numbers), and delete the file: the year is then given in Excel alone."""
    import openpyxl

    from sustainability_appendix.inputs.registry import spec

    raw = project.raw_dir(year)
    book = openpyxl.load_workbook(raw / f"inputs_{year}.xlsx")
    for path in sorted(raw.glob("*.csv")):
        columns = {c.name: c for c in spec("year", path.stem).schema.columns}
        ws = book[path.stem[:31]]
        header = [c.value for c in ws[3]]
        ws.delete_rows(4, ws.max_row)  # the template's rows
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        header += [c for c in table.columns if c not in header]
        for c, name in enumerate(header, start=1):
            ws.cell(3, c, name)
        for r, record in enumerate(table.to_dict("records"), start=4):
            for c, name in enumerate(header, start=1):
                text = record.get(name, "")
                kind = columns[name].kind if name in columns else "text"
                if text != "":
                    ws.cell(r, c, float(text.replace(",", "")) if kind != "text" else text)
        path.unlink()
    book.save(raw / f"inputs_{year}.xlsx")


def _outputs(project, year: int) -> dict[str, list[list[str]]]:
    """The year's tables (processed CSVs and the review's exports), cell by cell, with the workbook's
    citations written as the files' (a sheet's row r is the file's row r - 2: its header is on row 3)."""
    import re

    stems = {s.stem[:31]: s.stem for s in year_files()}
    sheet = re.compile(rf"data/raw/{year}/inputs_{year}\.xlsx, sheet '([a-z_]+)'(,? row )?(\d+)?")

    def as_file(m: re.Match) -> str:
        row = f"{m.group(2)}{int(m.group(3)) - 2}" if m.group(3) else ""
        return f"data/raw/{year}/{stems[m.group(1)]}.csv{row}"

    out = {}
    for folder in (project.processed_dir(year), project.reports_dir(year)):
        for path in sorted(folder.glob("*.csv")):
            rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
            out[path.name] = [[sheet.sub(as_file, cell) for cell in row] for row in rows]
    return out


@pytest.mark.slow
def test_a_build_from_the_filled_workbook_gives_the_same_appendix_as_from_the_files(project_copy, capsys):
    assert main(["new-year", str(NEW)]) == 0
    fill_synthetic_year(project_copy, NEW)
    assert main(["build", "--year", str(NEW)]) == 0, capsys.readouterr().err
    from_files = _outputs(project_copy, NEW)

    fill_workbook_from_files(project_copy, NEW)
    raw = project_copy.raw_dir(NEW)
    assert sorted(p.name for p in raw.iterdir()) == ["README.md", f"inputs_{NEW}.xlsx"]  # Excel alone
    capsys.readouterr()
    assert main(["validate", "--year", str(NEW), "--files"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"  data/raw/{NEW}/inputs_{NEW}.xlsx, sheet 'quantities': 10 rows, read by energy" in out
    assert "warning" not in out
    assert main(["build", "--year", str(NEW)]) == 0, capsys.readouterr().err
    from_workbook = _outputs(project_copy, NEW)
    assert sorted(from_workbook) == sorted(from_files) and len(from_files) > 20
    differ = [name for name in from_files if from_files[name] != from_workbook[name]]
    assert differ == []
    manifest = (project_copy.reports_dir(NEW) / "manifest.json").read_text(encoding="utf-8")
    assert f"data/raw/{NEW}/inputs_{NEW}.xlsx" in manifest
