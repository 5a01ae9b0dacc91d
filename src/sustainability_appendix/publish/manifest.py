"""Provenance of a build: ``reports/<year>/manifest.json``.

It records the SHA-256 of every input file (every file of ``data/raw/<year>/`` and
``data/printed/<year>/``, and each other file the chapters and the index pages
read, found by tracing the files opened while they compute), the factors used,
the build parameters, the package versions, the git commit of the code (when
there is one) and the build time. It also lists the SHA-256 of the processed
tables and figures, which are byte-identical for the same inputs.

The build time lives only here and on the index page: never in processed outputs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sustainability_appendix.project import printed_dir, project_root, raw_dir, relative

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_CHECKOUT = _PACKAGE_DIR.parents[1]

# --- tracing the files a computation opens -------------------------------------------
# Only the thread that asked is traced: the build exports other chapters' pages in threads meanwhile.
_active: dict[int, list[tuple[str, dict[str, set[str]]] | None]] = {}
_lock = threading.Lock()
_hook_installed = False


def _hook(event: str, args) -> None:
    if event != "open" or not _active:
        return
    stack = _active.get(threading.get_ident())
    if not stack or stack[-1] is None:  # not traced, or paused
        return
    path = args[0]
    if not isinstance(path, (str, Path)) or (len(args) > 1 and args[1] and "w" in str(args[1])):
        return
    label, seen = stack[-1]
    seen.setdefault(str(path), set()).add(label)


def _push(entry) -> None:
    _active.setdefault(threading.get_ident(), []).append(entry)


def _pop() -> None:
    ident = threading.get_ident()
    _active[ident].pop()
    if not _active[ident]:
        del _active[ident]


@contextmanager
def tracing(label: str, into: dict[str, set[str]]):
    """Record every file this thread opens for reading inside the block into ``into`` (path -> labels)."""
    global _hook_installed
    with _lock:
        if not _hook_installed:
            sys.addaudithook(_hook)
            _hook_installed = True
    _push((label, into))
    try:
        yield into
    finally:
        _pop()


@contextmanager
def paused():
    """Inside the block, files opened are not recorded (work on copies, for instance)."""
    _push(None)
    try:
        yield
    finally:
        _pop()


def data_files(opened: dict[str, set[str]]) -> dict[Path, set[str]]:
    """The opened files that lie under the project's ``data/`` folder."""
    base = (project_root() / "data").resolve()
    out: dict[Path, set[str]] = {}
    for path, labels in opened.items():
        try:
            p = Path(path).resolve()
        except OSError:
            continue
        if p.is_file() and base in p.parents:
            out.setdefault(p, set()).update(labels)
    return out


# --- pieces of the manifest ----------------------------------------------------------
def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def git_info() -> dict:
    """The commit of the code that built the appendix, or why there is none."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=_CHECKOUT, capture_output=True, text=True,
                                timeout=10)
        if commit.returncode != 0:
            return {"available": False, "reason": (commit.stderr.strip() or "not a git checkout")[:200]}
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=_CHECKOUT,
                                capture_output=True, text=True, timeout=10)
        return {"available": True, "commit": commit.stdout.strip(),
                "modified_files": bool(status.stdout.strip()) if status.returncode == 0 else None}
    except (OSError, subprocess.SubprocessError) as exc:
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"[:200]}


def code_digest() -> str:
    """SHA-256 over the package's source and templates (identifies the code without git)."""
    h = hashlib.sha256()
    for p in sorted(_PACKAGE_DIR.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".j2", ".css", ".json") and "__pycache__" not in p.parts:
            h.update(p.relative_to(_PACKAGE_DIR).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def package_versions() -> dict[str, str]:
    found = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found[name] = dist.version
    return dict(sorted(found.items(), key=lambda kv: kv[0].lower()))


KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat", "ipykernel",
                "jupyter_client", "openpyxl", "Jinja2", "sustainability-appendix")


def factors_used(files: dict[Path, set[str]]) -> list[dict]:
    """Every row of every factors file read."""
    from sustainability_appendix.inputs.quantities import load_factors

    rows = []
    for path in sorted(files):
        if path.stem == "factors" and path.parent.parent == (project_root() / "data" / "raw").resolve():
            year = int(path.parent.name)
            f = load_factors(year)
            for name, rec in f.table.iterrows():
                vintage = f.vintage(name)
                rows.append({"year": year, "factor": name, "value": float(rec["value"]), "unit": rec["unit"],
                             "applies_to_year": vintage, "source": rec["source"],
                             "file": relative(path)})
    return rows


def build_manifest(year: int, opened: dict[str, set[str]], parameters: dict, outputs: dict[str, Path],
                   built_at: datetime | None = None) -> dict:
    files = data_files(opened)
    for folder in (raw_dir(year), printed_dir(year)):
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    files.setdefault(p.resolve(), set())
    inputs = [{"path": relative(p), "sha256": sha256(p), "bytes": p.stat().st_size,
               "read_by": sorted(labels)} for p, labels in sorted(files.items(), key=lambda kv: relative(kv[0]))]
    built_at = built_at or datetime.now(timezone.utc)
    versions = package_versions()
    return {
        "year": year,
        "built_at": built_at.isoformat(timespec="seconds"),
        "git": git_info(),
        "code_sha256": code_digest(),
        "parameters": parameters,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "key_packages": {k: versions.get(k, versions.get(k.lower(), "")) for k in KEY_PACKAGES},
        "inputs": inputs,
        "factors": factors_used(files),
        "outputs": [{"path": name, "sha256": sha256(p), "bytes": p.stat().st_size}
                    for name, p in sorted(outputs.items())],
    }


def write_manifest(manifest: dict, path: Path) -> Path:
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
