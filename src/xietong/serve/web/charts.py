"""Plotly figures of the dashboard, as JSON for ``Plotly.newPlot`` (plotly.js served locally).

No geo traces: plotly's scattergeo fetches topojson from a CDN, so the map is a plain
lon/lat scatter with equal aspect, bubbles at the gazetteer's centroids over faint dots at
every county of the region.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from xietong.serve.api.aggregates import Bubble, Destination, Flow, IndicatorRow, YearStatus
from xietong.serve.web.i18n import STATUSES, Translator
from xietong.store.queries import RateRow

YI = 1e8  # 亿元
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
STATUS_COLORS = {"intended": "#c7c7c7", "signed": "#9ecae1", "started": "#6baed6",
                 "under_construction": "#3182bd", "completed": "#31a354",
                 "operating": "#006d2c", "unknown": "#e0e0e0"}


def _layout(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"font": {"family": FONT, "size": 13},
                            "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
                            "paper_bgcolor": "white", "plot_bgcolor": "white",
                            "hoverlabel": {"font": {"family": FONT}}}
    base.update(kw)
    return base


def to_json(fig: Any) -> str:
    """Figure JSON safe inside ``<script type="application/json">`` (no ``<``, ``>``, ``&``)."""
    text: str = fig.to_json()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def year_status(rows: Sequence[YearStatus], t: Translator) -> tuple[str, str]:
    """Stacked bars: projects per year by status, and investment per year by status."""
    import plotly.graph_objects as go

    years = sorted({r.year for r in rows if r.year is not None})
    labels = [str(y) for y in years]
    count = go.Figure()
    money = go.Figure()
    for st in STATUSES:
        by = {r.year: r for r in rows if r.status == st}
        if not any(y in by for y in years):
            continue
        color = STATUS_COLORS.get(st)
        count.add_trace(go.Bar(name=t.status(st), x=labels,
                               y=[by[y].n if y in by else 0 for y in years],
                               marker_color=color))
        money.add_trace(go.Bar(name=t.status(st), x=labels,
                               y=[round(by[y].investment / YI, 2) if y in by else 0
                                  for y in years], marker_color=color))
    for fig, title in ((count, t("per_year_status")), (money, t("invest_per_year"))):
        fig.update_layout(_layout(barmode="stack", title={"text": title},
                                  xaxis={"type": "category", "title": {"text": t("year")}},
                                  legend={"orientation": "h", "y": -0.25}))
    return to_json(count), to_json(money)


def destinations(rows: Sequence[Destination], t: Translator) -> str:
    """Horizontal bars: top destination cities by projects."""
    import plotly.graph_objects as go

    rows = list(reversed(rows))
    fig = go.Figure(go.Bar(orientation="h", x=[r.n for r in rows], y=[r.name for r in rows],
                           customdata=[round(r.investment / YI, 2) for r in rows],
                           hovertemplate="%{y}: %{x} · %{customdata} 亿元<extra></extra>",
                           marker_color="#3182bd"))
    fig.update_layout(_layout(title={"text": t("top_destinations")},
                              xaxis={"title": {"text": t("n_projects")}},
                              margin={"l": 110, "r": 20, "t": 40, "b": 50}))
    return to_json(fig)


def rates(rows: Sequence[RateRow], t: Translator) -> str:
    """Bars: landing rate per destination prefecture."""
    import plotly.graph_objects as go

    rows = [r for r in rows if r.signed]
    fig = go.Figure(go.Bar(x=[r.label if r.group else t("unplaced") for r in rows],
                           y=[round(100 * (r.rate or 0), 1) for r in rows],
                           customdata=[[r.landed, r.signed] for r in rows],
                           hovertemplate="%{x}: %{y}% (%{customdata[0]}/%{customdata[1]})"
                                         "<extra></extra>",
                           marker_color="#31a354"))
    fig.update_layout(_layout(title={"text": t("landing_rates")},
                              yaxis={"title": {"text": "%"}, "range": [0, 100]}))
    return to_json(fig)


def sankey(rows: Sequence[Flow], t: Translator) -> str:
    """Sankey: origin → destination city → county, link width = projects."""
    import plotly.graph_objects as go

    nodes: dict[str, int] = {}
    labels: list[str] = []

    def node(key: str, label: str) -> int:
        if key not in nodes:
            nodes[key] = len(labels)
            labels.append(label)
        return nodes[key]

    links: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0, 0.0])
    for f in rows:
        o = node("o:" + f.origin, t.origin(f.origin))
        c = node("c:" + f.city, f.city_name)
        a = links[(o, c)]
        a[0] += f.n
        a[1] += f.investment
        if f.county != f.city:
            k = node("k:" + f.county, f.county_name)
            b = links[(c, k)]
            b[0] += f.n
            b[1] += f.investment
    src, dst, val, inv = [], [], [], []
    for (a_, b_), (n, money) in sorted(links.items()):
        src.append(a_)
        dst.append(b_)
        val.append(n)
        inv.append(round(money / YI, 2))
    fig = go.Figure(go.Sankey(
        node={"label": labels, "pad": 12, "thickness": 14},
        link={"source": src, "target": dst, "value": val, "customdata": inv,
              "hovertemplate": "%{source.label} → %{target.label}: %{value} · "
                               "%{customdata} 亿元<extra></extra>"}))
    fig.update_layout(_layout(title={"text": t("flows_title")}, height=max(420, 18 * len(labels))))
    return to_json(fig)


def bubble_map(rows: Sequence[Bubble], base: Sequence[tuple[str, float, float]],
               t: Translator) -> str:
    """Bubbles sized by investment at centroids, over dots at the region's counties."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[b[1] for b in base], y=[b[2] for b in base], mode="markers",
                             text=[b[0] for b in base], hoverinfo="text", showlegend=False,
                             marker={"size": 4, "color": "#d9d9d9"}))
    top = max((b.investment for b in rows), default=0.0) or 1.0
    sizes = [8 + 42 * math.sqrt(b.investment / top) if b.investment else 8 for b in rows]
    fig.add_trace(go.Scatter(
        x=[b.lon for b in rows], y=[b.lat for b in rows], mode="markers",
        text=[b.name for b in rows], customdata=[[b.n, round(b.investment / YI, 2), b.adcode]
                                                 for b in rows],
        hovertemplate="%{text}: %{customdata[0]} · %{customdata[1]} 亿元<extra></extra>",
        showlegend=False,
        marker={"size": sizes, "color": "rgba(49,130,189,0.55)",
                "line": {"color": "#08519c", "width": 1}}))
    fig.update_layout(_layout(title={"text": t("map_title")}, height=640,
                              xaxis={"title": {"text": "经度 lon"}, "showgrid": False,
                                     "zeroline": False},
                              yaxis={"title": {"text": "纬度 lat"}, "scaleanchor": "x",
                                     "scaleratio": 1 / math.cos(math.radians(39)),
                                     "showgrid": False, "zeroline": False}))
    return to_json(fig)


def indicator_series(rows: Sequence[IndicatorRow], t: Translator) -> str | None:
    """Lines: one series per (metric, unit) over the period end (or start) dates."""
    import plotly.graph_objects as go

    series: dict[tuple[str, str], list[IndicatorRow]] = defaultdict(list)
    for r in rows:
        when = r.period_end or r.period_start
        if when:
            series[(r.metric, r.unit)].append(r)
    if not series:
        return None
    fig = go.Figure()
    for (metric, unit), pts in sorted(series.items()):
        pts.sort(key=lambda r: r.period_end or r.period_start or "")
        fig.add_trace(go.Scatter(x=[r.period_end or r.period_start for r in pts],
                                 y=[r.value for r in pts], mode="lines+markers",
                                 name=f"{metric}（{unit}）"))
    fig.update_layout(_layout(title={"text": t("indicators")},
                              xaxis={"type": "category"},
                              legend={"orientation": "h", "y": -0.25}))
    return to_json(fig)
