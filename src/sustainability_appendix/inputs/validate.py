"""Checking a year's inputs without building: the validated stage of the build.

Every problem is collected before anything is reported, across all files, each
naming the file, the spreadsheet row, the column and the rule:

1. every file in ``data/raw/<year>/``: CSV (UTF-8, UTF-8 with BOM, Big5/cp950)
   or ``.xlsx``, anything else refused with the reason; a file of the registry
   (:mod:`sustainability_appendix.inputs.registry`) is checked against its schema
   and rules; the registry's required files must be there; the sheets of the
   year's workbook stand for the files the folder lacks
   (:mod:`sustainability_appendix.inputs.workbook`);
2. every ``data/printed/<year>/`` file against the printed-figures schema, the
   reference tables and the report's GRI and SDG structure;
3. every chapter's calculation, through the build's
   :class:`~sustainability_appendix.chapters.engine.Computation` (so each
   (chapter, year) is loaded and computed once, earlier years included, and the
   results are handed on to the review), each printed figure is matched to
   a metric its chapter computes, and every figure the year's claims and targets
   name is one the appendix has.

A file that no registered input describes is read (so an unreadable one is
reported) and listed as a warning, as is a printed file of no chapter; so are
the ways a file was read otherwise than its first row and sheet say (a header
below a title row, the table on another sheet, date-formatted years).
A figure outside its plausible range (``data/reference/plausibility.csv``) and not
confirmed is a warning: it may be right, but nothing printed yet can tell.
A chapter whose calculation raises is not an input problem: its
:class:`~sustainability_appendix.errors.ChapterError` is raised as it is.
"""

from __future__ import annotations

from sustainability_appendix.errors import ChapterError, ConfigurationError, InputError, Problem
from sustainability_appendix.inputs.printed_files import REPORT_FILES
from sustainability_appendix.inputs.registry import PRINTED, REFERENCE, STRUCTURE, YEAR, registry

IGNORED_NAMES = ("README.md", "README.txt")
TEMPLATES_FOLDER = "templates"
ACCEPTED = (".csv", ".xlsx")


def _add(problems: list[Problem], found) -> None:
    for p in found:
        if p not in problems:
            problems.append(p)


def _skip(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$") or name in IGNORED_NAMES or name.endswith(".md")


def _unsupported(shown: str, suffix: str) -> Problem:
    why = {
        ".xls": "an Excel 97-2003 .xls workbook (open it in Excel and save it as .xlsx or as CSV UTF-8)",
        ".ods": "an OpenDocument spreadsheet (save it as .xlsx or as CSV UTF-8)",
        ".txt": "a .txt file (name a comma-separated table .csv)",
    }.get(suffix, f"a '{suffix}' file" if suffix else "a file without extension")
    return Problem(shown, None, None, "a .csv table (UTF-8, UTF-8 with BOM, or Big5/cp950) or an .xlsx workbook", why)


def _attempt(problems: list[Problem], read, *args) -> object:
    """``read(*args)``; its input problems are added to ``problems`` (None is returned)."""
    try:
        return read(*args)
    except InputError as exc:
        _add(problems, exc.problems)
        return None


def check_year(computation, year: int) -> tuple[list[Problem], list[str]]:
    """Every problem of the year's inputs, and warnings; computes every chapter of the year.

    Raises ChapterError when a chapter's calculation fails on valid inputs, and
    ConfigurationError when the project's own definitions disagree."""
    from sustainability_appendix.inputs.tables import read_raw
    from sustainability_appendix.review.reconcile import reconcile

    project, store = computation.project, computation.store
    folder = project.raw_dir(year)
    if not folder.is_dir():
        return [Problem(project.relative(folder), None, None, "a folder of raw data for this year", "no such folder")], []
    files = registry()
    problems: list[Problem] = []
    warnings: list[str] = []

    from sustainability_appendix.inputs.workbook import check_folder, given_sheets, workbooks

    books = set(workbooks(folder))
    by_stem: dict[str, list] = {}
    for path in sorted(folder.iterdir()):
        if _skip(path.name):
            continue
        if path.is_dir():
            if path.name != TEMPLATES_FOLDER:
                warnings.append(f"{project.relative(path)}/: sub-folders are not read")
            continue
        if path.suffix.lower() not in ACCEPTED:
            problems.append(_unsupported(project.relative(path), path.suffix.lower()))
            continue
        if path in books:
            continue
        by_stem.setdefault(path.stem, []).append(path)
    found, said = check_folder(folder, project.relative)
    _add(problems, found)
    warnings += said

    def read(stem: str, y: int) -> None:
        table = _attempt(problems, store.table, YEAR, stem, y)
        if table is not None:
            warnings.extend(w for w in table.attrs.get("warnings", []) if w not in warnings)

    for stem, paths in by_stem.items():
        if len(paths) > 1:
            problems.append(Problem(project.relative(paths[0]), None, None,
                                    f"one file named {stem} (the build would read {stem}.csv and ignore the rest)",
                                    ", ".join(p.name for p in paths)))
        if (YEAR, stem) in files:
            read(stem, year)
        else:
            _attempt(problems, read_raw, paths[0], project.relative(paths[0]))
            warnings.append(f"{project.relative(paths[0])}: no input file of that name is registered, "
                            "so no chapter reads it")
    for stem in given_sheets(folder):
        if stem not in by_stem:
            read(stem, year)

    for (area, stem), spec in files.items():
        if area == YEAR and spec.required and not store.exists(YEAR, stem, year):
            problems.append(Problem(f"data/raw/{year}/{stem}.csv", None, None,
                                    f"this input file to exist ({spec.purpose.split('. ')[0].rstrip('.')})",
                                    "no such file"))
        elif area == REFERENCE:
            _attempt(problems, store.table, REFERENCE, stem)
        elif area == STRUCTURE:
            _attempt(problems, store.table, STRUCTURE, stem)

    names = {c.name for c in computation.chapters}
    printed = project.printed_dir(year)
    if printed.is_dir():
        for path in sorted(printed.iterdir()):
            if _skip(path.name) or not path.is_file():
                continue
            if path.stem in names or path.stem in REPORT_FILES:
                _attempt(problems, store.table, PRINTED, path.stem, year)
            else:
                warnings.append(f"{project.relative(path)}: no chapter named '{path.stem}' reconciles it")

    # the files of the earlier years the chapters build on, each on its own, so that their
    # problems are listed with this year's even where this year's own files stop a chapter
    for chapter in computation.chapters:
        for earlier in computation.history(chapter.name, year):
            for reads in chapter.reads:
                if earlier != year and reads.area == YEAR and (YEAR, reads.stem) in files:
                    read(reads.stem, earlier)

    failures: list[ChapterError] = []
    for chapter in computation.chapters:
        try:
            result = computation.result(chapter.name, year)
        except InputError as exc:
            _add(problems, exc.problems)
            continue
        except ChapterError as exc:
            failures.append(exc)
            continue
        table = _attempt(problems, store.printed, year, chapter.name)
        if table is None:
            continue
        try:
            reconcile(result, table)
        except ConfigurationError:
            known = {m.metric_id for m in result.metrics}
            for row, metric in table["metric_id"].items():
                if metric and metric not in known:
                    _add(problems, [Problem(table.attrs.get("source_file", ""), int(row), "metric_id",
                                            f"a metric chapter '{chapter.name}' computes, or blank", metric)])
    if not failures:  # what the year's claims and targets name must be figures the appendix has
        from sustainability_appendix.review.audit.claims import reference_problems

        _add(problems, reference_problems(computation, year))
    if failures and not problems:
        raise failures[0]
    if not problems:  # figures outside their plausible range: the analyst checks or confirms them
        from sustainability_appendix.review.audit.plausibility import plausibility_warnings
        from sustainability_appendix.review.results import YearResults

        warnings += plausibility_warnings(YearResults(computation, year))
    return problems, warnings


def describe_year(computation, year: int) -> list[str]:
    """One line per file of the year's folders: what it is, its rows, who reads it."""
    from sustainability_appendix.inputs.registry import readers, registry

    project, store = computation.project, computation.store
    found = []
    for (area, stem), file in registry().items():
        if area == YEAR and store.exists(YEAR, stem, year):
            found.append((YEAR, stem, file))
    printed = project.printed_dir(year)
    for path in sorted(printed.iterdir()) if printed.is_dir() else []:
        if _skip(path.name) or not path.is_file() or path.suffix.lower() not in ACCEPTED:
            continue
        if (PRINTED, path.stem) in registry() or path.stem in {c.name for c in computation.chapters}:
            from sustainability_appendix.inputs.registry import spec

            found.append((PRINTED, path.stem, spec(PRINTED, path.stem)))
    lines = []
    for area, stem, file in found:
        table = store.table(area, stem, year)
        rows = 0 if table is None else len(table)
        who = ", ".join(name for name, _ in readers(file)) or (
            "the review" if area == PRINTED or file.reviewed else "no chapter")
        lines.append((store.shown(store.location(area, stem, year)),
                      f"{rows} rows, read by {who} — {file.schema.description}"))
    return [f"{where}: {what}" for where, what in sorted(lines)]


def validate_year(computation, year: int) -> list[str]:
    """Raise InputError with every problem found in the year's inputs; return the warnings."""
    problems, warnings = check_year(computation, year)
    if problems:
        raise InputError(problems)
    return warnings
