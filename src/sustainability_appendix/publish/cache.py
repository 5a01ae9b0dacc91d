"""The build cache: what a chapter's outputs depend on, and the outputs kept for reuse.

A chapter of a year is executed again only when what it is made of changes. That
is decided in two steps, the first of which imports nothing heavy:

1. **Files** (:func:`file_components`): the chapter's notebook, the whole package,
   the installed distributions, the figures printed for it and the year's notes
   about the report, and the content of every file its ``Chapter.reads`` declares,
   for its year and the earlier years it builds on (``Chapter.history``). When
   they are all as recorded, the chapter is reused without reading any input.
2. **Contents** (:func:`content_components`): when a file changed, the build loads
   the inputs anyway (validation), and the key is made of what the chapter's
   ``load`` returned: only the rows and items it reads
   (:meth:`Computation.fingerprints`). A chapter that reads three items of
   ``quantities.csv`` is executed again only when one of those three changes.

Each year keeps its own cache, ``build/cache/<year>/<chapter>/``: ``entry.json``
(both keys, what they were made of, a SHA-256 of every file kept), the executed
notebook, the chapter's processed CSVs and figures, and its HTML page (one per
``--show-code`` setting). Reusing a chapter copies these files, so its outputs
are the very bytes its last execution produced. ``published.json`` records what
is in ``reports/<year>``, ``figures/<year>`` and ``data/processed/<year>``, so an
unchanged year is not even republished.

This module imports nothing heavy: a build with nothing to do never loads
pandas, papermill or nbconvert.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sustainability_appendix.chapters import REFERENCE, Chapter
from sustainability_appendix.project import Project

FORMAT = 2
SUFFIXES = (".csv", ".xlsx")
PACKAGE_DIR = Path(__file__).resolve().parents[1]


_DIGESTS: dict[tuple, str] = {}


def forget_digests() -> None:
    """Start a build afresh: digests are remembered only within one build."""
    _DIGESTS.clear()


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's content (remembered within one build while the file's
    size, modification time and inode stay the same)."""
    st = os.stat(path)
    memo = (os.fspath(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if memo in _DIGESTS:
        return _DIGESTS[memo]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    _DIGESTS[memo] = h.hexdigest()
    return _DIGESTS[memo]


def sha256_json(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _ignored(name: str) -> bool:
    """Editor and spreadsheet leftovers that no chapter reads."""
    return name.startswith(".") or name.startswith("~$") or name == "__pycache__" or name.endswith(".pyc")


def tree_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by path relative to it (POSIX separators)."""
    out: dict[str, str] = {}
    if not root.is_dir():
        return out
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _ignored(d))
        for name in sorted(files):
            if not _ignored(name):
                path = Path(folder) / name
                out[path.relative_to(root).as_posix()] = sha256_file(path)
    return out


@lru_cache(maxsize=1)
def package_digest() -> str:
    """One hash over every file of the package (code and templates)."""
    return sha256_json(tree_digests(PACKAGE_DIR))


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """The Python version and every installed distribution with its version.

    Reads the names of the ``*.dist-info`` folders next to the package's
    dependencies, so nothing is imported.
    """
    import importlib.util

    spec = importlib.util.find_spec("nbclient")
    site = Path(spec.origin).parent.parent if spec and spec.origin else None
    dists = sorted(n for n in os.listdir(site) if n.endswith(".dist-info")) if site else []
    return sha256_json({"python": sys.version, "dists": dists})


def _matches(folder: Path, stem: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(stem + ".*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not _ignored(p.name))


def _files_digest(folder: Path, stem: str, workbooks: bool = False) -> str:
    """The folder's existence and every file matching the stem (.csv or .xlsx), by content; with
    ``workbooks``, also every other .xlsx of the folder (a year's workbook may hold the file as a sheet)."""
    if not folder.is_dir():
        return "no folder"
    files = _matches(folder, stem)
    if workbooks:
        files += sorted(p for p in folder.glob("*.xlsx") if p.is_file() and p not in files and not _ignored(p.name))
    return sha256_json({p.name: sha256_file(p) for p in files})


def history_years(project: Project, chapter: Chapter, year: int) -> list[int]:
    """The year and, recursively, every earlier year its result builds on, oldest first."""
    years = project.years()
    found, todo = set(), [year]
    while todo:
        y = todo.pop()
        if y in found:
            continue
        found.add(y)
        todo += chapter.earlier_years(y, years)
    return sorted(found)


def dependency_files(project: Project, chapter: Chapter, year: int) -> dict[str, str]:
    """What the chapter of ``year`` reads, file by file: ``{"data/raw/2025/quantities.*": "<digest>", ...}``."""
    out: dict[str, str] = {}
    for y in history_years(project, chapter, year):
        for reads in chapter.reads:
            if reads.area == REFERENCE:
                continue
            folder = project.raw_dir(y)
            out[f"data/raw/{y}/{reads.stem}.*"] = _files_digest(folder, reads.stem, workbooks=True)
    for reads in chapter.reads:
        if reads.area == REFERENCE:
            out[f"data/reference/{reads.stem}.*"] = _files_digest(project.reference_dir, reads.stem)
    return out


def review_files(project: Project, year: int, chapter: Chapter) -> dict[str, str]:
    """What the chapter's page shows besides its result: its printed figures and the notes."""
    return {f"data/printed/{year}/{name}.*": _files_digest(project.printed_dir(year), name)
            for name in (chapter.name, "notes")}


def _common(project: Project, chapter: Chapter, year: int) -> dict[str, object]:
    notebook = project.notebooks_dir / f"{chapter.name}.ipynb"
    return {
        "format": FORMAT,
        "chapter": chapter.name,
        "parameters": {"year": year},
        "notebook": sha256_file(notebook) if notebook.is_file() else "absent",
        "package": package_digest(),
        "environment": environment_digest(),
        "printed": review_files(project, year, chapter),
    }


def file_components(project: Project, chapter: Chapter, year: int) -> dict[str, object]:
    """Step 1: what the chapter's outputs are a function of, by file (no input is read)."""
    return {**_common(project, chapter, year), "inputs": dependency_files(project, chapter, year)}


def content_components(project: Project, chapter: Chapter, year: int, fingerprints: dict[str, str],
                       printed: dict[str, str]) -> dict[str, object]:
    """Step 2: the same, with the inputs as the chapter's load returned them."""
    return {**_common(project, chapter, year), "printed": printed, "inputs": fingerprints}


def key_of(components: dict[str, object]) -> str:
    return sha256_json(components)


def explain_change(old: dict | None, new: dict) -> str:
    """Why a chapter must be executed again, in a few words."""
    if not old:
        return "never built"
    if old.get("format") != new.get("format"):
        return "cache format changed"
    for part, words in (("notebook", "notebook changed"), ("package", "package code changed"),
                        ("environment", "installed packages changed"), ("parameters", "parameters changed")):
        if old.get(part) != new.get(part):
            return words
    changed = []
    for part in ("inputs", "printed"):
        before, after = old.get(part, {}), new.get(part, {})
        changed += sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        shown = ", ".join(changed[:2]) + (f" and {len(changed) - 2} more" if len(changed) > 2 else "")
        return f"changed: {shown}"
    return "outputs missing or damaged"


def data_digest(project: Project) -> str:
    """Every file under data/ (raw, reference, printed), by content: what a year's pages and
    provenance can depend on."""
    return sha256_json({area: tree_digests(project.data_dir / area) for area in ("raw", "reference", "printed")})


# ---- the validated and computed stages, kept between builds ------------------------------------

KEPT = 1000  # pickles kept in each memo folder (about 25 MiB); beyond, the least recently used go


class _Memo:
    """Pickles under ``build/cache/<name>/``, each named by the SHA-256 of what it was made from:
    the package, the installed distributions, the reference tables and the report's structure
    (what every input's rules and every calculation can read), and what the subclass adds."""

    def __init__(self, project: Project, name: str):
        self.project = project
        self.folder = project.build_dir / "cache" / name
        structure = {p.name: sha256_file(p) for p in sorted(project.printed_root.glob("*.*")) if p.is_file()}
        self.base = sha256_json({"format": FORMAT, "package": package_digest(), "environment": environment_digest(),
                                 "reference": tree_digests(project.reference_dir), "structure": structure})
        self.hits = self.misses = 0

    def _load(self, key: str):
        file = self.folder / f"{key}.pickle"
        try:
            with open(file, "rb") as handle:
                found = pickle.load(handle)
            os.utime(file)  # recently used
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return found

    def _save(self, key: str, value) -> None:
        file = self.folder / f"{key}.pickle"
        self.folder.mkdir(parents=True, exist_ok=True)
        part = file.with_name(f".{file.name}.{uuid.uuid4().hex[:8]}")
        with open(part, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, file)

    def prune(self) -> None:
        """Keep the :data:`KEPT` most recently used pickles."""
        if not self.folder.is_dir():
            return
        kept = sorted(self.folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEPT:]:
            old.unlink(missing_ok=True)


class TableMemo(_Memo):
    """The validated input tables of earlier builds, each by the digest of its file (and sheet):
    a file unchanged since an earlier build is unpickled instead of parsed and checked again.
    Only valid tables are kept (a file with problems is read again and its problems reported)."""

    def __init__(self, project: Project):
        super().__init__(project, "tables")

    def _key(self, what: tuple, path: Path, sheet: str | None) -> str:
        return sha256_json([self.base, list(what), sheet, sha256_file(path)])

    def get(self, what: tuple, path: Path, sheet: str | None):
        """The table kept for ``what`` (area, stem, year, as shown) read from ``path``, or None."""
        return self._load(self._key(what, path, sheet))

    def put(self, what: tuple, path: Path, sheet: str | None, table) -> None:
        self._save(self._key(what, path, sheet), table)


class ResultMemo(_Memo):
    """The computed stage of earlier builds: a chapter's inputs and result of a year, by the
    digest of every file it reads (for that year and the earlier years it builds on, as
    :func:`dependency_files`) and of the project's years. An unchanged chapter-year is neither
    loaded nor computed again; what it read is recorded as if it had been."""

    def __init__(self, project: Project, chapters: tuple[Chapter, ...]):
        super().__init__(project, "results")
        self.chapters = {c.name: c for c in chapters}
        self.years = project.years()

    def _key(self, name: str, year: int) -> str:
        return sha256_json([self.base, name, year, self.years,
                            dependency_files(self.project, self.chapters[name], year)])

    def get(self, name: str, year: int):
        """``(inputs, result, fingerprints, read)`` kept for the chapter's year, or None; ``read``
        lists ``(path relative to the project, year of the calculation that read it)``."""
        return self._load(self._key(name, year))

    def put(self, name: str, year: int, kept: tuple) -> None:
        self._save(self._key(name, year), kept)


# ---- the per-year cache folders -------------------------------------------------------------

def cache_dir(project: Project, year: int) -> Path:
    return project.build_dir / "cache" / str(year)


def html_name(chapter: str, show_code: bool) -> str:
    return f"html-code/{chapter}.html" if show_code else f"html/{chapter}.html"


@dataclass
class Entry:
    """A chapter's cached outputs, as ``entry.json`` describes them."""

    folder: Path
    data: dict

    @property
    def key(self) -> str:
        """The key of the files it was made from (step 1)."""
        return self.data.get("key", "")

    @property
    def content_key(self) -> str:
        """The key of the inputs' contents it was made from (step 2)."""
        return self.data.get("content_key", "")

    @property
    def seconds(self) -> float:
        return float(self.data.get("seconds", 0.0))

    @property
    def files(self) -> dict[str, str]:
        return self.data.get("files", {})

    def intact(self) -> bool:
        """Every file the entry lists is there with the content it had."""
        for rel, digest in self.files.items():
            path = self.folder / rel
            if not path.is_file() or sha256_file(path) != digest:
                return False
        return True

    def has_html(self, show_code: bool) -> bool:
        return html_name(self.data["chapter"], show_code) in self.files

    def outputs(self, kind: str) -> list[str]:
        """The entry's files under ``processed/`` or ``figures/``, relative to that folder."""
        prefix = kind + "/"
        return sorted(rel[len(prefix):] for rel in self.files if rel.startswith(prefix))

    def add_file(self, rel: str) -> None:
        self.data.setdefault("files", {})[rel] = sha256_file(self.folder / rel)
        self.save()

    def save(self) -> None:
        write_json(self.folder / "entry.json", self.data)


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: dict) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def load_entry(project: Project, year: int, chapter: str) -> Entry | None:
    folder = cache_dir(project, year) / chapter
    data = read_json(folder / "entry.json")
    if not data or data.get("format") != FORMAT or data.get("chapter") != chapter:
        return None
    return Entry(folder, data)


def record_files(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in a chapter's work folder, except entry.json."""
    return {rel: d for rel, d in tree_digests(folder).items() if rel != "entry.json"}
