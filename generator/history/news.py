"""What two status documents say happened beside the edits: a sprint closed and the next one
started, a milestone's forecast passed without delivery, its lateness grew, a risk's review fell due.

Nobody edits a milestone to make it overdue: time passes. So these are found by asking `facts`,
with each document's own status date (`project.as_of`), the questions the model asks of its
records (`Milestone.state`, `late_days`, `overdue_days`, `Risk.review_due`), never by a second
sum. Plain values (ids, days, dates), put into words by `render/changes.py`. A document that
lacks a part, or a value (a risk's next review, which documents before it was recorded lack),
gives no news about it: unknown is not changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from generator import facts
from generator.history.document import HiddenSprintDoc, MilestoneDoc, PreviousSprintDoc, ReadDoc, RiskDoc, SprintDoc

R = TypeVar("R", bound=Mapping[str, object])


def by_id(rows: Iterable[R]) -> dict[str, R]:
    return {str(r["id"]): r for r in rows}


def day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class SprintClosed:
    """A sprint that closed; its figures as the document that shows it closed holds them (None: unknown)."""

    id: int
    name: str
    committed: int | None = None
    completed: int | None = None


@dataclass(frozen=True)
class SprintStarted:
    id: int
    name: str
    goal: str = ""  # empty in documents written before goals were recorded


@dataclass(frozen=True)
class Overdue:
    """A milestone whose forecast passed without delivery since: `days` since its forecast."""

    id: str
    title: str
    forecast: dt.date
    days: int


@dataclass(frozen=True)
class Later:
    """A milestone late in both documents, later in the second: days late before and after."""

    id: str
    title: str
    before: int
    after: int


@dataclass(frozen=True)
class ReviewDue:
    """An active risk whose next review has passed since."""

    id: str
    title: str
    due: dt.date


def as_of(doc: ReadDoc) -> dt.date | None:
    return day(doc["project"]["as_of"]) if "project" in doc else None


def _named(sprint: SprintDoc | HiddenSprintDoc | None) -> SprintDoc | None:
    """The sprint a document is about, unless there is none or it is internal now (its number alone)."""
    return sprint if sprint is not None and "name" in sprint else None


def _closed(old: SprintDoc | None, new: SprintDoc, previous: PreviousSprintDoc | None) -> SprintClosed | None:
    if new["state"] == "closed" and not (old is not None and old["id"] == new["id"] and old["state"] == "closed"):
        return SprintClosed(new["id"], new["name"], new["committed"], new["completed"])
    if old is None or new["id"] <= old["id"] or old["state"] == "planned":
        return None
    if old["state"] == "closed":
        return SprintClosed(old["id"], old["name"], old["committed"], old["completed"])
    if previous is not None and previous["id"] == old["id"]:  # the later document knows how it ended
        return SprintClosed(old["id"], old["name"], previous["committed"], previous["completed"])
    return SprintClosed(old["id"], old["name"])  # before it closed, its figures were not final


def _sprints(before: ReadDoc, after: ReadDoc) -> tuple[SprintClosed | None, SprintStarted | None]:
    """The sprint that closed between the documents, and the one that started after it. A sprint
    shown closed only in `before` (the last report of a closed sprint) keeps its final figures; one
    shown running in `before` and gone from `after` closed with the figures `after` keeps of the
    sprint before its own (`sprint.previous`), or, in a document without them, unknown ones."""
    earlier = before.get("sprint")
    old, new = _named(earlier), _named(after.get("sprint"))
    old_id = earlier["id"] if earlier else None
    if new is None or (old_id is not None and new["id"] < old_id):
        return None, None  # no sprint to tell of, or compared backwards
    fresh = old_id is None or new["id"] > old_id or (old is not None and old["state"] == "planned")
    started = SprintStarted(new["id"], new["name"], new.get("goal", "")) if new["state"] == "active" and fresh else None
    return _closed(old, new, new.get("previous")), started


def milestone_facts(m: MilestoneDoc, when: dt.date) -> tuple[str, int, int] | None:
    """(state, late days, overdue days) as the model states them on `when`; None for a date that is no date."""
    baseline, forecast = day(m.get("baseline")), day(m.get("forecast"))
    if baseline is None or forecast is None:
        return None
    status, done = str(m.get("status")), day(m.get("done"))
    return (
        facts.milestone_state(status, baseline, forecast, done, when),
        facts.late_days(status, baseline, forecast, when),
        facts.overdue_days(status, forecast, when),
    )


def _milestones(before: ReadDoc, after: ReadDoc, then: dt.date, now: dt.date) -> tuple[tuple[Overdue, ...], tuple[Later, ...]]:
    old = by_id(before.get("milestones", []))
    overdue, later = [], []
    for mid, m in by_id(after.get("milestones", [])).items():
        was = milestone_facts(old[mid], then) if mid in old else None
        is_ = milestone_facts(m, now)
        if was is None or is_ is None:
            continue
        if is_[0] == "overdue" and was[0] != "overdue":
            overdue.append(Overdue(mid, m.get("title", ""), day(m["forecast"]) or now, is_[2]))
        # Lateness that only follows a moved forecast is told as the move (compare.Moved).
        moved = ((day(m["forecast"]) or now) - (day(old[mid]["forecast"]) or now)).days
        if was[1] > 0 and is_[1] > was[1] and is_[1] - was[1] != moved:
            later.append(Later(mid, m.get("title", ""), was[1], is_[1]))
    later.sort(key=lambda x: (-x.after, x.id))
    return tuple(overdue), tuple(later)


def _review_due(r: RiskDoc, when: dt.date) -> bool:
    return facts.review_due(str(r.get("status")), day(r.get("next_review")), when)


def _reviews(before: ReadDoc, after: ReadDoc, then: dt.date, now: dt.date) -> tuple[ReviewDue, ...]:
    old = by_id(before.get("risks", []))
    out = []
    for rid, r in by_id(after.get("risks", [])).items():
        o = old.get(rid)
        if o is None or "next_review" not in o or not _review_due(r, now) or _review_due(o, then):
            continue
        out.append(ReviewDue(rid, r.get("title", ""), day(r.get("next_review")) or now))
    return tuple(out)


def news(before: ReadDoc, after: ReadDoc) -> dict[str, Any]:
    """The parts of a `Comparison` that no edit makes, and the team's words the later document uses."""
    closed, started = _sprints(before, after)
    project = after.get("project")
    found: dict[str, Any] = {
        "sprint_closed": closed,
        "sprint_started": started,
        "iteration": project.get("iteration", "sprint") if project else "sprint",
        "work_unit": project.get("work_unit", "points") if project else "points",
    }
    then, now = as_of(before), as_of(after)
    if then is None or now is None or now < then:
        return found
    found["overdue"], found["later"] = _milestones(before, after, then, now)
    found["reviews_due"] = _reviews(before, after, then, now)
    return found
