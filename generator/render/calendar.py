"""The calendar of dates (iCalendar, RFC 5545): each milestone's forecast or delivery date and the
next status update, as all-day events a customer subscribes to once and sees move.

Events are made from status documents only (public data in a public build), so an internal
milestone never appears. Each event's UID is a name-based UUID of the project and the milestone
(or "the next update"), the same on every publish; its SEQUENCE counts how often its date moved
over the published reports, so calendar programs take the newer date. DTSTAMP is when this report
was built (the build clock, SOURCE_DATE_EPOCH when set): the same inputs give the same file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.clock import build_time
from generator.history.document import MilestoneDoc
from generator.history.edition import Snapshot
from generator.render.feed import FEED_NAMESPACE
from generator.render.i18n import Language
from generator.render.text import xml_safe

CALENDAR_FILE = "calendar.ics"
_FOLD = 75  # octets a content line holds before it is folded (RFC 5545, 3.1)


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str
    url: str
    sequence: int


def escape(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, line breaks as `\\n`,
    other control characters dropped."""
    text = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return "".join(c for c in text if c == "\t" or (ord(c) >= 32 and ord(c) != 127))


def fold(line: str) -> str:
    """A content line folded to at most 75 octets a line, never inside a UTF-8 character, each
    continuation starting with a space (RFC 5545, 3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, _FOLD
    for c in line:
        n = len(c.encode("utf-8"))
        if size + n > limit:
            parts.append(current)
            current, size, limit = "", 0, _FOLD - 1
        current += c
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def _uid(reports: Sequence[Snapshot], *parts: str) -> str:
    project = reports[-1].doc.get("project") if reports else None
    key = "\n".join((project["name"] if project else "", project["customer"] if project else "", "calendar", *parts))
    return f"{uuid.uuid5(FEED_NAMESPACE, key)}@glasshouse"


def _moves(days: Iterable[str | None]) -> int:
    """How often a date changed from one report to the next (reports without it left out)."""
    seen = [d for d in days if d]
    return sum(1 for a, b in itertools.pairwise(seen) if a != b)


def _day(m: MilestoneDoc) -> str:
    return m["done"] or m["forecast"]


def _milestone(m: MilestoneDoc, reports: Sequence[Snapshot], lang: Language, url: str) -> Event:
    history = [next((o for o in r.doc.get("milestones", []) if o["id"] == m["id"]), None) for r in reports]
    status = lang.label("milestones.status", m["status"])
    if m["done"]:
        summary = lang.gettext("%(milestone)s: delivered", milestone=m["title"])
    else:
        summary = lang.gettext("%(milestone)s: expected", milestone=m["title"])
    description = lang.gettext(
        "%(id)s %(milestone)s. Status: %(status)s. First promised for %(baseline)s.",
        id=m["id"],
        milestone=m["title"],
        status=status,
        baseline=lang.date(dt.date.fromisoformat(m["baseline"])),
    )
    sequence = _moves(_day(o) if o else None for o in history)
    return Event(_uid(reports, "milestone", m["id"]), dt.date.fromisoformat(_day(m)), summary, description, url, sequence)


def events(reports: Sequence[Snapshot], site_url: str, lang: Language) -> list[Event]:
    """The events of the newest report: its milestones (cancelled ones left out), then its next update."""
    if not reports:
        return []
    doc = reports[-1].doc
    found = [
        _milestone(m, reports, lang, f"{site_url}milestones/" if site_url else "")
        for m in doc.get("milestones", [])
        if m["status"] != "cancelled"
    ]
    project = doc.get("project")
    if project and project.get("next_update"):
        found.append(
            Event(
                _uid(reports, "next-update"),
                dt.date.fromisoformat(project["next_update"]),
                lang.gettext("%(project)s: next status update", project=project["name"]),
                lang.gettext("The next status report of %(project)s is published on this day.", project=project["name"]),
                site_url,
                _moves(r.doc["project"].get("next_update") for r in reports if r.doc.get("project")),
            )
        )
    return found


def _stamp(reports: Sequence[Snapshot]) -> dt.datetime:
    """When the newest report was built, as its stamp says; else the build clock's now."""
    stamp = reports[-1].doc.get("stamp") if reports else None
    if stamp:
        try:
            return dt.datetime.strptime(stamp["built"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    return build_time()


def calendar(reports: Sequence[Snapshot], site_url: str, lang: Language) -> str:
    """The calendar for the reports, oldest first in `reports`, in the project's language, with CRLF line ends."""
    project = reports[-1].doc.get("project") if reports else None
    name = lang.gettext("%(project)s: dates", project=project["name"]) if project else lang.gettext("Dates")
    stamp = _stamp(reports).strftime("%Y%m%dT%H%M%SZ")
    language = f";LANGUAGE={lang.code}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Glasshouse//Status dates//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME{language}:{escape(name)}",
        f"X-WR-CALNAME:{escape(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    for e in events(reports, site_url, lang):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{e.day + dt.timedelta(days=1):%Y%m%d}",
            f"SEQUENCE:{e.sequence}",
            f"SUMMARY{language}:{escape(e.summary)}",
            f"DESCRIPTION{language}:{escape(e.description)}",
            *([f"URL:{e.url}"] if e.url else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
