"""The published appendix in a real browser: headless Chromium driven by Playwright.

Every page of a freshly built site (all years) is opened from disk (``file://``)
and from a local ``http.server`` on 127.0.0.1, and must: load without console
errors or failed requests, request nothing from another host, decode every image
and give it a real alternative text, show Traditional Chinese, carry the
navigation, fit a laptop screen with every column of every table in view, show
no notebook leftovers (reprs, ``True``/``False``, ``-0.00``, developer lines,
build commands), carry no Jupyter style sheet, and link only to pages, anchors
and files that exist. On a phone the first screen shows the page's heading.
Printing keeps every column (the PDF's text is read back with ``pdftotext``),
the year's PDF has its cover, contents, footers and every register row, the
register filters from disk, and no markup typed into any input file becomes an
element or a script on any page. One screenshot per page is saved under
``build/screenshots/<mode>/<year>/`` (or ``$APPENDIX_SCREENSHOTS``) for a person
to look at.

Chromium is Debian's (``apt-get install chromium``), never a browser Playwright
downloads. Without ``/usr/bin/chromium`` the tests are skipped, except in CI
(``CI=true``), where they fail.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pytest

from sustainability_appendix.publish.pdf import unavailable as pdf_unavailable

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
YEARS = (2023, 2024, 2025)
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _require_browser() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is not installed (apt-get install chromium)"
    elif pdf_unavailable():
        missing = pdf_unavailable()  # the year's PDF is printed by Chromium's headless shell
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    if missing is None:
        return
    if IN_CI:
        pytest.fail(f"browser tests must run in CI (CI=true) but {missing}; .ci/run installs it")
    pytest.skip(f"browser tests need headless Chromium: {missing}")


def screenshot_dir() -> Path:
    return Path(os.environ.get("APPENDIX_SCREENSHOTS") or ROOT / "build" / "screenshots")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Every year built into a throw-away copy of the project; its ``reports`` folder."""
    _require_browser()
    from conftest import copy_project

    from sustainability_appendix.publish.build import build

    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    # the earlier years first, without their PDFs; publishing the last one then renews their menus
    reports = [build(project, list(YEARS[:-1]), jobs=2, pdf=False), build(project, [YEARS[-1]], jobs=2, pdf=True)]
    failed = [f"{y.year}: {y.failure_message()}" for r in reports for y in r.years if y.failed]
    assert not failed, failed
    assert reports[-1].years[0].pdf.startswith("printed"), reports[-1].years[0].pdf
    yield project.reports_dir()


@pytest.fixture(scope="module")
def server(site):
    handler = partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _pages(site: Path) -> list[Path]:
    """The site's pages (not the input files published beside them)."""
    return sorted(p for p in site.rglob("*.html") if "data" not in p.relative_to(site).parts)


LEFTOVERS = re.compile(r"PosixPath\(|WindowsPath\(|No description has been provided|<IPython\.|<Figure size|"
                       r"Label overlap check|appendix build|make appendix|Traceback \(most recent|(?<![\d.])-0\.0+(?!\d)|"
                       r"(?<![\w-])(?:True|False|nan|NaN)(?![\w-])")
BAD_CELLS = {"True", "False", "nan", "NaN", "None", "NaT", "<NA>"}
PAGE_FACTS = """() => ({
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  alts: Array.from(document.images).map(i => [i.getAttribute('alt'), i.currentSrc.slice(0, 30)]),
  cells: Array.from(document.querySelectorAll('td, th')).map(c => c.innerText.trim()),
  tables: Array.from(document.querySelectorAll('table')).map(t => {
    const box = t.closest('.table-wrap') || t.parentElement;
    return [t.scrollWidth, box.clientWidth, (t.querySelector('caption, th') || {}).innerText || ''];
  }),
})"""


def _local(url: str, base: str | None) -> bool:
    scheme = urlparse(url).scheme
    if scheme in ("data", "blob", "about", "file"):
        return True
    return base is not None and url.startswith(base)


def _resolves(url: str, base: str | None, cache: dict[str, bool]) -> bool:
    target = url.split("#", 1)[0]
    if target not in cache:
        if target.startswith("file:"):
            cache[target] = Path(url2pathname(unquote(urlparse(target).path))).is_file()
        else:
            try:
                with urllib.request.urlopen(target, timeout=10) as r:
                    cache[target] = r.status == 200
            except (urllib.error.URLError, OSError):
                cache[target] = False
    return cache[target]


def _check_site(browser, site: Path, mode: str, base: str | None) -> tuple[list[str], int]:
    problems: list[str] = []
    resolved: dict[str, bool] = {}
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-TW")
    context.route(re.compile(r"^https?://"), lambda route: route.continue_()
                  if base and route.request.url.startswith(base) else route.abort())
    shots = screenshot_dir() / mode
    count = 0
    ids: dict[str, set[str]] = {}
    wanted: list[tuple[str, str, str, str]] = []  # (page, href, target page, anchor) of links to other pages
    for path in _pages(site):
        rel = path.relative_to(site).as_posix()
        url = path.as_uri() if base is None else base + rel
        page = context.new_page()
        errors: list[str] = []
        note = errors.append
        page.on("console", lambda m, note=note: note(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e, note=note: note(f"page error: {e}"))
        page.on("requestfailed", lambda r, note=note: note(f"request failed: {r.url} {r.failure}"))
        page.on("request", lambda r, note=note: None if _local(r.url, base) else note(f"external request: {r.url}"))
        response = page.goto(url, wait_until="load")
        if base is not None and (response is None or response.status != 200):
            problems.append(f"{mode} {rel}: HTTP {response.status if response else 'no response'}")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15000)
        images = page.evaluate("Array.from(document.images).map(i => [i.currentSrc.slice(0, 40), i.naturalWidth])")
        problems += [f"{mode} {rel}: image does not decode ({src}...)" for src, width in images if not width > 0]
        text = page.inner_text("body")
        if len(CJK.findall(text)) < 20:
            problems.append(f"{mode} {rel}: no Traditional Chinese text")
        if page.locator("header.site-header nav a").count() < 2 or page.locator("aside.toc").count() != 1:
            problems.append(f"{mode} {rel}: navigation bar or table of contents missing")
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
            problems.append(f"{mode} {rel}: wider than a 1366 px screen (a table does not scroll in its box)")
        facts = page.evaluate(PAGE_FACTS)
        ids[rel] = set(facts["ids"])
        for alt, src in facts["alts"]:
            if not (alt or "").strip() or "No description" in alt:
                problems.append(f"{mode} {rel}: image without an alternative text ({src}...)")
        html_text = path.read_text(encoding="utf-8")
        for found in sorted(set(LEFTOVERS.findall(text))):
            problems.append(f"{mode} {rel}: notebook leftover or build command on the page: {found!r}")
        problems += [f"{mode} {rel}: a cell shows {c!r}" for c in sorted(set(facts["cells"]) & BAD_CELLS)]
        if "jp-" in html_text or "--jp-" in html_text:
            problems.append(f"{mode} {rel}: carries Jupyter's style sheet or classes")
        for inner, box, first in facts["tables"]:
            if inner > box + 1:
                problems.append(f"{mode} {rel}: table '{first[:30]}' is {inner} px wide in a {box} px box "
                                f"(columns hidden at 1366 px)")
        links = page.evaluate("Array.from(document.querySelectorAll('a[href]'))"
                              ".map(a => [a.getAttribute('href'), a.href])")
        for href, absolute in links:
            if href.startswith("#"):
                ident = unquote(href[1:])
                if ident not in ids[rel]:
                    problems.append(f"{mode} {rel}: anchor {href} has no target")
            elif (_local(absolute, base) and not absolute.startswith(("data:", "about:"))
                  and not _resolves(absolute, base, resolved)):
                problems.append(f"{mode} {rel}: link {href} does not resolve")
            elif "#" in href and not href.startswith(("http:", "https:")):
                target = (Path(rel).parent / href.split("#", 1)[0].split("?", 1)[0]).as_posix()
                wanted.append((rel, href, os.path.normpath(target), unquote(href.split("#", 1)[1])))
        shot = shots / rel.replace(".html", ".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=(mode == "file"))
        problems += [f"{mode} {rel}: {e}" for e in errors]
        page.close()
        count += 1
    context.close()
    for rel, href, target, ident in wanted:
        if target in ids and ident not in ids[target]:
            problems.append(f"{mode} {rel}: link {href}: {target} has no anchor #{ident}")
    return problems, count


def _expected_pages(site: Path) -> int:
    from sustainability_appendix.chapters import CHAPTERS

    return 1 + len(YEARS) * (4 + sum(1 for c in CHAPTERS if c.notebook))


def test_every_page_opened_from_disk(site, browser):
    problems, count = _check_site(browser, site, "file", None)
    assert count == _expected_pages(site)
    assert not problems, "\n".join(problems)


def test_every_page_served_over_http(site, server, browser):
    problems, count = _check_site(browser, site, "http", server)
    assert count == _expected_pages(site)
    assert not problems, "\n".join(problems)


def test_menus_link_every_year_and_chapter(site):
    from sustainability_appendix.chapters import CHAPTERS

    for year in YEARS:
        for page in (site / str(year)).glob("*.html"):
            text = page.read_text(encoding="utf-8")
            for y in YEARS:
                assert f'href="../{y}/index.html"' in text, (page, y)
            for c in CHAPTERS:
                assert f'href="{c.page}"' in text or not c.notebook, (page, c.name)


# --- a phone ----------------------------------------------------------------------------------------
def test_on_a_phone_the_first_screen_shows_the_page_not_only_its_menus(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-TW", is_mobile=True)
    problems = []
    for path in _pages(site):
        rel = path.relative_to(site).as_posix()
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        top = page.evaluate("document.querySelector('main h1').getBoundingClientRect().top")
        if not 0 <= top < 844 * 0.6:
            problems.append(f"{rel}: the heading starts at {top:.0f} px on a 844 px screen")
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
            problems.append(f"{rel}: wider than a 390 px screen")
        shot = screenshot_dir() / "phone" / rel.replace(".html", ".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        page.close()
    context.close()
    assert not problems, "\n".join(problems)


# --- the register to work in -----------------------------------------------------------------------
def _register(site: Path, year: int = YEARS[-1]) -> list[dict]:
    with open(site / str(year) / "reconciliation.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_register_filters_and_links_rows_from_disk_without_a_request(site, browser):
    rows = _register(site)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-TW")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page = context.new_page()
    register = site / str(YEARS[-1]) / "register.html"
    differs = [r["figure_id"] for r in rows if r["status"] == "differs"]
    page.goto(register.as_uri() + "?status=differs", wait_until="load")
    visible = page.evaluate("Array.from(document.querySelectorAll('#register-table tbody tr'))"
                            ".filter(r => !r.hidden).map(r => r.id)")
    assert visible == differs and page.inner_text("[data-shown]") == str(len(differs))
    page.select_option("[data-filter=status]", "")
    page.fill("[data-filter=text]", "water-2025-06")
    assert page.evaluate("Array.from(document.querySelectorAll('#register-table tbody tr')).filter(r => !r.hidden)"
                         ".map(r => r.id)") == ["water-2025-06"]
    page.fill("[data-filter=text]", "")
    page.select_option("[data-filter=chapter]", "water")
    water = [r["figure_id"] for r in rows if r["chapter"] == "water"]
    assert page.evaluate("Array.from(document.querySelectorAll('#register-table tbody tr')).filter(r => !r.hidden)"
                         ".map(r => r.id)") == water
    section = rows[0]["section"]
    page.click("[data-filter-reset]")
    page.select_option("[data-filter=section]", section)
    assert int(page.inner_text("[data-shown]")) == sum(r["section"] == section for r in rows)
    # a row's own link, its key columns in view, its sticky header
    page.goto(register.as_uri() + "#water-2025-06", wait_until="load")
    page.wait_for_timeout(200)
    box = page.evaluate("(() => { const r = document.getElementById('water-2025-06').getBoundingClientRect();"
                        " return [r.top, r.bottom, r.right]; })()")
    assert 0 <= box[0] < 900 and box[2] <= 1366
    assert page.evaluate("getComputedStyle(document.querySelector('#register-table thead th')).position") == "sticky"
    # the row's details are folded on screen: its copy for print is not shown as well
    assert page.evaluate("getComputedStyle(document.querySelector('#water-2025-06 dl.print-only')).display") == "none"
    assert page.evaluate("document.querySelector('#water-2025-06 details').open") is False
    cells = page.evaluate("Array.from(document.querySelectorAll('#water-2025-06 > td')).map(c => c.innerText.trim())")
    water_06 = next(r for r in rows if r["figure_id"] == "water-2025-06")
    assert cells[0] == "water-2025-06" and water_06["printed"] in cells and water_06["recomputed"] in cells
    assert water_06["status_label"] in cells and water_06["difference"] in cells
    # the row's chapter page has the row, and its calculation row links back to the register
    page.goto((site / str(YEARS[-1]) / "water.html").as_uri() + "#water-2025-06", wait_until="load")
    assert page.evaluate("!!document.querySelector('tr#water-2025-06 a[href=\"register.html#water-2025-06\"]')")
    assert page.evaluate("!!document.querySelector('tr#metric-withdrawal_reduction_pct "
                         "a[href=\"register.html#water-2025-06\"]')")
    context.close()
    assert requests == []


# --- print --------------------------------------------------------------------------------------------
def _pdftotext(pdf: Path, *pages: int, layout: bool = False) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        if IN_CI:
            pytest.fail("pdftotext (poppler-utils) must be installed in CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    out = subprocess.run([tool, "-enc", "UTF-8", *(["-layout"] if layout else []), *span, str(pdf), "-"],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _register_rows_shown(text: str, rows: list[dict]) -> list[str]:
    """Register rows whose id, printed value or status is missing from a PDF's text of the full register."""
    text = _squeezed(text)
    missing = [r["figure_id"] for r in rows if r["figure_id"] not in text or _squeezed(r["printed"]) not in text]
    for label in {r["status_label"] for r in rows}:
        expected = sum(r["status_label"] == label for r in rows)
        if text.count(_squeezed(label)) < expected:
            missing.append(f"status {label}: {text.count(_squeezed(label))} of {expected}")
    return missing


def test_printing_a_page_keeps_every_column(site, browser, tmp_path):
    """A reviewer prints a page from the browser: every column of every table is on paper."""
    year = YEARS[-1]
    context = browser.new_context(locale="zh-TW")
    page = context.new_page()
    problems = []
    for name in ("register", "gri", "sdg", "water", "workforce"):
        page.goto((site / str(year) / f"{name}.html").as_uri(), wait_until="load")
        headers = page.evaluate("Array.from(document.querySelectorAll('table thead th')).map(t => t.innerText)")
        closed = page.evaluate("document.querySelectorAll('main details:not([open])').length")
        pdf = tmp_path / f"{name}.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
        assert closed == 0 or page.evaluate("document.querySelectorAll('main details:not([open])').length") == 0
        text = _squeezed("".join(_pdftotext(pdf)))
        # a header printed on two lines may interleave with its neighbour's: each of its words must be there
        problems += [f"{name}: column {h!r} not printed" for h in sorted(set(headers))
                     if any(len(w) > 1 and w not in text for w in h.split())]
        if name == "register":
            full = text[text.index(_squeezed("完整登錄表 Full register")):]
            problems += [f"register: {m}" for m in _register_rows_shown(full, _register(site))]
        if name == "gri":
            appendix_cells = page.evaluate("Array.from(document.querySelectorAll('table tbody tr'))"
                                           ".map(r => r.lastElementChild.innerText.split('\\n')[0])")
            problems += [f"gri: cell {c!r} of the appendix column not printed" for c in appendix_cells
                         if c and _squeezed(c) not in text]
        if name == "sdg":
            cells = page.evaluate("Array.from(document.querySelectorAll('table tbody tr'))"
                                  ".map(r => r.lastElementChild.innerText.split('\\n')[0])")
            problems += [f"sdg: {year} cell {c!r} not printed" for c in cells if c and _squeezed(c)[:12] not in text]
    context.close()
    assert not problems, "\n".join(problems)


def test_the_year_pdf_has_cover_contents_footers_and_every_register_row(site):
    year = YEARS[-1]
    pdf = site / str(year) / f"appendix-{year}.pdf"
    assert pdf.is_file()
    pages = _pdftotext(pdf)
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    manifest = json.loads((site / str(year) / "manifest.json").read_text(encoding="utf-8"))
    built = manifest["built_at"].replace("T", " ")[:16]
    commit = manifest["git"].get("commit", "")[:12] if manifest["git"].get("available") else "—"
    digest = manifest["inputs_sha256"][:16]
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        flat = _squeezed(text)
        assert f"第{number}頁/共{total}頁" in flat, f"page {number}: no page number in its footer"
        assert _squeezed(built) in flat and commit in flat and digest in flat, f"page {number}: footer incomplete"
    assert "淨零永續報告書計算附錄" in _squeezed(pages[0]) and str(year) in pages[0]
    assert manifest["inputs_sha256"] in _squeezed(pages[0])
    contents = _squeezed(pages[1])
    assert contents.startswith("目錄Contents")
    # the contents give the page each part starts on
    contents_laid_out = _pdftotext(pdf, 2, layout=True)[0]
    for title in ("總覽 Overview", "核對與稽核 Register and audit", "GRI 內容索引 GRI content index"):
        found = re.search(re.escape(title) + r"\s+(\d+)\s*$", contents_laid_out, re.M)
        assert found, (title, contents_laid_out)
        start = int(found.group(1))
        assert _squeezed(pages[start - 1]).startswith(_squeezed(f"{year} 計算附錄 · {title}")), (title, start)
    # every register row: its id, printed value and status
    register_from = next(i for i, t in enumerate(pages) if _squeezed(t).startswith(
        _squeezed(f"{year} 計算附錄 · 核對與稽核")))
    register_to = next(i for i, t in enumerate(pages) if i > register_from and _squeezed(t).startswith(
        _squeezed(f"{year} 計算附錄 · 第 1 章")))
    text = "".join(pages[register_from:register_to])
    full = _squeezed(text)[_squeezed(text).index(_squeezed("完整登錄表 Full register")):]
    assert _register_rows_shown(full, _register(site)) == []
    # printed in pieces and joined: every link goes to a page, and a register row to its chapter's pages
    chapter_from = next(i for i, t in enumerate(pages) if _squeezed(t).startswith(
        _squeezed(f"{year} 計算附錄 · 第 1 章 能源")))
    chapter_to = next(i for i, t in enumerate(pages) if i > chapter_from and _squeezed(t).startswith(
        _squeezed(f"{year} 計算附錄 · 第 2 章")))
    targets = _link_targets(pdf)
    assert targets and all(page is not None for _, _, page in targets), [t for t in targets if t[2] is None][:5]
    row = [(source, page) for source, name, page in targets if name.endswith("energy--energy-2025-01")]
    assert any(register_from < source <= register_to and chapter_from < page <= chapter_to for source, page in row)


def _link_targets(pdf: Path) -> list[tuple[int, str, int | None]]:
    """(page of the link, destination name, page it goes to) for every link to a named destination."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        number = {page.obj.objgen: i + 1 for i, page in enumerate(doc.pages)}
        dests = doc.Root.get("/Dests", {})
        out = []
        for i, page in enumerate(doc.pages):
            for annot in page.obj.get("/Annots", []):
                name = annot.get("/Dest")
                if isinstance(name, pikepdf.Name):
                    dest = dests.get(str(name))
                    out.append((i + 1, str(name), number.get(dest[0].objgen) if dest is not None else None))
        return out


# --- markup typed into an input file -------------------------------------------------------------------
def _text_columns(project) -> list[tuple[Path, str]]:
    """Every text column of every input file of the project, but the columns naming a row (its key), those
    whose values come from a list (they refuse anything else) and those holding names the code looks up
    (every value one word of ASCII, such as a metric id: changed, they name nothing)."""
    from sustainability_appendix.inputs.registry import PRINTED, REFERENCE, STRUCTURE, YEAR, spec

    found = []
    areas = [(p, YEAR) for p in project.raw_root.glob("[0-9]*/*.csv")]
    areas += [(p, REFERENCE) for p in (project.root / "data" / "reference").glob("*.csv")]
    areas += [(p, PRINTED) for p in project.printed_root.glob("[0-9]*/*.csv")]
    areas += [(p, STRUCTURE) for p in project.printed_root.glob("*.csv")]
    for path, area in sorted(areas):
        try:
            schema = spec(area, path.stem).schema
        except KeyError:
            continue
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        for column in schema.columns:
            if column.kind != "text" or column.choices or column.vocabulary or column.name in schema.key:
                continue
            values = [(r.get(column.name) or "").strip() for r in rows]
            if all(re.fullmatch(r"[\x21-\x7e]*", v) for v in values):
                continue
            found.append((path, column.name))
    return found


def _payload(n: int) -> str:
    return (f' <b class="injected" data-at="{n}">注入{n}</b><script>window.__injected = {n}</script>'
            f'<img src="x" onerror="window.__injected = {n}"><a href="javascript:window.__injected={n}">js</a>')


def _inject(project, columns: list[tuple[Path, str]], originals: dict[Path, str]) -> dict[int, tuple[Path, str]]:
    """Write every input file afresh with the payload appended to each non-blank cell of ``columns``."""
    marks, by_file = {}, {}
    for n, (path, column) in enumerate(columns):
        marks[n] = (path, column)
        by_file.setdefault(path, []).append((n, column))
    for path, text in originals.items():
        rows = list(csv.DictReader(io.StringIO(text)))
        header = next(csv.reader(io.StringIO(text)), [])
        for n, column in by_file.get(path, []):
            for row in rows:
                if (row.get(column) or "").strip():
                    row[column] = row[column] + _payload(n)
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return marks


def _refused(project, year: int) -> str | None:
    """Why the inputs as they are cannot be built (validation, calculation or review), or None."""
    from sustainability_appendix.chapters.engine import Computation
    from sustainability_appendix.errors import InputError
    from sustainability_appendix.inputs.validate import check_year
    from sustainability_appendix.review.year import review_year

    computation = Computation(project)
    try:
        problems, _ = check_year(computation, year)
        if problems:
            raise InputError(problems)
        review_year(computation, year)
    except InputError as exc:
        return "\n".join(str(p) for p in exc.problems)
    except Exception as exc:  # noqa: BLE001 - any refusal names the column through its mark
        return f"{type(exc).__name__}: {exc}"
    return None


def test_markup_in_every_text_column_of_every_input_file_is_text_on_every_page(tmp_path, browser):
    """``<script>``, an ``onerror`` image and a ``javascript:`` link appended to every cell of every free-text
    column of every input file: the build shows them as text, and not one becomes an element or runs.
    A column whose files refuse the markup (validation names it) is left clean: refusing is safe too."""
    from conftest import copy_project

    from sustainability_appendix.publish.build import build

    year = YEARS[-1]
    project = copy_project(tmp_path / "project")
    columns = _text_columns(project)
    originals = {p: p.read_text(encoding="utf-8-sig") for p in {path for path, _ in columns}}
    refused: list[tuple[Path, str]] = []
    for _ in range(10):
        marks = _inject(project, columns, originals)
        why = _refused(project, year)
        if why is None:
            break
        named = {n for n in marks if re.search(rf'data-at=\\?"{n}\\?"|注入{n}(?!\d)', why)}
        named |= {n for n, (path, column) in marks.items()
                  if f"{project.relative(path)}" in why and f"column '{column}'" in why}
        assert named, f"refused without naming a column:\n{why[:2000]}"
        refused += [marks[n] for n in named]
        columns = [c for n, c in marks.items() if n not in named]
    else:
        pytest.fail("the inputs were still refused after ten rounds")
    assert len(columns) >= 40, (len(columns), refused)
    report = build(project, [year], jobs=2, pdf=False)
    assert not report.years[0].failed, report.years[0].failure_message()

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-TW")
    context.route(re.compile(r"^https?://"), lambda route: route.abort())
    shown_on, problems = [], []
    for path in _pages(project.reports_dir()):
        rel = path.relative_to(project.reports_dir()).as_posix()
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        for link in page.query_selector_all("a[href^='javascript:']"):
            link.click()
        found = page.evaluate("""() => ({
            elements: document.querySelectorAll('.injected, [data-at], img[src="x"], [onerror]').length,
            scripts: Array.from(document.scripts).filter(s => s.textContent.includes('__injected')).length,
            ran: window.__injected, text: document.body.innerText.includes('<b class="injected"')})""")
        if found["elements"] or found["scripts"] or found["ran"] is not None:
            problems.append(f"{rel}: markup from an input is live: {found}")
        if found["text"]:
            shown_on.append(rel)
        page.close()
    context.close()
    assert not problems, "\n".join(problems)
    assert {f"{year}/water.html", f"{year}/register.html", f"{year}/index.html", f"{year}/gri.html"} <= set(shown_on)
