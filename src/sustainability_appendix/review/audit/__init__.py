"""Generic audit checks over a year's results, printed figures and inputs.

:func:`run_checks` runs the plausible ranges of :mod:`.plausibility`, every check of
:mod:`.checks` and the factor-vintage check of :mod:`.vintage` with the declarations
of :mod:`.declarations`; findings are :class:`~.findings.Finding`.
"""

from __future__ import annotations

from sustainability_appendix.review.audit.checks import (
    check_boundaries,
    check_changes,
    check_configuration,
    check_flows,
    check_gri_codes,
    check_identities,
    check_repeated_figures,
    check_shared_metrics,
)
from sustainability_appendix.review.audit.declarations import Declarations
from sustainability_appendix.review.audit.findings import (
    CHECK_LABELS,
    FINDING_COLUMNS,
    FLAG,
    INFO,
    NOT_APPLICABLE,
    PASS,
    STATUS_LABELS,
    STATUS_ORDER,
    Finding,
    findings_frame,
    status_counts,
)
from sustainability_appendix.review.audit.plausibility import check_plausibility
from sustainability_appendix.review.audit.vintage import check_factor_vintage
from sustainability_appendix.review.results import YearResults


def run_checks(data: YearResults, index_codes: set[str] | None = None,
               declarations: Declarations | None = None) -> list[Finding]:
    declarations = declarations or Declarations.load(data.store, data.year)
    findings = check_plausibility(data)
    for check in (check_identities, check_shared_metrics, check_flows, check_boundaries, check_changes):
        findings += check(data, declarations) if check is not check_shared_metrics else check(data)
    findings += check_factor_vintage(data)
    findings += check_repeated_figures(data)
    findings += check_gri_codes(data, index_codes)
    findings += check_configuration(data)
    return findings


__all__ = ["CHECK_LABELS", "FINDING_COLUMNS", "FLAG", "INFO", "NOT_APPLICABLE", "PASS", "STATUS_LABELS",
           "STATUS_ORDER", "Finding", "Declarations", "findings_frame", "status_counts", "run_checks"]
