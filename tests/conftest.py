"""Shared fixtures: throw-away copies of the project, and inputs built in memory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sustainability_appendix.project import Project

ROOT = Path(__file__).resolve().parents[1]

# Builds in tests leave out the PDF (it costs seconds a year) unless a test asks for it
# (build(..., pdf=True)): the browser tests print it and read it back.
os.environ.setdefault("APPENDIX_PDF", "0")


def copy_project(root: Path) -> Project:
    """A copy of data/ and notebooks/ at ``root`` (the package stays where it is installed)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("data/raw", "data/reference", "data/printed", "notebooks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return Project(root)


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Project:
    """A copy of the project under tmp_path, also the working directory (so the command
    line, which finds its project from where it runs, works on the copy)."""
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project.root)
    return project


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the 2025 raw inputs, for a test to spoil."""
    for path in (ROOT / "data" / "raw" / "2025").glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.fixture(scope="session")
def computation():
    """The repository's own data, every chapter, computed once for the whole test run: tests that only read
    the shipped years share it (a test that spoils inputs builds its own from a copy)."""
    from sustainability_appendix.chapters.engine import Computation

    return Computation(Project(ROOT))


@pytest.fixture(scope="session")
def declarations(computation):
    """The audit declarations of data/reference/."""
    from sustainability_appendix.review.audit.declarations import Declarations

    return Declarations.load(computation.store)


def finding(findings, check_id):
    """The first finding of a check, failing with the ids found when there is none."""
    hits = [f for f in findings if f.check_id == check_id]
    assert hits, f"no finding {check_id}: {[f.check_id for f in findings]}"
    return hits[0]


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file, failing if it is not there (so a spoilt copy really is spoilt)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fail_water_compute(monkeypatch, year: int) -> None:
    """The water chapter's calculation raising on ``year`` (data it did not foresee)."""
    from sustainability_appendix.chapters import water

    real = water.compute

    def compute(inputs, earlier):
        if inputs.year == year:
            raise ZeroDivisionError("no site reported a withdrawal")
        return real(inputs, earlier)

    monkeypatch.setattr(water, "compute", compute)
