"""The appendix as a site: the pieces every page shares, and the pages across years.

Every page carries the same header (years, the year's pages, its chapters), a
table of contents built from its headings, and a footer. Links are relative and
pages load nothing from the network, so the site works opened from disk
(``file://``) as well as served. :mod:`.chapter_pages` exports the chapter
notebooks into this frame, :mod:`.year_pages` writes a year's pages from its
review, and :func:`write_site_index` the page across years (and the years menu of
every published page, so a year built later appears in the menu of the others).
"""

from __future__ import annotations

import bisect
import contextlib
import html
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from sustainability_appendix.chapters import CHAPTERS, Chapter, chapter_number
from sustainability_appendix.project import Project

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
@lru_cache(maxsize=1)
def _env():
    """The templates' environment, made once (a template is compiled on its first use only)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES / "site")), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)


def css() -> str:
    return (TEMPLATES / "site" / "appendix.css").read_text(encoding="utf-8")


STUB_MARK = '<meta name="appendix-stub" content="not built">'  # placeholders of earlier versions


def _is_stub(index: Path) -> bool:
    try:
        return STUB_MARK in index.read_text(encoding="utf-8")[:4000]
    except OSError:
        return False


def page_chapters(chapters: tuple[Chapter, ...] = CHAPTERS) -> tuple[Chapter, ...]:
    """The chapters that have a page of their own (the menus list them)."""
    return tuple(c for c in chapters if c.notebook)


def published_years(project: Project, also: tuple[int, ...] = ()) -> list[int]:
    """Years with a built index page (plus ``also``), oldest first."""
    base = project.reports_dir()
    found = {int(p.name) for p in base.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)
             and (p / "index.html").exists() and not _is_stub(p / "index.html")} if base.is_dir() else set()
    return sorted(found | set(also))


def menu_years(project: Project, year: int | None = None) -> list[int]:
    """The years of the menu: the years published (and ``year``, being published). A year with data
    that is not built yet is not a link: the page across years names it."""
    return sorted(set(published_years(project)) | ({year} if year else set()))


def years_nav(years: list[int], current: int | None, root: str) -> Markup:
    current_mark = ' aria-current="page"'
    links = "".join(f'<a href="{root}{y}/index.html"{current_mark if y == current else ""}>{y}</a>' for y in years)
    return Markup(f"<!--years-nav-->{links}<!--/years-nav-->")


def header(year: int | None, current: str, chapters: tuple[Chapter, ...], years: list[int],
           in_year_folder: bool | None = None, year_menus: bool = True) -> Markup:
    in_year_folder = bool(year) if in_year_folder is None else in_year_folder
    root = "../" if in_year_folder else ""
    return Markup(_env().get_template("_header.html.j2").render(
        root=root, year=year if year_menus else None, current=current, chapters=page_chapters(chapters),
        year_pages=YEAR_PAGES,
        years_nav=years_nav(years, year, root)))


def set_years_nav(folder: Path, year: int, years: list[int], pages: Iterable[Path] | None = None) -> None:
    """Give every page of a year's folder (or the ``pages`` named) the same years menu (chapter pages
    may come from a cache)."""
    for page in sorted(Path(folder).glob("*.html")) if pages is None else pages:
        text = page.read_text(encoding="utf-8")
        new = _YEARS_NAV.sub(lambda _: str(years_nav(years, year, "../")), text, count=1)
        if new != text:
            _write(page, new)


def footer(year: int | None) -> Markup:
    return Markup(_env().get_template("_footer.html.j2").render(year=year))


def _text(fragment: str) -> str:
    text = re.sub(r"<a class=\"anchor-link\".*?</a>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip()


def add_toc(page: str, title: str = "本頁目錄 On this page") -> str:
    """Replace the table-of-contents mark with links to the page's h2 and h3 headings."""
    items = [f'<li class="toc-h{level}"><a href="#{ident}">{html.escape(_text(inner))}</a></li>'
             for level, ident, inner in _HEADING.findall(page)]
    toc = (f'<aside class="toc" aria-label="{title}"><details open><summary class="toc-title">{title}</summary>'
           f'<ol>{"".join(items)}</ol></details></aside>')
    return page.replace(TOC_MARK, toc, 1)


_SOURCE_PATH = re.compile(r"data/(?:raw|printed|reference)/[\w./-]+?\.(?:csv|xlsx)")
_LEFT_ALONE = re.compile(r"<(/?)(a|script|style)\b", re.I)  # text inside these is not linked


def link_paths(page: str, published: Mapping[str, object]) -> str:
    """Every mention of a published input file (``data/raw/2025/quantities.csv``) in a page's text
    becomes a link to the copy published beside the page; text inside tags, links, scripts and
    styles is left alone. (Only the mentions are visited, not every tag: pages are large.)"""
    found = [m for m in _SOURCE_PATH.finditer(page) if m.group(0) in published]
    if not found:
        return page
    # where each <a>, <script> and <style> opens and closes, to tell whether a mention is inside one
    bounds: dict[str, tuple[list[int], list[int]]] = {}
    for m in _LEFT_ALONE.finditer(page):
        opened, closed = bounds.setdefault(m.group(2).lower(), ([], []))
        (closed if m.group(1) else opened).append(m.start())

    def last(positions: list[int], pos: int) -> int:
        i = bisect.bisect_left(positions, pos)
        return positions[i - 1] if i else -1

    def inside(pos: int) -> bool:
        if page.rfind("<", 0, pos) > page.rfind(">", 0, pos):  # in a tag (an attribute's value)
            return True
        return any(last(opened, pos) > last(closed, pos) for opened, closed in bounds.values())

    out, done = [], 0
    for m in found:
        if inside(m.start()):
            continue
        out += [page[done:m.start()], f'<a class="source" href="{m.group(0)}">{m.group(0)}</a>']
        done = m.end()
    out.append(page[done:])
    return "".join(out)


def link_sources(folder: Path, published: Mapping[str, object], pages: Iterable[Path] | None = None) -> None:
    """:func:`link_paths` on every page of a year's folder (or on the ``pages`` named)."""
    for page in sorted(Path(folder).glob("*.html")) if pages is None else pages:
        text = page.read_text(encoding="utf-8")
        new = link_paths(text, published)
        if new != text:
            _write(page, new)


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


# --- across years -----------------------------------------------------------
def _year_summary(project: Project, y: int) -> dict:
    """A published year's counts, from its downloads (the page across years reads no input)."""
    import json

    from sustainability_appendix.review.audit import STATUS_LABELS as AUDIT_LABELS
    from sustainability_appendix.review.register import STATUSES

    folder = project.reports_dir(y)
    out = {"year": y, "rec_counts": {}, "audit_counts": {}, "built_at": "", "awaiting": 0, "pdf": ""}
    rec = folder / "reconciliation.csv"
    reconciled: set[str] = set()
    if rec.exists():
        frame = pd.read_csv(rec, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        counts = frame["status"].value_counts()
        out["rec_counts"] = {s: int(counts.get(s, 0)) for s in (*STATUSES, *(s for s in counts.index
                                                                               if s not in STATUSES))}
        reconciled = set(frame["chapter"])
    metrics = folder / "metrics.csv"
    if metrics.exists():
        frame = pd.read_csv(metrics, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        out["awaiting"] = int(((frame["value"] != "") & ~frame["chapter"].isin(reconciled)).sum())
    aud = folder / "audit.csv"
    if aud.exists():
        frame = pd.read_csv(aud, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        counts = frame["status"].value_counts()
        out["audit_counts"] = {s: int(counts.get(s, 0)) for s in AUDIT_LABELS}
    man = folder / "manifest.json"
    if man.exists():
        with contextlib.suppress(ValueError):  # a damaged manifest: no build time shown
            out["built_at"] = json.loads(man.read_text(encoding="utf-8")).get("built_at", "")[:16].replace("T", " ")
    if (folder / f"appendix-{y}.pdf").is_file():
        out["pdf"] = f"appendix-{y}.pdf"
    return out


def write_site_index(project: Project) -> Path:
    from sustainability_appendix.review.audit import STATUS_LABELS as AUDIT_LABELS
    from sustainability_appendix.review.reconcile import STATUS_LABELS

    for y in project.years():  # placeholders an earlier version wrote for years not built
        index = project.reports_dir(y) / "index.html"
        if _is_stub(index):
            index.unlink()
    years = published_years(project)
    menu = menu_years(project)
    for y in years:
        set_years_nav(project.reports_dir(y), y, menu)
    summaries = [_year_summary(project, y) for y in reversed(years)]
    chapter_rows = []
    for c in page_chapters():
        cells = [f"{s['year']}/{c.name}.html" if (project.reports_dir(s["year"]) / f"{c.name}.html").exists() else ""
                 for s in summaries]
        chapter_rows.append({"title": c.title, "short": c.title.split(" ")[0], "cells": cells,
                             "number": chapter_number(c.name)})
    page = _env().get_template("site_index.html.j2").render(
        title="計算附錄 Calculation appendix", css=Markup(css()), header=header(None, "index.html", CHAPTERS, menu),
        footer=footer(None), year=None, years=summaries, chapter_rows=chapter_rows, rec_labels=STATUS_LABELS,
        audit_labels=AUDIT_LABELS, not_built=[y for y in project.years() if y not in years])
    return _write(project.reports_dir() / "index.html", add_toc(page))


__all__ = ["write_site_index", "header", "footer", "css", "add_toc", "menu_years", "page_chapters"]
