"""A reporting year's figures as the review sees them: handed over by the computed stage.

Every figure is named ``<chapter>.<metric_id>`` (``energy.electricity_gj``): a
metric id alone is not unique, ``employees_year_end`` is a metric of several
chapters. Two more sources hold inputs: ``raw.<item>`` (the year's
``quantities.csv``) and ``factor.<name>`` (its ``factors.csv``).

A reference may carry a year: ``@prev`` (the year before), ``@base`` (the GHG
base year, the metric ``base_year`` of the year being reviewed) or ``@2024``.

:class:`YearResults` reads no file to learn what a chapter computed: the
chapters' results, of this year and of others, come from the
:class:`~sustainability_appendix.chapters.engine.Computation` the build made
(each computed once), and the inputs from its store, which read each file
once. The printed figures are the review's own inputs.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from dataclasses import asdict, dataclass

import pandas as pd

from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.chapters.result import METRIC_COLUMNS, ChapterResult
from sustainability_appendix.errors import ChapterError, ConfigurationError, InputError
from sustainability_appendix.inputs.printed_files import REPORT_FILES
from sustainability_appendix.inputs.quantities import Factors, Quantities
from sustainability_appendix.inputs.registry import PRINTED
from sustainability_appendix.inputs.tables import parse_number
from sustainability_appendix.review.reconcile import decimals_of

INPUT_SOURCES = ("raw", "factor")
PRINTED_COLUMNS = ["chapter", "figure_id", "metric_id", "label", "printed", "unit", "section", "note", "kind"]

REF_PATTERN = r"[a-z_][a-z0-9_]*\.[A-Za-z0-9_*?{},\[\]!]+(?:@(?:prev|base|\d{4}))?"
_REF = re.compile(r"(?P<source>[a-z_][a-z0-9_]*)\.(?P<name>[A-Za-z0-9_*?{},\[\]!]+)(?:@(?P<when>prev|base|\d{4}))?")


@dataclass(frozen=True)
class Term:
    """One resolved figure: its value, unit, where it comes from and, when the
    report printed it, the printed text."""

    ref: str  # fully qualified, with the year when it is not the year being reviewed
    label: str
    value: float | None
    unit: str
    year: int
    cite: str = ""
    printed: str | None = None
    note: str = ""

    @property
    def printed_value(self) -> float | None:
        return None if self.printed is None else parse_number(self.printed)

    @property
    def printed_decimals(self) -> int:
        return decimals_of(self.printed) if self.printed is not None else 0


class Unavailable(Exception):
    """A reference that cannot be resolved in this year (metric not computed, no
    such input, chapter not part of the appendix): checks using it do not apply."""


def expand_braces(pattern: str) -> list[str]:
    """``hires_{female,male}_{under30,over50}`` -> the four names (shell-style)."""
    parts = re.split(r"(\{[^{}]*,[^{}]*\})", pattern)
    options = [p[1:-1].split(",") if p.startswith("{") and "," in p else [p] for p in parts]
    return ["".join(combo) for combo in itertools.product(*options)]


def metrics_frame(result: ChapterResult) -> pd.DataFrame:
    """A result's metrics with values as floats (None when not computable)."""
    frame = result.metrics_frame()
    frame["value"] = pd.Series([None if v is None or pd.isna(v) else float(v) for v in frame["value"]],
                               index=frame.index, dtype=object)
    return frame


class YearResults:
    """The figures of ``year`` and, on demand, of other years, from one computation."""

    def __init__(self, computation: Computation, year: int):
        self.computation = computation
        self.store = computation.store
        self.project = computation.project
        self.year = year
        self.chapters = computation.chapters
        self._metrics: dict[tuple[int, str], pd.DataFrame] = {}
        self._year_frames: dict[tuple[str, int], pd.DataFrame] = {}  # metrics and printed, by year
        self._printed_first: dict[tuple[int, str], dict[str, str]] = {}
        self.problems: list[str] = []  # other years' chapters that could not be computed
        self._declarations = None

    @property
    def declarations(self):
        """The audit declarations of data/reference/, read once for the year's review."""
        if self._declarations is None:
            from sustainability_appendix.review.audit.declarations import Declarations

            self._declarations = Declarations.load(self.store, self.year)
        return self._declarations

    # --- chapters -------------------------------------------------------
    @property
    def chapter_names(self) -> list[str]:
        return [c.name for c in self.chapters]

    def chapter_title(self, name: str) -> str:
        return self.computation.chapter(name).title

    def chapter_page(self, name: str) -> str:
        """The page (relative to the year folder) showing a chapter's figures."""
        return self.computation.chapter(name).page.split("#")[0]

    def result(self, chapter: str, year: int | None = None) -> ChapterResult | None:
        """A chapter's result; None for a year without data. The year being reviewed
        must compute (validation made sure); another year that fails is noted."""
        year = self.year if year is None else year
        if not self.project.has_year(year):
            return None
        try:
            return self.computation.result(chapter, year)
        except (InputError, ConfigurationError, ChapterError) as exc:
            if year == self.year:
                raise
            self.problems.append(f"{chapter} {year}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            return None

    # --- metrics --------------------------------------------------------
    def chapter_metrics(self, chapter: str, year: int | None = None) -> pd.DataFrame:
        year = self.year if year is None else year
        key = (year, chapter)
        if key not in self._metrics:
            result = self.result(chapter, year)
            self._metrics[key] = metrics_frame(result) if result is not None else pd.DataFrame(columns=METRIC_COLUMNS)
        return self._metrics[key]

    def metrics(self, year: int | None = None) -> pd.DataFrame:
        """Every metric of the year, all chapters, with the qualified name in ``metric`` (a copy of the
        frame made once per year: the audit checks ask for it many times)."""
        key = ("metrics", self.year if year is None else year)
        if key not in self._year_frames:
            frames = [self.chapter_metrics(c, year) for c in self.chapter_names]
            frames = [f for f in frames if not f.empty]
            if not frames:
                out = pd.DataFrame(columns=["metric", *METRIC_COLUMNS])
            else:
                out = pd.concat(frames, ignore_index=True)
                out.insert(0, "metric", out["chapter"] + "." + out["metric_id"])
            self._year_frames[key] = out
        return self._year_frames[key].copy()

    def metric(self, chapter: str, metric_id: str, year: int | None = None) -> dict | None:
        year = self.year if year is None else year
        result = self.result(chapter, year)
        found = result.find(metric_id) if result is not None else None
        if found is None:
            return None
        value = None if found.value is None or pd.isna(found.value) else float(found.value)
        return {"year": year, "chapter": chapter, **asdict(found), "value": value}

    # --- printed figures ------------------------------------------------
    def chapter_printed(self, chapter: str, year: int | None = None) -> pd.DataFrame:
        year = self.year if year is None else year
        return self.store.printed(year, chapter, ("review", self.year))

    def printed(self, year: int | None = None) -> pd.DataFrame:
        """Every printed figure of the year's chapters, with ``chapter`` (a copy of the frame made once
        per year)."""
        key = ("printed", self.year if year is None else year)
        if key not in self._year_frames:
            frames = []
            for c in self.chapter_names:
                p = self.chapter_printed(c, year)
                if not p.empty:
                    p = p.copy()
                    p.insert(0, "chapter", c)
                    frames.append(p)
            if not frames:
                self._year_frames[key] = pd.DataFrame(columns=PRINTED_COLUMNS)
            else:
                out = pd.concat(frames, ignore_index=True)
                out["note"] = out["note"].fillna("") if "note" in out else ""
                self._year_frames[key] = out[PRINTED_COLUMNS]
        return self._year_frames[key].copy()

    def unregistered_printed(self, year: int | None = None) -> list[str]:
        """Printed-figure files of the year that belong to no chapter of the appendix."""
        folder = self.project.printed_dir(self.year if year is None else year)
        if not folder.is_dir():
            return []
        names = set(self.chapter_names) | set(REPORT_FILES)
        return sorted(p.stem for p in folder.iterdir()
                      if p.suffix.lower() in (".csv", ".xlsx") and p.stem not in names)

    # --- raw inputs -----------------------------------------------------
    def quantities(self, year: int | None = None) -> Quantities | None:
        year = self.year if year is None else year
        if not self.project.has_year(year):
            return None
        try:
            return self.store.quantities(year, ("review", self.year))
        except InputError:
            return None

    def factors(self, year: int | None = None) -> Factors | None:
        year = self.year if year is None else year
        if not self.project.has_year(year):
            return None
        try:
            return self.store.factors(year, ("review", self.year))
        except InputError:
            return None

    # --- references -----------------------------------------------------
    def check_source(self, source: str, ref: str) -> None:
        """Raise ConfigurationError for a source that is nothing known; Unavailable
        for a chapter that exists but is not part of this computation."""
        if source in INPUT_SOURCES or source in self.chapter_names:
            return
        from sustainability_appendix.chapters import CHAPTERS

        if source in {c.name for c in CHAPTERS}:
            raise Unavailable(f"章節 {source} 尚未納入本附錄 chapter '{source}' is not part of the appendix")
        raise ConfigurationError(f"reference '{ref}' names '{source}', which is neither a chapter of the appendix "
                                 f"({', '.join(self.chapter_names)}) nor one of {', '.join(INPUT_SOURCES)}")

    def ref_year(self, when: str | None) -> int:
        if when is None:
            return self.year
        if when == "prev":
            return self.year - 1
        if when == "base":
            for c in self.chapter_names:
                m = self.metric(c, "base_year")
                if m is not None and m["value"] is not None:
                    return int(m["value"])
            raise Unavailable(f"{self.year} 年無基準年 no base year defined for {self.year}")
        return int(when)

    def resolve(self, ref: str, printed: bool = False) -> list[Term]:
        """The figures a reference names (several for a pattern with * or {a,b}).

        Raises Unavailable when nothing matches in that year, ConfigurationError
        when the reference is malformed or names an unknown source."""
        m = _REF.fullmatch(ref.strip())
        if not m:
            raise ConfigurationError(f"malformed reference '{ref}': expected chapter.metric_id, raw.item or "
                                     "factor.name, optionally followed by @prev, @base or @YYYY")
        source, name, when = m.group("source"), m.group("name"), m.group("when")
        self.check_source(source, ref)
        year = self.ref_year(when)
        suffix = "" if year == self.year else f"@{year}"
        if source == "raw":
            q = self.quantities(year)
            value = q.get(name) if q is not None else None
            if value is None:
                raise Unavailable(f"{year} 年無輸入 {name} (no '{name}' in data/raw/{year}/quantities.csv)")
            return [Term(f"raw.{name}{suffix}", name, value.value, value.unit, year, value.cite())]
        if source == "factor":
            f = self.factors(year)
            if f is None or not f.has(name):
                raise Unavailable(f"{year} 年無係數 {name} (no factor '{name}' for {year})")
            value = f.get(name)
            return [Term(f"factor.{name}{suffix}", name, value.value, value.unit, year, value.cite())]
        result = self.result(source, year)
        metrics = {m.metric_id: m for m in result.metrics} if result is not None else {}
        names = []
        for pattern in expand_braces(name):
            if any(ch in pattern for ch in "*?["):
                names += [n for n in metrics if fnmatch.fnmatchcase(n, pattern)]
            elif pattern in metrics:
                names.append(pattern)
            else:
                raise Unavailable(f"{source}.{pattern} 於 {year} 年未計算 (not computed for {year})")
        if not names:
            raise Unavailable(f"{source}.{name} 於 {year} 年無相符指標 (nothing matches in {year})")
        first_printed = self._first_printed(source, year) if printed else {}
        terms = []
        for metric_id in dict.fromkeys(names):
            m = metrics[metric_id]
            value = None if m.value is None or pd.isna(m.value) else float(m.value)
            terms.append(Term(f"{source}.{metric_id}{suffix}", m.label, value, m.unit, year, m.inputs,
                              first_printed.get(metric_id)))
        return terms

    def _first_printed(self, chapter: str, year: int) -> dict[str, str]:
        """The first printed copy of each metric of a chapter's printed figures."""
        key = (year, chapter)
        if key not in self._printed_first:
            table = self.chapter_printed(chapter, year)
            first: dict[str, str] = {}
            for metric_id, text in zip(table["metric_id"], table["printed"]):
                if metric_id:
                    first.setdefault(metric_id, str(text))
            self._printed_first[key] = first
        return self._printed_first[key]


__all__ = ["YearResults", "Term", "Unavailable", "expand_braces", "REF_PATTERN", "PRINTED", "metrics_frame"]
