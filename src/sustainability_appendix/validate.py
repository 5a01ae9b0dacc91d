"""Checking a year's inputs without building: every chapter's calculation runs
in this process, so bad input is reported before any notebook starts."""

from __future__ import annotations

import importlib

from .chapters import CHAPTERS
from .errors import InputError
from .paths import raw_dir, relative


def validate_year(year: int) -> None:
    """Raise InputError with every problem found in the year's inputs."""
    if not raw_dir(year).is_dir():
        from .errors import Problem

        raise InputError(Problem(relative(raw_dir(year)), None, None, "a folder of raw data for this year",
                                 "no such folder"))
    problems = []
    for chapter in CHAPTERS:
        module = importlib.import_module(f".chapters.{chapter.name}", __package__)
        try:
            module.compute(year)
        except InputError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise InputError(problems)
