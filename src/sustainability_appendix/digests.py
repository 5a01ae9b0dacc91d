"""Digests of files, of the package and of the installed distributions, and of what a chapter-year
reads: what rebuild keys (``publish/cache.py``) and the memo of earlier runs (``memo.py``) are made of.
Imports nothing heavy."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

from sustainability_appendix.chapters import REFERENCE, Chapter
from sustainability_appendix.project import Project

SUFFIXES = (".csv", ".xlsx")
PACKAGE_DIR = Path(__file__).resolve().parent  # the package: its code and templates


_DIGESTS: dict[tuple, str] = {}
_LISTS: dict[tuple, tuple[int, list[Path]]] = {}  # the files of a folder matching a stem, by the folder's mtime


def forget_digests() -> None:
    """Start a build afresh: digests are remembered only within one build."""
    _DIGESTS.clear()
    _LISTS.clear()


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


def files_digest(folder: Path, stem: str, workbooks: bool = False) -> str:
    """The folder's existence and every file matching the stem (.csv or .xlsx), by content; with
    ``workbooks``, also every other .xlsx of the folder (a year's workbook may hold the file as a sheet)."""
    try:
        stamp = os.stat(folder).st_mtime_ns  # changes when a file is added, removed or renamed there
    except OSError:
        return "no folder"
    if not folder.is_dir():
        return "no folder"
    key = (os.fspath(folder), stem, workbooks)
    listed = _LISTS.get(key)
    if listed is None or listed[0] != stamp:  # rebuild keys and memo keys ask for the same files often
        files = _matches(folder, stem)
        if workbooks:
            files += sorted(p for p in folder.glob("*.xlsx") if p.is_file() and p not in files and not _ignored(p.name))
        _LISTS[key] = listed = (stamp, files)
    return sha256_json({p.name: sha256_file(p) for p in listed[1]})


def dependency_files(project: Project, chapter: Chapter, year: int) -> dict[str, str]:
    """What the chapter of ``year`` reads, file by file: ``{"data/raw/2025/quantities.*": "<digest>", ...}``."""
    out: dict[str, str] = {}
    for y in chapter.years_built_on(year, project.years()):
        for reads in chapter.reads:
            if reads.area == REFERENCE:
                continue
            folder = project.raw_dir(y)
            out[f"data/raw/{y}/{reads.stem}.*"] = files_digest(folder, reads.stem, workbooks=True)
    for reads in chapter.reads:
        if reads.area == REFERENCE:
            out[f"data/reference/{reads.stem}.*"] = files_digest(project.reference_dir, reads.stem)
    return out


