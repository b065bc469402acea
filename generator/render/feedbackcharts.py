"""The feedback page's charts: the average rating per sprint by customer segment, and the
feedback per theme by what happened to it (figures.py). Data reaches hover text only through
`customdata`, never inside a hover template."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

from generator.model.records import Sprint
from generator.model.status import Status
from generator.render import figures
from generator.render.figures import AMBER, BLUE, GREEN, GREY, INK, Chart, plain, shorten
from generator.render.i18n import Language
from generator.render.terms import Terms

ACTION_COLOURS = {"received": GREY, "planned": BLUE, "done": GREEN, "declined": AMBER}


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
    overall = [means.get((s.id, "")) for s in sprints]
    known = [v for v in overall if v is not None]
    if len(known) < 2:
        return figures.empty("rating-trend", _("Not enough rated feedback yet to show a trend."))
    segments = [s for s in status.project.segments if any((sp.id, s.id) in means for sp in sprints)]
    x = [str(s.id) for s in sprints]
    terms = Terms.of(status.project, lang)
    names = figures.sprint_names(terms, sprints)
    point = _("%(sprint)s: %(rating)s of 5", sprint="%{customdata[0]}", rating="%{y:.2f}")
    traces = [
        figures.trace(
            "scatter",
            x=x,
            y=[means.get((s.id, seg.id)) for s in sprints],
            name=shorten(seg.name, 28),
            mode="lines+markers",
            connectgaps=True,
            customdata=[[name, plain(seg.name)] for name in names],
            hovertemplate="%{customdata[1]}<br>" + point + "<extra></extra>",
            **figures.series_style(i),
        )
        for i, seg in enumerate(segments)
    ]
    everyone = _("All segments")
    traces.append(
        figures.trace(
            "scatter",
            x=x,
            y=overall,
            name=everyone,
            mode="lines+markers",
            line={"color": INK, "width": 4, "dash": "solid"},
            marker={"size": 9, "symbol": "square", "color": INK},
            customdata=[[name] for name in names],
            hovertemplate=everyone + "<br>" + point + "<extra></extra>",
        )
    )
    axis = {"range": [0.8, 5.2], "title": {"text": _("Average rating (1-5)")}, "dtick": 1}
    layout = figures.layout(lang, height=400, yaxis=axis, xaxis=figures.sprint_axis(terms))
    narrow = figures.narrow(height=440, xaxis={"nticks": 9})
    summary = lang.ngettext(
        "Average rating went from %(first)s to %(last)s of 5 over %(n)s %(word)s.",
        "Average rating went from %(first)s to %(last)s of 5 over %(n)s %(word)s.",
        len(known),
        word=terms.one if len(known) == 1 else terms.many,
        first=lang.number(known[0], 1),
        last=lang.number(known[-1], 1),
    )
    rows = tuple(
        (terms.title(s), *(lang.number(means.get((s.id, seg.id)), 1) for seg in segments), lang.number(means.get((s.id, "")), 1))
        for s in sprints
    )
    return Chart(
        "rating-trend",
        figures.figure(traces, layout),
        _("Average customer rating per %(iteration)s, by customer segment and overall.", iteration=terms.one),
        summary,
        (terms.capital, *(seg.name for seg in segments), everyone),
        rows,
        narrow=narrow,
    )


def feedback_themes(status: Status, lang: Language) -> Chart:
    _ = lang.gettext
    if not status.feedback:
        return figures.empty("feedback-themes", _("No feedback yet."))
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
            customdata=[[plain(t)] for t in themes],
            hovertemplate=_("%(theme)s: %(count)s %(action)s", theme="%{customdata[0]}", count="%{x}", action=actions[action])
            + "<extra></extra>",
        )
        for action, colour in ACTION_COLOURS.items()
    ]
    ticks = {"type": "category", "tickmode": "array", "tickvals": [plain(t) for t in themes]}
    layout = figures.layout(
        lang,
        barmode="stack",
        height=110 + 34 * len(themes),
        xaxis={"title": {"text": _("Pieces of feedback")}},
        yaxis={**ticks, "ticktext": [shorten(t, 30) for t in themes]},
    )
    narrow = figures.narrow(yaxis={"ticktext": [shorten(t, 18) for t in themes]})
    pieces = lang.ngettext("%(n)s piece of feedback.", "%(n)s pieces of feedback.", len(status.feedback))
    spread = (
        lang.gettext("All of it is about %(top)s.", top=themes[-1])
        if len(themes) == 1
        else lang.ngettext(
            "%(n)s theme; the most frequent is %(top)s.", "%(n)s themes; the most frequent is %(top)s.", len(themes), top=themes[-1]
        )
    )
    # Two sentences, one after the other as the language writes them (no space between in Chinese).
    summary = lang.gettext("%(first)s %(second)s", first=pieces, second=spread)
    rows = tuple((t, *(str(counts[(t, a)]) for a in ACTION_COLOURS), str(totals[t])) for t in reversed(themes))
    return Chart(
        "feedback-themes",
        figures.figure(traces, layout),
        _("Feedback per theme, by what happened to it."),
        summary,
        (_("Theme"), *(a.capitalize() for a in actions.values()), _("Total")),
        rows,
        narrow=narrow,
    )
