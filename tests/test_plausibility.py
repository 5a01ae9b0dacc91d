"""Plausible ranges (``data/reference/plausibility.csv``): a magnitude error is named before any
printed report exists, in ``appendix validate`` and on the audit page, until the analyst
confirms the value; the data of 2023-2025 give no false warning."""

from __future__ import annotations

import pytest
from conftest import edit

from sustainability_appendix.chapters import chapter
from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.cli import main
from sustainability_appendix.errors import InputError
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.inputs.validate import check_year
from sustainability_appendix.review.audit import CHECK_LABELS, run_checks
from sustainability_appendix.review.audit.plausibility import check_plausibility, plausibility_warnings
from sustainability_appendix.review.results import YearResults

YEAR = 2025
GASOLINE = "gasoline_litres,26547.00,L,"


def _findings(project, year: int = YEAR, *chapters: str) -> dict[str, object]:
    computation = Computation(project, chapters=tuple(chapter(c) for c in chapters))
    return {f.check_id: f for f in check_plausibility(YearResults(computation, year))}


def _warnings(project, *chapters: str) -> list[str]:
    """What ``appendix validate`` warns, for the chapters concerned."""
    _, warnings = check_year(Computation(project, chapters=tuple(chapter(c) for c in chapters)), YEAR)
    return [w for w in warnings if not w.startswith("data/printed/")]  # (the other chapters' printed figures)


def _validate(capsys, year: int = YEAR) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["validate", "--year", str(year)])
    return code, [line for line in capsys.readouterr().out.splitlines() if line.startswith("warning:")]


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_shipped_data_give_no_false_warning(computation, year):
    findings = check_plausibility(YearResults(computation, year))
    assert {f.status for f in findings} <= {"pass", "not_applicable"}
    assert plausibility_warnings(YearResults(computation, year)) == []


def test_the_shipped_data_are_compared_with_the_numbers(computation):
    findings = {f.check_id: f for f in check_plausibility(YearResults(computation, YEAR))}
    # 26,547 L in 2025 against 26,499.47 L in 2024: ×1.0018 (+0.18 %)
    assert findings["gasoline-yoy"].status == "pass"
    assert findings["gasoline-yoy"].numbers == "raw.gasoline_litres = 26,547 L；2024 年 26,499.47；比 ratio 1.00 (+0.18 %)"
    assert findings["heat-inspections-magnitude"].numbers == (
        "labour_inspection.heat_hazard_inspections = 1,306 場；前幾年 earlier years 2023: 1,467, 2024: 928；"
        "中位數 median 1,197.5；比 ratio 1.09")
    assert findings["training-hours-yoy"].status == "not_applicable"  # 2024 has no training hours


def test_gasoline_typed_ten_times_too_large_is_flagged_until_confirmed(project_copy, capsys):
    path = project_copy.raw_dir(YEAR) / "quantities.csv"
    edit(path, GASOLINE, "gasoline_litres,265470,L,")
    code, warnings = _validate(capsys)
    assert code == 0  # a warning, not an error: the value may be right
    assert warnings == [
        f"warning: data/raw/{YEAR}/quantities.csv, row 3 (gasoline_litres): 265,470 L is 10.02 × 2024's 26,499.47 "
        "(+901.79 %), outside the plausible 0.5–2 × the previous year (data/reference/plausibility.csv, "
        "gasoline-yoy); if it is right, say why in this row's 'confirmed' cell"]
    finding = _findings(project_copy, YEAR, "energy")["gasoline-yoy"]
    assert (finding.check, finding.status, finding.subject) == ("plausibility", "flag", "raw.gasoline_litres")
    assert finding.numbers == "raw.gasoline_litres = 265,470 L；2024 年 26,499.47；比 ratio 10.02 (+901.79 %)"
    assert finding.compared.startswith("raw.gasoline_litres 合理範圍 plausible range: 前一年的 0.5–2 倍 0.5–2 × the "
                                       "previous year (公務車用油量逐年相近")
    assert finding.detail.endswith(f"say why in the 'confirmed' cell of data/raw/{YEAR}/quantities.csv, row 3 "
                                   "(gasoline_litres).")

    text = path.read_text(encoding="utf-8").replace("source,note\n", "source,note,confirmed\n", 1)
    path.write_text(text.replace("油量使用量統計表 (2025 年),\n", "油量使用量統計表 (2025 年),,新增 20 輛公務車 (採購案 114-03)\n"),
                    encoding="utf-8")
    assert _warnings(project_copy, "energy") == []
    finding = _findings(project_copy, YEAR, "energy")["gasoline-yoy"]
    assert finding.status == "info"
    assert finding.detail == (f"超出合理範圍，已確認 outside its plausible range, confirmed (data/raw/{YEAR}/"
                              "quantities.csv, row 3 (gasoline_litres)): 新增 20 輛公務車 (採購案 114-03)")


def test_a_misread_percent_is_flagged(project_copy):
    edit(project_copy.raw_dir(YEAR) / "quantities.csv", "e_document_ratio_pct,55.09,", "e_document_ratio_pct,0.5509,")
    finding = _findings(project_copy, YEAR, "resources")["e-document-yoy"]
    assert finding.status == "flag"
    assert finding.numbers == "raw.e_document_ratio_pct = 0.5509 %；2024 年 53.13；比 ratio 0.01 (-98.96 %)"


def test_a_factor_out_of_range_is_flagged(project_copy):
    """A grid factor ten times too large, without the year it applies to (so no announcement to compare with)."""
    edit(project_copy.raw_dir(YEAR) / "factors.csv", "electricity_emission_factor,0.474,kgCO2e/kWh,2024,",
         "electricity_emission_factor,4.74,kgCO2e/kWh,,")
    findings = _findings(project_copy, YEAR, "ghg")
    assert findings["electricity-factor-range"].status == "flag"
    assert findings["electricity-factor-range"].numbers == "factor.electricity_emission_factor = 4.74 kgCO2e/kWh"
    assert findings["electricity-factor-yoy"].numbers == (
        "factor.electricity_emission_factor = 4.74 kgCO2e/kWh；2024 年 0.474；比 ratio 10.00 (+900.00 %)")


def test_a_computed_figure_is_confirmed_in_the_confirmations_file(project_copy):
    edit(project_copy.reference_dir / "plausibility.csv", "discharge-share-range,water.discharge_share_pct,range,50,100",
         "discharge-share-range,water.discharge_share_pct,range,85,100")
    assert _warnings(project_copy, "water") == [
        f"water.discharge_share_pct of {YEAR}: 79.9703 % is outside the plausible range 85–100 "
        "(data/reference/plausibility.csv, discharge-share-range); if it is right, say why in "
        f"data/raw/{YEAR}/confirmations.csv (a row with check_id 'discharge-share-range' and its 'confirmed' note)"]
    confirmations = project_copy.raw_dir(YEAR) / "confirmations.csv"
    confirmations.write_text("check_id,confirmed,note\ndischarge-share-range,排水量依水費單估算為取水八成,\n",
                             encoding="utf-8")
    assert _warnings(project_copy, "water") == []
    finding = _findings(project_copy, YEAR, "water")["discharge-share-range"]
    assert (finding.status, finding.detail) == ("info", "超出合理範圍，已確認 outside its plausible range, confirmed "
                                                f"(data/raw/{YEAR}/confirmations.csv): 排水量依水費單估算為取水八成")
    # an input is confirmed in its own row, not here
    confirmations.write_text("check_id,confirmed\ngasoline-yoy,checked\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).table("year", "confirmations", YEAR)
    assert [str(p) for p in err.value.problems] == [
        f"data/raw/{YEAR}/confirmations.csv, row 2, column 'check_id': expected a check of a computed figure "
        "(raw.gasoline_litres is confirmed in the 'confirmed' cell of its row in quantities.csv), found "
        "'gasoline-yoy'"]


def test_the_audit_page_shows_the_checks_under_their_label(computation):
    assert CHECK_LABELS["plausibility"] == "合理範圍 Plausible ranges"
    data = YearResults(computation, YEAR)
    assert "gasoline-yoy" in {f.check_id for f in run_checks(data) if f.check == "plausibility"}


def test_bounds_are_checked_as_data(project_copy):
    path = project_copy.reference_dir / "plausibility.csv"
    edit(path, "gasoline-yoy,raw.gasoline_litres,ratio_to_previous,0.5,2,", "gasoline-yoy,raw.petrol,ratio_to_previous,2,0.5,")
    edit(path, "paper-yoy,raw.paper_sheets,ratio_to_previous,0.5,", "paper-yoy,raw.paper_sheets,ratio_to_previous,0,")
    with pytest.raises(InputError) as err:
        InputStore(project_copy).reference("plausibility")
    assert [str(p) for p in err.value.problems] == [
        "data/reference/plausibility.csv, row 3, column 'figure': expected raw.<item> of quantity_items.csv, "
        "factor.<name> of factor_catalogue.csv or <chapter>.<metric_id> of a chapter of the appendix, found 'raw.petrol'",
        "data/reference/plausibility.csv, row 3, column 'upper': expected at least lower (2), found '0.5'",
        "data/reference/plausibility.csv, row 7, column 'lower': expected a ratio greater than 0, found '0'"]
