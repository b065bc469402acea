"""Trend charts over the published snapshots: milestone trend analysis and risk exposure per sprint.

Each point is what a snapshot's status.json said at the time, so the charts show how forecasts
moved as they were reported, not as they are remembered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from .charts import SERIES, Chart, _figure, _layout, _t
from .edition import Snapshot
from .history import expected_date, records
from .model import SEVERITIES
from .text import date

SEVERITY_COLOURS = {"critical": "#c62828", "high": "#ef6c00", "medium": "#f9a825", "low": "#7cb342"}


@dataclass(frozen=True)
class Point:
    """One report in the history: a label for the axis and the status document."""

    label: str
    doc: Any


def points(history: Sequence[Snapshot], current: Any, current_label: str) -> list[Point]:
    return [*(Point(s.label, s.doc) for s in history), Point(current_label, current)]


def milestone_trend(history: Sequence[Point]) -> Chart:
    """Each open or recently delivered milestone's expected date, as reported snapshot by snapshot."""
    labels = [_t(p.label) for p in history]
    ids: dict[str, str] = {}
    for p in history:
        for m in records(p.doc, "milestones"):
            ids.setdefault(str(m["id"]), str(m.get("title", "")))
    series: dict[str, list[str | None]] = {}
    for mid in ids:
        row = []
        for p in history:
            found = [m for m in records(p.doc, "milestones") if m["id"] == mid]
            expected = expected_date(found[0]) if found else None
            row.append(expected.isoformat() if expected else None)
        series[mid] = row
    traces = [
        go.Scatter(
            x=labels,
            y=series[mid],
            name=_t(mid),
            mode="lines+markers",
            line={"color": SERIES[i % len(SERIES)], "width": 2},
            connectgaps=False,
            hovertemplate=f"{_t(mid)} {_t(title)}<br>%{{x}}: %{{y|%d %b %Y}}<extra></extra>",
        )
        for i, (mid, title) in enumerate(ids.items())
    ]
    layout = _layout(
        height=max(360, 120 + 22 * len(ids)),
        xaxis={"automargin": True, "type": "category", "title": {"text": "Reported in"}},
        yaxis={"automargin": True, "type": "date", "title": {"text": "Expected date"}},
        legend={"orientation": "v"},
    )
    drifted = [mid for mid, row in series.items() if len({d for d in row if d}) > 1]
    summary = f"{len(ids)} milestones over {len(history)} reports; {len(drifted)} moved at least once" + (
        f" ({', '.join(drifted)})." if drifted else "."
    )
    rows = tuple((p.label, *(date(_iso(series[mid][i])) for mid in ids)) for i, p in enumerate(history))
    return Chart(
        "milestone-trend",
        _figure(traces, layout),
        "Milestone trend analysis: each milestone's expected date as it was reported, report by report. "
        "A flat line holds its date; a rising line slips.",
        summary,
        ("Reported in", *ids),
        rows,
    )


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def risk_trend(history: Sequence[Point]) -> Chart:
    """Total exposure of active risks per report, stacked by severity."""
    labels = [_t(p.label) for p in history]
    sums = [{s: 0 for s in SEVERITIES} for _ in history]
    counts = [0 for _ in history]
    for i, p in enumerate(history):
        for r in records(p.doc, "risks"):
            severity, exposure = r.get("severity"), r.get("exposure")
            if severity in sums[i] and isinstance(exposure, int):
                sums[i][severity] += exposure
                counts[i] += 1
    traces = [
        go.Bar(
            x=labels,
            y=[s[sev] for s in sums],
            name=sev.capitalize(),
            marker={"color": SEVERITY_COLOURS[sev]},
            hovertemplate=f"%{{x}}: exposure %{{y}} from {sev} risks<extra></extra>",
        )
        for sev in SEVERITIES
    ]
    layout = _layout(
        barmode="stack",
        height=360,
        xaxis={"automargin": True, "type": "category"},
        yaxis={"automargin": True, "title": {"text": "Total exposure (likelihood × impact)"}},
    )
    totals = [sum(s.values()) for s in sums]
    summary = (
        f"Total exposure of active risks went from {totals[0]} to {totals[-1]} over {len(history)} reports."
        if len(history) > 1
        else f"Total exposure of active risks: {totals[0]} from {counts[0]} risks."
    )
    rows = tuple(
        (p.label, *(str(s[sev]) for sev in SEVERITIES), str(t), str(n)) for p, s, t, n in zip(history, sums, totals, counts, strict=True)
    )
    return Chart(
        "risk-trend",
        _figure(traces, layout),
        "Risk exposure per report: the sum of likelihood × impact over active risks, by severity.",
        summary,
        ("Reported in", *(s.capitalize() for s in SEVERITIES), "Total", "Active risks"),
        rows,
    )
