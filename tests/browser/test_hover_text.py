"""Names that look like Plotly templates show as typed on hover, in a real Chromium.

Milestone titles, segment names, themes, sprint names and risk titles are set to what plotly.js
would read as a reference (`%{x}`, `%{customdata[0]}`) or as markup (`<b>`). Every point of every
chart is hovered with the mouse and the hover labels are read: each name shows literally, where
a template that held it would show another value, or nothing, in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.planted import Project
from tests.support.projects import FIXTURES, build_site, copy_project
from tests.support.serving import Server, serve

from .conftest import Watched, wait_for_charts

MILESTONES = {"M-01": "%{x}", "M-02": "%{customdata[0]}", "M-03": "<b>"}
SEGMENTS = {"sponsors": "%{x}", "users": "%{customdata[0]}"}
SPRINTS = {1: "%{y}", 2: "%{text}", 3: "<b>"}
THEMES = {"booking": "%{y}", "notifications": "%{x}", "reporting": "%{customdata[0]}"}
RISKS = {"R-001": "%{customdata}", "R-002": "%{text}"}  # R-003 is closed: not on the heat map

# Every point of a chart under the mouse in turn (where plotly.js drew it); the hover label's lines each time.
HOVER_POINTS = """(i) => {
  const gd = document.querySelectorAll('.gh-chart')[i];
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  return [...gd.querySelectorAll('.scatterlayer path.point, .barlayer .point path')].map((el) => centre(el.getBoundingClientRect()));
}"""
# The milestone timeline is HTML: each row's name, as shown and as its title.
TIMELINE_NAMES = "() => [...document.querySelectorAll('.gh-tl__name')].map((n) => [n.textContent, n.title])"
# The sprints' charts are HTML: each column's or band's tip, as it shows under the mouse.
PLOT_TIPS = ".gh-plot__col, .gh-plot__zone"
# The risk heat map is a table: each risk a link, titled with the risk's id and title.
HEAT_TITLES = "() => [...document.querySelectorAll('#chart-risk-heatmap td a[title]')].map((a) => a.title)"
LABEL = """() => [...document.querySelectorAll('.hoverlayer .hovertext text.nums')].map((t) => {
  const lines = t.querySelectorAll('tspan.line');
  return (lines.length ? [...lines] : [t]).map((l) => l.textContent);
})"""


def _set_names(data: Path) -> None:
    p = Project(data)
    for m in p.docs["milestones.yaml"]:
        m["title"] = MILESTONES[m["id"]]
    for s in p.docs["project.yaml"]["segments"]:
        s["name"] = SEGMENTS[s["id"]]
    for s in p.docs["sprints.yaml"]:
        s["name"] = SPRINTS[s["id"]]
    for r in p.docs["risks.yaml"]:
        r["title"] = RISKS.get(r["id"], r["title"])
    for row in p.feedback:
        row["theme"] = THEMES[row["theme"]]
    p.write()


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = copy_project(tmp_path_factory.mktemp("lookalikes") / "project", FIXTURES / "minimal" / "data")
    _set_names(root / "data")
    with unmeasured():
        site = build_site(root)
    yield from serve(site)


def _hover_every_point(w: Watched, server: Server, path: str) -> dict[str, list[list[str]]]:
    """Each chart on the page (by id) and the hover labels its points showed, one list of lines each."""
    page = w.page
    page.goto(server.url + path)  # type: ignore[attr-defined]
    ids = page.eval_on_selector_all(".gh-chart", "els => els.map(e => e.dataset.chart)")  # type: ignore[attr-defined]
    wait_for_charts(page, len(ids))
    shown: dict[str, list[list[str]]] = {}
    for i, chart in enumerate(ids):
        page.locator(".gh-chart").nth(i).scroll_into_view_if_needed()  # type: ignore[attr-defined]
        labels = []
        for x, y in page.evaluate(HOVER_POINTS, i):  # type: ignore[attr-defined]
            page.mouse.move(x, y)  # type: ignore[attr-defined]
            labels += page.evaluate(LABEL)  # type: ignore[attr-defined]
            page.mouse.move(0, 0)  # type: ignore[attr-defined]
        shown[chart] = labels
    return shown


def _hover_every_tip(w: Watched, server: Server, path: str) -> dict[str, list[list[str]]]:
    """Each HTML chart on the page (by id) and the tips its columns or bands showed under the mouse, one list of lines each."""
    page = w.page
    page.goto(server.url + path)  # type: ignore[attr-defined]
    shown: dict[str, list[list[str]]] = {}
    for figure in page.locator("figure.gh-plot").all():  # type: ignore[attr-defined]
        labels = []
        for target in figure.locator(PLOT_TIPS).all():
            target.hover()
            tip = target.locator(".gh-plot__tip")
            assert tip.bounding_box()["width"] > 10  # shown, not only read out
            labels.append(tip.inner_text().splitlines())
        shown[figure.get_attribute("id").removeprefix("chart-")] = labels
    page.mouse.move(0, 0)  # type: ignore[attr-defined]
    return shown


def _first(labels: list[list[str]]) -> set[str]:
    return {lines[0] for lines in labels}


def _before_colon(labels: list[list[str]], line: int = 0) -> set[str]:
    return {lines[line].rsplit(": ", 1)[0] for lines in labels}


def test_template_lookalikes_show_as_typed_on_hover(lookalikes: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    shown: dict[str, list[list[str]]] = {}
    for path in ("feedback/", "what-changed/"):
        shown |= _hover_every_point(w, lookalikes, path)
    shown |= _hover_every_tip(w, lookalikes, "sprints/")
    w.page.goto(lookalikes.url + "risks/")  # type: ignore[attr-defined]
    heat_titles = w.page.evaluate(HEAT_TITLES)  # type: ignore[attr-defined]
    w.page.goto(lookalikes.url + "milestones/")  # type: ignore[attr-defined]
    timeline_names = w.page.evaluate(TIMELINE_NAMES)  # type: ignore[attr-defined]
    w.assert_clean()
    milestones = {f"{mid} {title}" for mid, title in MILESTONES.items()}
    # Sprints are named with their number, then the name exactly as typed.
    sprints = {f"Sprint {n}: {name}" for n, name in SPRINTS.items()}
    assert timeline_names == [[name, name] for name in sorted(milestones)]  # its text and its title
    assert set(heat_titles) >= {f"{rid} {title}" for rid, title in RISKS.items()}
    # Where a segment's point and the overall one coincide, either may be the one hovered.
    assert set(SEGMENTS.values()) <= _first(shown["rating-trend"]) <= {*SEGMENTS.values(), "All segments"}
    assert _before_colon(shown["rating-trend"], 1) == sprints
    assert _before_colon(shown["feedback-themes"]) == set(THEMES.values())
    # The running sprint's name is followed by "(in progress)", the name itself as typed.
    running = " (in progress)"
    assert sum(h.endswith(running) for h in _first(shown["velocity"])) == 1
    assert {h.removesuffix(running) for h in _first(shown["velocity"])} == sprints
    assert {lines[0].removesuffix(running) for lines in shown["burnup"][: len(sprints)]} == sprints
    # A plain build is one report: no trend is drawn (tests/unit/render/test_chart_templates.py holds the trends'
    # templates to the same rule, with an earlier snapshot's report).
    assert "milestone-trend" not in shown and "risk-trend" not in shown
    assert len(shown["burnup"]) == 3  # every chart on the pages was hovered (no forecast cone: too little history)
