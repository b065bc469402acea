"""Trend charts over the published snapshots: milestone trend analysis and risk exposure per sprint.

Each point is what a snapshot's status.json said at the time, so the charts show how forecasts
moved as they were reported, not as they are remembered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from generator.history.compare import expected_date, records
from generator.history.edition import Snapshot
from generator.model.records import SEVERITIES
from generator.render import figures
from generator.render.figures import SERIES, Chart, plain
from generator.render.i18n import Language

SEVERITY_COLOURS = {"critical": "#c62828", "high": "#ef6c00", "medium": "#f9a825", "low": "#7cb342"}


def milestone_trend(history: Sequence[Snapshot], lang: Language) -> Chart:
    """Each open or recently delivered milestone's expected date, as reported snapshot by snapshot."""
    _ = lang.gettext
    labels = [plain(p.label) for p in history]
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
        figures.trace(
            "scatter",
            x=labels,
            y=series[mid],
            name=plain(mid),
            mode="lines+markers",
            line={"color": SERIES[i % len(SERIES)], "width": 2},
            connectgaps=False,
            customdata=[plain(f"{mid} {title}")] * len(history),
            hovertemplate=f"%{{customdata}}<br>%{{x}}: %{{y|{lang.d3_date('yMMMd')}}}<extra></extra>",
        )
        for i, (mid, title) in enumerate(ids.items())
    ]
    layout = figures.layout(
        lang,
        height=max(360, 120 + 22 * len(ids)),
        xaxis={"automargin": True, "type": "category", "title": {"text": _("Reported in")}},
        yaxis={"automargin": True, "type": "date", "title": {"text": _("Expected date")}},
        legend={"orientation": "v"},
    )
    drifted = [mid for mid, row in series.items() if len({d for d in row if d}) > 1]
    summary = _(
        "%(milestones)s milestones over %(reports)s reports; %(moved)s moved at least once%(which)s.",
        milestones=len(ids),
        reports=len(history),
        moved=len(drifted),
        which=f" ({', '.join(drifted)})" if drifted else "",
    )
    rows = tuple((p.label, *(lang.date(_iso(series[mid][i])) for mid in ids)) for i, p in enumerate(history))
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
    )


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def risk_trend(history: Sequence[Snapshot], lang: Language) -> Chart:
    """Total exposure of active risks per report, stacked by severity."""
    _ = lang.gettext
    labels = [plain(p.label) for p in history]
    sums = [{s: 0 for s in SEVERITIES} for _ in history]
    counts = [0 for _ in history]
    for i, p in enumerate(history):
        for r in records(p.doc, "risks"):
            severity, exposure = r.get("severity"), r.get("exposure")
            if severity in sums[i] and isinstance(exposure, int):
                sums[i][severity] += exposure
                counts[i] += 1
    traces = [
        figures.trace(
            "bar",
            x=labels,
            y=[s[sev] for s in sums],
            name=plain(lang.label("risks.severity", sev)),
            marker={"color": SEVERITY_COLOURS[sev]},
            hovertemplate="%{x}: "
            + _("exposure %(value)s", value="%{y}")
            + f" ({plain(lang.label('risks.severity', sev))})<extra></extra>",
        )
        for sev in SEVERITIES
    ]
    layout = figures.layout(
        lang,
        barmode="stack",
        height=360,
        xaxis={"automargin": True, "type": "category"},
        yaxis={"automargin": True, "title": {"text": _("Total exposure (likelihood × impact)")}},
    )
    totals = [sum(s.values()) for s in sums]
    summary = (
        _(
            "Total exposure of active risks went from %(first)s to %(last)s over %(n)s reports.",
            first=totals[0],
            last=totals[-1],
            n=len(history),
        )
        if len(history) > 1
        else _("Total exposure of active risks: %(total)s from %(n)s risks.", total=totals[0], n=counts[0])
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
    )
