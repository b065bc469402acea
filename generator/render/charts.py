"""The status pages' charts, each a figure with a caption and a text alternative (figures.py); the
risk heat map is a table of its own (heatmap.py).

Data reaches a figure's hover text only through `customdata`, never inside a hover template: a
template is Plotly's own markup, and data must stay plain text (figures.plain).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from generator.forecast.simulate import Forecast
from generator.model.records import Milestone
from generator.model.status import Status
from generator.render import figures
from generator.render.feedbackcharts import feedback_themes, rating_trend
from generator.render.figures import BLUE, GREEN, GREY, RED, Chart, chart_config, plain, shorten
from generator.render.i18n import Language
from generator.render.sprintcharts import burnup, velocity

LABEL = 42  # columns of a milestone's or a theme's label beside a wide chart's axis
LABEL_NARROW = 46  # columns of a label written above its row on a phone
# Milestones the timeline draws at most: a row each, 34 px high (52 on a phone). Past it, the chart
# would be metres long on a phone and no reader would take it in; it keeps what the reader comes
# for (what is open, what was just delivered) and the table of all milestones below lists every one.
TIMELINE_MOST = 40


# Which marks draw a milestone in the timeline, by where it stands (Milestone.state).
MARKS = {"cancelled": "cancelled", "delivered": "delivered", "overdue": "late", "late": "late", "early": "forecast", "on_time": "forecast"}


def _milestone_note(m: Milestone, lang: Language) -> str:
    """The words after a milestone's date in its hover text and data table: its slip in the
    milestone tables' words."""
    if m.state == "cancelled":
        return lang.label("milestones.status", "cancelled")
    if m.when_withheld:
        return ""
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


def _timeline_lines(ms: list[Milestone], states: dict[str, str]) -> tuple[list[Any], list[Any]]:
    """The line from each milestone's baseline to when it is expected: none for one cancelled, or
    delivered on a date this audience may not see."""
    line_x: list[Any] = []
    line_y: list[Any] = []
    for m in ms:
        if states[m.id] != "cancelled" and not m.when_withheld:
            line_x += [m.baseline.isoformat(), m.expected.isoformat(), None]
            line_y += [m.id, m.id, None]
    return line_x, line_y


def _with_chance(note: str, m: Milestone, outlook: Forecast | None, lang: Language) -> str:
    """A milestone's note, with the chance its delivery forecast gives it of meeting its forecast date."""
    chance = outlook.chance(m) if outlook is not None else None
    if chance is None:
        return note
    return lang.gettext("%(note)s; %(chance)s chance of meeting its forecast date", note=note, chance=lang.percent(chance))


def drawn_milestones(milestones: Sequence[Milestone], most: int | None = None) -> list[Milestone]:
    """The milestones the timeline draws, in its order (by baseline): all of them, or past `most`
    (TIMELINE_MOST unless given), the open ones due soonest and then the latest delivered or cancelled."""
    most = TIMELINE_MOST if most is None else most
    chosen = list(milestones)
    if len(chosen) > most:
        open_ = sorted((m for m in chosen if m.is_open), key=lambda m: (m.expected, m.id))[:most]
        closed = sorted((m for m in chosen if not m.is_open), key=lambda m: (m.expected, m.id), reverse=True)
        chosen = open_ + closed[: most - len(open_)]
    return sorted(chosen, key=lambda m: (m.baseline, m.id))


def milestone_timeline(status: Status, lang: Language, outlook: Forecast | None = None) -> Chart:
    _ = lang.gettext
    if not status.milestones:
        return figures.empty("milestone-timeline", _("No milestones are published yet."))
    as_of = status.project.as_of
    every = status.milestones
    ms = drawn_milestones(every)
    states = {m.id: MARKS[m.state] for m in ms}
    names = {m.id: _milestone_label(m, states[m.id], lang) for m in ms}
    notes = {m.id: _with_chance(_milestone_note(m, lang), m, outlook, lang) for m in ms}
    line_x, line_y = _timeline_lines(ms, states)

    def marks(state: str, name: str, template: str, marker: dict[str, Any]) -> dict[str, Any]:
        # A delivery on a date this audience may not see is drawn nowhere: its baseline stands alone.
        chosen = [m for m in ms if states[m.id] == state and not m.when_withheld]
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
    # The summary counts every milestone, drawn or not.
    marked = [MARKS[m.state] for m in every]
    summary = lang.ngettext(
        "%(n)s milestone: %(done)s delivered, %(late)s open and forecast later than first promised.",
        "%(n)s milestones: %(done)s delivered, %(late)s open and forecast later than first promised.",
        len(every),
        done=marked.count("delivered"),
        late=marked.count("late"),
    )
    if cancelled := marked.count("cancelled"):
        summary += " " + lang.ngettext("%(n)s milestone was cancelled.", "%(n)s milestones were cancelled.", cancelled)
    caption = _("Each milestone's baseline (first promised), forecast and delivery dates; the dotted line is the status date.")
    if len(ms) < len(every):
        caption += " " + _(
            "It draws %(shown)s of the %(n)s milestones: the open ones due soonest, then the latest delivered or cancelled; "
            "the table of all milestones below lists every one.",
            shown=lang.number(len(ms)),
            n=lang.number(len(every)),
        )
    rows = tuple((m.id, m.title, lang.date(m.baseline), "" if m.when_withheld else lang.date(m.expected), notes[m.id]) for m in ms)
    return Chart(
        "milestone-timeline",
        figures.figure(traces, layout),
        caption,
        summary,
        (_("Milestone"), _("Title"), _("Baseline"), _("Forecast or delivered"), _("Slip")),
        rows,
        narrow=narrow,
    )


def all_charts(status: Status, lang: Language, outlook: Forecast | None = None) -> dict[str, Chart]:
    """Every chart, drawn in `lang`: its labels, and plotly.js's locale for axes and toolbar; the
    burn-up with the forecast cone of `outlook`."""
    config = chart_config(lang)
    charts = (rating_trend, feedback_themes, velocity)
    made = [milestone_timeline(status, lang, outlook), *(make(status, lang) for make in charts), burnup(status, lang, outlook)]
    return {c.id: dataclasses.replace(c, config=config) for c in made}
