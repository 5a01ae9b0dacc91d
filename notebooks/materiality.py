# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 利害關係人與重大主題 Stakeholders and material topics (GRI 2-29, 3-1, 3-2)
#
# 本章重現報告 2.4「利害關係人議合」與 2.5「重大主題管理」的方法：依 AA1000SES 五面向鑑別利害關係人，
# 依 GRI 3 (2021) 以規模、範圍、不可補救性與可能性排序衝擊顯著度，以門檻選出重大主題，並與報告列出之重大主題比較。
# This chapter re-runs the method of report sections 2.4 and 2.5: stakeholder identification on the five
# AA1000SES attributes, impact significance under GRI 3 (2021), a threshold, and a comparison with the report's
# material topics.

# %% tags=["parameters"]
year = 2025
output_dir = ""  # empty: data/processed/<year>
figure_dir = ""  # empty: figures/<year>
stakeholder_threshold = 3.0  # group score at or above which a stakeholder group is identified (1–5)
significance_threshold = 3.5  # topic significance at or above which a topic is material
external_weight = 0.5  # weight α of the external experts' mean (internal managers: 1 − α)
sensitivity_step = 0.1  # step of the threshold grid in the sensitivity table

# %%
from sustainability_appendix.chapters import materiality
from sustainability_appendix.chapters.common import fmt
from sustainability_appendix.present import materiality_plots as plots
from sustainability_appendix.present import notebook as nb

page = nb.start("materiality", year, output_dir, figure_dir,
                settings=materiality.Settings(stakeholder_threshold, significance_threshold, external_weight,
                                              sensitivity_step))
result, figures, vocabulary = page.result, page.figures, page.inputs.vocabulary
assessed = bool(result.tables)
if assessed:
    settings = result.tables["settings"].iloc[0]
    example = bool(settings["example_data"])
    tag = "（示例資料，非勞工局之評分 illustrative example, not the bureau's scores）" if example else ""
    stakeholders = result.tables["stakeholders"]
    topics = result.tables["topics"]
    comparison = result.tables["comparison"]
    sensitivity = result.tables["sensitivity"]
    ratings = result.tables["ratings"]

# %%
if not assessed:
    nb.md(f"**{year} 年無重大性評估 No materiality assessment for {year}.** "
          f"data/raw/{year}/ 無 materiality_topics 檔，本章不計算。"
          f"The year has no materiality_topics file.")
elif example:
    nb.md(f"> **示例資料 Illustrative data.** 報告未公布問卷填答。本章之評分資料 "
          f"`{settings['stakeholder_file']}` 與 `{settings['impact_file']}` 為 "
          "`scripts/make_example_materiality_responses.py` 以固定亂數種子產生之**示例**，用以展示計算方法，"
          "**並非勞工局之評分**；示例刻意讓歸屬於報告重大主題的主題基準分數較高，故下方與報告重大主題之"
          "相符是示例設計的結果，不能證明報告的評估。主題清單、利害關係人類別與報告印出之衝擊星等為報告原文。"
          " The scores are an illustrative example built to show the method; agreement with the report's "
          "material topics follows from how the example was made and proves nothing about the bureau's "
          "assessment. Topics, stakeholder groups and the published star ratings are the report's own.")

# %% [markdown]
# ## 利害關係人鑑別 Stakeholder identification (2.4.1)
#
# 每位評分者就每類利害關係人之五面向（依賴性、責任、影響力、多元觀點、關注張力）各給 1–5 分。
# Each rater scores each group on the five AA1000SES attributes, 1–5.
#
# - 評分者分數 rater's score = 五面向平均 mean of the five attributes
# - 群體分數 group score = (1 − α) × 內部主管平均 + α × 外部專家平均
# - 分數 ≥ 門檻者為主要利害關係人（含等於門檻 inclusive）

# %%
if assessed:
    identified = stakeholders[stakeholders["identified"]]
    nb.md(f"α = {external_weight:g}，門檻 threshold = {stakeholder_threshold:g}：{len(stakeholders)} 類利害關係人中 "
          f"{len(identified)} 類達門檻{tag}。報告 2.4.1 鑑別出 {result.value('stakeholder_groups_count'):.0f} 類主要利害關係人。"
          f"有效填答：內部主管 {result.value('stakeholder_internal_raters_count'):.0f} 位、"
          f"外部專家 {result.value('stakeholder_external_raters_count'):.0f} 位。")
    nb.show(stakeholders[["rank", "stakeholder", "name", "internal", "external", "score", "identified"]],
            f"利害關係人排序 Stakeholder ranking{tag}",
            headers={"rank": "排序 Rank", "stakeholder": "代碼 Code", "name": "利害關係人 Stakeholder group",
                     "internal": "內部平均 Internal", "external": "外部平均 External", "score": "群體分數 Score",
                     "identified": "達門檻 Identified"})
    fig = plots.stakeholder_figure(stakeholders, stakeholder_threshold, example, vocabulary.attributes)
    nb.figure(fig, "materiality_stakeholders", figures,
              f"利害關係人群體分數與五面向平均，門檻 {stakeholder_threshold:g}{tag} Stakeholder scores and attributes")

# %% [markdown]
# ## 衝擊顯著度 Impact significance (2.5.1)
#
# 依 GRI 3：負面衝擊之嚴重性由規模、範圍與不可補救性構成；潛在衝擊再以可能性加權；正面衝擊以規模與範圍評估。
# GRI 3: the severity of a negative impact is its scale, scope and irremediable character; potential impacts are
# weighted by likelihood; positive impacts are scored on scale and scope. All scores 1–5.
#
# - 負面 negative：s = (規模 + 範圍 + 不可補救性) ÷ 3 × w
# - 正面 positive：s = (規模 + 範圍) ÷ 2 × w
# - w = 1（實際衝擊 actual），或 可能性 ÷ 5（潛在衝擊 potential）
# - 評分者對主題之顯著度 S_rt = max(負面 s, 正面 s)：主題以其最顯著之衝擊計
# - 主題顯著度 S_t = (1 − α) × 內部主管平均 S_rt + α × 外部專家平均 S_rt
# - S_t ≥ 門檻者為重大主題（含等於門檻 inclusive）
#
# 填答不完整（任一適用題目空白或漏答）之評分者，整份問卷排除，並列於本章附註。
# A rater with any missing answer is dropped from that questionnaire; the notes below list who and why.

# %%
if assessed:
    selected = topics[topics["selected"]]
    nb.md(f"α = {external_weight:g}，門檻 threshold = {significance_threshold:g}：{len(topics)} 個主題中 "
          f"{len(selected)} 個達門檻{tag}：{', '.join(selected['topic'])}。"
          f"有效填答：內部主管 {result.value('impact_internal_raters_count'):.0f} 位、"
          f"外部專家 {result.value('impact_external_raters_count'):.0f} 位。")
    nb.show(topics[["rank", "topic", "name", "internal", "external", "significance", "selected", "material_topic",
                    "material_topic_name"]],
            f"主題衝擊顯著度排序 Topics ranked by significance{tag}",
            headers={"rank": "排序 Rank", "topic": "代碼 Code", "name": "主題 Topic", "internal": "內部平均 Internal",
                     "external": "外部平均 External", "significance": "顯著度 S_t", "selected": "達門檻 Selected",
                     "material_topic": "歸屬 Rolls up to", "material_topic_name": "報告重大主題 Report material topic"})
    fig = plots.ranking_figure(topics, significance_threshold, example)
    nb.figure(fig, "materiality_ranking", figures,
              f"主題衝擊顯著度排序，門檻 {significance_threshold:g}{tag} Topics ranked by impact significance")

# %%
if assessed:
    impacts = result.tables["impacts"].merge(topics[["topic", "name"]], on="topic")
    impacts["direction"] = impacts["direction"].map({"negative": "負面 negative", "positive": "正面 positive"})
    nb.show(impacts[["topic", "name", "direction", "actual_share", "internal", "external", "significance"]],
            f"各衝擊之平均顯著度 Mean significance per impact{tag}",
            headers={"topic": "代碼 Code", "name": "主題 Topic", "direction": "衝擊 Impact",
                     "actual_share": "評為實際之比例 Share rated actual", "internal": "內部平均 Internal",
                     "external": "外部平均 External", "significance": "合併 Combined"})

# %% [markdown]
# ## 衝擊顯著度矩陣 The matrix: internal managers vs external experts
#
# 橫軸為內部主管之平均顯著度，縱軸為外部專家之平均顯著度；虛線為門檻線 (1 − α) × 內部 + α × 外部 = 門檻，
# 其右上方（淺紅色）為達門檻之主題。標籤以固定順序逐一放置於不與其他標籤、標記或線條重疊之位置。
# x: internal managers' mean, y: external experts' mean; the dashed line is the selection boundary.

# %%
if assessed and topics["n_internal"].iloc[0] and topics["n_external"].iloc[0]:
    fig, _ = plots.matrix_figure(topics, significance_threshold, external_weight, example)
    nb.figure(fig, "materiality_matrix", figures,
              f"衝擊顯著度矩陣：內部主管 vs 外部專家，門檻 {significance_threshold:g}，α = {external_weight:g}{tag} "
              "Impact significance matrix")
elif assessed:
    nb.md("內部或外部評分者無完整填答，未繪製矩陣。The matrix needs complete answers from both groups.")

# %% [markdown]
# ## 與報告重大主題比較 Compared with the report's material topics (2.5.2)
#
# 報告未印出主題與重大主題之對應；下表之歸屬為本附錄依名稱與 2.5.2「重要性」說明所作之對應
# （`materiality_topics.csv` 之 `material_topic` 與 `mapping_basis` 欄）。一項報告重大主題若至少一個所屬主題達門檻，即視為涵蓋。
# The roll-up of topics to the report's material topics is this appendix's mapping, not the report's.

# %%
if assessed:
    covered = comparison["covered"].sum()
    extra = topics[topics["selected"] & ~topics["in_report"]]
    nb.md(f"門檻 {significance_threshold:g} 選出之主題涵蓋報告 {len(comparison)} 項重大主題中的 {covered} 項；"
          f"達門檻但不屬任何報告重大主題者 {len(extra)} 個"
          + (f"（{', '.join(extra['topic'])}）" if len(extra) else "") + f"{tag}。")
    nb.show(comparison, f"報告重大主題與本章選出之主題 Report material topics vs this selection{tag}",
            headers={"material_topic": "代碼 Code", "name": "報告重大主題 Material topic in the report",
                     "topics": "所屬主題 Topics (appendix mapping)", "selected_topics": "達門檻者 Selected",
                     "max_significance": "最高顯著度 Highest S_t", "covered": "涵蓋 Covered"})

# %% [markdown]
# ## 門檻敏感度 Sensitivity to the threshold
#
# 門檻由低至高移動時，選出之主題數與涵蓋之報告重大主題數。下表只列出選出結果改變之門檻值。
# How the selection changes as the threshold moves; the table lists only the thresholds where it changes.

# %%
if assessed:
    changes = sensitivity[sensitivity["selected_count"].diff().fillna(1) != 0]
    window = materiality.report_match_interval(topics)
    if window:
        nb.md(f"門檻大於 {fmt(window[0])} 且不超過 {fmt(window[1])} 時，選出之主題恰為歸屬於報告 {len(comparison)} 項重大主題之 "
              f"{int(topics['in_report'].sum())} 個主題{tag}。")
    else:
        nb.md(f"沒有任何門檻能恰好選出歸屬於報告 {len(comparison)} 項重大主題之主題{tag}。")
    nb.show(changes, f"門檻敏感度（步距 {sensitivity_step:g}）Sensitivity{tag}",
            headers={"threshold": "門檻 Threshold", "selected_count": "選出主題數 Selected",
                     "report_topics_covered": "涵蓋報告重大主題數 Report topics covered",
                     "selected_not_in_report": "不屬報告重大主題者 Selected, not in report",
                     "selected_topics": "選出之主題 Topics selected"}, number_format="{:.2f}")
    fig = plots.sensitivity_figure(sensitivity, significance_threshold, len(comparison), example)
    nb.figure(fig, "materiality_sensitivity", figures,
              f"門檻敏感度：選出主題數與涵蓋之報告重大主題數{tag} Selection vs threshold")

# %% [markdown]
# ## 報告印出之衝擊程度 The impact ratings the report printed (2.5.2)
#
# 以下為報告原文（非示例）：2.5.2 各重大主題於治理、環境、人權面向之衝擊程度星等，逐格轉錄。
# 文字擷取時，5 星評等多印為「☆☆☆ ☆☆」；兩列各有星號者（☆☆☆ 與 ☆☆）無法判斷是一個跨列之 5 星或兩項各 3 與 2 星，
# 標為「不明」；無星號者標為「遺失」；兩者皆不推定。These are the report's own ratings (real, transcribed).

# %%
if assessed:
    fig = plots.ratings_heatmap(ratings, vocabulary.dimensions)
    nb.figure(fig, "materiality_published_ratings", figures,
              "報告 2.5.2 衝擊程度星等（報告原文；不明與遺失者未推定）Published impact ratings, as printed")
    nb.show(ratings[["material_topic", "name", "dimension_label", "stars", "reading_label", "stars_as_extracted",
                     "statements", "note"]],
            "報告 2.5.2 衝擊程度（轉錄）Published impact ratings (transcribed)",
            headers={"material_topic": "代碼 Code", "name": "重大主題 Material topic", "dimension_label": "面向 Dimension",
                     "stars": "星數 Stars", "reading_label": "判讀 Reading", "stars_as_extracted": "擷取之星號 As extracted",
                     "statements": "衝擊評估 Statements", "note": "說明 Note"}, number_format="{:.0f}")

# %% [markdown]
# ## 主題清單與重大主題 The topic catalogue and the material topics (2.5.1, 2.5.2, 2.5.3, 5.2)

# %%
if assessed:
    nb.show(result.tables["catalogue"][["topic", "name", "group_name", "material_topic", "mapping_basis", "gri"]],
            "2.5.1 永續主題與本附錄之歸屬 Topics and the appendix's roll-up",
            headers={"topic": "代碼 Code", "name": "主題 Topic", "group_name": "群組 Group (appendix name)",
                     "material_topic": "歸屬 Rolls up to", "mapping_basis": "歸屬依據 Basis",
                     "gri": "GRI 揭露 (5.2)"})
    nb.show(result.tables["material_topics"][["material_topic", "name", "gri_standards", "gri_disclosures",
                                              "stakeholders"]],
            "2.5.2 重大主題、GRI 揭露與 2.5.3 涉及之利害關係人 Material topics",
            headers={"material_topic": "代碼 Code", "name": "重大主題 Material topic", "gri_standards": "涵蓋之主題",
                     "gri_disclosures": "GRI 揭露 (5.2)", "stakeholders": "涉及之利害關係人 (2.5.3)"})
    dropped = result.tables["dropped"]
    if len(dropped):
        nb.show(dropped, "因填答不完整而排除之評分者 Raters dropped for missing answers",
                headers={"rater_id": "評分者 Rater", "rater_type": "類別 Type", "reason": "原因 Reason",
                         "part": "問卷 Questionnaire"})

# %% [markdown]
# ## 計算明細 How each figure is computed

# %%
nb.show_metrics(result)
nb.show_notes(page)

# %% [markdown]
# ## 與報告核對 Reconciliation
#
# 報告印出且可由資料檢驗之數字：利害關係人類別數、主題數、重大主題數、內部評分主管人數。
# The figures the report printed that the data can check.

# %%
reconciliation = page.finish()
