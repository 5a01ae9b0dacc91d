"""A chapter's page: its executed notebook in the site's own template.

The page is made from the notebook's cells, not by nbconvert's Jupyter template:
the same look and style sheet as the other pages and nothing of Jupyter's CSS.
What each cell becomes:

- a Markdown cell, or a Markdown output (``nb.md``): HTML, with any HTML in the
  text shown as text (an input's value interpolated into the narrative cannot
  become markup), images only from inside the page, headings with ids for the
  table of contents;
- an HTML output: as it is (tables, figures and notes are made, escaped, by
  :mod:`sustainability_appendix.present.html`; pandas escapes its own tables);
- an image output: an image with an alternative text;
- anything else is the notebook's working, not the page: printed lines, a
  value's ``repr`` (``PosixPath(...)``), warnings. They are left out;
- code cells only with ``show_code``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from sustainability_appendix.chapters import CHAPTERS, chapter_number
from sustainability_appendix.chapters import chapter as chapter_entry
from sustainability_appendix.present.html import esc
from sustainability_appendix.project import Project
from sustainability_appendix.publish.site import _env, _write, add_toc, css, footer, header, menu_years

_SLUG_DROP = re.compile(r"[^\w\u3400-\u9fff-]+")


@lru_cache(maxsize=1)
def _markdown():
    """CommonMark with tables; raw HTML is escaped and unsafe links refused (markdown-it's defaults
    with ``html`` off)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"])

    def image(self, tokens, idx, options, env):
        token = tokens[idx]
        src = token.attrGet("src") or ""
        alt = self.renderInlineAsText(token.children or [], options, env)
        if not str(src).startswith("data:image/"):
            return esc(alt)  # nothing is loaded from elsewhere: the page works offline
        return f'<img src="{esc(src)}" alt="{esc(alt)}">'

    md.add_render_rule("image", image)
    return md


class _Slugs:
    """Unique heading ids of one page."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = _SLUG_DROP.sub("", re.sub(r"\s+", "-", text.strip())).strip("-").lower() or "section"
        n = self.seen.get(base, 0)
        self.seen[base] = n + 1
        return base if n == 0 else f"{base}-{n}"


def render_markdown(text: str, slugs: _Slugs | None = None) -> str:
    """Markdown as HTML for the page: headings get ids, HTML in the text stays text."""
    md = _markdown()
    env: dict = {}
    tokens = md.parse(text, env)
    slugs = slugs or _Slugs()
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            token.attrSet("id", slugs(tokens[i + 1].content))
    return md.renderer.render(tokens, md.options, env)


def _source(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _output_html(output: dict, slugs: _Slugs, alt: str) -> str:
    """One output of a code cell on the page, or nothing (see the module's docstring)."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return ""  # printed lines, warnings, errors
    data = output.get("data", {})
    if "text/html" in data:
        return _source(data["text/html"])
    if "text/markdown" in data:
        return render_markdown(_source(data["text/markdown"]), slugs)
    for mime in ("image/png", "image/jpeg", "image/svg+xml"):
        if mime in data:
            payload = _source(data[mime]).strip()
            if mime == "image/svg+xml":
                import base64

                payload = base64.b64encode(payload.encode("utf-8")).decode("ascii")
            return f'<figure class="chart"><img src="data:{mime};base64,{payload}" alt="{esc(alt)}"></figure>'
    return ""  # a plain-text repr: the notebook's working, not the page


def notebook_body(notebook: dict, show_code: bool, alt: str) -> str:
    """The page's content from an executed notebook (its JSON)."""
    slugs = _Slugs()
    parts = []
    for cell in notebook.get("cells", []):
        kind = cell.get("cell_type")
        if kind == "markdown":
            parts.append(render_markdown(_source(cell.get("source")), slugs))
        elif kind == "code":
            if show_code and _source(cell.get("source")).strip():
                parts.append(f'<pre class="code"><code>{esc(_source(cell.get("source")))}</code></pre>')
            for output in cell.get("outputs", []):
                parts.append(_output_html(output, slugs, alt))
    return "\n".join(p for p in parts if p)


def warm_up(show_code: bool = False) -> None:
    """Compile the page template and the Markdown renderer now (while notebooks run elsewhere)."""
    _env().get_template("chapter.html.j2")
    render_markdown("# warm")


def export_chapter_html(project: Project, executed: Path, html_path: Path, show_code: bool, year: int,
                        chapter: str) -> Path:
    """Export an executed chapter notebook to a page of the site."""
    entry = chapter_entry(chapter)
    number = chapter_number(chapter)
    notebook = json.loads(Path(executed).read_text(encoding="utf-8"))
    body = notebook_body(notebook, show_code, f"{entry.title} 圖 figure ({year})")
    page = _env().get_template("chapter.html.j2").render(
        title=f"{number} {entry.title} — {year} 計算附錄 Appendix", css=Markup(css()),
        header=header(year, f"{chapter}.html", CHAPTERS, menu_years(project, year)), footer=footer(year),
        year=year, number=number, chapter=entry, body=Markup(body))
    return _write(Path(html_path), add_toc(page, "本章目錄 In this chapter"))
