"""A comparison of two snapshots in words: one line per change, and the notes the "What changed"
page prints beside a record. Written in the source language (English) today, like the feeds and
`glasshouse diff`, which print these lines."""

from __future__ import annotations

from generator.history.compare import Comparison, Decision, Delivered, Score
from generator.render.text import date, signed_days


def _days(days: int) -> str:
    return f"+{days} days" if days > 0 else f"{days} days"


def _words(value: str) -> str:
    return value.replace("_", " ")


def score(s: Score) -> str:
    """'12 (high)': a risk's exposure and severity."""
    return f"{s.exposure} ({s.severity})"


def delivered(d: Delivered) -> str:
    """'8 May 2026 (+14 days late against the last forecast)'."""
    return date(d.day) + (f" ({signed_days(d.slip)} against the last forecast)" if d.slip else "")


def decision(d: Decision) -> str:
    """The new decision, with the schedule impact an accepted change brings."""
    return d.after + (f" ({_days(d.impact_days)})" if d.after == "accepted" and d.impact_days else "")


def lines(c: Comparison) -> list[str]:
    """One plain-text line per change, in the order a reader cares about them."""
    out = []
    if c.status:
        out.append(f"Overall status: {c.status.before} → {c.status.after}. {c.status.title}".rstrip(". ") + ".")
    out += [f"{m.id} {m.title}: forecast moved {_days(m.days)} ({date(m.before)} → {date(m.after)})" for m in c.moved]
    out += [f"{d.id} {d.title}: delivered {delivered(d)}" for d in c.delivered]
    out += [f"{s.id} {s.title}: {_words(s.before)} → {_words(s.after)}" for s in c.milestone_status]
    out += [f"{a.id} {a.title}: new milestone, forecast {date(a.expected)}" for a in c.milestones_added]
    out += [f"{o.id} {o.title}: risk opened, exposure {score(o.score)}" for o in c.risks_opened]
    out += [f"{g.id} {g.title}: risk {'closed' if g.closed else 'no longer listed'}" for g in c.risks_closed]
    out += [f"{r.id} {r.title}: risk rescored from {score(r.before)} to {score(r.after)}" for r in c.risks_rescored]
    out += [f"{d.id} {d.title}: {d.before} → {decision(d)}" for d in c.decisions]
    if c.feedback_news:
        answered = len(c.feedback_answered)
        out.append(
            f"Feedback: {c.feedback_received} new, {answered} answered" + (f" ({', '.join(c.feedback_answered)})" if answered else "")
        )
    if c.no_longer_shown:
        out.append(no_longer_shown(c.no_longer_shown))
    return out


def no_longer_shown(n: int) -> str:
    """Records made internal since: counted, never named."""
    return f"{n} record is no longer shown." if n == 1 else f"{n} records are no longer shown."
