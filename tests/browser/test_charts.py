"""Every chart page of the example site draws its charts in a real browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import Server, Watched, wait_for_charts

pytestmark = pytest.mark.slow

CHART_PAGES = {"milestones/": 1, "risks/": 1, "feedback/": 2, "sprints/": 2}


@pytest.mark.parametrize(("path", "count"), CHART_PAGES.items())
def test_charts_draw_with_marks(example_server: Server, open_page: Callable[..., Watched], path: str, count: int) -> None:
    w = open_page()
    w.page.goto(example_server.url + path)  # type: ignore[attr-defined]
    wait_for_charts(w.page, count)
    marks = w.page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.gh-chart')].map(el => el.querySelectorAll(
            'svg.main-svg .point, svg.main-svg .bars path, svg.main-svg .hm image, svg.main-svg .js-line').length)"""
    )
    assert len(marks) == count and all(n > 0 for n in marks), marks
    w.assert_clean()


def test_overview_has_no_chart_and_loads_no_plotly(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    loaded: list[str] = []
    w.page.on("request", lambda r: loaded.append(r.url))  # type: ignore[attr-defined]
    w.page.goto(example_server.url)  # type: ignore[attr-defined]
    w.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert not [u for u in loaded if "plotly" in u]
    assert "Amber: At risk" in w.page.inner_text(".gh-card--status")  # type: ignore[attr-defined]
    w.assert_clean()
