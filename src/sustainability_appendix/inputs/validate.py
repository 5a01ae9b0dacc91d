"""Checking a year's inputs without building.

Every problem is collected before anything is reported, across all files, each
naming the file, the spreadsheet row, the column and the rule:

1. every file in ``data/raw/<year>/``: CSV (UTF-8, UTF-8 with BOM, Big5/cp950)
   or ``.xlsx``, anything else refused with the reason; a file described in the
   input-file registry (:mod:`sustainability_appendix.inputs.registry`) is checked
   against its schema and rules (types, ranges, required columns, duplicate
   keys, units, parts against totals, a ``year`` column against the folder's
   year, factors still marked for review); the registry's required files must
   be there;
2. every ``data/printed/<year>/<chapter>.csv`` against the printed-figures schema;
3. the registered files of earlier years the chapters read (trends,
   previous-year comparisons, the GHG base year);
4. every chapter's calculation runs in this process (reading, for trends and
   comparisons, earlier years' files too), and its printed figures are matched
   to the metrics it computes: what only shows across files is found here too.

Files no chapter describes are read (so an unreadable one is reported) and
listed as warnings, as are printed files no chapter reconciles.
"""

from __future__ import annotations

import importlib

from sustainability_appendix.errors import ConfigurationError, InputError, Problem
from sustainability_appendix.project import printed_dir, raw_dir, relative

IGNORED_NAMES = ("README.md", "README.txt")
TEMPLATES_FOLDER = "templates"
ACCEPTED = (".csv", ".xlsx")


def _add(problems: list[Problem], found) -> None:
    for p in found:
        if p not in problems:
            problems.append(p)


def _skip(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$") or name in IGNORED_NAMES or name.endswith(".md")


def _unsupported(path) -> Problem:
    suffix = path.suffix.lower()
    why = {
        ".xls": "an Excel 97-2003 .xls workbook (open it in Excel and save it as .xlsx or as CSV UTF-8)",
        ".ods": "an OpenDocument spreadsheet (save it as .xlsx or as CSV UTF-8)",
        ".txt": "a .txt file (name a comma-separated table .csv)",
    }.get(suffix, f"a '{suffix}' file" if suffix else "a file without extension")
    return Problem(relative(path), None, None,
                   "a .csv table (UTF-8, UTF-8 with BOM, or Big5/cp950) or an .xlsx workbook", why)


def check_year(year: int, skip_chapters: frozenset[str] | set[str] = frozenset()) -> tuple[list[Problem], list[str]]:
    """Every problem of the year's inputs, and warnings (files no chapter describes).

    ``skip_chapters``: chapters whose calculation need not run again (the build
    passes those whose inputs and code are unchanged since they last passed).
    """
    from sustainability_appendix.publish.cache import covers
    from sustainability_appendix.chapters import CHAPTERS
    from sustainability_appendix.inputs.registry import registry
    from sustainability_appendix.inputs.tables import read_raw

    folder = raw_dir(year)
    if not folder.is_dir():
        return [Problem(relative(folder), None, None, "a folder of raw data for this year", "no such folder")], []
    files = registry()
    problems: list[Problem] = []
    warnings: list[str] = []

    by_stem: dict[str, list] = {}
    for path in sorted(folder.iterdir()):
        if _skip(path.name):
            continue
        if path.is_dir():
            if path.name != TEMPLATES_FOLDER:
                warnings.append(f"{relative(path)}/: sub-folders are not read")
            continue
        if path.suffix.lower() not in ACCEPTED:
            problems.append(_unsupported(path))
            continue
        by_stem.setdefault(path.stem, []).append(path)

    for stem, paths in by_stem.items():
        if len(paths) > 1:
            problems.append(Problem(relative(paths[0]), None, None,
                                    f"one file named {stem} (the build would read {stem}.csv and ignore the rest)",
                                    ", ".join(p.name for p in paths)))
        path = paths[0]
        spec = files.get(stem)
        try:
            if spec is not None:
                spec.check(path, year)
            else:  # read by a chapter that checks it when it computes (below), or by none
                read_raw(path)
                if not any(covers(c, year, path) for c in CHAPTERS):
                    warnings.append(f"{relative(path)}: no chapter reads this file")
        except InputError as exc:
            _add(problems, exc.problems)

    # files of other years the chapters read (previous years, a base year): checked too,
    # so their problems are listed with this year's rather than one at a time
    from sustainability_appendix.inputs.tables import find_input

    for other, stem in sorted(_other_years_read(year, CHAPTERS, files)):
        path = find_input(raw_dir(other), stem)
        if path.exists():
            try:
                files[stem].check(path, other)
            except InputError as exc:
                _add(problems, exc.problems)

    for stem, spec in files.items():
        if spec.required and stem not in by_stem:
            problems.append(Problem(relative(folder / f"{stem}.csv"), None, None,
                                    f"this input file to exist ({spec.purpose.split('. ')[0].rstrip('.')})",
                                    "no such file"))

    names = {c.name for c in CHAPTERS}
    printed = printed_dir(year)
    if printed.is_dir():
        for path in sorted(printed.iterdir()):
            if not _skip(path.name) and path.is_file() and path.stem not in names:
                warnings.append(f"{relative(path)}: no chapter named '{path.stem}' reconciles it")

    _add(problems, _check_chapters(year, [c for c in CHAPTERS if c.name not in skip_chapters]))
    return problems, warnings


def _other_years_read(year: int, chapters, files) -> set[tuple[int, str]]:
    """(year, stem) of the registered files of other year folders the chapters declare they read."""
    from sustainability_appendix.publish.cache import folders_read

    found = set()
    for chapter in chapters:
        for reads in chapter.reads or ():
            if reads.area != "raw" or reads.years == "none" or reads.stem not in files:
                continue
            for folder in folders_read(reads, year):
                if folder.name.isdigit() and int(folder.name) != year and folder.is_dir():
                    found.add((int(folder.name), reads.stem))
    return found


def _check_chapters(year: int, chapters) -> list[Problem]:
    """Run each chapter's calculation and match its printed figures to its metrics."""
    from sustainability_appendix.review.reconcile import load_printed, reconcile

    problems: list[Problem] = []
    for chapter in chapters:
        module = importlib.import_module(f"sustainability_appendix.chapters.{chapter.name}")
        try:
            printed = load_printed(year, chapter.name)
        except InputError as exc:
            _add(problems, exc.problems)
            printed = None
        try:
            result = module.compute(year)
        except InputError as exc:
            _add(problems, exc.problems)
            continue
        if printed is not None:
            try:
                reconcile(result, printed)
            except ConfigurationError as exc:
                unknown = sorted(set(printed["metric_id"]) - {m.metric_id for m in result.metrics})
                for row, metric in printed["metric_id"].items():
                    if metric in unknown:
                        _add(problems, [Problem(relative(printed_dir(year) / f"{chapter.name}.csv"), int(row),
                                                "metric_id", f"a metric chapter '{chapter.name}' computes", metric)])
                if not unknown:
                    raise exc
    return problems


def validate_year(year: int) -> list[str]:
    """Raise InputError with every problem found in the year's inputs; return the warnings."""
    problems, warnings = check_year(year)
    if problems:
        raise InputError(problems)
    return warnings
