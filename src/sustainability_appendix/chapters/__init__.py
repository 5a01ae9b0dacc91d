"""One module per report chapter; each exposes ``compute(year) -> ChapterResult``.

``CHAPTERS`` is the appendix's table of contents: the order of the index page,
which notebook presents each chapter, and which input files it reads.

Two hooks let a chapter join the incremental build and the new-year scaffold:

- ``Chapter.reads`` (here, so the build can decide what to re-execute without
  importing pandas): the raw files the chapter's calculation reads, as
  :class:`Reads`. The build re-executes a chapter when one of those files
  changes (by content), appears or disappears, or when its notebook, the
  package or ``data/printed/<year>/<chapter>.csv`` changes. A chapter that
  declares nothing (``reads=None``) is re-executed when any file under
  ``data/`` changes: always correct, only slower. ``tests/test_incremental.py``
  traces every file a chapter's ``compute`` opens and fails when one is not
  declared.
- ``INPUT_FILES`` in the chapter module: a tuple of
  :class:`sustainability_appendix.inputs.registry.InputFile` describing the files
  the chapter owns (schema, purpose, whether every year needs it, template
  rows). ``appendix validate`` checks each one and ``appendix new-year``
  writes its template and its instructions. Files several chapters share
  (``quantities``, ``factors``) are declared in ``input_files.SHARED``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reads:
    """Input files a chapter reads, for the build's dependency rule.

    stem: the file name without ``.csv``/``.xlsx``; ``*`` matches any characters
      (``"workforce_*"``).
    years: ``0`` for the reporting year only, ``n`` for the reporting year and the
      ``n`` years before it (trends, previous-year comparisons), ``"all"`` for every
      year folder (e.g. finding a base year), ``"none"`` for a file outside the year
      folders (``data/<area>/<stem>.csv``).
    area: ``"raw"`` (``data/raw``) or ``"printed"`` (``data/printed``).
    """

    stem: str
    years: int | str = 0
    area: str = "raw"

    def __post_init__(self) -> None:
        if not (isinstance(self.years, int) and self.years >= 0) and self.years not in ("all", "none"):
            raise ValueError(f"Reads.years must be an integer of at least 0, 'all' or 'none', not {self.years!r}")
        if self.area not in ("raw", "printed"):
            raise ValueError(f"Reads.area must be 'raw' or 'printed', not {self.area!r}")


TREND = 2  # chapters.common.trend_years: the reporting year and the two before it


@dataclass(frozen=True)
class Chapter:
    name: str  # module, notebook and output-file stem
    title: str  # Traditional Chinese, English alongside
    sections: str  # report sections it covers
    reads: tuple[Reads, ...] | None = None  # input files its calculation reads; None: every file under data/


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("energy", "能源 Energy", "3.1.2 能源管理；5.1 SDG 13",
            reads=(Reads("quantities", TREND), Reads("factors", TREND))),
    Chapter("ghg", "溫室氣體與減碳效益 GHG inventory and reductions", "3.1.2 溫室氣體盤查、節能減碳成果；5.1 SDG 13",
            reads=(Reads("quantities", 1), Reads("factors"), Reads("ghg_inventory", "all"))),
    Chapter("water", "水資源 Water", "3.1.2 水資源管理；5.1 SDG 6",
            reads=(Reads("quantities", TREND), Reads("water_sites"))),
    Chapter("resources", "資源循環 Resources", "3.1.2 廢棄物資源化、淨零綠生活；5.1 SDG 11、12",
            reads=(Reads("quantities", TREND),)),
    Chapter("workforce", "人力與人員流動 Workforce and turnover", "3.3.2.1 多元職場；2.4.2 員工",
            reads=(Reads("quantities", TREND), Reads("workforce_*", TREND))),
    Chapter("training", "職業訓練與就業服務 Training and employment services", "3.3.2.2 培力共進；2.4.2；2.5.3 績效；3.2；3.3.2.4",
            reads=(Reads("quantities", TREND), Reads("training_programmes", TREND))),
    Chapter("materiality", "利害關係人與重大主題 Stakeholders and material topics", "2.4 利害關係人議合；2.5 重大主題管理",
            reads=(Reads("materiality_*"),)),
)


def chapter(name: str) -> Chapter:
    for c in CHAPTERS:
        if c.name == name:
            return c
    raise KeyError(name)
