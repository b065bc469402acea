"""Delivery forecasts: a Monte Carlo simulation over the work completed in past closed sprints.

Each future is played sprint by sprint, each sprint completing as much work as one of the recent
closed sprints did, drawn at random; the open milestones with a scope are worked in the order of
their forecast dates. Over many futures, the sprint that finishes a milestone's work in half of
them is its 50 % date, in 85 of a hundred its 85 % date, and so on; the share of futures that
finish by the milestone's own forecast date is the chance of meeting it. The seed comes from the
data, so the same data gives the same figures on every build and every machine. Plain values, no
words: pages put them into words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from generator.model.records import Milestone, Sprint
from generator.model.status import Status

LIKELIHOODS = (50, 85, 95)  # the percentages each forecast gives a date for
FUTURES = 4000  # futures played: enough that another seed moves no date by more than a sprint
HORIZON = 104  # sprints looked ahead; work not done by then is "not within sight"
MINIMUM = 3  # closed sprints needed for any forecast
SOUND = 6  # closed sprints below which a forecast is rough
WINDOW = 8  # recent closed sprints drawn on unless the project says otherwise

Standing = Literal["none", "rough", "sound"]


@dataclass(frozen=True)
class Outcome:
    """When the work up to one milestone (or all the work, `milestone` None) is done."""

    milestone: str | None
    scope: float  # the work to do up to it, its own and that of everything before it
    # The end date of the sprint that finishes it in `likelihood` % of futures, by likelihood;
    # None where it is not finished within the horizon in that share of futures.
    dates: dict[int, dt.date | None]
    chance: float | None  # the share of futures done by the milestone's own forecast date
    due: dt.date | None = None  # that forecast date

    @property
    def done_already(self) -> bool:
        """No work is left to reach it."""
        return self.scope <= 0


@dataclass(frozen=True)
class Forecast:
    """The delivery forecasts of one model, and what they rest on."""

    standing: Standing  # none (too few closed sprints), rough (fewer than SOUND) or sound
    paces: tuple[float, ...]  # the completed work of the closed sprints drawn on, oldest first
    outcomes: tuple[Outcome, ...]  # each public open milestone with a scope, in the order worked
    whole: Outcome | None  # all the remaining work, the unseen included
    ends: tuple[dt.date, ...]  # the end dates of the sprints ahead, the first the one now running
    futures: int = FUTURES
    seed: int = 0

    @property
    def stalled(self) -> bool:
        """No work was completed in any sprint drawn on: the work never finishes at this pace."""
        return bool(self.paces) and not any(self.paces)

    def of(self, milestone_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.milestone == milestone_id), None)

    def chance(self, milestone: Milestone) -> float | None:
        """The chance of meeting an open milestone's own forecast date; None with no forecast at
        all, for a milestone delivered or cancelled, and for one the forecast does not cover."""
        found = self.of(milestone.id) if self.standing != "none" and milestone.is_open else None
        return found.chance if found is not None else None


@dataclass(frozen=True)
class _Target:
    milestone: str | None  # None for work this audience does not see
    scope: float
    due: dt.date


def paces(sprints: Sequence[Sprint], window: int) -> tuple[float, ...]:
    """The completed work of the last `window` closed sprints whose figure this audience sees."""
    seen = [float(s.completed) for s in sprints if s.state == "closed" and s.completed is not None]
    return tuple(seen[-window:])


def sprint_ends(sprints: Sequence[Sprint], count: int) -> tuple[dt.date, ...]:
    """The end dates of the next `count` sprints: those in the data not yet closed, then more
    following the cadence (the days between the last two sprints' starts)."""
    ordered = sorted(sprints, key=lambda s: s.start)
    ends = [s.end for s in ordered if s.state != "closed"][:count]
    if not ordered:
        return tuple(ends)
    last = ordered[-1]
    step = (last.start - ordered[-2].start).days if len(ordered) > 1 else (last.end - last.start).days + 1
    step = max(step, 1)
    after = ends[-1] if ends else last.end
    while len(ends) < count:
        after += dt.timedelta(days=step)
        ends.append(after)
    return tuple(ends)


def _targets(milestones: Sequence[Milestone], unseen: Sequence[tuple[dt.date, float]]) -> list[_Target]:
    seen = [_Target(m.id, float(m.scope), m.forecast) for m in milestones if m.is_open and m.scope is not None]
    hidden = [_Target(None, scope, due) for due, scope in unseen]
    return sorted(seen + hidden, key=lambda t: (t.due, t.milestone or ""))


def seed_of(drawn: Sequence[float], targets: Sequence[_Target], ends: Sequence[dt.date]) -> int:
    """A seed from the data the simulation reads: the same data, the same futures."""
    text = repr((tuple(drawn), [(t.scope, t.due.isoformat()) for t in targets], ends[0].isoformat() if ends else ""))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _play(drawn: Sequence[float], thresholds: Sequence[float], futures: int, seed: int) -> list[list[int | None]]:
    """For each threshold of cumulative work, the index of the sprint reaching it in each future
    (None when not within the horizon)."""
    rng = random.Random(seed)
    n = len(drawn)
    hits: list[list[int | None]] = [[] for _ in thresholds]
    for _ in range(futures):
        done, t = 0.0, 0
        for sprint in range(HORIZON):
            done += drawn[rng.randrange(n)]
            while t < len(thresholds) and done >= thresholds[t]:
                hits[t].append(sprint)
                t += 1
            if t == len(thresholds):
                break
        for rest in hits[t:]:
            rest.append(None)
    return hits


def _quantile(hit: list[int | None], likelihood: int) -> int | None:
    ordered = sorted(hit, key=lambda h: HORIZON if h is None else h)
    return ordered[max(0, math.ceil(len(ordered) * likelihood / 100) - 1)]


def _outcome(target: _Target | None, scope: float, hit: list[int | None], ends: Sequence[dt.date]) -> Outcome:
    if scope <= 0:
        return Outcome(target.milestone if target else None, 0.0, dict.fromkeys(LIKELIHOODS), 1.0, target.due if target else None)
    dates: dict[int, dt.date | None] = {}
    for likelihood in LIKELIHOODS:
        i = _quantile(hit, likelihood)
        dates[likelihood] = None if i is None else ends[i]
    chance = None
    if target is not None:
        chance = sum(1 for h in hit if h is not None and ends[h] <= target.due) / len(hit)
    return Outcome(target.milestone if target else None, scope, dates, chance, target.due if target else None)


def forecast(status: Status, futures: int = FUTURES, seed: int | None = None) -> Forecast:
    """The delivery forecasts of `status`: none with fewer than MINIMUM closed sprints seen."""
    window = status.project.forecast_window or WINDOW
    drawn = paces(status.sprints, window)
    ends = sprint_ends(status.sprints, HORIZON)
    closed = sum(1 for s in status.sprints if s.state == "closed" and s.completed is not None)
    if closed < MINIMUM or not ends:
        return Forecast("none", drawn, (), None, ends, futures)
    targets = _targets(status.milestones, status.unseen_scope)
    if seed is None:
        seed = seed_of(drawn, targets, ends)
    thresholds = []
    total = 0.0
    for t in targets:
        total += t.scope
        thresholds.append(total)
    hits = _play(drawn, [*thresholds, total], futures, seed) if targets else [[]]
    outcomes = tuple(_outcome(t, thresholds[i], hits[i], ends) for i, t in enumerate(targets) if t.milestone is not None)
    whole = _outcome(None, total, hits[-1], ends) if targets else None
    return Forecast("rough" if closed < SOUND else "sound", drawn, outcomes, whole, ends, futures, seed)
