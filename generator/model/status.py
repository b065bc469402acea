"""Everything a status site shows, for one audience, with the figures derived from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import heapq
import itertools
import operator
import statistics
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator import facts
from generator.model.audience import Audience, Withheld
from generator.model.privacy import Redactions
from generator.model.records import SEVERITIES, Change, Feedback, Milestone, Project, Risk, Sprint


@dataclass(frozen=True)
class SprintFeedback:
    """The feedback received during one sprint."""

    received: int
    rating_mean: float | None


QUOTES_SHOWN = 25
ANSWERS_PER_PAGE = 100  # a page of answers stays light on a phone
# Search holds every answer of a log up to this many: every page downloads the search index, which
# beyond it would outweigh the page budgets (a larger log's answers are found by group and page).
ANSWERS_SEARCHED = 2_000
# Pages of answers per customer group: the newest 2,000 answers of each group are on pages; every
# answer, older ones too, is in the feedback download (a million-row log would otherwise be
# thousands of pages, and minutes of building).
ANSWER_PAGES = 20


@dataclass(frozen=True)
class Attention:
    """An active risk that needs a decision or help from the reader, and why (see Risk.attention)."""

    risk: Risk
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Status:
    """Everything a status site shows, for one audience.

    Figures over the feedback log are computed once, on first use (a log can hold a million rows,
    and pages ask for the same figures several times)."""

    project: Project
    milestones: tuple[Milestone, ...]
    risks: tuple[Risk, ...]
    feedback: tuple[Feedback, ...]
    sprints: tuple[Sprint, ...]
    changes: tuple[Change, ...]
    audience: Audience = "public"
    feedback_total: int = field(default=0)  # what this audience sees; internal feedback is not counted
    redactions: Redactions = field(default_factory=Redactions)
    focus: int | None = None  # the sprint a closed sprint's snapshot is about (see `at_end_of`)
    # Ids of what exists but this audience does not see; for the history stage only, never shown.
    withheld: Withheld = field(default_factory=Withheld)
    # Work this audience does not see but the team does, as (forecast date, scope) pairs: open
    # internal milestones' scope, and a scope kept internal. It counts in the delivery forecasts of
    # the milestones after it, and is never named or shown.
    unseen_scope: tuple[tuple[dt.date, float], ...] = ()

    @property
    def current_sprint(self) -> Sprint | None:
        """The sprint the status is about: the active one, else the last closed one; or the one in focus."""
        if self.focus is not None:
            return next((s for s in self.sprints if s.id == self.focus), None)
        active = [s for s in self.sprints if s.state == "active"]
        closed = [s for s in self.sprints if s.state == "closed"]
        return active[0] if active else (closed[-1] if closed else None)

    def at_end_of(self, sprint_id: int) -> Status:
        """The status as sprint `sprint_id` ended, from the data that closed it: the same records,
        about that sprint, while the data's current sprint may be the next one already."""
        return dataclasses.replace(self, focus=sprint_id)

    @property
    def next_period(self) -> Sprint | None:
        """The sprint the coming weeks belong to: the current one while it runs, the one after it once it is closed."""
        current = self.current_sprint
        if current is None or current.state != "closed":
            return current
        later = sorted((s for s in self.sprints if s.start > current.start), key=lambda s: s.start)
        return later[0] if later else None

    @property
    def delivered_this_period(self) -> list[Milestone]:
        """Milestones delivered within the sprint the status is about, in the order delivered: the
        products completed this period. One whose delivery date this audience is not shown is not
        placed in any period."""
        sprint = self.current_sprint
        if sprint is None:
            return []
        done = [m for m in self.milestones if m.state == "delivered" and m.done is not None and sprint.start <= m.done <= sprint.end]
        return sorted(done, key=lambda m: (m.done, m.id))

    @property
    def planned_next_period(self) -> list[Milestone]:
        """Open milestones forecast by the end of the next period: the products planned for it."""
        coming = self.next_period
        if coming is None:
            return []
        return [m for m in self.upcoming_milestones if m.forecast <= coming.end]

    @property
    def open_issues(self) -> list[Risk]:
        """Risks that have occurred and are not closed: the project's open issues, highest exposure first."""
        return [r for r in self.active_risks if r.status == "occurred"]

    @property
    def upcoming_milestones(self) -> list[Milestone]:
        """Open milestones, the soonest forecast first."""
        return sorted((m for m in self.milestones if m.is_open), key=lambda m: (m.forecast, m.id))

    @property
    def next_milestone(self) -> Milestone | None:
        upcoming = sorted((m for m in self.milestones if m.is_open and not m.overdue_days), key=lambda m: (m.forecast, m.id))
        return upcoming[0] if upcoming else None

    @property
    def beyond_time_tolerance(self) -> list[tuple[Milestone, int]]:
        """Open key milestones whose forecast lies beyond the time tolerance agreed with the
        sponsors, each with the days beyond it (see facts.time_beyond_tolerance)."""
        days = self.project.tolerance_days
        found = [(m, facts.time_beyond_tolerance(m.status, m.baseline, m.forecast, days)) for m in self.milestones if m.key]
        return [(m, n) for m, n in found if n > 0]

    @property
    def late_milestones(self) -> list[Milestone]:
        """Open milestones later than first promised (or whose forecast has passed), latest first."""
        return sorted((m for m in self.milestones if m.late_days > 0), key=lambda m: (-m.late_days, m.forecast, m.id))

    @property
    def pending_changes(self) -> list[Change]:
        """Change requests waiting for a decision, oldest first."""
        return sorted((c for c in self.changes if c.decision == "pending"), key=lambda c: (c.date, c.id))

    @property
    def risks_to_decide(self) -> list[Attention]:
        """Active risks the sponsors' report asks a decision or help on, highest exposure first."""
        found = (Attention(r, r.attention(self.project.as_of)) for r in self.active_risks)
        return [a for a in found if a.reasons]

    @property
    def active_risks(self) -> list[Risk]:
        return sorted((r for r in self.risks if r.is_active), key=lambda r: (-r.exposure, r.id))

    def risks_by_severity(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for r in self.active_risks:
            counts[r.severity] += 1
        return counts

    @functools.cached_property
    def feedback_by_date(self) -> tuple[Feedback, ...]:
        """The feedback by the day each piece came in, then by id (status.json, the download, the answers).
        Sorted by id, then by day (a stable sort keeps the ids' order within a day): a key of
        (day, id) would make a tuple for each of a million pieces at once."""
        feedback = self.feedback
        if _in_order(map(operator.attrgetter("date"), feedback)) and _in_order(map(operator.attrgetter("id"), feedback)):
            return feedback  # a log kept as it grows: no copy of a million pieces
        found = sorted(feedback, key=operator.attrgetter("id"))
        found.sort(key=operator.attrgetter("date"))
        return tuple(found)

    @functools.cached_property
    def rating_mean(self) -> float | None:
        ratings = [f.rating for f in self.feedback if f.rating is not None]
        return statistics.fmean(ratings) if ratings else None

    @functools.cached_property
    def answered_count(self) -> int:
        return sum(f.answered for f in self.feedback)

    @property
    def answered_share(self) -> float | None:
        return self.answered_count / len(self.feedback) if self.feedback else None

    @property
    def waiting(self) -> Iterator[tuple[Feedback, int]]:
        """Feedback not answered by the status date, each with the days it has waited (more than none)."""
        pieces, days = self._waiting
        return zip(pieces, days, strict=True)

    @functools.cached_property
    def _waiting(self) -> tuple[tuple[Feedback, ...], array[int]]:
        # The days in an array, not a pair and a number a piece: a long log waits on a quarter of
        # a million answers (some 20 MB as pairs).
        as_of = self.project.as_of
        days = array("l", (f.waiting_days(as_of) for f in self.feedback))
        return tuple(itertools.compress(self.feedback, days)), array("l", filter(None, days))

    @functools.cached_property
    def _answered_quotes(self) -> tuple[int, tuple[Feedback, ...]]:
        """How many answered quotes may be published (their authors consented), and the most
        recent of them, newest first: counted in one pass, without a list of half a million."""
        count = 0

        def answered() -> Iterator[Feedback]:
            nonlocal count
            for f in self.feedback:
                if f.publishable and f.answered:
                    count += 1
                    yield f

        recent = tuple(heapq.nlargest(QUOTES_SHOWN, answered(), key=lambda f: f.date))
        return count, recent

    @property
    def published_quotes(self) -> int:
        """How many answered quotes may be published (their authors consented)."""
        return self._answered_quotes[0]

    @property
    def recent_quotes(self) -> tuple[Feedback, ...]:
        """The most recent answered quotes that may be published, newest first."""
        return self._answered_quotes[1]

    @property
    def answers_searched(self) -> bool:
        """Whether search holds the pages of every answer (then it leaves out the recent quotes, which repeat them)."""
        return self.published_quotes <= ANSWERS_SEARCHED

    @functools.cached_property
    def answers_by_segment(self) -> dict[str, tuple[Feedback, ...]]:
        """Every answered quote that may be published, by customer group in the order of the
        project's groups (then any other), newest first within each."""
        found: dict[str, list[Feedback]] = {}
        for f in reversed(self.feedback_by_date):  # newest first
            if f.publishable and f.answered:
                found.setdefault(f.segment, []).append(f)
        order = {s.id: i for i, s in enumerate(self.project.segments)}
        segments = sorted(found, key=lambda s: (order.get(s, len(order)), s))
        return {s: tuple(found.pop(s)) for s in segments}  # each list let go of once it is a tuple

    @functools.cached_property
    def _by_sprint(self) -> dict[int | None, SprintFeedback]:
        counts: dict[int | None, int] = {}
        rated: dict[int | None, tuple[int, int]] = {}  # sum and number of ratings
        for f in self.feedback:
            counts[f.sprint] = counts.get(f.sprint, 0) + 1
            if f.rating:
                total, n = rated.get(f.sprint, (0, 0))
                rated[f.sprint] = (total + f.rating, n + 1)
        return {s: SprintFeedback(n, rated[s][0] / rated[s][1] if s in rated else None) for s, n in counts.items()}

    def sprint_feedback(self, sprint_id: int) -> SprintFeedback:
        return self._by_sprint.get(sprint_id, SprintFeedback(0, None))

    def milestone(self, m_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == m_id), None)


def _in_order(values: Iterable[Any]) -> bool:
    """Whether each of `values` is at least the one before it, found in one pass."""
    first, second = itertools.tee(values)
    next(second, None)
    return all(map(operator.le, first, second))
