"""The status pages' charts, each a figure with a caption and a text alternative (figures.py).

Data reaches a figure's hover text only through `customdata`, never inside a hover template: a
template is Plotly's own markup, and data must stay plain text (figures.plain).
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from generator.model.records import SEVERITIES, Milestone, severity
from generator.model.status import Status
from generator.render import figures
from generator.render.feedbackcharts import feedback_themes, rating_trend
from generator.render.figures import BLUE, CELL_TEXT, CELLS, GREEN, GREY, RED, Chart, chart_config, plain, shorten
from generator.render.i18n import N_, Language
from generator.render.terms import Terms

LIKELIHOOD = (N_("Rare"), N_("Unlikely"), N_("Possible"), N_("Likely"), N_("Almost certain"))
IMPACT = (N_("Negligible"), N_("Minor"), N_("Moderate"), N_("Major"), N_("Severe"))
LABEL = 42  # columns of a milestone's or a theme's label beside a wide chart's axis
LABEL_NARROW = 46  # columns of a label written above its row on a phone
IDS_IN_CELL = 3  # risk ids written in one heat-map cell; more are counted instead


# Which marks draw a milestone in the timeline, by where it stands (Milestone.state).
MARKS = {"cancelled": "cancelled", "delivered": "delivered", "overdue": "late", "late": "late", "early": "forecast", "on_time": "forecast"}


def _milestone_note(m: Milestone, lang: Language) -> str:
    """The words after a milestone's date in its hover text and data table: its slip in the
    milestone tables' words."""
    if m.state == "cancelled":
        return lang.label("milestones.status", "cancelled")
    if m.state == "overdue":
        return lang.gettext("%(slip)s; the forecast date has passed", slip=lang.slip(m.slip))
    return lang.slip(m.slip)


def _milestone_label(m: Milestone, state: str, lang: Language) -> Callable[[int | None], str]:
    """A milestone's id and title as plain text, cut to a number of columns (or whole for None);
    a cancelled milestone's says so whatever is cut."""
    template = lang.gettext("%(milestone)s (cancelled)") if state == "cancelled" else "%(milestone)s"
    extra = figures.columns(template % {"milestone": ""})

    def label(width: int | None) -> str:
        name = f"{m.id} {m.title}"
        return template % {"milestone": plain(name) if width is None else shorten(name, width - extra)}

    return label


def milestone_timeline(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    if not status.milestones:
        return figures.empty("milestone-timeline", _("No milestones are published yet."))
    as_of = status.project.as_of
    ms = sorted(status.milestones, key=lambda m: (m.baseline, m.id))
    states = {m.id: MARKS[m.state] for m in ms}
    names = {m.id: _milestone_label(m, states[m.id], lang) for m in ms}
    notes = {m.id: _milestone_note(m, lang) for m in ms}
    line_x: list[Any] = []
    line_y: list[Any] = []
    for m in ms:
        if states[m.id] != "cancelled":
            line_x += [m.baseline.isoformat(), m.expected.isoformat(), None]
            line_y += [m.id, m.id, None]

    def marks(state: str, name: str, template: str, marker: dict[str, Any]) -> dict[str, Any]:
        chosen = [m for m in ms if states[m.id] == state]
        return figures.trace(
            "scatter",
            x=[m.expected.isoformat() for m in chosen],
            y=[m.id for m in chosen],
            mode="markers",
            name=name,
            marker=marker,
            customdata=[[lang.date(m.expected), names[m.id](None), plain(notes[m.id])] for m in chosen],
            hovertemplate="%{customdata[1]}<br>" + template + "<extra></extra>",
        )

    # Dates in hover text are written by the core, in the site's language, like every other date.
    when, note = "%{customdata[0]}", "%{customdata[2]}"
    traces = [
        figures.trace("scatter", x=line_x, y=line_y, mode="lines", line={"color": GREY, "width": 2}, hoverinfo="skip", showlegend=False),
        figures.trace(
            "scatter",
            x=[m.baseline.isoformat() for m in ms],
            y=[m.id for m in ms],
            mode="markers",
            name=_("Baseline"),
            marker={"symbol": "diamond-open", "size": 11, "color": GREY, "line": {"width": 2}},
            customdata=[[lang.date(m.baseline), names[m.id](None)] for m in ms],
            hovertemplate="%{customdata[1]}<br>" + _("Baseline %(date)s", date=when) + "<extra></extra>",
        ),
        marks(
            "forecast",
            _("Forecast"),
            _("Forecast %(date)s (%(slip)s)", date=when, slip=note),
            {"symbol": "circle", "size": 11, "color": BLUE},
        ),
        marks("late", _("Late"), _("Forecast %(date)s (%(slip)s)", date=when, slip=note), {"symbol": "circle", "size": 11, "color": RED}),
        marks(
            "delivered",
            _("Delivered"),
            _("Delivered %(date)s (%(slip)s)", date=when, slip=note),
            {"symbol": "star", "size": 13, "color": GREEN},
        ),
        marks("cancelled", lang.label("milestones.status", "cancelled").capitalize(), note, {"symbol": "x", "size": 11, "color": GREY}),
    ]
    traces = [t for t in traces if t["x"]]
    rule = {"type": "line", "xref": "x", "yref": "paper", "x0": as_of.isoformat(), "x1": as_of.isoformat(), "y0": 0, "y1": 1}
    status_date = {**rule, "line": {"dash": "dot", "width": 1.5, "color": RED}, "showlegend": True, "name": _("Status date")}
    ids = [m.id for m in ms]  # in this order, whichever trace names a milestone first
    yaxis = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": ids,
        "autorange": "reversed",
        "tickmode": "array",
        "tickvals": ids,
    }
    layout = figures.layout(
        lang,
        height=110 + 34 * len(ms),
        yaxis={**yaxis, "ticktext": [names[m.id](LABEL) for m in ms]},
        xaxis={"type": "date", "nticks": 6, "tickangle": 0},
        shapes=[status_date],
    )
    # On a phone each milestone's name is written above its row, across the chart's whole width.
    above = [
        {"x": 0, "xref": "paper", "xanchor": "left", "y": m.id, "yref": "y", "yanchor": "bottom", "yshift": 6,
         "text": names[m.id](LABEL_NARROW), "showarrow": False, "align": "left"}
        for m in ms
    ]  # fmt: skip
    narrow = figures.narrow(height=110 + 52 * len(ms), yaxis={"showticklabels": False}, xaxis={"nticks": 4}, annotations=above)
    late = sum(s == "late" for s in states.values())
    summary = lang.ngettext(
        "%(n)s milestone: %(done)s delivered, %(late)s open and forecast later than first promised.",
        "%(n)s milestones: %(done)s delivered, %(late)s open and forecast later than first promised.",
        len(ms),
        done=sum(s == "delivered" for s in states.values()),
        late=late,
    )
    if cancelled := sum(s == "cancelled" for s in states.values()):
        summary += " " + lang.ngettext("%(n)s milestone was cancelled.", "%(n)s milestones were cancelled.", cancelled)
    rows = tuple((m.id, m.title, lang.date(m.baseline), lang.date(m.expected), notes[m.id]) for m in ms)
    return Chart(
        "milestone-timeline",
        figures.figure(traces, layout),
        _("Each milestone's baseline (first promised), forecast and delivery dates; the dotted line is the status date."),
        summary,
        (_("Milestone"), _("Title"), _("Baseline"), _("Forecast or delivered"), _("Slip")),
        rows,
        narrow=narrow,
    )


def _cell_text(ids: list[str], lang: Language, lines: int = IDS_IN_CELL) -> str:
    """The ids written in a heat-map cell, one a line; past `lines`, the rest are counted (on a
    phone's narrow cells, as a bare "+n")."""
    if len(ids) > lines:
        rest = len(ids) - lines + 1
        more = lang.gettext("+%(n)s more", n=rest) if lines == IDS_IN_CELL else "+" + lang.number(rest)
        ids = [*ids[: lines - 1], more]
    return "<br>".join(plain(i) for i in ids)


def _grid(cell: Callable[[int, int], Any]) -> list[list[Any]]:
    """A value for each heat-map cell, from `cell(likelihood, impact)`: rows by impact, 1 first."""
    return [[cell(lk, im) for lk in range(1, 6)] for im in range(1, 6)]


def _cell_hover(lk: int, im: int, titles: list[str], lang: Language) -> str:
    score = lang.gettext("Likelihood %(likelihood)s × impact %(impact)s = %(exposure)s", likelihood=lk, impact=im, exposure=lk * im)
    return score + "<br>" + ("<br>".join(titles) or lang.gettext("no active risk"))


def risk_heatmap(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    if not status.active_risks:
        return figures.empty("risk-heatmap", _("There are no active risks."))
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    titles: dict[tuple[int, int], list[str]] = defaultdict(list)
    for r in status.active_risks:
        cells[(r.likelihood, r.impact)].append(r.id)
        titles[(r.likelihood, r.impact)].append(plain(f"{r.id} {r.title}"))
    likelihood = [f"{i} {_(n)}" for i, n in enumerate(LIKELIHOOD, 1)]
    impact = [f"{i} {_(n)}" for i, n in enumerate(IMPACT, 1)]
    # Each cell is coloured by its severity band (figures.CELLS), so its label's colour is chosen for that band.
    bands = tuple(reversed(SEVERITIES))
    z = _grid(lambda lk, im: bands.index(severity(lk * im)))
    scale = [[stop, CELLS[band]] for i, band in enumerate(bands) for stop in (i / len(bands), (i + 1) / len(bands))]
    text = _grid(lambda lk, im: _cell_text(cells[(lk, im)], lang))
    hover = _grid(lambda lk, im: _cell_hover(lk, im, titles[(lk, im)], lang))
    trace = figures.trace(
        "heatmap",
        z=z,
        zmin=-0.5,
        zmax=len(bands) - 0.5,
        x=likelihood,
        y=impact,
        text=text,
        texttemplate="%{text}",
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        colorscale=scale,
        showscale=False,
        xgap=3,
        ygap=3,
        textfont={"color": CELL_TEXT, "size": 12},
    )
    axis = {"type": "category", "tickmode": "array", "tickangle": 0}
    layout = figures.layout(
        lang,
        height=420,
        xaxis={**axis, "title": {"text": _("Likelihood")}, "tickvals": likelihood, "ticktext": likelihood},
        yaxis={**axis, "title": {"text": _("Impact")}, "tickvals": impact, "ticktext": impact},
    )
    # On a phone the likelihoods are written a word a line, under their columns.
    narrow = figures.narrow(height=400, xaxis={"ticktext": [figures.wrap(label, 1) for label in likelihood]})
    narrow_text = _grid(lambda lk, im: _cell_text(cells[(lk, im)], lang, 2))
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
        narrow=narrow,
        narrow_traces=({"text": narrow_text},),
    )


def velocity(status: Status, lang: Language) -> Chart:
    """Work committed and completed, sprint by sprint, in the project's unit of work."""
    _, terms = lang.gettext, Terms.of(status.project, lang)
    sprints = [s for s in status.sprints if s.state != "planned"]
    closed = [s for s in sprints if s.state == "closed"]
    if not closed:
        return figures.empty(
            "velocity", _("No %(iteration)s has closed yet: the work done shows from the first closed one on.", iteration=terms.one)
        )
    x = [str(s.id) for s in sprints]
    names = figures.sprint_names(terms, sprints)
    # Counts written out here, in the project's unit and with their plurals; hover text only places them.
    committed = [[name, terms.units(s.committed)] for name, s in zip(names, sprints, strict=True)]
    completed = [[name, terms.units(s.completed or 0)] for name, s in zip(names, sprints, strict=True)]
    traces = [
        figures.trace(
            "bar",
            x=x,
            y=[s.committed for s in sprints],
            name=_("Committed"),
            marker={"color": GREY},
            customdata=committed,
            hovertemplate=_("%(sprint)s: %(work)s committed", sprint="%{customdata[0]}", work="%{customdata[1]}") + "<extra></extra>",
        ),
        figures.trace(
            "bar",
            x=x,
            y=[s.completed or 0 for s in sprints],
            name=_("Completed"),
            marker={"color": BLUE},
            customdata=completed,
            hovertemplate=_("%(sprint)s: %(work)s completed", sprint="%{customdata[0]}", work="%{customdata[1]}") + "<extra></extra>",
        ),
    ]
    layout = figures.layout(
        lang, barmode="group", height=360, yaxis={"title": {"text": terms.unit_label}}, xaxis=figures.sprint_axis(terms)
    )
    narrow = figures.narrow(xaxis={"nticks": 9})
    avg = statistics.fmean(s.completed or 0 for s in closed)
    summary = lang.ngettext(
        "%(n)s closed %(word)s: %(work)s completed.",
        "%(n)s closed %(word)s: %(work)s completed in each, on average.",
        len(closed),
        work=terms.units(round(avg, 1)),
        word=terms.one if len(closed) == 1 else terms.many,  # the iteration word for that count
    )
    rows = tuple((terms.title(s), str(s.committed), str(s.completed if s.completed is not None else "—")) for s in sprints)
    return Chart(
        "velocity",
        figures.figure(traces, layout),
        _("%(units)s committed and completed in each %(iteration)s.", units=terms.unit_label, iteration=terms.one),
        summary,
        (terms.capital, _("Committed"), _("Completed")),
        rows,
        narrow=narrow,
    )


def burnup(status: Status, lang: Language) -> Chart:
    """Work completed against the planned scope, each added up sprint by sprint."""
    _, terms = lang.gettext, Terms.of(status.project, lang)
    sprints = list(status.sprints)
    if not sprints:
        return figures.empty("burnup", _("No %(iterations)s are planned yet.", iterations=terms.many))
    scope, done = [], []
    total_scope = total_done = 0
    for s in sprints:
        total_scope += s.committed
        total_done += s.completed or 0
        scope.append(total_scope)
        done.append(total_done if s.state != "planned" else None)
    x = [s.end.isoformat() for s in sprints]
    planned = [[lang.date(s.end), terms.units(n)] for s, n in zip(sprints, scope, strict=True)]
    completed = [[lang.date(s.end), "" if n is None else terms.units(n)] for s, n in zip(sprints, done, strict=True)]
    traces = [
        figures.trace(
            "scatter",
            x=x,
            y=scope,
            name=_("Planned scope"),
            mode="lines",
            line={"color": GREY, "dash": "dash", "width": 2},
            customdata=planned,
            hovertemplate=_("%(date)s: %(work)s planned", date="%{customdata[0]}", work="%{customdata[1]}") + "<extra></extra>",
        ),
        figures.trace(
            "scatter",
            x=x,
            y=done,
            name=_("Completed"),
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            marker={"color": BLUE},
            customdata=completed,
            hovertemplate=_("%(date)s: %(work)s completed", date="%{customdata[0]}", work="%{customdata[1]}") + "<extra></extra>",
        ),
    ]
    axis = {"title": {"text": _("%(units)s, added up", units=terms.unit_label)}}
    layout = figures.layout(lang, height=360, yaxis=axis, xaxis={"type": "date", "nticks": 6, "tickangle": 0})
    narrow = figures.narrow(xaxis={"nticks": 4})
    share = lang.percent(total_done / total_scope if total_scope else 0)
    summary = _(
        "Completed %(done)s of the %(scope)s planned (%(share)s).",
        done=lang.number(total_done),
        scope=terms.units(total_scope),
        share=share,
    )
    rows = tuple(
        (terms.title(s), lang.date(s.end), str(a), "—" if b is None else str(b)) for s, a, b in zip(sprints, scope, done, strict=True)
    )
    return Chart(
        "burnup",
        figures.figure(traces, layout),
        _("Work completed against the work planned, each added up %(iteration)s by %(iteration)s.", iteration=terms.one),
        summary,
        (terms.capital, _("Ends"), _("Planned scope"), _("Completed")),
        rows,
        narrow=narrow,
    )


def all_charts(status: Status, lang: Language) -> dict[str, Chart]:
    """Every chart, drawn in `lang`: its labels, and plotly.js's locale for axes and toolbar."""
    config = chart_config(lang)
    charts = (milestone_timeline, risk_heatmap, rating_trend, feedback_themes, velocity, burnup)
    return {c.id: dataclasses.replace(c, config=config) for c in (make(status, lang) for make in charts)}
