"""An update e-mail's words: the headline and status, what changed since the last update, what is
late and why, the next update's date and a link to the snapshot, as plain text and as HTML.

Made from status documents only (public data, the audience already applied), with the one
vocabulary of "what changed" (`changes.lines`) and the model's own questions for lateness
(`facts`), never a second sum. The HTML has inline styles only, one narrow column that reads on a
phone, and no colour a mail client's dark mode could turn unreadable: text keeps the client's own
colours and the status is said in words, its colour a border beside them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from generator import facts
from generator.history.compare import between
from generator.history.edition import Snapshot
from generator.history.news import day
from generator.model.status import Status
from generator.render.changes import lines as change_lines
from generator.render.i18n import Language

# A border beside the status word: mid-tone colours that read on a light and a dark background.
STATUS_COLOURS = {"green": "#2e9d4f", "amber": "#d4a017", "red": "#d9453b"}


@dataclass(frozen=True)
class Segment:
    """Who an update goes to: a customer segment's name and its contact (name and address), as the model gives them."""

    id: str
    name: str
    contact_name: str
    contact_email: str


@dataclass(frozen=True)
class Update:
    subject: str
    text: str
    html: str
    link: str


def segments(status: Status) -> dict[str, Segment]:
    """Each customer segment with its contact, from the model (the audience applied), the experience owner
    where a segment has none: whom an update names."""
    project = status.project
    by_segment = {c.segment: c for c in project.segment_contacts}
    out = {}
    for s in project.segments:
        contact = by_segment.get(s.id, project.experience_owner)
        out[s.id] = Segment(s.id, s.name, contact.name, contact.email)
    return out


def late_lines(latest: Snapshot, lang: Language) -> list[str]:
    """Each open milestone late on the snapshot's status date, by how much, and the active risks tied to it."""
    doc, out = latest.doc, []
    when = latest.as_of
    risks = [r for r in doc.get("risks", []) if r.get("status") != "closed"]
    for m in doc.get("milestones", []):
        baseline, forecast = day(m.get("baseline")), day(m.get("forecast"))
        if baseline is None or forecast is None:
            continue
        late = facts.late_days(str(m.get("status")), baseline, forecast, when)
        if not late:
            continue
        why = ", ".join(f"{r['id']} {r['title']}" for r in risks if m["id"] in r.get("milestones", []))
        values = {"id": m["id"], "title": m["title"], "n": late, "date": lang.date(forecast)}
        if why:
            out.append(
                lang.ngettext(
                    "%(id)s %(title)s: %(n)s day late, now forecast for %(date)s. Risks: %(why)s.",
                    "%(id)s %(title)s: %(n)s days late, now forecast for %(date)s. Risks: %(why)s.",
                    late, why=why, **values,
                )
            )  # fmt: skip
        else:
            out.append(
                lang.ngettext(
                    "%(id)s %(title)s: %(n)s day late, now forecast for %(date)s.",
                    "%(id)s %(title)s: %(n)s days late, now forecast for %(date)s.",
                    late, **values,
                )
            )  # fmt: skip
    return out


def changed_lines(previous: Snapshot | None, latest: Snapshot, lang: Language) -> list[str]:
    """What changed since the last update sent, in the words of the "What changed" page."""
    if previous is None:
        return [lang.gettext("The first published status.")]
    return change_lines(between(previous, latest), lang) or [lang.gettext("Nothing changed since the previous report.")]


def _link(latest: Snapshot, site_url: str) -> str:
    return f"{site_url}{latest.version}/" if latest.version else site_url


def compose(previous: Snapshot | None, latest: Snapshot, site_url: str, lang: Language, segment: Segment) -> Update:
    """The update for one segment: `previous` is the snapshot the last update announced (None: the first)."""
    project = latest.doc["project"]
    status = lang.label("project.status", project["status"])
    subject = lang.gettext("%(project)s: %(status)s – %(headline)s", project=project["name"], status=status, headline=project["headline"])
    changed, late = changed_lines(previous, latest, lang), late_lines(latest, lang)
    link = _link(latest, site_url)
    nxt = day(project.get("next_update"))
    sections = [
        (lang.gettext("What changed since the last update"), changed),
        (lang.gettext("What is late, and why"), late or [lang.gettext("Nothing is late.")]),
    ]
    greeting = lang.gettext("Hello %(segment)s,", segment=segment.name)
    intro = lang.gettext("Overall status: %(status)s. %(headline)s", status=status, headline=project["headline"])
    next_line = lang.gettext("Next update: %(date)s.", date=lang.date(nxt)) if nxt else ""
    contact = lang.gettext("Questions? Write to %(name)s: %(email)s", name=segment.contact_name, email=segment.contact_email)
    read = lang.gettext("Read the full report: %(link)s", link=link)
    text = [greeting, "", intro, ""]
    for title, items in sections:
        text += [title, *(f"- {item}" for item in items), ""]
    text += [line for line in (next_line, read, contact) if line]
    button = (link, lang.gettext("Read the full report"))
    body = _html(project["status"], lang.code, [greeting, intro], sections, [next_line], button, contact)
    return Update(subject, "\n".join(text) + "\n", body, link)


BODY_STYLE = "margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5"
HEAD = (
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">'
)


def _html(
    status: str, code: str, opening: list[str], sections: list[tuple[str, list[str]]], after: list[str], link: tuple[str, str], contact: str
) -> str:
    e = html.escape
    colour = STATUS_COLOURS.get(status, "#888888")
    greeting, intro = opening
    parts = [
        f'<p style="margin:0 0 12px">{e(greeting)}</p>',
        f'<p style="margin:0 0 16px;padding:8px 12px;border-left:6px solid {colour};font-size:18px;font-weight:bold">{e(intro)}</p>',
    ]
    for title, items in sections:
        parts.append(f'<h2 style="font-size:16px;margin:16px 0 8px">{e(title)}</h2>')
        rows = "".join(f'<li style="margin:0 0 6px">{e(i)}</li>' for i in items)
        parts.append(f'<ul style="margin:0;padding-left:20px">{rows}</ul>')
    parts += [f'<p style="margin:16px 0 0">{e(line)}</p>' for line in after if line]
    parts.append(f'<p style="margin:16px 0"><a href="{e(link[0])}" style="font-weight:bold;text-decoration:underline">{e(link[1])}</a></p>')
    parts.append(f'<p style="margin:16px 0 0;font-size:14px">{e(contact)}</p>')
    return (
        f'<!DOCTYPE html><html lang="{e(code)}"><head>{HEAD}</head><body style="{BODY_STYLE}">'
        f'<div style="max-width:600px;margin:0 auto">{"".join(parts)}</div></body></html>'
    )
