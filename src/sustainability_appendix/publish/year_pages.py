"""A year's own pages and files, written from its review.

Both steps are handed the :class:`~sustainability_appendix.review.year.YearReview`
(computed once in the build) and write into ``staging/reports``; they compute
nothing and read no input. :func:`write_review_files` needs the review alone: the
downloads (register, metrics, audit, GRI and SDG tables) and the register and
audit, GRI index and SDG pages, which the build writes while the notebooks run.
:func:`prepare_pages` then publishes the input files and links the pages already
there, and :func:`write_year` needs the chapters' outputs in the staging folder:
the provenance manifest, the index page, and the links on the pages not yet done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup

from sustainability_appendix.chapters import Chapter, chapter_number
from sustainability_appendix.present.html import anchor
from sustainability_appendix.present.numbers import format_number
from sustainability_appendix.present.outputs import write_csv
from sustainability_appendix.publish import manifest
from sustainability_appendix.publish.exports import publish_inputs, write_metrics, write_xlsx
from sustainability_appendix.publish.site import (
    _env,
    _write,
    add_toc,
    css,
    footer,
    header,
    link_sources,
    menu_years,
    set_years_nav,
)
from sustainability_appendix.review import audit
from sustainability_appendix.review.coverage import COLUMN_LABELS, RECONCILED
from sustainability_appendix.review.gri_index import AVAILABILITY_LABELS, metric_codes
from sustainability_appendix.review.reconcile import INPUT, NOT_CHECKABLE, STATUS_LABELS
from sustainability_appendix.review.register import STATUSES, needs_attention
from sustainability_appendix.review.sdg_table import CELL_LABELS
from sustainability_appendix.review.year import YearReview

EXPORTS = ("reconciliation.csv", "reconciliation.xlsx", "metrics.csv", "metrics.xlsx", "metrics.json", "audit.csv",
           "gri_content_index.csv", "sdg_progress.csv", "coverage.csv")
DOWNLOADS = (
    ("reconciliation.csv", "核對登錄表：每個報告印出的數值、重算值、差異、狀態、公式、輸入與來源 The reconciliation register"),
    ("reconciliation.xlsx", "同上，Excel 活頁簿 The same, as an Excel workbook"),
    ("metrics.csv", "本年度所有計算指標：數值、單位、GRI 揭露、公式、來源 Every computed figure of the year"),
    ("metrics.xlsx", "同上，Excel 活頁簿 The same, as an Excel workbook"),
    ("metrics.json", "同上，JSON 格式 The same, as JSON"),
    ("audit.csv", "稽核發現：比較了什麼、數字與說明 Audit findings"),
    ("coverage.csv", "各章節涵蓋程度：登錄、重算核對、輸入值、無法驗證 Coverage by report section"),
    ("gri_content_index.csv", "GRI 內容索引，由指標產生 The GRI content index, generated"),
    ("sdg_progress.csv", "永續指標進展表，由指標產生 The SDG indicator table, generated"),
    ("manifest.json", "建置紀錄：輸入檔 SHA-256、係數、參數、套件版本、git commit Provenance"),
)


def pdf_name(year: int) -> str:
    return f"appendix-{year}.pdf"


def _page_of(review: YearReview, chapter: str, metric_id: str = "") -> str:
    """The page showing a chapter's figure, at the figure's row (``#metric-<id>``)."""
    page = review.data.computation.chapter(chapter).page.split("#")[0]
    return f"{page}#metric-{anchor(metric_id)}" if metric_id else page


def _metric_view(m: dict, review: YearReview) -> dict:
    chapter = m["metric"].split(".", 1)[0]
    value = m["value"]
    if value is None or (isinstance(value, float) and value != value):
        shown = f"— ({m.get('missing_reason') or '無法計算 not computable'})"
    else:
        shown = f"{format_number(value, m['unit'])} {m['unit']}"
    return {"metric": m["metric"], "metric_id": m["metric_id"], "label": m["label"], "shown": shown,
            "page": _page_of(review, chapter, m["metric_id"]), "unit": m["unit"],
            "source": m.get("inputs", m.get("source", ""))}


def warm_up() -> None:
    """Compile the pages' templates and read the installed versions now (while notebooks run)."""
    for name in ("year_index.html.j2", "register.html.j2", "gri.html.j2", "sdg.html.j2", "site_index.html.j2",
                 "chapter.html.j2"):
        _env().get_template(name)
    manifest.package_versions()


def write_exports(review: YearReview, reports: Path) -> None:
    """The downloads: CSV with a byte-order mark (Excel reads it as UTF-8), and workbooks."""
    write_csv(review.register, reports / "reconciliation.csv", bom=True)
    write_xlsx(review.register, reports / "reconciliation.xlsx", "reconciliation",
               f"{review.year} 核對登錄表 Reconciliation register", numbers=("year", "recomputed_full"))
    write_metrics(review.metrics, reports)
    write_xlsx(review.metrics, reports / "metrics.xlsx", "metrics", f"{review.year} 計算指標 Metrics",
               numbers=("year", "value"))
    write_csv(review.gri.frame(review.year), reports / "gri_content_index.csv", bom=True)
    write_csv(review.sdg.frame(), reports / "sdg_progress.csv", bom=True)
    write_csv(audit.findings_frame(review.findings, review.year), reports / "audit.csv", bom=True)
    write_csv(review.coverage.frame, reports / "coverage.csv", bom=True)


def _common(review: YearReview, chapters: tuple[Chapter, ...]) -> dict:
    """What every page of the year is rendered with."""
    return dict(chapters=chapters, years=menu_years(review.data.project, review.year))


_LABELS = dict(rec_labels=STATUS_LABELS, audit_labels=audit.STATUS_LABELS)


def _chapter_views(review: YearReview, chapters: tuple[Chapter, ...]) -> list[dict]:
    return [{"name": c.name, "title": c.title, "page": c.page, "sections": c.sections,
             "number": chapter_number(c.name) if c.notebook else None,
             "counts": review.chapter_counts(c.name), "metrics": int((review.metrics["chapter"] == c.name).sum()),
             "awaiting": review.awaiting.get(c.name, 0)} for c in chapters]


def _sdg_counts(review: YearReview) -> dict[str, int]:
    cells = [c for r in review.sdg.rows for c in r.cells.values()]
    return {s: sum(1 for c in cells if c.status == s) for s in CELL_LABELS}


def write_review_files(review: YearReview, reports: Path, chapters: tuple[Chapter, ...]) -> None:
    """The downloads and the register, GRI and SDG pages, into ``reports``: what needs the review alone."""
    reports = Path(reports)
    reports.mkdir(parents=True, exist_ok=True)
    write_exports(review, reports)
    common = _common(review, chapters)
    _register_page(reports, review.year, common, _LABELS, review, _chapter_views(review, chapters),
                   register_view(review), _checks(review))
    _gri_page(reports, review.year, common, review)
    _sdg_page(reports, review.year, common, review, _sdg_counts(review))


@dataclass
class PreparedPages:
    """What :func:`prepare_pages` did while the notebooks ran: the manifest's inputs as they were then,
    the input files it published, and the pages that have their years menu and input-file links."""

    inputs: list[dict]
    published: dict[str, str]
    pages: set[str]


def prepare_pages(review: YearReview, reports: Path, chapters: tuple[Chapter, ...]) -> PreparedPages:
    """Publish the year's input files into ``reports`` and give the pages already there (the review's
    and the reused chapters') their years menu and input-file links, ahead of :func:`write_year`."""
    reports = Path(reports)
    inputs = manifest.input_files(review.data.computation, review.year)
    published = publish_inputs(review.data.project, inputs, reports)
    pages = sorted(reports.glob("*.html"))
    set_years_nav(reports, review.year, _common(review, chapters)["years"], pages)
    link_sources(reports, published, pages)
    return PreparedPages(inputs, published, {p.name for p in pages})


def write_year(review: YearReview, staging: Path, chapters: tuple[Chapter, ...], show_code: bool,
               pdf: bool = False, prepared: PreparedPages | None = None) -> Path:
    """The manifest and the index page into ``staging/reports``, where :func:`write_review_files` has
    written its files and the chapters' pages are; then the years menu and the links to the input
    files on every page (those :func:`prepare_pages` has not done, while the manifest's inputs are as
    they were then). Returns the index page. ``pdf``: the year's PDF will be made beside them."""
    data, year = review.data, review.year
    project = data.project
    staging = Path(staging)
    reports, processed, figures = staging / "reports", staging / "processed", staging / "figures"
    outputs = {}
    for folder, published in ((processed, f"data/processed/{year}"), (figures, f"figures/{year}")):
        for p in sorted(folder.iterdir()) if folder.is_dir() else []:
            if p.is_file():
                outputs[f"{published}/{p.name}"] = p
    for name in EXPORTS:
        outputs[f"reports/{year}/{name}"] = reports / name
    parameters = {"year": year, "chapters": ", ".join(c.name for c in chapters), "show_code": bool(show_code)}
    man = manifest.build_manifest(data.computation, year, parameters, outputs, datetime.now(UTC))
    manifest.write_manifest(man, reports / "manifest.json")
    if prepared is None or prepared.inputs != man["inputs"]:
        prepared = PreparedPages(man["inputs"], publish_inputs(project, man["inputs"], reports), set())
    published_inputs = prepared.published

    common = _common(review, chapters)
    gri = review.gri
    gri_counts = {a: sum(1 for r in gri.rows if r.availability == a) for a in AVAILABILITY_LABELS}
    gri_summary = "、".join(f"{AVAILABILITY_LABELS[a]} {n}" for a, n in gri_counts.items() if n) or "—"
    sdg_summary = "、".join(f"{CELL_LABELS[s]} {n}" for s, n in _sdg_counts(review).items() if n) or (
        review.sdg.note or "—")
    _year_index(reports, year, common, _LABELS, review, _chapter_views(review, chapters), man, gri_summary,
                sdg_summary, published_inputs, pdf=pdf)
    pages = [p for p in sorted(reports.glob("*.html")) if p.name not in prepared.pages or p.name == "index.html"]
    set_years_nav(reports, year, common["years"], pages)
    link_sources(reports, published_inputs, pages)
    return reports / "index.html"


def _coverage_view(review: YearReview) -> dict:
    """The coverage table of the year index: the columns that say something this year."""
    coverage = review.coverage
    totals = coverage.totals()
    # an illustrative column (or that of a status added later) only in a year that has such figures
    rare = [s for s in STATUSES if s not in (*RECONCILED, INPUT, NOT_CHECKABLE) and totals.get(s)]
    keys = ["figures", "reconciled", INPUT, NOT_CHECKABLE, *rare]
    if coverage.report_wide:
        keys += ["numbers_printed", "figures_all_years", "not_in_register"]
    return {"report_year": coverage.report_year, "note": coverage.note, "report_wide": coverage.report_wide,
            "complete": coverage.complete(), "rows": coverage.frame.to_dict(orient="records"), "totals": totals,
            "columns": [(k, COLUMN_LABELS.get(k, STATUS_LABELS.get(k, k))) for k in keys]}


def unlist_pdf(review: YearReview, reports: Path) -> None:
    """The PDF could not be made after all: the index stops listing it."""
    index = reports / "index.html"
    text = index.read_text(encoding="utf-8")
    _write(index, PDF_ROW.sub("", text))


PDF_ROW = re.compile(r"<tr class=\"download-pdf\">.*?</tr>", re.S)


def _checks(review: YearReview) -> list[dict]:
    """Findings by check, every check that has a label or a finding (a new kind of check shows with its id)."""
    ids = list(audit.CHECK_LABELS) + sorted({f.check for f in review.findings} - set(audit.CHECK_LABELS))
    checks = []
    for check_id in ids:
        mine = sorted((f for f in review.findings if f.check == check_id),
                      key=lambda f: audit.STATUS_ORDER.get(f.status, len(audit.STATUS_ORDER)))
        checks.append({"id": anchor(check_id), "label": audit.CHECK_LABELS.get(check_id, check_id),
                       "shown": [f for f in mine if f.status not in (audit.PASS, audit.NOT_APPLICABLE)],
                       "hidden": [f for f in mine if f.status in (audit.PASS, audit.NOT_APPLICABLE)]})
    return checks


def register_view(review: YearReview) -> dict:
    """The register's rows as the page shows them: each with its anchor, its chapter page's row and its
    calculation; the rows to look at; the values the filters offer."""
    computation = review.data.computation
    rows = []
    for r in review.register.to_dict(orient="records"):
        chapter = computation.chapter(r["chapter"])
        page = chapter.page.split("#")[0]
        metric_id = r["metric"].split(".", 1)[1] if r["metric"] else ""
        rows.append({**r, "anchor": anchor(r["figure_id"]), "chapter_title": chapter.title,
                     "page": f"{page}#{anchor(r['figure_id'])}" if chapter.notebook else page,
                     "metric_page": _page_of(review, r["chapter"], metric_id) if metric_id else "",
                     "attention": needs_attention(r["status"])})
    sections = list(dict.fromkeys(r["section"] for r in rows if r["section"]))
    chapters = [(c.name, c.title) for c in review.data.chapters if any(r["chapter"] == c.name for r in rows)]
    awaiting = [{"name": c.name, "title": c.title, "page": c.page.split("#")[0], "count": review.awaiting[c.name]}
                for c in review.data.chapters if c.name in review.awaiting]
    return {"rows": rows, "attention": [r for r in rows if r["attention"]], "sections": sections,
            "chapters": chapters, "awaiting": awaiting, "awaiting_total": sum(review.awaiting.values())}


def _year_index(reports, year, common, labels, review, chapter_views, man, gri_summary, sdg_summary,
                published_inputs, pdf: bool) -> Path:
    factors = [{**f, "shown": format_number(f["value"], f["unit"])} for f in man["factors"]]
    page = _env().get_template("year_index.html.j2").render(
        title=f"{year} 計算附錄 Calculation appendix {year}", css=Markup(css()),
        header=header(year, "index.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        rec_counts=review.register_counts, rec_total=len(review.register), audit_counts=review.audit_counts,
        chapters=chapter_views, downloads=DOWNLOADS, manifest=man, gri_summary=gri_summary, sdg_summary=sdg_summary,
        factors=factors, published_inputs=published_inputs, pdf=pdf_name(year) if pdf else "",
        parameters=[(k, ("是 yes" if v else "否 no") if isinstance(v, bool) else v)
                    for k, v in man["parameters"].items()],
        coverage=_coverage_view(review), awaiting_total=sum(review.awaiting.values()), **labels)
    return _write(reports / "index.html", add_toc(page))


def _register_page(reports, year, common, labels, review, chapter_views, view, checks) -> Path:
    page = _env().get_template("register.html.j2").render(
        title=f"{year} 核對與稽核 Register and audit", css=Markup(css()),
        header=header(year, "register.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        rec_counts=review.register_counts, chapters=chapter_views, view=view,
        audit_counts=review.audit_counts, checks=checks, **labels)
    return _write(reports / "register.html", add_toc(page))


def _gri_page(reports, year, common, review: YearReview) -> Path:
    gri = review.gri
    metrics = review.metrics.rename(columns={"source": "inputs"}).to_dict(orient="records")
    groups, seen = [], {}
    for r in gri.rows:
        r.headline = [_metric_view(m, review) if "shown" not in m else m for m in r.headline]
        r.tagged = [_metric_view(m, review) if "shown" not in m else m for m in r.tagged]
        g = r.data["group"]
        if g not in seen:
            seen[g] = {"id": f"group-{len(seen) + 1}", "name": g, "topics": []}
            groups.append(seen[g])
        topics = seen[g]["topics"]
        topic = r.data.get("topic", "")
        if not topics or topics[-1][0] != topic:
            topics.append((topic, []))
        topics[-1][1].append(r)
    codes = gri.codes
    untagged: dict[str, list[dict]] = {}
    for m in metrics:
        for code in metric_codes(m["gri"]):
            if code not in codes:
                untagged.setdefault(code, []).append(_metric_view(m, review))
    counts = {a: sum(1 for r in gri.rows if r.availability == a) for a in AVAILABILITY_LABELS}
    page = _env().get_template("gri.html.j2").render(
        title=f"{year} GRI 內容索引 GRI content index", css=Markup(css()),
        header=header(year, "gri.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        report_year=gri.report_year or "—", note=gri.note, groups=groups, availability_labels=AVAILABILITY_LABELS,
        availability_counts=counts, untagged_codes=sorted(untagged.items()))
    return _write(reports / "gri.html", add_toc(page))


def _sdg_page(reports, year, common, review: YearReview, counts) -> Path:
    sdg, project = review.sdg, review.data.project
    goals = []
    for number, name, statement, en, rows in sdg.goals():
        for r in rows:
            for c in r.cells.values():
                c.links = []
                for ref in c.metrics:
                    base = ref.split("@", 1)[0]
                    chapter, metric_id = base.split(".", 1)
                    cyear = int(ref.split("@", 1)[1]) if "@" in ref else year
                    page = _page_of(review, chapter, metric_id)
                    if cyear == year:
                        c.links.append({"ref": base, "href": page})
                    elif (project.reports_dir(cyear) / "index.html").exists():
                        c.links.append({"ref": f"{base} ({cyear})", "href": f"../{cyear}/{page}"})
        goals.append({"sdg": number, "name": name, "statement": statement, "en": en, "rows": rows})
    outcomes = []
    pages_here = {c.name for c in review.data.chapters if c.page.startswith("sdg.html")}
    for m in review.metrics.rename(columns={"source": "inputs"}).to_dict(orient="records"):
        if m["chapter"] in pages_here:
            v = _metric_view(m, review)
            v["anchor"] = f"metric-{anchor(m['metric_id'])}"
            v["source"] = m["inputs"]
            outcomes.append(v)
    page = _env().get_template("sdg.html.j2").render(
        title=f"{year} 永續指標進展 SDG indicator progress", css=Markup(css()),
        header=header(year, "sdg.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        report_year=sdg.report_year, note=sdg.note, goals=goals, years=sdg.years, cell_labels=CELL_LABELS,
        cell_counts=counts, outcomes=outcomes)
    return _write(reports / "sdg.html", add_toc(page))
