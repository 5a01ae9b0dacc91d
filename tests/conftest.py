"""Shared fixtures: a throw-away copy of the project to build into."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ and notebooks/ under tmp_path, made the project root for the test
    (and for the notebook kernels it starts, which inherit the environment)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("data/raw", "data/printed", "notebooks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.setenv("APPENDIX_ROOT", str(root))
    return root


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the 2025 raw inputs, for a test to spoil."""
    for path in (ROOT / "data" / "raw" / "2025").glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file, failing if it is not there (so a spoilt copy really is spoilt)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
