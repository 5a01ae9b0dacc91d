"""The input files of a reporting year, as one registry.

Every file an analyst supplies in ``data/raw/<year>/`` is described once, by an
:class:`InputFile`: its schema (columns, units, rules), one line saying what it
holds, whether every year must have it, how to read and check it, and the rows
a new year's template starts with. ``appendix validate`` checks every file of a
year against this registry, and ``appendix new-year`` writes the templates and
the folder's ``README.md`` from it.

How a chapter plugs in
----------------------
A chapter module that owns input files declares them in a module-level tuple::

    INPUT_FILES = (
        InputFile("ghg_inventory", INVENTORY_SCHEMA,
                  "Scope 1 and 2 emissions by inventoried site (report 3.1.2).",
                  required=False),
    )

and lists what it reads in its ``Chapter(..., reads=...)`` entry in
``chapters/__init__.py`` (the build's dependency rule). Files several chapters
share are declared here, in :data:`SHARED`. Optional hooks of an InputFile:

- ``read(path, year)``: read and check the file, raising ``InputError`` with
  every problem (default: ``read_table(path, schema, year=year)``, which checks
  types, ranges, required columns, duplicate keys and a ``year`` column against
  the folder's year). Give it when the file has rules across rows (parts adding
  up to totals, units matching items).
- ``template(year)``: the rows a new year's file starts with, as a list of dicts
  (default: none, the file is written with its header only). ``quantities``
  lists every item with its unit and an empty value; ``factors`` copies the
  previous year's with ``review`` marked.
- ``required=False`` files are not created in the year folder by the scaffold
  (an empty table is not valid input): their header-only templates go to
  ``data/raw/<year>/templates/``, to be copied up when the year has such data.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sustainability_appendix.project import raw_dir
from sustainability_appendix.inputs.tables import Schema, read_raw, read_table

Rows = list[dict[str, object]]


@dataclass(frozen=True)
class InputFile:
    """One input file of a reporting year: ``data/raw/<year>/<stem>.csv`` (or ``.xlsx``)."""

    stem: str
    schema: Schema
    purpose: str
    required: bool = False
    read: Callable[[Path, int], object] | None = None
    template: Callable[[int], Rows] | None = None
    owner: str = ""  # the chapter module declaring it; "" for shared files

    def check(self, path: Path, year: int) -> object:
        """Read ``path`` as this file of ``year``; raise InputError with every problem."""
        if self.read is not None:
            return self.read(path, year)
        return read_table(path, self.schema, year=year)

    def template_rows(self, year: int) -> Rows:
        return self.template(year) if self.template is not None else []


# ---- the files several chapters share ------------------------------------------------------

def _read_quantities(path: Path, year: int):
    from sustainability_appendix.inputs.quantities import load_quantities

    return load_quantities(year, folder=path.parent)


def _read_factors(path: Path, year: int):
    from sustainability_appendix.inputs.quantities import load_factors

    return load_factors(year, folder=path.parent)


def _quantities_template(year: int) -> Rows:
    from sustainability_appendix.inputs.quantities import QUANTITIES

    return [{"item": item, "value": "", "unit": spec.unit, "source": "", "note": spec.label}
            for item, spec in QUANTITIES.items()]


def previous_year_with(stem: str, year: int) -> int | None:
    """The latest year before ``year`` whose folder has ``stem`` (.csv or .xlsx)."""
    from sustainability_appendix.project import available_years
    from sustainability_appendix.inputs.tables import find_input

    earlier = [y for y in available_years() if y < year and find_input(raw_dir(y), stem).exists()]
    return earlier[-1] if earlier else None


def _factors_template(year: int) -> Rows:
    from sustainability_appendix.inputs.quantities import FACTORS_SCHEMA, REQUIRED_FACTORS
    from sustainability_appendix.inputs.tables import find_input

    source_year = previous_year_with("factors", year)
    if source_year is None:
        return [{"factor": f, "value": "", "unit": unit, "applies_to_year": "", "source": "",
                 "review": f"new for {year}: fill in value, applies_to_year and source, then clear this cell"}
                for f, unit in REQUIRED_FACTORS.items()]
    table = read_raw(find_input(raw_dir(source_year), "factors"))
    columns = FACTORS_SCHEMA.column_names
    rows = []
    for _, rec in table.iterrows():
        row = {c: rec.get(c, "") for c in columns}
        row["review"] = (f"copied from {source_year}: check value, applies_to_year and source for {year}, "
                         "then clear this cell")
        rows.append(row)
    return rows


def _shared() -> tuple[InputFile, ...]:
    from sustainability_appendix.inputs.quantities import FACTORS_SCHEMA, QUANTITIES_SCHEMA

    return (
        InputFile("quantities", QUANTITIES_SCHEMA,
                  "One row per measured quantity of the year (electricity, gasoline, employees, water, paper, ...), "
                  "each in the unit its item requires, with the report section or system it comes from. "
                  "Delete the row of an item the year did not report (validation names the items a chapter "
                  "cannot do without).",
                  required=True, read=_read_quantities, template=_quantities_template),
        InputFile("factors", FACTORS_SCHEMA,
                  "Conversion and emission factors used for the year, each with the data year it was published "
                  "for (applies_to_year) and its publisher. A non-empty 'review' cell stops the build: clear it "
                  "once the factor has been checked for this year.",
                  required=True, read=_read_factors, template=_factors_template),
    )


def _chapter_files() -> list[InputFile]:
    from sustainability_appendix.chapters import CHAPTERS

    files = []
    for chapter in CHAPTERS:
        module = importlib.import_module(f"sustainability_appendix.chapters.{chapter.name}")
        for spec in getattr(module, "INPUT_FILES", ()):
            files.append(spec if spec.owner else _with_owner(spec, chapter.name))
    return files


def _with_owner(spec: InputFile, owner: str) -> InputFile:
    from dataclasses import replace

    return replace(spec, owner=owner)


def registry() -> dict[str, InputFile]:
    """Every known input file by stem: the shared ones, then each registered chapter's."""
    found: dict[str, InputFile] = {}
    for spec in (*_shared(), *_chapter_files()):
        if spec.stem in found and found[spec.stem] is not spec:
            raise ValueError(f"input file '{spec.stem}' is declared twice "
                             f"({found[spec.stem].owner or 'shared'} and {spec.owner or 'shared'})")
        found[spec.stem] = spec
    return found
