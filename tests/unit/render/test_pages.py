"""Rendering: every page, escaped data, charts with their data and text alternatives."""

from __future__ import annotations

import colorsys
import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any, cast

import markdown
import pytest

import generator
from generator.data.validate import validate
from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import status_document
from generator.model.build import build_model
from generator.model.records import Milestone
from generator.pipeline import generate, render_site
from generator.render import timeline as timeline_module
from generator.render.figures import Chart, columns, series_style, shorten, wrap
from generator.render.plot import Plot
from generator.render.text import escape, title
from tests.support.projects import EXAMPLE_DATA
from tests.support.sprint_cases import set_sprint


def test_escape_keeps_text_as_text() -> None:
    hostile = '<script>alert(1)</script> *bold* [x](javascript:alert(1)) {{ x }} {: onclick="y" } --8<-- "f" !!! note | a |'
    html = markdown.markdown(str(escape(hostile)), extensions=["attr_list", "admonition", "tables"])
    assert "<script" not in html and "<em>" not in html and "<a " not in html and "onclick=" not in html.replace("onclick&#61;", "")
    assert "admonition" not in html
    # The browser shows exactly the original text.
    assert re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), html.removeprefix("<p>").removesuffix("</p>")) == hostile


def test_title_is_html_escaped_once() -> None:
    assert title("A & <B>\n") == "A &amp; &lt;B&gt;"


def test_pages_and_nav(minimal: Path) -> None:
    site = generate(Path("data"))
    assert [p.path for p in site.pages] == [
        "index.md", "milestones.md", "risks.md", "feedback.md", "changes.md", "what-changed.md",
        "sprints/index.md", "sprints/sprint-03.md", "sprints/sprint-02.md", "sprints/sprint-01.md", "print.md", "reference.md",
        "feedback/answers-sponsors.md", "feedback/answers-users.md",
    ]  # fmt: skip
    assert [title for title, _ in site.nav] == [
        "Current status", "Milestones", "Risks", "Feedback and answers", "Change requests", "Since the last report", "Sprints",
    ]  # fmt: skip
    assert site.nav[-1][1][1] == ("Sprint 3: Pilot polish", "sprints/sprint-03.md")
    # The team's pages are linked from the footer, not listed in the customers' navigation.
    assert [p.path for p in site.pages if not p.in_nav] == [
        "print.md", "reference.md", "feedback/answers-sponsors.md", "feedback/answers-users.md",
    ]  # fmt: skip


def test_overview_has_status_at_a_glance(minimal: Path) -> None:
    md = generate(Path("data")).page("index.md").markdown
    first = md[md.index('<section class="gh-status') : md.index("## Why the status")]
    for expected in ("Green: On track", "On track for the pilot", "31 Mar 2026", "14 Apr 2026", "M&#45;02</span> Pilot live", "+9 days",
                     "Supplier delivered the test environment late&#46;", "Ada Owner"):  # fmt: skip
        assert expected in first, expected
    glance = md[md.index('<div class="gh-glance"') :]
    for expected in ("Pilot polish", "6 of 20 points done", "Pilot live", "+9 days late", "4.0 / 5", "5 pieces of feedback, 4 answered"):
        assert expected in glance, expected
    assert 'href="mailto:bo&#64;example&#46;org">' in md


def test_charts_carry_their_data(minimal: Path) -> None:
    site = generate(Path("data"))
    md = site.page("milestones.md").markdown
    assert "gh-chart-data" not in md  # the timeline is drawn in HTML, without plotly.js
    assert site.timeline is not None
    baselines = [html.unescape(t) for t in re.findall(r'gh-tl__mark--baseline" style="[^"]*" title="([^"]*)"', md)]
    assert baselines == ["Baseline 30 Jan 2026", "Baseline 15 Apr 2026", "Baseline 30 Jun 2026"]
    assert "Chart data as a table" in md and "<td>M&#45;02</td>" in md
    assert "risk-heatmap" not in site.charts and "milestone-timeline" not in site.charts  # tables and lists of their own


def _heat_cells(md: str) -> dict[tuple[str, str], str]:
    """The heat map's cells as (impact, likelihood) -> the text of the cell, from its HTML table."""
    grid = md[md.index('<table class="gh-heat__grid"') : md.index("</table>", md.index("gh-heat__grid"))]
    likelihoods = [html.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', grid)]
    cells = {}
    for impact, row in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', grid):
        for likelihood, cell in zip(likelihoods, re.findall(r"<td[^>]*>(.*?)</td>", row), strict=True):
            cells[(html.unescape(impact), likelihood)] = cell
    return cells


def test_the_heat_map_places_each_active_risk_and_links_it_to_the_register(minimal: Path) -> None:
    site = generate(Path("data"))
    # The sponsor report prints it too, with the ids alone: its own risk table has no anchors.
    report = _heat_cells(site.page("print.md").markdown)
    assert '<span class="gh-heat__risk">R&#45;001</span>' in report[("4 Major", "4 Likely")]
    assert "<a " not in "".join(report.values())
    md = site.page("risks.md").markdown
    cells = _heat_cells(md)
    assert len(cells) == 25
    # Exposure written in every cell, and its band as the cell's colour.
    assert 'class="gh-heat--high"><span class="gh-heat__exposure">16</span>' in md
    assert '<th scope="row">1 Negligible</th><td class="gh-heat--low"><span class="gh-heat__exposure">1</span></td>' in md
    assert '<td class="gh-heat--critical"><span class="gh-heat__exposure">25</span></td>' in md
    r001 = cells[("4 Major", "4 Likely")]
    assert '<a href="#r&#45;001" title="R&#45;001 ' in r001 and ">R&#45;001</a>" in r001
    assert 'id="r&#45;001"' in md or 'id="r-001"' in md  # the register row the link leads to
    assert "R&#45;002" in cells[("5 Severe", "2 Unlikely")]
    assert "R&#45;003" not in "".join(cells.values())  # closed risks are not on the heat map
    # The highest impact first, the lowest likelihood first, as a risk matrix is read.
    order = list(cells)
    assert order[0] == ("5 Severe", "1 Rare") and order[-1] == ("1 Negligible", "5 Almost certain")


def test_data_in_charts_is_plain_text(minimal: Path) -> None:
    path = Path("data/milestones.yaml")
    path.write_text(path.read_text().replace("title: Pilot live", 'title: "<b onmouseover=alert(1)>Pilot</b>"'))
    site = render_site(build_model(validate(Path("data"))))
    md = site.page("milestones.md").markdown
    assert "<b onmouseover" not in md
    assert 'title="M&#45;02 &#60;b onmouseover&#61;alert&#40;1&#41;&#62;Pilot&#60;&#47;b&#62;"' in md  # the timeline's name, escaped


def test_every_figure_is_valid_for_plotly() -> None:
    """Figures are plain JSON; plotly's own schema checks each property, as building them does not."""
    import plotly.graph_objects as go

    charts = generate(EXAMPLE_DATA).charts
    assert len(charts) == 6  # four status charts and the two trends over the snapshots
    figures = [c for c in charts.values() if isinstance(c, Chart)]
    assert sorted(c.id for c in figures) == ["feedback-themes", "milestone-trend", "rating-trend", "risk-trend"]  # the sprints' are HTML
    for chart in figures:
        go.Figure(chart.figure)  # raises ValueError for a property or value plotly.js does not know
    with pytest.raises(ValueError, match="colour"):
        go.Figure({"data": [{"type": "scatter", "colour": "red"}]})


def testtemplate_cache_are_kept_between_builds_and_optional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import pages as render_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    render_module.template_cache.cache_clear()
    first = generate(EXAMPLE_DATA)
    kept = list((tmp_path / "cache" / "glasshouse").rglob("*.cache"))
    assert len(kept) >= 10  # one per template
    assert generate(EXAMPLE_DATA).pages == first.pages  # read back from the cache: the same pages
    # Nowhere to write (a file where the directory would be): templates are compiled every time.
    (tmp_path / "blocked").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    render_module.template_cache.cache_clear()
    assert render_module.template_cache() is None
    assert generate(EXAMPLE_DATA).pages == first.pages
    render_module.template_cache.cache_clear()


# Charts: colours in both palettes, what a chart says when it has nothing to show, milestones'
# states, labels cut to fit with the whole text kept, and the markup around each chart.


def _rgba(css: str, hue: float) -> tuple[float, float, float, float]:
    """A CSS colour as Material writes them (#rgb, #rrggbb, #rrggbbaa, hsla(var(--md-hue), s, l, a))."""
    if css.startswith("#"):
        digits = css[1:] if len(css) > 5 else "".join(c * 2 for c in css[1:])
        r, g, b, *a = (int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2))
        return r, g, b, a[0] if a else 1.0
    s, lum, alpha = re.fullmatch(r"hsla\(var\(--md-hue\), ?([\d.]+)%, ?([\d.]+)%, ?([\d.]+)\)", css).groups()  # type: ignore[union-attr]
    r, g, b = colorsys.hls_to_rgb(hue / 360, float(lum) / 100, float(s) / 100)
    return r, g, b, float(alpha)


def _over(colour: tuple[float, float, float, float], behind: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = colour
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), behind, strict=True))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str | tuple[float, float, float], b: str | tuple[float, float, float]) -> float:
    """WCAG's contrast ratio of two opaque colours."""
    la, lb = (_luminance(_over(_rgba(c, 0), (1, 1, 1)) if isinstance(c, str) else c) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def material_palettes() -> dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]]:
    """Material's page background and text colour in each palette, as its installed stylesheets set them."""
    import material

    sheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    css = "".join(p.read_text(encoding="utf-8") for p in sorted(sheets.glob("*.min.css")))

    def block(selector: str) -> dict[str, str]:
        body = css[css.index(selector + "{") + len(selector) + 1 :].split("}", 1)[0]
        return dict(decl.split(":", 1) for decl in body.split(";") if decl.startswith("--"))

    light, dark = block(":root,[data-md-color-scheme=default]"), block("[data-md-color-scheme=slate]")
    hue = float(light["--md-hue"].removesuffix("deg"))
    out = {}
    for name, values in (("default", light), ("slate", {**light, **dark})):
        bg = _over(_rgba(values["--md-default-bg-color"], hue), (1, 1, 1))
        out[name] = (bg, _over(_rgba(values["--md-default-fg-color"], hue), bg))
    return out


def test_chart_colours_have_enough_contrast_in_light_and_dark() -> None:
    """Marks at least 3:1 against the page (WCAG 1.4.11), text at least 4.5:1 (1.4.3), in each palette."""
    from generator.render.figures import DARK
    from generator.render.heatmap import CELL_TEXT, CELL_TEXT_DARK, CELLS, CELLS_DARK

    palettes = material_palettes()
    (white, light_text), (slate, dark_text) = palettes["default"], palettes["slate"]
    assert white == (1, 1, 1)
    assert [round(c * 255) for c in slate] == [30, 33, 41]  # Material's slate background, #1e2129
    assert contrast(light_text, white) >= 4.5 and contrast(dark_text, slate) >= 4.5  # axis labels, legends
    marks = list(DARK.items())
    low = [f"{light} on white: {contrast(light, white):.2f}" for light, _ in marks if contrast(light, white) < 3]
    low += [f"{dark} on slate: {contrast(dark, slate):.2f}" for _, dark in marks if contrast(dark, slate) < 3]
    for text, cells in ((CELL_TEXT, CELLS), (CELL_TEXT_DARK, CELLS_DARK)):
        low += [f"{text} on {cell}: {contrast(text, cell):.2f}" for cell in cells.values() if contrast(text, cell) < 4.5]
    assert not low
    # The stylesheet paints the heat map with these colours, in each palette and on paper.
    stylesheet = Path(generator.__file__).parent / "render" / "assets" / "glasshouse.css"
    css = re.sub(r"/\*.*?\*/", "", stylesheet.read_text("utf-8"), flags=re.S)
    declared = re.findall(r"--gh-heat-(\w+): (#[0-9a-f]{6});", css)
    light = [*((band, CELLS[band]) for band in CELLS), ("text", CELL_TEXT)]
    dark = [*((band, CELLS_DARK[band]) for band in CELLS), ("text", CELL_TEXT_DARK)]
    assert declared == light + dark + light  # light, slate, print
    # The check is not vacuous: the pastel cells of the light heat map are far below 3:1 on white.
    assert contrast(CELLS["medium"], white) < 1.2


def test_the_html_charts_colours_are_the_figures() -> None:
    """The timeline and the sprints' charts, drawn in HTML, take their colours from the stylesheet:
    the figures' own, light, dark (whose contrast test_every_colour_a_chart_uses... checks) and on paper light again."""
    from generator.render.figures import BLUE, DARK, GREEN, GREY, RED, SERIES

    stylesheet = Path(generator.__file__).parent / "render" / "assets" / "glasshouse.css"
    css = re.sub(r"/\*.*?\*/", "", stylesheet.read_text("utf-8"), flags=re.S)
    for prefix, light in (("tl", {"forecast": BLUE, "late": RED, "delivered": GREEN, "grey": GREY}),
                          ("plot", {"grey": GREY, "blue": BLUE, "orange": SERIES[1]})):  # fmt: skip
        declared = re.findall(rf"--gh-{prefix}-(\w+): (#[0-9a-f]{{6}});", css)
        dark = {name: DARK[colour] for name, colour in light.items()}
        assert declared == [*light.items(), *dark.items(), *light.items()], prefix  # light, slate, print


def _with_history(data: Path, tmp_path: Path) -> Edition:
    """An edition whose history holds this data reported one sprint earlier, with every forecast a week earlier."""
    doc = status_document(build_model(validate(data)))
    earlier = json.loads(json.dumps(doc, default=str))
    earlier["sprint"]["id"] -= 1
    for m in earlier["milestones"]:
        if m.get("forecast"):
            m["forecast"] = (dt.date.fromisoformat(m["forecast"]) - dt.timedelta(days=7)).isoformat()
    return Edition(history=(Snapshot("sprint-earlier", "Earlier", earlier),))


@pytest.mark.parametrize("data", ["example", "zh", "minimal"])
def test_every_colour_a_chart_uses_has_its_dark_counterpart(data: str, tmp_path: Path) -> None:
    from generator.render.figures import DARK, colours
    from tests.support.projects import EXAMPLE_DATA, FIXTURES

    folder = EXAMPLE_DATA if data == "example" else FIXTURES / data / "data"
    charts = generate(folder, edition=_with_history(folder, tmp_path)).charts
    assert not [c.id for c in charts.values() if c.empty]  # every chart drawn, trends included
    for chart in charts.values():
        if not isinstance(chart, Chart):
            continue  # drawn in HTML, in the stylesheet's colours (test_the_sprint_charts_colours_are_the_figures)
        used = set(colours(chart.figure))
        assert used and used <= set(DARK), (chart.id, used - set(DARK))
        assert json.loads(chart.json())["dark"] == {c: DARK[c] for c in used}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_chart_with_nothing_to_show_is_a_sentence(minimal: Path) -> None:
    """No active risk, no feedback, no closed sprint, one report: each chart's place says so."""
    _edit(minimal / "risks.yaml", "status: mitigating", "status: closed")
    _edit(minimal / "risks.yaml", "status: open", "status: closed")
    (minimal / "feedback.csv").write_text((minimal / "feedback.csv").read_text().splitlines()[0] + "\n")
    set_sprint(minimal, 1)  # the first sprint active, the others planned
    site = generate(minimal)
    empty = {c.id: c.empty for c in site.charts.values() if c.empty}
    assert empty == {
        "rating-trend": "Not enough rated feedback yet to show a trend.",
        "feedback-themes": "No feedback yet.",
        "velocity": "No sprint has closed yet: the work done shows from the first closed one on.",
        "milestone-trend": "The milestone trend starts with the next report: this is the first.",
        "risk-trend": "The risk trend starts with the next report: this is the first.",
    }
    md = site.page("sprints/index.md").markdown
    sentence = re.search(r'<p class="gh-chart-empty" id="chart-velocity">(.*?)</p>', md)
    assert sentence and html.unescape(sentence.group(1)) == empty["velocity"]
    assert 'data-chart="velocity"' not in md
    md = site.page("risks.md").markdown
    sentence = re.search(r'<p class="gh-chart-empty" id="chart-risk-heatmap">(.*?)</p>', md)
    assert sentence and html.unescape(sentence.group(1)) == "There are no active risks."
    assert "gh-heat__grid" not in md
    # Where a page has a sentence of its own for the whole section, it stands in the chart's place.
    feedback = site.page("feedback.md").markdown
    assert "No themes yet: feedback is grouped here by what it is about." in feedback
    assert 'data-chart="feedback-themes"' not in feedback
    # The status report prints a chart's data; an empty one prints its sentence.
    assert '<p class="gh-chart-empty">No feedback yet&#46;</p>' in site.page("print.md").markdown
    # Still drawn: what has something to show.
    assert site.timeline is not None and not site.timeline.empty and not site.charts["burnup"].empty


def test_rating_trend_needs_two_rated_sprints(minimal: Path) -> None:
    assert not generate(minimal).charts["rating-trend"].empty
    rows = (minimal / "feedback.csv").read_text().splitlines()
    (minimal / "feedback.csv").write_text(
        "\n".join([rows[0], *(r for r in rows[1:] if "2026-03-1" not in r and "2026-03-0" not in r)]) + "\n"
    )
    assert generate(minimal).charts["rating-trend"].empty == "Not enough rated feedback yet to show a trend."


def test_cancelled_and_overdue_milestones(minimal: Path) -> None:
    """A cancelled milestone is neither late nor on time; one still open after its forecast date is late."""
    _edit(minimal / "milestones.yaml", "forecast: 2026-06-30\n  status: planned", "forecast: 2026-06-30\n  status: cancelled")
    _edit(minimal / "milestones.yaml", "baseline: 2026-04-15\n  forecast: 2026-04-24", "baseline: 2026-03-20\n  forecast: 2026-03-20")
    site = generate(minimal)
    timeline = site.timeline
    assert timeline is not None
    assert [k for k, _ in timeline.legend] == ["baseline", "late", "delivered", "cancelled"]
    rows = {r.id: r for r in timeline.rows}
    assert [m.kind for m in rows["M-02"].marks] == ["baseline", "late"]
    assert rows["M-02"].marks[1].words == "Forecast 20 Mar 2026 (+11 days late; the forecast date has passed)"
    # The same slip as the milestone tables give it: 11 days past a forecast that was its baseline.
    assert "+11 days late" in site.page("milestones.md").markdown
    assert [m.kind for m in rows["M-03"].marks] == ["baseline", "cancelled"]
    assert rows["M-03"].marks[1].words == "30 Jun 2026 (cancelled)"
    assert rows["M-03"].name == "M-03 General availability (cancelled)"
    assert rows["M-03"].span is None and rows["M-02"].span is not None  # no line from baseline to forecast
    assert timeline.summary == "3 milestones: 1 delivered, 1 open and forecast later than first promised. 1 milestone was cancelled."
    assert timeline.table[-1] == ("M-03", "General availability", "30 Jun 2026", "30 Jun 2026", "cancelled")
    day = dt.date(2026, 1, 1)
    assert Milestone("M-9", "t", "o", day, day, "planned", as_of=day).state == "on_time"
    assert Milestone("M-9", "t", "o", day, day + dt.timedelta(days=1), "planned", as_of=day).state == "late"
    # Due yesterday and not delivered: overdue, and as late as the milestone tables count it, though it was due on its baseline.
    overdue = Milestone("M-9", "t", "o", day, day, "planned", as_of=day + dt.timedelta(days=5))
    assert (overdue.state, overdue.late_days, overdue.slip) == ("overdue", 5, 5)


def test_the_timeline_keeps_milestones_in_baseline_order_on_one_scale(minimal: Path) -> None:
    """A row a milestone in baseline order, a cancelled one too; each mark placed by its date on
    one scale that holds every date drawn and the status date, written along it by month."""
    _edit(minimal / "milestones.yaml", "forecast: 2026-04-24\n  status: at_risk", "forecast: 2026-04-24\n  status: cancelled")
    site = generate(minimal)
    timeline = site.timeline
    assert timeline is not None and [r.id for r in timeline.rows] == ["M-01", "M-02", "M-03"]
    places = [m.at for r in timeline.rows for m in r.marks] + [timeline.today[0]]
    assert all(0 < at < 100 for at in places) and min(places) < 10 and max(places) > 90  # the scale's whole width
    # Later dates further along: baselines 30 Jan, 15 Apr, 30 Jun 2026, the status date between.
    baselines = [r.marks[0].at for r in timeline.rows]
    assert baselines == sorted(baselines) and baselines[0] < timeline.today[0] < baselines[2]
    # Equal spans of days are equal spans of the scale: 30 Jan -> 15 Apr is 75 days, 15 Apr -> 30 Jun 76.
    assert abs((baselines[1] - baselines[0]) / 75 - (baselines[2] - baselines[1]) / 76) < 0.01
    assert [label for _, label in timeline.ticks] == ["Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026"]
    assert timeline.today[1] == "Status date 31 Mar 2026"


def test_labels_are_cut_to_fit_and_kept_whole_in_hover_and_table(minimal: Path) -> None:
    long = "Pilot live in every harbour office, with training for every booking desk"
    _edit(minimal / "milestones.yaml", "title: Pilot live", f"title: {long}")
    timeline = generate(minimal).timeline
    assert timeline is not None
    # The timeline's row holds the name whole (the stylesheet cuts it where space is short, on a
    # wide screen beside the track; on a phone it is written whole above it), and so does the table.
    assert timeline.rows[1].name == f"M-02 {long}" and timeline.table[1][1] == long
    assert shorten("需求调研完成并签署", 9) == "需求调研…" and columns("需求调研…") == 9  # two columns a character
    assert shorten("Terminal operating system integration", 24) == "Terminal operating…"  # not "…syst…"
    assert shorten("Go supercalifragilistic", 10) == "Go superc…"  # no word ends near the cut: cut in the word
    assert shorten("<b>", 9) == "&lt;b&gt;" and wrap("5 Almost certain", 1) == "5<br>Almost<br>certain"


def test_every_trend_series_is_named_and_looks_unlike_the_others(tmp_path: Path) -> None:

    chart = generate(EXAMPLE_DATA, edition=_with_history(EXAMPLE_DATA, tmp_path)).charts["milestone-trend"]
    assert isinstance(chart, Chart)
    traces = chart.figure["data"]
    assert len(traces) == 13
    names = {t["name"] for t in traces}
    assert "M-07 Terminal operating…" in names and all(columns(n) <= 30 for n in names)
    looks = {(t["line"]["color"], t["line"]["dash"], t["marker"]["symbol"]) for t in traces}
    assert len(looks) == len(traces)
    assert len({(s["line"]["color"], s["line"]["dash"]) for s in map(series_style, range(32))}) == 32
    seven = next(t for t in traces if t["name"].startswith("M-07"))
    assert seven["customdata"][0][1] == "M-07 Terminal operating system integration"
    assert chart.figure["layout"]["xaxis"]["title"]["text"] == "Reported in sprint" and seven["x"] == ["14", "15"]


def test_no_data_reaches_a_plotly_template(minimal: Path) -> None:
    """Plotly reads %{...} in templates; data goes through customdata only, as plain text."""
    canary = "Zq%{x}<i>"
    _edit(minimal / "milestones.yaml", "title: Pilot live", f"title: '{canary}'")
    _edit(minimal / "risks.yaml", "title: Supplier delays", f"title: '{canary}'")
    _edit(minimal / "sprints.yaml", "name: Pilot build", f"name: '{canary}'")
    _edit(minimal / "project.yaml", "name: End users", f"name: '{canary}'")
    (minimal / "feedback.csv").write_text((minimal / "feedback.csv").read_text().replace(",booking,", f",{canary},"))
    site = generate(minimal, edition=_with_history(minimal, minimal.parent))
    charts = [c for c in site.charts.values() if isinstance(c, Chart)]
    for chart in charts:
        for trace in chart.figure["data"]:
            for key in ("hovertemplate", "texttemplate"):
                assert "Zq" not in trace.get(key, ""), (chart.id, key)
        assert canary not in chart.json() and "<i>" not in chart.json(), chart.id
    assert sum("Zq%{x}&lt;i&gt;" in json.dumps(c.figure) for c in charts) == 3  # each chart shows it, escaped
    # The sprints' charts, HTML, write the sprint's name in their tips, escaped as any text of a page.
    sprints = site.page("sprints/index.md").markdown
    tips = re.findall(r'<span class="gh-plot__tip[^"]*"><strong>([^<]*)</strong>', sprints)
    assert sum("Zq&#37;&#123;x&#125;&#60;i&#62;" in tip for tip in tips) == 2 and "<i>" not in sprints
    # The heat map, a table, names the risk in its link's title, escaped as any text of a page.
    heat = _heat_cells(site.page("risks.md").markdown)[("4 Major", "4 Likely")]
    assert 'title="R&#45;001 Zq&#37;&#123;x&#125;&#60;i&#62;"' in heat and "<i>" not in heat


def test_chart_markup_is_valid_html(minimal: Path) -> None:
    """The figure's id cannot clash with a heading's; its caption is its last child; the table follows it."""
    md = generate(minimal).page("feedback.md").markdown
    html_text = markdown.markdown(md, extensions=["toc", "md_in_html", "attr_list"])
    ids = re.findall(r'\bid="([^"]+)"', html_text)
    assert "chart-rating-trend" in ids and len(ids) == len(set(ids))
    block = re.search(
        r'<figure class="gh-figure" id="chart-rating-trend">(.*?)</figure>\s*<details class="gh-chart-table"', html_text, re.S
    )
    assert block and block.group(1).rstrip().endswith("</figcaption>")
    assert block.group(1).count("<figcaption>") == 1 and "<details" not in block.group(1)


def test_a_crowded_heat_map_cell_counts_what_it_cannot_list(minimal: Path) -> None:
    risks = minimal / "risks.yaml"
    for n in (4, 5, 6):
        risks.write_text(
            risks.read_text(encoding="utf-8") + f"- id: R-00{n}\n  title: Risk {n}\n  category: scope\n  likelihood: 4\n  impact: 4\n"
            "  owner: Cy User\n  status: open\n  raised: 2026-03-20\n  next_review: 2026-04-14\n",
            encoding="utf-8",
        )
    cells = _heat_cells(generate(minimal).page("risks.md").markdown)
    crowded = cells[("4 Major", "4 Likely")]  # three lines at most
    assert re.findall(r"<a [^>]*>(.*?)</a>", crowded) == ["R&#45;001", "R&#45;004", "&#43;2 more"]
    assert '<a href="#risk-register">' in crowded  # the rest are in the register
    # Three are listed whole: R-006 moved to another cell leaves.
    _edit(risks, "title: Risk 6\n  category: scope\n  likelihood: 4", "title: Risk 6\n  category: scope\n  likelihood: 1")
    cells = _heat_cells(generate(minimal).page("risks.md").markdown)
    assert re.findall(r"<a [^>]*>(.*?)</a>", cells[("4 Major", "4 Likely")]) == ["R&#45;001", "R&#45;004", "R&#45;005"]
    assert re.findall(r"<a [^>]*>(.*?)</a>", cells[("4 Major", "1 Rare")]) == ["R&#45;006"]


def test_the_milestones_page_gives_the_forecasts_and_how_they_are_made(minimal: Path) -> None:
    site = generate(EXAMPLE_DATA)
    pages = {p.path: p.markdown for p in site.pages}
    # The timeline's hover text and data table give an open milestone's chance.
    assert site.timeline is not None
    timeline = {r[0][:4]: r for r in site.timeline.table}
    assert any("chance of meeting its forecast date" in cell for cell in timeline["M-11"])
    assert not any("chance" in cell for cell in timeline["M-01"])  # delivered
    # The burn-up's forecast cone: a filled scatter from the last closed sprint, its dates in the data table.
    burnup = site.charts["burnup"]
    assert isinstance(burnup, Plot)
    (cone,) = burnup.areas
    done = next(line for line in burnup.lines if line.kind == "done")
    last_closed = max(i for i, s in enumerate(site.status.sprints) if s.state == "closed")
    assert site.status.sprints[last_closed].end == dt.date(2026, 11, 13)
    assert cone.kind == "cone" and cone.points[0] == done.points[last_closed]  # from the last closed sprint's completed work
    assert [r[0] for r in burnup.rows[-3:]] == ["Forecast, 50%", "Forecast, 85%", "Forecast, 95%"]
    plain = generate(Path("data"))
    assert not cast(Plot, plain.charts["burnup"]).areas and "gh-plot__area--cone" not in plain.page("sprints/index.md").markdown
    example = pages["milestones.md"]
    # Beside the key date and the late milestones on the overview, and in the sponsor report.
    overview = pages["index.md"]
    assert "(first promised 26 Feb); 62% chance of meeting its forecast date</li>" in overview.split("gh-key-dates")[1].split("</ul>")[0]
    assert "chance of meeting 22 Jan 2027.</span></li>" in overview.split('class="gh-late"')[1].split("</ul>")[0]
    assert 'id="forecast-table"' in pages["print.md"] and "#about-" not in pages["print.md"].split('id="forecast-table"')[1]
    table = example.split('id="forecast-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 7 + 1  # the head, each open milestone with a scope, all the work
    assert "M&#45;14" not in table and "How we work this out" in example
    assert "chance of meeting 22 Mar 2027" in example  # beside the go-live's details
    few = {p.path: p.markdown for p in generate(Path("data")).pages}["milestones.md"]
    assert "There is no delivery forecast yet" in few and 'id="forecast-table"' not in few and "How we work this out" not in few


def test_every_published_answer_has_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import answers as pages
    from generator.render.i18n import language
    from tests.support.projects import EXAMPLE_DATA

    monkeypatch.setattr(pages, "ANSWERS_PER_PAGE", 10)
    site = generate(EXAMPLE_DATA)
    status = site.status
    answers = {p.path: p.markdown for p in site.pages if p.path.startswith("feedback/answers-")}
    for segment, items in status.answers_by_segment.items():
        slug = pages.answer_slug(segment)
        mine = [md for path, md in answers.items() if path == f"feedback/{slug}.md" or path.startswith(f"feedback/{slug}-")]
        assert len(mine) == -(-len(items) // 10) > 1  # pages of at most ten
        for f in items:  # each once, with its reference, the days it came in and was answered, and its state
            holding = [md for md in mine if f">{escape(f.id)}</span>" in md]
            assert len(holding) == 1, f.id
            assert f"received {language('en').date(f.date)}" in holding[0] and escape(f.response or "") in holding[0]
            assert f.answered_on is not None and f"answered {language('en').date(f.answered_on)}" in holding[0]
        assert "Page 2 of" in mine[1] and 'aria-current="page">2<' in mine[1]
    # Beyond the pages a group may have, the oldest answers are in the download.
    monkeypatch.setattr(pages, "ANSWER_PAGES", 2)
    capped = {p.path: p.markdown for p in generate(EXAMPLE_DATA).pages if p.path.startswith("feedback/answers-")}
    for segment, items in status.answers_by_segment.items():
        slug = pages.answer_slug(segment)
        assert f"feedback/{slug}-3.md" not in capped
        last = capped.get(f"feedback/{slug}-2.md", "")
        if len(items) > 20:
            assert f"{len(items) - 20} older answer" in last and items[0].id.replace("-", "&#45;") in capped[f"feedback/{slug}.md"]
    feedback = site.page("feedback.md").markdown
    assert all(f"(feedback/{pages.answer_slug(s)}.md)" in feedback for s in status.answers_by_segment)


def test_answers_of_a_large_log_stay_out_of_the_search_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.model import status as status_module
    from tests.support.projects import EXAMPLE_DATA

    def searched() -> list[bool]:
        return ["search:\n  exclude: true" not in p.markdown for p in generate(EXAMPLE_DATA).pages if "answers-" in p.path]

    assert all(searched())
    monkeypatch.setattr(status_module, "ANSWERS_SEARCHED", 10)
    assert searched() and not any(searched())


def _earlier_reports(data: Path) -> tuple[Snapshot, ...]:
    """Two reports before the minimal project's: M-02 forecast 10 then 17 Apr (24 Apr now), R-001's
    exposure 8 then 12 (16 now)."""
    out = []
    for sprint, forecast, likelihood in ((1, "2026-04-10", 2), (2, "2026-04-17", 3)):
        doc: Any = json.loads(json.dumps(status_document(build_model(validate(data)))))
        doc["project"]["as_of"] = f"2026-03-{sprint * 14:02d}"
        doc["sprint"]["id"] = sprint
        next(m for m in doc["milestones"] if m["id"] == "M-02")["forecast"] = forecast
        next(r for r in doc["risks"] if r["id"] == "R-001")["likelihood"] = likelihood
        out.append(Snapshot(f"sprint-{sprint:02d}", f"Sprint {sprint}", doc))
    return tuple(out)


def test_the_dates_to_watch_speak_the_projects_language(tmp_path: Path) -> None:
    """A Chinese project's slipping milestone, in Chinese on the overview and in the sponsor report."""
    import shutil

    from tests.support.projects import FIXTURES

    data = Path(shutil.copytree(FIXTURES / "zh" / "data", tmp_path / "data"))
    site = generate(data, edition=Edition(version="sprint-04", history=_earlier_reports(data)))
    overview, report = site.page("index.md").markdown, site.page("print.md").markdown
    said = "M-02 试点上线：在最近 2 份报告中，预测日期每次都推迟，现为 2026年4月24日。"
    assert "需要关注的日期" in overview and _early(overview) == [said]
    assert "## 需要关注的日期" in report and "Dates to watch" not in report + overview
    assert '<li><span class="gh-id">M&#45;02</span> 试点上线：在最近 2 份报告中' in report


def _early(markdown_text: str) -> list[str]:
    section = re.search(r'<section class="gh-first gh-early".*?</section>', markdown_text, re.S)
    return [re.sub(r"<[^>]+>", "", html.unescape(li)) for li in re.findall(r"<li>(.*?)</li>", section.group(0))] if section else []


def test_the_overview_lists_the_early_warnings_for_the_team_and_dates_for_customers(minimal: Path) -> None:
    history = _earlier_reports(minimal)
    edit = {
        "project.yaml": ("language: en", "language: en\nwarn_unanswered_days: 10"),
        "risks.yaml": ("next_review: 2026-04-07", "next_review: 2026-03-20"),
    }
    for name, (old, new) in edit.items():
        path = minimal / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    sprints = (minimal / "sprints.yaml").read_text(encoding="utf-8")
    sprints = sprints.replace("completed: 18", "completed: 10").replace("completed: 22", "completed: 10")
    (minimal / "sprints.yaml").write_text(
        sprints.replace("completed: 6\n  state: active", "completed: 7\n  state: closed"), encoding="utf-8"
    )
    edition = Edition(version="sprint-04", history=history)
    internal = generate(minimal, "internal", edition=edition).page("index.md").markdown
    assert "Early warnings" in internal
    assert _early(internal) == [
        "M-02 Pilot live: its forecast moved later in each of the last 2 reports, to 24 Apr 2026.",
        "Risk R-001 Supplier delays: its exposure rose in each of the last 2 reports, to 16.",
        "Risk R-001 Supplier delays threatens M-02 Pilot live, forecast later now than in the last report.",
        "Risk R-001 Supplier delays: its review was due 20 Mar 2026.",
        "The last 3 sprints each completed less than 70% of the work they committed, the latest 35%.",
        "1 piece of feedback has waited longer than 10 days for an answer.",
    ]
    public_site = generate(minimal, edition=edition)
    public = public_site.page("index.md").markdown
    assert "Dates to watch" in public and "Early warnings" not in public
    assert _early(public) == ["M-02 Pilot live: its forecast moved later in each of the last 2 reports, to 24 Apr 2026."]
    # The sponsor report lists the same, under the same heading.
    report = public_site.page("print.md").markdown
    assert "## Dates to watch" in report and "Early warnings" not in report
    assert '<li><span class="gh-id">M&#45;02</span> Pilot live: its forecast moved later in each of the last 2 reports' in report
    assert "## Dates to watch" not in generate(minimal).page("print.md").markdown
    assert _early(generate(minimal).page("index.md").markdown) == []  # nothing published, nothing to watch


def test_a_chart_keeps_its_height_free_until_it_is_drawn(minimal: Path) -> None:
    """The feedback themes chart is as tall as its themes need, wide and narrow: the page
    reserves both, and the stylesheet picks one by width."""
    site = generate(minimal)
    themes = site.charts["feedback-themes"]
    assert isinstance(themes, Chart)
    wide, narrow = themes.figure["layout"]["height"], themes.narrow.get("height", themes.figure["layout"]["height"])
    room = f'<div class="gh-chart" data-chart="feedback-themes" style="--gh-h:{wide}px;--gh-hn:{narrow}px"></div>'
    assert wide > 0 and room in site.page("feedback.md").markdown


def test_a_long_list_of_milestones_draws_the_open_and_the_latest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past TIMELINE_MOST milestones the timeline draws the open ones due soonest, then the latest
    delivered, and says so; its summary still counts every milestone, and the page's table lists all."""
    monkeypatch.setattr(timeline_module, "TIMELINE_MOST", 9)
    site = generate(EXAMPLE_DATA)
    every = site.status.milestones
    open_ = sorted((m for m in every if m.is_open), key=lambda m: m.expected)
    closed = sorted((m for m in every if not m.is_open), key=lambda m: m.expected)
    assert len(every) > 9 and len(open_) < 9  # the example: some of each kept, some delivered left out
    timeline = site.timeline
    assert timeline is not None
    drawn = [r.id for r in timeline.rows]
    assert set(drawn) == {m.id for m in open_} | {m.id for m in closed[len(open_) - 9 :]}
    assert drawn == [m.id for m in sorted(every, key=lambda m: (m.baseline, m.id)) if m.id in drawn]  # in baseline order
    assert [r[0] for r in timeline.table] == drawn
    assert f"It draws 9 of the {len(every)} milestones" in timeline.caption
    assert timeline.summary.startswith(f"{len(every)} milestones: ")
    page = site.page("milestones.md").markdown
    assert page.count('<li class="gh-tl__row">') == 9
    assert all(f'id="dates-{escape(m.id.lower())}"' in page for m in every)
    # Only open ones, when more are open than are drawn: those due soonest.
    assert [m.id for m in timeline_module.drawn_milestones(every, 2)] == sorted((m.id for m in open_[:2]), key=lambda i: drawn.index(i))
    # Within the limit, every milestone, and no sentence about it.
    monkeypatch.setattr(timeline_module, "TIMELINE_MOST", len(every))
    whole = generate(EXAMPLE_DATA).timeline
    assert whole is not None and len(whole.rows) == len(every) and "It draws" not in whole.caption
