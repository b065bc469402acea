"""A published history where a sprint closes and time passes, with no record edited: the next
publish's What changed page and feed say what that meant, as the real `glasshouse publish` wrote
them to a bare remote."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from tests.support.artefacts import unmeasured
from tests.support.publishing import Published, commit, glasshouse, new_project, publish_sprint
from tests.support.sprint_cases import edit, set_sprint

pytestmark = pytest.mark.slow

A = "{http://www.w3.org/2005/Atom}"
MAY_8 = 1778241600  # 8 May 2026 12:00 UTC: on the second status date
NEWS = [
    "Sprint 1 closed: 18 of 20 points",
    "Sprint 2 started: Pilot build. Goal: Sprint 2 goal.",
    "M-02 Pilot live: overdue, its forecast of 24 Apr 2026 passed without delivery",
    "M-02 Pilot live: now 23 days late, was 9",
    "R-001 Supplier delays: risk review overdue, it was due 7 Apr 2026",
    "R-002 Low adoption: risk review overdue, it was due 14 Apr 2026",
]


@pytest.fixture(scope="module")
@unmeasured()
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Sprint 1 published on 31 Mar; then one commit closes it and starts sprint 2, and the next only
    moves the status date to 8 May, past M-02's forecast (24 Apr) and both risks' reviews."""
    p = publish_sprint(new_project(tmp_path_factory.mktemp("news")), 1)
    set_sprint(p.project / "data", 2)
    commit(p.project, "Sprint 2")
    edit(p.project / "data" / "project.yaml", "as_of: 2026-03-31", "as_of: 2026-05-08")
    commit(p.project, "Status of 8 May")
    result = glasshouse(p.project, "publish", epoch=MAY_8)
    assert result.returncode == 0, result.stdout + result.stderr
    return p


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_the_what_changed_page_tells_the_closed_sprint_and_what_time_did(published: Published) -> None:
    page = _text(published.show("sprint-02/what-changed/index.html"))
    assert "Nothing changed" not in page
    for line in NEWS:
        assert line in page, line


def test_the_feed_tells_it_too(published: Published) -> None:
    feed = ET.fromstring(published.show("feed.xml"))
    entry = next(e for e in feed.findall(f"{A}entry") if (e.findtext(f"{A}id") or "").endswith("sprint-02/"))
    items = re.findall(r"<li>(.*?)</li>", entry.findtext(f"{A}content") or "")
    assert [html.unescape(i) for i in items] == NEWS


def test_glasshouse_diff_tells_it(published: Published) -> None:
    result = glasshouse(published.project, "diff", "sprint-01", "sprint-02")
    assert result.returncode == 0, result.stderr
    assert [line.removeprefix("  - ") for line in result.stdout.splitlines()[1:]] == NEWS
