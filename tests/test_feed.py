"""The Atom and RSS feeds: well-formed XML, one entry per report and per status change, text escaped."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.data.validate import validate
from generator.history.edition import Snapshot
from generator.history.statusdoc import status_document
from generator.model.build import build_model
from generator.render.feed import atom, rss

from .sprint_cases import set_sprint, slip_the_pilot

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://status.example.org/"


@pytest.fixture
def reports(minimal: Path) -> list[Snapshot]:
    out = []
    for sprint in (1, 2, 3):
        set_sprint(minimal, sprint)
        if sprint == 3:
            slip_the_pilot(minimal)
        doc: dict[str, Any] = status_document(build_model(validate(minimal)))
        doc["stamp"] = {"built": f"2026-03-{10 * sprint:02d}T12:00:00Z", "data_commit": None, "data_hash": "sha256:" + "0" * 64}
        out.append(Snapshot(f"sprint-{sprint:02d}", f"Sprint {sprint}", doc))
    return out


def test_atom_has_an_entry_per_report_and_per_status_change(reports: list[Snapshot]) -> None:
    feed = ET.fromstring(atom(reports, SITE))
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}title") == "Minimal Project: status updates"
    assert feed.findtext(f"{A}id") == SITE + "feed.xml"
    assert feed.findtext(f"{A}updated") == "2026-03-30T12:00:00Z"
    assert feed.find(f"{A}link[@rel='self']").get("href") == SITE + "feed.xml"  # type: ignore[union-attr]
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == [
        "Status changed from green to amber: Pilot two weeks late",
        "Pilot polish: amber – Pilot two weeks late",
        "Pilot build: green – On track for the pilot",
        "Foundations: green – On track for the pilot",
    ]
    assert [e.findtext(f"{A}id") for e in entries] == [
        SITE + "sprint-03/#status-green-amber", SITE + "sprint-03/", SITE + "sprint-02/", SITE + "sprint-01/"
    ]  # fmt: skip
    assert entries[1].find(f"{A}link").get("href") == SITE + "sprint-03/what-changed/"  # type: ignore[union-attr]
    content = entries[1].findtext(f"{A}content") or ""
    assert entries[1].find(f"{A}content").get("type") == "html"  # type: ignore[union-attr]
    assert "<li>M-02 Pilot live: forecast moved +14 days (24 Apr 2026 → 8 May 2026)</li>" in content
    assert "<li>Nothing changed since the previous report.</li>" in (entries[2].findtext(f"{A}content") or "")
    assert "<li>The first published status.</li>" in (entries[3].findtext(f"{A}content") or "")


def test_rss_has_the_same_items(reports: list[Snapshot]) -> None:
    channel = ET.fromstring(rss(reports, SITE)).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [i.findtext("guid") for i in items] == [
        SITE + "sprint-03/#status-green-amber", SITE + "sprint-03/", SITE + "sprint-02/", SITE + "sprint-01/"
    ]  # fmt: skip
    assert items[1].findtext("pubDate") == "Mon, 30 Mar 2026 12:00:00 GMT"
    assert channel.findtext("lastBuildDate") == "Mon, 30 Mar 2026 12:00:00 GMT"


def test_feed_text_is_escaped_and_stays_well_formed(reports: list[Snapshot]) -> None:
    hostile = copy.deepcopy(reports)
    doc: Any = hostile[-1].doc
    doc["project"]["headline"] = '<script>alert("x")</script> & ]]> \x01\x0b end'
    doc["milestones"][1]["title"] = "<b>bold</b>"
    for text in (atom(hostile, SITE), rss(hostile, SITE)):
        assert "<script" not in text and "<b>" not in text
        root = ET.fromstring(text)  # well-formed despite control characters
        first = root.find(f"{A}entry") if root.tag == f"{A}feed" else root.find("channel/item")
        assert first is not None
        body = first.findtext(f"{A}content") or first.findtext("description") or ""
        # Once parsed, the content is HTML in which the data is still escaped.
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;  end" in body
        assert "<script" not in body


def test_without_site_url_ids_are_urns_and_links_relative(reports: list[Snapshot]) -> None:
    feed = ET.fromstring(atom(reports, ""))
    assert feed.findtext(f"{A}id") == "urn:glasshouse:minimal-project:feed"
    entry = feed.findall(f"{A}entry")[1]
    assert entry.findtext(f"{A}id") == "urn:glasshouse:minimal-project:sprint-03"
    assert entry.find(f"{A}link").get("href") == "sprint-03/what-changed/"  # type: ignore[union-attr]
