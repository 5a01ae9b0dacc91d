"""The year's downloadable files: metrics, register, audit, GRI and SDG tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sustainability_appendix.present.outputs import write_csv
from sustainability_appendix.review.export import EXPORT_COLUMNS


def write_metrics(frame: pd.DataFrame, folder: Path) -> list[Path]:
    """``metrics.csv`` and ``metrics.json``, byte-stable for the same figures."""
    folder = Path(folder)
    csv_path = write_csv(frame, folder / "metrics.csv")
    records = []
    for row in frame.to_dict(orient="records"):
        value = row["value"]
        row["value"] = None if value is None or pd.isna(value) else float(value)
        row["year"] = int(row["year"])
        records.append(row)
    year = int(frame["year"].iloc[0]) if not frame.empty else None
    payload = {"year": year, "columns": EXPORT_COLUMNS, "metrics": records}
    json_path = folder / "metrics.json"
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [csv_path, json_path]
