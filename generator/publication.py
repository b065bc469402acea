"""What a build publishes beside its pages: the history view and the machine-readable files.

Pure like the rest of the core: the edition (stamp, version, earlier snapshots) comes in as data,
and out come the "What changed" comparison, the trend charts and the files status.json,
status.schema.json, feed.xml and rss.xml, as text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from . import feed
from .charts import Chart, chart_config
from .edition import Edition, Snapshot
from .history import Comparison, compare
from .i18n import Language
from .model import Status
from .statusdoc import SCHEMA_NAME, dumps, schema_text, status_document
from .trends import milestone_trend, points, risk_trend

STATUS_FILE = "status.json"


@dataclass(frozen=True)
class Publication:
    doc: dict[str, Any]
    current: Snapshot
    comparison: Comparison | None
    previous: Snapshot | None
    charts: dict[str, Chart] = field(default_factory=dict)
    files: tuple[tuple[str, str], ...] = ()


def _label(status: Status, edition: Edition) -> str:
    sprint = status.current_sprint
    return sprint.name if sprint else (edition.version or "Now")


def _earlier(status: Status, edition: Edition) -> tuple[Snapshot, ...]:
    """The snapshots of sprints before this build's sprint, oldest first: its own (or a later one) is no history."""
    sprint = status.current_sprint
    found = [s for s in edition.history if s.version != edition.version and (sprint is None or (s.sprint or 0) < sprint.id)]
    return tuple(sorted(found, key=lambda s: s.sprint or 0))


def publication(status: Status, edition: Edition, lang: Language) -> Publication:
    doc = status_document(status, edition)
    label = _label(status, edition)
    current = Snapshot(edition.version or "", edition.title or label, doc)
    history = _earlier(status, edition)
    previous = history[-1] if history else None
    comparison = compare(previous.doc, doc, previous.label, current.label) if previous else None
    trend = points(history, doc, current.label)
    config = chart_config(lang)
    charts = {c.id: dataclasses.replace(c, config=config) for c in (milestone_trend(trend, lang), risk_trend(trend, lang))}
    reports = [*history, current]
    files = (
        (STATUS_FILE, dumps(doc)),
        (SCHEMA_NAME, schema_text()),
        (feed.ATOM_FILE, feed.atom(reports, edition.site_url)),
        (feed.RSS_FILE, feed.rss(reports, edition.site_url)),
    )
    return Publication(doc, current, comparison, previous, charts, files)
