"""Every feed and the calendar of a published history, read as validators and feed readers read
them: each feed names its own address as its own (the W3C feed validator warns otherwise), entries
have unique ids and times, dates are RFC 3339 (Atom) and RFC 822 (RSS); the calendar at the site
root parses as iCalendar and is the latest snapshot's."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import icalendar
import pytest

from tests.support.publishing import SITE_URL

pytestmark = pytest.mark.slow

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def _feeds(site: Path, name: str) -> dict[str, Path]:
    found = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob(name))}
    assert name in found and len(found) >= 3, found  # the root's and every snapshot's
    return found


def test_every_atom_feed_names_itself_and_never_repeats_an_id_or_a_time(published_site: Path) -> None:
    for rel, path in _feeds(published_site, "feed.xml").items():
        data = path.read_bytes()
        assert not feedparser.parse(data).bozo, rel
        feed = ET.fromstring(data)
        self_link = feed.find(f"{A}link[@rel='self']")
        assert self_link is not None and self_link.get("href") == SITE_URL + rel, rel
        assert feed.findtext(f"{A}id") == SITE_URL + "feed.xml"  # one feed, wherever a copy is served
        entries = feed.findall(f"{A}entry")
        ids = [e.findtext(f"{A}id") for e in entries]
        times = [e.findtext(f"{A}updated") or "" for e in entries]
        assert entries and len(set(ids)) == len(ids), rel
        assert all(RFC3339.fullmatch(t) for t in [*times, feed.findtext(f"{A}updated") or ""]), rel
        assert times == sorted(set(times), reverse=True), rel  # newest first, no two alike
        assert feed.findtext(f"{A}updated") == times[0], rel


def test_every_rss_feed_names_itself_and_never_repeats_a_guid_or_a_date(published_site: Path) -> None:
    for rel, path in _feeds(published_site, "rss.xml").items():
        data = path.read_bytes()
        assert not feedparser.parse(data).bozo, rel
        channel = ET.fromstring(data).find("channel")
        assert channel is not None
        self_link = channel.find(f"{A}link[@rel='self']")
        assert self_link is not None and self_link.get("href") == SITE_URL + rel, rel
        assert self_link.get("type") == "application/rss+xml"
        items = channel.findall("item")
        guids = [i.findtext("guid") for i in items]
        dates = [parsedate_to_datetime(i.findtext("pubDate") or "") for i in items]
        assert items and len(set(guids)) == len(guids), rel
        assert dates == sorted(set(dates), reverse=True), rel


def test_the_calendar_is_at_the_root_and_linked_from_the_overview_and_the_milestones(published_site: Path) -> None:
    root = (published_site / "calendar.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(root)
    events = cal.walk("VEVENT")
    assert events and all(e.get("UID") and e.get("DTSTAMP") for e in events)
    latest = sorted(p for p in published_site.glob("*/calendar.ics"))[-1]
    assert latest.read_bytes() == root
    link = f'href="{SITE_URL}calendar.ics"'
    version = latest.parent
    assert link in (version / "index.html").read_text(encoding="utf-8")
    assert link in (version / "milestones" / "index.html").read_text(encoding="utf-8")
