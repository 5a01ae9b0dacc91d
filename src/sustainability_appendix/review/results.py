"""A reporting year's figures as the register, the audit and the index pages see them.

Every figure is named ``<chapter>.<metric_id>`` (``energy.electricity_gj``): a
metric id alone is not unique, ``employees_year_end`` is a metric of several
chapters. Besides the chapters of ``CHAPTERS`` there is the pseudo-chapter
``sdg_indicators`` (outcomes of report 5.1 that no chapter computes), and two
sources of inputs: ``raw.<item>`` (``data/raw/<year>/quantities.csv``) and
``factor.<name>`` (``data/raw/<year>/factors.csv``).

A reference may carry a year: ``@prev`` (the year before), ``@base`` (the GHG
base year, the metric ``base_year`` of the year being built) or ``@2024``.

The metrics of the year being built are read from the files its notebooks wrote
(the staging ``processed`` folder), so the pages show what the chapters published.
Other years' metrics are computed in this process by the chapter modules, from the
same raw files, so they never depend on which years happen to have been built.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sustainability_appendix.chapters import sdg_indicators
from sustainability_appendix.chapters import CHAPTERS, Chapter
from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.inputs.quantities import Factors, Quantities, load_factors, load_quantities
from sustainability_appendix.chapters.result import METRIC_COLUMNS
from sustainability_appendix.project import printed_dir, raw_dir
from sustainability_appendix.review.reconcile import PRINTED_SCHEMA, decimals_of, load_printed
from sustainability_appendix.inputs.tables import find_input, parse_number

SDG_CHAPTER = sdg_indicators.CHAPTER
INPUT_SOURCES = ("raw", "factor")

REF_PATTERN = r"[a-z_][a-z0-9_]*\.[A-Za-z0-9_*?{},\[\]!]+(?:@(?:prev|base|\d{4}))?"
_REF = re.compile(r"(?P<source>[a-z_][a-z0-9_]*)\.(?P<name>[A-Za-z0-9_*?{},\[\]!]+)(?:@(?P<when>prev|base|\d{4}))?")


@dataclass(frozen=True)
class Term:
    """One resolved figure: its value, unit, where it comes from and, when the
    report printed it, the printed text."""

    ref: str  # fully qualified, with the year when it is not the year being built
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


def _read_metrics_csv(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in METRIC_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
    frame = frame[METRIC_COLUMNS].copy()
    frame["value"] = pd.Series([None if v == "" else float(v) for v in frame["value"]], index=frame.index, dtype=object)
    frame["year"] = frame["year"].astype(int)
    return frame


def chapter_module(name: str):
    if name == SDG_CHAPTER:
        return sdg_indicators
    return importlib.import_module(f"sustainability_appendix.chapters.{name}")


def chapter_module_exists(name: str) -> bool:
    return importlib.util.find_spec(f"sustainability_appendix.chapters.{name}") is not None


class YearData:
    """Figures of ``year`` and, on demand, of other years."""

    def __init__(self, year: int, chapters: tuple[Chapter, ...] = CHAPTERS, processed: Path | None = None):
        self.year = year
        self.chapters = tuple(chapters)
        self.processed = Path(processed) if processed else None
        self._metrics: dict[tuple[int, str], pd.DataFrame] = {}
        self._printed: dict[tuple[int, str], pd.DataFrame] = {}
        self._quantities: dict[int, Quantities | None] = {}
        self._factors: dict[int, Factors | None] = {}
        self.problems: list[str] = []  # other years' chapters that could not be computed
        self.factor_readers: list[str] | None = None  # chapters known to read the year's factors (None: unknown)

    # --- chapters -------------------------------------------------------
    @property
    def chapter_names(self) -> list[str]:
        """The registered chapters, then the SDG outcomes."""
        return [c.name for c in self.chapters] + [SDG_CHAPTER]

    def chapter_title(self, name: str) -> str:
        for c in self.chapters:
            if c.name == name:
                return c.title
        return sdg_indicators.TITLE if name == SDG_CHAPTER else name

    def chapter_page(self, name: str) -> str:
        """The page (relative to the year folder) showing a chapter's figures."""
        return "sdg.html" if name == SDG_CHAPTER else f"{name}.html"

    # --- metrics --------------------------------------------------------
    def chapter_metrics(self, chapter: str, year: int | None = None) -> pd.DataFrame:
        year = self.year if year is None else year
        key = (year, chapter)
        if key not in self._metrics:
            self._metrics[key] = self._load_metrics(chapter, year)
        return self._metrics[key]

    def _load_metrics(self, chapter: str, year: int) -> pd.DataFrame:
        if year == self.year and self.processed is not None and chapter != SDG_CHAPTER:
            path = self.processed / f"{chapter}__metrics.csv"
            if path.exists():
                return _read_metrics_csv(path)
        if not raw_dir(year).is_dir():
            return pd.DataFrame(columns=METRIC_COLUMNS)
        try:
            result = chapter_module(chapter).compute(year)
        except Exception as exc:  # another year's chapter failing must not stop this year's pages
            if year == self.year:
                raise
            self.problems.append(f"{chapter} {year}: {type(exc).__name__}: {exc}")
            return pd.DataFrame(columns=METRIC_COLUMNS)
        frame = result.metrics_frame()
        frame["value"] = pd.Series([None if v is None or pd.isna(v) else float(v) for v in frame["value"]],
                                   index=frame.index, dtype=object)
        return frame

    def metrics(self, year: int | None = None) -> pd.DataFrame:
        """Every metric of the year, all chapters, with the qualified name in ``metric``."""
        frames = [self.chapter_metrics(c, year) for c in self.chapter_names]
        frames = [f for f in frames if not f.empty]
        if not frames:
            return pd.DataFrame(columns=["metric", *METRIC_COLUMNS])
        out = pd.concat(frames, ignore_index=True)
        out.insert(0, "metric", out["chapter"] + "." + out["metric_id"])
        return out

    def metric(self, chapter: str, metric_id: str, year: int | None = None) -> dict | None:
        frame = self.chapter_metrics(chapter, year)
        rows = frame[frame["metric_id"] == metric_id]
        return None if rows.empty else rows.iloc[0].to_dict()

    # --- printed figures ------------------------------------------------
    def chapter_printed(self, chapter: str, year: int | None = None) -> pd.DataFrame:
        year = self.year if year is None else year
        key = (year, chapter)
        if key not in self._printed:
            self._printed[key] = load_printed(year, chapter)
        return self._printed[key]

    def printed(self, year: int | None = None) -> pd.DataFrame:
        """Every printed figure of the year's registered chapters, with ``chapter``."""
        frames = []
        for c in self.chapter_names:
            p = self.chapter_printed(c, year)
            if not p.empty:
                p = p.copy()
                p.insert(0, "chapter", c)
                frames.append(p)
        columns = ["chapter", *PRINTED_SCHEMA.column_names]
        if not frames:
            return pd.DataFrame(columns=columns)
        out = pd.concat(frames, ignore_index=True)
        out["note"] = out["note"].fillna("") if "note" in out else ""
        return out[columns]

    def unregistered_printed(self, year: int | None = None) -> list[str]:
        """Printed-figure files of the year whose chapter is not part of the appendix."""
        folder = printed_dir(self.year if year is None else year)
        if not folder.is_dir():
            return []
        names = set(self.chapter_names)
        return sorted(p.stem for p in folder.iterdir()
                      if p.suffix.lower() in (".csv", ".xlsx") and p.stem not in names)

    # --- raw inputs -----------------------------------------------------
    def quantities(self, year: int | None = None) -> Quantities | None:
        year = self.year if year is None else year
        if year not in self._quantities:
            has = raw_dir(year).is_dir() and find_input(raw_dir(year), "quantities").exists()
            self._quantities[year] = load_quantities(year) if has else None
        return self._quantities[year]

    def factors(self, year: int | None = None) -> Factors | None:
        year = self.year if year is None else year
        if year not in self._factors:
            has = raw_dir(year).is_dir() and find_input(raw_dir(year), "factors").exists()
            self._factors[year] = load_factors(year) if has else None
        return self._factors[year]

    # --- references -----------------------------------------------------
    def check_source(self, source: str, ref: str) -> None:
        """Raise ConfigurationError for a source that is nothing known; Unavailable
        for a chapter that exists but is not registered."""
        if source in INPUT_SOURCES or source in self.chapter_names:
            return
        if chapter_module_exists(source):
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
            if f is None or name not in f.table.index:
                raise Unavailable(f"{year} 年無係數 {name} (no factor '{name}' for {year})")
            value = f.get(name)
            return [Term(f"factor.{name}{suffix}", name, value.value, value.unit, year, value.cite())]
        frame = self.chapter_metrics(source, year)
        names = []
        for pattern in expand_braces(name):
            if any(ch in pattern for ch in "*?["):
                names += [n for n in frame["metric_id"] if fnmatch.fnmatchcase(n, pattern)]
            elif pattern in set(frame["metric_id"]):
                names.append(pattern)
            else:
                raise Unavailable(f"{source}.{pattern} 於 {year} 年未計算 (not computed for {year})")
        if not names:
            raise Unavailable(f"{source}.{name} 於 {year} 年無相符指標 (nothing matches in {year})")
        printed_frame = self.chapter_printed(source, year) if printed else None
        terms = []
        for metric_id in dict.fromkeys(names):
            row = frame[frame["metric_id"] == metric_id].iloc[0]
            text = None
            if printed_frame is not None and not printed_frame.empty:
                hits = printed_frame[printed_frame["metric_id"] == metric_id]
                if not hits.empty:
                    text = str(hits.iloc[0]["printed"])
            terms.append(Term(f"{source}.{metric_id}{suffix}", row["label"], row["value"], row["unit"], year,
                              row["inputs"], text))
        return terms
