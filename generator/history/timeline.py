"""This build's place in the publishing history: its status document, the snapshots published
before it, and what changed since the previous one. Pure: the edition brings the earlier
snapshots in as data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.history.compare import Comparison, between
from generator.history.document import ForecastsDoc, StatusDoc, WarningDoc
from generator.history.edition import Edition, Snapshot
from generator.history.keydates import KeyDate, key_dates
from generator.history.statusdoc import status_document
from generator.history.withheld import all_shown
from generator.model.status import Status


@dataclass(frozen=True)
class Timeline:
    """This build among the published snapshots, oldest first."""

    edition: Edition
    doc: StatusDoc  # this build's status document (status.json)
    current: Snapshot
    earlier: tuple[Snapshot, ...]  # snapshots of sprints before this build's, oldest first
    comparison: Comparison | None  # what changed since the last of `earlier`
    key_dates: tuple[KeyDate, ...] = ()  # the key milestones, with the forecast `previous` gave

    @property
    def previous(self) -> Snapshot | None:
        return self.earlier[-1] if self.earlier else None

    @property
    def reports(self) -> tuple[Snapshot, ...]:
        """Every report, this one last: what the trend charts draw and the feeds list."""
        return (*self.earlier, self.current)


def _label(status: Status, edition: Edition) -> str:
    sprint = status.current_sprint
    return sprint.name if sprint else (edition.version or "Now")


def _earlier(status: Status, edition: Edition) -> tuple[Snapshot, ...]:
    """The snapshots of sprints before this build's sprint, oldest first: its own (or a later one) is no history.
    Each is stripped of whatever is internal now, before anything reads it."""
    sprint = status.current_sprint
    found = [s for s in edition.history if s.version != edition.version and (sprint is None or (s.sprint or 0) < sprint.id)]
    return all_shown(sorted(found, key=lambda s: s.sprint or 0), status.withheld)


def timeline(
    status: Status,
    edition: Edition | None = None,
    forecasts: ForecastsDoc | None = None,
    warned: Callable[[tuple[Snapshot, ...]], list[WarningDoc]] | None = None,
) -> Timeline:
    """Where `status`, published as `edition` (by default a plain build), stands in the history;
    its status document gives the delivery `forecasts` when there are any, and the early warnings
    `warned` finds with the snapshots before it."""
    edition = edition or Edition()
    earlier = _earlier(status, edition)
    doc = status_document(status, edition)
    if forecasts is not None:
        doc["forecasts"] = forecasts
    if warned is not None:
        doc["warnings"] = warned(earlier)
    label = _label(status, edition)
    current = Snapshot(edition.version or "", edition.title or label, doc)
    previous = earlier[-1] if earlier else None
    comparison = between(previous, current) if previous else None
    return Timeline(edition, doc, current, earlier, comparison, key_dates(status, previous))
