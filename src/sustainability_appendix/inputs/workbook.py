"""The year's workbook: one ``.xlsx`` whose sheets stand for the input files of a year.

The rule, for ``data/raw/<year>/``:

- an ``.xlsx`` file whose name is not an input file's (``inputs_2026.xlsx``, as
  ``appendix new-year`` writes it) is a workbook of input files;
- each of its sheets named after an input file of the year (the file's name cut at
  Excel's 31 characters: ``materiality_stakeholder_respons``) stands for that file
  when the folder holds no file of that name (``.csv`` or ``.xlsx``); a file of the
  folder takes precedence, and the sheet it hides is named in a warning;
- a sheet holding no data row (its header only) stands for nothing, like an absent file;
- one input file given in two workbooks is an error naming both; a sheet named after
  no input file is named in a warning (except the workbook's own ``README`` and
  ``lists`` sheets).

A sheet's header is the row holding the file's column names; the rows above it are
the workbook's instructions. Its cells are read as Excel shows them, as any ``.xlsx``
input (:func:`sustainability_appendix.inputs.tables.read_raw`).

:func:`write_workbook` writes the workbook of a new year: a sheet per input file with
its instructions, its header, the template rows, drop-down lists for coded columns
and number validation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sustainability_appendix.errors import InputError, Problem
from sustainability_appendix.inputs.tables import find_input, sheet_name

OWN_SHEETS = ("README", "lists")  # the workbook's instructions and the codes of its drop-down lists
INSTRUCTION_ROWS = 2  # rows above the header of each sheet
DATA_ROWS = 500  # rows below the header that carry validation


def workbook_name(year: int) -> str:
    return f"inputs_{year}.xlsx"


@dataclass(frozen=True)
class Location:
    """Where an input file is: a file, or a sheet of the year's workbook."""

    path: Path
    sheet: str | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def shown(self, relative) -> str:
        """Its name in messages; ``relative`` makes a path relative to the project."""
        return relative(self.path) + (f", sheet '{self.sheet}'" if self.sheet else "")


def _year_stems() -> dict[str, str]:
    """Sheet name -> stem of every input file of a year."""
    from sustainability_appendix.inputs.registry import year_files

    return {sheet_name(s.stem): s.stem for s in year_files()}


def workbooks(folder: Path) -> list[Path]:
    """The workbooks of a year folder: its .xlsx files named after no input file."""
    if not Path(folder).is_dir():
        return []
    stems = set(_year_stems().values())
    return sorted(p for p in Path(folder).iterdir()
                  if p.suffix.lower() == ".xlsx" and p.is_file() and p.stem not in stems
                  and not p.name.startswith(("~$", ".")))


@dataclass(frozen=True)
class Sheet:
    workbook: Path
    name: str
    stem: str | None  # the input file it stands for, None when named after none
    holds_data: bool


def sheets(path: Path) -> list[Sheet]:
    """The sheets of a workbook, each with the input file it is named after and whether it holds data."""
    st = os.stat(path)
    return list(_sheets(str(path), st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=32)
def _sheets(path: str, mtime_ns: int, size: int) -> tuple[Sheet, ...]:
    from sustainability_appendix.inputs.registry import YEAR, spec
    from sustainability_appendix.inputs.tables import _header_index, workbook_grids

    stems = _year_stems()
    out = []
    for title, grid in workbook_grids(Path(path), Path(path).name).items():
        stem = stems.get(title.strip())
        rows = grid.rows
        if stem is None:
            out.append(Sheet(Path(path), title, None, any(any(r) for r in rows)))
            continue
        columns = tuple(c.name for c in spec(YEAR, stem).schema.columns if c.required)
        header = _header_index(rows, columns)
        body = rows if header is None else rows[header + 1:]
        out.append(Sheet(Path(path), title, stem, any(any(r) for r in body)))
    return tuple(out)


def given_sheets(folder: Path) -> dict[str, list[Sheet]]:
    """Input file -> the sheets holding its data, in the folder's workbooks."""
    out: dict[str, list[Sheet]] = {}
    for book in workbooks(folder):
        try:
            found = sheets(book)
        except InputError:  # an unreadable workbook stands for nothing; check_folder reports it
            continue
        for sheet in found:
            if sheet.stem is not None and sheet.holds_data:
                out.setdefault(sheet.stem, []).append(sheet)
    return out


def locate(folder: Path, stem: str) -> Location:
    """Where the year's input file ``stem`` is: the file, else a workbook's sheet holding it, else
    the (absent) ``.csv`` path."""
    file = find_input(folder, stem)
    if file.exists():
        return Location(file)
    found = given_sheets(folder).get(stem)
    if found:
        return Location(found[0].workbook, found[0].name)
    return Location(file)


def check_folder(folder: Path, relative) -> tuple[list[Problem], list[str]]:
    """Problems (a file given in two workbooks) and warnings (a sheet hidden by a file, a sheet
    named after no input file) of a year folder's workbooks."""
    problems, warnings = [], []
    readable = []
    for book in workbooks(folder):
        try:
            readable.append((book, sheets(book)))
        except InputError as exc:
            problems += [replace(p, file=relative(book)) for p in exc.problems]
    for stem, found in given_sheets(folder).items():
        file = find_input(folder, stem)
        if file.exists():
            for sheet in found:
                warnings.append(f"{relative(sheet.workbook)}, sheet '{sheet.name}': not read, as "
                                f"{relative(file)} is there (a file of the folder takes precedence over a sheet; "
                                "delete one of them)")
        elif len(found) > 1:
            problems.append(Problem(relative(found[0].workbook), None, None,
                                    f"the input file '{stem}' given once",
                                    " and ".join(f"sheet '{s.name}' of {relative(s.workbook)}" for s in found)
                                    + ": keep one"))
    for book, found in readable:
        for sheet in found:
            if sheet.stem is None and sheet.holds_data and sheet.name not in OWN_SHEETS:
                warnings.append(f"{relative(book)}, sheet '{sheet.name}': named after no input file of a year, "
                                "so nothing reads it (name a sheet after the file it stands for, e.g. 'quantities')")
    return problems, warnings


# --- the workbook of a new year ------------------------------------------------------------------

def _cell_value(column, text):
    """A template cell as Excel should hold it: numbers as numbers, everything else as text."""
    if text is None or text == "":
        return None
    if column.kind != "text":
        from sustainability_appendix.inputs.tables import parse_number

        try:
            value = parse_number(str(text))
        except ValueError:
            return str(text)
        return int(value) if column.kind in ("count", "year") and float(value).is_integer() else value
    return str(text)


def _instruction(column) -> str:
    rule = column.rule() + ("; may be empty" if column.allow_blank else "")
    need = "必填 required" if column.required else "選填 optional column"
    return f"{column.description}\n{rule}\n({need})" if column.description else f"{rule}\n({need})"


def _validation(column, year: int, lists: dict[str, str]):
    from openpyxl.worksheet.datavalidation import DataValidation

    def rule(kind: str, prompt: str, **kw):
        return DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorTitle=column.name,
                              error=f"{column.name}: {prompt}", promptTitle=column.name, prompt=prompt[:255],
                              showInputMessage=True, **kw)

    if column.vocabulary:
        return rule("list", column.rule(), formula1=lists[column.vocabulary])
    if column.choices is not None:
        return rule("list", column.rule(), formula1='"' + ",".join(column.choices) + '"')
    if column.kind == "year":
        if column.name == "year":
            return rule("whole", f"{year}: the year of this workbook", operator="equal", formula1=str(year))
        return rule("whole", f"a year no later than {year}", operator="between", formula1="1900", formula2=str(year))
    if column.kind == "count":
        return rule("whole", column.rule(), operator="greaterThanOrEqual", formula1="0")
    if column.kind == "percent":
        return rule("decimal", column.rule() + " (type 55.09 for 55.09 %)", operator="between", formula1="0",
                    formula2="100")
    if column.kind == "number":
        if column.above is not None:
            return rule("decimal", column.rule(), operator="greaterThan", formula1=f"{column.above:g}")
        if column.minimum is not None:
            return rule("decimal", column.rule(), operator="greaterThanOrEqual", formula1=f"{column.minimum:g}")
        return rule("decimal", column.rule(), operator="between", formula1="-1E+15", formula2="1E+15")
    return None


def write_workbook(project, year: int, path: Path, files, readme_lines: list[str]) -> Path:
    """The workbook of a new year at ``path``: a README sheet, a sheet per input file of ``files``
    (registry entries) with its template rows, and the codes of the drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from sustainability_appendix.inputs.store import InputStore

    store = InputStore(project)
    book = Workbook()
    readme = book.active
    readme.title = "README"
    readme.column_dimensions["A"].width = 120
    for i, line in enumerate(readme_lines, start=1):
        readme.cell(i, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    readme["A1"].font = Font(bold=True, size=14)

    lists = book.create_sheet("lists")
    vocabularies = sorted({c.vocabulary for s in files for c in s.schema.columns if c.vocabulary})
    ranges = {}
    for i, vocabulary in enumerate(vocabularies, start=1):
        codes = store.codes(vocabulary)
        letter = get_column_letter(i)
        lists.cell(1, i, vocabulary).font = Font(bold=True)
        for r, code in enumerate(codes, start=2):
            lists.cell(r, i, code).number_format = "@"
        ranges[vocabulary] = f"lists!${letter}$2:${letter}${len(codes) + 1}"
    lists.sheet_state = "hidden"

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for spec in files:
        ws = book.create_sheet(sheet_name(spec.stem), index=len(book.worksheets) - 1)
        columns = spec.schema.columns
        ws.cell(1, 1, f"{spec.stem} — {spec.purpose}").alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(1, 1).font = Font(bold=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(columns), 1))
        ws.row_dimensions[1].height = 60
        ws.row_dimensions[2].height = 75
        header = INSTRUCTION_ROWS + 1
        for c, column in enumerate(columns, start=1):
            letter = get_column_letter(c)
            ws.column_dimensions[letter].width = 14 if column.kind != "text" else 28
            ws.cell(2, c, _instruction(column)).alignment = Alignment(wrap_text=True, vertical="top")
            ws.cell(2, c).font = Font(italic=True, color="555555")
            cell = ws.cell(header, c, column.name)
            cell.font, cell.fill = Font(bold=True), header_fill
            last = header + DATA_ROWS
            if column.kind == "text":  # what is typed stays text: 3.10 stays 3.10, 30-50 stays 30-50
                ws.column_dimensions[letter].number_format = "@"
            validation = _validation(column, year, ranges)
            if validation is not None:
                ws.add_data_validation(validation)
                validation.add(f"{letter}{header + 1}:{letter}{last}")
        for r, row in enumerate(spec.template_rows(project, year), start=header + 1):
            for c, column in enumerate(columns, start=1):
                cell = ws.cell(r, c, _cell_value(column, row.get(column.name)))
                if column.kind == "text":
                    cell.number_format = "@"
        ws.freeze_panes = ws.cell(header + 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
