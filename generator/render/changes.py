"""A comparison of two snapshots in words: one line per change, and the notes the "What changed"
page prints beside a record. Written in the project's language, like every word Glasshouse writes:
the feeds and `glasshouse diff` print these lines too. Values of the data format's fixed lists
(a status, a decision, a severity) are shown through their labels, never as the data's codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.history.compare import Comparison, Decision, Delivered, Score
from generator.render.i18n import Language
from generator.render.terms import ITERATION, UNIT_LABELS, Terms


def score(s: Score, lang: Language) -> str:
    """'12 (high)': a risk's exposure and severity."""
    severity = lang.label("risks.severity", str(s.severity))
    return lang.gettext("%(exposure)s (%(severity)s)", exposure=s.exposure, severity=severity)


def delivered(d: Delivered, lang: Language) -> str:
    """'8 May 2026 (+14 days late against the last forecast)'."""
    if not d.slip:
        return lang.date(d.day)
    return lang.gettext("%(date)s (%(slip)s against the last forecast)", date=lang.date(d.day), slip=lang.slip(d.slip))


def decision(d: Decision, lang: Language) -> str:
    """The new decision, with the schedule impact an accepted change brings."""
    after = lang.label("changes.decision", d.after)
    if d.after == "accepted" and d.impact_days:
        return lang.gettext("%(decision)s (%(days)s)", decision=after, days=lang.days(d.impact_days))
    return after


def terms(c: Comparison, lang: Language) -> Terms:
    """The team's words as the later document records them; a sprint and points where it names none this build knows."""
    iteration = c.iteration if c.iteration in ITERATION else "sprint"
    return Terms(lang, iteration, c.work_unit if c.work_unit in UNIT_LABELS else "points")


def sprint_lines(c: Comparison, lang: Language) -> list[str]:
    """'Sprint 2 closed: 23 of 26 points', 'Sprint 3 started: Pilot polish. Goal: ...', in the team's words."""
    _, words, out = lang.gettext, terms(c, lang), []
    if (closed := c.sprint_closed) is not None:
        if closed.committed is not None and closed.completed is not None:
            out.append(
                _(
                    "%(iteration)s %(id)s closed: %(completed)s of %(committed)s",
                    iteration=words.capital, id=closed.id, completed=lang.number(closed.completed), committed=words.units(closed.committed),
                )
            )  # fmt: skip
        else:
            out.append(_("%(iteration)s %(id)s closed.", iteration=words.capital, id=closed.id))
    if (started := c.sprint_started) is not None:
        goal = started.goal.strip().rstrip(".。 ")
        name = started.name.strip().rstrip(".。 ")
        if goal:
            out.append(
                _("%(iteration)s %(id)s started: %(name)s. Goal: %(goal)s.", iteration=words.capital, id=started.id, name=name, goal=goal)
            )
        else:
            out.append(_("%(iteration)s %(id)s started: %(name)s.", iteration=words.capital, id=started.id, name=name))
    return out


def overdue_lines(c: Comparison, lang: Language) -> list[str]:
    """Milestones whose forecast passed without delivery since, and those later than they were."""
    out = [
        lang.gettext(
            "%(id)s %(title)s: overdue, its forecast of %(date)s passed without delivery",
            id=o.id, title=o.title, date=lang.date(o.forecast),
        )
        for o in c.overdue
    ]  # fmt: skip
    out += [
        lang.ngettext(
            "%(id)s %(title)s: now %(n)s day late, was %(before)s",
            "%(id)s %(title)s: now %(n)s days late, was %(before)s",
            later.after,
            id=later.id, title=later.title, before=lang.number(later.before),
        )
        for later in c.later
    ]  # fmt: skip
    return out


def review_lines(c: Comparison, lang: Language) -> list[str]:
    """Active risks whose review has fallen due since."""
    return [
        lang.gettext("%(id)s %(title)s: risk review overdue, it was due %(date)s", id=r.id, title=r.title, date=lang.date(r.due))
        for r in c.reviews_due
    ]


def _milestone_lines(c: Comparison, lang: Language) -> list[str]:
    _ = lang.gettext
    status = "milestones.status"
    out = [
        _(
            "%(id)s %(title)s: forecast moved %(days)s (%(before)s → %(after)s)",
            id=m.id, title=m.title, days=lang.days(m.days), before=lang.date(m.before), after=lang.date(m.after),
        )
        for m in c.moved
    ]  # fmt: skip
    out += [_("%(id)s %(title)s: delivered %(when)s", id=d.id, title=d.title, when=delivered(d, lang)) for d in c.delivered]
    out += [
        _(
            "%(id)s %(title)s: %(before)s → %(after)s",
            id=s.id,
            title=s.title,
            before=lang.label(status, s.before),
            after=lang.label(status, s.after),
        )
        for s in c.milestone_status
    ]
    out += [
        _("%(id)s %(title)s: new milestone, forecast %(date)s", id=a.id, title=a.title, date=lang.date(a.expected))
        for a in c.milestones_added
    ]
    return out + overdue_lines(c, lang)


def _risk_lines(c: Comparison, lang: Language) -> list[str]:
    _ = lang.gettext
    out = [
        _("%(id)s %(title)s: risk opened, exposure %(score)s", id=o.id, title=o.title, score=score(o.score, lang)) for o in c.risks_opened
    ]
    out += [
        _("%(id)s %(title)s: risk closed", id=g.id, title=g.title)
        if g.closed
        else _("%(id)s %(title)s: risk no longer listed", id=g.id, title=g.title)
        for g in c.risks_closed
    ]
    out += [
        _(
            "%(id)s %(title)s: risk rescored from %(before)s to %(after)s",
            id=r.id, title=r.title, before=score(r.before, lang), after=score(r.after, lang),
        )
        for r in c.risks_rescored
    ]  # fmt: skip
    return out + review_lines(c, lang)


ANSWERED_NAMED = 20  # pieces of feedback answered since named by id; a long log answers hundreds in a sprint


def some_ids(ids: Sequence[str], lang: Language, each: Callable[[str], str] = str) -> str:
    """`ids` joined with commas, each as `each` writes it: the first ANSWERED_NAMED, and how many more."""
    shown = ", ".join(map(each, ids[:ANSWERED_NAMED]))
    if len(ids) <= ANSWERED_NAMED:
        return shown
    return lang.gettext("%(ids)s and %(n)s more", ids=shown, n=lang.number(len(ids) - ANSWERED_NAMED))


def _feedback_line(c: Comparison, lang: Language) -> str:
    answered = len(c.feedback_answered)
    received = lang.ngettext("%(n)s new", "%(n)s new", c.feedback_received)
    if not answered:
        return lang.gettext("Feedback: %(received)s, none answered", received=received)
    return lang.ngettext(
        "Feedback: %(received)s, %(n)s answered (%(ids)s)",
        "Feedback: %(received)s, %(n)s answered (%(ids)s)",
        answered,
        received=received,
        ids=some_ids(c.feedback_answered, lang),
    )


def lines(c: Comparison, lang: Language) -> list[str]:
    """One plain-text line per change, in the order a reader cares about them."""
    out = []
    if c.status:
        before, after = (lang.label("project.status", s) for s in (c.status.before, c.status.after))
        headline = c.status.title.strip().rstrip(".。 ")
        if headline:
            out.append(lang.gettext("Overall status: %(before)s → %(after)s. %(headline)s.", before=before, after=after, headline=headline))
        else:
            out.append(lang.gettext("Overall status: %(before)s → %(after)s.", before=before, after=after))
    out += sprint_lines(c, lang)
    out += _milestone_lines(c, lang)
    out += _risk_lines(c, lang)
    out += [
        lang.gettext(
            "%(id)s %(title)s: %(before)s → %(after)s",
            id=d.id,
            title=d.title,
            before=lang.label("changes.decision", d.before),
            after=decision(d, lang),
        )
        for d in c.decisions
    ]
    if c.feedback_news:
        out.append(_feedback_line(c, lang))
    if c.no_longer_shown:
        out.append(no_longer_shown(c.no_longer_shown, lang))
    return out


def no_longer_shown(n: int, lang: Language) -> str:
    """Records made internal since: counted, never named."""
    return lang.ngettext("%(n)s record is no longer shown.", "%(n)s records are no longer shown.", n)
