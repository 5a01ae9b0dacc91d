"""Every computed figure of a year in one tidy table: ``reports/<year>/metrics.csv`` and ``.json``.

One row per metric: its qualified name ``<chapter>.<metric_id>``, value, unit,
year, GRI disclosure, formula and source. The GRI content index and the SDG
table are filled from this table. A metric without a unit is refused
(:class:`ConfigurationError`, naming it): a number without a unit cannot be
printed, compared or summed.
"""

from __future__ import annotations

import pandas as pd

from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.review.results import YearResults

EXPORT_COLUMNS = ["year", "metric", "chapter", "metric_id", "label", "value", "unit", "gri", "kind", "formula",
                  "source", "missing_reason"]


def export_metrics(data: YearResults) -> pd.DataFrame:
    frame = data.metrics().rename(columns={"inputs": "source"})
    frame = frame[EXPORT_COLUMNS].copy()
    frame["year"] = data.year
    for col in ("label", "unit", "gri", "kind", "formula", "source", "missing_reason"):
        frame[col] = frame[col].fillna("").astype(str)
    no_unit = [m for m, u in zip(frame["metric"], frame["unit"]) if not u.strip()]
    if no_unit:
        raise ConfigurationError(f"{data.year}: metrics without a unit (give each Metric a unit): " + ", ".join(no_unit))
    duplicates = frame["metric"][frame["metric"].duplicated()].tolist()
    if duplicates:
        raise ConfigurationError(f"{data.year}: metrics computed twice: " + ", ".join(duplicates))
    return frame.reset_index(drop=True)
