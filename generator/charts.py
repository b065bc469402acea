"""Plotly figures for the status pages, each with a caption and a text alternative.

Figures hold data only; colours that depend on the light or dark palette are applied in the
browser (assets/glasshouse/charts.js), so one figure serves both. They are written as the plain
JSON plotly.js reads: building them through plotly's graph objects checked every property on
every build, which cost more than the rest of the rendering; tests/test_render.py checks every
figure against plotly's schema instead.
"""

from __future__ import annotations

import html
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from .model import Status
from .text import date

RAG = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828"}
SERIES = ("#1f77b4", "#e4572e", "#2a9d8f", "#9c6ade", "#b8860b", "#6c757d", "#d6336c", "#17a2b8")
ACTION_COLOURS = {"received": "#8d99ae", "planned": "#1f77b4", "done": "#2e7d32", "declined": "#b26a00"}
LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
IMPACT = ("Negligible", "Minor", "Moderate", "Major", "Severe")


@dataclass(frozen=True)
class Chart:
    """A figure and everything needed to understand it without seeing it."""

    id: str
    figure: dict[str, Any]
    caption: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def json(self) -> str:
        return json.dumps(self.figure, separators=(",", ":"))


def _t(text: object) -> str:
    """Plotly reads a subset of HTML in labels and hover text; data must stay plain text."""
    return html.escape(str(text), quote=True)


def _layout(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "margin": {"l": 10, "r": 10, "t": 28, "b": 10},
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": -0.15},
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
    }
    base.update(extra)
    return base


def _trace(kind: str, **props: Any) -> dict[str, Any]:
    return {"type": kind, **props}


def _figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    return {"data": traces, "layout": layout}


def milestone_timeline(status: Status) -> Chart:
    ms = sorted(status.milestones, key=lambda m: (m.baseline, m.id))
    labels = [_t(f"{m.id} {m.title}") for m in ms]
    line_x: list[Any] = []
    line_y: list[Any] = []
    for m, label in zip(ms, labels, strict=True):
        line_x += [m.baseline.isoformat(), m.expected.isoformat(), None]
        line_y += [label, label, None]
    open_ms = [(m, label) for m, label in zip(ms, labels, strict=True) if m.status != "done"]
    done_ms = [(m, label) for m, label in zip(ms, labels, strict=True) if m.status == "done"]
    traces = [
        _trace("scatter", x=line_x, y=line_y, mode="lines", line={"color": "#9e9e9e", "width": 2}, hoverinfo="skip", showlegend=False),
        _trace(
            "scatter",
            x=[m.baseline.isoformat() for m in ms],
            y=labels,
            mode="markers",
            name="Baseline",
            marker={"symbol": "diamond-open", "size": 11, "color": "#6c757d", "line": {"width": 2}},
            hovertemplate="%{y}<br>Baseline %{x|%d %b %Y}<extra></extra>",
        ),
        _trace(
            "scatter",
            x=[m.forecast.isoformat() for m, _ in open_ms],
            y=[label for _, label in open_ms],
            mode="markers",
            name="Forecast",
            marker={"symbol": "circle", "size": 11, "color": "#1f77b4"},
            customdata=[_slip_text(m.slip_days) for m, _ in open_ms],
            hovertemplate="%{y}<br>Forecast %{x|%d %b %Y} (%{customdata})<extra></extra>",
        ),
        _trace(
            "scatter",
            x=[m.expected.isoformat() for m, _ in done_ms],
            y=[label for _, label in done_ms],
            mode="markers",
            name="Delivered",
            marker={"symbol": "star", "size": 13, "color": RAG["green"]},
            customdata=[_slip_text(m.slip_days) for m, _ in done_ms],
            hovertemplate="%{y}<br>Delivered %{x|%d %b %Y} (%{customdata})<extra></extra>",
        ),
    ]
    as_of = status.project.as_of.isoformat()
    layout = _layout(
        height=max(260, 90 + 34 * len(ms)),
        yaxis={"automargin": True, "autorange": "reversed", "type": "category"},
        xaxis={"automargin": True, "type": "date"},
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": as_of,
                "x1": as_of,
                "y0": 0,
                "y1": 1,
                "line": {"dash": "dot", "width": 1.5, "color": "#c62828"},
            }
        ],
        annotations=[
            {
                "x": as_of,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": "Status date",
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"size": 11},
            }
        ],
    )
    late = [m for m in ms if m.is_open and m.slip_days > 0]
    done = sum(m.status == "done" for m in ms)
    summary = f"{len(ms)} milestones: {done} delivered, {len(late)} open and forecast later than first promised."
    rows = tuple((m.id, m.title, date(m.baseline), date(m.expected), _slip_text(m.slip_days)) for m in ms)
    return Chart(
        "milestone-timeline",
        _figure(traces, layout),
        "Each milestone's baseline (first promised), forecast and delivery dates; the dotted line is the status date.",
        summary,
        ("Milestone", "Title", "Baseline", "Forecast or delivered", "Slip"),
        rows,
    )


def _slip_text(days: int) -> str:
    return "on time" if days == 0 else f"+{days} days" if days > 0 else f"{days} days"


def risk_heatmap(status: Status) -> Chart:
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    titles: dict[tuple[int, int], list[str]] = defaultdict(list)
    for r in status.active_risks:
        cells[(r.likelihood, r.impact)].append(r.id)
        titles[(r.likelihood, r.impact)].append(_t(f"{r.id} {r.title}"))
    z = [[lk * im for lk in range(1, 6)] for im in range(1, 6)]
    # Ids stack one per line and Plotly sizes the text to its cell, so crowded cells stay legible on a phone.
    text = [["<br>".join(cells.get((lk, im), [])) for lk in range(1, 6)] for im in range(1, 6)]
    hover = [
        [f"Likelihood {lk} × impact {im} = {lk * im}<br>" + ("<br>".join(titles[(lk, im)]) or "no active risk") for lk in range(1, 6)]
        for im in range(1, 6)
    ]
    trace = _trace(
        "heatmap",
        z=z,
        x=[f"{i} {n}" for i, n in enumerate(LIKELIHOOD, 1)],
        y=[f"{i} {n}" for i, n in enumerate(IMPACT, 1)],
        text=text,
        texttemplate="%{text}",
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        colorscale=[[0, "#c8e6c9"], [0.3, "#fff59d"], [0.6, "#ffcc80"], [1, "#ef9a9a"]],
        showscale=False,
        xgap=3,
        ygap=3,
        textfont={"color": "#000000"},
    )
    layout = _layout(
        height=420,
        xaxis={"title": {"text": "Likelihood"}, "automargin": True, "side": "bottom", "type": "category"},
        yaxis={"title": {"text": "Impact"}, "automargin": True, "type": "category"},
    )
    counts = status.risks_by_severity()
    summary = f"{len(status.active_risks)} active risks: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + "."
    rows = tuple((f"{im} {IMPACT[im - 1]}", *(", ".join(cells.get((lk, im), [])) or "—" for lk in range(1, 6))) for im in range(5, 0, -1))
    return Chart(
        "risk-heatmap",
        _figure([trace], layout),
        "Active risks placed by likelihood and impact; the colour shows exposure (likelihood × impact).",
        summary,
        ("Impact \\ likelihood", *(f"{i} {n}" for i, n in enumerate(LIKELIHOOD, 1))),
        rows,
    )


def rating_trend(status: Status) -> Chart:
    sprints = [s for s in status.sprints if s.state != "planned"]
    names = {s.id: s.name for s in sprints}
    by: dict[tuple[int, str], list[int]] = defaultdict(list)
    for f in status.feedback:
        if f.rating is not None and f.sprint in names:
            by[(f.sprint, f.segment)].append(f.rating)
            by[(f.sprint, "")].append(f.rating)
    segments = [s for s in status.project.segments if any((sp.id, s.id) in by for sp in sprints)]
    x = [_t(s.name) for s in sprints]

    def mean(key: tuple[int, str]) -> float | None:
        return round(statistics.fmean(by[key]), 2) if by.get(key) else None

    traces = [
        _trace(
            "scatter",
            x=x,
            y=[mean((s.id, seg.id)) for s in sprints],
            name=_t(seg.name),
            mode="lines+markers",
            line={"color": SERIES[i % len(SERIES)], "width": 1.5},
            connectgaps=True,
            hovertemplate=f"{_t(seg.name)}<br>%{{x}}: %{{y:.2f}} of 5<extra></extra>",
        )
        for i, seg in enumerate(segments)
    ]
    traces.append(
        _trace(
            "scatter",
            x=x,
            y=[mean((s.id, "")) for s in sprints],
            name="All segments",
            mode="lines+markers",
            line={"color": "#37474f", "width": 4, "dash": "solid"},
            marker={"size": 9, "symbol": "square"},
            hovertemplate="All segments<br>%{x}: %{y:.2f} of 5<extra></extra>",
        )
    )
    layout = _layout(height=400, yaxis={"range": [0.8, 5.2], "title": {"text": "Average rating (1-5)"}, "automargin": True, "dtick": 1})
    overall = [mean((s.id, "")) for s in sprints]
    known = [v for v in overall if v is not None]
    summary = (
        f"Average rating went from {known[0]:.1f} to {known[-1]:.1f} of 5 over {len(known)} sprints."
        if len(known) >= 2
        else "Not enough rated feedback yet to show a trend."
    )
    rows = tuple((s.name, *(_fmt_mean(mean((s.id, seg.id))) for seg in segments), _fmt_mean(mean((s.id, "")))) for s in sprints)
    return Chart(
        "rating-trend",
        _figure(traces, layout),
        "Average customer rating per sprint, by customer segment and overall.",
        summary,
        ("Sprint", *(seg.name for seg in segments), "All segments"),
        rows,
    )


def _fmt_mean(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def feedback_themes(status: Status) -> Chart:
    counts: Counter[tuple[str, str]] = Counter((f.theme, f.action) for f in status.feedback)
    totals = Counter(f.theme for f in status.feedback)
    themes = [t for t, _ in sorted(totals.items(), key=lambda kv: (kv[1], kv[0]))]
    traces = [
        _trace(
            "bar",
            y=[_t(t) for t in themes],
            x=[counts[(t, action)] for t in themes],
            name=action.capitalize(),
            orientation="h",
            marker={"color": colour},
            hovertemplate=f"%{{y}}: %{{x}} {action}<extra></extra>",
        )
        for action, colour in ACTION_COLOURS.items()
    ]
    layout = _layout(
        barmode="stack", height=max(260, 80 + 34 * len(themes)), xaxis={"title": {"text": "Pieces of feedback"}, "automargin": True}
    )
    top = themes[-1] if themes else None
    summary = (
        f"{len(status.feedback)} pieces of feedback in {len(themes)} themes; the most frequent is {top}." if top else "No feedback yet."
    )
    rows = tuple((t, *(str(counts[(t, a)]) for a in ACTION_COLOURS), str(totals[t])) for t in reversed(themes))
    return Chart(
        "feedback-themes",
        _figure(traces, layout),
        "Feedback per theme, by what happened to it.",
        summary,
        ("Theme", *(a.capitalize() for a in ACTION_COLOURS), "Total"),
        rows,
    )


def velocity(status: Status) -> Chart:
    sprints = [s for s in status.sprints if s.state != "planned"]
    x = [_t(s.name) for s in sprints]
    traces = [
        _trace(
            "bar",
            x=x,
            y=[s.committed for s in sprints],
            name="Committed",
            marker={"color": "#8d99ae"},
            hovertemplate="%{x}: %{y} points committed<extra></extra>",
        ),
        _trace(
            "bar",
            x=x,
            y=[s.completed or 0 for s in sprints],
            name="Completed",
            marker={"color": "#1f77b4"},
            hovertemplate="%{x}: %{y} points completed<extra></extra>",
        ),
    ]
    layout = _layout(barmode="group", height=360, yaxis={"title": {"text": "Story points"}, "automargin": True})
    closed = [s for s in sprints if s.state == "closed"]
    avg = statistics.fmean(s.completed or 0 for s in closed) if closed else 0
    summary = f"Average velocity over {len(closed)} closed sprints: {avg:.0f} points."
    rows = tuple((s.name, str(s.committed), str(s.completed if s.completed is not None else "—")) for s in sprints)
    return Chart(
        "velocity",
        _figure(traces, layout),
        "Story points committed and completed per sprint.",
        summary,
        ("Sprint", "Committed", "Completed"),
        rows,
    )


def burnup(status: Status) -> Chart:
    sprints = list(status.sprints)
    scope, done = [], []
    total_scope = total_done = 0
    for s in sprints:
        total_scope += s.committed
        total_done += s.completed or 0
        scope.append(total_scope)
        done.append(total_done if s.state != "planned" else None)
    x = [s.end.isoformat() for s in sprints]
    traces = [
        _trace(
            "scatter",
            x=x,
            y=scope,
            name="Planned scope",
            mode="lines",
            line={"color": "#8d99ae", "dash": "dash", "width": 2},
            hovertemplate="%{x|%d %b %Y}: %{y} points planned<extra></extra>",
        ),
        _trace(
            "scatter",
            x=x,
            y=done,
            name="Completed",
            mode="lines+markers",
            line={"color": "#1f77b4", "width": 3},
            hovertemplate="%{x|%d %b %Y}: %{y} points completed<extra></extra>",
        ),
    ]
    layout = _layout(
        height=360, yaxis={"title": {"text": "Cumulative story points"}, "automargin": True}, xaxis={"type": "date", "automargin": True}
    )
    summary = f"{total_done} of {total_scope} planned points completed ({round(100 * total_done / total_scope) if total_scope else 0}%)."
    rows = tuple((s.name, date(s.end), str(a), "—" if b is None else str(b)) for s, a, b in zip(sprints, scope, done, strict=True))
    return Chart(
        "burnup",
        _figure(traces, layout),
        "Cumulative points completed against the cumulative planned scope, sprint by sprint.",
        summary,
        ("Sprint", "Ends", "Planned scope", "Completed"),
        rows,
    )


def all_charts(status: Status) -> dict[str, Chart]:
    charts = (milestone_timeline, risk_heatmap, rating_trend, feedback_themes, velocity, burnup)
    return {c.id: c for c in (make(status) for make in charts)}
