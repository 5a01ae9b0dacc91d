"""Figures that render Traditional Chinese.

matplotlib's default font has no CJK glyphs, so Chinese labels would render as
boxes. The set-up installs Noto Sans CJK TC from PyPI (package
``cvttf-notosanscjk-regular``, SIL Open Font License); this module registers it
and makes it the default, with DejaVu Sans behind it for Latin symbols.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

CJK_FAMILY = "Noto Sans CJK TC"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    import cvttf_NotoSansCJK_Regular as noto

    return Path(noto.get_TTF_path())


@lru_cache(maxsize=1)
def _cjk_family() -> str:
    """Register the bundled CJK font with matplotlib (once a process); its family name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_cjk_font() -> str:
    """Make the bundled CJK font matplotlib's default; returns its family name."""
    family = _cjk_family()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font lacks U+2212
    matplotlib.rcParams["svg.hashsalt"] = "sustainability-appendix"  # stable SVG ids
    return family


def warm_up() -> None:
    """Draw one small figure with Chinese text, leaving matplotlib's settings as they were. The first
    figure of a process pays about 0.1 s to load the CJK font; the build's kernel fork server calls
    this, so that its kernels start with the font loaded."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        use_cjk_font()
        fig = Figure(figsize=(3, 2), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        ax.bar(["2025"], [1.0], label="取水量 Withdrawal")
        ax.set_title("近三年用水 0123456789")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png", dpi=150)


def new_figure(width: float = 7.0, height: float = 4.0, ncols: int = 1, nrows: int = 1):
    """A figure with the CJK font in place; returns (figure, axes) as ``plt.subplots`` does."""
    use_cjk_font()
    return plt.subplots(nrows, ncols, figsize=(width, height), dpi=100, layout="constrained")


def save_figure(fig, folder: Path, name: str) -> Path:
    """Save as PNG with no timestamp, so the same inputs give the same bytes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=150, metadata={"Software": None})
    return path
