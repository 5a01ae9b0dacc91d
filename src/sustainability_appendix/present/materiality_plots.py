"""Figures of the materiality chapter, and the label placement the matrix needs.

``place_labels`` is a small deterministic placer: labels are placed one by one
(in the order given) at the first free candidate position around their point —
rings of increasing radius, 16 directions each, right-hand side first; labels that
fit next to their point go first, the others follow with leader lines. A
candidate is free when its box (plus padding) lies inside the axes and touches
no placed label, no point marker, no obstacle box or line, and when its
leader line crosses no placed label, other marker or leader line (and no placed
leader line crosses the label). A label without a leader line (the two innermost
rings) must also be nearer its own point than any other, so that it cannot be
read as another point's label. If the full label
finds no place, the code alone is tried; if that fails too, ``LabelPlacementError``
is raised rather than drawing an overlap. Labels are excluded from the layout
engine, so placing them does not move the axes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox, offset_copy

from sustainability_appendix.present.plotting import new_figure

GROUP_COLOURS = {1: "#2e8b57", 2: "#1f77b4", 3: "#e07b00"}
EXAMPLE_TAG = "（示例資料 illustrative example）"


class LabelPlacementError(RuntimeError):
    pass


# --- label placement ------------------------------------------------------------------------------------------

def _angles(n: int = 16) -> list[float]:
    """Directions in degrees, right first, then alternating above/below, left last."""
    step = 360 / n
    out = [0.0]
    for k in range(1, n // 2):
        out += [k * step, -k * step]
    return out + [180.0]


def _alignment(angle: float) -> tuple[str, str]:
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    ha = "left" if c > 0.35 else "right" if c < -0.35 else "center"
    va = "bottom" if s > 0.35 else "top" if s < -0.35 else "center"
    return ha, va


def _segment_hits(p0, p1, box: Bbox) -> bool:
    """Whether the segment p0–p1 meets the box (Liang–Barsky clipping)."""
    x0, y0 = p0
    dx, dy = p1[0] - x0, p1[1] - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _segments_cross(a, b, c, d) -> bool:
    """Whether segments a–b and c–d properly intersect."""
    def turn(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return turn(a, b, c) * turn(a, b, d) < 0 and turn(c, d, a) * turn(c, d, b) < 0


def _anchor(box: Bbox, point) -> tuple[float, float]:
    """Nearest point of ``box`` to ``point`` (where a leader line meets the label)."""
    return (min(max(point[0], box.x0), box.x1), min(max(point[1], box.y0), box.y1))


def _nearest_is_own(box: Bbox, points, own: int, margin_px: float) -> bool:
    def distance(p) -> float:
        ax_, ay_ = _anchor(box, p)
        return math.hypot(p[0] - ax_, p[1] - ay_)

    mine = distance(points[own])
    return all(distance(p) > mine + margin_px for k, p in enumerate(points) if k != own)


def place_labels(ax, xs, ys, labels, short_labels=None, *, fontsize: float = 8.5, marker_px: float = 6.0,
                 pad_px: float = 2.0, clearance_px: float = 5.0,
                 radii_pt=(5, 10, 16, 24, 34, 46, 60, 76, 94, 114, 140, 170, 200), near_rings: int = 2,
                 obstacles=(), lines=(), leader_colour: str = "#888888", rounds: int = 6) -> list:
    """Place one text per point without overlaps; returns the Text objects (in input order).

    Two passes: first every full label that fits on the ``near_rings`` innermost rings
    (no leader line), in the order given; then the rest on all rings, with leader
    lines, falling back to the short label (the code) only when the full one fits nowhere.
    Labels that found no place are moved to the front and the placement starts again
    (at most ``rounds`` times), so that a point hemmed in by its neighbours' labels is
    labelled before them.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    points = ax.transData.transform(np.column_stack([np.asarray(xs, float), np.asarray(ys, float)]))
    markers = [Bbox.from_bounds(px - marker_px, py - marker_px, 2 * marker_px, 2 * marker_px) for px, py in points]
    clear = [b.padded(clearance_px) for b in markers]  # other points' markers, kept at a distance
    order = list(range(len(labels)))
    for _ in range(rounds):
        texts, artists, failed = _place_round(ax, renderer, frame, xs, ys, points, markers, clear, labels,
                                              short_labels, order, fontsize, pad_px, radii_pt, near_rings,
                                              list(obstacles), list(lines), leader_colour)
        if not failed:
            return [texts[i] for i in range(len(labels))]
        for artist in artists:
            artist.remove()
        order = failed + [i for i in order if i not in failed]
    raise LabelPlacementError(f"no free place for label(s) {', '.join(repr(labels[i]) for i in failed)}; "
                              "enlarge the figure or its limits")


def _place_round(ax, renderer, frame, xs, ys, points, markers, clear, labels, short_labels, order, fontsize,
                 pad_px, radii_pt, near_rings, obstacles, lines, leader_colour):
    """One placement in the given order: (texts by index, artists added, indices that failed)."""
    fig = ax.figure
    placed: list[Bbox] = []
    leaders: list[tuple] = []
    texts: dict[int, object] = {}
    artists: list = []

    def free(i: int, box: Bbox, leader: bool) -> bool:
        padded = box.padded(pad_px)
        if not (frame.x0 <= padded.x0 and padded.x1 <= frame.x1 and frame.y0 <= padded.y0 and padded.y1 <= frame.y1):
            return False
        blocked = [markers[i]] + [b for k, b in enumerate(clear) if k != i] + obstacles
        if any(padded.overlaps(b) for b in placed + blocked):
            return False
        if any(_segment_hits(p0, p1, padded) for p0, p1 in leaders + lines):
            return False
        if not leader:  # a label right next to another point would be read as that point's
            return _nearest_is_own(padded, points, i, margin_px=6.0)
        end = _anchor(box, points[i])
        others = [b for k, b in enumerate(markers) if k != i and not b.contains(*points[i])]
        return not (any(_segment_hits(points[i], end, b) for b in placed + others)
                    or any(_segments_cross(points[i], end, p0, p1) for p0, p1 in leaders))

    def attempt(i: int, rings, with_short: bool) -> bool:
        text = ax.text(xs[i], ys[i], labels[i], fontsize=fontsize, zorder=5)
        text.set_in_layout(False)
        for label in [labels[i]] + ([short_labels[i]] if with_short and short_labels is not None else []):
            text.set_text(label)
            for r in rings:
                leader = r > radii_pt[near_rings - 1]
                for angle in _angles():
                    dx, dy = r * math.cos(math.radians(angle)), r * math.sin(math.radians(angle))
                    text.set_transform(offset_copy(ax.transData, fig=fig, x=dx, y=dy, units="points"))
                    ha, va = _alignment(angle)
                    text.set_horizontalalignment(ha)
                    text.set_verticalalignment(va)
                    box = text.get_window_extent(renderer)
                    if not free(i, box, leader):
                        continue
                    placed.append(box)
                    artists.append(text)
                    texts[i] = text
                    if leader:
                        end = _anchor(box, points[i])
                        leaders.append((points[i], end))
                        data_end = ax.transData.inverted().transform(end)
                        line = Line2D([xs[i], data_end[0]], [ys[i], data_end[1]], color=leader_colour, lw=0.6,
                                      zorder=1)
                        line.set_in_layout(False)
                        ax.add_line(line)
                        artists.append(line)
                    return True
        text.remove()
        return False

    rest = [i for i in order if not attempt(i, radii_pt[:near_rings], with_short=False)]
    failed = [i for i in rest if not attempt(i, radii_pt, with_short=True)]
    return texts, artists, failed


def overlapping_pairs(texts, renderer=None) -> list[tuple[str, str]]:
    """Pairs of texts whose drawn boxes overlap (empty when the placement worked)."""
    fig = texts[0].figure
    fig.canvas.draw()
    renderer = renderer or fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return [(texts[i].get_text(), texts[j].get_text())
            for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


# --- figures --------------------------------------------------------------------------------------------------

def _tag(example: bool) -> str:
    return EXAMPLE_TAG if example else ""


def matrix_figure(topics: pd.DataFrame, threshold: float, external_weight: float, example: bool):
    """Internal vs external significance per topic, with the selection boundary; returns (figure, labels).

    Needs both rater groups; ``external_weight`` must be the weight actually applied.
    """
    if topics["internal"].isna().any() or topics["external"].isna().any():
        raise ValueError("the matrix needs complete responses from both internal and external raters")
    fig, ax = new_figure(11, 9)
    low = math.floor(min(topics["internal"].min(), topics["external"].min()) * 2) / 2 - 0.5
    lims = (max(0.0, low), 5.3)
    ax.set_xlim(lims)
    ax.set_ylim(lims)
    lines = [(lims[0], lims[0]), (lims[1], lims[1])]  # internal = external
    ax.plot(lims, lims, color="#bbbbbb", lw=0.8, zorder=1)
    ends = _boundary(threshold, external_weight, lims)
    ax.plot([e[0] for e in ends], [e[1] for e in ends], color="#c0392b", lw=1.2, ls="--", zorder=2)
    lines += ends
    xs = np.linspace(*lims, 200)
    if external_weight == 0:
        ax.axvspan(threshold, lims[1], color="#c0392b", alpha=0.06, zorder=0)
    else:
        lower = (threshold - (1 - external_weight) * xs) / external_weight
        ax.fill_between(xs, np.clip(lower, *lims), lims[1], color="#c0392b", alpha=0.06, zorder=0)
    for rec in topics.itertuples():
        colour = GROUP_COLOURS.get(rec.group, "#555555")
        ax.scatter(rec.internal, rec.external, s=60, marker="D" if rec.in_report else "o", zorder=4, alpha=0.85,
                   facecolor=colour if rec.selected else "white", edgecolor=colour, linewidth=1.6)
    ax.set_xlabel("內部主管平均衝擊顯著度 Internal managers' mean significance")
    ax.set_ylabel("外部專家平均衝擊顯著度 External experts' mean significance")
    ax.set_title(f"衝擊顯著度矩陣 Impact significance matrix{_tag(example)}")
    ax.grid(True, color="#eeeeee", zorder=0)
    handles = [Patch(color=c, label=n) for g, c in GROUP_COLOURS.items()
               for n in topics.loc[topics["group"] == g, "group_name"].head(1)]
    handles += [
        Line2D([], [], marker="o", ls="", markerfacecolor="#555555", markeredgecolor="#555555",
               label=f"達門檻 S ≥ {threshold:g} selected"),
        Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#555555", label="未達門檻 below"),
        Line2D([], [], marker="D", ls="", color="#555555", label="歸屬報告重大主題 rolls up to a report material topic"),
        Line2D([], [], color="#c0392b", ls="--", label=f"門檻線 (1−α)·內部 + α·外部 = {threshold:g}, α = {external_weight:g}"),
        Line2D([], [], color="#bbbbbb", label="內部 = 外部 internal = external"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8.5, frameon=False)
    order = topics.sort_values(["significance", "topic"], ascending=[False, True]).index
    rows = topics.loc[order]
    texts = place_labels(ax, rows["internal"].to_numpy(), rows["external"].to_numpy(),
                         [f"{r.topic} {r.name}" for r in rows.itertuples()], list(rows["topic"]),
                         lines=_display_segments(ax, lines))
    return fig, texts


def _boundary(threshold: float, external_weight: float, lims) -> list[tuple[float, float]]:
    """Two points of the line (1 − α)·x + α·y = threshold spanning the limits (x = internal, y = external)."""
    a = external_weight
    if a == 0:
        return [(threshold, lims[0]), (threshold, lims[1])]
    return [(x, (threshold - (1 - a) * x) / a) for x in lims]


def _display_segments(ax, ends) -> list[tuple]:
    """Consecutive pairs of data points as display-coordinate segments."""
    ax.figure.canvas.draw()
    pts = ax.transData.transform(np.asarray(ends, dtype=float))
    return [(pts[k], pts[k + 1]) for k in range(0, len(pts), 2)]


def stakeholder_figure(table: pd.DataFrame, threshold: float, example: bool, attributes: dict[str, str]):
    fig, (ax1, ax2) = new_figure(12, 4.8, ncols=2)
    rows = table.sort_values(["score", "stakeholder"], ascending=[True, False])
    labels = [f"{r.stakeholder} {r.short_name}" for r in rows.itertuples()]
    colours = ["#4c78a8" if ok else "#c7d3e3" for ok in rows["identified"]]
    ax1.barh(labels, rows["score"], color=colours, zorder=2)
    ax1.scatter(rows["internal"], labels, marker="|", s=160, color="#222222", zorder=3, label="內部平均 internal")
    ax1.scatter(rows["external"], labels, marker="x", s=40, color="#d62728", zorder=3, label="外部平均 external")
    ax1.axvline(threshold, color="#c0392b", ls="--", lw=1.2, label=f"門檻 threshold {threshold:g}")
    ax1.set_xlim(1, 5)
    ax1.set_xlabel("群體分數 Group score (1–5)")
    ax1.set_title(f"利害關係人鑑別 Stakeholder identification{_tag(example)}", fontsize=10)
    ax1.legend(loc="lower right", fontsize=8)
    ax1.grid(axis="x", color="#eeeeee", zorder=0)
    heat = table.sort_values(["score", "stakeholder"], ascending=[False, True])
    values = heat[list(attributes)].to_numpy(dtype=float)
    im = ax2.imshow(values, cmap="Blues", vmin=1, vmax=5, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax2.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=8, color="white" if v > 3.8 else "#222222")
    ax2.set_xticks(range(len(attributes)), [attributes[a].replace(" ", "\n", 1) for a in attributes], fontsize=8)
    ax2.set_yticks(range(len(heat)), [f"{r.stakeholder} {r.short_name}" for r in heat.itertuples()], fontsize=8.5)
    ax2.set_title("AA1000SES 五面向平均（全體評分者）Attribute means", fontsize=10)
    fig.colorbar(im, ax=ax2, shrink=0.8)
    return fig


def ranking_figure(topics: pd.DataFrame, threshold: float, example: bool):
    fig, ax = new_figure(10, 7)
    rows = topics.sort_values(["significance", "topic"], ascending=[True, False])
    labels = [f"{r.topic} {r.name}" + (f"  [{r.material_topic}]" if r.material_topic else "") for r in rows.itertuples()]
    colours = [GROUP_COLOURS.get(g, "#555555") for g in rows["group"]]
    bars = ax.barh(labels, rows["significance"], color=colours, zorder=2)
    for bar, ok in zip(bars, rows["selected"]):
        bar.set_alpha(1.0 if ok else 0.35)
    for y, v in enumerate(rows["significance"]):
        ax.text(v + 0.04, y, f"{v:.2f}", va="center", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5}, zorder=4)
    ax.axvline(threshold, color="#c0392b", ls="--", lw=1.2)
    ax.text(threshold, len(rows) - 0.3, f" 門檻 threshold {threshold:g}", color="#c0392b", fontsize=8.5, va="bottom")
    ax.set_xlim(0, 5.4)
    ax.set_ylim(-0.7, len(rows) + 0.4)
    ax.set_xlabel("衝擊顯著度 S_t Impact significance")
    ax.set_title(f"主題排序 Topics ranked by significance{_tag(example)}\n[MTn] = 本附錄歸屬之報告重大主題 "
                 "the report's material topic it rolls up to (appendix mapping)", fontsize=10)
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    handles = [Patch(color=c, label=n) for g, c in GROUP_COLOURS.items()
               for n in topics.loc[topics["group"] == g, "group_name"].head(1)]
    handles.append(Patch(color="#999999", alpha=0.35, label="淡色 = 未達門檻 pale = below the threshold"))
    ax.legend(handles=handles, loc="lower right", fontsize=8.5)
    return fig


def sensitivity_figure(sens: pd.DataFrame, threshold: float, published: int, example: bool):
    fig, ax = new_figure(9, 4.2)
    ax.step(sens["threshold"], sens["selected_count"], where="post", color="#4c78a8", lw=1.8,
            label="達門檻之主題數 topics selected")
    ax.step(sens["threshold"], sens["report_topics_covered"], where="post", color="#e07b00", lw=1.8,
            label="涵蓋之報告重大主題數 report material topics covered")
    ax.axhline(published, color="#888888", ls=":", lw=1.2, label=f"報告重大主題 {published} 項 in the report")
    ax.axvline(threshold, color="#c0392b", ls="--", lw=1.2, label=f"本章門檻 chosen threshold {threshold:g}")
    ax.set_xlabel("門檻 Threshold on S_t")
    ax.set_ylabel("項 count")
    ax.set_xlim(sens["threshold"].min(), sens["threshold"].max())
    ax.set_ylim(0, sens["selected_count"].max() + 1)
    ax.set_title(f"門檻敏感度 How the selection moves with the threshold{_tag(example)}", fontsize=10)
    ax.legend(loc="lower left", fontsize=8.5)
    ax.grid(color="#eeeeee")
    return fig


def ratings_heatmap(ratings: pd.DataFrame, dimensions: dict[str, str]):
    """The stars the report printed per material topic and dimension (real, transcribed)."""
    topics = list(dict.fromkeys(ratings["material_topic"]))
    dims = list(dimensions)
    grid = ratings.set_index(["material_topic", "dimension"])
    values = np.array([[grid.at[(t, d), "stars"] for d in dims] for t in topics], dtype=float)
    fig, ax = new_figure(8, 5.2)
    im = ax.imshow(np.ma.masked_invalid(values), cmap="YlOrRd", vmin=0, vmax=5, aspect="auto")
    ax.set_facecolor("#f2f2f2")
    for i, t in enumerate(topics):
        for j, d in enumerate(dims):
            rec = grid.loc[(t, d)]
            if rec["reading"] == "printed":
                text, colour = f"{'★' * int(rec['stars'])}\n{int(rec['stars'])}", "white" if rec["stars"] >= 4 else "#222"
            elif rec["reading"] == "ambiguous":
                text, colour = "不明 ambiguous\n5 或 3 + 2 ?", "#444"
                ax.add_patch(_hatch(j, i))
            elif rec["reading"] == "lost":
                text, colour = "遺失 lost\n(擷取時)", "#444"
                ax.add_patch(_hatch(j, i))
            else:
                text, colour = "—\n未列 not listed", "#777"
            ax.text(j, i, text, ha="center", va="center", fontsize=8.5, color=colour)
    names = dict(zip(ratings["material_topic"], ratings["name"]))
    ax.set_xticks(range(len(dims)), [dimensions[d] for d in dims])
    ax.set_yticks(range(len(topics)), [f"{t} {names[t]}" for t in topics], fontsize=9)
    ax.set_title("報告 2.5.2 衝擊程度（星等，報告原文）Published impact ratings (stars, as printed)", fontsize=10)
    fig.colorbar(im, ax=ax, shrink=0.8, label="星數 stars")
    return fig


def _hatch(x: float, y: float):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#bbbbbb", lw=0)
