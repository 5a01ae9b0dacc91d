"""The appendix of a year as one PDF: ``reports/<year>/appendix-<year>.pdf``.

It is printed by headless Chromium (Debian's ``chromium``, driven by Playwright;
never a browser Playwright downloads) from one document made of the year's
published pages: a cover, a table of contents with page numbers, the overview,
the register and audit, the chapters in order, the GRI index and the SDG table.
Every page's footer carries the build's date, the commit and the digest of the
input files, and the page number. The pages' own print style sheet does the rest:
headers repeat on every page, folded sections print unfolded, a figure stays with
its caption, and a table too wide for a portrait page gets a landscape page.

The table of contents needs the page each part starts on, which only printing
tells: the document is printed with the numbers of the last print of the year
(or none), ``pdftotext`` reads where each part starts, and only if a number
changed is it printed again, from the page already loaded. Without ``pdftotext``
the contents list the parts without numbers (the PDF's bookmarks have them).

A PDF is reused when nothing it shows changed (its key leaves out only the date).
Without Chromium the build says so in one line and publishes the HTML alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ENV = "APPENDIX_CHROMIUM"  # another Chromium executable
PDF_ENV = "APPENDIX_PDF"  # "0": build without the PDF
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 # one process, no extensions, no shared-memory files: about half the memory for printing
                 "--single-process", "--no-zygote", "--disable-extensions", "--disable-dev-shm-usage",
                 "--disable-software-rasterizer"]
FORMAT = 1  # the layout of the print document; a change makes every PDF again
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "site"


def wanted() -> bool:
    """Whether builds make the PDF (``APPENDIX_PDF=0`` turns it off)."""
    return os.environ.get(PDF_ENV, "1").strip().lower() not in ("0", "no", "false", "off")


def chromium_path() -> Path | None:
    """The Chromium to print with: ``$APPENDIX_CHROMIUM`` if set, else Debian's, else one on the PATH."""
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    if configured:
        candidates = [Path(configured)]
    else:
        candidates = [CHROMIUM, *(Path(p) for p in map(shutil.which, ("chromium", "chromium-browser")) if p)]
    return next((p for p in candidates if p.is_file() and os.access(p, os.X_OK)), None)


def unavailable() -> str | None:
    """Why no PDF can be printed here, or None."""
    path = chromium_path()
    if path is None:
        return f"Chromium not found ({os.environ.get(CHROMIUM_ENV) or CHROMIUM}; install it: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    return None


# --- the printer: one Chromium per build, in a thread of its own -------------------------------------
class Printer:
    """Headless Chromium, started in the background when the build begins (so its start-up overlaps the
    notebooks) and used by one thread only, as Playwright's sync API requires."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="pdf-printer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        browser = error = None
        try:
            from playwright.sync_api import sync_playwright

            manager = sync_playwright().start()
            browser = manager.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS,
                                              headless=True)
        except Exception as exc:  # noqa: BLE001 - reported with the job that needed it
            error, manager = exc, None
        while True:
            job = self._jobs.get()
            if job is None:
                break
            work, future = job
            if browser is None:
                future.set_exception(RuntimeError(f"Chromium did not start: {type(error).__name__}: {error}"))
                continue
            try:
                future.set_result(work(browser))
            except Exception as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)
        if browser is not None:
            browser.close()
        if manager is not None:
            manager.stop()

    def run(self, work):
        """Run ``work(browser)`` in the printer's thread and return its result."""
        future: Future = Future()
        self._jobs.put((work, future))
        return future.result()

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)


# --- the print document -----------------------------------------------------------------------
@dataclass
class Part:
    ident: str  # the id of its section in the document
    mark: str  # the line that opens its first page (how the page is found again in the PDF)
    title: str  # its entry in the table of contents
    body: str  # its content (the page's main element)
    number: int | None = None  # a chapter's number


_MAIN = re.compile(r'<main class="content">(.*)</main>', re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\bhref="([^"]*)"')


def _relink(body: str, page: str, pages: set[str]) -> str:
    """Ids of one page made unique in the document, links between pages made links within it; a link to
    a file (a download, an input file) keeps its text and loses its target, which a PDF cannot open."""
    body = _ID.sub(lambda m: f'id="{page}--{m.group(1)}"', body)

    def href(m: re.Match) -> str:
        target = m.group(1)
        if target.startswith(("http://", "https://", "mailto:")):
            return m.group(0)
        path, _, fragment = target.partition("#")
        path = path.split("?", 1)[0]
        if not path:
            return f'href="#{page}--{fragment}"' if fragment else 'href="#"'
        name = path[:-5] if path.endswith(".html") else None
        if name in pages:
            return f'href="#{name}--{fragment}"' if fragment else f'href="#{name}"'
        return f'data-href="{target}"'

    return _HREF.sub(href, body)


def parts_of(reports: Path, year: int, chapters) -> list[Part]:
    """The year's pages in the order of the PDF."""
    from sustainability_appendix.chapters import chapter_number

    order = [("index", "總覽 Overview", None), ("register", "核對與稽核 Register and audit", None)]
    order += [(c.name, c.title, chapter_number(c.name)) for c in chapters if c.notebook]
    order += [("gri", "GRI 內容索引 GRI content index", None), ("sdg", "永續指標進展 SDG indicator progress", None)]
    pages = {name for name, _, _ in order}
    parts = []
    for name, title, number in order:
        path = Path(reports) / f"{name}.html"
        if not path.is_file():
            continue
        found = _MAIN.search(path.read_text(encoding="utf-8"))
        body = _relink(found.group(1) if found else "", name, pages)
        mark = f"{year} 計算附錄 · 第 {number} 章 {title}" if number else f"{year} 計算附錄 · {title}"
        parts.append(Part(name, mark, f"第 {number} 章 {title}" if number else title, body, number))
    return parts


def document(parts: list[Part], year: int, cover: dict, pages: dict[str, int] | None) -> str:
    """The print document: cover, contents (with ``pages``, the page each part starts on, when known),
    then the parts, each on new pages."""
    from markupsafe import Markup

    from sustainability_appendix.publish.site import _env, css

    return _env().get_template("print.html.j2").render(
        css=Markup(css()), footer=Markup(footer_css(year, cover)), year=year, cover=cover, parts=parts,
        body=lambda p: Markup(p.body), pages=pages or {}, numbered=pages is not None)


def key_of(parts: list[Part], cover: dict) -> str:
    """What the PDF shows, apart from the date it was made."""
    from sustainability_appendix.publish.site import css

    h = hashlib.sha256(json.dumps({"format": FORMAT, "cover": {k: v for k, v in cover.items() if k != "built_at"},
                                   "css": css(), "print": (TEMPLATE_DIR / "print.html.j2").read_text(encoding="utf-8")},
                                  sort_keys=True, ensure_ascii=False).encode())
    for p in parts:
        h.update(f"\x00{p.ident}\x00{p.mark}\x00".encode())
        h.update(p.body.encode())
    return h.hexdigest()


def footer_css(year: int, cover: dict) -> str:
    """The footer of every page, as CSS page-margin boxes: date, commit and input digest on the left, the
    page number of the whole document on the right (cheaper to print than Chromium's footer template)."""
    def string(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    left = (f"高雄市政府勞工局 {year} 計算附錄 · 建置 built {cover['built_at']} · commit {cover['commit_short']}"
            f" · 輸入 inputs SHA-256 {cover['inputs_short']}")
    style = "font-family: 'Noto Sans CJK TC', 'Noto Sans CJK JP', sans-serif; font-size: 6.5pt; color: #52606d;"
    boxes = (f"@bottom-left {{ content: {string(left)}; {style} }} "
             f"@bottom-right {{ content: '第 ' counter(page) ' 頁 / 共 ' counter(pages) ' 頁'; {style} }}")
    return f"@page {{ {boxes} }}\n@page wide {{ {boxes} }}"


# --- finding the parts in the printed PDF -------------------------------------------------------------
def pdftotext() -> str | None:
    return shutil.which("pdftotext")


def page_texts(pdf: Path, first: int | None = None, last: int | None = None) -> list[str]:
    """The text of each page of a PDF, or of pages ``first`` to ``last`` (``pdftotext``)."""
    pages = ["-f", str(first), "-l", str(last or first)] if first else []
    done = subprocess.run([pdftotext() or "pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"], capture_output=True,
                          check=True, timeout=120)
    return done.stdout.decode("utf-8", "replace").split("\f")


def page_count(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", Path(pdf).read_bytes()))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _opens_with(text: str, mark: str) -> bool:
    return _squeeze(text).startswith(_squeeze(mark))


def confirmed(pdf: Path, parts: list[Part], pages: dict[str, int]) -> bool:
    """Whether each part starts on the page ``pages`` says (reading those pages only)."""
    return all(pages.get(p.ident) and _opens_with(page_texts(pdf, pages[p.ident])[0], p.mark) for p in parts)


def start_pages(texts: list[str], parts: list[Part]) -> dict[str, int]:
    """The page (from 1) each part starts on: the first page, after the previous part's, that opens
    with the part's mark."""
    found, page = {}, 0
    for part in parts:
        for i in range(page, len(texts)):
            if _opens_with(texts[i], part.mark):
                found[part.ident] = i + 1
                page = i + 1
                break
    return found


# --- printing a year -----------------------------------------------------------------------------
@dataclass
class Made:
    path: Path
    reused: bool
    prints: int = 0
    pages: int = 0
    seconds: float = 0.0


def cover_of(manifest: dict, review) -> dict:
    git = manifest.get("git", {})
    commit = git.get("commit", "") if git.get("available") else ""
    if commit and git.get("modified_files"):
        commit += "（含未提交修改 with uncommitted changes）"
    counts = [(label, review.register_counts.get(status, 0)) for status, label in _status_labels().items()]
    return {
        "built_at": manifest["built_at"].replace("T", " ")[:16] + " UTC",
        "commit": commit or "無 git 紀錄 no git commit",
        "commit_short": (git.get("commit", "")[:12] if commit else "—"),
        "inputs_sha256": manifest["inputs_sha256"],
        "inputs_short": manifest["inputs_sha256"][:16],
        "inputs": len(manifest["inputs"]),
        "counts": [(label, n) for label, n in counts if n],
        "figures": len(review.register),
        "awaiting": sum(review.awaiting.values()),
        "code_sha256": manifest.get("code_sha256", ""),
    }


def _status_labels() -> dict[str, str]:
    from sustainability_appendix.review.reconcile import STATUS_LABELS
    from sustainability_appendix.review.register import STATUSES

    return {s: STATUS_LABELS[s] for s in STATUSES}


def write_year_pdf(printer: Printer | None, reports: Path, year: int, chapters, manifest: dict, review,
                   cache_folder: Path, work: Path) -> Made | None:
    """Make ``reports/appendix-<year>.pdf`` (reused from ``cache_folder`` when what it shows is unchanged).
    Returns None when it cannot be made here (no printer)."""
    import time

    start = time.perf_counter()
    target = Path(reports) / f"appendix-{year}.pdf"
    parts = parts_of(reports, year, chapters)
    cover = cover_of(manifest, review)
    key = key_of(parts, cover)
    record_path = cache_folder / "pdf.json"
    cached_pdf = cache_folder / "appendix.pdf"
    record = {}
    if record_path.is_file():
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except ValueError:
            record = {}
    if record.get("key") == key and cached_pdf.is_file():
        shutil.copyfile(cached_pdf, target)
        return Made(target, True, 0, record.get("page_count", 0), time.perf_counter() - start)
    if printer is None:
        return None
    known = {p.ident: record.get("pages", {}).get(p.ident) for p in parts}
    counting = pdftotext() is not None
    predicted = {k: v for k, v in known.items() if v} if counting else None
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"appendix-{year}.html"
    source.write_text(document(parts, year, cover, predicted), encoding="utf-8")

    def render(browser):
        page = browser.new_page()
        try:
            page.goto(source.as_uri(), wait_until="load")
            page.evaluate("window.appendixPrepareForPrint && window.appendixPrepareForPrint()")
            prints = 0
            while True:
                page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True,
                         outline=True)
                prints += 1
                if not counting:
                    return prints, {}
                if confirmed(target, parts, predicted):  # the contents' numbers were right
                    return prints, dict(predicted)
                pages = start_pages(page_texts(target), parts)
                if pages == predicted or prints >= 3:
                    return prints, pages
                predicted.clear()
                predicted.update(pages)
                page.evaluate("""(pages) => document.querySelectorAll('[data-toc-page]').forEach(e => {
                    e.textContent = pages[e.dataset.tocPage] || ''; })""", pages)
        finally:
            page.close()

    prints, pages = printer.run(render)
    count = page_count(target)
    cache_folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target, cached_pdf)
    record_path.write_text(json.dumps({"key": key, "pages": pages, "page_count": count}, indent=1),
                           encoding="utf-8")
    return Made(target, False, prints, count, time.perf_counter() - start)
