"""A chapter's page: its executed notebook exported into the site's frame.

The export uses nbconvert's lab template through ``templates/nbconvert/appendix``
(which drops require.js, MathJax, mermaid and the widget scripts the lab template
would fetch from a CDN), with input cells hidden unless ``show_code``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sustainability_appendix.chapters import CHAPTERS
from sustainability_appendix.chapters import chapter as chapter_entry
from sustainability_appendix.project import Project
from sustainability_appendix.publish.site import (
    TEMPLATES,
    _write,
    add_alt_text,
    add_toc,
    css,
    footer,
    header,
    mark_numeric_cells,
    menu_years,
)


@lru_cache(maxsize=2)
def _exporter(show_code: bool):
    """The HTML exporter, made once per setting (its templates are compiled on first use).
    The build exports one page at a time."""
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
    return exporter


def warm_up(show_code: bool) -> None:
    """Make the exporter and compile its templates now (while notebooks run elsewhere)."""
    import nbformat

    resources = {"metadata": {"name": ""}, "appendix": {"css": "", "header": "", "footer": ""}}
    _exporter(show_code).from_notebook_node(nbformat.v4.new_notebook(), resources=resources)


def export_chapter_html(project: Project, executed: Path, html_path: Path, show_code: bool, year: int,
                        chapter: str) -> Path:
    """Export an executed chapter notebook to a page of the site."""
    import nbformat

    exporter = _exporter(show_code)
    title = chapter_entry(chapter).title
    resources = {
        "metadata": {"name": f"{title} — {year} 計算附錄 Appendix"},
        "appendix": {
            "css": css(),
            "header": header(year, f"{chapter}.html", CHAPTERS, menu_years(project, year)),
            "footer": footer(year),
        },
    }
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4), resources=resources)
    body = add_alt_text(mark_numeric_cells(body), f"{title} 圖 figure ({year})")
    return _write(Path(html_path), add_toc(body, "本章目錄 In this chapter"))
