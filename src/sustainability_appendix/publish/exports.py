"""The year's downloadable files: metrics, register, audit, GRI and SDG tables, workbooks, and the input
files the appendix was computed from."""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from sustainability_appendix.present.outputs import write_csv
from sustainability_appendix.project import Project
from sustainability_appendix.review.export import EXPORT_COLUMNS

# a workbook's parts carry no build time, so the same figures give the same bytes
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


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


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC}/styles" Target="styles.xml"/></Relationships>'),
    # styles: 0 plain, 1 the header (bold on a light fill), 2 long text (wrapped, top-aligned)
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_MAIN}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFF0F4F8"/><bgColor indexed="64"/>'
        '</patternFill></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}


def _column(index: int) -> str:
    """The letters of a column (0 is A)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str, title: str, numbers: Iterable[str] = ()) -> Path:
    """One table as an Excel workbook: a header row that stays in view and filters, numbers as numbers
    (the ``numbers`` columns; every other cell is text, as the CSV has it), and the same bytes for the
    same table.

    The SpreadsheetML is written here, string by string: a table of 500 rows takes milliseconds instead of
    openpyxl's quarter of a second, and nothing in it (times, ids) differs from one build to the next."""
    numbers = set(numbers)
    columns = [str(c) for c in frame.columns]
    letters = [_column(i) for i in range(len(columns))]
    last = f"{letters[-1] if letters else 'A'}{len(frame) + 1}"
    widths, wrapped = [], set()
    for i, column in enumerate(frame.columns):
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(500) if v is not None])
        widths.append(min(60, max(8, longest + 2)))
        if longest > 60:  # long texts wrap in a column at most 60 wide
            wrapped.add(i)
    rows = ['<row r="1">' + "".join(f'<c r="{letter}1" s="1" t="inlineStr"><is><t>{_text(c)}</t></is></c>'
                                    for letter, c in zip(letters, columns)) + "</row>"]
    for n, row in enumerate(frame.itertuples(index=False), start=2):
        cells = []
        for i, (column, value) in enumerate(zip(frame.columns, row)):
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                continue
            style = ' s="2"' if i in wrapped else ""
            number = None
            if column in numbers:
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    number = None
            if number is not None and math.isfinite(number):
                shown = str(int(number)) if number.is_integer() else repr(number)
                cells.append(f'<c r="{letters[i]}{n}"{style}><v>{shown}</v></c>')
            else:
                cells.append(f'<c r="{letters[i]}{n}"{style} t="inlineStr"><is><t xml:space="preserve">'
                             f"{_text(str(value))}</t></is></c>")
        rows.append(f'<row r="{n}">{"".join(cells)}</row>')
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths))
    name = _text(sheet)
    parts = dict(_PARTS)
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/>'
        f"</sheets><definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">"
        f"'{name}'!$A$1:${last.rstrip('0123456789')}${len(frame) + 1}</definedName></definedNames></workbook>")
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
        f'<sheetData>{"".join(rows)}</sheetData><autoFilter ref="A1:{last}"/></worksheet>')
    parts["docProps/core.xml"] = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for part, xml in parts.items():
            info = zipfile.ZipInfo(part, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            book.writestr(info, (_XML + xml).encode("utf-8"))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def publish_inputs(project: Project, inputs: list[dict], reports: Path) -> dict[str, str]:
    """Copy every input file of the manifest (its ``inputs``) into the year's folder under its own path
    (``reports/<year>/data/raw/<year>/quantities.csv``), so that each source a page cites opens from
    it; returns path -> SHA-256 of the files published."""
    published = {}
    for item in inputs:
        source = project.root / item["path"]
        if not source.is_file():
            continue
        target = Path(reports) / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        published[item["path"]] = item["sha256"]
    return published
