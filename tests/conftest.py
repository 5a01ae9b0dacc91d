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
