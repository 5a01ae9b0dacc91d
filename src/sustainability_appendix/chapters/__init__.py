"""One module per report chapter; each exposes ``compute(year) -> ChapterResult``.

``CHAPTERS`` is the appendix's table of contents: the order of the index page,
and which notebook presents each chapter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    name: str  # module, notebook and output-file stem
    title: str  # Traditional Chinese, English alongside
    sections: str  # report sections it covers


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("energy", "能源 Energy", "3.1.2 能源管理；5.1 SDG 13"),
    Chapter("ghg", "溫室氣體與減碳效益 GHG inventory and reductions", "3.1.2 溫室氣體盤查、節能減碳成果；5.1 SDG 13"),
    Chapter("water", "水資源 Water", "3.1.2 水資源管理；5.1 SDG 6"),
    Chapter("resources", "資源循環 Resources", "3.1.2 廢棄物資源化、淨零綠生活；5.1 SDG 11、12"),
    Chapter("workforce", "人力與人員流動 Workforce and turnover", "3.3.2.1 多元職場；2.4.2 員工"),
    Chapter("training", "職業訓練與就業服務 Training and employment services", "3.3.2.2 培力共進；2.4.2；2.5.3 績效；3.2；3.3.2.4"),
    Chapter("materiality", "利害關係人與重大主題 Stakeholders and material topics", "2.4 利害關係人議合；2.5 重大主題管理"),
)


def chapter(name: str) -> Chapter:
    for c in CHAPTERS:
        if c.name == name:
            return c
    raise KeyError(name)
