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

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sustainability_appendix.chapters import Chapter
from sustainability_appendix.digests import (
    dependency_files,
    environment_digest,
    files_digest,
    package_digest,
    sha256_file,
    sha256_json,
    tree_digests,
)
from sustainability_appendix.project import Project

FORMAT = 2
def review_files(project: Project, year: int, chapter: Chapter) -> dict[str, str]:
    """What the chapter's page shows besides its result: its printed figures and the notes."""
    return {f"data/printed/{year}/{name}.*": files_digest(project.printed_dir(year), name)
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
