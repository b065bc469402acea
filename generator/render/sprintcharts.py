"""The sprints' charts: the work committed and completed in each, and added up over the project.

A sprint whose completed work an audience may not see is a gap in them, never a sprint in which
nothing was done, and no total or average counts it as one."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Callable

from generator.forecast.simulate import Forecast
from generator.model.records import Sprint
from generator.model.status import Status
from generator.render.i18n import Language
from generator.render.plot import Column, Line, Plot, Zone, labelled, y_axis
from generator.render.terms import Terms
from generator.render.timeline import ticks


def velocity(status: Status, lang: Language) -> Plot:
    """Work committed and completed, sprint by sprint, in the project's unit of work: two bars a sprint."""
    _, terms = lang.gettext, Terms.of(status.project, lang)
    sprints = [s for s in status.sprints if s.state != "planned"]
    closed = [s for s in sprints if s.state == "closed"]
    if not closed:
        sentence = _("No %(iteration)s has closed yet: the work done shows from the first closed one on.", iteration=terms.one)
        return Plot("velocity", empty=sentence)
    # A count this audience may not see is left a gap, never drawn as nothing done.
    shown = [None if "completed" in s.withheld else s.completed or 0 for s in sprints]
    top, y_ticks = y_axis(max([s.committed for s in sprints] + [n or 0 for n in shown]), lang)
    wide, narrow = labelled(len(sprints))

    def column(s: Sprint, done: int | float | None, wide: bool, narrow: bool) -> Column:
        # A sprint still running has completed only part of its work: its bar says "so far",
        # drawn apart, never read as a sprint that fell short.
        running = s.state == "active"
        tip = [_named(s, terms, lang), _("%(work)s committed", work=terms.units(s.committed))]
        if done is not None:
            tip.append(
                _("%(work)s completed so far", work=terms.units(done)) if running else _("%(work)s completed", work=terms.units(done))
            )
        kind = "so-far" if running else "completed"
        bars = (("committed", _pct(s.committed, top)), (kind, None if done is None else _pct(done, top)))
        return Column(str(s.id) if wide else "", narrow, bars, tuple(tip))

    legend = [("committed", _("Committed")), ("completed", _("Completed"))]
    if any(s.state == "active" and n is not None for s, n in zip(sprints, shown, strict=True)):
        legend.append(("so-far", _("Completed so far (in progress)")))

    rows = tuple(
        (_named(s, terms, lang), str(s.committed), "" if n is None else str(s.completed if s.completed is not None else "—"))
        for s, n in zip(sprints, shown, strict=True)
    )
    return Plot(
        "velocity",
        legend=tuple(legend),
        y_title=terms.unit_label,
        y_ticks=y_ticks,
        x_title=terms.capital,
        columns=tuple(column(*c) for c in zip(sprints, shown, wide, narrow, strict=True)),
        caption=_("%(units)s committed and completed in each %(iteration)s.", units=terms.unit_label, iteration=terms.one),
        summary=_velocity_summary(closed, terms, lang),
        headers=(terms.capital, _("Committed"), _("Completed")),
        rows=rows,
    )


def _named(s: Sprint, terms: Terms, lang: Language) -> str:
    """A sprint's title in the charts' tips and tables, said to be in progress while it runs."""
    return lang.gettext("%(sprint)s (in progress)", sprint=terms.title(s)) if s.state == "active" else terms.title(s)


def _pct(value: float, top: float) -> float:
    return round(100 * value / top, 2)


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


Span = tuple[dt.date, float, float, list[dt.date]]  # where the cone starts, the work there and reached, its dates (_cone_span)


def _cone_span(status: Status, outlook: Forecast | None) -> Span | None:
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


def _segments(kind: str, points: list[tuple[float, float | None]]) -> list[Line]:
    """A line through `points`, broken where a value is missing (None): one Line a stretch."""
    out: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            out.append([])
        else:
            out[-1].append((x, y))
    return [Line(kind, tuple(stretch)) for stretch in out if stretch]


def _zones(centres: list[float], tips: list[tuple[str, ...]]) -> tuple[Zone, ...]:
    """A tip zone around each of `centres` (in %, in order), each reaching half way to its
    neighbours, the first and the last as far on their outer side as on their inner one."""
    if len(centres) == 1:
        return (Zone(max(0.0, centres[0] - 5), 10.0, tips[0]),)
    edges = [(a + b) / 2 for a, b in itertools.pairwise(centres)]
    edges = [max(0.0, 2 * centres[0] - edges[0]), *edges, min(100.0, 2 * centres[-1] - edges[-1])]
    return tuple(Zone(round(a, 2), round(b - a, 2), tip) for (a, b), tip in zip(itertools.pairwise(edges), tips, strict=True))


def _added_up(sprints: list[Sprint]) -> tuple[list[int], list[int | None], bool]:
    """The work planned and completed by the end of each sprint, added up; completed is None for
    a planned sprint and from a withheld count on (a total after it is not the whole), and
    whether no count was withheld."""
    scope: list[int] = []
    done: list[int | None] = []
    total_scope = total_done = 0
    known = True
    for s in sprints:
        total_scope += s.committed
        total_done += s.completed or 0
        known = known and "completed" not in s.withheld
        scope.append(total_scope)
        done.append(total_done if s.state != "planned" and known else None)
    return scope, done, known


def _burnup_summary(sprints: list[Sprint], known: bool, terms: Terms, lang: Language) -> str:
    total_scope, total_done = sum(s.committed for s in sprints), sum(s.completed or 0 for s in sprints)
    if not known:
        return lang.gettext(
            "%(scope)s planned; the work completed is not published for every %(iteration)s.",
            scope=terms.units(total_scope),
            iteration=terms.one,
        )
    return lang.gettext(
        "Completed %(done)s of the %(scope)s planned (%(share)s).",
        done=lang.number(total_done),
        scope=terms.units(total_scope),
        share=lang.percent(total_done / total_scope if total_scope else 0),
    )


def _forecast(cone: Span, at: Callable[[dt.date], float], top: float, lang: Language, terms: Terms) -> Plot:
    """The forecast cone's part of the burn-up, on its scales (`at` places a date, `top` is the
    y axis's): the cone, the 85 % line with its points, the tip at its end, its legend and rows."""
    _ = lang.gettext
    start, reached, target, (d50, d85, d95) = cone
    origin, goal = (at(start), _pct(reached, top)), _pct(target, top)
    line = Line("forecast", (origin, (at(d85), goal)))
    tip = (
        _("Forecast, 85%"),
        _("%(date)s: %(work)s done, 85%% likely", date=lang.date(d85), work=terms.units(target)),
        _("50 to 95%% likely between %(start)s and %(end)s", start=lang.date(d50), end=lang.date(d95)),
    )
    labels = (_("Forecast, 50%"), _("Forecast, 85%"), _("Forecast, 95%"))
    return Plot(
        "burnup",
        legend=(("cone", _("Forecast, 50 to 95%")), ("forecast", _("Forecast, 85%"))),
        areas=(Line("cone", (origin, (at(d50), goal), (at(d95), goal))),),
        lines=(line,),
        points=(line,),
        zones=(Zone(at(d85), 0, tip),),  # placed with the sprints' zones (_zones)
        rows=tuple((label, lang.date(d), "", lang.number(target)) for label, d in zip(labels, (d50, d85, d95), strict=True)),
    )


def _by_sprint(
    sprints: list[Sprint], scope: list[int], done: list[int | None], terms: Terms, lang: Language
) -> tuple[list[tuple[str, ...]], tuple[tuple[str, ...], ...]]:
    """Each sprint's tip on the burn-up and its row in the data table."""
    _ = lang.gettext
    tips = [
        (
            _named(s, terms, lang),
            _("Ends %(date)s", date=lang.date(s.end)),
            _("%(work)s planned by then", work=terms.units(a)),
            *(
                []
                if b is None
                else [
                    _("%(work)s completed so far", work=terms.units(b))
                    if s.state == "active"
                    else _("%(work)s completed by then", work=terms.units(b))
                ]
            ),
        )
        for s, a, b in zip(sprints, scope, done, strict=True)
    ]
    rows = tuple(
        (_named(s, terms, lang), lang.date(s.end), str(a), "—" if b is None and s.state == "planned" else "" if b is None else str(b))
        for s, a, b in zip(sprints, scope, done, strict=True)
    )
    return tips, rows


def burnup(status: Status, lang: Language, outlook: Forecast | None = None) -> Plot:
    """Work completed against the planned scope, each added up sprint by sprint, with the
    forecast cone of when the open milestones' work is done (`outlook`): from the work completed
    by the last closed sprint to the open public milestones' scope on top of it, reached by the
    50 % date at the earliest and the 95 % date at the latest."""
    _, terms = lang.gettext, Terms.of(status.project, lang)
    sprints = list(status.sprints)
    if not sprints:
        return Plot("burnup", empty=_("No %(iterations)s are planned yet.", iterations=terms.many))
    scope, done, known = _added_up(sprints)
    cone = _cone_span(status, outlook)
    # The scales: from the first sprint's start to the last date drawn, with a little room after it.
    days = [s.end for s in sprints] + (cone[3] if cone else [])
    first, last = sprints[0].start, max(days)
    last += dt.timedelta(days=max(3, (last - first).days // 25))
    width = max(1, (last - first).days)
    top, y_ticks = y_axis(max(scope[-1], cone[2] if cone else 0), lang)

    def at(day: dt.date) -> float:
        return _pct((day - first).days, width)

    x = [at(s.end) for s in sprints]
    lines = _segments("scope", [(a, _pct(n, top)) for a, n in zip(x, scope, strict=True)])
    lines += _segments("done", [(a, None if n is None else _pct(n, top)) for a, n in zip(x, done, strict=True)])
    tips, rows = _by_sprint(sprints, scope, done, terms, lang)
    ahead = _forecast(cone, at, top, lang, terms) if cone else Plot("burnup")
    return Plot(
        "burnup",
        legend=(("scope", _("Planned scope")), ("done", _("Completed")), *ahead.legend),
        y_title=_("%(units)s, added up", units=terms.unit_label),
        y_ticks=y_ticks,
        x_ticks=tuple((at(d), label) for d, label in ticks(first, last, lang)),
        areas=ahead.areas,
        lines=(*lines, *ahead.lines),
        points=(*(line for line in lines if line.kind == "done"), *ahead.points),
        zones=_zones(x + [z.left for z in ahead.zones], tips + [z.tip for z in ahead.zones]),
        caption=_("Work completed against the work planned, each added up %(iteration)s by %(iteration)s.", iteration=terms.one),
        summary=_burnup_summary(sprints, known, terms, lang),
        headers=(terms.capital, _("Ends"), _("Planned scope"), _("Completed")),
        rows=rows + ahead.rows,
    )
