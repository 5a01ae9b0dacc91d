"""Materiality (GRI 2-29, 3-1, 3-2; report 2.4 and 2.5): stakeholder identification
and the significance of impacts.

Stakeholders (AA1000SES): each rater scores each group on five attributes (依賴性,
責任, 影響力, 多元觀點, 關注張力), 1–5.
  rater's group score  = mean of the five attributes
  group score          = (1 − α) × internal mean + α × external mean
  identified           when group score ≥ stakeholder threshold

Impacts (GRI 3: severity = scale, scope, irremediable character; likelihood for
potential impacts), all scores 1–5:
  negative  s = (scale + scope + irremediability) ÷ 3 × w
  positive  s = (scale + scope) ÷ 2 × w
  w = 1 for an actual impact, likelihood ÷ 5 for a potential one
  rater's topic significance  S_rt = the larger of the topic's negative and positive s
  topic significance          S_t = (1 − α) × mean_internal(S_rt) + α × mean_external(S_rt)
  material                    when S_t ≥ significance threshold

α is the external experts' weight (0.5 by default: the two groups count
equally, however many raters each has). If one group has no complete response,
the other alone is used. Thresholds are inclusive: a value exactly at the
threshold passes (compared with a tolerance of 1e-9, so that a hand-computed
3.0 that floats to 2.9999999999 still passes).

Partial responses: a rater who left any applicable answer blank, or skipped a
group or an impact that others answered, is dropped from that questionnaire
(stakeholder or impact part) as a whole; the chapter notes list how many and
who. Averaging only the answers given would let a rater's missing answers shift
the topic ranks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.chapters.materiality_inputs import MaterialityInputs, Settings, load_inputs
from sustainability_appendix.chapters.result import ChapterResult, Metric
from sustainability_appendix.errors import InputError, Problem
from sustainability_appendix.inputs.store import ChapterFiles

CHAPTER = "materiality"
TOLERANCE = 1e-9
SIGNIFICANCE_FORMULA = (
    "負面 s = (規模 + 範圍 + 不可補救性) ÷ 3 × w；正面 s = (規模 + 範圍) ÷ 2 × w；"
    "w = 1（實際）或 可能性 ÷ 5（潛在）；S_rt = max(負面 s, 正面 s)；"
    "S_t = (1 − α) × 內部平均 + α × 外部平均"
)
STAKEHOLDER_FORMULA = "評分者分數 = 五面向平均；群體分數 = (1 − α) × 內部平均 + α × 外部平均"


# --- formulas -------------------------------------------------------------------------------------------------

def likelihood_weight(status: str, likelihood: float | None = None) -> float:
    """1 for an actual impact; likelihood ÷ 5 for a potential one."""
    if status == "actual":
        return 1.0
    if status == "potential":
        if likelihood is None or (isinstance(likelihood, float) and math.isnan(likelihood)):
            raise ValueError("a potential impact needs a likelihood")
        return float(likelihood) / 5.0
    raise ValueError(f"unknown status {status!r}")


def impact_significance(direction: str, status: str, scale: float, scope: float,
                        irremediability: float | None = None, likelihood: float | None = None) -> float:
    """Significance of one impact as one rater scored it (see the module docstring)."""
    if direction == "negative":
        if irremediability is None or (isinstance(irremediability, float) and math.isnan(irremediability)):
            raise ValueError("a negative impact needs irremediability")
        severity = (scale + scope + irremediability) / 3.0
    elif direction == "positive":
        severity = (scale + scope) / 2.0
    else:
        raise ValueError(f"unknown direction {direction!r}")
    return severity * likelihood_weight(status, likelihood)


def combine(internal: float, external: float, n_internal: int, n_external: int, external_weight: float) -> float:
    """(1 − α) × internal + α × external; one group alone when the other has no raters."""
    if n_external == 0:
        return internal
    if n_internal == 0:
        return external
    return (1 - external_weight) * internal + external_weight * external


def passes(values, threshold: float):
    """Inclusive threshold: at or above passes (tolerance 1e-9)."""
    return np.asarray(values, dtype=float) >= threshold - TOLERANCE


# --- partial responses ----------------------------------------------------------------------------------------

def _needed(rec) -> list[str]:
    cols = ["scale", "scope"]
    if rec["direction"] == "negative":
        cols.append("irremediability")
    if rec["status"] == "potential":
        cols.append("likelihood")
    return cols


def complete_raters(responses: pd.DataFrame, item_column: str, score_columns=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split responses into complete raters and a table of dropped raters with the reason.

    ``item_column`` (plus ``direction`` for impacts) names what each rater must answer:
    every item anyone answered. ``score_columns`` None means the impact rules (_needed).
    """
    keys = [item_column] + (["direction"] if "direction" in responses.columns else [])
    expected = set(map(tuple, responses[keys].drop_duplicates().to_numpy()))
    records = responses.to_dict("index")  # one dict per spreadsheet row: no pandas object per row
    by_rater: dict[str, list[int]] = {}
    for row, rec in records.items():
        by_rater.setdefault(rec["rater_id"], []).append(row)
    dropped = []
    for rater in sorted(by_rater):
        rows = by_rater[rater]
        reasons = []
        missing_items = sorted(expected - {tuple(records[r][k] for k in keys) for r in rows})
        if missing_items:
            reasons.append("未填 not answered: " + ", ".join("/".join(map(str, k)) for k in missing_items))
        for row in rows:
            rec = records[row]
            needed = score_columns if score_columns is not None else _needed(rec)
            blank = [c for c in needed if pd.isna(rec[c])]
            if blank:
                reasons.append(f"第 {row} 列空白 blank in row {row}: {', '.join(blank)}")
        if reasons:
            dropped.append({"rater_id": rater, "rater_type": records[rows[0]]["rater_type"], "reason": "; ".join(reasons)})
    dropped = pd.DataFrame(dropped, columns=["rater_id", "rater_type", "reason"])
    kept = responses[~responses["rater_id"].isin(dropped["rater_id"])]
    if kept.empty:
        raise InputError(Problem(responses.attrs.get("source_file", "<responses>"), None, "rater_id",
                                 "at least one rater with a complete response (partial responses are dropped)",
                                 f"all {responses['rater_id'].nunique()} raters incomplete"))
    return kept, dropped


def _group_means(per_rater: pd.DataFrame, item: str, value: str) -> pd.DataFrame:
    """Mean of ``value`` per item for internal and external raters, with rater counts."""
    out = per_rater.pivot_table(index=item, columns="rater_type", values=value, aggfunc="mean")
    counts = per_rater.groupby("rater_type")["rater_id"].nunique()
    out = out.reindex(columns=["internal", "external"])
    out.columns = ["internal", "external"]
    out["n_internal"] = int(counts.get("internal", 0))
    out["n_external"] = int(counts.get("external", 0))
    return out


# --- stakeholders ---------------------------------------------------------------------------------------------

def stakeholder_table(responses: pd.DataFrame, stakeholders: pd.DataFrame, threshold: float,
                      external_weight: float, attributes: list[str]) -> pd.DataFrame:
    per_rater = responses.assign(score=responses[attributes].mean(axis=1))
    means = _group_means(per_rater, "stakeholder", "score")
    table = stakeholders[["stakeholder", "name", "short_name", "name_en"]].set_index("stakeholder").join(means)
    attr = per_rater.groupby("stakeholder")[attributes].mean()  # all raters, for the attribute heat map
    table = table.join(attr)
    table["score"] = [combine(r.internal, r.external, r.n_internal, r.n_external, external_weight)
                      for r in table.itertuples()]
    table["rank"] = table["score"].rank(ascending=False, method="min").astype(int)
    table["identified"] = passes(table["score"], threshold)
    return table.reset_index().sort_values(["rank", "stakeholder"]).reset_index(drop=True)


# --- impacts --------------------------------------------------------------------------------------------------

def score_impacts(responses: pd.DataFrame) -> pd.DataFrame:
    """One row per rater, topic and direction with its significance s."""
    s = [impact_significance(r.direction, r.status, r.scale, r.scope, r.irremediability, r.likelihood)
         for r in responses.itertuples()]
    return responses.assign(significance=s)


def impact_table(scored: pd.DataFrame, external_weight: float) -> pd.DataFrame:
    """Mean significance per topic and direction, by rater group and combined."""
    keys = ["topic", "direction"]
    groups = scored.groupby([*keys, "rater_type"], sort=False)
    means = groups["significance"].mean().unstack()
    raters = groups["rater_id"].nunique().unstack().fillna(0)
    actual = (scored["status"] == "actual").groupby([scored["topic"], scored["direction"]], sort=False).mean()
    rows = []
    for topic, direction in scored[keys].drop_duplicates().itertuples(index=False):
        key = (topic, direction)
        internal, external = (means.at[key, t] if t in means.columns else float("nan") for t in ("internal", "external"))
        n_internal, n_external = (int(raters.at[key, t]) if t in raters.columns else 0 for t in ("internal", "external"))
        rows.append({
            "topic": topic, "direction": direction, "actual_share": float(actual[key]),
            "internal": internal, "external": external,
            "significance": combine(internal, external, n_internal, n_external, external_weight),
        })
    return pd.DataFrame(rows)


def topic_table(scored: pd.DataFrame, topics: pd.DataFrame, material_topics: pd.DataFrame, threshold: float,
                external_weight: float) -> pd.DataFrame:
    per_rater = scored.groupby(["rater_id", "rater_type", "topic"], as_index=False)["significance"].max()
    means = _group_means(per_rater, "topic", "significance")
    names = dict(zip(material_topics["material_topic"], material_topics["name"]))
    table = topics[["topic", "name", "group", "group_name", "material_topic"]].set_index("topic").join(means)
    table["significance"] = [combine(r.internal, r.external, r.n_internal, r.n_external, external_weight)
                             for r in table.itertuples()]
    table["rank"] = table["significance"].rank(ascending=False, method="min").astype(int)
    table["selected"] = passes(table["significance"], threshold)
    table["material_topic_name"] = table["material_topic"].map(names).fillna("")
    table["in_report"] = table["material_topic"] != ""
    return table.reset_index().sort_values(["rank", "topic"]).reset_index(drop=True)


def compare_with_report(topics: pd.DataFrame, material_topics: pd.DataFrame) -> pd.DataFrame:
    """Each published material topic: its component topics and whether the selection covers it."""
    rows = []
    for rec in material_topics.itertuples():
        parts = topics[topics["material_topic"] == rec.material_topic].sort_values("topic")
        chosen = parts[parts["selected"]]
        rows.append({
            "material_topic": rec.material_topic, "name": rec.name,
            "topics": ", ".join(parts["topic"]), "selected_topics": ", ".join(chosen["topic"]),
            "max_significance": parts["significance"].max() if len(parts) else float("nan"),
            "covered": len(chosen) > 0,
        })
    return pd.DataFrame(rows)


def sensitivity(topics: pd.DataFrame, thresholds) -> pd.DataFrame:
    """How many topics, and how many of the report's material topics, each threshold selects."""
    rows = []
    for t in thresholds:
        chosen = topics[passes(topics["significance"], t)]
        rows.append({
            "threshold": round(float(t), 6),
            "selected_count": len(chosen),
            "report_topics_covered": chosen.loc[chosen["material_topic"] != "", "material_topic"].nunique(),
            "selected_not_in_report": int((chosen["material_topic"] == "").sum()),
            "selected_topics": ", ".join(sorted(chosen["topic"], key=_code_key)),
        })
    return pd.DataFrame(rows)


def report_match_interval(topics: pd.DataFrame) -> tuple[float, float] | None:
    """Thresholds t with low < t ≤ high select exactly the topics that roll up to the report's material
    topics; None when no threshold does."""
    inside = topics.loc[topics["in_report"], "significance"]
    outside = topics.loc[~topics["in_report"], "significance"]
    if inside.empty:
        return None
    low = outside.max() if len(outside) else 0.0
    return (float(low), float(inside.min())) if inside.min() > low else None


def ratings_table(ratings: pd.DataFrame, material_topics: pd.DataFrame, dimensions: dict[str, str],
                  readings: dict[str, str]) -> pd.DataFrame:
    """The published ratings on the full material topic × dimension grid (absent rows: not listed)."""
    grid = pd.MultiIndex.from_product([material_topics["material_topic"], list(dimensions)],
                                      names=["material_topic", "dimension"])
    table = ratings.set_index(["material_topic", "dimension"]).reindex(grid).reset_index()
    table["reading"] = table["reading"].fillna("not_listed")
    table["name"] = table["material_topic"].map(dict(zip(material_topics["material_topic"], material_topics["name"])))
    table["dimension_label"] = table["dimension"].map(dimensions)
    table["reading_label"] = table["reading"].map({**readings, "not_listed": "報告未列此面向 not listed"})
    for c in ("stars_as_extracted", "statements", "note"):
        table[c] = table[c].fillna("")
    return table[["material_topic", "name", "dimension", "dimension_label", "stars", "reading", "reading_label",
                  "stars_as_extracted", "statements", "note"]]


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def threshold_grid(step: float = 0.1, low: float = 1.0, high: float = 5.0) -> list[float]:
    n = int(round((high - low) / step))
    return [round(low + i * step, 6) for i in range(n + 1)]


# --- chapter --------------------------------------------------------------------------------------------------

def load(project, year: int, store=None, settings: Settings | None = None) -> MaterialityInputs:
    return load_inputs(ChapterFiles.of(CHAPTER, project, year, store), settings)


def compute(inputs: MaterialityInputs, earlier: Mapping[int, ChapterResult]) -> ChapterResult:
    result = ChapterResult(CHAPTER, inputs.year)
    if not inputs.assessed:
        _not_assessed(result)
        return result
    settings = inputs.settings
    stakeholder_threshold, significance_threshold = settings.stakeholder_threshold, settings.significance_threshold
    external_weight = settings.external_weight
    if not 0 <= external_weight <= 1:
        raise ValueError("external_weight must be from 0 to 1")
    vocabulary = inputs.vocabulary
    attributes = list(vocabulary.attributes)
    tag = "（示例 example）" if inputs.is_example else ""
    kept_s, dropped_s = complete_raters(inputs.stakeholder_responses, "stakeholder", attributes)
    kept_i, dropped_i = complete_raters(inputs.impact_responses, "topic")
    stakeholders = stakeholder_table(kept_s, inputs.stakeholders, stakeholder_threshold, external_weight, attributes)
    scored = score_impacts(kept_i)
    topics = topic_table(scored, inputs.topics, inputs.material_topics, significance_threshold, external_weight)
    comparison = compare_with_report(topics, inputs.material_topics)

    result.tables.update(
        stakeholders=stakeholders, topics=topics, impacts=impact_table(scored, external_weight),
        comparison=comparison, sensitivity=sensitivity(topics, threshold_grid(settings.sensitivity_step)),
        ratings=ratings_table(inputs.ratings, inputs.material_topics, vocabulary.dimensions, vocabulary.readings),
        catalogue=inputs.topics.reset_index(drop=True), material_topics=inputs.material_topics.reset_index(drop=True),
        dropped=pd.concat([dropped_s.assign(part="stakeholders"), dropped_i.assign(part="impacts")],
                          ignore_index=True),
    )
    result.tables["settings"] = pd.DataFrame([{
        "stakeholder_threshold": stakeholder_threshold, "significance_threshold": significance_threshold,
        "external_weight": external_weight, "example_data": inputs.is_example,
        "stakeholder_file": inputs.stakeholder_responses.attrs["source_file"],
        "impact_file": inputs.impact_responses.attrs["source_file"],
    }])
    _add_metrics(result, inputs, stakeholders, topics, comparison, kept_s, kept_i, tag,
                 stakeholder_threshold, significance_threshold, external_weight)
    _add_notes(result, inputs, dropped_s, dropped_i, kept_s, kept_i)
    return result


def _raters(kept: pd.DataFrame, kind: str) -> int:
    return int(kept.loc[kept["rater_type"] == kind, "rater_id"].nunique())


def _add_metrics(result, inputs: MaterialityInputs, stakeholders, topics, comparison, kept_s, kept_i, tag,
                 stakeholder_threshold, significance_threshold, external_weight) -> None:
    files = {k: t.attrs.get("source_file", "") for k, t in (
        ("stakeholders", inputs.stakeholders), ("topics", inputs.topics), ("material", inputs.material_topics),
        ("s_resp", inputs.stakeholder_responses), ("i_resp", inputs.impact_responses))}
    add = result.add
    add(Metric("stakeholder_groups_count", len(inputs.stakeholders), "項", "利害關係人類別數 Stakeholder groups",
               "利害關係人清單列數 rows of the list", files["stakeholders"], "2-29"))
    add(Metric("topics_count", len(inputs.topics), "項", "永續主題數 Sustainability topics assessed",
               "主題清單列數 rows of the catalogue", files["topics"], "3-1"))
    add(Metric("material_topics_published_count", len(inputs.material_topics), "項",
               "報告重大主題數 Material topics in the report", "重大主題清單列數 rows of the list",
               files["material"], "3-2"))
    # every figure below is computed from the questionnaire responses: from example responses
    # it illustrates the method and is evidence of nothing about the bureau's assessment
    from_responses = "illustrative" if inputs.is_example else "derived"

    def add(metric: Metric) -> Metric:
        metric.kind = from_responses
        return result.add(metric)

    for key, part, kept, file in (("stakeholder", "利害關係人問卷", kept_s, files["s_resp"]),
                                  ("impact", "衝擊問卷", kept_i, files["i_resp"])):
        for kind, word in (("internal", "內部主管 internal managers"), ("external", "外部專家 external experts")):
            add(Metric(f"{key}_{kind}_raters_count", _raters(kept, kind), "人",
                       f"{part}有效填答 {word}{tag}", "完整填答之評分者數 raters with complete answers", file,
                       "2-29" if key == "stakeholder" else "3-1"))
    add(Metric("stakeholders_identified_count", int(stakeholders["identified"].sum()), "項",
               f"通過門檻之利害關係人類別 Groups at or above {stakeholder_threshold:g}{tag}",
               f"群體分數 ≥ {stakeholder_threshold:g} 之類別數；{STAKEHOLDER_FORMULA}",
               f"α = {external_weight:g}; {files['s_resp']}", "2-29"))
    for r in stakeholders.sort_values("stakeholder").itertuples():
        add(Metric(f"stakeholder_score_{r.stakeholder}", r.score, "分 (1–5)", f"{r.stakeholder} {r.short_name} 群體分數{tag}",
                   STAKEHOLDER_FORMULA,
                   f"內部 {fmt(r.internal)} (n={r.n_internal}); 外部 {fmt(r.external)} (n={r.n_external}); "
                   f"α = {external_weight:g}", "2-29"))
    add(Metric("topics_selected_count", int(topics["selected"].sum()), "項",
               f"達門檻之主題 Topics at or above {significance_threshold:g}{tag}",
               f"S_t ≥ {significance_threshold:g} 之主題數；{SIGNIFICANCE_FORMULA}",
               f"α = {external_weight:g}; {files['i_resp']}", "3-2"))
    add(Metric("report_topics_covered_count", int(comparison["covered"].sum()), "項",
               f"選出主題涵蓋之報告重大主題 Report material topics covered{tag}",
               "至少一個所屬主題達門檻之報告重大主題數 (歸屬為本附錄之對應)",
               f"{files['topics']} (material_topic); {files['material']}", "3-2"))
    add(Metric("selected_not_in_report_count", int((topics["selected"] & ~topics["in_report"]).sum()), "項",
               f"達門檻但不屬報告重大主題 Selected, not a report material topic{tag}",
               "達門檻且無對應重大主題之主題數", files["topics"], "3-2"))
    for r in sorted(topics.itertuples(), key=lambda r: _code_key(r.topic)):
        add(Metric(f"topic_significance_{r.topic.replace('.', '_')}", r.significance, "分 (0.2–5)",
                   f"{r.topic} {r.name} 衝擊顯著度{tag}", SIGNIFICANCE_FORMULA,
                   f"內部 {fmt(r.internal)} (n={r.n_internal}); 外部 {fmt(r.external)} (n={r.n_external}); "
                   f"α = {external_weight:g}", "3-1"))


def _add_notes(result, inputs: MaterialityInputs, dropped_s, dropped_i, kept_s, kept_i) -> None:
    if inputs.is_example:
        result.notes.append(
            "**示例資料 Illustrative data**：報告未公布問卷填答，本章之評分為 "
            "`scripts/make_example_materiality_responses.py` 以固定亂數種子產生之示例，並非勞工局之評分；"
            "主題、利害關係人類別與報告之衝擊評等為報告原文。The responses are an illustrative example, "
            "not the bureau's; topics, stakeholder groups and published ratings are the report's.")
    for part, dropped, kept in (("利害關係人問卷 stakeholder questionnaire", dropped_s, kept_s),
                                ("衝擊問卷 impact questionnaire", dropped_i, kept_i)):
        if len(dropped):
            who = "；".join(f"{r.rater_id}（{r.reason}）" for r in dropped.itertuples())
            result.notes.append(
                f"**警告 Warning**：{part}有 {len(dropped)} 位評分者填答不完整，已整份排除 "
                f"({len(dropped)} partial response(s) dropped; {kept['rater_id'].nunique()} kept)：{who}")
        for kind, word in (("internal", "內部主管"), ("external", "外部專家")):
            if _raters(kept, kind) == 0:
                result.notes.append(f"{part}無{word}之完整填答，群體分數僅依另一群組計算。"
                                    f"No complete {kind} response: the other group alone is used.")
    unmapped = inputs.topics.loc[inputs.topics["material_topic"] == "", "topic"]
    result.notes.append(
        "主題與重大主題之歸屬（materiality_topics.csv 之 material_topic 欄）為本附錄依名稱與 2.5.2 重要性說明"
        f"所作之對應，報告未印出；{len(unmapped)} 個主題未歸屬任何重大主題 ({', '.join(unmapped)})。"
        "The topic-to-material-topic roll-up is this appendix's mapping; the report does not print one.")
    lost = inputs.ratings[inputs.ratings["reading"] != "printed"]
    if len(lost):
        v = inputs.vocabulary
        cells = "、".join(f"{r.material_topic} {v.dimensions[r.dimension]}（{v.readings[r.reading]}）"
                         for r in lost.itertuples())
        result.notes.append(f"報告 2.5.2 之衝擊程度星等，有 {len(lost)} 格於文字擷取後無法確定，未予推定：{cells}。"
                            f"{len(lost)} published rating(s) could not be read from the text and are left blank.")


def _not_assessed(result: ChapterResult) -> None:
    reason = (f"{result.year} 年無重大性評估資料 (materiality_topics)，未計算 "
              f"(no materiality assessment for {result.year})")
    for metric_id, unit, label in (("stakeholder_groups_count", "項", "利害關係人類別數 Stakeholder groups"),
                                   ("topics_count", "項", "永續主題數 Sustainability topics assessed"),
                                   ("material_topics_published_count", "項", "報告重大主題數 Material topics"),
                                   ("topics_selected_count", "項", "達門檻之主題 Topics selected")):
        result.add(Metric(metric_id, None, unit, label, "—", "—", "3-2", missing_reason=reason))
    result.notes.append(reason + "。")
