"""The milestone timeline: each milestone a row, its baseline, forecast or delivery placed on one
scale of dates, the status date across them; drawn in HTML and CSS.

A row of marks along a line of dates needs no chart library: as HTML it is on the screen with the
page's first paint, on a phone as on paper, and the milestones page downloads no plotly.js. Each
mark has its words (its date and slip) for hover and for screen readers; the table below the
timeline gives every value too. Past TIMELINE_MOST milestones it draws the open ones due soonest
and then the latest delivered or cancelled, and its caption says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from babel.dates import format_skeleton
from markupsafe import Markup

from generator.forecast.simulate import Forecast
from generator.model.records import Milestone
from generator.model.status import Status
from generator.render import text
from generator.render.figures import figure_end, scale_tick
from generator.render.i18n import Language

# Milestones the timeline draws at most. Past it, the timeline would be metres long on a phone and
# no reader would take it in; it keeps what the reader comes for (what is open, what was just
# delivered) and the table of all milestones below lists every one.
TIMELINE_MOST = 40
TICKS_MOST = 6  # dates written along the scale at most (every other one on a phone)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)  # months between two of them
DAY_STEPS = (1, 2, 4)  # weeks between two of them, on a scale too short for months

# Which mark draws a milestone's expected date, by where it stands (Milestone.state).
MARKS = {"cancelled": "cancelled", "delivered": "delivered", "overdue": "late", "late": "late", "early": "forecast", "on_time": "forecast"}
KINDS = ("baseline", "forecast", "late", "delivered", "cancelled")  # the legend's order


@dataclass(frozen=True)
class Mark:
    kind: str  # one of KINDS
    at: float  # where along the scale, in % of its width
    words: str  # its date and what it means, as plain text


@dataclass(frozen=True)
class Row:
    id: str
    name: str  # id and title, whole, as plain text ("M-03 Go-live (cancelled)")
    marks: tuple[Mark, ...]
    span: tuple[float, float] | None  # the line from baseline to the expected date, in %


@dataclass(frozen=True)
class MilestoneTimeline:
    """The rows in baseline order, the dates written along the scale and the status date's place,
    the legend's kinds with their words, caption, summary and the data as a table; or, with no
    milestone, the sentence that stands in its place."""

    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, str], ...]
    today: tuple[float, str]
    legend: tuple[tuple[str, str], ...]
    caption: str
    summary: str
    headers: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]
    empty: str = ""


def _note(m: Milestone, lang: Language) -> str:
    """The words after a milestone's date in its marks and data table: its slip in the milestone
    tables' words."""
    if m.state == "cancelled":
        return lang.label("milestones.status", "cancelled")
    if m.when_withheld:
        return ""
    if m.state == "overdue":
        return lang.gettext("%(slip)s; the forecast date has passed", slip=lang.slip(m.slip))
    return lang.slip(m.slip)


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


def _months(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def ticks(first: dt.date, last: dt.date, lang: Language) -> tuple[tuple[dt.date, str], ...]:
    """The first days of months written along a scale from `first` to `last`: every month, or
    every 2, 3, 6... months from January, whichever puts at most TICKS_MOST on it. A scale too
    short for three of them (a project's first weeks) is written by day instead: every week or
    two, on Mondays."""
    for step in MONTH_STEPS:
        start = -(-_months(first) // step) * step  # the first month at or after `first`'s on the step
        if first.day > 1 and start == _months(first):
            start += step
        days = [dt.date(m // 12, m % 12 + 1, 1) for m in range(start, _months(last) + 1, step)]
        if len(days) <= TICKS_MOST:
            break
    if len(days) >= 3:
        return tuple((d, str(format_skeleton("yMMM", d, locale=lang.locale))) for d in days)
    monday = first + dt.timedelta(days=-first.weekday() % 7)
    for weeks in DAY_STEPS:
        days = [monday + dt.timedelta(weeks=n) for n in range(0, (last - monday).days // 7 + 1, weeks)]
        if len(days) <= TICKS_MOST:
            break
    return tuple((d, str(format_skeleton("MMMd", d, locale=lang.locale))) for d in days)


def milestone_timeline(status: Status, lang: Language, outlook: Forecast | None = None) -> MilestoneTimeline:
    _ = lang.gettext
    if not status.milestones:
        return MilestoneTimeline((), (), (0.0, ""), (), "", "", (), (), empty=_("No milestones are published yet."))
    as_of = status.project.as_of
    every = status.milestones
    ms = drawn_milestones(every)
    notes = {m.id: _with_chance(_note(m, lang), m, outlook, lang) for m in ms}
    # The scale: every date drawn and the status date, with a little room at either end.
    days = [as_of, *(m.baseline for m in ms), *(m.expected for m in ms if not m.when_withheld)]
    room = max(7, (max(days) - min(days)).days // 25)
    first, last = min(days) - dt.timedelta(days=room), max(days) + dt.timedelta(days=room)
    width = (last - first).days

    def at(day: dt.date) -> float:
        return round(100 * (day - first).days / width, 2)

    def row(m: Milestone) -> Row:
        kind = MARKS[m.state]
        date, note = lang.date(m.expected), notes[m.id]
        marks = [Mark("baseline", at(m.baseline), _("Baseline %(date)s", date=lang.date(m.baseline)))]
        # A delivery on a date this audience may not see is drawn nowhere: its baseline stands alone.
        if not m.when_withheld:
            if kind == "cancelled":
                words = f"{date} ({note})"
            elif kind == "delivered":
                words = _("Delivered %(date)s (%(slip)s)", date=date, slip=note)
            else:  # forecast, on time or late
                words = _("Forecast %(date)s (%(slip)s)", date=date, slip=note)
            marks.append(Mark(kind, at(m.expected), words))
        ends = (at(m.baseline), at(m.expected))
        span = None if kind == "cancelled" or m.when_withheld else (min(ends), max(ends))
        name = f"{m.id} {m.title}"
        return Row(m.id, _("%(milestone)s (cancelled)", milestone=name) if kind == "cancelled" else name, tuple(marks), span)

    kinds = {"baseline", *(MARKS[m.state] for m in ms if not m.when_withheld)}
    names = {"baseline": _("Baseline"), "forecast": _("Forecast"), "late": _("Late"), "delivered": _("Delivered"),
             "cancelled": lang.label("milestones.status", "cancelled").capitalize()}  # fmt: skip
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
    return MilestoneTimeline(
        tuple(row(m) for m in ms),
        tuple((at(d), label) for d, label in ticks(first, last, lang)),
        (at(as_of), _("Status date") + " " + lang.date(as_of)),
        tuple((k, names[k]) for k in KINDS if k in kinds),
        caption,
        summary,
        (_("Milestone"), _("Title"), _("Baseline"), _("Forecast or delivered"), _("Slip")),
        tuple((m.id, m.title, lang.date(m.baseline), "" if m.when_withheld else lang.date(m.expected), notes[m.id]) for m in ms),
    )


def _mark(mark: Mark) -> str:
    return f'<span class="gh-tl__mark gh-tl__mark--{mark.kind}" style="left:{mark.at}%" title="{text.escape(mark.words)}"></span>'


def _row(row: Row, today: float) -> str:
    line = f'<span class="gh-tl__span" style="left:{row.span[0]}%;width:{round(row.span[1] - row.span[0], 2)}%"></span>' if row.span else ""
    marks = "".join(_mark(m) for m in row.marks)
    words = "; ".join(m.words for m in row.marks)
    return (
        f'<li class="gh-tl__row"><span class="gh-tl__name" title="{text.escape(row.name)}">{text.escape(row.name)}</span>'
        f'<span class="gh-tl__track"><span class="gh-tl__today" style="left:{today}%"></span>{line}{marks}'
        f'<span class="gh-sr">{text.escape(words)}</span></span></li>\n'
    )


def timeline_block(t: MilestoneTimeline, lang: Language) -> Markup:
    """The timeline as HTML: its legend, a row a milestone and the dates along the scale, in a
    figure with its caption, then its data as a table; with no milestone, its sentence."""
    if t.empty:
        return Markup(f'<p class="gh-chart-empty" id="chart-milestone-timeline">{text.escape(t.empty)}</p>')
    at, words = t.today
    key = '<span class="gh-tl__mark gh-tl__mark--{}" aria-hidden="true"></span>'
    legend = "".join(f"<li>{key.format(kind)}{text.escape(name)}</li>" for kind, name in t.legend)
    legend += f'<li><span class="gh-tl__today-key" aria-hidden="true"></span>{text.escape(words)}</li>'
    scale = "".join(scale_tick("gh-tl__tick", x, label) for x, label in t.ticks)
    return Markup(
        '<figure class="gh-figure gh-tl" id="chart-milestone-timeline">\n'
        f'<ul class="gh-tl__legend">{legend}</ul>\n'
        f'<ol class="gh-tl__rows">\n{"".join(_row(r, at) for r in t.rows)}</ol>\n'
        f'<div class="gh-tl__axis" aria-hidden="true"><span class="gh-tl__ticks">{scale}</span></div>\n'
        + figure_end(t.caption, t.summary, t.headers, t.table, lang)
    )
