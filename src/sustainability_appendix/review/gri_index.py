"""The GRI content index (report 5.2), generated from the year's metrics.

The index's structure (disclosure codes, titles, standards, the report's sections
and pages, omissions) is data: ``data/printed/gri_content_index.csv``, one row per
disclosure as the report printed it, with ``report_year``. Its ``metrics`` column
names the headline metrics of a disclosure (``energy.electricity_gj; ghg.scope1_tco2e?``;
a trailing ``?`` means "when the year has it"). Values and availability come from
the metric export of the year being built, and every metric tagged with a
disclosure is listed under it.

Refused with :class:`ConfigurationError`, by name: a headline metric that does not
exist (without ``?``), a metric with a value listed under a disclosure its GRI
code does not carry, a reference to an unknown chapter.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.review.expressions import fmt_number
from sustainability_appendix.review.results import Unavailable, YearResults

RECOMPUTED, NOT_COMPUTABLE, NARRATIVE, OMITTED, NOT_IN_APPENDIX = (
    "recomputed", "not_computable", "narrative", "omitted", "not_in_appendix")
AVAILABILITY_LABELS = {
    RECOMPUTED: "本附錄重算 Recomputed here",
    NOT_COMPUTABLE: "無法計算 Not computable",
    NARRATIVE: "敘述性揭露，未重算 Narrative, not recomputed",
    OMITTED: "報告註明不揭露 Omitted by the report",
    NOT_IN_APPENDIX: "章節尚未納入 Chapter not in the appendix",
}
INDEX_COLUMNS = ["report_year", "year", "row", "group", "topic", "standard", "code", "title", "title_en", "sections",
                 "pages", "omission", "material", "availability", "availability_label", "headline", "tagged_metrics",
                 "note"]


def choose_report_year(report_years: list[int], year: int) -> tuple[int | None, str]:
    """The report whose structure serves ``year``: its own, else the first later
    report (which covers it in its multi-year tables), else the latest earlier one."""
    years = sorted(set(report_years))
    if year in years:
        return year, ""
    later = [y for y in years if y > year]
    if later:
        return later[0], f"{year} 年無該年報告之結構，沿用 {later[0]} 年報告。Structure of the {later[0]} report."
    if years:
        return years[-1], (f"{year} 年報告之結構尚未建立，沿用 {years[-1]} 年報告。"
                           f" No structure for the {year} report yet: the {years[-1]} report's is used.")
    return None, "無結構資料 no structure"


def metric_codes(gri: str) -> list[str]:
    return list(_codes(gri or ""))


@functools.lru_cache(maxsize=4096)
def _codes(gri: str) -> tuple[str, ...]:  # cached: the checks ask once per metric and disclosure
    return tuple(c.strip() for c in re.split(r"[,;，；]", gri) if c.strip())


@dataclass
class IndexRow:
    data: dict
    headline: list[dict] = field(default_factory=list)  # metric rows (dict) with value
    tagged: list[dict] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    availability: str = NARRATIVE


@dataclass
class GriIndex:
    report_year: int | None
    note: str
    rows: list[IndexRow]

    @property
    def codes(self) -> set[str]:
        return {r.data["code"] for r in self.rows}

    def frame(self, year: int) -> pd.DataFrame:
        out = []
        for r in self.rows:
            d = r.data
            out.append({
                **{k: d.get(k, "") for k in INDEX_COLUMNS if k in d},
                "year": year,
                "availability": r.availability,
                "availability_label": AVAILABILITY_LABELS[r.availability],
                "headline": "; ".join(f"{m['metric']} = {fmt_number(m['value'])} {m['unit']}" for m in r.headline),
                "tagged_metrics": "; ".join(m["metric"] for m in r.tagged),
            })
        return pd.DataFrame(out, columns=INDEX_COLUMNS)


def load_structure(data: YearResults) -> pd.DataFrame | None:
    """data/printed/gri_content_index.csv, or None when the project has none."""
    return data.store.table("structure", "gri_content_index", reader=("review", data.year))


def build_gri_index(data: YearResults, structure: pd.DataFrame | None = None) -> GriIndex:
    structure = load_structure(data) if structure is None else structure
    if structure is None:
        return GriIndex(None, "data/printed/gri_content_index.csv 不存在 does not exist", [])
    report_year, note = choose_report_year(list(structure["report_year"]), data.year)
    rows = structure[structure["report_year"] == report_year]
    file = structure.attrs.get("source_file", "data/printed/gri_content_index.csv")
    metrics = data.metrics()
    by_code: dict[str, list[dict]] = {}
    for m in metrics.to_dict(orient="records"):
        for code in metric_codes(m["gri"]):
            by_code.setdefault(code, []).append(m)
    out = []
    for sheet_row, rec in zip(rows.index, rows.to_dict(orient="records")):
        d = {k: ("" if pd.isna(v) else v) for k, v in rec.items()}
        item = IndexRow(d, tagged=by_code.get(d["code"], []))
        for ref in [r.strip() for r in str(d.get("metrics", "") or "").split(";") if r.strip()]:
            optional = ref.endswith("?")
            ref = ref.rstrip("?")
            where = f"{file} row {sheet_row} (GRI {d['code']})"
            if "." not in ref:
                raise ConfigurationError(f"{where}: '{ref}' is not chapter.metric_id")
            chapter, metric_id = ref.split(".", 1)
            try:
                data.check_source(chapter, ref)
            except Unavailable as exc:
                item.unavailable.append(f"{ref}: {exc}")
                continue
            except ConfigurationError as exc:
                raise ConfigurationError(f"{where}: {exc}") from None
            m = data.metric(chapter, metric_id)
            if m is None:
                if optional:
                    continue
                raise ConfigurationError(f"{where}: metric '{ref}' does not exist for {data.year} "
                                         f"(chapter '{chapter}' computes no '{metric_id}'; add ? if only some years have it)")
            if d["code"] not in metric_codes(m["gri"]):
                if m["value"] is None:  # a placeholder of a year without data: nothing to show anyway
                    item.unavailable.append(f"{ref}: {m.get('missing_reason') or '無法計算 not computable'}")
                    continue
                raise ConfigurationError(f"{where}: metric '{ref}' is listed under GRI {d['code']} but carries "
                                         f"GRI code '{m['gri']}' (give the Metric its GRI disclosure)")
            item.headline.append({**m, "metric": ref})
        shown = item.headline or item.tagged
        if d.get("omission"):
            item.availability = OMITTED
        elif any(m["value"] is not None for m in shown):
            item.availability = RECOMPUTED
        elif shown:
            item.availability = NOT_COMPUTABLE
        elif item.unavailable:
            item.availability = NOT_IN_APPENDIX
        out.append(item)
    return GriIndex(report_year, note, out)
