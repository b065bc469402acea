"""The key milestones, "the date" everyone means (go-live): each with the forecast the report
before gave, when it has moved since. Plain dates; render puts them into words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.history.edition import Snapshot
from generator.model.records import Milestone
from generator.model.status import Status


@dataclass(frozen=True)
class KeyDate:
    """A key milestone, and `was`: the forecast the latest earlier published snapshot gave, when
    that differs from the forecast now (None when it did not change, or nothing was published)."""

    milestone: Milestone
    was: dt.date | None = None


def earlier_forecast(milestone_id: str, previous: Snapshot | None) -> dt.date | None:
    """The forecast `previous` published for the milestone, if it published one."""
    if previous is None:
        return None
    for m in previous.doc.get("milestones", []):
        if m["id"] == milestone_id:
            return dt.date.fromisoformat(m["forecast"])
    return None


def key_dates(status: Status, previous: Snapshot | None) -> tuple[KeyDate, ...]:
    """The audience's key milestones by baseline, each with its earlier forecast when it moved."""
    out = []
    for m in sorted((m for m in status.milestones if m.key), key=lambda m: (m.baseline, m.id)):
        was = earlier_forecast(m.id, previous)
        out.append(KeyDate(m, was if was != m.forecast else None))
    return tuple(out)
