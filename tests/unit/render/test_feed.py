"""The Atom and RSS feeds: well-formed XML, one entry per report and per status change, text escaped."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest

from generator.history.edition import Snapshot
from generator.render.feed import atom, moved, rss
from generator.render.i18n import language
from tests.support.sprint_cases import snapshot_at

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://status.example.org/"
EN = language("en")
ZH = language("zh")


@pytest.fixture
def reports(minimal: Path) -> list[Snapshot]:
    return [snapshot_at(minimal, sprint, stamped=True) for sprint in (1, 2, 3)]


def test_atom_has_an_entry_per_report_and_per_status_change(reports: list[Snapshot]) -> None:
    feed = ET.fromstring(atom(reports, SITE, EN))
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}title") == "Minimal Project: status updates"
    assert feed.findtext(f"{A}id") == SITE + "feed.xml"
    # The change of status is news a second after its report's: no two entries share a time.
    assert feed.findtext(f"{A}updated") == "2026-03-30T12:00:01Z"
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
    # Nothing was edited, but a sprint closed and the next began: that is news, not "Nothing changed".
    assert "<ul><li>Sprint 1 closed: 18 of 20 points</li><li>Sprint 2 started: Pilot build. Goal: Sprint 2 goal.</li></ul>" in (
        entries[2].findtext(f"{A}content") or ""
    )
    assert "<li>The first published status.</li>" in (entries[3].findtext(f"{A}content") or "")


def test_rss_has_the_same_items(reports: list[Snapshot]) -> None:
    channel = ET.fromstring(rss(reports, SITE, EN)).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [i.findtext("guid") for i in items] == [
        SITE + "sprint-03/#status-green-amber", SITE + "sprint-03/", SITE + "sprint-02/", SITE + "sprint-01/"
    ]  # fmt: skip
    assert items[1].findtext("pubDate") == "Mon, 30 Mar 2026 12:00:00 GMT"
    assert channel.findtext("lastBuildDate") == "Mon, 30 Mar 2026 12:00:01 GMT"
    self_link = channel.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == SITE + "rss.xml" and self_link.get("type") == "application/rss+xml"


def test_entries_never_share_a_time_and_older_ones_keep_theirs(reports: list[Snapshot]) -> None:
    """Reports built in the same second (a closed sprint's final snapshot and the next one's) and a
    change of status with its report get times a second apart, oldest first; a newer report never
    moves the time of an entry before it."""
    same: Any = copy.deepcopy(reports)
    for r in same:
        r.doc["stamp"]["built"] = "2026-03-30T12:00:00Z"
    times = [e.findtext(f"{A}updated") for e in ET.fromstring(atom(same, SITE, EN)).findall(f"{A}entry")]
    assert times == ["2026-03-30T12:00:03Z", "2026-03-30T12:00:02Z", "2026-03-30T12:00:01Z", "2026-03-30T12:00:00Z"]
    fewer = [e.findtext(f"{A}updated") for e in ET.fromstring(atom(same[:2], SITE, EN)).findall(f"{A}entry")]
    assert fewer == times[2:]


def test_a_snapshot_feed_names_its_own_address_and_the_root_copy_the_root(reports: list[Snapshot]) -> None:
    here = SITE + "sprint-03/"
    text = atom(reports, SITE, EN, here)
    assert ET.fromstring(text).find(f"{A}link[@rel='self']").get("href") == here + "feed.xml"  # type: ignore[union-attr]
    assert ET.fromstring(text).findtext(f"{A}id") == SITE + "feed.xml"  # the id never changes
    channel = ET.fromstring(rss(reports, SITE, EN, here)).find("channel")
    assert channel is not None and channel.find(f"{A}link").get("href") == here + "rss.xml"  # type: ignore[union-attr]
    rooted = moved(text.encode(), here, SITE).decode()
    assert ET.fromstring(rooted).find(f"{A}link[@rel='self']").get("href") == SITE + "feed.xml"  # type: ignore[union-attr]
    assert rooted.replace(SITE + "feed.xml", here + "feed.xml", 2) != text or rooted != text


def test_feed_text_is_escaped_and_stays_well_formed(reports: list[Snapshot]) -> None:
    hostile = copy.deepcopy(reports)
    doc: Any = hostile[-1].doc
    doc["project"]["headline"] = '<script>alert("x")</script> & ]]> \x01\x0b end'
    doc["milestones"][1]["title"] = "<b>bold</b>"
    for text in (atom(hostile, SITE, EN), rss(hostile, SITE, EN)):
        assert "<script" not in text and "<b>" not in text
        root = ET.fromstring(text)  # well-formed despite control characters
        first = root.find(f"{A}entry") if root.tag == f"{A}feed" else root.find("channel/item")
        assert first is not None
        body = first.findtext(f"{A}content") or first.findtext("description") or ""
        # Once parsed, the content is HTML in which the data is still escaped.
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;  end" in body
        assert "<script" not in body


def test_without_site_url_ids_are_uuid_urns_and_there_are_no_links(reports: list[Snapshot]) -> None:
    feed = ET.fromstring(atom(reports, "", EN))
    ident = feed.findtext(f"{A}id") or ""
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", ident), ident
    entries = feed.findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") or "" for e in entries]
    assert len({*ids, ident}) == len(ids) + 1 and all(i.startswith("urn:uuid:") for i in ids)
    # A feed reader cannot follow a relative link: without the site's address there are none.
    assert feed.find(f".//{A}link") is None
    channel = ET.fromstring(rss(reports, "", EN)).find("channel")
    assert channel is not None and channel.find("link") is None and channel.find("item/link") is None
    assert [i.findtext("guid") for i in channel.findall("item")] == ids
    # The same project gives the same ids on every build.
    assert atom(reports, "", EN) == atom(copy.deepcopy(reports), "", EN)


def _named(reports: list[Snapshot], name: str, customer: str | None = None) -> list[Snapshot]:
    out = copy.deepcopy(reports)
    for r in out:
        doc: Any = r.doc
        doc["project"]["name"] = name
        if customer is not None:
            doc["project"]["customer"] = customer
    return out


def test_projects_with_names_in_any_script_get_feed_ids_of_their_own(reports: list[Snapshot]) -> None:
    def feed_ids(rs: list[Snapshot]) -> set[str]:
        feed = ET.fromstring(atom(rs, "", ZH))
        return {feed.findtext(f"{A}id") or ""} | {e.findtext(f"{A}id") or "" for e in feed.findall(f"{A}entry")}

    port, rail = feed_ids(_named(reports, "港口预订平台")), feed_ids(_named(reports, "铁路调度系统"))
    other_customer = feed_ids(_named(reports, "港口预订平台", "另一位客户"))
    assert not port & rail and not port & other_customer and not rail & other_customer
    assert feed_ids(_named(reports, "港口预订平台")) == port


def test_a_chinese_project_s_feeds_are_chinese(reports: list[Snapshot]) -> None:
    feed = ET.fromstring(atom(reports, SITE, ZH))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    assert feed.findtext(f"{A}title") == "Minimal Project：状态更新"
    assert feed.findtext(f"{A}subtitle") == "每次发布的状态报告和每次总体状态的变化，以及具体变化内容。"
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == [
        "状态从绿色变为黄色：Pilot two weeks late",
        "Pilot polish：黄色 – Pilot two weeks late",
        "Pilot build：绿色 – On track for the pilot",
        "Foundations：绿色 – On track for the pilot",
    ]
    content = entries[1].findtext(f"{A}content") or ""
    assert "<li>总体状态：绿色 → 黄色。Pilot two weeks late。</li>" in content
    assert "<li>M-02 Pilot live：预测日期变动 +14 天（2026年4月24日 → 2026年5月8日）</li>" in content
    assert "<li>冲刺 1 已结束：20 点中完成 18</li><li>冲刺 2 已开始：Pilot build。目标：Sprint 2 goal。</li>" in (
        entries[2].findtext(f"{A}content") or ""
    )
    assert "<li>首次发布的状态。</li>" in (entries[3].findtext(f"{A}content") or "")
    channel = ET.fromstring(rss(reports, SITE, ZH)).find("channel")
    assert channel is not None and channel.findtext("language") == "zh"
    assert channel.findtext("title") == "Minimal Project：状态更新"


HOSTILE = 'A <b>&amp; ]]> "q" \x01\x0b\x7f end'


@pytest.mark.parametrize(
    ("case", "site", "lang", "name"),
    [
        ("English, with an address", SITE, EN, None),
        ("Chinese, with an address", SITE, ZH, "港口预订平台"),
        ("Chinese name, no address", "", ZH, "港口预订平台"),
        ("hostile text, no address", "", EN, HOSTILE),
        ("hostile text, with an address", SITE, ZH, HOSTILE),
    ],
)
def test_feeds_read_cleanly_in_a_real_feed_parser(reports: list[Snapshot], case: str, site: str, lang: Any, name: str | None) -> None:
    rs = reports if name is None else _named(reports, name)
    if name == HOSTILE:
        doc: Any = rs[-1].doc
        doc["project"]["headline"] = HOSTILE
        doc["milestones"][1]["title"] = HOSTILE
    for kind, text in (("atom", atom(rs, site, lang)), ("rss", rss(rs, site, lang))):
        parsed = feedparser.parse(text)
        assert not parsed.bozo, (case, kind, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if kind == "atom" else "rss20")
        assert parsed.feed.title and len(parsed.entries) == 4
        for e in parsed.entries:
            assert e.title and e.id and (e.get("updated_parsed") or e.get("published_parsed")), (case, kind, e)
            assert (e.link.startswith(site) and "://" in e.link) if site else not e.get("links"), (case, kind, e)
        assert len({e.id for e in parsed.entries}) == 4
