"""One registry of every input file: where it lives, its schema, what it is for.

Four areas hold input files:

- ``year``: ``data/raw/<year>/<stem>.csv`` (or ``.xlsx``), what an analyst supplies
  each year (quantities, factors, the workforce tables, ...);
- ``reference``: ``data/reference/<stem>.csv``, tables that hold for every year
  (item catalogues, vocabularies, audit declarations, factor announcements);
- ``printed``: ``data/printed/<year>/<stem>.csv``, the figures a year's report
  printed (one file per chapter) and the notes about them, used only to review;
- ``structure``: ``data/printed/<stem>.csv``, the structure of the report's
  GRI content index and SDG table.

Each file is an :class:`InputFile`: its schema (columns, units, rules of each
cell), one line saying what it holds, whether every year must have it, the
rules across its rows, and the rows a new year's template starts with. Which
chapters read a file, and which of its items, comes from the chapters'
declarations (``chapters/__init__.py``); :func:`readers` puts the two together.
``appendix validate`` checks and documents every file from here, and
``appendix new-year`` writes every template from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sustainability_appendix.inputs.tables import Schema

YEAR, REFERENCE, PRINTED, STRUCTURE = "year", "reference", "printed", "structure"
AREAS = {
    YEAR: "data/raw/<year>/",
    REFERENCE: "data/reference/",
    PRINTED: "data/printed/<year>/",
    STRUCTURE: "data/printed/",
}

Rows = list[dict[str, object]]


@dataclass(frozen=True)
class RuleContext:
    """What the rules across a file's rows may look at besides the file itself."""

    year: int | None
    codes: Callable[[str], tuple[str, ...]]  # a vocabulary's codes
    reference: Callable[[str], object]  # a reference table (pandas DataFrame), validated


@dataclass(frozen=True)
class InputFile:
    """One input file. ``stem`` is its name without ``.csv``/``.xlsx``; in the ``printed``
    area, ``*`` stands for a chapter's name."""

    stem: str
    area: str
    schema: Schema
    purpose: str
    required: bool = False
    rules: Callable | None = None  # (table, TableCheck, RuleContext) -> None
    template: Callable | None = None  # (Project, year) -> Rows, for a new year
    items: str = ""  # the column naming items chapters read one by one ("item", "factor")
    unit: str = ""  # the unit of its values, when one unit holds for the whole file
    reviewed: bool = False  # a year's file that the review reads, not a chapter (confirmations)

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise ValueError(f"unknown area {self.area!r}")

    @property
    def location(self) -> str:
        return AREAS[self.area] + f"{self.stem}.csv"

    @property
    def year_column(self) -> bool:
        """Whether a ``year`` column, when the file has one, must equal the year of the folder."""
        return self.area == YEAR

    def template_rows(self, project, year: int) -> Rows:
        return self.template(project, year) if self.template is not None else []


def _all() -> tuple[InputFile, ...]:
    from sustainability_appendix.inputs import printed_files, reference_files, year_files

    return (*year_files.FILES, *reference_files.FILES, *printed_files.FILES)


_REGISTRY: dict[tuple[str, str], InputFile] | None = None


def registry() -> dict[tuple[str, str], InputFile]:
    """Every input file by (area, stem)."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[tuple[str, str], InputFile] = {}
        for spec in _all():
            key = (spec.area, spec.stem)
            if key in found:
                raise ValueError(f"input file {spec.location} is declared twice")
            found[key] = spec
        _REGISTRY = found
    return _REGISTRY


def spec(area: str, stem: str) -> InputFile:
    try:
        return registry()[(area, stem)]
    except KeyError:
        if area == PRINTED and (PRINTED, "*") in registry() and stem != "notes":
            return registry()[(PRINTED, "*")]
        raise KeyError(f"no input file {AREAS.get(area, area)}{stem}.csv in the registry") from None


def year_files() -> list[InputFile]:
    return [s for s in registry().values() if s.area == YEAR]


def readers(spec_: InputFile) -> list[tuple[str, tuple[str, ...] | None]]:
    """The chapters that read a file, each with the items it reads (None: the whole file)."""
    from sustainability_appendix.chapters import CHAPTERS

    out = []
    for chapter in CHAPTERS:
        for reads in chapter.reads:
            if reads.area == spec_.area and reads.stem == spec_.stem:
                out.append((chapter.name, reads.items))
    return out
