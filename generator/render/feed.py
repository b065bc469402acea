"""Atom and RSS feeds of status updates: one entry per snapshot and one per change of overall status.

Entries are made from status documents only (public data, stripped of whatever is internal now
by the history stage) and each carries the "what changed" summary. Text is escaped twice over
where it must be: once as HTML inside the entry's content, once as XML by ElementTree;
characters XML 1.0 cannot hold are dropped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any

from generator.history.compare import between
from generator.history.edition import Snapshot
from generator.render.changes import lines as change_lines
from generator.render.text import xml_safe

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_FILE = "feed.xml"
RSS_FILE = "rss.xml"
MAX_ENTRIES = 60


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: dt.datetime
    lines: tuple[str, ...]
    headline: str


def _when(doc: Mapping[str, Any]) -> dt.datetime:
    stamp = doc.get("stamp")
    if isinstance(stamp, Mapping) and isinstance(stamp.get("built"), str):
        try:
            return dt.datetime.strptime(stamp["built"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    project = doc.get("project") or {}
    try:
        day = dt.date.fromisoformat(project.get("as_of", ""))
    except (TypeError, ValueError):
        day = dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _project(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    project = doc.get("project")
    return project if isinstance(project, Mapping) else {}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "project"


def entries(reports: Sequence[Snapshot], site_url: str) -> list[Entry]:
    """Newest first: an entry for each report, and one more where the overall status changed.
    Reports built at the same time (a closed sprint's final snapshot and the next one's) keep
    their order: the later sprint's first."""
    out: list[tuple[int, Entry]] = []
    name = str(_project(reports[-1].doc).get("name", "")) if reports else ""
    for i, report in enumerate(reports):
        project = _project(report.doc)
        headline = str(project.get("headline", ""))
        status = str(project.get("status", ""))
        base = f"{site_url}{report.version}/" if report.version else site_url
        # Atom ids must be absolute IRIs and never change: the snapshot's URL, or a URN without one.
        ident = base if site_url else f"urn:glasshouse:{_slug(name)}:{report.version or 'site'}"
        previous = reports[i - 1] if i else None
        if previous is None:
            lines: tuple[str, ...] = ("The first published status.",)
        else:
            change = between(previous, report)
            lines = tuple(change_lines(change)) or ("Nothing changed since the previous report.",)
            if change.status:
                out.append(
                    (
                        i,
                        Entry(
                            f"{ident}#status-{change.status.before}-{change.status.after}",
                            f"Status changed from {change.status.before} to {change.status.after}: {headline}",
                            base,
                            _when(report.doc),
                            lines[:1],
                            headline,
                        ),
                    )
                )
        out.append((i, Entry(ident, f"{report.label}: {status} – {headline}", f"{base}what-changed/", _when(report.doc), lines, headline)))
    out.sort(key=lambda e: (e[1].updated, e[0]), reverse=True)
    return [e for _, e in out[:MAX_ENTRIES]]


def _content(entry: Entry) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in entry.lines)
    return f"<p>{html.escape(entry.headline)}</p><ul>{items}</ul>"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_safe(text)
    return el


def _iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(reports: Sequence[Snapshot], site_url: str) -> str:
    """The Atom feed (RFC 4287) for the reports, oldest first in `reports`."""
    ET.register_namespace("", ATOM_NS)
    a = f"{{{ATOM_NS}}}"
    name = str(_project(reports[-1].doc).get("name", "Project")) if reports else "Project"
    found = entries(reports, site_url)
    feed = ET.Element(f"{a}feed")
    _sub(feed, f"{a}title", f"{name}: status updates")
    _sub(feed, f"{a}subtitle", "Each published status report and each change of overall status, with what changed.")
    _sub(feed, f"{a}id", f"{site_url}{ATOM_FILE}" if site_url else f"urn:glasshouse:{_slug(name)}:feed")
    _sub(feed, f"{a}updated", _iso(found[0].updated) if found else "1970-01-01T00:00:00Z")
    if site_url:
        _sub(feed, f"{a}link", rel="self", type="application/atom+xml", href=f"{site_url}{ATOM_FILE}")
        _sub(feed, f"{a}link", rel="alternate", type="text/html", href=site_url)
    author = _sub(feed, f"{a}author")
    _sub(author, f"{a}name", name)
    for e in found:
        entry = _sub(feed, f"{a}entry")
        _sub(entry, f"{a}title", e.title)
        _sub(entry, f"{a}id", e.id)
        _sub(entry, f"{a}updated", _iso(e.updated))
        _sub(entry, f"{a}link", rel="alternate", type="text/html", href=e.link)
        _sub(entry, f"{a}content", _content(e), type="html")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def rss(reports: Sequence[Snapshot], site_url: str) -> str:
    """The same entries as RSS 2.0, for readers that only take RSS."""
    name = str(_project(reports[-1].doc).get("name", "Project")) if reports else "Project"
    found = entries(reports, site_url)
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", f"{name}: status updates")
    _sub(channel, "link", site_url or "./")
    _sub(channel, "description", "Each published status report and each change of overall status, with what changed.")
    if found:
        _sub(channel, "lastBuildDate", format_datetime(found[0].updated, usegmt=True))
    for e in found:
        item = _sub(channel, "item")
        _sub(item, "title", e.title)
        _sub(item, "link", e.link or "./")
        _sub(item, "guid", e.id, isPermaLink="false")
        _sub(item, "pubDate", format_datetime(e.updated, usegmt=True))
        _sub(item, "description", _content(e))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
