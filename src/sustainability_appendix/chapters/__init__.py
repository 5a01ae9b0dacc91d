"""The chapters of the appendix: one module each, ``load`` plus a pure ``compute``.

A chapter module exposes::

    load(project, year, store=None) -> <Chapter>Inputs
        reads, through ``inputs.store.ChapterFiles``, only the files and items its entry
        below declares, validated (InputError names file, row, column and rule);
    compute(inputs, earlier) -> ChapterResult
        touches no file: ``earlier`` holds the chapter's results of the years before
        (as many as ``history`` says), for trends and year-on-year changes.

``CHAPTERS`` is the appendix's table of contents: the order of the pages, which
notebook presents each chapter, what its calculation reads (``reads``) and how
many earlier years it builds on (``history``). This module imports nothing
heavy: the build decides what to re-execute from these declarations alone.
:class:`sustainability_appendix.chapters.engine.Computation` runs ``load`` and
``compute`` for a build, each (chapter, year) at most once.
"""

from __future__ import annotations

from dataclasses import dataclass

YEAR, REFERENCE = "year", "reference"


@dataclass(frozen=True)
class Reads:
    """One input file a chapter's calculation reads.

    stem: the file name without ``.csv``/``.xlsx``.
    items: for an item-keyed file (``quantities``, ``factors``) the items read, one by
      one; None for a file read whole.
    area: ``year`` (``data/raw/<year>/``) or ``reference`` (``data/reference/``).
    """

    stem: str
    items: tuple[str, ...] | None = None
    area: str = YEAR

    def __post_init__(self) -> None:
        if self.area not in (YEAR, REFERENCE):
            raise ValueError(f"Reads.area must be '{YEAR}' or '{REFERENCE}', not {self.area!r}")


def ref(*stems: str) -> tuple[Reads, ...]:
    """Reference tables, read whole."""
    return tuple(Reads(s, area=REFERENCE) for s in stems)


@dataclass(frozen=True)
class Chapter:
    name: str  # module, notebook and output-file stem
    title: str  # Traditional Chinese, English alongside
    sections: str  # report sections it covers
    reads: tuple[Reads, ...] = ()
    history: int | str = 0  # earlier years whose results compute() receives: a number, or "all"
    notebook: bool = True  # False: no notebook; its figures are shown on another page
    page: str = ""  # the page showing its figures (default <name>.html)

    def __post_init__(self) -> None:
        if not (isinstance(self.history, int) and self.history >= 0) and self.history != "all":
            raise ValueError(f"Chapter.history must be a number of at least 0 or 'all', not {self.history!r}")
        if not self.page:
            object.__setattr__(self, "page", f"{self.name}.html")

    def earlier_years(self, year: int, years: list[int]) -> list[int]:
        """The years before ``year`` (of ``years``, those with data) whose results compute receives."""
        if self.history == "all":
            return [y for y in years if y < year]
        return [y for y in years if year - int(self.history) <= y < year]

    def years_built_on(self, year: int, years: list[int]) -> list[int]:
        """``year`` and, recursively, every earlier year its result builds on, oldest first."""
        found, todo = set(), [year]
        while todo:
            y = todo.pop()
            if y not in found:
                found.add(y)
                todo += self.earlier_years(y, years)
        return sorted(found)

    def reads_stem(self, stem: str, area: str = YEAR) -> Reads | None:
        return next((r for r in self.reads if r.stem == stem and r.area == area), None)


def quantities(*items: str) -> Reads:
    return Reads("quantities", tuple(items))


def factors(*items: str) -> Reads:
    return Reads("factors", tuple(items))


CHAPTERS: tuple[Chapter, ...] = (
    # the order of the pages: environment, social, governance, then stakeholders, material topics and targets
    Chapter("energy", "能源 Energy", "3.1.2 能源管理；5.1 SDG 13",
            reads=(quantities("electricity_kwh", "gasoline_litres", "employees_year_end"),
                   factors("kwh_to_gj", "kcal_to_gj", "gasoline_heat_value")),
            history=2),
    Chapter("ghg", "溫室氣體與減碳效益 GHG inventory and reductions", "3.1.2 溫室氣體盤查、節能減碳成果；5.1 SDG 13",
            reads=(quantities("electricity_kwh", "paper_sheets", "ghg_covered_employees", "employees_year_end"),
                   factors("electricity_emission_factor", "paper_emission_factor"), Reads("ghg_inventory")),
            history="all"),
    Chapter("water", "水資源 Water", "3.1.2 水資源管理；5.1 SDG 6",
            reads=(quantities("water_withdrawal_ml", "water_discharge_ml", "employees_year_end"),
                   Reads("water_sites")),
            history=2),
    Chapter("resources", "資源循環 Resources", "3.1.2 廢棄物資源化、淨零綠生活；5.1 SDG 11、12",
            reads=(quantities("paper_sheets", "e_document_ratio_pct", "green_procurement_items"),),
            history=2),
    Chapter("workforce", "人力與人員流動 Workforce and turnover", "3.3.2.1 多元職場；2.4.2 員工",
            reads=(quantities("employees_year_end"), Reads("workforce_headcount"), Reads("workforce_flows"),
                   Reads("workforce_senior_management"), Reads("workforce_counts"),
                   *ref("genders", "age_bands", "workforce_categories", "workforce_flow_kinds",
                        "workforce_count_items")),
            history=2),
    Chapter("training", "職業訓練與就業服務 Training and employment services",
            "3.3.2.2 培力共進；2.4.2；2.5.3 績效；3.2；3.3.2.4",
            reads=(quantities("employee_training_hours", "employees_year_end"), Reads("training_programmes"),
                   *ref("training_groups", "training_catalogue", "training_measures", "training_totals",
                        "training_rates")),
            history=2),
    Chapter("labour_inspection", "勞動檢查與職業安全衛生 Labour inspection and occupational safety",
            "2.5.3 勞動保障、職場安全 績效；2.4.2；3.1.1 熱危害防護行動；3.2 SDG 8；3.3.2.3 職場健康安全；5.1 SDG 8",
            reads=(Reads("labour_inspection"),
                   *ref("labour_inspection_activities", "labour_inspection_categories", "labour_inspection_measures",
                        "labour_inspection_totals", "labour_inspection_rates")),
            history=2),
    Chapter("social_participation", "社會參與 Social participation", "3.3.2.4 社會參與；ESG 績效摘要 S；3.2",
            reads=(Reads("social_activities"), Reads("social_activity_measures"), Reads("training_programmes"),
                   *ref("social_activity_kinds", "social_measures")),
            history=2),
    Chapter("governance", "永續治理與財務 Governance and finances",
            "3.3.3 永續治理（誠信經營、風險管理、財務穩健）；1.2；2.1.2；2.2；ESG 績效摘要 G",
            reads=(Reads("budget"), Reads("government_grants"), Reads("governance_counts"), Reads("ethics_coverage"),
                   *ref("finance_vocabulary", "governance_areas")),
            history=2),
    Chapter("materiality", "利害關係人與重大主題 Stakeholders and material topics", "2.4 利害關係人議合；2.5 重大主題管理",
            reads=(Reads("materiality_topics"), Reads("materiality_material_topics"), Reads("materiality_stakeholders"),
                   Reads("materiality_published_ratings"), Reads("materiality_stakeholder_responses"),
                   Reads("materiality_impact_responses"), Reads("materiality_example_stakeholder_responses"),
                   Reads("materiality_example_impact_responses"), *ref("materiality_vocabulary", "stakeholder_groups"))),
    Chapter("stakeholder_communication", "利害關係人溝通 Stakeholder communication", "2.4.2 利害關係人溝通",
            reads=(Reads("stakeholder_communication"), Reads("stakeholder_channels"), Reads("materiality_stakeholders"),
                   Reads("training_programmes"), Reads("labour_inspection"), quantities("employee_training_hours"),
                   *ref("stakeholder_groups", "communication_vocabulary", "communication_totals")),
            history=2),
    Chapter("targets", "目標與進度 Targets and progress", "2.5.3 管理方針 階段性目標；3.1.1；GRI 3-3",
            reads=(Reads("targets"), Reads("materiality_material_topics"))),
    Chapter("sdg_indicators", "永續指標執行成果 Programme outcomes (SDG table)",
            "3.1.1 公正轉型推動；5.1 本局主協辦各項永續指標進展",
            reads=(Reads("sdg_indicators"),), notebook=False, page="sdg.html#outcomes"),
)


def chapter(name: str) -> Chapter:
    for c in CHAPTERS:
        if c.name == name:
            return c
    raise KeyError(f"no chapter '{name}' (chapters: {', '.join(c.name for c in CHAPTERS)})")


def chapter_number(name: str) -> int:
    """A chapter's number in the appendix (1, 2, …): its place, in the order of ``CHAPTERS``, among the
    chapters with a page of their own. Its tables and figures are numbered after it (表 3-1, 圖 3-1)."""
    pages = [c.name for c in CHAPTERS if c.notebook]
    if name not in pages:
        raise KeyError(f"chapter '{name}' has no page of its own (chapters with pages: {', '.join(pages)})")
    return pages.index(name) + 1


def module(name: str):
    """The module computing a chapter."""
    import importlib

    chapter(name)  # only registered chapters
    return importlib.import_module(f"sustainability_appendix.chapters.{name}")
