"""The example built by ProperDocs and by Zensical, in a real browser: one tour per builder of the
checks every page of the MkDocs build passes in test_pages.py (pages load with nothing from another
host, charts draw, no sideways scroll on a 390 px phone, search finds a milestone). And a project
published by each: its snapshots in the version selector, an archived one under its banner."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.artefacts import once
from tests.support.projects import build_with, builder_command
from tests.support.publishing import published_with
from tests.support.serving import Server, serving

from .conftest import PHONE, Watched, sideways_overflow, wait_for_charts

TOUR = {"": 0, "milestones/": 0, "feedback/": 2, "sprints/": 0, "give-feedback/": 0}  # the timeline and the sprints' charts are HTML


@pytest.fixture(scope="module", params=("properdocs", "zensical"))
def builder_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Server]]:
    builder = str(request.param)
    if builder_command(builder) is None:
        pytest.skip(f"{builder} is not installed: `make builders` installs it in .venv-{builder}/")
    site: Path = once(tmp_path_factory, f"built-with-{builder}", lambda d: build_with(builder, d))
    with serving(site) as server:
        yield builder, server


def _search(w: Watched, builder: str, url: str, query: str) -> list[str]:
    """The result links' paths for `query`, through the builder's own search box (Zensical's lives
    in a shadow root, which the locators reach)."""
    page = w.page
    page.goto(url)  # type: ignore[attr-defined]
    if builder == "zensical":
        page.click(".md-search__button")  # type: ignore[attr-defined]
        box = page.locator("dialog input[role=combobox]")  # type: ignore[attr-defined]
        results = "[role=listbox] a"
    else:
        box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
        box.click(timeout=10_000)
        results = ".md-search-result__item > a.md-search-result__link"
    box.press_sequentially(query)
    box.press("End")
    page.locator(results).first.wait_for(timeout=15_000)  # type: ignore[attr-defined]
    links = page.locator(results).evaluate_all("els => els.map(a => new URL(a.href, location).pathname)")  # type: ignore[attr-defined]
    return [str(link) for link in links]


def test_a_tour_of_each_builders_site(builder_server: tuple[str, Server], open_page: Callable[..., Watched]) -> None:
    builder, server = builder_server
    phone = open_page(**PHONE)
    for path, charts in TOUR.items():
        phone.page.goto(server.url + path)  # type: ignore[attr-defined]
        if charts:
            wait_for_charts(phone.page, charts)
        assert sideways_overflow(phone.page) is None, (builder, path, sideways_overflow(phone.page))
        footer = phone.page.locator(".gh-stamp")  # type: ignore[attr-defined]
        assert footer.count() == 1, (builder, path)
    phone.assert_clean()  # no console error, failed request or request to another host
    w = open_page()
    found = _search(w, builder, server.url, "BerthMaster")
    assert "/milestones/" in found, (builder, found)
    w.assert_clean()


@pytest.mark.parametrize("builder", ("properdocs", "zensical"))
def test_a_site_published_by_each_builder_lists_its_snapshots(
    builder: str, tmp_path_factory: pytest.TempPathFactory, open_page: Callable[..., Watched]
) -> None:
    command = builder_command(builder)
    if command is None:
        pytest.skip(f"{builder} is not installed: `make builders` installs it in .venv-{builder}/")
    pages = published_with(builder, command, tmp_path_factory.mktemp(f"published-with-{builder}"))
    for snapshot in ("sprint-02", "sprint-03"):  # built by the project's builder, not MkDocs
        generator = re.search(r'<meta name="generator" content="([^"]*)"', (pages / snapshot / "index.html").read_text(encoding="utf-8"))
        assert generator and builder in generator[1].lower(), (snapshot, generator)
    with serving(pages) as server:
        w = open_page()
        page = w.page
        page.goto(server.url)  # type: ignore[attr-defined]
        page.wait_for_url("**/sprint-03/")  # type: ignore[attr-defined]
        page.wait_for_selector(".md-version__current")  # type: ignore[attr-defined]
        items = page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".md-version__list .md-version__link", "els => els.map(e => e.textContent.trim().replace(/\\s+/g, ' '))"
        )
        assert items == ["Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)latest", "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)"], builder
        assert page.is_hidden("[data-md-component=outdated]")  # type: ignore[attr-defined]
        page.goto(server.url + "sprint-02/milestones/")  # type: ignore[attr-defined]
        banner = page.wait_for_selector("[data-md-component=outdated]:not([hidden])")  # type: ignore[attr-defined]
        assert "This is an archived snapshot: Sprint 2: Pilot build" in banner.inner_text()
        assert sideways_overflow(page) is None
        w.assert_clean()  # the snapshot's assets, shared at the site root, all found
