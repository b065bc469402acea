"""The project's records as customers see them: small frozen dataclasses with derived figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from generator import facts
from generator.facts import MilestoneState

SEVERITIES = ("critical", "high", "medium", "low")

R = TypeVar("R")


def _withheld(record: R, names: Iterable[str], **facts: Any) -> R:
    """`record` without the values of `names`, naming those that held one in `withheld`, and keeping
    `facts`, what the whole record says where a withheld value decides it. A withheld field that
    held nothing withholds nothing: a page may then say it is empty, as it is for every audience."""
    held = frozenset(n for n in names if getattr(record, n) not in (None, ()))
    empty = {n: () if isinstance(getattr(record, n), tuple) else None for n in names}
    return dataclasses.replace(record, **empty, **facts, withheld=held)  # type: ignore[type-var]


def severity(exposure: int) -> str:
    """A risk's severity band from its exposure (likelihood × impact, 1 to 25)."""
    return "critical" if exposure >= 20 else "high" if exposure >= 10 else "medium" if exposure >= 5 else "low"


@dataclass(frozen=True)
class Segment:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    role: str
    email: str
    phone: str | None = None
    segment: str | None = None
    visibility: str | None = None

    @property
    def tel(self) -> str | None:
        """The phone number as a `tel:` link wants it: the plus sign and digits only."""
        return "+" + "".join(ch for ch in self.phone if ch.isdigit()) if self.phone else None


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    owner: str
    baseline: dt.date
    forecast: dt.date
    status: str
    description: str | None = None
    done: dt.date | None = None
    slip_reason: str | None = None
    dependencies: tuple[str, ...] = ()
    deliverables: tuple[str, ...] = ()
    visibility: str | None = None
    key: bool = False  # one of the dates everyone means by "the date" (go-live)
    scope: float | None = None  # the work still to do to reach it, in the project's work unit
    # The date the status describes: a forecast before it that is not delivered has passed.
    as_of: dt.date | None = None
    # Fields holding a value that this audience does not see (see `withholding`).
    withheld: frozenset[str] = frozenset()

    def withholding(self, names: Iterable[str]) -> Milestone:
        """This milestone without the fields `names`, for an audience that may not see them."""
        return _withheld(self, names)

    @property
    def when_withheld(self) -> bool:
        """It was delivered on a date this audience does not see: when, and so its slip, go unsaid."""
        return "done" in self.withheld

    @property
    def slipped(self) -> bool:
        """Open and forecast later than its baseline (see facts.slipped)."""
        return facts.slipped(self.status, self.baseline, self.forecast)

    @property
    def unexplained(self) -> bool:
        """It slipped, and the whole record gives no reason: `validate` warns of it."""
        return self.slipped and not self.slip_reason and "slip_reason" not in self.withheld

    @property
    def expected(self) -> dt.date:
        """When it was or will be delivered: the done date once done, the forecast before."""
        return facts.expected(self.forecast, self.done)

    @property
    def slip_days(self) -> int | None:
        """When it was or will be delivered against its baseline, in days (see facts.slip_days);
        None once delivered on a date this audience does not see, which the slip would tell."""
        if self.when_withheld:
            return None
        return facts.slip_days(self.baseline, self.forecast, self.done)

    @property
    def is_open(self) -> bool:
        return facts.milestone_open(self.status)

    @property
    def overdue_days(self) -> int:
        """Days since the forecast passed without delivery; 0 while the forecast is still ahead."""
        return facts.overdue_days(self.status, self.forecast, self.as_of)

    @property
    def late_days(self) -> int:
        """How late an open milestone is (see facts.late_days); 0 when it is not late, or not open."""
        return facts.late_days(self.status, self.baseline, self.forecast, self.as_of)

    @property
    def slip(self) -> int | None:
        """The slip every page, chart and feed states: days late (positive) or early (negative),
        an overdue milestone's counted as `late_days`; None once cancelled (see facts.stated_slip), or
        once delivered on a date this audience does not see."""
        if self.when_withheld:
            return None
        return facts.stated_slip(self.status, self.baseline, self.forecast, self.done, self.as_of)

    @property
    def early_days(self) -> int:
        """How many days before its baseline it was or is expected to be delivered; 0 if not early."""
        return max(0, -(self.slip or 0))

    @property
    def state(self) -> MilestoneState:
        """Where it stands: cancelled, delivered, overdue, late, early or on_time (see facts.milestone_state)."""
        return facts.milestone_state(self.status, self.baseline, self.forecast, self.done, self.as_of)

    @property
    def shown_status(self) -> str:
        """The status customers see: the data's, except that an open milestone whose forecast has
        passed is overdue, whatever the data still says ("planned" 28 days after its date)."""
        return "overdue" if self.state == "overdue" else self.status


@dataclass(frozen=True)
class Risk:
    id: str
    title: str
    category: str
    likelihood: int
    impact: int
    owner: str
    status: str
    raised: dt.date
    description: str | None = None
    mitigation: str | None = None
    next_review: dt.date | None = None
    milestones: tuple[str, ...] = ()
    visibility: str | None = None
    # Fields holding a value that this audience does not see, and whether the withheld next review
    # was due on the status date (see `withholding`).
    withheld: frozenset[str] = frozenset()
    withheld_review_due: bool = False

    def withholding(self, names: Iterable[str], as_of: dt.date) -> Risk:
        """This risk without the fields `names`, for an audience that may not see them; whether its
        review is due on `as_of` stays what the whole risk says."""
        return _withheld(self, names, withheld_review_due=self.review_due(as_of))

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact

    @property
    def severity(self) -> str:
        return severity(self.exposure)

    @property
    def is_active(self) -> bool:
        return facts.risk_active(self.status)

    def review_due(self, as_of: dt.date) -> bool:
        """Its next review is before `as_of`, and it is still active (see facts.review_due); for a
        withheld next review, what the whole risk said on the status date."""
        if "next_review" in self.withheld:
            return self.withheld_review_due
        return facts.review_due(self.status, self.next_review, as_of)

    @property
    def unmitigated(self) -> bool:
        """Critical or high, and no mitigation in the whole record: not one this audience is not shown."""
        return self.severity in ("critical", "high") and not self.mitigation and "mitigation" not in self.withheld

    def attention(self, as_of: dt.date) -> tuple[str, ...]:
        """Why an active risk needs a decision or help from the sponsors, if it does: it has
        occurred; it is critical or high with no mitigation; or its review is overdue."""
        if not self.is_active:
            return ()
        reasons = []
        if self.status == "occurred":
            reasons.append("occurred")
        if self.unmitigated:
            reasons.append("unmitigated")
        if self.review_due(as_of):
            reasons.append("review_overdue")
        return tuple(reasons)


class Feedback(NamedTuple):
    """One piece of feedback. A named tuple rather than a frozen dataclass: as immutable, read the
    same way, and made four times quicker (a frozen dataclass sets each field through a call),
    which counts for a log of a million pieces."""

    id: str
    date: dt.date
    segment: str
    channel: str
    theme: str
    action: str
    rating: int | None = None
    quote: str | None = None
    consent: bool = False
    response: str | None = None
    milestone: str | None = None
    change: str | None = None
    sprint: int | None = None
    answered_on: dt.date | None = None  # the data's `answered` column: when it was answered, if the team said

    @property
    def answered(self) -> bool:
        return facts.answered(self.action)

    def waiting_days(self, as_of: dt.date) -> int:
        """Days it has waited for an answer by `as_of` (see facts.waiting_days); 0 once answered."""
        return facts.waiting_days(self.action, self.date, as_of)

    @property
    def publishable(self) -> bool:
        return self.consent and bool(self.quote)


@dataclass(frozen=True)
class Sprint:
    id: int
    name: str
    start: dt.date
    end: dt.date
    goal: str
    committed: int
    state: str
    completed: int | None = None
    highlights: tuple[str, ...] = ()
    visibility: str | None = None
    withheld: frozenset[str] = frozenset()  # fields holding a value that this audience does not see

    def withholding(self, names: Iterable[str]) -> Sprint:
        """This sprint without the fields `names`, for an audience that may not see them."""
        return _withheld(self, names)

    @property
    def slug(self) -> str:
        return f"sprint-{self.id:02d}"

    @property
    def worked(self) -> bool:
        """Work was completed in it, whether or not this audience is shown how much."""
        return self.completed is not None or "completed" in self.withheld

    @property
    def done_ratio(self) -> float:
        return (self.completed or 0) / self.committed if self.committed else 0.0


@dataclass(frozen=True)
class Change:
    id: str
    title: str
    requested_by: str
    date: dt.date
    decision: str
    decided: dt.date | None = None
    rationale: str | None = None
    schedule_impact_days: int | None = None
    milestones: tuple[str, ...] = ()
    visibility: str | None = None
    decision_needed_by: dt.date | None = None
    question: str | None = None
    withheld: frozenset[str] = frozenset()  # fields holding a value that this audience does not see
    # Whether the decision was needed before the status date, when that date is withheld: the
    # whole record's answer (see `withholding`).
    withheld_decision_passed: bool = False

    def decision_passed(self, as_of: dt.date) -> bool:
        """Still pending, and the date it was needed by is before `as_of` (see facts.decision_passed);
        as the whole change request says, when that date is withheld."""
        if "decision_needed_by" in self.withheld:
            return self.withheld_decision_passed and self.decision == "pending"
        return facts.decision_passed(self.decision, self.decision_needed_by, as_of)

    def withholding(self, names: Iterable[str], as_of: dt.date) -> Change:
        """This change request without the fields `names`, for an audience that may not see them;
        whether its decision date passed by `as_of` stays what the whole request says."""
        return _withheld(self, names, withheld_decision_passed=self.decision_passed(as_of))

    @property
    def impact_withheld(self) -> bool:
        """It moves the schedule by days this audience is not shown: a total of the others is not the whole."""
        return "schedule_impact_days" in self.withheld


@dataclass(frozen=True)
class Project:
    name: str
    customer: str
    summary: str
    status: str
    headline: str
    status_reason: str
    as_of: dt.date
    update_cadence_days: int
    experience_owner: Contact
    segments: tuple[Segment, ...]
    contacts: tuple[Contact, ...]
    language: str = "en"
    iteration: str = "sprint"  # what the team calls an iteration: sprint, iteration, period or cycle
    work_unit: str = "points"  # what committed and completed count: points, story_points, tasks, hours, days
    # The budget and the tolerances agreed with the sponsors, each optional; None when not given
    # or not for this audience (`internal_fields`).
    currency: str | None = None
    budget_planned: int | None = None
    budget_spent: int | None = None
    budget_forecast: int | None = None
    tolerance_days: int | None = None
    tolerance_cost_percent: int | None = None

    @property
    def cost_beyond_tolerance(self) -> float:
        """How far the forecast at completion exceeds the cost tolerance (see facts.cost_beyond_tolerance)."""
        return facts.cost_beyond_tolerance(self.budget_planned, self.budget_forecast, self.tolerance_cost_percent)

    feedback_survey: str | None = None  # the address of the team's feedback form, if it runs one
    forecast_window: int | None = None  # how many recent closed sprints the forecasts draw on
    warn_below_chance: int | None = None  # a forecast date with a smaller chance (%) is warned of
    warn_unanswered_days: int | None = None  # feedback unanswered for longer than this many days is warned of
    warn_below_commitment: int | None = None  # sprints completing less than this share (%) of their commitment

    @property
    def next_update(self) -> dt.date:
        return facts.next_update(self.as_of, self.update_cadence_days)

    def update_overdue(self, today: dt.date) -> bool:
        """The next update was due before `today` (see facts.update_overdue)."""
        return facts.update_overdue(self.as_of, self.update_cadence_days, today)

    def segment_name(self, segment_id: str) -> str:
        return next((s.name for s in self.segments if s.id == segment_id), segment_id)

    @property
    def segment_contacts(self) -> tuple[Contact, ...]:
        """Each segment's contact, in the order of the segments: whom a customer of that segment calls."""
        by_segment = {c.segment: c for c in self.contacts if c.segment}
        return tuple(by_segment[s.id] for s in self.segments if s.id in by_segment)
