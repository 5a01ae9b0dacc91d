"""Generic audit checks over a year's results, printed figures and inputs.

:func:`run_checks` runs the plausible ranges of :mod:`.plausibility`, every check of
:mod:`.checks`, the factor-vintage check of :mod:`.vintage`, and the checks that read more
than tables: targets (:mod:`.targets`), what the text says about the numbers
(:mod:`.claims`), inventories against their activity data (:mod:`.activity`), other
quantities for figures that differ (:mod:`.alternatives`) and the GRI index against what
answers it (:mod:`.gri_content`), with the declarations of :mod:`.declarations`; findings
are :class:`~.findings.Finding`.
"""

from __future__ import annotations

from sustainability_appendix.review.audit.activity import check_activity
from sustainability_appendix.review.audit.alternatives import check_alternatives
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
from sustainability_appendix.review.audit.claims import check_claims, check_quoted, load_claims
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
from sustainability_appendix.review.audit.gri_content import check_claimed_without_content, check_unanswerable_tags
from sustainability_appendix.review.audit.plausibility import check_plausibility
from sustainability_appendix.review.audit.targets import check_targets
from sustainability_appendix.review.audit.vintage import check_factor_vintage
from sustainability_appendix.review.results import YearResults


def run_checks(data: YearResults, index_codes: set[str] | None = None,
               declarations: Declarations | None = None) -> list[Finding]:
    declarations = declarations or data.declarations
    findings = check_plausibility(data)
    for check in (check_identities, check_shared_metrics, check_flows, check_boundaries, check_changes):
        findings += check(data, declarations) if check is not check_shared_metrics else check(data)
    findings += check_factor_vintage(data)
    findings += check_repeated_figures(data)
    findings += check_gri_codes(data, index_codes)
    findings += check_claimed_without_content(data, declarations)
    findings += check_unanswerable_tags(data, declarations)
    findings += check_targets(data)
    claims = load_claims(data)
    findings += check_claims(data, declarations, claims)
    findings += check_quoted(data, claims)
    findings += check_activity(data, declarations)
    findings += check_alternatives(data, declarations)
    findings += check_configuration(data)
    return findings


__all__ = ["CHECK_LABELS", "FINDING_COLUMNS", "FLAG", "INFO", "NOT_APPLICABLE", "PASS", "STATUS_LABELS",
           "STATUS_ORDER", "Finding", "Declarations", "findings_frame", "status_counts", "run_checks"]
