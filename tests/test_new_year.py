"""``appendix new-year``: templates from the input-file registry, never overwriting, and a
synthetic future year taken from the scaffold to a published appendix."""

from __future__ import annotations

import csv
import io
import sys
import types

import pandas as pd
import pytest

from sustainability_appendix import chapters as chapters_pkg
from sustainability_appendix.chapters import CHAPTERS, Chapter
from sustainability_appendix.cli import main
from sustainability_appendix.inputs.registry import InputFile, registry
from sustainability_appendix.inputs.quantities import QUANTITIES
from sustainability_appendix.review.reconcile import PRINTED_SCHEMA
from sustainability_appendix.inputs.tables import Column, Schema

NEW = 2026


def _rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_rows(path, rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_scaffold_writes_every_registered_file_and_its_instructions(project_copy, capsys):
    assert main(["new-year", str(NEW)]) == 0
    raw = project_copy / "data" / "raw" / str(NEW)
    readme = (raw / "README.md").read_text(encoding="utf-8")
    for stem, spec in registry().items():
        template = raw / f"{stem}.csv" if spec.required else raw / "templates" / f"{stem}.csv"
        assert template.is_file(), stem
        assert next(csv.reader(io.StringIO(template.read_text(encoding="utf-8")))) == spec.schema.column_names
        assert f"`{stem}`" in readme and spec.purpose[:40] in readme

    quantities = _rows(raw / "quantities.csv")
    assert [r["item"] for r in quantities] == list(QUANTITIES)
    assert all(r["value"] == "" and r["unit"] == QUANTITIES[r["item"]].unit for r in quantities)

    factors = _rows(raw / "factors.csv")
    last = _rows(project_copy / "data" / "raw" / str(NEW - 1) / "factors.csv")
    assert [(r["factor"], r["value"]) for r in factors] == [(r["factor"], r["value"]) for r in last]
    assert all(r["review"].startswith(f"copied from {NEW - 1}") for r in factors)

    for c in CHAPTERS:
        printed = project_copy / "data" / "printed" / str(NEW) / f"{c.name}.csv"
        assert printed.read_text(encoding="utf-8").strip() == ",".join(PRINTED_SCHEMA.column_names)
    # files of the previous year that no chapter describes are named, to be supplied as before
    assert "workforce_flows.csv" in readme


def test_scaffold_never_overwrites(project_copy, capsys):
    printed = project_copy / "data" / "printed" / str(NEW)
    printed.mkdir(parents=True)
    (printed / "energy.csv").write_text("kept as it was\n", encoding="utf-8")
    assert main(["new-year", str(NEW)]) == 0
    assert (printed / "energy.csv").read_text(encoding="utf-8") == "kept as it was\n"
    quantities = project_copy / "data" / "raw" / str(NEW) / "quantities.csv"
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
    assert f"data/raw/{NEW}/quantities.csv, row 2, column 'value': expected a number" in err
    assert f"data/raw/{NEW}/factors.csv, row 2, column 'review': expected an empty cell" in err


def test_a_chapter_joins_the_scaffold_by_declaring_its_input_files(project_copy, monkeypatch):
    schema = Schema("visits", (Column("site"), Column("visits", "count", unit="次")), key=("site",))
    module = types.ModuleType("sustainability_appendix.chapters.visits")
    module.INPUT_FILES = (InputFile("site_visits", schema, "Visits per site.", required=True),)
    monkeypatch.setitem(sys.modules, "sustainability_appendix.chapters.visits", module)
    monkeypatch.setattr(chapters_pkg, "CHAPTERS", CHAPTERS + (Chapter("visits", "Visits", "9.9"),))
    assert registry()["site_visits"].owner == "visits"
    assert main(["new-year", str(NEW)]) == 0
    raw = project_copy / "data" / "raw" / str(NEW)
    assert (raw / "site_visits.csv").read_text(encoding="utf-8") == "site,visits\n"
    assert "### `site_visits` — required (chapter visits)" in (raw / "README.md").read_text(encoding="utf-8")
    assert (project_copy / "data" / "printed" / str(NEW) / "visits.csv").is_file()


def fill_synthetic_year(root, year: int) -> dict[str, float]:
    """Fill the scaffolded templates with plausible numbers: last year's quantities
    less 3 % (the headcount kept), the factors checked, an inventory and a site table,
    the files no chapter describes copied from last year, one printed figure."""
    raw = root / "data" / "raw" / str(year)
    last = pd.read_csv(root / "data" / "raw" / str(year - 1) / "quantities.csv", dtype=str,
                       keep_default_na=False).set_index("item")
    rows = []
    for row in _rows(raw / "quantities.csv"):
        value = float(last.at[row["item"], "value"].replace(",", "")) if row["item"] in last.index else 100.0
        spec = QUANTITIES[row["item"]]
        value = round(value * 0.97) if spec.kind == "count" else round(value * 0.97, 2)
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

    inventory = [{"site_id": "headquarters", "site": "局本部", "scope": "scope1", "tco2e": "1000.5", "source": "synthetic"},
                 {"site_id": "headquarters", "site": "局本部", "scope": "scope2", "tco2e": "350.25", "source": "synthetic"}]
    _write_rows(raw / "ghg_inventory.csv", inventory,
                next(csv.reader(io.StringIO((raw / "templates" / "ghg_inventory.csv").read_text(encoding="utf-8")))))
    _write_rows(raw / "water_sites.csv", [{"site": "局本部", "address": "高雄市前鎮區", "water_risk_level": "低等級",
                                           "water_sources": "高屏溪", "source": "synthetic"}])

    # files no chapter describes yet: supplied as the previous year did (the README says so)
    known = set(registry())
    for path in sorted((root / "data" / "raw" / str(year - 1)).glob("*.csv")):
        if path.stem not in known:
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            if "year" in table.columns:
                table["year"] = str(year)
            table.to_csv(raw / path.name, index=False, lineterminator="\n")

    kwh = float(next(r["value"] for r in rows if r["item"] == "electricity_kwh"))
    _write_rows(root / "data" / "printed" / str(year) / "energy.csv", [
        {"figure_id": f"energy-{year}-01", "metric_id": "electricity_gj", "label": "電力使用量 (GJ)",
         "printed": f"{kwh * 0.0036:,.2f}", "unit": "GJ", "section": "synthetic", "note": ""}],
        PRINTED_SCHEMA.column_names)
    return {"electricity_kwh": kwh}


@pytest.mark.slow
def test_a_synthetic_future_year_from_scaffold_to_appendix(project_copy, capsys):
    assert main(["new-year", str(NEW)]) == 0
    filled = fill_synthetic_year(project_copy, NEW)
    capsys.readouterr()
    assert main(["validate", "--year", str(NEW)]) == 0, capsys.readouterr().err
    assert main(["build", "--year", str(NEW)]) == 0, capsys.readouterr().err

    reports = project_copy / "reports" / str(NEW)
    index = (reports / "index.html").read_text(encoding="utf-8")
    for c in CHAPTERS:
        assert (reports / f"{c.name}.html").is_file(), c.name
        assert f"{c.name}.html" in index
    metrics = pd.read_csv(project_copy / "data" / "processed" / str(NEW) / "energy__metrics.csv").set_index("metric_id")
    assert metrics.loc["electricity_gj", "value"] == pytest.approx(filled["electricity_kwh"] * 0.0036)
    rec = pd.read_csv(project_copy / "data" / "processed" / str(NEW) / "energy__reconciliation.csv", dtype=str)
    assert list(rec["status"]) == ["reproduces"]
    ghg = pd.read_csv(project_copy / "data" / "processed" / str(NEW) / "ghg__metrics.csv").set_index("metric_id")
    assert ghg.loc["total_tco2e", "value"] == pytest.approx(1350.75)
    assert f"{NEW}/index.html" in (project_copy / "reports" / "index.html").read_text(encoding="utf-8")
