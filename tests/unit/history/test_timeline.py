"""timeline(): which published snapshots count as this build's history, and what it is compared with."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from generator.data.validate import validate
from generator.history.edition import Edition, Snapshot
from generator.history.timeline import timeline
from generator.model.build import build_model
from generator.model.status import Status


def _status(minimal: Path) -> Status:
    return build_model(validate(minimal))  # the minimal fixture is in sprint 3


def _snapshot(version: str, sprint: int | None) -> Snapshot:
    return Snapshot(version, version.title(), {"sprint": {"id": sprint}} if sprint is not None else {})


def test_a_plain_build_has_no_history(minimal: Path) -> None:
    t = timeline(_status(minimal))
    assert t.earlier == () and t.previous is None and t.comparison is None
    assert t.reports == (t.current,)
    assert t.current.version == "" and t.current.title == "Pilot polish"  # the current sprint names it
    assert t.current.doc is t.doc and cast(Any, t.doc)["sprint"]["id"] == 3


def test_only_earlier_sprints_are_history_oldest_first(minimal: Path) -> None:
    history = (
        _snapshot("sprint-02", 2),
        _snapshot("sprint-04", 4),  # a later sprint's snapshot is no history of sprint 3
        _snapshot("sprint-01", 1),
        _snapshot("sprint-03", 3),  # this build's own snapshot, published before
        _snapshot("draft", None),  # no sprint: counts as before every sprint
    )
    t = timeline(_status(minimal), Edition(version="sprint-03", title="Sprint 3", history=history))
    assert [s.version for s in t.earlier] == ["draft", "sprint-01", "sprint-02"]
    assert t.previous is not None and t.previous.version == "sprint-02"
    assert [s.version for s in t.reports] == ["draft", "sprint-01", "sprint-02", "sprint-03"]
    assert t.current.title == "Sprint 3"  # the edition's title wins over the sprint's name
    assert t.comparison is not None


def test_this_builds_own_version_is_never_its_own_history(minimal: Path) -> None:
    t = timeline(_status(minimal), Edition(version="sprint-01", history=(_snapshot("sprint-01", 1),)))
    assert t.earlier == () and t.comparison is None
