"""The update e-mail's words: headline and status, what changed, what is late and why, next update, link; in the site's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.data.validate import validate
from generator.history.edition import Snapshot
from generator.model.build import build_model
from generator.render.i18n import language
from generator.render.update import Segment, compose, segments
from tests.support.sprint_cases import snapshot_at as snapshot

SITE = "https://status.example.org/"
WHO = Segment("pilot", "Pilot users", "Ann Contact", "ann@example.org")


@pytest.fixture
def two(minimal: Path) -> tuple[Snapshot, Snapshot]:
    return snapshot(minimal, 2), snapshot(minimal, 3)


def test_an_update_says_status_changes_lateness_next_date_and_link(two: tuple[Snapshot, Snapshot]) -> None:
    update = compose(*two, SITE, language("en"), WHO)
    assert update.subject == "Minimal Project: amber – Pilot two weeks late"
    assert update.link == SITE + "sprint-03/"
    text = update.text
    assert text.startswith("Hello Pilot users,\n\nOverall status: amber. Pilot two weeks late\n")
    assert "- Overall status: green → amber. Pilot two weeks late." in text
    assert "What is late, and why" in text
    assert "Next update: " in text and "Read the full report: https://status.example.org/sprint-03/" in text
    assert "Questions? Write to Ann Contact: ann@example.org" in text
    assert f'href="{SITE}sprint-03/"' in update.html and 'lang="en"' in update.html
    assert '<meta name="color-scheme" content="light dark">' in update.html
    assert "<style" not in update.html and "class=" not in update.html  # inline styles only


def test_the_first_update_and_a_late_milestone_with_its_risk(minimal: Path) -> None:
    latest = snapshot(minimal, 3)
    doc: Any = latest.doc
    pilot = next(m for m in doc["milestones"] if m["forecast"] == "2026-05-08")
    late = compose(None, latest, SITE, language("en"), WHO).text
    assert "- The first published status." in late
    assert ("days late, now forecast for" in late) == any(m.get("slip_days") for m in doc["milestones"] if m["status"] != "done")
    assert pilot["id"] in late or "Nothing is late." in late


def test_the_update_is_written_in_the_sites_language(two: tuple[Snapshot, Snapshot]) -> None:
    update = compose(*two, SITE, language("zh"), WHO)
    assert "What changed" not in update.text and "Read the full report" not in update.text
    assert 'lang="zh"' in update.html


def test_segments_name_each_segments_contact(minimal: Path) -> None:
    status = build_model(validate(minimal))
    found = segments(status)
    assert found and all(s.contact_email and s.name for s in found.values())
    assert set(found) == {s.id for s in status.project.segments}
    for c in status.project.segment_contacts:
        assert found[str(c.segment)].contact_email == c.email
