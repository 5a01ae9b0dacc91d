"""HTML for the chapter pages: tables, figures and notes, every text escaped.

Everything a chapter shows passes through here: a cell, a header, a caption, a
note or an alternative text is escaped, whatever it holds (a site name typed
into an input file is text, never markup). The only markup that is not escaped
is what these functions build themselves (links, badges, anchors).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sustainability_appendix.present.numbers import column_formatter, format_number, is_bool, is_missing


def esc(value: object) -> str:
    """Text as HTML: every ``<``, ``>``, ``&`` and quote escaped."""
    return html.escape("" if is_missing(value) else str(value), quote=True)


NUM = ' class="num"'
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")


def anchor(text: object) -> str:
    """An HTML id made from a figure or metric name (letters, digits, ``_ . : -``)."""
    return _ANCHOR_UNSAFE.sub("-", str(text)).strip("-") or "x"


def code(text: object) -> str:
    """A name such as ``intensity_ml_per_employee`` in code type, breakable after each ``_`` and ``.``."""
    return "<code>" + re.sub(r"([_.])", r"\1<wbr>", esc(text)) + "</code>"


def link(href: str, text: object, title: str = "") -> str:
    title_attr = f' title="{esc(title)}"' if title else ""
    return f'<a href="{esc(href)}"{title_attr}>{esc(text)}</a>'


def badge(status: str, label: str) -> str:
    return f'<span class="badge {anchor(status)}">{esc(label)}</span>'


@dataclass(frozen=True)
class Cell:
    """A cell whose HTML is already made (by the functions of this module): inserted as it is."""

    html: str
    sort: str = ""


def _header_text(column: object) -> str:
    if isinstance(column, tuple):
        return " ".join(str(part) for part in column if str(part))
    return str(column)


def _is_numeric(values: list[object]) -> bool:
    present = [v for v in values if not is_missing(v) and not isinstance(v, Cell)]
    return bool(present) and all(_is_number(v) for v in present)


def _is_number(value: object) -> bool:
    return not is_bool(value) and (isinstance(value, int | float) or (
        type(value).__module__ == "numpy" and hasattr(value, "dtype") and value.dtype.kind in "iuf"))


def table_html(frame, caption: str = "", *, label: str = "", ident: str = "",
               headers: Mapping[object, str] | None = None, units: Mapping[object, str] | None = None,
               cap: int | None = None, row_ids: list[str] | None = None, row_classes: list[str] | None = None,
               value_units: str | None = None, value_decimals: list[int | None] | None = None,
               right: tuple[object, ...] = (), classes: str = "") -> str:
    """A table with headers, a numbered caption and one format per column.

    frame: a DataFrame; a cell may be a :class:`Cell` (ready HTML, e.g. a link).
    label: the table's number, ``表 3-1``; ident: its id.
    headers: shown text of the columns (by column name); units: a column's unit (years plain,
      and so on, see :mod:`.numbers`); cap: at most this many decimals in a column of rates or amounts.
    value_units: a column holding each row's unit: the ``value`` column is then formatted row by row
      with that unit, at ``value_decimals`` (a row's precision, when known).
    right: columns of numbers held as text (as the report printed them), aligned as numbers.
    """
    headers = headers or {}
    units = units or {}
    columns = list(frame.columns)
    records = frame.to_dict(orient="split")["data"]
    by_column = {c: [row[i] for row in records] for i, c in enumerate(columns)}
    numeric = {c: _is_numeric(by_column[c]) for c in columns}
    aligned = {c: numeric[c] or c in right for c in columns}
    formatters: dict[object, Callable[[object], str]] = {}
    for c in columns:
        if numeric[c]:
            formatters[c] = column_formatter(by_column[c], units.get(c, ""), c, cap)
    lengths = {c: max((len(str(v)) for v in by_column[c] if not isinstance(v, Cell) and not is_missing(v)), default=0)
               for c in columns}
    long_text = {c for c in columns if not numeric[c] and lengths[c] > 60}
    short_text = {c for c in columns if not numeric[c] and 0 < lengths[c] <= 10}  # codes, GRI numbers: one line
    head = []
    for c in columns:
        shown = headers.get(c, _header_text(c))
        cls = ' class="num"' if aligned[c] else ""
        head.append(f"<th scope=\"col\"{cls}>{esc(shown)}</th>")
    body = []
    for r, row in enumerate(records):
        cells = []
        for i, c in enumerate(columns):
            v = row[i]
            if isinstance(v, Cell):
                cells.append(f"<td{NUM if c in right else ''}>{v.html}</td>")
                continue
            if value_units and c == "value" and not is_missing(v) and not isinstance(v, str):
                decimals = value_decimals[r] if value_decimals else None
                text = format_number(v, row[columns.index(value_units)], decimals)
                cells.append(f'<td class="num">{esc(text)}</td>')
            elif c in formatters:
                cells.append(f'<td class="num">{esc(formatters[c](v))}</td>')
            elif is_bool(v):
                cells.append(f'<td class="flag">{esc(format_number(v))}</td>')
            elif _is_number(v):
                cells.append(f'<td class="num">{esc(format_number(v, units.get(c, "")))}</td>')
            else:
                cls = (' class="num"' if c in right else ' class="long"' if c in long_text
                       else ' class="nowrap"' if c in short_text else "")
                cells.append(f"<td{cls}>{esc(format_number(v)) if is_missing(v) else esc(v)}</td>")
        attrs = ""
        if row_ids and row_ids[r]:
            attrs += f' id="{esc(row_ids[r])}"'
        if row_classes and row_classes[r]:
            attrs += f' class="{esc(row_classes[r])}"'
        body.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    caption_html = ""
    if caption or label:
        number = f'<span class="label">{esc(label)}</span>' if label else ""
        caption_html = f"<caption>{number}{esc(caption)}</caption>"
    ident_attr = f' id="{esc(ident)}"' if ident else ""
    return (f'<div class="table-wrap"><table class="data{" " + esc(classes) if classes else ""}"{ident_attr}>'
            f'{caption_html}<thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


def figure_html(png: bytes, caption: str, *, label: str = "", ident: str = "", width: int | None = None) -> str:
    """A figure with its numbered caption; its alternative text is the caption."""
    data = base64.b64encode(png).decode("ascii")
    alt = f"{label}：{caption}" if label else caption
    size = f' width="{int(width)}"' if width else ""
    number = f'<span class="label">{esc(label)}</span>' if label else ""
    ident_attr = f' id="{esc(ident)}"' if ident else ""
    return (f'<figure class="chart"{ident_attr}><img src="data:image/png;base64,{data}" alt="{esc(alt)}"{size}>'
            f"<figcaption>{number}{esc(caption)}</figcaption></figure>")


def note_html(text: str, kind: str = "", heading: str = "") -> str:
    """A note for the reader, as text."""
    lead = f"<strong>{esc(heading)}</strong>：" if heading else ""
    cls = f"note {anchor(kind)}" if kind else "note"
    return f'<blockquote class="{cls}"><p>{lead}{esc(text)}</p></blockquote>'
