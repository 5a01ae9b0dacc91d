"""``appendix new-year YYYY``: the folders and templates of a new reporting year.

Writes, from the input-file registry (:mod:`sustainability_appendix.inputs.registry`),
so that a chapter declaring its ``INPUT_FILES`` gets its templates here too:

- ``data/raw/YYYY/README.md``: what to do, then every input file with its
  purpose and its columns (rule, unit, whether required);
- ``data/raw/YYYY/<stem>.csv`` for every required file: ``quantities.csv`` lists
  every item with its unit and an empty value; ``factors.csv`` is the previous
  year's, every row marked in ``review`` (the build refuses the year until each
  factor is checked and its ``review`` cell cleared);
- ``data/raw/YYYY/templates/<stem>.csv``: header-only templates of the optional
  files (an empty table is not valid input, so they are copied up only when the
  year has such data);
- ``data/printed/YYYY/<chapter>.csv``: the printed-figures header for every
  chapter (a header-only file means "nothing printed yet"), plus ``README.md``.

Files of the previous year that no registered chapter describes are listed in
the README, to be supplied the way the previous year was. Nothing existing is
ever overwritten: an existing ``data/raw/YYYY`` is refused, and in
``data/printed/YYYY`` only missing files are written. The raw folder is written
in a temporary folder first and renamed into place, so it appears complete or
not at all.
"""

from __future__ import annotations

import csv
import io
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sustainability_appendix.project import available_years, printed_dir, raw_dir, relative


class ScaffoldError(Exception):
    """The year cannot be scaffolded (it exists already, or the year is not a year)."""


@dataclass
class Scaffold:
    year: int
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # existing printed files left as they were


def _csv_text(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})
    return out.getvalue()


def _column_lines(spec) -> list[str]:
    lines = ["| column | rule | required | what |", "| --- | --- | --- | --- |"]
    for col in spec.schema.columns:
        rule = col.rule()
        if col.allow_blank:
            rule += "; may be empty"
        lines.append(f"| `{col.name}` | {rule} | {'yes' if col.required else 'no'} | {col.description} |")
    if spec.schema.key:
        lines.append("")
        lines.append(f"One row per {' + '.join(f'`{k}`' for k in spec.schema.key)}.")
    return lines


def _readme(year: int, files: dict, required: list, optional: list, others: list[str], factors_from: int | None) -> str:
    from sustainability_appendix.inputs.quantities import QUANTITIES

    lines = [
        f"# Inputs of reporting year {year}",
        "",
        f"Written by `appendix new-year {year}`. Fill in the files below, then run",
        "",
        "```sh",
        f".venv/bin/appendix validate --year {year}   # every problem, with file, row, column and rule",
        f".venv/bin/appendix build --year {year}",
        "```",
        "",
        "Files may be CSV (UTF-8, UTF-8 with BOM, or Big5/cp950) or `.xlsx` with the same columns; keep one",
        "file per name. Give every value the report section, meter or system it comes from in `source`.",
        "",
        "## What to do",
        "",
        f"1. `quantities.csv`: fill in `value` and `source` of every item. Delete the row of an item the year did "
        "not report: its figures are then shown as not computable, and `appendix validate` names any item a "
        "chapter cannot do without. Units are fixed per item:",
        "",
    ]
    lines += [f"   - `{item}`: {spec.unit} — {spec.label}" for item, spec in QUANTITIES.items()]
    lines += [""]
    if factors_from is not None:
        lines.append(f"2. `factors.csv` is a copy of {factors_from}'s. For each factor check `value`, `applies_to_year` "
                     "(the data year it was published for) and `source` against this year's announcement, then clear "
                     "its `review` cell. The build refuses the year while any `review` cell is filled.")
    else:
        lines.append("2. `factors.csv`: fill in every factor's `value`, `applies_to_year` and `source`, then clear "
                     "its `review` cell. The build refuses the year while any `review` cell is filled.")
    lines += [
        "3. Optional files (templates in `templates/`): copy one up into this folder and fill it only when "
        "the year has such data.",
        f"4. Once the report is printed, add its figures to `data/printed/{year}/<chapter>.csv` to reconcile "
        "against (see the README there).",
        "",
        "## Files",
        "",
    ]
    for spec in required + optional:
        where = spec.stem + ".csv" if spec.required else f"templates/{spec.stem}.csv"
        owner = f" (chapter {spec.owner})" if spec.owner else " (shared)"
        lines += [f"### `{spec.stem}` — {'required' if spec.required else 'optional'}{owner}", "",
                  spec.purpose, "", f"Template: `{where}`.", ""]
        lines += _column_lines(spec) + [""]
    if others:
        lines += ["## Other files the previous year had", "",
                  "No chapter describes these files yet; supply them as the previous year did (same columns), "
                  "updating every value and the `year` column if there is one:", ""]
        lines += [f"- `{name}`" for name in others] + [""]
    return "\n".join(lines)


def _printed_readme(year: int) -> str:
    from sustainability_appendix.review.reconcile import PRINTED_SCHEMA

    class _Spec:
        schema = PRINTED_SCHEMA

    lines = [f"# Figures the {year} report printed", "",
             "One file per chapter, used only to reconcile the recomputed figures against the report. A file "
             "with its header only means nothing has been transcribed yet: the chapter is built without a "
             "reconciliation. Transcribe each figure exactly as printed (`7,491.88`, `19.01%`, `5 萬 4,176`).", ""]
    return "\n".join(lines + _column_lines(_Spec) + [""])


def new_year(year: int) -> Scaffold:
    """Create ``data/raw/<year>/`` and ``data/printed/<year>/`` with templates; never overwrite."""
    from sustainability_appendix.chapters import CHAPTERS
    from sustainability_appendix.inputs.registry import previous_year_with, registry
    from sustainability_appendix.review.reconcile import PRINTED_SCHEMA
    from sustainability_appendix.inputs.tables import find_input  # noqa: F401

    if not 1900 <= year <= 2200:
        raise ScaffoldError(f"{year} is not a reporting year")
    target = raw_dir(year)
    if target.exists():
        raise ScaffoldError(f"{relative(target)} exists already; new-year never overwrites a year "
                            "(move it away first to start over)")
    files = registry()
    required = [s for s in files.values() if s.required]
    optional = [s for s in files.values() if not s.required]
    earlier = [y for y in available_years() if y < year]
    others = []
    if earlier:
        last = raw_dir(earlier[-1])
        others = sorted(p.name for p in last.iterdir()
                        if p.is_file() and p.suffix.lower() in (".csv", ".xlsx") and p.stem not in files)
    result = Scaffold(year)

    staging = target.with_name(f".{year}.new-{uuid.uuid4().hex[:8]}")
    try:
        (staging / "templates").mkdir(parents=True)
        for spec in required:
            (staging / f"{spec.stem}.csv").write_text(
                _csv_text(spec.schema.column_names, spec.template_rows(year)), encoding="utf-8")
        for spec in optional:
            (staging / "templates" / f"{spec.stem}.csv").write_text(
                _csv_text(spec.schema.column_names, spec.template_rows(year)), encoding="utf-8")
        (staging / "README.md").write_text(
            _readme(year, files, required, optional, others, previous_year_with("factors", year)), encoding="utf-8")
        if target.exists():  # created meanwhile
            raise ScaffoldError(f"{relative(target)} exists already")
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.written += sorted(p for p in target.rglob("*") if p.is_file())

    printed = printed_dir(year)
    printed.mkdir(parents=True, exist_ok=True)
    wanted = {f"{c.name}.csv": _csv_text(PRINTED_SCHEMA.column_names, []) for c in CHAPTERS}
    wanted["README.md"] = _printed_readme(year)
    for name, text in wanted.items():
        path = printed / name
        if path.exists():
            result.kept.append(path)
            continue
        path.write_text(text, encoding="utf-8")
        result.written.append(path)
    return result
