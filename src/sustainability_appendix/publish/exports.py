"""The year's downloadable files: metrics, register, audit, GRI and SDG tables, workbooks, and the input
files the appendix was computed from."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sustainability_appendix.present.outputs import write_csv
from sustainability_appendix.project import Project
from sustainability_appendix.review.export import EXPORT_COLUMNS

# a workbook's parts carry no build time, so the same figures give the same bytes
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write_metrics(frame: pd.DataFrame, folder: Path) -> list[Path]:
    """``metrics.csv`` and ``metrics.json``, byte-stable for the same figures."""
    folder = Path(folder)
    csv_path = write_csv(frame, folder / "metrics.csv", bom=True)
    records = []
    for row in frame.to_dict(orient="records"):
        value = row["value"]
        row["value"] = None if value is None or pd.isna(value) else float(value)
        row["year"] = int(row["year"])
        records.append(row)
    year = int(frame["year"].iloc[0]) if not frame.empty else None
    payload = {"year": year, "columns": EXPORT_COLUMNS, "metrics": records}
    json_path = folder / "metrics.json"
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [csv_path, json_path]


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str, title: str, numbers: Iterable[str] = ()) -> Path:
    """One table as an Excel workbook: a header row that stays in view and filters, numbers as numbers
    (the ``numbers`` columns; every other cell is text, as the CSV has it), and the same bytes for the
    same table. Written row by row (openpyxl's write-only mode, about twice as fast)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    numbers = set(numbers)
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    columns = list(frame.columns)
    wrapped = set()  # columns of long texts: wrapped in a column at most 60 wide
    for i, column in enumerate(columns):
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(500) if v is not None])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(60, max(8, longest + 2))
        if longest > 60:
            wrapped.add(i)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{len(frame) + 1}"
    bold, fill, wrap = Font(bold=True), PatternFill("solid", fgColor="F0F4F8"), Alignment(wrap_text=True, vertical="top")
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column)
        cell.font, cell.fill = bold, fill
        header.append(cell)
    ws.append(header)
    for row in frame.itertuples(index=False):
        cells = []
        for i, (column, value) in enumerate(zip(columns, row)):
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                value = None
            elif column in numbers:
                try:
                    value = float(value) if not float(value).is_integer() else int(float(value))
                except (TypeError, ValueError):
                    value = str(value)
            else:
                value = str(value)
            if i in wrapped:
                value = WriteOnlyCell(ws, value=value)
                value.alignment = wrap
            cells.append(value)
        ws.append(cells)
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return _write_stable_zip(buffer.getvalue(), Path(path))


def _write_stable_zip(data: bytes, path: Path) -> Path:
    """Rewrite a workbook with fixed times in its zip entries and its document properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def publish_inputs(project: Project, manifest: dict, reports: Path) -> dict[str, str]:
    """Copy every input file of the manifest into the year's folder under its own path
    (``reports/<year>/data/raw/<year>/quantities.csv``), so that each source a page cites opens from
    it; returns path -> SHA-256 of the files published."""
    published = {}
    for item in manifest["inputs"]:
        source = project.root / item["path"]
        if not source.is_file():
            continue
        target = Path(reports) / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        published[item["path"]] = item["sha256"]
    return published
