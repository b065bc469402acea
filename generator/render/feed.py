"""Atom and RSS feeds of status updates: one entry per snapshot and one per change of overall status.

Entries are made from status documents only (public data, stripped of whatever is internal now
by the history stage) and each carries the "what changed" summary. Text is escaped twice over
where it must be: once as HTML inside the entry's content, once as XML by ElementTree;
characters XML 1.0 cannot hold are dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import format_datetime

from generator.history.compare import Comparison, between
from generator.history.document import ProjectDoc
from generator.history.edition import Snapshot
from generator.render.changes import lines as change_lines
from generator.render.i18n import Language
from generator.render.text import xml_safe

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_FILE = "feed.xml"
RSS_FILE = "rss.xml"
MAX_ENTRIES = 60
# The namespace of feed ids without a site address: any fixed UUID serves, as long as it never changes.
FEED_NAMESPACE = uuid.UUID("0b5e7c1e-6a1d-5d2f-9a57-6c1a55b0e5e1")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: dt.datetime
    lines: tuple[str, ...]
    headline: str


def _when(report: Snapshot) -> dt.datetime:
    """When the report was built; for one without a stamp, the start of its status date."""
    if stamp := report.doc.get("stamp"):
        try:
            return dt.datetime.strptime(stamp["built"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    day = report.as_of or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _project(report: Snapshot) -> ProjectDoc | None:
    return report.doc.get("project")


def feed_id(reports: Sequence[Snapshot], site_url: str) -> str:
    """The feed's id, which must be an absolute IRI that never changes and that no other feed has: the
    feed's address, or without one a name-based UUID of the project's name and customer, which holds
    for names in any script (a name with no ASCII letters is as distinct as any other)."""
    return f"{site_url}{ATOM_FILE}" if site_url else _urn(reports)


def _urn(reports: Sequence[Snapshot], *parts: str) -> str:
    """A name-based UUID URN of the project (its name and customer) and `parts` (a snapshot, a change)."""
    project = _project(reports[-1]) if reports else None
    key = "\n".join((project["name"] if project else "", project["customer"] if project else "", *parts))
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, key)}"


def _status_word(lang: Language, value: str) -> str:
    return lang.label("project.status", value)


def _first_lines(
    previous: Snapshot | None, report: Snapshot, lang: Language, change: Comparison | None = None
) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """The entry's lines, and the overall status's change (before, after) when it changed; `change`
    is what changed from `previous` to `report`, when worked out already."""
    if previous is None:
        return (lang.gettext("The first published status."),), None
    change = change or between(previous, report)
    lines = tuple(change_lines(change, lang)) or (lang.gettext("Nothing changed since the previous report."),)
    return lines, (change.status.before, change.status.after) if change.status else None


def entries(reports: Sequence[Snapshot], site_url: str, lang: Language, last: Comparison | None = None) -> list[Entry]:
    """Newest first: an entry for each report, and one more where the overall status changed.
    Reports built at the same time (a closed sprint's final snapshot and the next one's) keep
    their order: the later sprint's first. Without `site_url` entries have no links: a feed reader
    cannot follow a relative one. `last`: what changed from the report before the last to the
    last, when worked out already (the timeline has it)."""
    out: list[tuple[int, int, Entry]] = []
    for i, report in enumerate(reports):
        project = _project(report)
        headline, status = (project["headline"], project["status"]) if project else ("", "")
        base = f"{site_url}{report.version}/" if report.version and site_url else site_url
        # Atom ids must be absolute IRIs and never change: the snapshot's URL, or a URN of it.
        ident = base if site_url else _urn(reports, report.version or "site")
        lines, shift = _first_lines(reports[i - 1] if i else None, report, lang, last if i == len(reports) - 1 else None)
        if shift:
            title = lang.gettext(
                "Status changed from %(before)s to %(after)s: %(headline)s",
                before=_status_word(lang, shift[0]),
                after=_status_word(lang, shift[1]),
                headline=headline,
            )
            changed = f"{ident}#status-{shift[0]}-{shift[1]}" if site_url else _urn(reports, report.version or "site", "status", *shift)
            out.append((i, 1, Entry(changed, title, base, _when(report), lines[:1], headline)))
        title = lang.gettext(
            "%(snapshot)s: %(status)s – %(headline)s", snapshot=report.label, status=_status_word(lang, status), headline=headline
        )
        out.append((i, 0, Entry(ident, title, f"{base}what-changed/" if site_url else "", _when(report), lines, headline)))
    out.sort(key=lambda e: (e[2].updated, e[0], e[1]))
    return list(reversed(_apart(e for _, _, e in out)))[:MAX_ENTRIES]


def _apart(oldest_first: Iterable[Entry]) -> list[Entry]:
    """The entries with times that never repeat: one at the same second as the entry before it (a
    change of status and its report, two reports built together) a second later. Entries come in
    publishing order, so a newer report never moves an older entry's time."""
    out: list[Entry] = []
    for e in oldest_first:
        if out and e.updated <= out[-1].updated:
            e = dataclasses.replace(e, updated=out[-1].updated + dt.timedelta(seconds=1))
        out.append(e)
    return out


def moved(text: bytes, old: str, new: str) -> bytes:
    """A feed's text with its own address (its self link) changed from the one under `old` to the one under `new`."""
    out = text
    for name in (ATOM_FILE, RSS_FILE):
        out = out.replace(f'href="{old}{name}"'.encode(), f'href="{new}{name}"'.encode())
    return out


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


def _heading(reports: Sequence[Snapshot], lang: Language) -> tuple[str, str, str]:
    """The project's name, the feed's title and its subtitle."""
    project = _project(reports[-1]) if reports else None
    name = project["name"] if project else ""
    title = lang.gettext("%(project)s: status updates", project=name) if name else lang.gettext("Status updates")
    return name, title, lang.gettext("Each published status report and each change of overall status, with what changed.")


def atom(reports: Sequence[Snapshot], site_url: str, lang: Language, here: str | None = None, found: list[Entry] | None = None) -> str:
    """The Atom feed (RFC 4287) for the reports, oldest first in `reports`, in the project's language;
    `here` is the address of the directory the feed is served from (the site's by default). `found`:
    the reports' `entries`, when worked out already (each compares two whole reports)."""
    ET.register_namespace("", ATOM_NS)
    a = f"{{{ATOM_NS}}}"
    name, title, subtitle = _heading(reports, lang)
    found = entries(reports, site_url, lang) if found is None else found
    feed = ET.Element(f"{a}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang.code})
    _sub(feed, f"{a}title", title)
    _sub(feed, f"{a}subtitle", subtitle)
    _sub(feed, f"{a}id", feed_id(reports, site_url))
    _sub(feed, f"{a}updated", _iso(found[0].updated) if found else "1970-01-01T00:00:00Z")
    if site_url:
        _sub(feed, f"{a}link", rel="self", type="application/atom+xml", href=f"{site_url if here is None else here}{ATOM_FILE}")
        _sub(feed, f"{a}link", rel="alternate", type="text/html", href=site_url)
    author = _sub(feed, f"{a}author")
    _sub(author, f"{a}name", name or title)
    for e in found:
        entry = _sub(feed, f"{a}entry")
        _sub(entry, f"{a}title", e.title)
        _sub(entry, f"{a}id", e.id)
        _sub(entry, f"{a}updated", _iso(e.updated))
        if e.link:
            _sub(entry, f"{a}link", rel="alternate", type="text/html", href=e.link)
        _sub(entry, f"{a}content", _content(e), type="html")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def rss(reports: Sequence[Snapshot], site_url: str, lang: Language, here: str | None = None, found: list[Entry] | None = None) -> str:
    """The same entries as RSS 2.0, for readers that only take RSS. Without `site_url` (a local build:
    `glasshouse publish` requires one) the channel and its items have no links rather than relative ones."""
    _, title, subtitle = _heading(reports, lang)
    found = entries(reports, site_url, lang) if found is None else found
    ET.register_namespace("atom", ATOM_NS)
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", title)
    if site_url:
        _sub(channel, "link", site_url)
        # The feed's own address, as the RSS Advisory Board recommends (the W3C validator warns without it).
        _sub(channel, f"{{{ATOM_NS}}}link", rel="self", type="application/rss+xml", href=f"{site_url if here is None else here}{RSS_FILE}")
    _sub(channel, "description", subtitle)
    _sub(channel, "language", lang.locale.language)
    if found:
        _sub(channel, "lastBuildDate", format_datetime(found[0].updated, usegmt=True))
    for e in found:
        item = _sub(channel, "item")
        _sub(item, "title", e.title)
        if e.link:
            _sub(item, "link", e.link)
        _sub(item, "guid", e.id, isPermaLink="false")
        _sub(item, "pubDate", format_datetime(e.updated, usegmt=True))
        _sub(item, "description", _content(e))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
