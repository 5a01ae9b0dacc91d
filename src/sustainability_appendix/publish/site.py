"""The appendix as a site: chapter pages, each year's index, register, GRI and SDG
pages, and the page across years.

Every page carries the same header (years, the year's pages, its chapters), a
table of contents built from its headings, and a footer. Links are relative and
pages load nothing from the network, so the site works opened from disk
(``file://``) as well as served. The chapter pages are nbconvert's lab pages
through the template ``templates/nbconvert/appendix`` (which drops require.js,
MathJax, mermaid and the widget scripts the lab template would fetch from a CDN).

The build calls, in this order:

- :func:`export_chapter_html` for each chapter, into ``staging/reports/<chapter>.html``;
- :func:`write_year_index` once every chapter succeeded, with ``staging`` holding
  ``processed/``, ``figures/`` and ``reports/``: it writes the register, the metric
  export, the GRI and SDG indexes, the audit findings, the manifest and the year's pages;
- :func:`write_site_index` after publishing: the page across years, and the years
  menu of every published page (so a year built later appears in the menu of the others).
"""

from __future__ import annotations

import html
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from sustainability_appendix.chapters import CHAPTERS, Chapter
from sustainability_appendix.project import available_years, printed_dir, reports_dir
from sustainability_appendix.inputs.tables import find_input

TEMPLATES = Path(__file__).resolve().parent / "templates"
YEAR_PAGES = (
    ("index.html", "總覽 Overview"),
    ("register.html", "核對與稽核 Register and audit"),
    ("gri.html", "GRI 對照表 GRI index"),
    ("sdg.html", "SDG 指標 SDG table"),
)
TOC_MARK = "<!--appendix-toc-->"
_YEARS_NAV = re.compile(r"<!--years-nav-->.*?<!--/years-nav-->", re.S)
_HEADING = re.compile(r"<h([23])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)


# --- shared pieces ----------------------------------------------------------
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES / "site")), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)


def css() -> str:
    return (TEMPLATES / "site" / "appendix.css").read_text(encoding="utf-8")


STUB_MARK = '<meta name="appendix-stub" content="not built">'


def _is_stub(index: Path) -> bool:
    try:
        return STUB_MARK in index.read_text(encoding="utf-8")[:4000]
    except OSError:
        return False


def published_years(also: tuple[int, ...] = ()) -> list[int]:
    """Years with a built index page (plus ``also``), oldest first."""
    base = reports_dir()
    found = {int(p.name) for p in base.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)
             and (p / "index.html").exists() and not _is_stub(p / "index.html")} if base.is_dir() else set()
    return sorted(found | set(also))


def menu_years(year: int | None = None) -> list[int]:
    """The years of the menu: every reporting year with data (and ``year``). A year not built
    yet has a placeholder page (:func:`write_site_index`), so every entry leads somewhere."""
    return sorted(set(available_years()) | ({year} if year else set()) | set(published_years()))


def years_nav(years: list[int], current: int | None, root: str) -> Markup:
    current_mark = ' aria-current="page"'
    links = "".join(f'<a href="{root}{y}/index.html"{current_mark if y == current else ""}>{y}</a>' for y in years)
    return Markup(f"<!--years-nav-->{links}<!--/years-nav-->")


def header(year: int | None, current: str, chapters: tuple[Chapter, ...], years: list[int],
           in_year_folder: bool | None = None, year_menus: bool = True) -> Markup:
    in_year_folder = bool(year) if in_year_folder is None else in_year_folder
    root = "../" if in_year_folder else ""
    return Markup(_env().get_template("_header.html.j2").render(
        root=root, year=year if year_menus else None, current=current, chapters=chapters, year_pages=YEAR_PAGES,
        years_nav=years_nav(years, year, root)))


def set_years_nav(folder: Path, year: int, years: list[int]) -> None:
    """Give every page of a year's folder the same years menu (chapter pages may come from a cache)."""
    for page in sorted(Path(folder).glob("*.html")):
        text = page.read_text(encoding="utf-8")
        new = _YEARS_NAV.sub(lambda _: str(years_nav(years, year, "../")), text, count=1)
        if new != text:
            _write(page, new)


def footer(year: int | None) -> Markup:
    return Markup(_env().get_template("_footer.html.j2").render(year=year))


def _text(fragment: str) -> str:
    text = re.sub(r"<a class=\"anchor-link\".*?</a>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip()


_NUMERIC_CELL = re.compile(r'<td([^>]*?)class="([^"]*)"([^>]*)>(\s*[-+−]?[\d,]*\.?\d+\s*%?\s*)</td>')


def mark_numeric_cells(page: str) -> str:
    """Give table cells that hold a number the class ``num`` (right-aligned); text stays left-aligned."""
    return _NUMERIC_CELL.sub(lambda m: f'<td{m.group(1)}class="{m.group(2)} num"{m.group(3)}>{m.group(4)}</td>', page)


def add_alt_text(page: str, alt: str) -> str:
    """Images without alternative text get one (the chapter's figures have their caption below them)."""
    return re.sub(r"<img(?![^>]*\balt=)", f'<img alt="{html.escape(alt)}"', page)


def add_toc(page: str, title: str = "本頁目錄 On this page") -> str:
    """Replace the table-of-contents mark with links to the page's h2 and h3 headings."""
    items = [f'<li class="toc-h{level}"><a href="#{ident}">{html.escape(_text(inner))}</a></li>'
             for level, ident, inner in _HEADING.findall(page)]
    toc = (f'<aside class="toc" aria-label="{title}"><div class="toc-title">{title}</div>'
           f'<ol>{"".join(items)}</ol></aside>')
    return page.replace(TOC_MARK, toc, 1)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def _chapter(name: str, chapters: tuple[Chapter, ...]) -> Chapter | None:
    for c in chapters:
        if c.name == name:
            return c
    return None


# --- chapter pages ----------------------------------------------------------
def export_chapter_html(executed: Path, html_path: Path, show_code: bool, year: int, chapter: str) -> Path:
    """Export an executed chapter notebook to a page of the site; input cells hidden unless ``show_code``."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="appendix", extra_template_basedirs=[str(TEMPLATES / "nbconvert")])
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.language_code = "zh-Hant"
    for trait in ("mathjax_url", "require_js_url", "jquery_url", "mermaid_js_url", "mermaid_layout_elk_js_url",
                  "widget_renderer_url"):
        if exporter.has_trait(trait):
            setattr(exporter, trait, "")
    c = _chapter(chapter, CHAPTERS)
    title = f"{c.title if c else chapter} — {year} 計算附錄 Appendix"
    resources = {
        "metadata": {"name": title},
        "appendix": {
            "css": css(),
            "header": header(year, f"{chapter}.html", CHAPTERS, menu_years(year)),
            "footer": footer(year),
        },
    }
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4), resources=resources)
    body = add_alt_text(mark_numeric_cells(body), f"{c.title if c else chapter} 圖 figure ({year})")
    return _write(Path(html_path), add_toc(body, "本章目錄 In this chapter"))


# --- the year's pages -------------------------------------------------------
DOWNLOADS = (
    ("reconciliation.csv", "核對登錄表：每個報告印出的數值、重算值、差異、狀態、公式、輸入與來源 The reconciliation register"),
    ("metrics.csv", "本年度所有計算指標：數值、單位、GRI 揭露、公式、來源 Every computed figure of the year"),
    ("metrics.json", "同上，JSON 格式 The same, as JSON"),
    ("audit.csv", "稽核發現：比較了什麼、數字與說明 Audit findings"),
    ("gri_content_index.csv", "GRI 內容索引，由指標產生 The GRI content index, generated"),
    ("sdg_progress.csv", "永續指標進展表，由指標產生 The SDG indicator table, generated"),
    ("manifest.json", "建置紀錄：輸入檔 SHA-256、係數、參數、套件版本、git commit Provenance"),
)


def _metric_view(m: dict, data) -> dict:
    from sustainability_appendix.review.expressions import fmt_number

    chapter = m["metric"].split(".", 1)[0]
    value = m["value"]
    if value is None:
        shown = f"— ({m.get('missing_reason') or '無法計算 not computable'})"
    else:
        shown = f"{fmt_number(value)} {m['unit']}"
    page = data.chapter_page(chapter)
    if chapter == "sdg_indicators":
        page = f"sdg.html#metric-{m['metric_id']}"
    return {"metric": m["metric"], "metric_id": m["metric_id"], "label": m["label"], "shown": shown, "page": page,
            "unit": m["unit"], "source": m.get("inputs", m.get("source", ""))}


def write_year_index(year: int, staging: Path, chapters: tuple[Chapter, ...], show_code: bool | None = None) -> Path:
    """Write the year's register, exports, audit, manifest and pages into ``staging/reports``."""
    from sustainability_appendix.review import audit
    from sustainability_appendix.publish import manifest
    from sustainability_appendix.chapters import sdg_indicators
    from sustainability_appendix.review.gri_index import AVAILABILITY_LABELS, build_gri_index
    from sustainability_appendix.review.export import export_metrics, write_metrics
    from sustainability_appendix.present.outputs import write_csv
    from sustainability_appendix.review.reconcile import STATUS_LABELS
    from sustainability_appendix.review.register import build_register, status_counts
    from sustainability_appendix.review.sdg_table import CELL_LABELS, build_sdg_table
    from sustainability_appendix.review.results import SDG_CHAPTER, YearData, chapter_module

    staging = Path(staging)
    reports, processed, figures = staging / "reports", staging / "processed", staging / "figures"
    reports.mkdir(parents=True, exist_ok=True)
    data = YearData(year, chapters, processed)
    opened: dict[str, set[str]] = {}

    # which files each chapter reads: its calculation, run again here while tracing file opens
    for c in chapters:
        with manifest.tracing(c.name, opened):
            try:
                chapter_module(c.name).compute(year)
            except Exception:  # the notebook ran it successfully; a failure here only loses the trace
                pass
    factor_files = [p for p, labels in manifest.data_files(opened).items() if p.stem == "factors"
                    and p.parent.name == str(year)]
    data.factor_readers = sorted({label for p in factor_files for label in manifest.data_files(opened)[p]})

    with manifest.tracing("register, audit and index pages", opened):
        register = build_register(data)
        write_csv(register, reports / "reconciliation.csv")
        metrics = export_metrics(data)
        write_metrics(metrics, reports)
        gri = build_gri_index(data)
        write_csv(gri.frame(year), reports / "gri_content_index.csv")
        sdg = build_sdg_table(data)
        write_csv(sdg.frame(), reports / "sdg_progress.csv")
        findings = audit.run_checks(data, gri.codes if gri.rows else None)
        write_csv(audit.findings_frame(findings, year), reports / "audit.csv")
    for c in data.chapter_names:  # the printed figures each chapter is reconciled against
        path = find_input(printed_dir(year), c)
        if path.exists():
            opened.setdefault(str(path), set()).add(c)

    outputs = {}
    for folder, published in ((processed, f"data/processed/{year}"), (figures, f"figures/{year}")):
        for p in sorted(folder.iterdir()) if folder.is_dir() else []:
            if p.is_file():
                outputs[f"{published}/{p.name}"] = p
    for name in ("reconciliation.csv", "metrics.csv", "metrics.json", "audit.csv", "gri_content_index.csv",
                 "sdg_progress.csv"):
        outputs[f"reports/{year}/{name}"] = reports / name
    parameters = {"year": year, "chapters": ", ".join(c.name for c in chapters),
                  "show_code": "unknown" if show_code is None else bool(show_code)}
    man = manifest.build_manifest(year, opened, parameters, outputs, datetime.now(timezone.utc))
    manifest.write_manifest(man, reports / "manifest.json")

    # --- pages --------------------------------------------------------------
    years = menu_years(year)
    rec_counts = status_counts(register)
    audit_counts = audit.status_counts(findings)
    chapter_views = []
    for name in data.chapter_names:
        counts = status_counts(register[register["chapter"] == name])
        c = _chapter(name, chapters)
        chapter_views.append({
            "name": name, "title": data.chapter_title(name), "page": data.chapter_page(name),
            "sections": c.sections if c else sdg_indicators.SECTIONS, "counts": counts,
            "metrics": int((metrics["chapter"] == name).sum()),
        })
    common = dict(chapters=chapters, years=years)
    labels = dict(rec_labels=STATUS_LABELS, audit_labels=audit.STATUS_LABELS)

    gri_counts = {a: sum(1 for r in gri.rows if r.availability == a) for a in AVAILABILITY_LABELS}
    gri_summary = "、".join(f"{AVAILABILITY_LABELS[a]} {n}" for a, n in gri_counts.items() if n) or "—"
    sdg_cells = [c for r in sdg.rows for c in r.cells.values()]
    sdg_counts = {s: sum(1 for c in sdg_cells if c.status == s) for s in CELL_LABELS}
    sdg_summary = "、".join(f"{CELL_LABELS[s]} {n}" for s, n in sdg_counts.items() if n) or sdg.note or "—"

    _year_index(reports, year, common, labels, rec_counts, register, audit_counts, chapter_views, man, gri_summary,
                sdg_summary)

    def row_view(r):
        page = data.chapter_page(r["chapter"])
        if r["chapter"] == SDG_CHAPTER:
            page = "sdg.html#outcomes"
        return {**r, "page": page}

    register_rows = [row_view(r) for r in register.to_dict(orient="records")]
    attention = [r for r in register_rows if r["status"] in ("differs", "not_checkable")]
    checks = []
    for check_id, label in audit.CHECK_LABELS.items():
        mine = sorted((f for f in findings if f.check == check_id), key=lambda f: audit.STATUS_ORDER[f.status])
        checks.append({"id": check_id, "label": label,
                       "shown": [f for f in mine if f.status in (audit.FLAG, audit.INFO)],
                       "hidden": [f for f in mine if f.status not in (audit.FLAG, audit.INFO)]})
    _register_page(reports, year, common, labels, rec_counts, chapter_views, attention, register_rows,
                   audit_counts, checks)
    _gri_page(reports, year, common, gri, data)
    _sdg_page(reports, year, common, sdg, data, sdg_counts)
    set_years_nav(reports, year, years)
    return reports / "index.html"


def _year_index(reports, year, common, labels, rec_counts, register, audit_counts, chapter_views, man,
                gri_summary, sdg_summary) -> Path:
    page = _env().get_template("year_index.html.j2").render(
        title=f"{year} 計算附錄 Calculation appendix {year}", css=Markup(css()),
        header=header(year, "index.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        rec_counts=rec_counts, rec_total=len(register), audit_counts=audit_counts, chapters=chapter_views,
        downloads=DOWNLOADS, manifest=man, gri_summary=gri_summary, sdg_summary=sdg_summary, **labels)
    return _write(reports / "index.html", add_toc(page))


def _register_page(reports, year, common, labels, rec_counts, chapter_views, attention, register_rows,
                   audit_counts, checks) -> Path:
    page = _env().get_template("register.html.j2").render(
        title=f"{year} 核對與稽核 Register and audit", css=Markup(css()),
        header=header(year, "register.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        rec_counts=rec_counts, chapters=chapter_views, attention=attention, register=register_rows,
        audit_counts=audit_counts, checks=checks, **labels)
    return _write(reports / "register.html", add_toc(page))


def _gri_page(reports, year, common, gri, data) -> Path:
    from sustainability_appendix.review.gri_index import AVAILABILITY_LABELS

    metrics = data.metrics().to_dict(orient="records")
    groups, seen = [], {}
    for r in gri.rows:
        r.headline = [_metric_view({**m, "metric": m["metric"]}, data) if "shown" not in m else m for m in r.headline]
        r.tagged = [_metric_view(m, data) if "shown" not in m else m for m in r.tagged]
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
        from sustainability_appendix.review.gri_index import metric_codes

        for code in metric_codes(m["gri"]):
            if code not in codes:
                untagged.setdefault(code, []).append(_metric_view(m, data))
    counts = {a: sum(1 for r in gri.rows if r.availability == a) for a in AVAILABILITY_LABELS}
    page = _env().get_template("gri.html.j2").render(
        title=f"{year} GRI 內容索引 GRI content index", css=Markup(css()),
        header=header(year, "gri.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        report_year=gri.report_year or "—", note=gri.note, groups=groups, availability_labels=AVAILABILITY_LABELS,
        availability_counts=counts, untagged_codes=sorted(untagged.items()))
    return _write(reports / "gri.html", add_toc(page))


def _sdg_page(reports, year, common, sdg, data, counts) -> Path:
    from sustainability_appendix.review.sdg_table import CELL_LABELS
    from sustainability_appendix.review.results import SDG_CHAPTER

    goals = []
    for number, name, statement, en, rows in sdg.goals():
        for r in rows:
            for c in r.cells.values():
                c.links = []
                for ref in c.metrics:
                    base = ref.split("@", 1)[0]
                    chapter, metric_id = base.split(".", 1)
                    cyear = int(ref.split("@", 1)[1]) if "@" in ref else year
                    page = f"sdg.html#metric-{metric_id}" if chapter == SDG_CHAPTER else data.chapter_page(chapter)
                    if cyear == year:
                        c.links.append({"ref": base, "href": page})
                    elif (reports_dir(cyear) / "index.html").exists():
                        c.links.append({"ref": f"{base} ({cyear})", "href": f"../{cyear}/{page}"})
        goals.append({"sdg": number, "name": name, "statement": statement, "en": en, "rows": rows})
    outcomes = []
    for m in data.metrics().to_dict(orient="records"):
        if m["chapter"] == SDG_CHAPTER:
            v = _metric_view(m, data)
            v["anchor"] = f"metric-{m['metric_id']}"
            v["source"] = m["inputs"]
            outcomes.append(v)
    page = _env().get_template("sdg.html.j2").render(
        title=f"{year} 永續指標進展 SDG indicator progress", css=Markup(css()),
        header=header(year, "sdg.html", common["chapters"], common["years"]), footer=footer(year), year=year,
        report_year=sdg.report_year, note=sdg.note, goals=goals, years=sdg.years, cell_labels=CELL_LABELS,
        cell_counts=counts, outcomes=outcomes)
    return _write(reports / "sdg.html", add_toc(page))


# --- across years -----------------------------------------------------------
def _year_summary(y: int) -> dict:
    import json

    from sustainability_appendix.review.audit import STATUS_LABELS as AUDIT_LABELS
    from sustainability_appendix.review.register import STATUSES

    folder = reports_dir(y)
    out = {"year": y, "rec_counts": {}, "audit_counts": {}, "built_at": ""}
    rec = folder / "reconciliation.csv"
    if rec.exists():
        frame = pd.read_csv(rec, dtype=str, keep_default_na=False)
        counts = frame["status"].value_counts()
        out["rec_counts"] = {s: int(counts.get(s, 0)) for s in STATUSES}
    aud = folder / "audit.csv"
    if aud.exists():
        frame = pd.read_csv(aud, dtype=str, keep_default_na=False)
        counts = frame["status"].value_counts()
        out["audit_counts"] = {s: int(counts.get(s, 0)) for s in AUDIT_LABELS}
    man = folder / "manifest.json"
    if man.exists():
        try:
            out["built_at"] = json.loads(man.read_text(encoding="utf-8")).get("built_at", "")[:16].replace("T", " ")
        except ValueError:
            pass
    return out


def write_stub(year: int, years: list[int]) -> Path:
    """A placeholder ``reports/<year>/index.html`` for a year with data that is not built yet."""
    body = (f"<h1>{year} 年 尚未建置<br><span class=\"en\">{year}: not built yet</span></h1>\n"
            f"<p>本年度已有原始資料，但計算附錄尚未建置。The year has data but its appendix has not been built: "
            f"run <code>appendix build --year {year}</code>.</p>\n<h2 id=\"what\">下一步 Next</h2>\n"
            f"<p><a href=\"../index.html\">回到所有年度 Back to all years</a></p>\n")
    page = (f"<!DOCTYPE html>\n<html lang=\"zh-Hant\">\n<head>\n<meta charset=\"utf-8\">\n{STUB_MARK}\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{year} 尚未建置 Not built</title>\n<style>\n{css()}\n</style>\n</head>\n<body class=\"appendix\">\n"
            f"{header(year, '', CHAPTERS, years, in_year_folder=True, year_menus=False)}\n<div class=\"page\">\n"
            f"{TOC_MARK}\n<main class=\"content\">\n{body}</main>\n</div>\n{footer(None)}\n</body>\n</html>\n")
    return _write(reports_dir(year) / "index.html", add_toc(page))


def write_site_index() -> Path:
    from sustainability_appendix.review.audit import STATUS_LABELS as AUDIT_LABELS
    from sustainability_appendix.review.reconcile import STATUS_LABELS

    years = published_years()
    menu = menu_years()
    for y in menu:
        index = reports_dir(y) / "index.html"
        if y not in years and (not index.exists() or _is_stub(index)):
            write_stub(y, menu)
    summaries = [_year_summary(y) for y in reversed(years)]
    chapter_rows = []
    for c in CHAPTERS:
        cells = [f"{s['year']}/{c.name}.html" if (reports_dir(s["year"]) / f"{c.name}.html").exists() else ""
                 for s in summaries]
        chapter_rows.append({"title": c.title, "short": c.title.split(" ")[0], "cells": cells})
    page = _env().get_template("site_index.html.j2").render(
        title="計算附錄 Calculation appendix", css=Markup(css()), header=header(None, "index.html", CHAPTERS, menu),
        footer=footer(None), year=None, years=summaries, chapter_rows=chapter_rows, rec_labels=STATUS_LABELS,
        audit_labels=AUDIT_LABELS, not_built=[y for y in menu if y not in years])
    return _write(reports_dir() / "index.html", add_toc(page))


__all__ = ["export_chapter_html", "write_year_index", "write_site_index"]
