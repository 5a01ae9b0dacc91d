"""What the pages show, in memory: numbers by unit and kind, escaping, numbering, the chapter page made from
a notebook, links to the published input files, the PDF's parts and the downloads."""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from html.parser import HTMLParser

import pandas as pd
import pytest

from sustainability_appendix.chapters import CHAPTERS, chapter_number
from sustainability_appendix.present import notebook as nb
from sustainability_appendix.present.html import Cell, anchor, figure_html, note_html, table_html
from sustainability_appendix.present.numbers import column_formatter, format_number
from sustainability_appendix.present.outputs import write_csv
from sustainability_appendix.publish import pdf
from sustainability_appendix.publish.chapter_pages import notebook_body, render_markdown
from sustainability_appendix.publish.exports import write_xlsx
from sustainability_appendix.publish.site import link_paths

MARKUP = '<script>window.hit=1</script><img src=x onerror="window.hit=2"><b class="injected">x</b>'


class Elements(HTMLParser):
    """The elements and attributes of an HTML fragment, as a browser would build them."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def named(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


def assert_inert(fragment: str) -> None:
    found = Elements(fragment)
    assert not found.named("script") and not found.named("b"), fragment
    assert all(a.get("src", "").startswith("data:image/") for a in found.named("img")), fragment
    assert not any(k.startswith("on") for _, attrs in found.tags for k in attrs), fragment
    assert not any(a.get("href", "").lower().startswith("javascript:") for a in found.named("a")), fragment


# --- numbers by unit and kind (the examples) ---------------------------------------------
@pytest.mark.parametrize("value, unit, shown", [
    (2024.0, "年", "2024"),  # the base year, not 2,024.0000 年
    (648.0, "人", "648"),  # a head count, not 648.00
    (447969.0, "kWh", "447,969"),  # not 447,969.0000
    (95.0, "%", "95"),  # not 95.000000 %
    (4.1868e-06, "GJ/kcal", "0.0000041868"),  # not 4.1868e-06
    (0.0036, "GJ/kWh", "0.0036"),
    (11.884514, "GJ/人", "11.88"),  # a rate at two decimals
    (0.0311557, "ML/人", "0.0312"),  # below one: three significant digits
    (-0.0001, "tCO2e", "-0.0001"),
    (True, "", "✓"),
    (False, "", "✗"),
    (None, "%", "—"),
    (float("nan"), "%", "—"),
])
def test_a_number_is_shown_by_its_unit_and_kind(value, unit, shown):
    assert format_number(value, unit) == shown


def test_a_number_at_its_printed_precision_never_shows_minus_zero():
    assert format_number(19.4716, "%", 2) == "19.47"
    assert format_number(-0.004, "%", 2) == "0.00"
    assert format_number(-0.006, "%", 2) == "-0.01"


def test_a_column_has_one_precision_and_whole_numbers_stay_whole():
    litres = column_formatter([26212.46, 26499.47, 26547.0], "L", "gasoline_litres")
    assert [litres(v) for v in (26212.46, 26547.0)] == ["26,212.46", "26,547.00"]
    kwh = column_formatter([2081079.0, 2356270.0], "kWh", "electricity_kwh", cap=4)
    assert kwh(2081079.0) == "2,081,079"
    years = column_formatter([2023, 2024, 2025], "", "year")
    assert years(2024) == "2024"
    capped = column_formatter([11.555474, 13.150806], "GJ/人", "intensity", cap=4)
    assert capped(11.555474) == "11.5555"
    # percentage points of a change: the largest sets two decimals, a tiny one is not shown as -0.000956
    change = column_formatter([-1.707, 0.912077, -0.000956], "百分點", "rate_change_pp")
    assert [change(v) for v in (-1.707, 0.912077, -0.000956)] == ["-1.71", "0.91", "0.00"]
    small = column_formatter([0.0328, 0.0389, 0.0312], "ML/人", "intensity_ml_per_employee")
    assert small(0.0311557) == "0.0312"


# --- tables, figures and notes: every text escaped, numbered --------------------------------------
def test_a_table_escapes_cells_headers_and_caption():
    frame = pd.DataFrame({f"site {MARKUP}": [MARKUP, "局本部"], "kwh": [1.0, 2.5], "ok": [True, False]})
    page = table_html(frame, f"caption {MARKUP}", label="表 3-1", ident="table-3-1",
                      headers={"kwh": f"kWh {MARKUP}"})
    assert_inert(page)
    assert "&lt;script&gt;window.hit=1&lt;/script&gt;" in page
    assert '<caption><span class="label">表 3-1</span>caption &lt;script&gt;' in page
    assert ">1.0<" in page and ">2.5<" in page and "✓" in page and "✗" in page and "True" not in page


def test_a_value_column_beside_a_unit_column_is_formatted_row_by_row():
    frame = pd.DataFrame({"label": ["a", "b", "c"], "value": [2024.0, 648.0, 19.4716], "unit": ["年", "人", "%"]})
    page = table_html(frame, value_units="unit", value_decimals=[None, None, 2])
    assert ">2024<" in page and ">648<" in page and ">19.47<" in page


def test_ready_cells_are_kept_and_rows_carry_their_anchors():
    frame = pd.DataFrame({"figure_id": [Cell('<a href="register.html#w-1">w-1</a>')], "label": ["x"]})
    page = table_html(frame, row_ids=["w-1"], row_classes=["status-differs"])
    assert '<tr id="w-1" class="status-differs"><td><a href="register.html#w-1">w-1</a></td>' in page
    assert anchor("water-2025-06") == "water-2025-06" and anchor("a b<c>") == "a-b-c"


def test_a_figure_has_its_numbered_caption_as_its_alternative_text():
    page = figure_html(b"\x89PNG", f"近三年用水 {MARKUP}", label="圖 3-1", ident="figure-3-1", width=700)
    assert_inert(page)
    assert 'id="figure-3-1"' in page and 'width="700"' in page
    assert 'alt="圖 3-1：近三年用水 &lt;script&gt;' in page
    assert "<figcaption><span class=\"label\">圖 3-1</span>近三年用水" in page
    assert_inert(note_html(MARKUP, "report", "報告註記"))


def test_tables_and_figures_are_numbered_by_chapter(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(nb, "_html", shown.append)
    monkeypatch.setitem(nb._current, "numbering", nb.Numbering(chapter_number("water")))
    monkeypatch.setitem(nb._current, "page", None)
    number = chapter_number("water")
    nb.show(pd.DataFrame({"year": [2024, 2025], "withdrawal_ml": [25.11, 20.22]}), "用水")
    nb.show(pd.DataFrame({"a": [1]}))
    assert f'id="table-{number}-1"' in shown[0] and f"表 {number}-1" in shown[0]
    assert f'id="table-{number}-2"' in shown[1]
    assert ">2025<" in shown[0] and ">2,025<" not in shown[0]


def test_chapters_are_numbered_in_the_order_of_the_appendix():
    pages = [c.name for c in CHAPTERS if c.notebook]
    assert [chapter_number(name) for name in pages] == list(range(1, len(pages) + 1))
    with pytest.raises(KeyError):
        chapter_number("sdg_indicators")  # no page of its own


# --- the chapter page from an executed notebook --------------------------------------------------
def test_markdown_from_inputs_stays_text():
    page = render_markdown(f"# 水資源 Water\n\n站點 {MARKUP} [link](javascript:window.hit=3) ![i](http://example.org/x.png)")
    assert_inert(page)
    assert page.startswith('<h1 id="水資源-water">')
    assert "example.org" not in page


def _cell(outputs, source="x = 1", kind="code"):
    return {"cell_type": kind, "source": source, "outputs": outputs, "metadata": {}}


def test_a_chapter_page_shows_what_the_notebook_shows_and_none_of_its_working():
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "## 近三年用水 Three years", "metadata": {}},
        _cell([{"output_type": "stream", "name": "stdout", "text": "Label overlap check: 0\n"}]),
        _cell([{"output_type": "execute_result", "data": {"text/plain": "PosixPath('../build/work/x.png')"},
                "metadata": {}, "execution_count": 1}]),
        _cell([{"output_type": "display_data", "data": {"text/html": "<table class=\"data\"></table>",
                                                          "text/plain": "<IPython.core.display.HTML object>"},
                "metadata": {}}]),
        _cell([{"output_type": "display_data", "data": {"text/markdown": f"**2025**：{MARKUP}",
                                                          "text/plain": "<IPython.core.display.Markdown object>"},
                "metadata": {}}]),
        _cell([{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
                "metadata": {}}]),
    ]}
    body = notebook_body(notebook, show_code=False, alt="水資源 圖 figure (2025)")
    assert '<h2 id="近三年用水-three-years">' in body
    assert "Label overlap" not in body and "PosixPath" not in body and "x = 1" not in body
    assert '<table class="data"></table>' in body
    assert "No description has been provided" not in body and 'alt="水資源 圖 figure (2025)"' in body
    assert_inert(body.replace('<table class="data"></table>', ""))
    assert "&lt;script&gt;" in body
    with_code = notebook_body(notebook, show_code=True, alt="")
    assert '<pre class="code"><code>x = 1</code></pre>' in with_code


# --- links to the input files published with the appendix ---------------------------------------------
def test_cited_input_files_become_links_when_published():
    published = {"data/raw/2025/quantities.csv": "sha"}
    page = ('<p>電力 (data/raw/2025/quantities.csv; data/raw/2025/other.csv)</p>'
            '<a href="x">data/raw/2025/quantities.csv</a><script>var p = "data/raw/2025/quantities.csv";</script>'
            '<code>data/raw/&lt;year&gt;/quantities.csv</code><span title="data/raw/2025/quantities.csv">t</span>'
            '<style>/* data/raw/2025/quantities.csv */</style><p>data/raw/2025/quantities.csv</p>')
    out = link_paths(page, published)
    assert out.count('<a class="source" href="data/raw/2025/quantities.csv">') == 2
    assert '<span title="data/raw/2025/quantities.csv">' in out and "/* data/raw/2025/quantities.csv */" in out
    assert "data/raw/2025/other.csv)" in out  # not published: no link
    assert '<a href="x">data/raw/2025/quantities.csv</a>' in out
    assert 'var p = "data/raw/2025/quantities.csv";' in out


# --- the PDF's parts -------------------------------------------------------------------------------
def test_pages_joined_into_one_document_keep_their_links():
    body = ('<h2 id="a">A</h2><a href="#a">same page</a><a href="register.html#water-2025-06">row</a>'
            '<a href="gri.html">GRI</a><a href="metrics.csv">csv</a><a href="?status=differs#register">f</a>'
            '<a href="https://example.org/">web</a>')
    out = pdf._relink(body, "water", {"water", "register", "gri"})
    assert 'id="water--a"' in out and 'href="#water--a"' in out
    assert 'href="#register--water-2025-06"' in out and 'href="#gri"' in out
    assert '<a data-href="metrics.csv">csv</a>' in out  # a file: text without a target
    assert '<a href="#water--register">f</a>' in out and 'href="https://example.org/"' in out


def test_a_large_table_is_printed_in_pieces_of_rows_each_with_its_header():
    rows = [f'<tr id="r{i}"><td>{i:03d}</td><td>{"x" * 80}</td></tr>\n' for i in range(10)]
    body = ('<h2>前 Before</h2><div class="table-wrap register-wrap"><table class="data"><thead><tr><th>A</th>'
            '<th>B</th></tr></thead><tbody>' + "".join(rows) + '</tbody></table></div><p>後 After</p>'
            '<table class="data"><tbody><tr><td>small</td></tr></tbody></table>')
    part = pdf.Part("register", "2025 計算附錄 · 核對與稽核", "核對與稽核", body)
    pieces = pdf.pieces_of(part, limit=360)  # rows of 119 bytes: three a piece
    assert [p.first for p in pieces] == [True] + [False] * (len(pieces) - 1) and len(pieces) == 4
    assert pieces[0].body.startswith("<h2>前 Before</h2>") and pieces[-1].body.endswith("<p>後 After</p>"
                                                                                    '<table class="data"><tbody>'
                                                                                    "<tr><td>small</td></tr>"
                                                                                    "</tbody></table>")
    for piece in pieces:  # each piece a whole table: wrapper, header, rows, closing tags
        assert piece.body.count('<div class="table-wrap register-wrap">') == 1
        assert piece.body.count("<th>A</th>") == 1 and piece.body.count("</tbody></table></div>") == 1
        assert sum(len(r) for r in rows if r in piece.body) <= 360
    assert sorted(re.findall(r'id="(r\d+)"', "".join(p.body for p in pieces))) == [f"r{i}" for i in range(10)]
    assert pdf.pieces_of(part, limit=len(body)) == [pdf.Piece(part, body, True)]  # small enough: one piece


def test_links_between_pieces_printed_apart_go_through_stand_ins():
    register = pdf.Part("register", "", "", "")
    water = pdf.Part("water", "", "", "")
    pieces = [pdf.Piece(register, '<a href="#water--w1">row</a><p id="register--top"></p><a href="#register--top">'
                                  "up</a>", True),
              pdf.Piece(water, '<tr id="water--w1"></tr><a href="#register--top">register</a>', True)]
    pdf.link_across(pieces, {"register", "water"})
    first, second = (p.body for p in pieces)
    # a link to another piece points at a stand-in of its own piece; a link within the piece stays
    assert '<a href="#elsewhere--water--w1">row</a>' in first and '<span id="elsewhere--water--w1"></span>' in first
    assert '<a href="#register--top">up</a>' in first
    # a target linked from elsewhere (or from the contents) is linked in its own piece, so it is named
    assert '<a href="#water--w1"></a>' in second and '<a href="#water"></a>' in second
    assert '<a href="#register"></a>' in first and '<a href="#register--top"></a>' not in first


def test_a_pieces_footer_numbers_its_pages_from_where_it_starts_in_the_whole():
    cover = {"built_at": "2026-11-30 01:00 UTC", "commit_short": "abc", "inputs_short": "0123"}
    css = pdf.footer_css(2025, cover, first_page=40, total=294)
    assert "@page :first { counter-increment: page 40; }" in css and "' 頁 / 共 294 頁'" in css
    assert ":first" not in pdf.footer_css(2025, cover, first_page=1, total=294)


# --- statuses and findings shown from their dictionaries ---------------------------------------------
def test_a_new_reconciliation_status_is_counted_listed_and_offered(monkeypatch):
    from sustainability_appendix.review import reconcile, register

    monkeypatch.setitem(reconcile.STATUS_LABELS, "illustrative", "示例 Illustrative")
    try:
        fresh = importlib.reload(register)
        assert fresh.STATUSES[-1] == "illustrative"
        frame = pd.DataFrame({"status": ["reproduces", "illustrative", "illustrative"]})
        assert fresh.status_counts(frame)["illustrative"] == 2
        assert fresh.needs_attention("illustrative") and not fresh.needs_attention("reproduces")
    finally:
        monkeypatch.undo()
        importlib.reload(register)


# --- downloads ------------------------------------------------------------------------------------------
def test_csv_downloads_carry_a_byte_order_mark(tmp_path):
    path = write_csv(pd.DataFrame({"項目": ["電力"]}), tmp_path / "a.csv", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and path.read_text(encoding="utf-8-sig") == "項目\n電力\n"
    plain = write_csv(pd.DataFrame({"a": [1]}), tmp_path / "b.csv")
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_workbook_has_numbers_as_numbers_and_the_same_bytes_every_time(tmp_path):
    from openpyxl import load_workbook

    frame = pd.DataFrame({"metric": ["energy.electricity_kwh", "water.intensity"], "value": [1908301.0, 0.0311557],
                          "unit": ["kWh", "ML/人"], "note": ["", MARKUP]})
    first = write_xlsx(frame, tmp_path / "a.xlsx", "metrics", "2025", numbers=("value",)).read_bytes()
    second = write_xlsx(frame, tmp_path / "b.xlsx", "metrics", "2025", numbers=("value",)).read_bytes()
    assert first == second
    sheet = load_workbook(io.BytesIO(first)).active
    assert [c.value for c in sheet[1]] == ["metric", "value", "unit", "note"]
    assert sheet["B2"].value == 1908301 and sheet["B3"].value == pytest.approx(0.0311557)
    assert sheet["D3"].value == MARKUP and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3" and sheet["A1"].font.b and not sheet["A2"].font.b
    # a long text wraps in a column 60 wide; a character XML cannot hold is left out, not fatal
    long = "公式 " * 40 + "\x07end"
    frame.loc[0, "note"] = long
    sheet = load_workbook(write_xlsx(frame, tmp_path / "c.xlsx", "metrics", "2025")).active
    assert sheet["D2"].value == long.replace("\x07", "") and sheet["D2"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width == 60 and not sheet["A2"].alignment.wrap_text
    assert all(i.date_time == (2000, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(io.BytesIO(first)).infolist())


def test_a_chapter_the_report_has_not_printed_yet_awaits_it():
    from sustainability_appendix.chapters.result import ChapterResult, Metric
    from sustainability_appendix.review.register import awaiting_counts

    def computed(chapter, *values):
        return ChapterResult(chapter, 2026, [Metric(f"m{i}", v, "人", "x", "", "") for i, v in enumerate(values)])

    class Data:
        chapter_names = ["energy", "water", "ghg"]
        results = {"energy": computed("energy", 1.0), "water": computed("water", 20.2, None, 3.0), "ghg": None}

        def result(self, chapter):
            return self.results[chapter]

    register = pd.DataFrame({"chapter": ["energy"], "status": ["reproduces"]})
    assert awaiting_counts(Data(), register) == {"water": 2}  # the uncomputable one is not counted
    assert nb.reconciliation_summary(pd.DataFrame(), 2).startswith("報告尚未印出本章數值：2 個數值待與報告核對")


def test_a_new_kind_of_audit_finding_is_shown_with_its_id():
    from sustainability_appendix.publish.year_pages import _checks
    from sustainability_appendix.review.audit import Finding

    class Review:
        findings = [Finding("a_check_added_later", "p1", "x", "flag", "gasoline ×10", "26,547 → 265,470")]

    checks = {c["id"]: c for c in _checks(Review())}
    assert checks["a_check_added_later"]["label"] == "a_check_added_later"
    assert len(checks["a_check_added_later"]["shown"]) == 1
