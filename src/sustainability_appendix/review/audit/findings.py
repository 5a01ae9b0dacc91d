"""What an audit check reports: a finding, with what it compared and the numbers."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

FLAG, PASS, INFO, NOT_APPLICABLE = "flag", "pass", "info", "not_applicable"
STATUS_LABELS = {
    FLAG: "需注意 Needs attention",
    INFO: "說明 Note",
    PASS: "通過 Passes",
    NOT_APPLICABLE: "不適用 Not applicable",
}
STATUS_ORDER = {FLAG: 0, INFO: 1, PASS: 2, NOT_APPLICABLE: 3}

CHECK_LABELS = {
    "plausibility": "合理範圍 Plausible ranges",
    "identity": "會計恆等式 Accounting identities",
    "shared": "跨章節同一數值 One figure, several chapters",
    "flow": "存量與流量 Stock and flows",
    "boundary": "邊界一致 Boundary consistency",
    "change": "增減之正負號與基準 Sign and basis of changes",
    "vintage": "係數年份 Factor vintage",
    "repeated": "重複印出之數值 Figures printed more than once",
    "gri": "GRI 代碼 GRI codes",
    "gri_content": "GRI 揭露之內容 What the GRI index claims, and what answers it",
    "target": "目標、基準與實績 Targets against their baseline and what was achieved",
    "claim": "敘述之方向與幅度 Claims of direction and size in the text",
    "quoted": "文中之合計與個數 Totals and counts quoted in the text",
    "activity": "盤查與活動數據 Inventories against their activity data",
    "alternative": "不符之增減與比率：其他基準 Changes and ratios that differ: other quantities",
    "configuration": "設定 Configuration",
}

FINDING_COLUMNS = ["year", "check", "check_label", "check_id", "subject", "status", "status_label",
                   "compared", "numbers", "detail"]


@dataclass
class Finding:
    check: str
    check_id: str
    subject: str
    status: str
    compared: str  # what was compared, in words
    numbers: str  # the numbers
    detail: str = ""  # what it means

    def row(self, year: int) -> dict:
        return {"year": year, "check_label": CHECK_LABELS[self.check], "status_label": STATUS_LABELS[self.status],
                **asdict(self)}



def findings_frame(findings: list[Finding], year: int) -> pd.DataFrame:
    return pd.DataFrame([f.row(year) for f in findings], columns=FINDING_COLUMNS)


def status_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_LABELS}
    for f in findings:
        counts[f.status] += 1
    return counts
