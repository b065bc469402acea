"""What a build publishes beside its pages: the history view and the machine-readable files.

Pure like the rest of the core: the edition (stamp, version, earlier snapshots) comes in as data,
and out come the "What changed" comparison, the trend charts and the files status.json,
status.schema.json, feed.xml and rss.xml, as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import feed
from .charts import Chart
from .edition import Edition, Snapshot
from .history import Comparison, compare
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


def publication(status: Status, edition: Edition) -> Publication:
    doc = status_document(status, edition)
    label = _label(status, edition)
    current = Snapshot(edition.version or "", edition.title or label, doc)
    previous = edition.previous
    comparison = compare(previous.doc, doc, previous.label, current.label) if previous else None
    history = points(edition.history, doc, current.label)
    charts = {c.id: c for c in (milestone_trend(history), risk_trend(history))}
    reports = [*edition.history, current]
    files = (
        (STATUS_FILE, dumps(doc)),
        (SCHEMA_NAME, schema_text()),
        (feed.ATOM_FILE, feed.atom(reports, edition.site_url)),
        (feed.RSS_FILE, feed.rss(reports, edition.site_url)),
    )
    return Publication(doc, current, comparison, previous, charts, files)
