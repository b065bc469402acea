"""Hostile text in every field, every page loaded in a real Chromium: nothing runs, nothing is injected.

The site is built from the minimal fixture with XSS payloads in every free-text field (script
tags, event handlers, javascript: links, SVG, broken-out attributes, polyglots, template and
Markdown extension syntax); see tests/support/planted.py. On every page the charts are drawn and hovered (an HTML chart's columns too)
and the search is used, and then: no dialog opened, no element carries an event handler or a
javascript: address, no foreign element or script exists, and the console is clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.support.artefacts import unmeasured
from tests.support.planted import fill_with_payloads
from tests.support.projects import FIXTURES, build_site, copy_project
from tests.support.serving import Server, serve

from .conftest import Watched, wait_for_charts

INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} has ${name}`);
      if (/(^|:)(href|src|action|formaction|data)$/.test(name) && /^(javascript|vbscript|data:text\\/html)/.test(value))
        bad.push(`${el.tagName} ${name}=${a.value}`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META'].includes(el.tagName) && !el.closest('head')) bad.push(`${el.tagName} in body`);
    const content = el.closest('.md-content') && !el.closest('.gh-chart');
    if (content && ['FORM', 'INPUT', 'BUTTON', 'TEXTAREA', 'STYLE', 'LINK'].includes(el.tagName)) bad.push(`${el.tagName} in content`);
    if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') bad.push('img src=x');
  }
  // SVG only where a chart draws: plotly.js's (no link in it), and the lines of an HTML chart (plot.py), nothing else in them.
  const drawn = '.md-content svg:not(.gh-chart svg):not(svg.gh-plot__svg), .gh-chart svg a, svg.gh-plot__svg :not(polygon, polyline)';
  for (const el of document.querySelectorAll(drawn)) bad.push(`${el.tagName} in content`);
  for (const s of document.scripts) {
    if (s.src && new URL(s.src).host !== location.host) bad.push(`script from ${s.src}`);
    if (!s.src && s.type !== 'application/json' && /alert|confirm|prompt/.test(s.textContent)) bad.push('inline script calling alert');
  }
  if (window.MathJax || window.katex || document.querySelector('.arithmatex, mjx-container')) bad.push('maths rendering');
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, object]]]:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project", FIXTURES / "minimal" / "data")
    fill_with_payloads(root / "data")
    project = yaml.safe_load((root / "data" / "project.yaml").read_text(encoding="utf-8"))
    with unmeasured():
        site = build_site(root)
    for server in serve(site):
        yield server, project


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


def test_no_payload_runs_on_any_page(hostile: tuple[Server, dict[str, object]], open_page: Callable[..., Watched]) -> None:
    server, _ = hostile
    pages = _pages(server.root)
    assert len(pages) >= 12
    w = open_page()
    page = w.page
    for path in pages:
        page.goto(server.url + path)  # type: ignore[attr-defined]
        charts = page.locator(".gh-chart").count()  # type: ignore[attr-defined]
        if charts:
            wait_for_charts(page, charts)
            for i in range(charts):
                box = page.locator(".gh-chart").nth(i).bounding_box()  # type: ignore[attr-defined]
                for fx in (0.2, 0.4, 0.6, 0.8):
                    for fy in (0.2, 0.4, 0.6, 0.8):
                        page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])  # type: ignore[attr-defined]
        for target in page.locator(".gh-plot__col, .gh-plot__zone").all():  # type: ignore[attr-defined]
            target.hover()  # an HTML chart's tips
        assert page.evaluate(INJECTED) == [], path  # type: ignore[attr-defined]
        assert not w.dialogs, (path, w.dialogs)
    w.assert_clean()


def test_payloads_show_as_text(hostile: tuple[Server, dict[str, object]], open_page: Callable[..., Watched]) -> None:
    server, project = hostile
    w = open_page()
    w.page.goto(server.url)  # type: ignore[attr-defined]
    assert w.page.title() == project["name"]  # type: ignore[attr-defined]
    assert w.page.get_attribute(".md-header__button.md-logo", "title") == project["name"]  # type: ignore[attr-defined]
    headline = w.page.inner_text(".gh-headline")  # type: ignore[attr-defined]
    assert headline == " ".join(str(project["headline"]).split())
    for literal in ("<script>", "{{ 7*7 }}", "--8<--"):
        assert any(literal in str(v) for v in project.values()), literal
    body = w.page.inner_text("article")  # type: ignore[attr-defined]
    assert "{{ 7*7 }}" in body or "--8<--" in body or "<script>" in body
    w.assert_clean()


def test_search_results_stay_text(hostile: tuple[Server, dict[str, object]], open_page: Callable[..., Watched]) -> None:
    server, _ = hostile
    w = open_page()
    page = w.page
    page.goto(server.url)  # type: ignore[attr-defined]
    page.click(".md-search__input")  # type: ignore[attr-defined]
    for query in ("javascript", "onclick", "danger", "raw"):  # words that start tokens next to the payloads
        page.fill(".md-search__input", "")  # type: ignore[attr-defined]
        page.keyboard.type(query)  # type: ignore[attr-defined]
        page.wait_for_selector(".md-search-result__item", timeout=15_000)  # type: ignore[attr-defined]
        assert page.evaluate(INJECTED) == [], query  # type: ignore[attr-defined]
    assert not w.dialogs
    w.assert_clean()


def test_internal_banner_is_in_view_on_every_page(tmp_path: Path, open_page: Callable[..., Watched]) -> None:
    root = copy_project(tmp_path / "project", FIXTURES / "minimal" / "data")
    with unmeasured():  # an internal build: the audience tests measure it
        site = build_site(root, "--audience", "internal", "-d", str(root / "site"))
    for server in serve(site):
        w = open_page(width=390, height=800)
        for path in _pages(site):
            w.page.goto(server.url + path)  # type: ignore[attr-defined]
            banner = w.page.locator(".gh-internal")  # type: ignore[attr-defined]
            assert banner.is_visible(), path
            assert banner.inner_text().startswith("INTERNAL"), path
            assert w.page.title().startswith("Internal: "), path  # type: ignore[attr-defined]
            w.page.mouse.wheel(0, 5000)  # type: ignore[attr-defined]
            mark = w.page.locator(".gh-internal-mark")  # type: ignore[attr-defined]
            box = mark.bounding_box()
            assert mark.is_visible() and box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800, path
            colour = w.page.evaluate("getComputedStyle(document.querySelector('.md-banner')).backgroundColor")  # type: ignore[attr-defined]
            assert colour == "rgb(183, 28, 28)", path
        w.assert_clean()
