"""The appendix as pages: the index page of each year and the one across years."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .chapters import Chapter
from .paths import available_years, reports_dir
from .reconcile import STATUS_LABELS

STYLE = """
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif;
       max-width: 960px; margin: 2rem auto; padding: 0 1rem; color: #1f2933; line-height: 1.6; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d9e2ec; padding: .4rem .6rem; text-align: left; }
th { background: #f0f4f8; }
a { color: #0b5cad; }
"""


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"zh-Hant\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def export_chapter_html(executed: Path, html_path: Path, show_code: bool, year: int, chapter: str) -> Path:
    """Export an executed chapter notebook to HTML; input cells hidden unless ``show_code``."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def write_year_index(year: int, staging: Path, chapters: tuple[Chapter, ...]) -> Path:
    rows = []
    for c in chapters:
        rec_path = staging / "processed" / f"{c.name}__reconciliation.csv"
        counts = ""
        if rec_path.exists():
            rec = pd.read_csv(rec_path, dtype=str, keep_default_na=False)
            counts = "、".join(f"{STATUS_LABELS[s]} {n}" for s, n in rec["status"].value_counts().sort_index().items())
        rows.append(f"<tr><td><a href=\"{c.name}.html\">{html.escape(c.title)}</a></td>"
                    f"<td>{html.escape(c.sections)}</td><td>{html.escape(counts) or '—'}</td></tr>")
    body = (f"<h1>高雄市政府勞工局 {year} 年淨零永續報告書 計算附錄</h1>\n"
            f"<p>Calculation appendix of the Labor Affairs Bureau, Kaohsiung City Government — reporting year {year}</p>\n"
            f"<p><a href=\"../index.html\">所有年度 All years</a></p>\n"
            "<table>\n<tr><th>章節 Chapter</th><th>報告章節 Report sections</th>"
            "<th>與報告核對 Reconciliation</th></tr>\n" + "\n".join(rows) + "\n</table>\n")
    path = staging / "reports" / "index.html"
    path.write_text(_page(f"{year} 計算附錄 Appendix", body), encoding="utf-8")
    return path


def write_site_index() -> Path:
    years = [y for y in available_years() if (reports_dir(y) / "index.html").exists()]
    items = "\n".join(f"<li><a href=\"{y}/index.html\">{y} 年 reporting year {y}</a></li>" for y in reversed(years))
    body = ("<h1>高雄市政府勞工局 淨零永續報告書 計算附錄</h1>\n"
            "<p>Calculation appendix of the Net-Zero Sustainability Report, Labor Affairs Bureau, Kaohsiung City Government</p>\n"
            f"<ul>\n{items}\n</ul>\n")
    path = reports_dir() / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_page("計算附錄 Appendix", body), encoding="utf-8")
    return path
