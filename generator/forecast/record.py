"""The forecasts' own track record: for each milestone delivered, what the forecasts published
before its delivery said, and whether it was delivered by their 85 % date. Plain values, no words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.history.edition import Snapshot
from generator.model.status import Status


@dataclass(frozen=True)
class Said:
    """What one published snapshot's forecast gave a milestone."""

    snapshot: str  # the snapshot's label: its sprint's name, or its version
    p50: dt.date | None
    p85: dt.date | None
    p95: dt.date | None

    def kept(self, done: dt.date) -> bool:
        """The delivery fell by the 85 % date."""
        return self.p85 is not None and done <= self.p85


@dataclass(frozen=True)
class Record:
    """A milestone delivered, and the forecasts published for it before."""

    milestone: str
    done: dt.date
    said: tuple[Said, ...]  # oldest first

    @property
    def kept(self) -> int:
        return sum(s.kept(self.done) for s in self.said)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def track_record(status: Status, earlier: Sequence[Snapshot]) -> tuple[Record, ...]:
    """Each milestone `status` shows delivered, on a date it shows, with the forecasts `earlier`
    snapshots gave it (snapshots already stripped of what is internal now)."""
    out = []
    for m in status.milestones:
        if m.state != "delivered" or m.done is None:
            continue
        said = []
        for snap in earlier:
            forecasts = snap.doc.get("forecasts")
            given = next((f for f in forecasts["milestones"] if f["id"] == m.id), None) if forecasts else None
            if given is not None:
                dates = given["dates"]
                said.append(Said(snap.label, _day(dates["p50"]), _day(dates["p85"]), _day(dates["p95"])))
        if said:
            out.append(Record(m.id, m.done, tuple(said)))
    return tuple(out)
