"""Rendering: every page, escaped data, charts with their data and text alternatives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest

from generator.data.validate import validate
from generator.model.build import build_model
from generator.pipeline import generate, render_site
from generator.render.text import escape, title


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
    ]  # fmt: skip
    assert site.nav[0] == ("Overview", "index.md")
    assert site.nav[-3][0] == "Sprints" and site.nav[-3][1][1] == ("Sprint 3: Pilot polish", "sprints/sprint-03.md")
    assert site.nav[-2] == ("Status report", "print.md")


def test_overview_has_status_at_a_glance(minimal: Path) -> None:
    md = generate(Path("data")).page("index.md").markdown
    glance = md[md.index('<div class="gh-glance"') : md.index("</div>")]
    for expected in ("Green: On track", "On track for the pilot", "31 Mar 2026", "14 Apr 2026", "Pilot polish", "6 / 20 points",
                     "Pilot live", "+9 days late", "4.0 / 5", "80% answered"):  # fmt: skip
        assert expected in glance, expected
    assert '<a href="mailto:bo&#64;example&#46;org">' in md


def test_charts_carry_their_data(minimal: Path) -> None:
    site = generate(Path("data"))
    md = site.page("milestones.md").markdown
    (blob,) = re.findall(r'<template class="gh-chart-data"[^>]*>(.*?)</template>', md)
    figure = json.loads(blob)
    baseline = next(t for t in figure["data"] if t.get("name") == "Baseline")
    assert baseline["x"] == ["2026-01-30", "2026-04-15", "2026-06-30"]
    assert "Chart data as a table" in md and "<td>M&#45;02</td>" in md
    heat = site.charts["risk-heatmap"].figure["data"][0]
    assert heat["text"][3][3] == "R-001"  # likelihood 4, impact 4 (row = impact - 1)
    assert heat["text"][4][1] == "R-002"
    assert "R-003" not in json.dumps(heat)  # closed risks are not on the heat map


def test_data_in_charts_is_plain_text(minimal: Path) -> None:
    path = Path("data/milestones.yaml")
    path.write_text(path.read_text().replace("title: Pilot live", 'title: "<b onmouseover=alert(1)>Pilot</b>"'))
    site = render_site(build_model(validate(Path("data"))))
    labels = json.dumps(site.charts["milestone-timeline"].figure)
    assert "<b onmouseover" not in labels and "&lt;b onmouseover=alert(1)&gt;Pilot&lt;/b&gt;" in labels
    md = site.page("milestones.md").markdown
    assert "<b onmouseover" not in md
    assert "\\u003c" in md or "&lt;" in md  # the inline JSON cannot open or close an element


def test_every_figure_is_valid_for_plotly() -> None:
    """Figures are plain JSON; plotly's own schema checks each property, as building them does not."""
    import plotly.graph_objects as go

    from .conftest import EXAMPLE_DATA

    charts = generate(EXAMPLE_DATA).charts
    assert len(charts) == 8  # six status charts and the two trends over the snapshots
    for chart in charts.values():
        go.Figure(chart.figure)  # raises ValueError for a property or value plotly.js does not know
    with pytest.raises(ValueError, match="colour"):
        go.Figure({"data": [{"type": "scatter", "colour": "red"}]})


def testtemplate_cache_are_kept_between_builds_and_optional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import pages as render_module

    from .conftest import EXAMPLE_DATA

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


def test_chart_markup_is_valid_html(minimal: Path) -> None:
    """The figure's id cannot clash with a heading's; its caption is its last child; the table follows it."""
    md = generate(minimal).page("feedback.md").markdown
    html_text = markdown.markdown(md, extensions=["toc", "md_in_html", "attr_list"])
    ids = re.findall(r'\bid="([^"]+)"', html_text)
    assert "rating-trend" in ids and "chart-rating-trend" in ids and len(ids) == len(set(ids))
    block = re.search(
        r'<figure class="gh-figure" id="chart-rating-trend">(.*?)</figure>\s*<details class="gh-chart-table"', html_text, re.S
    )
    assert block and block.group(1).rstrip().endswith("</figcaption>")
    assert block.group(1).count("<figcaption>") == 1 and "<details" not in block.group(1)
