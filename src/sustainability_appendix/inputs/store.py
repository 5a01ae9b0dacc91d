"""Reading the input files: each file read and validated at most once, each chapter
handed only what it declares.

:class:`InputStore` reads any registered file of a project (``registry``),
validates it against its schema and rules, and keeps the result, a problem
included, so that one pass over the data reads every file once. It records
who read which file, for the provenance manifest.

:class:`ChapterFiles` is what a chapter's ``load`` gets: the files and items
of one year that its entry in ``chapters/__init__.py`` declares, nothing else.
Asking for anything undeclared raises :class:`ConfigurationError`: the
declarations are what the build's rebuild keys are made of, so they must be
complete.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sustainability_appendix.errors import ConfigurationError, InputError, Problem
from sustainability_appendix.inputs.quantities import Factors, Quantities
from sustainability_appendix.inputs.registry import PRINTED, REFERENCE, STRUCTURE, YEAR, RuleContext, spec
from sustainability_appendix.inputs.tables import TableCheck, find_input, read_raw, read_table
from sustainability_appendix.inputs.workbook import Location, locate
from sustainability_appendix.project import Project


class InputStore:
    """The validated input files of one project, read on demand, each once."""

    def __init__(self, project: Project, memo=None):
        self.project = project
        # validated tables kept between builds (memo.TableMemo), or None
        self.memo = memo
        self._tables: dict[tuple[str, str, int | None], pd.DataFrame | None | InputError] = {}
        self._locations: dict[tuple[str, str, int | None], Location] = {}
        # file -> who read it: (chapter, year of the calculation) or ("review", year reviewed)
        self.readers: dict[Path, set[tuple[str, int | None]]] = {}
        self._resolved: dict[Path, Path | None] = {}  # a path as noted: resolved, or None if absent
        self._items: dict[tuple[str, int], Quantities | Factors] = {}
        self._codes: dict[str, tuple[str, ...]] = {}

    # --- where files are ---------------------------------------------------------------------
    def folder(self, area: str, year: int | None = None) -> Path:
        p = self.project
        return {YEAR: lambda: p.raw_dir(year), REFERENCE: lambda: p.reference_dir,
                PRINTED: lambda: p.printed_dir(year), STRUCTURE: lambda: p.printed_root}[area]()

    def location(self, area: str, stem: str, year: int | None = None) -> Location:
        """Where the file is: a file of its folder or, for a year's file, a sheet of the year's workbook."""
        key = (area, stem, year if area in (YEAR, PRINTED) else None)
        if key not in self._locations:
            folder = self.folder(area, year)
            self._locations[key] = locate(folder, stem) if area == YEAR else Location(find_input(folder, stem))
        return self._locations[key]

    def path(self, area: str, stem: str, year: int | None = None) -> Path:
        """The file holding it (the workbook, for a sheet)."""
        return self.location(area, stem, year).path

    def exists(self, area: str, stem: str, year: int | None = None) -> bool:
        return self.location(area, stem, year).exists()

    def shown(self, path: Path | Location) -> str:
        if isinstance(path, Location):
            return path.shown(self.project.relative)
        return self.project.relative(path)

    def note_reader(self, path: Path, reader: tuple[str, int | None] | None) -> None:
        if not reader:
            return
        if path not in self._resolved:
            self._resolved[path] = path.resolve() if path.exists() else None
        if self._resolved[path] is not None:
            self.readers.setdefault(self._resolved[path], set()).add(reader)

    # --- reading -----------------------------------------------------------------------------
    def table(self, area: str, stem: str, year: int | None = None,
              reader: tuple[str, int | None] | None = None) -> pd.DataFrame | None:
        """The validated table; None when the file is absent and not required.

        Raises InputError (every problem of the file) when it is invalid, or absent
        though required; the outcome is kept, so a second call costs nothing."""
        key = (area, stem, year if area in (YEAR, PRINTED) else None)
        location = self.location(area, stem, year)
        self.note_reader(location.path, reader)
        if key not in self._tables:
            self._tables[key] = self._read(area, stem, year, location)
        found = self._tables[key]
        if isinstance(found, InputError):
            raise found
        return found

    def _read(self, area: str, stem: str, year: int | None, location: Location) -> pd.DataFrame | None | InputError:
        file = spec(area, stem)
        shown = self.shown(location)
        path = location.path
        if not path.exists():
            if file.required or area in (REFERENCE,):
                return InputError(Problem(shown, None, None, f"this input file to exist ({file.purpose.split('. ')[0]})",
                                          "no such file"))
            return None
        what = (area, stem, year, shown)
        kept = self.memo.get(what, path, location.sheet) if self.memo is not None else None
        if kept is not None:
            return kept
        try:
            if area == PRINTED and read_raw(path, shown).empty:  # header only: nothing printed yet
                table = pd.DataFrame(columns=file.schema.column_names)
                table.attrs["source_file"] = shown
            else:
                codes = {v: self.codes(v) for v in file.schema.vocabularies}
                schema = file.schema.with_codes(codes) if codes else file.schema
                context = RuleContext(year=year if area == YEAR else None, codes=self.codes,
                                      reference=self.reference)
                rules = (lambda t, c: file.rules(t, c, context)) if file.rules else None
                table = read_table(path, schema, year=year if file.year_column else None, row_rules=rules,
                                   shown=shown, sheet=location.sheet, below_instructions=location.sheet is not None)
        except InputError as exc:
            return exc
        if self.memo is not None:
            self.memo.put(what, path, location.sheet, table)
        return table

    def reference(self, stem: str) -> pd.DataFrame:
        table = self.table(REFERENCE, stem)
        assert table is not None
        return table

    def codes(self, vocabulary: str) -> tuple[str, ...]:
        """The codes of a vocabulary: the first column of ``data/reference/<stem>.csv``, or with
        ``<stem>:<name>`` the ``code`` of the rows whose ``vocabulary`` is ``name``."""
        if vocabulary not in self._codes:
            stem, _, name = vocabulary.partition(":")
            table = self.reference(stem)
            self._codes[vocabulary] = (tuple(table.loc[table["vocabulary"] == name, "code"]) if name
                                       else tuple(table.iloc[:, 0]))
        return self._codes[vocabulary]

    def quantities(self, year: int, reader: tuple[str, int | None] | None = None) -> Quantities:
        return self._item_table(Quantities, "quantities", year, reader)

    def factors(self, year: int, reader: tuple[str, int | None] | None = None) -> Factors:
        return self._item_table(Factors, "factors", year, reader)

    def _item_table(self, kind, stem: str, year: int, reader):
        table = self.table(YEAR, stem, year, reader)
        assert table is not None  # a required file
        if (stem, year) not in self._items:
            self._items[(stem, year)] = kind(year, table)
        return self._items[(stem, year)]

    def printed(self, year: int, chapter: str, reader: tuple[str, int | None] | None = None) -> pd.DataFrame:
        """The figures the year's report printed for a chapter (empty when none)."""
        table = self.table(PRINTED, chapter, year, reader)
        if table is None:
            table = pd.DataFrame(columns=spec(PRINTED, chapter).schema.column_names)
            table.attrs["source_file"] = f"data/printed/{year}/{chapter}.csv"
        return table

    def files_read(self, wanted=lambda reader: True) -> dict[Path, set[str]]:
        """The files read, each with the names of its readers; ``wanted(reader)`` selects readers."""
        out: dict[Path, set[str]] = {}
        for path, readers in self.readers.items():
            names = {name for name, year in readers if wanted((name, year))}
            if names:
                out[path] = names
        return out


class ChapterFiles:
    """The inputs one chapter may read for one year: its declared files and items."""

    def __init__(self, store: InputStore, chapter, year: int):
        self.store = store
        self.chapter = chapter
        self.year = year

    @classmethod
    def of(cls, name: str, project: Project, year: int, store: InputStore | None = None) -> ChapterFiles:
        from sustainability_appendix.chapters import chapter

        return cls(store or InputStore(project), chapter(name), year)

    @property
    def project(self) -> Project:
        return self.store.project

    @property
    def reader(self) -> tuple[str, int]:
        return (self.chapter.name, self.year)

    def _declared(self, area: str, stem: str):
        for reads in self.chapter.reads:
            if reads.area == area and reads.stem == stem:
                return reads
        raise ConfigurationError(f"chapter '{self.chapter.name}' reads {area} file '{stem}', which it does not "
                                 "declare (add it to its Reads in chapters/__init__.py)")

    def exists(self, stem: str) -> bool:
        self._declared(YEAR, stem)
        return self.store.exists(YEAR, stem, self.year)

    def table(self, stem: str) -> pd.DataFrame | None:
        """A file of the year, validated; None when the year does not have it."""
        self._declared(YEAR, stem)
        return self.store.table(YEAR, stem, self.year, self.reader)

    def reference(self, stem: str) -> pd.DataFrame:
        self._declared(REFERENCE, stem)
        self.store.note_reader(self.store.path(REFERENCE, stem), self.reader)
        return self.store.reference(stem)

    def quantities(self) -> Quantities:
        reads = self._declared(YEAR, "quantities")
        return self.store.quantities(self.year, self.reader).restricted(reads.items or (), self.chapter.name)

    def factors(self) -> Factors:
        reads = self._declared(YEAR, "factors")
        return self.store.factors(self.year, self.reader).restricted(reads.items or (), self.chapter.name)


def collect(*loaders) -> list:
    """Run loaders that may raise InputError; return their results, or raise every problem at once."""
    problems: list[Problem] = []
    out = []
    for load in loaders:
        try:
            out.append(load())
        except InputError as exc:
            problems += [p for p in exc.problems if p not in problems]
            out.append(None)
    if problems:
        raise InputError(problems)
    return out


def check(table: pd.DataFrame) -> TableCheck:
    """A collector of problems for cross-file rules, naming the table's file."""
    return TableCheck(table)
