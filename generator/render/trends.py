"""Trend charts over the published snapshots: milestone trend analysis and risk exposure per sprint.

Each point is what a snapshot's status.json said at the time, so the charts show how forecasts
moved as they were reported, not as they are remembered. A trend needs two reports: with only
this one, its place says that the trend starts with the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from generator.history.compare import expected_date
from generator.history.edition import Snapshot
from generator.model.records import SEVERITIES
from generator.render import figures
from generator.render.figures import SEVERITY, Chart, plain, shorten
from generator.render.terms import Terms

LEGEND = 30  # columns of a milestone's id and title in the legend


def _report_axis(history: Sequence[Snapshot], terms: Terms) -> tuple[list[str], list[list[str]], dict[str, Any]]:
    """Reports along an axis: each written as its sprint's number (names would not fit side by
    side), with its full name for hover text; and the axis."""
    x = [str(p.sprint) if p.sprint is not None else shorten(p.label, 12) for p in history]
    names = [[plain(terms.named(p.sprint, p.label) if p.sprint is not None else p.label)] for p in history]
    axis = {"type": "category", "tickangle": 0, "title": {"text": terms.lang.gettext("Reported in %(iteration)s", iteration=terms.one)}}
    return x, names, axis


def milestone_trend(history: Sequence[Snapshot], terms: Terms) -> Chart:
    """Each open or recently delivered milestone's expected date, as reported snapshot by snapshot."""
    lang = terms.lang
    _ = lang.gettext
    if len(history) < 2:
        return figures.empty("milestone-trend", _("The milestone trend starts with the next report: this is the first."))
    x, names, axis = _report_axis(history, terms)
    ids: dict[str, str] = {}
    for p in history:
        for m in p.doc.get("milestones", []):
            # Series in order of first report, each titled as last reported: a title changed since
            # (a code name taken out, say) is not shown again by every build that follows.
            ids[m["id"]] = m["title"]
    series: dict[str, list[dt.date | None]] = {}
    for mid in ids:
        row = []
        for p in history:
            found = [m for m in p.doc.get("milestones", []) if m["id"] == mid]
            row.append(expected_date(found[0]) if found else None)
        series[mid] = row
    traces = [
        figures.trace(
            "scatter",
            x=x,
            y=[d.isoformat() if d else None for d in series[mid]],
            name=shorten(f"{mid} {title}", LEGEND),
            mode="lines+markers",
            connectgaps=False,
            customdata=[[name, plain(f"{mid} {title}"), lang.date(d)] for (name,), d in zip(names, series[mid], strict=True)],
            hovertemplate="%{customdata[1]}<br>%{customdata[0]}: %{customdata[2]}<extra></extra>",
            **figures.series_style(i),
        )
        for i, (mid, title) in enumerate(ids.items())
    ]
    layout = figures.layout(
        lang,
        height=max(360, 260 + 8 * len(ids)),
        xaxis=axis,
        yaxis={"type": "date", "title": {"text": _("Expected date")}, "nticks": 8},
    )
    narrow = figures.narrow(height=320 + 20 * len(ids), xaxis={"nticks": 9}, yaxis={"nticks": 6})
    drifted = [mid for mid, row in series.items() if len({d for d in row if d}) > 1]
    summary = _(
        "%(milestones)s milestones over %(reports)s reports; %(moved)s moved at least once%(which)s.",
        milestones=len(ids),
        reports=len(history),
        moved=len(drifted),
        which=f" ({', '.join(drifted)})" if drifted else "",
    )
    rows = tuple((p.label, *(lang.date(series[mid][i]) for mid in ids)) for i, p in enumerate(history))
    return Chart(
        "milestone-trend",
        figures.figure(traces, layout),
        _(
            "Milestone trend analysis: each milestone's expected date as it was reported, report by report. "
            "A flat line holds its date; a rising line slips."
        ),
        summary,
        (_("Reported in"), *ids),
        rows,
        narrow=narrow,
    )


def risk_trend(history: Sequence[Snapshot], terms: Terms) -> Chart:
    """Total exposure of active risks per report, stacked by severity."""
    lang = terms.lang
    _ = lang.gettext
    if len(history) < 2:
        return figures.empty("risk-trend", _("The risk trend starts with the next report: this is the first."))
    x, names, axis = _report_axis(history, terms)
    sums = [{s: 0 for s in SEVERITIES} for _ in history]
    counts = [0 for _ in history]
    for i, p in enumerate(history):
        for r in p.doc.get("risks", []):
            sums[i][r["severity"]] += r["exposure"]
            counts[i] += 1
    traces = [
        figures.trace(
            "bar",
            x=x,
            y=[s[sev] for s in sums],
            name=plain(lang.label("risks.severity", sev).capitalize()),
            marker={"color": SEVERITY[sev]},
            customdata=names,
            hovertemplate="%{customdata[0]}: "
            + _("exposure %(value)s", value="%{y}")
            + f" ({plain(lang.label('risks.severity', sev))})<extra></extra>",
        )
        for sev in SEVERITIES
    ]
    layout = figures.layout(
        lang,
        barmode="stack",
        height=360,
        xaxis=axis,
        yaxis={"title": {"text": _("Total exposure (likelihood × impact)")}},
    )
    narrow = figures.narrow(xaxis={"nticks": 9})
    totals = [sum(s.values()) for s in sums]
    summary = _(
        "Total exposure of active risks went from %(first)s to %(last)s over %(n)s reports.",
        first=totals[0],
        last=totals[-1],
        n=len(history),
    )
    rows = tuple(
        (p.label, *(str(s[sev]) for sev in SEVERITIES), str(t), str(n)) for p, s, t, n in zip(history, sums, totals, counts, strict=True)
    )
    return Chart(
        "risk-trend",
        figures.figure(traces, layout),
        _("Risk exposure per report: the sum of likelihood × impact over active risks, by severity."),
        summary,
        (_("Reported in"), *(lang.label("risks.severity", s) for s in SEVERITIES), _("Total"), _("Active risks")),
        rows,
        narrow=narrow,
    )
