"""The review of one year, in one call: what the published pages and files are made of.

:func:`review_year` is handed the build's computation (every chapter computed
once) and returns a :class:`YearReview`: the reconciliation register, the
metric export, the GRI content index, the SDG table, the audit findings and the
notes about the printed report. It writes nothing; the publish stage turns it
into files and pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sustainability_appendix.chapters.engine import Computation
from sustainability_appendix.errors import ChapterError, ConfigurationError, InputError
from sustainability_appendix.review import audit
from sustainability_appendix.review.coverage import Coverage, build_coverage
from sustainability_appendix.review.export import export_metrics
from sustainability_appendix.review.gri_index import GriIndex, build_gri_index
from sustainability_appendix.review.notes import report_notes
from sustainability_appendix.review.register import awaiting_counts, build_register, status_counts
from sustainability_appendix.review.results import YearResults
from sustainability_appendix.review.sdg_table import SdgTable, build_sdg_table


@dataclass
class YearReview:
    year: int
    data: YearResults
    register: pd.DataFrame
    metrics: pd.DataFrame
    gri: GriIndex
    sdg: SdgTable
    findings: list[audit.Finding]
    notes: dict[str, list[str]] = field(default_factory=dict)  # chapter -> notes about the printed report
    coverage: Coverage | None = None  # the register by section of the report
    # chapter -> figures computed but not yet reconcilable: the report has printed none of the chapter's
    awaiting: dict[str, int] = field(default_factory=dict)

    @property
    def register_counts(self) -> dict[str, int]:
        return status_counts(self.register)

    @property
    def audit_counts(self) -> dict[str, int]:
        return audit.status_counts(self.findings)

    def chapter_counts(self, chapter: str) -> dict[str, int]:
        return status_counts(self.register[self.register["chapter"] == chapter])


def chapter_notes(data: YearResults, chapter: str) -> list[str]:
    """The notes of the year's report about one chapter, filled in from the year's figures."""
    def value(name: str, metric_id: str):
        m = data.metric(name, metric_id)
        return None if m is None else m["value"]
    return report_notes(data.store, data.year, chapter, value)


def register_of(computation: Computation, year: int, registers=None) -> pd.DataFrame | None:
    """The register of another year, for coverage; None when that year cannot be reviewed.
    ``registers`` (``memo.RegisterMemo``): the registers of earlier builds."""
    kept = registers.get(year) if registers is not None else None
    if kept is not None:
        return kept
    try:
        register = build_register(YearResults(computation, year))
    except (InputError, ConfigurationError, ChapterError):
        return None
    if registers is not None:
        registers.put(year, register)
    return register


def review_year(computation: Computation, year: int, registers=None) -> YearReview:
    """The year's review; ``registers`` (``memo.RegisterMemo``) keeps the earlier years' registers."""
    data = YearResults(computation, year)
    register = build_register(data)
    coverage = build_coverage(data, register, lambda y: register_of(computation, y, registers))
    metrics = export_metrics(data)
    gri = build_gri_index(data)
    sdg = build_sdg_table(data)
    findings = audit.run_checks(data, gri.codes if gri.rows else None)
    notes = {name: chapter_notes(data, name) for name in data.chapter_names}
    return YearReview(year, data, register, metrics, gri, sdg, findings, notes, coverage,
                      awaiting_counts(data, register))
