"""Figures render Traditional Chinese with the font the set-up installs, with no missing glyphs."""

import warnings

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402

from sustainability_appendix.present.plotting import cjk_font_path, new_figure, use_cjk_font  # noqa: E402

TEXT = "高雄市政府勞工局 能源密度 溫室氣體 範疇一 耗水量 員工"


def test_the_bundled_font_covers_the_report_text():
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(cjk_font_path()), fontNumber=0).getBestCmap()
    missing = [ch for ch in TEXT if ch.strip() and ord(ch) not in cmap]
    assert missing == []


def test_chinese_labels_render_without_missing_glyph_warnings():
    family = use_cjk_font()
    assert "CJK TC" in family
    assert font_manager.findfont(font_manager.FontProperties(family=["sans-serif"])) == str(cjk_font_path())
    fig, ax = new_figure()
    ax.set_title(TEXT)
    ax.set_xlabel("公噸 CO2e −5")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        fig.canvas.draw()
