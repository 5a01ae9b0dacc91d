"""What the validated, computed and reviewed stages keep between runs: ``build/cache/tables/``,
``build/cache/results/`` and ``build/cache/registers/``, pickles named by the SHA-256 of what they
were made from.

The build reads and writes them; a notebook only reads them, so that a chapter run by the build (or
in JupyterLab after a build) takes the tables and chapter-years nothing has changed since, instead of
reading and computing them again.
"""

from __future__ import annotations

import os
import pickle
import uuid
from pathlib import Path

from sustainability_appendix.chapters import Chapter
from sustainability_appendix.digests import (
    dependency_files,
    environment_digest,
    package_digest,
    sha256_file,
    sha256_json,
    tree_digests,
)
from sustainability_appendix.project import Project

FORMAT = 1
KEPT = 1000  # pickles kept in each memo folder (about 25 MiB); beyond, the least recently used go


class _Memo:
    """Pickles under ``build/cache/<name>/``, each named by the SHA-256 of what it was made from:
    the package, the installed distributions, the reference tables and the report's structure
    (what every input's rules and every calculation can read), and what the subclass adds."""

    def __init__(self, project: Project, name: str, read_only: bool = False):
        self.project = project
        self.read_only = read_only  # a notebook reads what the build kept, and writes nothing there
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
        if self.read_only:
            return
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

    def __init__(self, project: Project, read_only: bool = False):
        super().__init__(project, "tables", read_only)

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

    def __init__(self, project: Project, chapters: tuple[Chapter, ...], read_only: bool = False):
        super().__init__(project, "results", read_only)
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


class RegisterMemo(_Memo):
    """The registers of earlier years (the coverage of a report's own year sets every year it
    prints against the appendix), by the digest of every file each chapter of the year (and of the
    years before it) reads and of the year's printed figures and notes."""

    def __init__(self, project: Project, chapters: tuple[Chapter, ...], read_only: bool = False):
        super().__init__(project, "registers", read_only)
        self.chapters = tuple(chapters)
        self.years = project.years()

    def _key(self, year: int) -> str:
        # every chapter of the year and of the years before (a printed total's parts may name an earlier
        # year's figure), and the year's printed figures and notes
        return sha256_json([self.base, year, self.years,
                            {f"{c.name} {y}": dependency_files(self.project, c, y) for c in self.chapters
                             for y in self.years if y <= year},
                            tree_digests(self.project.printed_dir(year))])

    def get(self, year: int):
        return self._load(self._key(year))

    def put(self, year: int, register) -> None:
        self._save(self._key(year), register)
