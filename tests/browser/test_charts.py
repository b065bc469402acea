"""Every chart page of the example site draws its charts in a real browser."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.serving import Server

from .conftest import Watched, wait_for_charts

CHART_PAGES = {"feedback/": 2}  # the sprints, milestones and risks pages' charts are HTML


# The page's layout shifts as the browser reports them (the layout-shift entries Lighthouse adds up),
# from the start of the load: a chart that appears must not push the text below it down.
SHIFTS = """new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.ghShifted = (window.ghShifted || 0) + e.value;
}).observe({ type: 'layout-shift', buffered: true });"""
SHIFTED = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(window.ghShifted || 0), 100)))"


@pytest.mark.parametrize("device", [{"width": 390, "height": 844}, {}], ids=["phone", "desktop"])
@pytest.mark.parametrize(("path", "count"), CHART_PAGES.items())
def test_charts_draw_with_marks_and_move_nothing(
    example_server: Server, open_page: Callable[..., Watched], path: str, count: int, device: dict[str, int]
) -> None:
    w = open_page(**device)
    w.page.add_init_script(SHIFTS)  # type: ignore[attr-defined]

    def late(route: object) -> None:  # plotly.js as a slow phone gets it: after the page is painted
        time.sleep(0.4)
        route.continue_()  # type: ignore[attr-defined]

    w.page.route("**/plotly-glasshouse.min.js", late)  # type: ignore[attr-defined]
    w.page.goto(example_server.url + path)  # type: ignore[attr-defined]
    wait_for_charts(w.page, count)
    marks = w.page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.gh-chart')].map(el => el.querySelectorAll(
            'svg.main-svg .point, svg.main-svg .bars path, svg.main-svg .hm image, svg.main-svg .js-line').length)"""
    )
    assert len(marks) == count and all(n > 0 for n in marks), marks
    assert w.page.evaluate(SHIFTED) < 0.05  # type: ignore[attr-defined]
    w.assert_clean()


def test_overview_has_no_chart_and_loads_no_plotly(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    loaded: list[str] = []
    w.page.on("request", lambda r: loaded.append(r.url))  # type: ignore[attr-defined]
    w.page.goto(example_server.url)  # type: ignore[attr-defined]
    w.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert not [u for u in loaded if "plotly" in u]
    assert "Amber: At risk" in w.page.inner_text(".gh-status")  # type: ignore[attr-defined]
    w.assert_clean()


CHART = ".gh-chart[data-chart='{}']"


def _drawn(page: object, chart: str) -> int:
    """Wait for one chart to be drawn, brought near the screen (as a reader scrolls to it); the number of marks in it."""
    page.locator(CHART.format(chart)).first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.wait_for_selector(CHART.format(chart) + ".gh-chart--drawn", timeout=15_000)  # type: ignore[attr-defined]
    return int(page.locator(CHART.format(chart)).first.locator(MARKS).count())  # type: ignore[attr-defined]


MARKS = "svg.main-svg .point, svg.main-svg .bars path, svg.main-svg .hm image, svg.main-svg .js-line"


def test_a_chart_far_down_a_page_is_drawn_as_it_comes_near(example_server: Server, open_page: Callable[..., Watched]) -> None:
    """On a phone the feedback page's charts come after its answers: plotly.js is not downloaded
    for a reader who stays at the top, and the charts are drawn as the reader scrolls to them."""
    w = open_page(width=390, height=844)
    loaded: list[str] = []
    w.page.on("request", lambda r: loaded.append(r.url) if "plotly" in r.url else None)  # type: ignore[attr-defined]
    w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
    w.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    first = w.page.locator(CHART.format("rating-trend"))  # type: ignore[attr-defined]
    assert first.bounding_box()["y"] > 3 * 844  # far below the first screen
    assert loaded == [] and w.page.locator(".gh-chart--drawn").count() == 0  # type: ignore[attr-defined]
    for _ in range(40):  # a reader's swipes, a screen at a time
        w.page.mouse.wheel(0, 800)  # type: ignore[attr-defined]
        if w.page.locator(".gh-chart--drawn").count():  # type: ignore[attr-defined]
            break
        time.sleep(0.05)
    wait_for_charts(w.page, 2)
    assert len(loaded) == 1  # plotly.js once, for both charts
    w.assert_clean()


def test_instant_navigation_redraws_charts(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    requested_plotly = []
    w.page.on("request", lambda r: requested_plotly.append(r.url) if "plotly" in r.url else None)  # type: ignore[attr-defined]
    w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
    assert _drawn(w.page, "rating-trend") > 0
    # A marker that a full page load would wipe out: it proves the navigation below is instant.
    w.page.evaluate("window.__sameDocument = true")  # type: ignore[attr-defined]
    for path, drawn in (("sprints/", "#chart-velocity .gh-plot__bar"), ("milestones/", "#chart-milestone-timeline .gh-tl__mark")):
        w.page.locator(f".md-sidebar--primary a.md-nav__link[href$='/{path}']").first.click()  # type: ignore[attr-defined]
        w.page.wait_for_url(f"**/{path}")  # type: ignore[attr-defined]
        w.page.wait_for_selector(drawn)  # type: ignore[attr-defined]  # HTML, there with the page
        assert w.page.evaluate("window.__sameDocument") is True, f"{path} was a full page load"  # type: ignore[attr-defined]
    # Back to the first page with the browser's back button, still without a reload.
    w.page.go_back()  # type: ignore[attr-defined]
    w.page.go_back()  # type: ignore[attr-defined]
    w.page.wait_for_url("**/feedback/")  # type: ignore[attr-defined]
    assert _drawn(w.page, "feedback-themes") > 0
    assert w.page.evaluate("window.__sameDocument") is True  # type: ignore[attr-defined]
    assert len(requested_plotly) == 1, requested_plotly  # plotly.js is loaded once and reused
    w.assert_clean()


# The colour of the axis labels, and of the theme's text colour, as "r,g,b" (alpha aside: Plotly
# writes it as a separate fill-opacity).
_TICK_FILL = "() => document.querySelector('.gh-chart .xtick text').style.fill"
_THEME_FG = """() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--md-default-fg-color)';
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
}"""


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(float(v)) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])


def test_switching_to_dark_rethemes_the_charts(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
    _drawn(w.page, "rating-trend")
    light_fill, light_fg = w.page.evaluate(_TICK_FILL), w.page.evaluate(_THEME_FG)  # type: ignore[attr-defined]
    assert _rgb(light_fill) == _rgb(light_fg)

    w.page.click("label[for='__palette_1']")  # type: ignore[attr-defined]
    w.page.wait_for_selector(".gh-chart[data-theme='slate']")  # type: ignore[attr-defined]
    dark_fill, dark_fg = w.page.evaluate(_TICK_FILL), w.page.evaluate(_THEME_FG)  # type: ignore[attr-defined]
    assert _rgb(dark_fill) == _rgb(dark_fg)
    assert _rgb(dark_fill) != _rgb(light_fill)
    assert sum(_rgb(dark_fill)) > 3 * 200 > 3 * 60 > sum(_rgb(light_fill))  # light text on dark, dark text on light
    w.assert_clean()


def test_a_dark_preference_draws_dark_charts_from_the_start(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page(scheme="dark")
    w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
    assert _drawn(w.page, "rating-trend") > 0
    assert w.page.get_attribute(CHART.format("rating-trend"), "data-theme") == "slate"  # type: ignore[attr-defined]
    assert _rgb(w.page.evaluate(_TICK_FILL)) == _rgb(w.page.evaluate(_THEME_FG))  # type: ignore[attr-defined]
    w.assert_clean()


def test_the_plotly_bundle_has_every_trace_type_the_site_uses(
    example_site: Path, example_server: Server, open_page: Callable[..., Watched]
) -> None:
    used, settings = set(), set()
    for page in example_site.rglob("*.html"):
        for blob in re.findall(r'<template class="gh-chart-data"[^>]*>(.*?)</template>', page.read_text("utf-8")):
            figure = json.loads(blob)
            used |= {trace.get("type", "scatter") for trace in figure["data"]}
            settings |= {*figure["layout"], *figure.get("narrow", {})}
    assert used == {"scatter", "bar"}
    w = open_page()
    w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
    _drawn(w.page, "feedback-themes")
    registered = set(w.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))  # type: ignore[attr-defined]
    assert used <= registered
    assert "pie" not in registered and "scattergl" not in registered  # only what the charts need
    # Every layout setting the figures use is known to the bundle, and the components none uses are left out.
    layout = set(  # the layout's own settings, and those its trace types add (a bar chart's barmode)
        w.page.evaluate(  # type: ignore[attr-defined]
            """() => { const s = Plotly.PlotSchema.get();
                return [s.layout.layoutAttributes, ...Object.values(s.traces).map(t => t.layoutAttributes || {})]
                    .flatMap(Object.keys); }"""
        )
    )
    assert settings <= layout, settings - layout
    assert not {"updatemenus", "sliders", "images"} & layout


def test_charts_have_text_alternatives(example_server: Server, open_page: Callable[..., Watched]) -> None:
    """Each chart sits in a figure with a caption that sums it up, and its data as a table."""
    w = open_page()
    for path, count in CHART_PAGES.items():
        w.page.goto(example_server.url + path)  # type: ignore[attr-defined]
        figures = w.page.evaluate(  # type: ignore[attr-defined]
            """() => [...document.querySelectorAll('.gh-chart')].map(chart => {
                const figure = chart.closest('figure');
                const details = figure && figure.nextElementSibling;
                const table = details && details.matches('details.gh-chart-table') && details.querySelector('table');
                return {
                    caption: figure && figure.querySelector('figcaption').innerText.trim(),
                    summary: figure && figure.querySelector('figcaption .gh-chart-summary').innerText.trim(),
                    headers: table ? [...table.querySelectorAll('thead th[scope=col]')].length : 0,
                    rows: table ? table.querySelectorAll('tbody tr').length : 0,
                };
            })"""
        )
        assert len(figures) == count
        for f in figures:
            assert len(f["caption"]) > 40 and f["summary"] and f["summary"] in f["caption"], (path, f)
            assert f["headers"] >= 2 and f["rows"] >= 1, (path, f)


def test_the_status_at_a_glance_needs_no_script(example_server: Server, open_page: Callable[..., Watched]) -> None:
    """With JavaScript off, on a phone, the overview's first screen shows the whole status at a glance."""
    w = open_page(javascript=False, width=390, height=844)
    w.page.goto(example_server.url)  # type: ignore[attr-defined]
    status = w.page.inner_text(".gh-status")  # type: ignore[attr-defined]
    # The RAG status is a symbol and words as well as a colour.
    assert "▲ Amber: At risk" in status
    assert "Go-live moved from 26 February to 22 March 2027" in status
    assert "Status as of 20 Nov 2026 · next update due 4 Dec 2026" in status
    glance = w.page.inner_text(".gh-glance")  # type: ignore[attr-defined]
    for heading in ("CURRENT SPRINT", "NEXT MILESTONE", "ACTIVE RISKS", "CUSTOMER FEEDBACK"):  # below the four answers
        assert heading in glance
    assert re.search(r"Critical\s+1\s+High\s+\d+\s+Medium\s+\d+\s+Low\s+\d+", glance), glance
    box = w.page.locator(".gh-status").bounding_box()  # type: ignore[attr-defined]
    assert box["y"] + box["height"] <= 844, box  # above the fold
    assert w.page.evaluate("1") == 1  # type: ignore[attr-defined]  # (evaluate works with scripts off)
    w.assert_clean()


def test_chart_pages_stay_useful_when_plotly_cannot_load(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page(refuse=("plotly-glasshouse",))
    w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
    w.page.locator(CHART.format("rating-trend")).scroll_into_view_if_needed()  # type: ignore[attr-defined]
    w.page.wait_for_selector(".gh-chart.gh-chart--failed")  # type: ignore[attr-defined]
    assert [u.rsplit("/", 1)[-1] for u in w.blocked] == ["plotly-glasshouse.min.js"]
    assert "Average customer rating per sprint" in w.page.inner_text("figure#chart-rating-trend figcaption")  # type: ignore[attr-defined]
    w.page.click("figure#chart-feedback-themes + details summary")  # type: ignore[attr-defined]
    assert "Theme" in w.page.inner_text("figure#chart-feedback-themes + details table")  # type: ignore[attr-defined]
    assert not w.page.evaluate("!!window.Plotly")  # type: ignore[attr-defined]


def test_the_risk_heat_map_is_a_table_linked_to_the_register(example_server: Server, open_page: Callable[..., Watched]) -> None:
    """On a phone: on the page with its first paint, no plotly.js, every cell readable, each risk a
    link to its row of the register; in dark mode, dark cells with light text."""
    w = open_page(width=390, height=844)
    requested = []
    w.page.on("request", lambda r: requested.append(r.url))  # type: ignore[attr-defined]
    w.page.goto(example_server.url + "risks/")  # type: ignore[attr-defined]
    heat = w.page.locator("#chart-risk-heatmap table")  # type: ignore[attr-defined]
    box = heat.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # within the screen's width
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 390  # type: ignore[attr-defined]
    assert not [u for u in requested if "plotly" in u or "charts-draw" in u]
    # Rows by impact, highest first; a cell's exposure and its risks.
    assert w.page.locator("#chart-risk-heatmap tbody th").all_inner_texts() == [  # type: ignore[attr-defined]
        "5 Severe", "4 Major", "3 Moderate", "2 Minor", "1 Negligible",
    ]  # fmt: skip
    cell = w.page.locator("#chart-risk-heatmap tbody tr").nth(0).locator("td").nth(3)  # type: ignore[attr-defined]
    assert cell.inner_text().split() == ["20", "R-001"]
    # Every word of the column and row names whole on its line (none broken inside).
    words = w.page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('#chart-risk-heatmap th')].map((th) => {
            const range = document.createRange(); range.selectNodeContents(th);
            return [th.textContent, range.getClientRects().length, th.textContent.split(' ').length];
        })"""
    )
    assert all(lines <= count for _, lines, count in words), words
    light = cell.evaluate("(td) => [getComputedStyle(td).backgroundColor, getComputedStyle(td.querySelector('a')).color]")
    cell.locator("a").click()
    w.page.wait_for_url("**/risks/#r-001")  # type: ignore[attr-defined]
    # The register's row comes into view (Material scrolls to it, smoothly where it may).
    in_view = "() => { const r = document.getElementById('r-001').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    w.page.wait_for_function(in_view)  # type: ignore[attr-defined]
    assert "Terminal software vendor" in w.page.inner_text("tr#r-001")  # type: ignore[attr-defined]
    w.page.evaluate("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    w.page.click("label[for='__palette_1']")  # type: ignore[attr-defined]
    dark = cell.evaluate("(td) => [getComputedStyle(td).backgroundColor, getComputedStyle(td.querySelector('a')).color]")
    assert _rgb(light[0]) == (0xEF, 0x9A, 0x9A) and _rgb(light[1]) == (0, 0, 0)  # critical, black on pastel
    assert _rgb(dark[0]) == (0x7F, 0x1D, 0x1D) and _rgb(dark[1]) == (255, 255, 255)  # white on deep red
    w.assert_clean()


_ROWS = """() => [...document.querySelectorAll('#chart-milestone-timeline .gh-tl__row')].map((row) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const track = row.querySelector('.gh-tl__track');
    return { name: box(row.querySelector('.gh-tl__name')), track: box(track),
             marks: [...track.querySelectorAll('.gh-tl__mark')].map(box), today: box(track.querySelector('.gh-tl__today')) };
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_milestone_timeline_is_drawn_with_the_page(example_server: Server, open_page: Callable[..., Watched], width: int) -> None:
    """No plotly.js on the milestones page: the timeline is HTML, a row a milestone, its name beside
    its track on a wide screen and above it on a phone, every mark and the status date within the
    track, nothing wider than the screen; in dark mode the marks take the dark palette."""
    w = open_page(width=width, height=844)
    requested = []
    w.page.on("request", lambda r: requested.append(r.url))  # type: ignore[attr-defined]
    w.page.goto(example_server.url + "milestones/")  # type: ignore[attr-defined]
    rows = w.page.evaluate(_ROWS)  # type: ignore[attr-defined]
    assert len(rows) == 13
    assert not [u for u in requested if "plotly" in u or "charts-draw" in u]
    assert w.page.evaluate("document.documentElement.scrollWidth") <= width  # type: ignore[attr-defined]
    for row in rows:
        name, track = row["name"], row["track"]
        if width < 600:
            assert name[3] <= track[1] + 1, row  # above
        else:
            assert name[2] <= track[0] and abs((name[1] + name[3]) / 2 - (track[1] + track[3]) / 2) < 4, row  # beside
        for left, top, right, bottom in [*row["marks"], row["today"]]:
            assert track[0] - 8 <= (left + right) / 2 <= track[2] + 8 and top >= track[1] - 4 and bottom <= track[3] + 4, row
    # Later dates further right: each row's baseline, in baseline order.
    baselines = [row["marks"][0][0] for row in rows]
    assert baselines == sorted(baselines)
    late = "#chart-milestone-timeline .gh-tl__rows .gh-tl__mark--late"
    light = w.page.eval_on_selector(late, "(el) => getComputedStyle(el).backgroundColor")  # type: ignore[attr-defined]
    w.page.click("label[for='__palette_1']")  # type: ignore[attr-defined]
    dark = w.page.eval_on_selector(late, "(el) => getComputedStyle(el).backgroundColor")  # type: ignore[attr-defined]
    assert _rgb(light) == (0xC6, 0x28, 0x28) and _rgb(dark) == (0xEF, 0x9A, 0x9A)  # figures.RED and its dark counterpart
    w.assert_clean()


_PLOT = """(id) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const fig = document.getElementById(id);
    return { figure: box(fig), area: box(fig.querySelector('.gh-plot__area')),
             bars: [...fig.querySelectorAll('.gh-plot__col')].map((c) => [...c.querySelectorAll('.gh-plot__bar')].map(box)),
             labels: [...fig.querySelectorAll('.gh-plot__xl, .gh-plot__xt, .gh-plot__yt')].filter((l) => l.offsetParent).map(box),
             top: Number(fig.querySelector('.gh-plot__yt:last-child').textContent.replace(/,/g, '')),
             dots: [...fig.querySelectorAll('.gh-plot__dot--done')].map(box),
             line: fig.querySelector('.gh-plot__line--done') && fig.querySelector('.gh-plot__line--done').getAttribute('points') };
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@pytest.mark.parametrize("width", [390, 1280])
def test_the_sprint_charts_are_drawn_with_the_page(example_server: Server, open_page: Callable[..., Watched], width: int) -> None:
    """No plotly.js on the sprints page: each bar as tall as its value on the axis, each point of
    the burn-up on its line, no label over another, nothing wider than the screen; a tap shows a
    column's figures; in dark mode the bars take the dark palette."""
    w = open_page(width=width, height=844)
    requested = []
    w.page.on("request", lambda r: requested.append(r.url))  # type: ignore[attr-defined]
    w.page.goto(example_server.url + "sprints/")  # type: ignore[attr-defined]
    w.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert not [u for u in requested if "plotly" in u or "charts-draw" in u]
    assert w.page.evaluate("document.documentElement.scrollWidth") <= width  # type: ignore[attr-defined]
    rows = w.page.evaluate(  # type: ignore[attr-defined]  # the data table's, closed: its text as it is
        "() => [...document.querySelectorAll('#chart-velocity + details tbody tr')].map((r) => [...r.cells].map((c) => c.textContent))"
    )
    velocity = w.page.evaluate(_PLOT, "chart-velocity")  # type: ignore[attr-defined]
    area = velocity["area"]
    assert len(velocity["bars"]) == len(rows) == 15
    for (_, committed, completed), (c, d) in zip(rows, velocity["bars"], strict=True):
        for value, bar in ((committed, c), (completed, d)):
            assert abs((bar[3] - bar[1]) - (area[3] - area[1]) * float(value) / velocity["top"]) <= 1.5, (value, bar)
            assert abs(bar[3] - area[3]) <= 1 and area[0] <= bar[0] < bar[2] <= area[2], bar  # standing on the axis, inside
        assert c[2] <= d[0] + 0.5  # committed, then completed, side by side
    burnup = w.page.evaluate(_PLOT, "chart-burnup")  # type: ignore[attr-defined]
    a = burnup["area"]
    points = [tuple(map(float, p.split(","))) for p in burnup["line"].split()]
    assert len(points) == len(burnup["dots"]) == len(rows)  # the closed and the active sprints
    for (x, y), dot in zip(points, burnup["dots"], strict=True):
        centre = ((dot[0] + dot[2]) / 2, (dot[1] + dot[3]) / 2)
        assert abs(centre[0] - (a[0] + x / 100 * (a[2] - a[0]))) <= 1.5 and abs(centre[1] - (a[1] + y / 100 * (a[3] - a[1]))) <= 1.5
    for chart in (velocity, burnup):
        labels = chart["labels"]
        assert len(labels) >= 6
        assert not [(p, q) for i, p in enumerate(labels) for q in labels[i + 1 :] if _overlap(p, q)]
        assert all(chart["figure"][0] - 1 <= left and right <= chart["figure"][2] + 1 for left, _, right, _ in labels)
    # A tap (or a click) on a column shows its sprint's figures, within the screen.
    column = w.page.locator("#chart-velocity .gh-plot__col").nth(13)  # type: ignore[attr-defined]
    column.click()
    tip = column.locator(".gh-plot__tip")
    assert tip.inner_text().splitlines() == ["Sprint 14: Daily digest", "44 points committed", "37 points completed"]
    box = tip.bounding_box()
    assert box["width"] > 100 and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    bar = "#chart-velocity .gh-plot__bar--completed"
    light = w.page.eval_on_selector(bar, "(el) => getComputedStyle(el).backgroundColor")  # type: ignore[attr-defined]
    w.page.click("label[for='__palette_1']")  # type: ignore[attr-defined]
    dark = w.page.eval_on_selector(bar, "(el) => getComputedStyle(el).backgroundColor")  # type: ignore[attr-defined]
    assert _rgb(light) == (0x1F, 0x77, 0xB4) and _rgb(dark) == (0x64, 0xB5, 0xF6)  # figures.BLUE and its dark counterpart
    w.assert_clean()
