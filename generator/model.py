"""The project as customers see it: small frozen records with the figures derived from them.

`build_model` is where the audience is applied: a public model holds no internal record, no
reference to one, no internal field and no private field, and no quote without consent or with
personal details in it, so nothing downstream can leak what it never received.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from .privacy import Redactions, redact
from .validate import Dataset
from .visibility import Audience, for_audience, rows_for_audience

__all__ = ["Audience", "Status", "build_model"]

SEVERITIES = ("critical", "high", "medium", "low")
ACTIVE_RISK = ("open", "mitigating", "occurred")
ANSWERED = ("planned", "done", "declined")


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
    segment: str | None = None
    visibility: str | None = None


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

    @property
    def expected(self) -> dt.date:
        """When it was or will be delivered: the done date once done, the forecast before."""
        return self.done or self.forecast

    @property
    def slip_days(self) -> int:
        return (self.expected - self.baseline).days

    @property
    def is_open(self) -> bool:
        return self.status not in ("done", "cancelled")


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

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact

    @property
    def severity(self) -> str:
        e = self.exposure
        return "critical" if e >= 20 else "high" if e >= 10 else "medium" if e >= 5 else "low"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_RISK


@dataclass(frozen=True, slots=True)
class Feedback:
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

    @property
    def answered(self) -> bool:
        return self.action in ANSWERED

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

    @property
    def slug(self) -> str:
        return f"sprint-{self.id:02d}"

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

    @property
    def next_update(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.update_cadence_days)

    def segment_name(self, segment_id: str) -> str:
        return next((s.name for s in self.segments if s.id == segment_id), segment_id)


@dataclass(frozen=True)
class SprintFeedback:
    """The feedback received during one sprint."""

    received: int
    rating_mean: float | None


QUOTES_SHOWN = 25


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

    @property
    def current_sprint(self) -> Sprint | None:
        active = [s for s in self.sprints if s.state == "active"]
        closed = [s for s in self.sprints if s.state == "closed"]
        return active[0] if active else (closed[-1] if closed else None)

    @property
    def next_milestone(self) -> Milestone | None:
        upcoming = sorted((m for m in self.milestones if m.is_open), key=lambda m: (m.forecast, m.id))
        return upcoming[0] if upcoming else None

    @property
    def active_risks(self) -> list[Risk]:
        return sorted((r for r in self.risks if r.is_active), key=lambda r: (-r.exposure, r.id))

    def risks_by_severity(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for r in self.active_risks:
            counts[r.severity] += 1
        return counts

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

    @functools.cached_property
    def published_quotes(self) -> int:
        """How many answered quotes may be published (their authors consented)."""
        return sum(1 for f in self.feedback if f.publishable and f.answered)

    @functools.cached_property
    def recent_quotes(self) -> tuple[Feedback, ...]:
        """The most recent answered quotes that may be published, newest first."""
        quotes = (f for f in self.feedback if f.publishable and f.answered)
        return tuple(heapq.nlargest(QUOTES_SHOWN, quotes, key=lambda f: f.date))

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


def _keep(ids: Iterable[str], allowed: set[str]) -> tuple[str, ...]:
    return tuple(i for i in ids if i in allowed)


def _sprint_of(day: dt.date, sprints: list[Sprint]) -> int | None:
    for s in sprints:
        if s.start <= day <= s.end:
            return s.id
    return None


def build_model(data: Dataset, audience: Audience = "public") -> Status:
    """The validated data as the model of one audience's site."""
    raw = data.record("project")
    segments = tuple(Segment(**s) for s in data["segments"].dicts())
    contacts_all = [Contact(**c) for c in data["contacts"].dicts()]
    contacts = tuple(Contact(**c) for c in for_audience(data["contacts"], audience))
    owner = next(c for c in contacts_all if c.id == raw["experience_owner"])
    project = Project(
        **{k: v for k, v in raw.items() if k not in ("experience_owner", "language")},
        experience_owner=owner,
        segments=segments,
        contacts=contacts,
        language=raw.get("language") or "en",
    )

    milestone_rows = for_audience(data["milestones"], audience)
    m_ids = {m["id"] for m in milestone_rows}
    milestones = tuple(
        Milestone(**{**m, "dependencies": _keep(m["dependencies"], m_ids), "deliverables": tuple(m["deliverables"])})
        for m in milestone_rows
    )
    risks = tuple(Risk(**{**r, "milestones": _keep(r["milestones"], m_ids)}) for r in for_audience(data["risks"], audience))
    sprints = tuple(
        sorted(
            (Sprint(**{**s, "highlights": tuple(s["highlights"])}) for s in for_audience(data["sprints"], audience)),
            key=lambda s: s.start,
        )
    )
    change_rows = for_audience(data["changes"], audience)
    c_ids = {c["id"] for c in change_rows}
    changes = tuple(Change(**{**c, "milestones": _keep(c["milestones"], m_ids)}) for c in change_rows)

    feedback, redactions = _feedback(data, audience, list(sprints), m_ids, c_ids)
    return Status(project, milestones, risks, feedback, sprints, changes, audience, len(feedback), redactions)


def _feedback(
    data: Dataset, audience: Audience, sprints: list[Sprint], m_ids: set[str], c_ids: set[str]
) -> tuple[tuple[Feedback, ...], Redactions]:
    """The audience's feedback, and what was redacted from its quotes. Built from the table's rows
    rather than one dictionary per record: a log can hold a million of them.

    A quote exists in the model only with consent, and only with personal details taken out."""
    names = ("id", "date", "segment", "channel", "theme", "action", "rating", "quote", "consent", "response", "milestone", "change")
    sprint_of: dict[dt.date, int | None] = {}
    redactions = Redactions()
    out = []
    for f_id, day, segment, channel, theme, action, rating, text, consent, response, milestone, change in rows_for_audience(
        data["feedback"], audience, names
    ):
        quote = None
        if consent and text:
            quote, found = redact(text)
            if found.total:
                redactions += found
        if day not in sprint_of:
            sprint_of[day] = _sprint_of(day, sprints)
        out.append(
            Feedback(
                f_id,
                day,
                segment,
                channel,
                theme,
                action,
                rating,
                quote,
                bool(consent),
                response,
                milestone if milestone in m_ids else None,
                change if change in c_ids else None,
                sprint_of[day],
            )
        )
    return tuple(out), redactions
