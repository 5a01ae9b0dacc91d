"""End to end: a year's register, exports, indexes, manifest and pages, and reproducible outputs."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from sustainability_appendix.chapters import CHAPTERS
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.publish.build import build_year
from sustainability_appendix.publish.site import add_toc, years_nav

pytestmark = pytest.mark.slow

EXPORTS = ("reconciliation.csv", "reconciliation.xlsx", "metrics.csv", "metrics.xlsx", "metrics.json", "audit.csv",
           "gri_content_index.csv", "sdg_progress.csv", "coverage.csv")
YEAR_PAGES = ("index.html", "register.html", "gri.html", "sdg.html")


PAGES = [c for c in CHAPTERS if c.notebook]


def _snapshot(project, year: int) -> dict[str, bytes]:
    root, files = project.root, {}
    for folder in (project.processed_dir(year), project.figures_dir(year)):
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                files[p.relative_to(root).as_posix()] = p.read_bytes()
    for name in EXPORTS:
        files[f"reports/{year}/{name}"] = (root / "reports" / str(year) / name).read_bytes()
    return files


def test_toc_and_years_menu():
    page = '<!--appendix-toc--><h2 id="a">甲 A<a class="anchor-link" href="#a">¶</a></h2><h3 id="b">乙</h3>'
    out = add_toc(page)
    assert '<a href="#a">甲 A</a>' in out and 'class="toc-h3"' in out and "¶</a></li>" not in out
    assert str(years_nav([2024, 2025], 2025, "../")).count('aria-current="page"') == 1


def test_build_publishes_register_exports_indexes_and_manifest_reproducibly(project_copy, monkeypatch):
    # no Chromium here: the build says so in one line and publishes the HTML without the PDF
    monkeypatch.setenv("APPENDIX_CHROMIUM", str(project_copy.root / "no-chromium"))
    lines: list[str] = []
    build_year(project_copy, 2025, jobs=2, log=lines.append, pdf=True)
    assert [line for line in lines if "PDF" in line] == [
        f"  PDF not made (Chromium's headless shell not found ({project_copy.root / 'no-chromium'}; install it: "
        "apt-get install chromium-headless-shell)); the HTML appendix is published without it"]
    reports = project_copy.reports_dir(2025)
    assert not (reports / "appendix-2025.pdf").exists() and "appendix-2025.pdf" not in (
        reports / "index.html").read_text(encoding="utf-8")
    first = _snapshot(project_copy, 2025)
    manifest_1 = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))

    # the register: every chapter's reconciliation plus the SDG outcomes, with each row's metric
    register = pd.read_csv(reports / "reconciliation.csv", dtype=str, keep_default_na=False)
    chapters = [c.name for c in CHAPTERS]
    assert list(dict.fromkeys(register["chapter"])) == [c for c in chapters if c in set(register["chapter"])]
    for c in PAGES:
        own = project_copy.processed_dir(2025) / f"{c.name}__reconciliation.csv"
        assert (register["chapter"] == c.name).sum() == len(pd.read_csv(own))
    assert set(register["status"]) <= {"reproduces", "reproduces_from_parts", "differs", "not_checkable", "input",
                                       "illustrative"}
    metrics = pd.read_csv(reports / "metrics.csv", dtype=str, keep_default_na=False)
    assert set(register["metric"]) - {""} <= set(metrics["metric"])  # a figure with no inputs names none
    assert (metrics["unit"] != "").all() and (metrics["year"] == "2025").all()
    water = register.set_index("figure_id").loc["water-2025-06"]
    assert water["status"] == "differs" and water["recomputed"].rstrip("%") == "19.47"
    assert json.loads((reports / "metrics.json").read_text(encoding="utf-8"))["year"] == 2025

    # the audit and the generated indexes
    findings = pd.read_csv(reports / "audit.csv", dtype=str, keep_default_na=False)
    flagged = set(findings.loc[findings["status"] == "flag", "check_id"])
    assert {"electricity_emission_factor", "ghg-scope2-electricity", "water.withdrawal_reduction_pct"} <= flagged
    sdg = pd.read_csv(reports / "sdg_progress.csv", dtype=str, keep_default_na=False)
    assert "辦理 1,306 場" in set(sdg["text"])

    # coverage by section of the report: the register's figures, each under its section
    coverage = pd.read_csv(reports / "coverage.csv", dtype=str, keep_default_na=False).set_index("section")
    assert sum(int(n) for n in coverage["figures"]) == len(register)
    assert coverage.loc["2.3", "figures"] == "0" and coverage.loc["2.3", "not_in_register"] == "0"  # awards only
    # 3.3.2 prints 214 numbers (counted in the report, data/printed/report_sections.csv), all in a register
    assert (coverage.loc["3.3.2", "numbers_printed"], coverage.loc["3.3.2", "not_in_register"]) == ("214", "0")

    # downloads that open in Excel: CSV with a byte-order mark, workbooks of the register and the metrics
    for name in EXPORTS:
        if name.endswith(".csv"):
            assert (reports / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    from openpyxl import load_workbook

    sheet = load_workbook(reports / "reconciliation.xlsx").active
    assert [c.value for c in sheet[1]] == list(register.columns) and sheet.max_row == len(register) + 1
    sheet = load_workbook(reports / "metrics.xlsx").active
    kwh = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "energy.electricity_kwh")
    assert kwh[5] == 1_908_301  # a number, as the report prints it (3.1.2)

    # provenance
    inputs = {i["path"]: i for i in manifest_1["inputs"]}
    assert {"data/raw/2025/quantities.csv", "data/raw/2024/quantities.csv", "data/raw/2024/ghg_inventory.csv",
            "data/printed/2025/energy.csv"} <= set(inputs)
    assert "ghg" in inputs["data/raw/2024/ghg_inventory.csv"]["read_by"]
    assert {f["factor"] for f in manifest_1["factors"]} >= {"electricity_emission_factor", "kwh_to_gj"}
    assert manifest_1["parameters"]["year"] == 2025 and manifest_1["packages"]["pandas"]
    assert "git" in manifest_1 and manifest_1["built_at"]
    # every input file is published beside the pages, the very bytes the manifest's SHA-256 names
    import hashlib

    for path, item in inputs.items():
        copy = reports / path
        assert copy.is_file() and hashlib.sha256(copy.read_bytes()).hexdigest() == item["sha256"], path
    assert manifest_1["inputs_sha256"] and len(manifest_1["inputs_sha256"]) == 64

    # pages: navigation on every page, no request leaves the machine
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert manifest_1["built_at"] in index and inputs["data/raw/2025/quantities.csv"]["sha256"] in index
    assert 'id="coverage"' in index and "3.3.3 G- 永續治理" in index and 'href="coverage.csv"' in index
    assert "重算報告中的每一個數值" not in index  # no claim that every figure is recomputed while some are not
    for page in [*YEAR_PAGES, *(f"{c.name}.html" for c in PAGES)]:
        text = (reports / page).read_text(encoding="utf-8")
        for c in PAGES:
            assert f'href="{c.name}.html"' in text, (page, c.name)
        for other in YEAR_PAGES:
            assert f'href="{other}"' in text, (page, other)
        assert 'href="../index.html"' in text and 'class="toc"' in text
        assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", text), page
        assert "cdnjs" not in text and "require.min.js" not in text
    site_index = (project_copy.reports_dir() / "index.html").read_text(encoding="utf-8")
    assert 'href="2025/index.html"' in site_index
    # the years menu lists the years published: a year with data not built yet is named on the page across
    # years, not linked to a placeholder
    assert 'href="../2024/index.html"' not in (reports / "energy.html").read_text(encoding="utf-8")
    assert not (project_copy.reports_dir(2024) / "index.html").exists()
    assert "not built yet: 2023、2024" in site_index
    # a source a page cites opens from it
    water = (reports / "water.html").read_text(encoding="utf-8")
    assert '<a class="source" href="data/raw/2025/quantities.csv">data/raw/2025/quantities.csv</a>' in water
    assert '<a class="source" href="data/raw/2024/quantities.csv">' in water

    # the same inputs give the same bytes (the build time lives only in the manifest and the index page)
    build_year(project_copy, 2025, jobs=2, log=lambda *_: None, force=True)
    second = _snapshot(project_copy, 2025)
    assert second.keys() == first.keys()
    assert [k for k in first if first[k] != second[k]] == []
    manifest_2 = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    assert manifest_2["inputs"] == manifest_1["inputs"] and manifest_2["outputs"] == manifest_1["outputs"]

    # bad structure: an SDG row naming a metric that does not exist stops the build, naming it
    good = (reports / "index.html").read_bytes()
    table = project_copy.printed_root / "sdg_progress_table.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("{water.withdrawal_reduction_pct",
                                                               "{water.withdrawal_cut_pct"), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"water\.withdrawal_cut_pct"):
        build_year(project_copy, 2025, jobs=2, log=lambda *_: None)
    assert (reports / "index.html").read_bytes() == good
