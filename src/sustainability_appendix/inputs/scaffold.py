"""``appendix new-year YYYY``: the folders and templates of a new reporting year.

Writes, from the input-file registry (:mod:`sustainability_appendix.inputs.registry`),
so that a chapter declaring its ``INPUT_FILES`` gets its templates here too:

- ``data/raw/YYYY/README.md``: what to do, then every input file with its
  purpose and its columns (rule, unit, whether required);
- ``data/raw/YYYY/<stem>.csv`` for every required file: ``quantities.csv`` lists
  every item with its unit and an empty value; ``factors.csv`` is the previous
  year's, every row marked in ``review`` (the build refuses the year until each
  factor is checked and its ``review`` cell cleared);
- ``data/raw/YYYY/templates/<stem>.csv``: header-only templates of every other
  file (an empty table is not valid input, so they are copied up only when the
  year has such data);
- ``data/raw/YYYY/inputs_YYYY.xlsx``: the same in one workbook, a sheet per input
  file with its instructions, drop-down lists and number validation
  (:mod:`sustainability_appendix.inputs.workbook`): an analyst may work in Excel
  alone (a file of the folder takes precedence over its sheet);
- ``data/printed/YYYY/<chapter>.csv``: the printed-figures header for every
  chapter (a header-only file means "nothing printed yet"), ``notes.csv`` and
  ``README.md``.

Nothing existing is ever overwritten: an existing ``data/raw/YYYY`` is refused, and in
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

from sustainability_appendix.project import Project


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


def _read_by(spec) -> str:
    from sustainability_appendix.inputs.registry import readers

    found = readers(spec)
    if not found:
        return "Read by the review only." if spec.area != "year" or spec.reviewed else "Read by no chapter yet."
    parts = [f"`{name}`" + (f" (items {', '.join(f'`{i}`' for i in items)})" if items else "")
             for name, items in found]
    return "Read by " + "; ".join(parts) + "."


def file_sections(specs) -> list[str]:
    """The documentation of input files: purpose, readers, columns."""
    lines = []
    for spec in specs:
        where = spec.location
        lines += [f"### `{where}` — {'required' if spec.required else 'optional'}", "", spec.purpose, "",
                  _read_by(spec), ""]
        lines += _column_lines(spec) + [""]
    return lines


def _plain(value: float) -> str:
    """A number without exponent: 0.0000041868, not 4.1868e-06."""
    import numpy as np

    return np.format_float_positional(float(value), trim="-")


def factor_lines(project: Project, year: int) -> list[str]:
    """For each factor: the value the previous year used and the latest announced for ``year``."""
    from sustainability_appendix.inputs.store import InputStore
    from sustainability_appendix.inputs.year_files import latest_announced, previous_year_with

    store = InputStore(project)
    announcements = store.reference("factor_announcements")
    source_year = previous_year_with(project, "factors", year)
    used = {}
    if source_year is not None:
        table = store.table("year", "factors", source_year)
        used = {r.factor: (r.value, r.applies_to_year) for r in table.itertuples()} if table is not None else {}
    lines = []
    for r in store.reference("factor_catalogue").itertuples():
        before = ""
        if r.factor in used:
            value, vintage = used[r.factor]
            before = f"{source_year} used {_plain(value)}" + ("" if vintage is None or vintage != vintage
                                                        else f" (applies to {int(vintage)})") + "; "
        lines.append(f"   - `{r.factor}` ({r.unit}): {before}{latest_announced(announcements, r.factor, year)}")
    return lines


def _readme(project: Project, year: int, required: list, optional: list, factors_from: int | None) -> str:
    from sustainability_appendix.inputs.store import InputStore
    from sustainability_appendix.inputs.workbook import workbook_name

    items = InputStore(project).reference("quantity_items")
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
        f"**Or work in Excel alone**: `{workbook_name(year)}` holds a sheet per input file, with what to fill in,",
        "drop-down lists for the codes and number validation. Each sheet named after an input file stands for that",
        "file when the folder holds no file of that name: delete `quantities.csv` and `factors.csv` (the same rows are",
        "on their sheets) and fill the workbook. A sheet with its header only stands for nothing; the same file in two",
        "workbooks is an error.",
        "",
        "## What to do",
        "",
        "1. `quantities.csv`: fill in `value` and `source` of every item. Delete the row of an item the year did "
        "not report: its figures are then shown as not computable, and `appendix validate` names any item a "
        "chapter cannot do without. Units are fixed per item (`data/reference/quantity_items.csv`):",
        "",
    ]
    lines += [f"   - `{r.item}`: {r.unit} — {r.label}" for r in items.itertuples()]
    lines += [""]
    if factors_from is not None:
        lines.append(f"2. `factors.csv` is a copy of {factors_from}'s. For each factor check `value`, `applies_to_year` "
                     "(the data year it was published for), `status` and `source` against this year's announcement "
                     "(`data/reference/factor_announcements.csv` lists the announcements known so far; add a new one "
                     "there), then clear its `review` cell. The build refuses the year while any `review` cell is "
                     "filled. A factor not yet announced for the year keeps the latest announced value with "
                     "`status` `provisional`: every figure using it says so until it is replaced. The latest "
                     "announced values:")
    else:
        lines.append("2. `factors.csv`: fill in every factor's `value`, `applies_to_year`, `status` and `source`, then "
                     "clear its `review` cell. The build refuses the year while any `review` cell is filled. The "
                     "latest announced values (`data/reference/factor_announcements.csv`):")
    lines += ["", *factor_lines(project, year), ""]
    lines.append("   A value outside its plausible range (`data/reference/plausibility.csv`, e.g. ten times last "
                 "year's) is named by `appendix validate` and on the audit page until its row's `confirmed` cell "
                 "says why it is right.")
    lines += [
        "3. The other files (templates in `templates/`): copy one up into this folder and fill it when the year "
        "has such data; a chapter whose files are absent shows its figures as not reported.",
        f"4. Once the report is printed, add its figures to `data/printed/{year}/<chapter>.csv` to reconcile "
        "against, and remarks about it to `notes.csv` (see the README there).",
        "",
        "## Files",
        "",
    ]
    lines += file_sections(required + optional)
    return "\n".join(lines)


def input_files_reference() -> str:
    """Every input file of the registry, by area: what it holds, who reads it, its columns."""
    from sustainability_appendix.inputs.registry import AREAS, registry

    lines = ["# Input files", "",
             "Generated by `appendix inputs` from the input registry (`src/sustainability_appendix/inputs/`); "
             "`tests/test_one_pass.py` keeps it current.", ""]
    titles = {"year": "Files of a reporting year", "reference": "Reference tables (every year)",
              "printed": "What a year's report printed", "structure": "The report's structure"}
    for area, folder in AREAS.items():
        lines += [f"## {titles[area]}: `{folder}`", ""]
        lines += file_sections([s for (a, _), s in registry().items() if a == area])
    return "\n".join(lines).rstrip("\n") + "\n"


def _printed_readme(year: int) -> str:
    from sustainability_appendix.inputs.registry import PRINTED, registry

    lines = [f"# Figures the {year} report printed", "",
             "One file per chapter, used only to reconcile the recomputed figures against the report. A file "
             "with its header only means nothing has been transcribed yet: the chapter is built without a "
             "reconciliation. Transcribe each figure exactly as printed (`7,491.88`, `19.01%`, `5 萬 4,176`).", ""]
    specs = [s for (area, _), s in registry().items() if area == PRINTED]
    return "\n".join(lines + file_sections(specs))


def _workbook_readme(readme: str) -> list[str]:
    """The README of the year folder as lines of the workbook's README sheet (up to its file list)."""
    text = readme.split("\n## Files")[0]
    lines = [line.replace("`", "") for line in text.splitlines() if not line.startswith("```")]
    return [line for line in lines if line.strip()]


def new_year(project: Project, year: int) -> Scaffold:
    """Create ``data/raw/<year>/`` and ``data/printed/<year>/`` with templates; never overwrite."""
    from sustainability_appendix.chapters import CHAPTERS
    from sustainability_appendix.inputs.printed_files import CLAIMS, PRINTED_FIGURES, REPORT_NOTES
    from sustainability_appendix.inputs.registry import year_files
    from sustainability_appendix.inputs.workbook import workbook_name, write_workbook
    from sustainability_appendix.inputs.year_files import previous_year_with

    if not 1900 <= year <= 2200:
        raise ScaffoldError(f"{year} is not a reporting year")
    target = project.raw_dir(year)
    if target.exists():
        raise ScaffoldError(f"{project.relative(target)} exists already; new-year never overwrites a year "
                            "(move it away first to start over)")
    files = year_files()
    required = [s for s in files if s.required]
    optional = [s for s in files if not s.required]
    result = Scaffold(year)

    staging = target.with_name(f".{year}.new-{uuid.uuid4().hex[:8]}")
    try:
        (staging / "templates").mkdir(parents=True)
        for spec in required:
            (staging / f"{spec.stem}.csv").write_text(
                _csv_text(spec.schema.column_names, spec.template_rows(project, year)), encoding="utf-8")
        for spec in optional:
            (staging / "templates" / f"{spec.stem}.csv").write_text(
                _csv_text(spec.schema.column_names, spec.template_rows(project, year)), encoding="utf-8")
        readme = _readme(project, year, required, optional, previous_year_with(project, "factors", year))
        (staging / "README.md").write_text(readme, encoding="utf-8")
        write_workbook(project, year, staging / workbook_name(year), files, _workbook_readme(readme))
        if target.exists():  # created meanwhile
            raise ScaffoldError(f"{project.relative(target)} exists already")
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.written += sorted(p for p in target.rglob("*") if p.is_file())

    printed = project.printed_dir(year)
    printed.mkdir(parents=True, exist_ok=True)
    wanted = {f"{c.name}.csv": _csv_text(PRINTED_FIGURES.column_names, []) for c in CHAPTERS}
    wanted["notes.csv"] = _csv_text(REPORT_NOTES.column_names, [])
    wanted["claims.csv"] = _csv_text(CLAIMS.column_names, [])
    wanted["README.md"] = _printed_readme(year)
    for name, text in wanted.items():
        path = printed / name
        if path.exists():
            result.kept.append(path)
            continue
        path.write_text(text, encoding="utf-8")
        result.written.append(path)
    return result
