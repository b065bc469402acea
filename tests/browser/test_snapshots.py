"""The published snapshots in a real browser: redirects, version selector, archive banner, shared assets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.publishing import checkout, commit, glasshouse, new_project
from tests.support.serving import Server, serve
from tests.support.sprint_cases import edit, set_sprint

from .conftest import Watched, wait_for_charts


@pytest.fixture(scope="module")
def pages_server(published_server: Server) -> Server:
    """Three sprints published to a bare remote, its gh-pages branch served as GitHub Pages would."""
    return published_server


def _open(open_page: Callable[..., Watched], url: str) -> Watched:
    w = open_page()
    w.page.goto(url)  # type: ignore[attr-defined]
    w.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    return w


def test_the_root_leads_to_the_latest_snapshot_with_a_version_selector(pages_server: Server, open_page: Callable[..., Watched]) -> None:
    w = _open(open_page, pages_server.url)
    page = w.page
    page.wait_for_url("**/sprint-03/")  # type: ignore[attr-defined]
    page.wait_for_selector(".md-version__current")  # type: ignore[attr-defined]
    current = page.inner_text(".md-version__current").strip()  # type: ignore[attr-defined]
    assert current == "Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)latest"  # the title, then the alias label
    items = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-version__list .md-version__link", "els => els.map(e => [e.textContent.trim().replace(/\\s+/g, ' '), e.getAttribute('href')])"
    )
    assert [t for t, _ in items] == [
        "Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)latest",
        "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)",
        "Sprint 1: Foundations (2 Mar – 13 Mar 2026)",
    ]
    assert page.is_hidden("[data-md-component=outdated]")  # type: ignore[attr-defined]
    w.assert_clean()


def test_an_archived_snapshot_says_so_and_links_to_the_latest(pages_server: Server, open_page: Callable[..., Watched]) -> None:
    w = _open(open_page, pages_server.url + "sprint-01/milestones/")
    page = w.page
    banner = page.wait_for_selector("[data-md-component=outdated]:not([hidden])")  # type: ignore[attr-defined]
    assert "This is an archived snapshot: Sprint 1: Foundations (2 Mar – 13 Mar 2026)" in banner.inner_text()
    banner.query_selector("a").click()
    page.wait_for_url("**/sprint-03/")  # type: ignore[attr-defined]
    w.assert_clean()


def test_history_charts_draw_from_the_shared_assets(pages_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    loaded: list[str] = []
    w.page.on("request", lambda r: loaded.append(r.url))  # type: ignore[attr-defined]
    w.page.goto(pages_server.url + "sprint-03/what-changed/")  # type: ignore[attr-defined]
    wait_for_charts(w.page, 2)
    plotly = [u for u in loaded if "plotly" in u]
    assert len(plotly) == 1 and "/_assets/glasshouse-" in plotly[0]
    assert not [u for u in loaded if "/sprint-03/assets/" in u]
    points = w.page.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('.gh-chart[data-chart=milestone-trend]').data.map(t => t.x.length)"
    )
    assert points and set(points) == {3}  # three reports per milestone
    w.assert_clean()


def test_feed_readers_find_the_live_feed(pages_server: Server, open_page: Callable[..., Watched]) -> None:
    w = _open(open_page, pages_server.url + "sprint-02/risks/")
    href = w.page.eval_on_selector('link[rel=alternate][type="application/atom+xml"]', "e => e.href")  # type: ignore[attr-defined]
    assert href == pages_server.url + "feed.xml"
    response = w.page.request.get(href)  # type: ignore[attr-defined]
    assert response.status == 200 and '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">' in response.text()
    w.assert_clean()


@unmeasured()
def test_a_hostile_sprint_name_stays_text_in_the_version_selector(tmp_path: Path, open_page: Callable[..., Watched]) -> None:
    p = new_project(tmp_path)
    set_sprint(p.project / "data", 1)
    edit(p.project / "data" / "sprints.yaml", "name: Foundations", """name: '<img src=x onerror="alert(1)"><b>bold</b>'""")
    commit(p.project, "Sprint 1")
    assert glasshouse(p.project, "publish").returncode == 0
    for server in serve(checkout(p.remote, tmp_path / "gh-pages")):
        w = _open(open_page, server.url + "sprint-01/")
        w.page.wait_for_selector(".md-version__current")  # type: ignore[attr-defined]
        current = w.page.inner_text(".md-version__current")  # type: ignore[attr-defined]
        assert current.startswith('Sprint 1: <img src=x onerror="alert(1)"><b>bold</b> (2 Mar')
        assert w.page.eval_on_selector_all(".md-version img, .md-version b", "els => els.length") == 0  # type: ignore[attr-defined]
        w.assert_clean()  # no dialog, no failed request for "x"
