"""An emission inventory against its activity data.

The emissions the fuel and electricity the appendix already has imply (activity × factor,
for the whole organisation), scaled by the share of the organisation the inventory covers,
set against the inventory's scope 1 and scope 2, with the gap stated. Declared as data
(``data/reference/audit_activity.csv``); a year without the figures gets no finding.
"""

from __future__ import annotations

from sustainability_appendix.review.audit.checks import _try
from sustainability_appendix.review.audit.declarations import Declarations
from sustainability_appendix.review.audit.findings import FLAG, PASS, Finding
from sustainability_appendix.review.expressions import fmt_number, show_terms
from sustainability_appendix.review.results import YearResults


def check_activity(data: YearResults, declarations: Declarations) -> list[Finding]:
    findings = []
    for decl in declarations.activities:
        inventory, _ = _try(decl.inventory, data)
        activity, _ = _try(decl.activity, data) if inventory is not None else (None, "")
        share, _ = _try(decl.share, data) if activity is not None else (None, "")
        if inventory is None or activity is None or share is None or not activity.computed:
            continue  # reports only where it has data
        implied = activity.computed * share.computed
        gap = inventory.computed - implied
        gap_pct = gap / implied * 100
        numbers = (f"活動數據 activity: {show_terms(activity)} → {fmt_number(activity.computed, 2)} tCO2e (全局 whole "
                   f"organisation) | × {decl.share_label} {show_terms(share)} = {share.computed:.4f} → "
                   f"{fmt_number(implied, 2)} tCO2e | 盤查 inventory: {show_terms(inventory)} | 差 gap "
                   f"{gap:+,.2f} tCO2e ({gap_pct:+.1f}%)")
        differs = abs(gap_pct) > decl.threshold_pct
        more = "多" if gap > 0 else "少"
        detail = (f"盤查之排放比活動數據推估{more} {abs(gap):,.2f} tCO2e ({gap_pct:+.1f}%，門檻 ±{decl.threshold_pct:g}%)："
                  f"盤查涵蓋之排放源、係數或邊界與活動數據不一致。{decl.note}。"
                  f" The inventory is {abs(gap):,.2f} tCO2e {'above' if gap > 0 else 'below'} what the activity data "
                  "imply: its sources, factors or boundary differ from the activity data's.") if differs else ""
        findings.append(Finding("activity", decl.check_id, decl.inventory, FLAG if differs else PASS,
                                f"{decl.label}：{decl.inventory} vs ({decl.activity}) × ({decl.share})", numbers,
                                detail))
    return findings
