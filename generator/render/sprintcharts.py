"""The sprints' charts: the work committed and completed in each, and added up over the project.

A sprint whose completed work an audience may not see is a gap in them, never a sprint in which
nothing was done, and no total or average counts it as one."""

from __future__ import annotations

import datetime as dt
import statistics

from generator.forecast.simulate import Forecast
from generator.model.records import Sprint
from generator.model.status import Status
from generator.render import figures
from generator.render.figures import BLUE, GREY, SERIES, Chart
from generator.render.i18n import Language
from generator.render.terms import Terms


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
    # A count this audience may not see is left a gap, never drawn as nothing done.
    shown = [None if "completed" in s.withheld else s.completed or 0 for s in sprints]
    completed = [[name, "" if n is None else terms.units(n)] for name, n in zip(names, shown, strict=True)]
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
            y=shown,
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
    summary = _velocity_summary(closed, terms, lang)
    rows = tuple(
        (terms.title(s), str(s.committed), "" if n is None else str(s.completed if s.completed is not None else "—"))
        for s, n in zip(sprints, shown, strict=True)
    )
    return Chart(
        "velocity",
        figures.figure(traces, layout),
        _("%(units)s committed and completed in each %(iteration)s.", units=terms.unit_label, iteration=terms.one),
        summary,
        (terms.capital, _("Committed"), _("Completed")),
        rows,
        narrow=narrow,
    )


def _velocity_summary(closed: list[Sprint], terms: Terms, lang: Language) -> str:
    """The work completed in each closed sprint on average, of those whose count is published."""
    counted = [s for s in closed if "completed" not in s.withheld]
    if not counted:
        return lang.gettext("The work completed in each %(iteration)s is not published.", iteration=terms.one)
    work = terms.units(round(statistics.fmean(s.completed or 0 for s in counted), 1))
    word = terms.one if len(counted) == 1 else terms.many  # the iteration word for that count
    if len(counted) < len(closed):
        return lang.ngettext(
            "%(n)s closed %(word)s with the work done published: %(work)s completed.",
            "%(n)s closed %(word)s with the work done published: %(work)s completed in each, on average.",
            len(counted),
            work=work,
            word=word,
        )
    return lang.ngettext(
        "%(n)s closed %(word)s: %(work)s completed.",
        "%(n)s closed %(word)s: %(work)s completed in each, on average.",
        len(counted),
        work=work,
        word=word,
    )


def _cone_span(status: Status, outlook: Forecast | None) -> tuple[dt.date, float, float, list[dt.date]] | None:
    """Where the cone starts (the last closed sprint's end, the work completed by then), the work
    it reaches, and the 50, 85 and 95 % dates; None without a forecast whose dates are all in sight."""
    whole = outlook.whole if outlook and outlook.standing != "none" and not outlook.stalled else None
    closed = [s for s in status.sprints if s.state == "closed"]
    scope = sum(m.scope or 0 for m in status.milestones if m.is_open)
    if whole is None or not closed or not scope or any("completed" in s.withheld for s in closed):
        return None
    dates = [d for d in (whole.dates[p] for p in (50, 85, 95)) if d is not None]
    if len(dates) < 3:
        return None
    done = sum(s.completed or 0 for s in closed)
    return closed[-1].end, done, done + scope, dates


def _cone(status: Status, lang: Language, outlook: Forecast | None) -> tuple[list[dict[str, object]], list[tuple[str, ...]]]:
    """The forecast cone: from the work completed by the last closed sprint to the open public
    milestones' scope on top of it, reached by the 50 % date at the earliest and the 95 % date at
    the latest; and its rows for the data table. Nothing without a forecast that finishes."""
    _, terms = lang.gettext, Terms.of(status.project, lang)
    span = _cone_span(status, outlook)
    if span is None:
        return [], []
    start, done, target, dates = span
    d50, d85, d95 = (d.isoformat() for d in dates)
    colour = SERIES[1]
    said = [[lang.date(d), terms.units(target)] for d in dates]
    traces: list[dict[str, object]] = [
        figures.trace(
            "scatter",
            x=[start.isoformat(), d50, d95, start.isoformat()],
            y=[done, target, target, done],
            name=_("Forecast, 50 to 95%"),
            mode="lines",
            fill="toself",
            fillcolor=colour,
            opacity=0.3,
            line={"color": colour, "width": 1},
            hoverinfo="skip",
        ),
        figures.trace(
            "scatter",
            x=[start.isoformat(), d85],
            y=[done, target],
            name=_("Forecast, 85%"),
            mode="lines+markers",
            line={"color": colour, "width": 2, "dash": "dot"},
            marker={"color": colour},
            customdata=[said[1], said[1]],
            hovertemplate=_("%(date)s: %(work)s done, 85%% likely", date="%{customdata[0]}", work="%{customdata[1]}") + "<extra></extra>",
        ),
    ]
    labels = (_("Forecast, 50%"), _("Forecast, 85%"), _("Forecast, 95%"))
    reached = lang.number(target)
    rows: list[tuple[str, ...]] = [(label, lang.date(d), "", reached) for label, d in zip(labels, dates, strict=True)]
    return traces, rows


def burnup(status: Status, lang: Language, outlook: Forecast | None = None) -> Chart:
    """Work completed against the planned scope, each added up sprint by sprint, with the
    forecast cone of when the open milestones' work is done (`outlook`)."""
    _, terms = lang.gettext, Terms.of(status.project, lang)
    sprints = list(status.sprints)
    if not sprints:
        return figures.empty("burnup", _("No %(iterations)s are planned yet.", iterations=terms.many))
    scope, done = [], []
    total_scope = total_done = 0
    known = True  # no count before is withheld: a total after a withheld one is not the whole
    for s in sprints:
        total_scope += s.committed
        total_done += s.completed or 0
        known = known and "completed" not in s.withheld
        scope.append(total_scope)
        done.append(total_done if s.state != "planned" and known else None)
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
    cone, cone_rows = _cone(status, lang, outlook)
    traces += cone
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
    if not known:
        summary = _(
            "%(scope)s planned; the work completed is not published for every %(iteration)s.",
            scope=terms.units(total_scope),
            iteration=terms.one,
        )
    rows = tuple(
        (terms.title(s), lang.date(s.end), str(a), "—" if b is None and s.state == "planned" else "" if b is None else str(b))
        for s, a, b in zip(sprints, scope, done, strict=True)
    ) + tuple(cone_rows)
    return Chart(
        "burnup",
        figures.figure(traces, layout),
        _("Work completed against the work planned, each added up %(iteration)s by %(iteration)s.", iteration=terms.one),
        summary,
        (terms.capital, _("Ends"), _("Planned scope"), _("Completed")),
        rows,
        narrow=narrow,
    )
