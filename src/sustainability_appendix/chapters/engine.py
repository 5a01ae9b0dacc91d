"""One pass over the data: every (chapter, year) loaded and computed at most once.

A :class:`Computation` is what the computed stage hands on. The build makes one:
validation asks it for every chapter of the year (which computes the earlier
years a chapter builds on, once each), and the review, the register, the
audit checks, the exports and the manifest are all handed the same object. A
notebook makes its own, for its chapter.

A chapter's calculation that raises anything but an input error is a defect
(or data it did not foresee): it is reported as :class:`ChapterError`, naming
the chapter, the year and the exception.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import fields, is_dataclass

import pandas as pd

from sustainability_appendix.chapters import CHAPTERS, Chapter, module
from sustainability_appendix.chapters.result import ChapterResult
from sustainability_appendix.errors import ChapterError, ConfigurationError, InputError
from sustainability_appendix.inputs.quantities import ItemTable
from sustainability_appendix.inputs.store import InputStore
from sustainability_appendix.project import Project


class Computation:
    """Loads and computes chapters on demand, each (chapter, year) once."""

    def __init__(self, project: Project, chapters: tuple[Chapter, ...] = CHAPTERS, store: InputStore | None = None,
                 memo=None):
        self.project = project
        self.chapters = tuple(chapters)
        self.store = store or InputStore(project)
        self.memo = memo  # memo.ResultMemo, or None
        self.years = project.years()
        self._inputs: dict[tuple[str, int], object] = {}
        self._results: dict[tuple[str, int], ChapterResult | BaseException] = {}
        self._fingerprints: dict[tuple[str, int], dict[str, str]] = {}
        self.loads: Counter = Counter()
        self.computes: Counter = Counter()
        self.recalls: Counter = Counter()

    def chapter(self, name: str) -> Chapter:
        for c in self.chapters:
            if c.name == name:
                return c
        raise KeyError(f"chapter '{name}' is not part of this computation")

    # --- the two steps -----------------------------------------------------------------------
    def inputs(self, name: str, year: int):
        """The chapter's validated inputs of ``year`` (InputError when they are invalid)."""
        key = (name, year)
        if key not in self._inputs:
            self.loads[key] += 1
            try:
                self._inputs[key] = module(name).load(self.project, year, self.store)
            except (InputError, ConfigurationError) as exc:
                self._inputs[key] = exc
            except Exception as exc:  # the chapter's reading of valid files failed: a defect
                self._inputs[key] = ChapterError(name, year, exc)
                self._inputs[key].__cause__ = exc
        found = self._inputs[key]
        if isinstance(found, BaseException):
            raise found
        return found

    def earlier(self, name: str, year: int) -> dict[int, ChapterResult]:
        """The chapter's results of the years before ``year`` that it builds on."""
        return {y: self.result(name, y) for y in self.chapter(name).earlier_years(year, self.years)}

    def result(self, name: str, year: int) -> ChapterResult:
        """The chapter's result for ``year``; InputError, ConfigurationError or ChapterError otherwise."""
        key = (name, year)
        if key not in self._results and not self._recall(name, year):
            try:
                inputs = self.inputs(name, year)
                earlier = self.earlier(name, year)
                self.computes[key] += 1
                self._results[key] = run_compute(name, year, inputs, earlier)
            except (InputError, ConfigurationError, ChapterError) as exc:
                self._results[key] = exc
            else:
                self._remember(name, year)
        found = self._results[key]
        if isinstance(found, BaseException):
            raise found
        return found

    def _recall(self, name: str, year: int) -> bool:
        """Take the chapter-year from the memo, when an earlier build computed it from the same files."""
        kept = self.memo.get(name, year) if self.memo is not None else None
        if kept is None:
            return False
        inputs, result, fingerprints, read = kept
        key = (name, year)
        self._inputs.setdefault(key, inputs)
        self._results[key] = result
        self._fingerprints[key] = fingerprints
        for path, y in read:  # the provenance manifest lists who read which file
            self.store.note_reader(self.project.root / path, (name, y))
        self.recalls[key] += 1
        return True

    def _remember(self, name: str, year: int) -> None:
        if self.memo is None:
            return
        history = set(self.history(name, year))
        read = sorted({(self.project.relative(path), y) for path, readers in self.store.readers.items()
                       for n, y in readers if n == name and y in history})
        key = (name, year)
        self.memo.put(name, year, (self._inputs[key], self._results[key], self.fingerprints(name, year), read))

    def year_results(self, year: int) -> dict[str, ChapterResult]:
        """Every chapter's result for the year, in the order of the table of contents."""
        return {c.name: self.result(c.name, year) for c in self.chapters}

    def computed(self) -> dict[tuple[str, int], ChapterResult]:
        return {k: v for k, v in self._results.items() if isinstance(v, ChapterResult)}

    # --- what the rebuild keys are made of ---------------------------------------------------
    def history(self, name: str, year: int) -> list[int]:
        """The year and, recursively, the earlier years its result builds on, oldest first."""
        return self.chapter(name).years_built_on(year, self.years)

    def fingerprints(self, name: str, year: int) -> dict[str, str]:
        """A digest per part of everything the chapter's result of ``year`` is computed from:
        each field of its inputs, of the year and of every earlier year it builds on
        (``"2025/quantities"``: the rows of the items it reads, ...)."""
        key = (name, year)
        if key not in self._fingerprints:
            out = {}
            for y in self.history(name, year):
                inputs = self.inputs(name, y)
                for f in fields(inputs):
                    text = json.dumps(fingerprint(getattr(inputs, f.name)), sort_keys=True, ensure_ascii=False)
                    out[f"{y}/{f.name}"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
            self._fingerprints[key] = out
        return dict(self._fingerprints[key])

    # --- what if ----------------------------------------------------------------------------
    def with_factor(self, name: str, year: int, factor: str, value: float) -> ChapterResult | None:
        """The chapter's result of ``year`` recomputed with one factor replaced, in memory;
        None when the chapter does not read that factor."""
        reads = self.chapter(name).reads_stem("factors")
        if reads is None or factor not in (reads.items or ()):
            return None
        inputs = self.inputs(name, year)
        replaced = replace_items(inputs, factor, value)
        return run_compute(name, year, replaced, self.earlier(name, year))


def run_compute(name: str, year: int, inputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    try:
        return module(name).compute(inputs, earlier)
    except (InputError, ConfigurationError):
        raise
    except Exception as exc:
        raise ChapterError(name, year, exc) from exc


def fingerprint(value) -> object:
    """A JSON-able picture of a chapter's inputs, for rebuild keys: the rows it can read."""
    if isinstance(value, ItemTable):
        return value.fingerprint()
    if isinstance(value, pd.DataFrame):
        return [value.attrs.get("source_file", ""), value.to_csv(lineterminator="\n")]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: fingerprint(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): fingerprint(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [fingerprint(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def replace_items(inputs, factor: str, value: float):
    """A copy of a chapter's inputs with one factor's value replaced."""
    from dataclasses import replace

    from sustainability_appendix.inputs.quantities import Factors

    changes = {f.name: getattr(inputs, f.name).with_value(factor, value) for f in fields(inputs)
               if isinstance(getattr(inputs, f.name), Factors)}
    return replace(inputs, **changes)
