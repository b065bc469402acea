"""publication(): what a build publishes beside its pages, each file from the one status document."""

from __future__ import annotations

import json
from pathlib import Path

from generator.data.validate import validate
from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import schema_text
from generator.history.timeline import timeline
from generator.model.build import build_model
from generator.render.downloads import Streamed
from generator.render.i18n import language
from generator.render.publication import publication
from generator.render.terms import Terms


def test_status_json_the_schema_and_both_feeds_come_from_the_timeline(minimal: Path) -> None:
    status = build_model(validate(minimal))
    earlier = Snapshot("sprint-02", "Sprint 2", {"sprint": {"id": 2}})
    history = timeline(status, Edition(version="sprint-03", title="Sprint 3", history=(earlier,), site_url="https://status.example.net/"))
    pub = publication(history, Terms.of(status.project, language("en")))
    files = {name: content.bytes().decode() if isinstance(content, Streamed) else content for name, content in pub.files}
    assert list(files) == ["status.json", "status.schema.json", "feed.xml", "rss.xml", "calendar.ics"]
    assert json.loads(files["status.json"]) == json.loads(json.dumps(history.doc, default=str))
    assert files["status.schema.json"] == schema_text()
    for feed in ("feed.xml", "rss.xml"):  # one entry a report, linked at the site's address
        assert files[feed].count("https://status.example.net/sprint-03/") >= 1, feed
        assert "https://status.example.net/sprint-02/" in files[feed], feed
    assert set(pub.charts) == {"milestone-trend", "risk-trend"}
    assert all(c.config for c in pub.charts.values())  # the language's chart settings on each
