"""The calendar of dates: read back with a real iCalendar parser, events for the milestones and the
next update with ids that stay, sequences that rise as dates move, folding and escaping as RFC 5545 says."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import pytest

from generator.history.edition import Snapshot
from generator.render.calendar import calendar, escape, fold
from generator.render.i18n import language
from tests.support.sprint_cases import snapshot_at

SITE = "https://status.example.org/"
EN = language("en")
ZH = language("zh")


@pytest.fixture
def reports(minimal: Path) -> list[Snapshot]:
    return [snapshot_at(minimal, sprint, stamped=True) for sprint in (1, 2, 3)]


def _events(text: str) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(text)
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_each_milestone_and_the_next_update_is_an_all_day_event(reports: list[Snapshot]) -> None:
    text = calendar(reports, SITE, EN)
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0" and str(cal["X-WR-CALNAME"]) == "Minimal Project: dates"
    events = _events(text)
    doc: Any = reports[-1].doc
    shown = [m for m in doc["milestones"] if m["status"] != "cancelled"]
    assert len(events) == len(shown) + 1
    pilot = events["Pilot live: expected"]
    assert pilot.decoded("DTSTART") == dt.date(2026, 5, 8)  # the forecast after the slip
    assert pilot.decoded("DTEND") == dt.date(2026, 5, 9)
    assert str(pilot["URL"]) == SITE + "milestones/"
    assert pilot.decoded("DTSTAMP") == dt.datetime(2026, 3, 30, 12, tzinfo=dt.UTC)
    nxt = events["Minimal Project: next status update"]
    assert nxt.decoded("DTSTART") == dt.date.fromisoformat(doc["project"]["next_update"])
    # CRLF line ends, none longer than 75 octets.
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75


def test_ids_stay_and_the_sequence_counts_the_moves(reports: list[Snapshot]) -> None:
    before = _events(calendar(reports[:2], SITE, EN))
    after = _events(calendar(reports, SITE, EN))
    pilot_before, pilot_after = before["Pilot live: expected"], after["Pilot live: expected"]
    assert str(pilot_before["UID"]) == str(pilot_after["UID"])
    assert int(pilot_before["SEQUENCE"]) == 0 and int(pilot_after["SEQUENCE"]) == 1
    uids = [str(e["UID"]) for e in after.values()]
    assert len(set(uids)) == len(uids)
    # The same reports give the same file: the stamp is the report's build time, not the clock's.
    assert calendar(reports, SITE, EN) == calendar(copy.deepcopy(reports), SITE, EN)


def test_text_is_escaped_and_long_lines_folded_between_characters(reports: list[Snapshot]) -> None:
    hostile = copy.deepcopy(reports)
    doc: Any = hostile[-1].doc
    doc["milestones"][0]["title"] = "Go, live; now\\then\nnext line \x01 " + "长" * 40
    text = calendar(hostile, SITE, EN)
    events = _events(text)
    title = "Go, live; now\\then\nnext line  " + "长" * 40
    assert f"{title}: delivered" in events or f"{title}: expected" in events
    assert "Go\\, live\\; now\\\\then\\nnext" in text.replace("\r\n ", "")
    assert escape("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("X" * 74 + "é" + "Y")
    assert folded == "X" * 74 + "\r\n é" + "Y"  # é is two octets: it goes to the next line whole


def test_in_the_sites_language(reports: list[Snapshot]) -> None:
    zh = copy.deepcopy(reports)
    for r in zh:
        doc: Any = r.doc
        doc["project"]["language"] = "zh"
    text = calendar(zh, SITE, ZH)
    assert "SUMMARY;LANGUAGE=zh" in text
    assert "Minimal Project：下次状态更新" in _events(text)
