"""The published appendix in a real browser: headless Chromium driven by Playwright.

Every page of a freshly built site (all years) is opened from disk (``file://``)
and from a local ``http.server`` on 127.0.0.1, and must: load without console
errors or failed requests, request nothing from another host, decode every image,
show Traditional Chinese, carry the navigation, fit a laptop screen (wide tables
scroll inside their box), and link only to pages and files that exist. One
screenshot per page is saved under ``build/screenshots/<mode>/<year>/`` (or
``$APPENDIX_SCREENSHOTS``) for a person to look at.

Chromium is Debian's (``apt-get install chromium``), never a browser Playwright
downloads. Without ``/usr/bin/chromium`` the tests are skipped, except in CI
(``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pytest

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
    report = build(project, list(YEARS), jobs=2)
    failed = [f"{y.year}: {y.failure_message()}" for y in report.years if y.failed]
    assert not failed, failed
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
    return sorted(site.rglob("*.html"))


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
        links = page.evaluate("Array.from(document.querySelectorAll('a[href]'))"
                              ".map(a => [a.getAttribute('href'), a.href])")
        for href, absolute in links:
            if href.startswith("#"):
                ident = href[1:]
                found = page.evaluate("([a, b]) => !!(document.getElementById(a) || document.getElementById(b))",
                                      [ident, unquote(ident)])
                if not found:
                    problems.append(f"{mode} {rel}: anchor {href} has no target")
            elif (_local(absolute, base) and not absolute.startswith(("data:", "about:"))
                  and not _resolves(absolute, base, resolved)):
                problems.append(f"{mode} {rel}: link {href} does not resolve")
        shot = shots / rel.replace(".html", ".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=(mode == "file"))
        problems += [f"{mode} {rel}: {e}" for e in errors]
        page.close()
        count += 1
    context.close()
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
