"""What a build publishes beside its pages: the trend charts over the publishing history, and the
files status.json, status.schema.json, feed.xml, rss.xml and calendar.ics, as text."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from generator.history.statusdoc import SCHEMA_NAME, schema_text, write_doc
from generator.history.timeline import Timeline
from generator.render import feed
from generator.render.calendar import CALENDAR_FILE, calendar
from generator.render.downloads import Streamed
from generator.render.figures import Chart, chart_config
from generator.render.terms import Terms
from generator.render.trends import milestone_trend, risk_trend

STATUS_FILE = "status.json"


@dataclass(frozen=True)
class Publication:
    charts: dict[str, Chart] = field(default_factory=dict)
    files: tuple[tuple[str, str | Streamed], ...] = ()


def publication(history: Timeline, terms: Terms) -> Publication:
    lang = terms.lang
    reports = history.reports
    config = chart_config(lang)
    charts = {c.id: dataclasses.replace(c, config=config) for c in (milestone_trend(reports, terms), risk_trend(reports, terms))}
    site_url = history.edition.site_url
    # A snapshot's feeds name their own address as their own; the site root's copies, theirs (publish/deploy.py).
    here = f"{site_url}{history.edition.version}/" if site_url and history.edition.version else site_url
    found = feed.entries(reports, site_url, lang, history.comparison)  # both feeds' entries: each compares two whole reports
    files = (
        # Written when the site is: its list of every piece of feedback's id is never held as text.
        (STATUS_FILE, Streamed(lambda out: write_doc(history.doc, out))),
        (SCHEMA_NAME, schema_text()),
        (feed.ATOM_FILE, feed.atom(reports, site_url, lang, here, found)),
        (feed.RSS_FILE, feed.rss(reports, site_url, lang, here, found)),
        (CALENDAR_FILE, calendar(reports, site_url, lang)),
    )
    return Publication(charts, files)
