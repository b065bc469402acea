"""No text in any chart overlaps other text or leaves the chart, at a phone's, a tablet's and a
desktop's width, in light and dark mode.

Every chart of four sites is drawn in Chromium: the example project, the example project published
over three sprints (the charts only a history draws: trends over several reports), the Chinese fixture,
and the minimal project crowded and wordy (`crowd`). Then the box of every visible text of the
chart (tick labels, legend items, axis titles, annotations; in the sprints' charts, drawn in HTML,
their legends, axes' titles and labels) is measured: two
boxes may not intersect by more than a pixel, each lies inside the chart's box, and none is
written smaller than 10 px.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.artefacts import unmeasured
from tests.support.projects import EPOCH, EXAMPLE_DATA, FIXTURES, build_site, copy_project
from tests.support.publishing import SITE_URL, checkout, commit, git, glasshouse
from tests.support.serving import Server, serve, serving

from .conftest import bring_charts_near, watch

TOLERANCE = 1  # px: boxes may touch
SMALLEST = 10  # px: the smallest text a chart may write

# Every visible text of every chart on the page: its words, what Plotly drew it as, its box.
COLLECT = """() => [...document.querySelectorAll('.gh-chart')].map(chart => {
    const shown = el => {
        for (let n = el; n && n !== chart; n = n.parentElement) {
            const s = getComputedStyle(n);
            if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
        }
        return true;
    };
    const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const texts = [...chart.querySelectorAll('svg text')]
        .filter(t => t.textContent.trim() && shown(t))
        .map(t => ({
            text: t.textContent.trim(),
            kind: t.getAttribute('class') || (t.closest('g[class]') || t).getAttribute('class'),
            size: parseFloat(getComputedStyle(t).fontSize),
            box: box(t.getBoundingClientRect()),
        }))
        .filter(t => t.box.right - t.box.left > 0 && t.box.bottom - t.box.top > 0);
    return {id: chart.dataset.chart, box: box(chart.getBoundingClientRect()), texts};
}).concat([...document.querySelectorAll('figure.gh-plot')].map(figure => {
    // A chart drawn in HTML (plot.py): its legend, axes' titles and labels, each measured as the
    // text it holds (a range), not as its element's box.
    const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const texts = [...figure.querySelectorAll(PLOT_TEXT)]
        .filter(el => el.textContent.trim() && el.getClientRects().length)
        .map(el => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return {text: el.textContent.trim(), kind: el.className.split(' ')[0], size: parseFloat(getComputedStyle(el).fontSize),
                    box: box(range.getBoundingClientRect())};
        })
        .filter(t => t.box.right - t.box.left > 0 && t.box.bottom - t.box.top > 0);
    return {id: figure.id.replace(/^chart-/, ''), box: box(figure.getBoundingClientRect()), texts};
}))"""
PLOT_TEXT = ".gh-plot__ytitle, .gh-plot__yt, .gh-plot__xl, .gh-plot__xt, .gh-plot__xtitle, .gh-plot__legend > li"
COLLECT = COLLECT.replace("PLOT_TEXT", repr(PLOT_TEXT))


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    across = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return across > TOLERANCE and down > TOLERANCE


def _outside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["left"] < outer["left"] - TOLERANCE
        or inner["top"] < outer["top"] - TOLERANCE
        or inner["right"] > outer["right"] + TOLERANCE
        or inner["bottom"] > outer["bottom"] + TOLERANCE
    )


def text_problems(charts: list[dict[str, Any]], where: str) -> list[str]:
    """Every overlap, every text outside its chart and every text too small, in words."""
    problems = []
    for chart in charts:
        texts = chart["texts"]
        at = f"{where}, chart {chart['id']}"
        if not texts:
            problems.append(f"{at}: no text found (is the chart drawn?)")
        for i, a in enumerate(texts):
            if _outside(a["box"], chart["box"]):
                problems.append(f"{at}: {a['kind']} {a['text']!r} lies outside the chart ({a['box']} not in {chart['box']})")
            if a["size"] < SMALLEST:
                problems.append(f"{at}: {a['kind']} {a['text']!r} is {a['size']} px, smaller than {SMALLEST} px")
            problems.extend(
                f"{at}: {a['kind']} {a['text']!r} overlaps {b['kind']} {b['text']!r}"
                for b in texts[i + 1 :]
                if _overlap(a["box"], b["box"])
            )
    return problems


def chart_pages(site: Path) -> list[str]:
    """The pages of a built site (or of one snapshot's directory) that draw at least one chart."""
    pages = [p for p in site.rglob("index.html") if re.search(r'class="gh-chart"|class="gh-figure gh-plot', p.read_text(encoding="utf-8"))]
    return sorted(str(p.parent.relative_to(site)) + "/" if p.parent != site else "" for p in pages)


def charts_on(site: Path, page: str) -> set[str]:
    """The charts (by id) a page of a built site draws; none for a page it does not have."""
    html = site / page / "index.html"
    return set(re.findall(r'data-chart="([^"]+)"', html.read_text(encoding="utf-8"))) if html.is_file() else set()


def _drawn(page: Any, scheme: str) -> None:
    """Wait until every chart on the page is drawn in `scheme` at the width the page now has
    (each brought near the screen first: charts.js draws a chart as it comes near)."""
    bring_charts_near(page)
    page.wait_for_function(
        """scheme => [...document.querySelectorAll('.gh-chart')].every(el =>
            el.getAttribute('data-theme') === scheme && Number(el.getAttribute('data-width')) === el.clientWidth)""",
        arg=scheme,
        timeout=20_000,
    )


# A phone, and a desktop window narrowed to a tablet's width (each chart is drawn again for it).
DEVICES = {"phone": (390,), "desktop": (1280, 768)}


def check_site(browser: object, server: Server, paths: list[str], device: str, name: str) -> list[str]:
    """Every chart page on `device`, at each of its widths in light mode, then at the last of them
    in dark mode (with the header's toggle). The dark palette only recolours a chart (charts-draw.js
    keeps every size and position), so its text is measured once, at one width."""
    assert paths, f"{name}: no page with a chart"
    widths = DEVICES[device]
    w = watch(browser, width=widths[0], height=900, forgetful=True)
    problems: list[str] = []
    try:
        for path in paths:
            w.page.goto(server.url + path)  # type: ignore[attr-defined]
            for width in widths:
                w.page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
                _drawn(w.page, "default")
                problems += text_problems(w.page.evaluate(COLLECT), f"{name} {path or '/'} at {width} px, light")  # type: ignore[attr-defined]
            w.page.click("label[for='__palette_1']")  # type: ignore[attr-defined]
            _drawn(w.page, "slate")
            problems += text_problems(w.page.evaluate(COLLECT), f"{name} {path or '/'} at {widths[-1]} px, dark")  # type: ignore[attr-defined]
        w.assert_clean()
    finally:
        w.context.close()  # type: ignore[attr-defined]
    return problems


def _make_sprint_active(data: Path, active: int) -> None:
    """The example project at the end of sprint `active`: earlier sprints closed, later ones planned."""
    path = data / "sprints.yaml"
    sprints = yaml.safe_load(path.read_text(encoding="utf-8"))
    for s in sprints:
        s["state"] = "closed" if s["id"] < active else "active" if s["id"] == active else "planned"
        if s["state"] == "planned":
            s.pop("completed", None)
        else:
            s.setdefault("completed", s["committed"])
    path.write_text(yaml.safe_dump(sprints, allow_unicode=True, sort_keys=False), encoding="utf-8")


def publish_example(root: Path) -> Path:
    """The example project published at the end of sprints 13, 14 and 15, to a bare remote."""
    remote = root / "remote.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(remote))
    project = copy_project(root / "project", EXAMPLE_DATA)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", config.read_text(encoding="utf-8")), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", "../remote.git")
    for n, sprint in enumerate((13, 14, 15), 1):
        _make_sprint_active(project / "data", sprint)
        commit(project, f"Sprint {sprint}")
        # Published after the example's status date: a status date in the future is refused.
        result = glasshouse(project, "publish", epoch=int(EPOCH) + 3600 * n)
        assert result.returncode == 0, result.stdout + result.stderr
    return remote


LONG = "with a name long enough to need cutting on every screen"


class _NoAliases(yaml.SafeDumper):
    """Glasshouse refuses YAML aliases, which PyYAML writes for a value used twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def crowd(data: Path) -> None:
    """The minimal project as a prolific, wordy team keeps it: long names everywhere, six customer
    segments, thirty sprints, twenty milestones (one cancelled, one overdue), thirty risks crowded
    into a few cells of the heat map and sixty pieces of feedback in seven themes."""
    as_of = dt.date(2026, 3, 31)

    def write(name: str, records: object) -> None:
        text = yaml.dump(records, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
        (data / name).write_text(text, encoding="utf-8")

    project = yaml.safe_load((data / "project.yaml").read_text(encoding="utf-8"))
    project["segments"] += [{"id": f"group-{n}", "name": f"Customer group {n} {LONG}"} for n in range(1, 5)]
    project["contacts"] += [
        {"id": f"C-{10 + n}", "name": f"Contact {n}", "role": "Group lead", "email": f"c{n}@example.org", "segment": f"group-{n}"}
        for n in range(1, 5)
    ]
    write("project.yaml", project)
    milestones: list[dict[str, Any]] = []
    for n in range(1, 21):
        baseline = dt.date(2026, 1, 5) + dt.timedelta(days=14 * (n - 1))
        m: dict[str, Any] = {"id": f"M-{n:02d}", "title": f"Milestone {n} {LONG}", "owner": "Ada Owner", "baseline": baseline}
        m["forecast"] = baseline + dt.timedelta(days=7 * (n % 4))
        m["status"] = "done" if n <= 5 else "cancelled" if n == 8 else "in_progress" if n == 6 else "planned"
        if n <= 5:
            m["done"] = m["forecast"]
        milestones.append(m)
    assert milestones[5]["forecast"] < as_of  # M-06: open, its forecast date passed
    write("milestones.yaml", milestones)
    cells = [(3, 4)] * 5 + [(4, 4)] * 6 + [(5, 4)] * 5 + [(5, 5)] * 4 + [(lk, 6 - lk) for lk in range(1, 6)] * 2
    risks = [
        {"id": f"R-{n:04d}", "title": f"Risk {n} {LONG}", "category": "scope", "likelihood": lk, "impact": im, "owner": "Cy User",
         "status": "open", "raised": dt.date(2026, 1, 10), "next_review": dt.date(2026, 4, 14)}
        for n, (lk, im) in enumerate(cells, 1)
    ]  # fmt: skip
    write("risks.yaml", risks)
    sprints: list[dict[str, Any]] = []
    for n in range(1, 31):
        start = dt.date(2026, 3, 30) - dt.timedelta(days=14 * (30 - n))
        sprint = {"id": n, "name": f"Sprint {n} {LONG}", "start": start, "end": start + dt.timedelta(days=11)}
        sprints.append({**sprint, "goal": "Deliver.", "committed": 20 + n % 7, "completed": 18, "state": "closed" if n < 30 else "active"})
    write("sprints.yaml", sprints)
    rows = ["id,date,segment,channel,rating,theme,quote,consent,respondent,response,action,milestone,change,visibility"]
    segments = [s["id"] for s in project["segments"]]
    for n in range(60):
        day = sprints[19 + n % 10]["start"] + dt.timedelta(days=2)
        action = ("received", "planned", "done", "declined")[n % 4]
        response = "We answered." if action in ("done", "declined") else ""
        theme = f"theme {n % 7} with a name long enough to need cutting"
        rows.append(f"FB-{n + 1:04d},{day},{segments[n % 6]},survey,{1 + n % 5},{theme},,no,Someone,{response},{action},,,")
    (data / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def crowded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The minimal project crowded and wordy (`crowd`), built for the local address it is served at."""
    project = copy_project(tmp_path_factory.mktemp("crowded") / "project", FIXTURES / "minimal" / "data")
    crowd(project / "data")
    with serving(project / "site") as server:
        with unmeasured():
            build_site(project, site_url=server.url)
        yield server


@pytest.fixture(scope="module")
def published_example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The example project published over three sprints, its gh-pages branch served."""
    root = tmp_path_factory.mktemp("published-example")
    with unmeasured():
        remote = publish_example(root)
    yield from serve(checkout(remote, root / "gh-pages"))


# Each site's server fixture, and the snapshot whose pages are checked.
SITES = {"example": ("example_server", ""), "zh": ("zh_server", ""), "published": ("published_example", "sprint-15/"),
         "crowded": ("crowded_server", "")}  # fmt: skip


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("device", DEVICES)
def test_no_chart_text_overlaps_or_leaves_its_chart(browser: object, request: pytest.FixtureRequest, site: str, device: str) -> None:
    fixture, snapshot = SITES[site]
    server: Server = request.getfixturevalue(fixture)
    pages = chart_pages(server.root / snapshot)
    if site == "published":  # the charts only a history draws: the example's own are checked on the example
        example: Server = request.getfixturevalue("example_server")
        pages = [p for p in pages if charts_on(server.root / snapshot, p) - charts_on(example.root, p)]
    paths = [snapshot + p for p in pages]
    problems = check_site(browser, server, paths, device, site)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_check_finds_overlapping_small_and_stray_text(browser: object, example_server: Server) -> None:
    """Not vacuous: a tick label made large, another made tiny and a legend item moved out are each found."""
    w = watch(browser, width=1280, height=900)
    try:
        w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
        _drawn(w.page, "default")
        assert text_problems(w.page.evaluate(COLLECT), "before") == []  # type: ignore[attr-defined]
        ticks, title = w.page.evaluate(  # type: ignore[attr-defined]
            """() => {
                const ticks = document.querySelectorAll('.gh-chart[data-chart="rating-trend"] .xtick text');
                ticks[1].style.fontSize = '200px';
                ticks[4].style.fontSize = '7px';
                const title = document.querySelector('.gh-chart[data-chart="rating-trend"] .ytitle');
                title.setAttribute('transform', 'translate(-400, 0)');
                return [[...ticks].map((t) => t.textContent), title.textContent];
            }"""
        )
        problems = text_problems(w.page.evaluate(COLLECT), "after")  # type: ignore[attr-defined]
        assert any(p.startswith(f"after, chart rating-trend: xtick '{ticks[1]}' overlaps xtick '") for p in problems), problems
        assert f"after, chart rating-trend: xtick '{ticks[4]}' is 7 px, smaller than 10 px" in problems
        assert any(p.startswith(f"after, chart rating-trend: ytitle '{title}' lies outside the chart") for p in problems), problems
    finally:
        w.context.close()  # type: ignore[attr-defined]


TURNED = "document.querySelector('.gh-chart[data-chart=\"rating-trend\"]').getAttribute('data-layout') === '{}'"


def test_a_chart_takes_its_narrow_layout_when_the_window_narrows(browser: object, example_server: Server) -> None:
    """Turned to a phone's width, a chart is drawn again with its narrow layout; back, wide again."""
    w = watch(browser, width=1280, height=900)
    shown = """() => {
        const el = document.querySelector('.gh-chart[data-chart="rating-trend"]');
        return [el.getAttribute('data-layout'), Number(el.getAttribute('data-width')), el.querySelectorAll('.modebar').length];
    }"""
    try:
        w.page.goto(example_server.url + "feedback/")  # type: ignore[attr-defined]
        _drawn(w.page, "default")
        layout, width, toolbar = w.page.evaluate(shown)  # type: ignore[attr-defined]
        assert (layout, toolbar) == ("wide", 0) and width > 600
        w.page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
        w.page.wait_for_function(TURNED.format("narrow"))  # type: ignore[attr-defined]
        layout, width, toolbar = w.page.evaluate(shown)  # type: ignore[attr-defined]
        assert (layout, toolbar) == ("narrow", 0) and width < 390
        assert text_problems(w.page.evaluate(COLLECT), "turned to a phone") == []  # type: ignore[attr-defined]
        w.page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
        w.page.wait_for_function(TURNED.format("wide"))  # type: ignore[attr-defined]
        w.assert_clean()
    finally:
        w.context.close()  # type: ignore[attr-defined]
