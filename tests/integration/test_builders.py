"""The example built by each builder: MkDocs runs the plugin, ProperDocs and Zensical build what
`glasshouse render` writes (`make builders` installs them in .venv-zensical/ and .venv-properdocs/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.artefacts import once
from tests.support.projects import build_with, builder_command

pytestmark = pytest.mark.slow

BUILDERS = ("properdocs", "zensical")  # MkDocs: every other test
PAGES = ["index.html", "milestones/index.html", "risks/index.html", "feedback/index.html", "changes/index.html",
         "sprints/index.html", "reference/index.html", "about/index.html", "give-feedback/index.html", "404.html"]  # fmt: skip

# A script, stylesheet or icon from another host (a canonical or feed link loads nothing).
LOADS_ELSEWHERE = r'<script[^>]+src="(?:https?:)?//|<link[^>]+rel="(?:stylesheet|preload|modulepreload|icon)"[^>]+href="(?:https?:)?//'


def search_titles(site: Path) -> list[str]:
    """The titles of the search index's entries, in either builder's format."""
    for name in ("search/search_index.json", "search.json"):  # MkDocs and ProperDocs; Zensical
        if (site / name).is_file():
            index = json.loads((site / name).read_text(encoding="utf-8"))
            return [str(doc.get("title", "")) for doc in index.get("docs", index.get("items", []))]
    raise AssertionError(f"no search index in {site}")


@pytest.fixture(scope="session", params=BUILDERS)
def builder_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    builder = str(request.param)
    if builder_command(builder) is None:
        pytest.skip(f"{builder} is not installed: `make builders` installs it in .venv-{builder}/")
    return builder, once(tmp_path_factory, f"built-with-{builder}", lambda d: build_with(builder, d))


def test_every_page_chart_and_stamp_is_built(builder_site: tuple[str, Path]) -> None:
    builder, site = builder_site
    for page in PAGES:
        assert (site / page).is_file(), (builder, page)
    milestones = (site / "milestones" / "index.html").read_text(encoding="utf-8")
    assert milestones.count('<li class="gh-tl__row">') == 13 and '<div class="gh-chart"' not in milestones, builder  # the timeline, HTML
    sprints = (site / "sprints" / "index.html").read_text(encoding="utf-8")
    assert sprints.count('<figure class="gh-figure gh-plot') == 2 and '<div class="gh-chart"' not in sprints, builder  # HTML charts
    assert 'class="gh-stamp"' in milestones and "assets/glasshouse/charts.js" in milestones, builder
    assert "Harbour Connect" in milestones, builder


def test_search_finds_a_milestone(builder_site: tuple[str, Path]) -> None:
    builder, site = builder_site
    assert any("M-" in t or "Milestones" in t for t in search_titles(site)), builder
    index = (site / "index.html").read_text(encoding="utf-8")
    # The header's search button: a copied header once tested for Material's search plugin by name,
    # and Zensical, whose search is built in, lost it.
    assert 'for="__search"' in index and 'data-md-component="search"' in index, builder


def test_nothing_is_loaded_from_another_host(builder_site: tuple[str, Path]) -> None:
    builder, site = builder_site
    for page in PAGES:
        html = (site / page).read_text(encoding="utf-8")
        loads = re.findall(
            r'<script[^>]+src="(?:https?:)?//|<link[^>]+rel="(?:stylesheet|preload|modulepreload|icon)"[^>]+href="(?:https?:)?//', html
        )
        assert not loads, (builder, page)


def test_a_hand_written_page_gets_its_block(builder_site: tuple[str, Path]) -> None:
    """ "How to give feedback" asks for the ready e-mails with a marker, which `render` replaces."""
    builder, site = builder_site
    page = (site / "give-feedback" / "index.html").read_text(encoding="utf-8")
    assert page.count('href="mailto:') >= 2 and "glasshouse: ways" not in page, builder
