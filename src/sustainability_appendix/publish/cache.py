"""The build cache: what a chapter's outputs depend on, and the outputs kept for reuse.

A chapter of a year is re-executed only when its *key* changes. The key is a
hash of (all by content, never by modification time):

- the chapter's notebook (``notebooks/<chapter>.ipynb``) and its parameters;
- the whole ``sustainability_appendix`` package, every file of it (the simplest
  rule that is always right: any change to the code re-executes every chapter);
- the environment: the Python version and the installed distributions' names and
  versions (``*.dist-info`` of the site-packages the kernel imports from);
- the input files the chapter reads, as its ``Chapter.reads`` declares them
  (see ``chapters/__init__.py``): for each year folder in range, whether the
  folder exists and the content of every file matching the stem, ``.csv`` or
  ``.xlsx``, so that a file appearing or disappearing counts as a change. A
  chapter declaring nothing depends on every file under ``data/raw`` and
  ``data/printed``;
- the figures the report printed for it, ``data/printed/<year>/<chapter>.csv``.

Each year keeps its own cache, ``build/cache/<year>/<chapter>/``: ``entry.json``
(the key, what it was made of, a SHA-256 of every file kept), the executed
notebook, the chapter's processed CSVs and figures, and its HTML page (one per
``--show-code`` setting). Reusing a chapter copies these files, so its outputs
are the very bytes its last execution produced.

Two more records per year: ``validated.json`` (the inputs passed validation, for
a key over every file under ``data/raw`` and ``data/printed`` and the package,
so unchanged inputs are not validated twice) and ``published.json`` (what is in
``reports/<year>``, ``figures/<year>`` and ``data/processed/<year>``, so an
unchanged year is not even republished).

This module imports nothing heavy: a build with nothing to do never loads
pandas, papermill or nbconvert.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sustainability_appendix.chapters import Chapter, Reads
from sustainability_appendix.project import notebooks_dir, project_root

FORMAT = 1
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


def _data(area: str) -> Path:
    return project_root() / "data" / area


def _year_folders(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4)


def folders_read(reads: Reads, year: int) -> list[Path]:
    """The folders a declaration covers for ``year`` (existing or not)."""
    base = _data(reads.area)
    if reads.years == "none":
        return [base]
    if reads.years == "all":
        return _year_folders(base)
    return [base / str(y) for y in range(year - int(reads.years), year + 1)]


def _matches(folder: Path, stem: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(stem + ".*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not _ignored(p.name))


def _rel(path: Path) -> str:
    try:
        return path.relative_to(project_root()).as_posix()
    except ValueError:
        return path.as_posix()


def dependency_files(chapter: Chapter, year: int) -> dict[str, str]:
    """What the chapter of ``year`` reads: ``{"data/raw/2025/quantities.*": "<digest>", ...}``.

    Each entry names a folder and a stem; its value hashes the folder's existence
    and every file matching the stem, so adding, changing or removing one changes it.
    """
    out: dict[str, str] = {}
    printed = _data("printed") / str(year) / f"{chapter.name}.csv"
    out[_rel(printed)] = sha256_file(printed) if printed.is_file() else "absent"
    if chapter.reads is None:
        for area in ("raw", "printed"):
            for name, digest in tree_digests(_data(area)).items():
                out[f"data/{area}/{name}"] = digest
        return out
    for reads in chapter.reads:
        for folder in folders_read(reads, year):
            label = f"{_rel(folder)}/{reads.stem}.*"
            if not folder.is_dir():
                out[label] = "no folder"
                continue
            out[label] = sha256_json({p.name: sha256_file(p) for p in _matches(folder, reads.stem)})
    return out


def covers(chapter: Chapter, year: int, path: Path) -> bool:
    """Whether the chapter's declaration for ``year`` covers the file ``path`` (existing or not)."""
    import fnmatch

    path = Path(path)
    if path == _data("printed") / str(year) / f"{chapter.name}.csv":
        return True
    if chapter.reads is None:
        return any(_data(area) in path.parents for area in ("raw", "printed"))
    for reads in chapter.reads:
        if path.parent in folders_read(reads, year) or (reads.years == "all" and path.parent.parent == _data(reads.area)):
            if path.suffix.lower() in SUFFIXES and fnmatch.fnmatchcase(path.stem, reads.stem):
                return True
    return False


def chapter_components(chapter: Chapter, year: int) -> dict[str, object]:
    """What a chapter's outputs are a function of (the key is their hash)."""
    notebook = notebooks_dir() / f"{chapter.name}.ipynb"
    return {
        "format": FORMAT,
        "chapter": chapter.name,
        "parameters": {"year": year},
        "notebook": sha256_file(notebook) if notebook.is_file() else "absent",
        "package": package_digest(),
        "environment": environment_digest(),
        "inputs": dependency_files(chapter, year),
    }


def key_of(components: dict[str, object]) -> str:
    return sha256_json(components)


def explain_change(old: dict | None, new: dict) -> str:
    """Why a chapter must be re-executed, in a few words."""
    if not old:
        return "never built"
    if old.get("format") != new.get("format"):
        return "cache format changed"
    for part, words in (("notebook", "notebook changed"), ("package", "package code changed"),
                        ("environment", "installed packages changed"), ("parameters", "parameters changed")):
        if old.get(part) != new.get(part):
            return words
    before, after = old.get("inputs", {}), new.get("inputs", {})
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        shown = ", ".join(changed[:2]) + (f" and {len(changed) - 2} more" if len(changed) > 2 else "")
        return f"changed: {shown}"
    return "outputs missing or damaged"


def validation_components(year: int) -> dict[str, object]:
    """What ``validate_year(year)`` is a function of: the package and every input file."""
    return {
        "format": FORMAT,
        "year": year,
        "package": package_digest(),
        "raw": tree_digests(_data("raw")),
        "printed": tree_digests(_data("printed")),
    }


# ---- the per-year cache folders -------------------------------------------------------------

def cache_dir(year: int) -> Path:
    return project_root() / "build" / "cache" / str(year)


def html_name(chapter: str, show_code: bool) -> str:
    return f"html-code/{chapter}.html" if show_code else f"html/{chapter}.html"


@dataclass
class Entry:
    """A chapter's cached outputs, as ``entry.json`` describes them."""

    folder: Path
    data: dict

    @property
    def key(self) -> str:
        return self.data.get("key", "")

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


def load_entry(year: int, chapter: str) -> Entry | None:
    folder = cache_dir(year) / chapter
    data = read_json(folder / "entry.json")
    if not data or data.get("format") != FORMAT or data.get("chapter") != chapter:
        return None
    return Entry(folder, data)


def record_files(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in a chapter's work folder, except entry.json."""
    return {rel: d for rel, d in tree_digests(folder).items() if rel != "entry.json"}
