"""What changed between two status documents: computed, never typed by hand.

`compare` takes two status.json documents (an earlier snapshot's and this build's, or any two
that `glasshouse diff` was given) and returns a small model of plain values (ids, titles, dates,
scores): what was edited, and what no edit makes (`news.py`: a sprint closed or started, a forecast
passed, lateness grown, a review fallen due). The "What changed" page, the terminal, the
pull-request summary and the feeds each put that one model into words. Either may be partial (`conform.partial`): a part one lacks is
compared as empty, and that is no reason to fail a build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator import facts
from generator.history.document import MilestoneDoc, ReadDoc, RiskDoc
from generator.history.edition import Snapshot
from generator.history.news import Later, Overdue, ReviewDue, SprintClosed, SprintStarted, news
from generator.history.news import by_id as _by_id
from generator.history.news import day as _day


@dataclass(frozen=True)
class Moved:
    """A milestone whose expected date (forecast, or delivery once done) moved."""

    id: str
    title: str
    before: dt.date
    after: dt.date

    @property
    def days(self) -> int:
        return (self.after - self.before).days


@dataclass(frozen=True)
class Delivered:
    """A milestone delivered since, and how far its delivery was from the last forecast."""

    id: str
    title: str
    day: dt.date | None
    slip: int = 0


@dataclass(frozen=True)
class Added:
    """A milestone that is new, with the date it is expected."""

    id: str
    title: str
    expected: dt.date | None


@dataclass(frozen=True)
class Score:
    """A risk's exposure (likelihood × impact) and severity as a status document holds them."""

    exposure: int | None
    severity: str | None


@dataclass(frozen=True)
class Opened:
    id: str
    title: str
    score: Score


@dataclass(frozen=True)
class Gone:
    """A risk no longer among the active ones: closed, or no longer listed at all."""

    id: str
    title: str
    closed: bool


@dataclass(frozen=True)
class Rescored:
    id: str
    title: str
    before: Score
    after: Score


@dataclass(frozen=True)
class Shift:
    """A value that changed from one thing to another: the overall status, a milestone's status."""

    id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class Decision:
    """A change request whose decision changed; `impact_days` is its accepted schedule impact."""

    id: str
    title: str
    before: str
    after: str
    impact_days: int | None = None


@dataclass(frozen=True)
class Comparison:
    before: str
    after: str
    status: Shift | None = None
    moved: tuple[Moved, ...] = ()
    delivered: tuple[Delivered, ...] = ()
    milestone_status: tuple[Shift, ...] = ()
    milestones_added: tuple[Added, ...] = ()
    risks_opened: tuple[Opened, ...] = ()
    risks_closed: tuple[Gone, ...] = ()
    risks_rescored: tuple[Rescored, ...] = ()
    decisions: tuple[Decision, ...] = ()
    feedback_received: int = 0
    feedback_answered: tuple[str, ...] = ()
    # Records either document named that are internal now: left out of everything above, only counted.
    no_longer_shown: int = 0
    # What no edit makes (news.py): a sprint closed and the next started; what time did to the dates.
    sprint_closed: SprintClosed | None = None
    sprint_started: SprintStarted | None = None
    overdue: tuple[Overdue, ...] = ()
    later: tuple[Later, ...] = ()
    reviews_due: tuple[ReviewDue, ...] = ()
    # The team's words in the later document: what an iteration is called, what its work counts.
    iteration: str = "sprint"
    work_unit: str = "points"

    @property
    def empty(self) -> bool:
        parts = (self.moved, self.delivered, self.milestone_status, self.milestones_added, self.risks_opened, self.risks_closed)
        edits = self.risks_rescored or self.decisions or self.feedback_news or self.no_longer_shown
        return self.status is None and not any(parts) and not edits and not self.meaning_news

    @property
    def sprint_news(self) -> bool:
        return self.sprint_closed is not None or self.sprint_started is not None

    @property
    def meaning_news(self) -> bool:
        """Anything the passing of time or a sprint's end made news of."""
        return self.sprint_news or bool(self.overdue or self.later or self.reviews_due)

    @property
    def feedback_news(self) -> bool:
        return bool(self.feedback_received or self.feedback_answered)


def expected_date(m: MilestoneDoc) -> dt.date | None:
    """A milestone's expected date in a status document (see facts.expected); None when its document has no forecast."""
    forecast = _day(m.get("forecast"))
    return facts.expected(forecast, _day(m.get("done"))) if forecast else _day(m.get("done"))


def _score(r: RiskDoc) -> Score:
    return Score(r.get("exposure"), r.get("severity"))


def _milestones(before: ReadDoc, after: ReadDoc) -> dict[str, Any]:
    old, new = _by_id(before.get("milestones", [])), _by_id(after.get("milestones", []))
    moved, delivered, status, added = [], [], [], []
    for mid, m in new.items():
        title = m.get("title", "")
        if mid not in old:
            added.append(Added(mid, title, expected_date(m)))
            continue
        o = old[mid]
        was, now = expected_date(o), expected_date(m)
        if m.get("status") == "done" and o.get("status") != "done":
            delivered.append(Delivered(mid, title, now, (now - was).days if was and now else 0))
            continue
        if was and now and was != now:
            moved.append(Moved(mid, title, was, now))
        if o.get("status") != m.get("status"):
            status.append(Shift(mid, title, str(o.get("status")), str(m.get("status"))))
    moved.sort(key=lambda m: (-abs(m.days), m.id))
    return {"moved": tuple(moved), "delivered": tuple(delivered), "milestone_status": tuple(status), "milestones_added": tuple(added)}


def _risks(before: ReadDoc, after: ReadDoc) -> dict[str, Any]:
    old, new = _by_id(before.get("risks", [])), _by_id(after.get("risks", []))
    closed_now = _by_id(after.get("closed_risks", []))
    opened = [Opened(rid, r.get("title", ""), _score(r)) for rid, r in new.items() if rid not in old]
    closed = [Gone(rid, r.get("title", ""), rid in closed_now) for rid, r in old.items() if rid not in new]
    rescored = [
        Rescored(rid, r.get("title", ""), _score(old[rid]), _score(r))
        for rid, r in new.items()
        if rid in old and old[rid].get("exposure") != r.get("exposure")
    ]
    return {"risks_opened": tuple(opened), "risks_closed": tuple(closed), "risks_rescored": tuple(rescored)}


def _decisions(before: ReadDoc, after: ReadDoc) -> tuple[Decision, ...]:
    old, new = _by_id(before.get("changes", [])), _by_id(after.get("changes", []))
    out = []
    for cid, c in new.items():
        was = old[cid].get("decision", "requested") if cid in old else "requested"
        if was != c.get("decision"):
            out.append(Decision(cid, c.get("title", ""), was, str(c.get("decision")), c.get("schedule_impact_days")))
    return tuple(out)


def _feedback(before: ReadDoc, after: ReadDoc) -> dict[str, Any]:
    """How many pieces of feedback are new, and which were answered since (those received since
    too), in the order `after` lists them: a piece `after` lists and does not hold waiting, that
    `before` did not list or held waiting. Worked out on sets of ids."""

    def ids(doc: ReadDoc) -> tuple[list[str], set[str]]:
        return (doc["feedback"]["ids"], set(doc["feedback"]["waiting"])) if "feedback" in doc else ([], set())

    (old, was_waiting), (new, waiting) = ids(before), ids(after)
    known = set(old)
    answered_now = tuple(i for i in dict.fromkeys(new) if i not in waiting and (i not in known or i in was_waiting))
    return {"feedback_received": len(set(new) - known), "feedback_answered": answered_now}


def _status(before: ReadDoc, after: ReadDoc) -> Shift | None:
    if "project" not in before or "project" not in after or before["project"].get("status") == after["project"].get("status"):
        return None
    old, new = before["project"], after["project"]
    return Shift("", new.get("headline", ""), str(old.get("status")), str(new.get("status")))


def compare(before: ReadDoc, after: ReadDoc, before_label: str = "before", after_label: str = "after") -> Comparison:
    """Everything a customer would want to know changed from `before` to `after`."""
    return Comparison(
        before_label,
        after_label,
        status=_status(before, after),
        decisions=_decisions(before, after),
        **_milestones(before, after),
        **_risks(before, after),
        **_feedback(before, after),
        **news(before, after),
    )


def between(before: Snapshot, after: Snapshot, before_label: str | None = None, after_label: str | None = None) -> Comparison:
    """`compare` for two reports as they may be shown now (`withheld.shown`), saying how many records
    either named are no longer shown; labelled with the reports' own labels unless told otherwise."""
    labels = (before.label if before_label is None else before_label, after.label if after_label is None else after_label)
    found = compare(before.doc, after.doc, *labels)
    return dataclasses.replace(found, no_longer_shown=len(before.hidden | after.hidden))
