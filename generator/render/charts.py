"""The status pages' charts, each a figure with a caption and a text alternative (figures.py)."""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter, defaultdict
from typing import Any

from generator.model.records import Sprint
from generator.model.status import Status
from generator.render import figures
from generator.render.figures import RAG, SERIES, Chart, chart_config, plain
from generator.render.i18n import N_, Language

ACTION_COLOURS = {"received": "#8d99ae", "planned": "#1f77b4", "done": "#2e7d32", "declined": "#b26a00"}
LIKELIHOOD = (N_("Rare"), N_("Unlikely"), N_("Possible"), N_("Likely"), N_("Almost certain"))
IMPACT = (N_("Negligible"), N_("Minor"), N_("Moderate"), N_("Major"), N_("Severe"))


def milestone_timeline(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    ms = sorted(status.milestones, key=lambda m: (m.baseline, m.id))
    labels = [plain(f"{m.id} {m.title}") for m in ms]
    line_x: list[Any] = []
    line_y: list[Any] = []
    for m, label in zip(ms, labels, strict=True):
        line_x += [m.baseline.isoformat(), m.expected.isoformat(), None]
        line_y += [label, label, None]
    open_ms = [(m, label) for m, label in zip(ms, labels, strict=True) if m.status != "done"]
    done_ms = [(m, label) for m, label in zip(ms, labels, strict=True) if m.status == "done"]
    # Dates in hover text are written by the core, in the site's language, like every other date.
    when = "%{customdata[0]}"
    slip = "%{customdata[1]}"
    traces = [
        figures.trace(
            "scatter", x=line_x, y=line_y, mode="lines", line={"color": "#9e9e9e", "width": 2}, hoverinfo="skip", showlegend=False
        ),
        figures.trace(
            "scatter",
            x=[m.baseline.isoformat() for m in ms],
            y=labels,
            mode="markers",
            name=_("Baseline"),
            marker={"symbol": "diamond-open", "size": 11, "color": "#6c757d", "line": {"width": 2}},
            customdata=[[lang.date(m.baseline)] for m in ms],
            hovertemplate="%{y}<br>" + _("Baseline %(date)s", date=when) + "<extra></extra>",
        ),
        figures.trace(
            "scatter",
            x=[m.forecast.isoformat() for m, _label in open_ms],
            y=[label for _m, label in open_ms],
            mode="markers",
            name=_("Forecast"),
            marker={"symbol": "circle", "size": 11, "color": "#1f77b4"},
            customdata=[[lang.date(m.forecast), lang.days(m.slip_days)] for m, _label in open_ms],
            hovertemplate="%{y}<br>" + _("Forecast %(date)s (%(slip)s)", date=when, slip=slip) + "<extra></extra>",
        ),
        figures.trace(
            "scatter",
            x=[m.expected.isoformat() for m, _label in done_ms],
            y=[label for _m, label in done_ms],
            mode="markers",
            name=_("Delivered"),
            marker={"symbol": "star", "size": 13, "color": RAG["green"]},
            customdata=[[lang.date(m.expected), lang.days(m.slip_days)] for m, _label in done_ms],
            hovertemplate="%{y}<br>" + _("Delivered %(date)s (%(slip)s)", date=when, slip=slip) + "<extra></extra>",
        ),
    ]
    as_of = status.project.as_of.isoformat()
    rule = {"type": "line", "xref": "x", "yref": "paper", "x0": as_of, "x1": as_of, "y0": 0, "y1": 1}
    layout = figures.layout(
        lang,
        height=max(260, 90 + 34 * len(ms)),
        yaxis={"automargin": True, "autorange": "reversed", "type": "category"},
        xaxis={"automargin": True, "type": "date"},
        shapes=[{**rule, "line": {"dash": "dot", "width": 1.5, "color": "#c62828"}}],
        annotations=[
            {"x": as_of, "y": 1, "xref": "x", "yref": "paper", "text": _("Status date"), "showarrow": False, "yanchor": "bottom",
             "font": {"size": 11}}
        ],
    )  # fmt: skip
    late = [m for m in ms if m.is_open and m.slip_days > 0]
    done = sum(m.status == "done" for m in ms)
    summary = lang.ngettext(
        "%(n)s milestone: %(done)s delivered, %(late)s open and forecast later than first promised.",
        "%(n)s milestones: %(done)s delivered, %(late)s open and forecast later than first promised.",
        len(ms),
        done=done,
        late=len(late),
    )
    rows = tuple((m.id, m.title, lang.date(m.baseline), lang.date(m.expected), lang.days(m.slip_days)) for m in ms)
    return Chart(
        "milestone-timeline",
        figures.figure(traces, layout),
        _("Each milestone's baseline (first promised), forecast and delivery dates; the dotted line is the status date."),
        summary,
        (_("Milestone"), _("Title"), _("Baseline"), _("Forecast or delivered"), _("Slip")),
        rows,
    )


def risk_heatmap(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    titles: dict[tuple[int, int], list[str]] = defaultdict(list)
    for r in status.active_risks:
        cells[(r.likelihood, r.impact)].append(r.id)
        titles[(r.likelihood, r.impact)].append(plain(f"{r.id} {r.title}"))
    likelihood = [f"{i} {_(n)}" for i, n in enumerate(LIKELIHOOD, 1)]
    impact = [f"{i} {_(n)}" for i, n in enumerate(IMPACT, 1)]
    z = [[lk * im for lk in range(1, 6)] for im in range(1, 6)]
    # Ids stack one per line and Plotly sizes the text to its cell, so crowded cells stay legible on a phone.
    text = [["<br>".join(cells.get((lk, im), [])) for lk in range(1, 6)] for im in range(1, 6)]
    hover = [
        [
            _("Likelihood %(likelihood)s × impact %(impact)s = %(exposure)s", likelihood=lk, impact=im, exposure=lk * im)
            + "<br>"
            + ("<br>".join(titles[(lk, im)]) or _("no active risk"))
            for lk in range(1, 6)
        ]
        for im in range(1, 6)
    ]
    trace = figures.trace(
        "heatmap",
        z=z,
        x=likelihood,
        y=impact,
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
    layout = figures.layout(
        lang,
        height=420,
        xaxis={"title": {"text": _("Likelihood")}, "automargin": True, "side": "bottom", "type": "category"},
        yaxis={"title": {"text": _("Impact")}, "automargin": True, "type": "category"},
    )
    counts = ", ".join(f"{n} {lang.label('risks.severity', s)}" for s, n in status.risks_by_severity().items())
    summary = lang.ngettext("%(n)s active risk: %(counts)s.", "%(n)s active risks: %(counts)s.", len(status.active_risks), counts=counts)
    rows = tuple((impact[im - 1], *(", ".join(cells.get((lk, im), [])) or "—" for lk in range(1, 6))) for im in range(5, 0, -1))
    return Chart(
        "risk-heatmap",
        figures.figure([trace], layout),
        _("Active risks placed by likelihood and impact; the colour shows exposure (likelihood × impact)."),
        summary,
        (_("Impact \\ likelihood"), *likelihood),
        rows,
    )


def _mean_ratings(status: Status, sprints: list[Sprint]) -> dict[tuple[int, str], float]:
    """Average rating per (sprint, segment), and per sprint over every segment (segment "")."""
    names = {s.id for s in sprints}
    by: dict[tuple[int, str], list[int]] = defaultdict(list)
    for f in status.feedback:
        if f.rating is not None and f.sprint in names:
            by[(f.sprint, f.segment)].append(f.rating)
            by[(f.sprint, "")].append(f.rating)
    return {key: round(statistics.fmean(ratings), 2) for key, ratings in by.items()}


def rating_trend(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    sprints = [s for s in status.sprints if s.state != "planned"]
    means = _mean_ratings(status, sprints)
    segments = [s for s in status.project.segments if any((sp.id, s.id) in means for sp in sprints)]
    x = [plain(s.name) for s in sprints]

    def mean(key: tuple[int, str]) -> float | None:
        return means.get(key)

    point = _("%(sprint)s: %(rating)s of 5", sprint="%{x}", rating="%{y:.2f}")
    traces = [
        figures.trace(
            "scatter",
            x=x,
            y=[mean((s.id, seg.id)) for s in sprints],
            name=plain(seg.name),
            mode="lines+markers",
            line={"color": SERIES[i % len(SERIES)], "width": 1.5},
            connectgaps=True,
            hovertemplate=f"%{{fullData.name}}<br>{point}<extra></extra>",
        )
        for i, seg in enumerate(segments)
    ]
    everyone = _("All segments")
    traces.append(
        figures.trace(
            "scatter",
            x=x,
            y=[mean((s.id, "")) for s in sprints],
            name=everyone,
            mode="lines+markers",
            line={"color": "#37474f", "width": 4, "dash": "solid"},
            marker={"size": 9, "symbol": "square"},
            hovertemplate=f"{everyone}<br>{point}<extra></extra>",
        )
    )
    axis = {"range": [0.8, 5.2], "title": {"text": _("Average rating (1-5)")}, "automargin": True, "dtick": 1}
    layout = figures.layout(lang, height=400, yaxis=axis)
    overall = [mean((s.id, "")) for s in sprints]
    known = [v for v in overall if v is not None]
    summary = (
        lang.ngettext(
            "Average rating went from %(first)s to %(last)s of 5 over %(n)s sprint.",
            "Average rating went from %(first)s to %(last)s of 5 over %(n)s sprints.",
            len(known),
            first=lang.number(known[0], 1),
            last=lang.number(known[-1], 1),
        )
        if len(known) >= 2
        else _("Not enough rated feedback yet to show a trend.")
    )
    rows = tuple((s.name, *(lang.number(mean((s.id, seg.id)), 1) for seg in segments), lang.number(mean((s.id, "")), 1)) for s in sprints)
    return Chart(
        "rating-trend",
        figures.figure(traces, layout),
        _("Average customer rating per sprint, by customer segment and overall."),
        summary,
        (_("Sprint"), *(seg.name for seg in segments), everyone),
        rows,
    )


def feedback_themes(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    counts: Counter[tuple[str, str]] = Counter((f.theme, f.action) for f in status.feedback)
    totals = Counter(f.theme for f in status.feedback)
    themes = [t for t, _n in sorted(totals.items(), key=lambda kv: (kv[1], kv[0]))]
    actions = {a: lang.label("feedback.action", a) for a in ACTION_COLOURS}
    traces = [
        figures.trace(
            "bar",
            y=[plain(t) for t in themes],
            x=[counts[(t, action)] for t in themes],
            name=actions[action].capitalize(),
            orientation="h",
            marker={"color": colour},
            hovertemplate=_("%(theme)s: %(count)s %(action)s", theme="%{y}", count="%{x}", action=actions[action]) + "<extra></extra>",
        )
        for action, colour in ACTION_COLOURS.items()
    ]
    axis = {"title": {"text": _("Pieces of feedback")}, "automargin": True}
    layout = figures.layout(lang, barmode="stack", height=max(260, 80 + 34 * len(themes)), xaxis=axis)
    top = themes[-1] if themes else None
    summary = (
        lang.ngettext(
            "%(n)s piece of feedback in %(themes)s themes; the most frequent is %(top)s.",
            "%(n)s pieces of feedback in %(themes)s themes; the most frequent is %(top)s.",
            len(status.feedback),
            themes=len(themes),
            top=top,
        )
        if top
        else _("No feedback yet.")
    )
    rows = tuple((t, *(str(counts[(t, a)]) for a in ACTION_COLOURS), str(totals[t])) for t in reversed(themes))
    return Chart(
        "feedback-themes",
        figures.figure(traces, layout),
        _("Feedback per theme, by what happened to it."),
        summary,
        (_("Theme"), *(a.capitalize() for a in actions.values()), _("Total")),
        rows,
    )


def velocity(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    sprints = [s for s in status.sprints if s.state != "planned"]
    x = [plain(s.name) for s in sprints]
    traces = [
        figures.trace(
            "bar",
            x=x,
            y=[s.committed for s in sprints],
            name=_("Committed"),
            marker={"color": "#8d99ae"},
            hovertemplate=_("%(sprint)s: %(points)s points committed", sprint="%{x}", points="%{y}") + "<extra></extra>",
        ),
        figures.trace(
            "bar",
            x=x,
            y=[s.completed or 0 for s in sprints],
            name=_("Completed"),
            marker={"color": "#1f77b4"},
            hovertemplate=_("%(sprint)s: %(points)s points completed", sprint="%{x}", points="%{y}") + "<extra></extra>",
        ),
    ]
    layout = figures.layout(lang, barmode="group", height=360, yaxis={"title": {"text": _("Story points")}, "automargin": True})
    closed = [s for s in sprints if s.state == "closed"]
    avg = statistics.fmean(s.completed or 0 for s in closed) if closed else 0
    summary = lang.ngettext(
        "Average velocity over %(n)s closed sprint: %(points)s points.",
        "Average velocity over %(n)s closed sprints: %(points)s points.",
        len(closed),
        points=lang.number(avg),
    )
    rows = tuple((s.name, str(s.committed), str(s.completed if s.completed is not None else "—")) for s in sprints)
    return Chart(
        "velocity",
        figures.figure(traces, layout),
        _("Story points committed and completed per sprint."),
        summary,
        (_("Sprint"), _("Committed"), _("Completed")),
        rows,
    )


def burnup(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    sprints = list(status.sprints)
    scope, done = [], []
    total_scope = total_done = 0
    for s in sprints:
        total_scope += s.committed
        total_done += s.completed or 0
        scope.append(total_scope)
        done.append(total_done if s.state != "planned" else None)
    x = [s.end.isoformat() for s in sprints]
    ends = [[lang.date(s.end)] for s in sprints]
    traces = [
        figures.trace(
            "scatter",
            x=x,
            y=scope,
            name=_("Planned scope"),
            mode="lines",
            line={"color": "#8d99ae", "dash": "dash", "width": 2},
            customdata=ends,
            hovertemplate=_("%(date)s: %(points)s points planned", date="%{customdata[0]}", points="%{y}") + "<extra></extra>",
        ),
        figures.trace(
            "scatter",
            x=x,
            y=done,
            name=_("Completed"),
            mode="lines+markers",
            line={"color": "#1f77b4", "width": 3},
            customdata=ends,
            hovertemplate=_("%(date)s: %(points)s points completed", date="%{customdata[0]}", points="%{y}") + "<extra></extra>",
        ),
    ]
    axis = {"title": {"text": _("Cumulative story points")}, "automargin": True}
    layout = figures.layout(lang, height=360, yaxis=axis, xaxis={"type": "date", "automargin": True})
    share = lang.percent(total_done / total_scope if total_scope else 0)
    summary = _("%(done)s of %(scope)s planned points completed (%(share)s).", done=total_done, scope=total_scope, share=share)
    rows = tuple((s.name, lang.date(s.end), str(a), "—" if b is None else str(b)) for s, a, b in zip(sprints, scope, done, strict=True))
    return Chart(
        "burnup",
        figures.figure(traces, layout),
        _("Cumulative points completed against the cumulative planned scope, sprint by sprint."),
        summary,
        (_("Sprint"), _("Ends"), _("Planned scope"), _("Completed")),
        rows,
    )


def all_charts(status: Status, lang: Language) -> dict[str, Chart]:
    """Every chart, drawn in `lang`: its labels, and plotly.js's locale for axes and toolbar."""
    config = chart_config(lang)
    charts = (milestone_timeline, risk_heatmap, rating_trend, feedback_themes, velocity, burnup)
    return {c.id: dataclasses.replace(c, config=config) for c in (make(status, lang) for make in charts)}
