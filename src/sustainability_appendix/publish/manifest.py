"""Provenance of a build: ``reports/<year>/manifest.json``.

It records the SHA-256 of every input file (every file of ``data/raw/<year>/`` and
``data/printed/<year>/``, and each other file the chapters and the review read,
as the input store recorded them), the factors used, the build parameters, the
package versions, the git commit of the code (when there is one) and the build
time. It also lists the SHA-256 of the processed tables and figures, which are
byte-identical for the same inputs.

The build time lives only here and on the index page: never in processed outputs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import subprocess
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sustainability_appendix.digests import package_digest, sha256_file
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.project import Project


# --- pieces of the manifest ----------------------------------------------------------
def git_info(project: Project) -> dict:
    """The commit of the project the appendix was built from, or why there is none."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project.root, capture_output=True, text=True,
                                timeout=10)
        if commit.returncode != 0:
            return {"available": False, "reason": (commit.stderr.strip() or "not a git checkout")[:200]}
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project.root,
                                capture_output=True, text=True, timeout=10)
        return {"available": True, "commit": commit.stdout.strip(),
                "modified_files": bool(status.stdout.strip()) if status.returncode == 0 else None}
    except (OSError, subprocess.SubprocessError) as exc:
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"[:200]}


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """Every installed distribution's version (read once per process: it parses every METADATA file)."""
    found = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found[name] = dist.version
    return dict(sorted(found.items(), key=lambda kv: kv[0].lower()))


KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat", "ipykernel",
                "jupyter_client", "openpyxl", "Jinja2", "sustainability-appendix")


def factors_used(store: InputStore, files: dict[Path, set[str]]) -> list[dict]:
    """Every row of every factors file read (a file, or a sheet of a year's workbook), with its status:
    official, or provisional (used before the year's factor is announced)."""
    rows = []
    raw = store.project.raw_root.resolve()
    years = sorted({int(p.parent.name) for p in files if p.parent.parent == raw and p.parent.name.isdigit()})
    for year in years:
        location = store.location("year", "factors", year)
        if location.path.resolve() not in files:
            continue
        f = store.factors(year)
        for rec in f.table.to_dict(orient="records"):
            rows.append({"year": year, "factor": rec["factor"], "value": float(rec["value"]), "unit": rec["unit"],
                         "applies_to_year": f.vintage(rec["factor"]), "status": f.status(rec["factor"]),
                         "source": rec["source"], "file": store.shown(location)})
    return rows


def inputs_digest(inputs: list[dict]) -> str:
    """One SHA-256 for all the input files of a year: over each file's path and SHA-256, in path order
    (it is printed in the footer of every page of the PDF)."""
    h = hashlib.sha256()
    for item in sorted(inputs, key=lambda i: i["path"]):
        h.update(f"{item['path']}\t{item['sha256']}\n".encode())
    return h.hexdigest()


def build_manifest(computation, year: int, parameters: dict, outputs: dict[str, Path],
                   built_at: datetime | None = None) -> dict:
    """The manifest of ``year``: the files read by its review and by the calculations its
    chapters' results come from (their year and the earlier years they build on)."""
    store = computation.store
    files = _files_read(computation, year)
    inputs = input_files(computation, year, files)
    built_at = built_at or datetime.now(UTC)
    versions = package_versions()
    return {
        "year": year,
        "built_at": built_at.isoformat(timespec="seconds"),
        "git": git_info(store.project),
        "code_sha256": package_digest(),
        "parameters": parameters,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "key_packages": {k: versions.get(k, versions.get(k.lower(), "")) for k in KEY_PACKAGES},
        "inputs": inputs,
        "inputs_sha256": inputs_digest(inputs),
        "factors": factors_used(store, files),
        "outputs": [{"path": name, "sha256": sha256_file(p), "bytes": p.stat().st_size}
                    for name, p in sorted(outputs.items())],
    }


def input_files(computation, year: int, files: dict[Path, set[str]] | None = None) -> list[dict]:
    """The manifest's ``inputs``: every file read for ``year`` and every file of its raw and printed
    folders, with its SHA-256, size and readers, in path order."""
    project = computation.store.project
    files = _files_read(computation, year) if files is None else files
    return [{"path": project.relative(p), "sha256": sha256_file(p), "bytes": p.stat().st_size,
             "read_by": sorted(labels)} for p, labels in sorted(files.items(), key=lambda kv: project.relative(kv[0]))]


def _files_read(computation, year: int) -> dict[Path, set[str]]:
    store = computation.store
    project = store.project
    names = {c.name for c in computation.chapters}

    def wanted(reader) -> bool:
        name, y = reader
        return (name == "review" and y == year) or (name in names and y in computation.history(name, year))

    files = {p: set(labels) for p, labels in store.files_read(wanted).items()}
    for folder in (project.raw_dir(year), project.printed_dir(year)):
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    files.setdefault(p.resolve(), set())
    return files


def write_manifest(manifest: dict, path: Path) -> Path:
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
