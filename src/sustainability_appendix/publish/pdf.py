"""The appendix of a year as one PDF: ``reports/<year>/appendix-<year>.pdf``.

It is printed by Chromium's headless shell (Debian's ``chromium-headless-shell``,
its ``--print-to-pdf``) from the year's published pages: a cover, a table of
contents with page numbers, the overview, the register and audit, the chapters in
order, the GRI index and the SDG table. Every page's footer carries the build's
date, the commit and the digest of the input files, and the page number. The
pages' own print style sheet does the rest: headers repeat on every page, folded
sections print unfolded, a figure stays with its caption, and a table too wide
for a portrait page gets a landscape page.

Chromium holds every page it prints in memory (a few MiB a page): printed in one
go, the year's 300 pages need about 1.5 GiB. So each part is printed on its own,
by a Chromium of its own that exits when it is done, and a table larger than
:data:`TABLE_BYTES` (the full register) in pieces of rows, its header repeated;
the pieces are then joined with their bookmarks and links (``pikepdf``). A piece
is told the page it starts on, and the footer the number of pages, from the
year's last print; the contents, printed last, are given the page each part
starts on. Only when the number of pages or of contents pages differs from the
last print is everything printed again (the first print of a year).

A PDF is reused when nothing it shows changed (its key leaves out only the date).
Without the headless shell the build says so in one line and publishes the HTML alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ENV = "APPENDIX_CHROMIUM"  # another Chromium headless shell
PDF_ENV = "APPENDIX_PDF"  # "0": build without the PDF
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                 # one process, no shared-memory files: about half the memory for printing
                 "--single-process", "--no-zygote", "--disable-software-rasterizer",
                 "--no-pdf-header-footer", "--generate-pdf-document-outline"]
PRINT_TIMEOUT = 300  # seconds for one piece, on a loaded machine
TABLE_BYTES = 250_000  # a larger table is printed in pieces of rows of at most this size (about 20 pages)
FORMAT = 2  # the layout of the print documents; a change makes every PDF again
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "site"


def wanted() -> bool:
    """Whether builds make the PDF (``APPENDIX_PDF=0`` turns it off)."""
    return os.environ.get(PDF_ENV, "1").strip().lower() not in ("0", "no", "false", "off")


def chromium_path() -> Path | None:
    """The headless shell to print with: ``$APPENDIX_CHROMIUM`` if set, else Debian's, else one on the PATH."""
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    if configured:
        candidates = [Path(configured)]
    else:
        candidates = [CHROMIUM, *(Path(p) for p in [shutil.which("chromium-headless-shell")] if p)]
    return next((p for p in candidates if p.is_file() and os.access(p, os.X_OK)), None)


def unavailable() -> str | None:
    """Why no PDF can be printed here, or None."""
    if chromium_path() is None:
        return (f"Chromium's headless shell not found ({os.environ.get(CHROMIUM_ENV) or CHROMIUM}; install it: "
                "apt-get install chromium-headless-shell)")
    try:
        import pikepdf  # noqa: F401
    except ImportError:
        return "the pikepdf package is not installed (pip install -r requirements.txt)"
    return None


# --- the print document -----------------------------------------------------------------------
@dataclass
class Part:
    ident: str  # the id of its section in the document
    mark: str  # the line that opens its first page
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


# --- pieces: what one Chromium prints -------------------------------------------------------------
@dataclass
class Piece:
    part: Part
    body: str
    first: bool  # the part's first piece: it opens with the part's mark, and the part starts on its page


_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_WRAP_OPEN = re.compile(r'<div class="table-wrap[^"]*">\s*$')
_WRAP_CLOSE = re.compile(r"\s*</div>")
_ROW = re.compile(r"<tr\b.*?</tr>\s*", re.S)


def pieces_of(part: Part, limit: int = TABLE_BYTES) -> list[Piece]:
    """The part, cut between the rows of each table larger than ``limit`` into pieces whose rows of it
    take at most ``limit``; each piece's table has the table's header and wrapper."""
    body, texts, done = part.body, [""], 0
    for table in _TABLE.finditer(body):
        text = table.group(0)
        if len(text) <= limit or "<tbody>" not in text:
            continue
        head_end = text.index("<tbody>") + len("<tbody>")
        tail_start = text.rindex("</tbody>")
        rows = _ROW.findall(text, head_end, tail_start)
        if len(rows) < 2:
            continue
        wrap = _WRAP_OPEN.search(body, done, table.start())
        wrap_close = _WRAP_CLOSE.match(body, table.end()) if wrap else None
        opening = (wrap.group(0) if wrap else "") + text[:head_end]
        closing = text[tail_start:] + ("</div>" if wrap_close else "")
        groups, size = [[]], 0
        for row in rows:
            if groups[-1] and size + len(row) > limit:
                groups.append([])
                size = 0
            groups[-1].append(row)
            size += len(row)
        # the first rows continue the piece, each next group of rows starts one
        texts[-1] += body[done:wrap.start() if wrap else table.start()] + opening + "".join(groups[0]) + closing
        texts += [opening + "".join(group) + closing for group in groups[1:]]
        done = wrap_close.end() if wrap_close else table.end()
    texts[-1] += body[done:]
    return [Piece(part, text, i == 0) for i, text in enumerate(texts)]


ELSEWHERE = "elsewhere--"  # a link to another piece goes to a stand-in of this name; joining points it on
_LINK = re.compile(r'\bhref="#([^"]+)"')


def _to_stand_in(away: set[str], link: re.Match) -> str:
    return f'href="#{ELSEWHERE}{link.group(1)}"' if link.group(1) in away else link.group(0)


def link_across(pieces: list[Piece], linked_from_front: set[str]) -> None:
    """Make the links between pieces survive printing them apart. Chromium writes a link only to a target
    in the document it prints, and a destination only for a target that the document links to. So a
    link to another piece is pointed at a stand-in in its own piece (named :data:`ELSEWHERE` + target,
    which :func:`join` points at the target), and a target that other pieces (or the contents) link to
    is also linked, by an empty link, in its own."""
    owned = [set(_ID.findall(p.body)) | ({p.part.ident} if p.first else set()) for p in pieces]
    links = [set(_LINK.findall(p.body)) for p in pieces]
    wanted = set(linked_from_front).union(*links) if links else set(linked_from_front)
    for piece, own, linked in zip(pieces, owned, links):
        away = linked - own
        if away:
            piece.body = _LINK.sub(partial(_to_stand_in, away), piece.body)
        stand_ins = "".join(f'<span id="{ELSEWHERE}{t}"></span>' for t in sorted(away))
        targets = "".join(f'<a href="#{t}"></a>' for t in sorted((own & wanted) - linked))
        if stand_ins or targets:
            piece.body += f'<div class="link-targets" aria-hidden="true">{stand_ins}{targets}</div>'


def document(year: int, cover: dict, pieces: list[Piece] = (), parts: list[Part] = (),
             pages: dict[str, int] | None = None, first_page: int = 1, total: int | None = None) -> str:
    """One print document: the cover and contents (``parts``, with ``pages``, the page each part starts
    on), or ``pieces``; its first page numbered ``first_page`` of ``total``."""
    from markupsafe import Markup

    from sustainability_appendix.publish.site import _env, css

    return _env().get_template("print.html.j2").render(
        css=Markup(css()), footer=Markup(footer_css(year, cover, first_page, total)), year=year, cover=cover,
        parts=parts, pieces=pieces, body=lambda p: Markup(p.body), pages=pages or {})


def key_of(parts: list[Part], cover: dict) -> str:
    """What the PDF shows, apart from the date it was made."""
    from sustainability_appendix.publish.site import css

    h = hashlib.sha256(json.dumps({"format": FORMAT, "cover": {k: v for k, v in cover.items() if k != "built_at"},
                                   "css": css(), "print": (TEMPLATE_DIR / "print.html.j2").read_text(encoding="utf-8"),
                                   "table_bytes": TABLE_BYTES},
                                  sort_keys=True, ensure_ascii=False).encode())
    for p in parts:
        h.update(f"\x00{p.ident}\x00{p.mark}\x00".encode())
        h.update(p.body.encode())
    return h.hexdigest()


def footer_css(year: int, cover: dict, first_page: int = 1, total: int | None = None) -> str:
    """The footer of every page, as CSS page-margin boxes: date, commit and input digest on the left, the
    page number in the whole document on the right (a piece's first page is ``first_page``)."""
    def string(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    left = (f"高雄市政府勞工局 {year} 計算附錄 · 建置 built {cover['built_at']} · commit {cover['commit_short']}"
            f" · 輸入 inputs SHA-256 {cover['inputs_short']}")
    style = "font-family: 'Noto Sans CJK TC', 'Noto Sans CJK JP', sans-serif; font-size: 6.5pt; color: #52606d;"
    of = f" / 共 {total} 頁" if total else ""
    boxes = (f"@bottom-left {{ content: {string(left)}; {style} }} "
             f"@bottom-right {{ content: '第 ' counter(page) {string(' 頁' + of)}; {style} }}")
    # the page counter counts 1 on each page; on a piece's first page it counts its number instead
    first = f"\n@page :first {{ counter-increment: page {int(first_page)}; }}" if first_page != 1 else ""
    return f"@page {{ {boxes} }}\n@page wide {{ {boxes} }}{first}"


# --- printing and joining ---------------------------------------------------------------------------
def page_count(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", Path(pdf).read_bytes()))


def print_pdf(source: Path, target: Path) -> int:
    """Print one document with a Chromium of its own; the number of pages printed."""
    target.unlink(missing_ok=True)
    shell = chromium_path()
    if shell is None:
        raise RuntimeError(unavailable())
    done = subprocess.run([str(shell), *CHROMIUM_ARGS, f"--user-data-dir={target.parent / '.chromium'}",
                           f"--print-to-pdf={target}", source.as_uri()],
                          capture_output=True, timeout=PRINT_TIMEOUT, check=False)
    if not target.is_file() or target.stat().st_size == 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"Chromium printed nothing for {source.name} (exit {done.returncode}"
                           f"{': ' + said[-1] if said else ''})")
    return page_count(target)


def join(pdfs: list[Path], target: Path) -> None:
    """The PDFs one after the other in ``target``, with their bookmarks, their named destinations (in the
    catalog, as Chromium writes them, so that its links find them) and the stand-ins of
    :func:`link_across` pointed at their targets."""
    import warnings

    import pikepdf

    out = pikepdf.Pdf.new()
    dests: dict[str, pikepdf.Array] = {}
    bookmarks: list[pikepdf.OutlineItem] = []
    sources = []  # open until the joined PDF is saved

    def copied(dest):  # a destination's page: the copy of it in ``out``
        return pikepdf.Array([out.copy_foreign(dest[0]), *dest[1:]]) if isinstance(dest, pikepdf.Array) else dest

    def bookmark(item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
        new = pikepdf.OutlineItem(item.title, copied(item.destination))
        new.children.extend(bookmark(child) for child in item.children)
        return new

    for path in pdfs:
        source = pikepdf.Pdf.open(path)
        sources.append(source)
        with warnings.catch_warnings():  # (that named destinations are not carried: they are, below)
            warnings.simplefilter("ignore")
            out.pages.extend(source.pages)
        for name, dest in (source.Root.Dests.items() if "/Dests" in source.Root else ()):
            dests[str(name).lstrip("/")] = copied(dest)
        with source.open_outline() as outline:
            bookmarks += [bookmark(item) for item in outline.root]
    for name in dests:
        if name.startswith(ELSEWHERE) and name[len(ELSEWHERE):] in dests:
            dests[name] = dests[name[len(ELSEWHERE):]]
    out.Root.Dests = out.make_indirect(pikepdf.Dictionary({f"/{k}": v for k, v in sorted(dests.items())}))
    with out.open_outline() as outline:
        outline.root.extend(bookmarks)
    if "/Title" in sources[0].docinfo:
        out.docinfo["/Title"] = sources[0].docinfo["/Title"]
    part = target.with_name(f".{target.name}.part")
    out.save(part, deterministic_id=True)
    os.replace(part, target)


# --- printing a year -----------------------------------------------------------------------------
@dataclass
class Made:
    path: Path
    reused: bool
    prints: int = 0  # rounds of printing (2: the number of pages differed from the last print's)
    pages: int = 0
    seconds: float = 0.0
    front: int = 0  # pages of the cover and contents
    pieces: int = 0
    largest: int = 0  # pages of the largest piece
    starts: dict[str, int] = field(default_factory=dict)


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


def print_year(parts: list[Part], year: int, cover: dict, work: Path, target: Path,
               front: int = 2, total: int | None = None) -> Made:
    """Print the parts piece by piece and the cover and contents, and join them into ``target``.

    ``front`` and ``total``: the pages of the cover and contents and of the whole document, as the
    last print had them; when either differs now, everything is printed again with the right ones."""
    pieces = [piece for part in parts for piece in pieces_of(part)]
    link_across(pieces, {part.ident for part in parts})
    work.mkdir(parents=True, exist_ok=True)
    made = Made(target, False, pieces=len(pieces))
    for _ in range(3):
        made.prints += 1
        files, starts, page, largest = [], {}, front + 1, 0
        for i, piece in enumerate(pieces):
            source = work / f"piece-{i:03d}.html"
            source.write_text(document(year, cover, pieces=[piece], first_page=page, total=total), encoding="utf-8")
            files.append(work / f"piece-{i:03d}.pdf")
            if piece.first:
                starts[piece.part.ident] = page
            printed = print_pdf(source, files[-1])
            largest = max(largest, printed)
            page += printed
        source = work / "front.html"
        source.write_text(document(year, cover, parts=parts, pages=starts, total=page - 1), encoding="utf-8")
        printed_front = print_pdf(source, work / "front.pdf")
        if printed_front == front and page - 1 == total:
            break
        front, total = printed_front, page - 1
    join([work / "front.pdf", *files], target)
    made.pages, made.front, made.largest, made.starts = total, front, largest, starts
    return made


def write_year_pdf(reports: Path, year: int, chapters, manifest: dict, review, cache_folder: Path,
                   work: Path) -> Made | None:
    """Make ``reports/appendix-<year>.pdf`` (reused from ``cache_folder`` when what it shows is unchanged).
    Returns None when it cannot be made here (no headless shell)."""
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
    if unavailable():
        return None
    last = record.get("format") == FORMAT
    made = print_year(parts, year, cover, work, target, front=record.get("front", 2) if last else 2,
                      total=record.get("page_count") if last else None)
    cache_folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target, cached_pdf)
    record_path.write_text(json.dumps({"format": FORMAT, "key": key, "pages": made.starts, "front": made.front,
                                       "page_count": made.pages}, indent=1), encoding="utf-8")
    made.seconds = time.perf_counter() - start
    return made
