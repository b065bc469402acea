"""The sponsor pack: pages printed to PDF by headless Chromium, read back with poppler's tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.serving import Server

from .conftest import Watched, wait_for_charts

# An A4 page less the print stylesheet's margins (16 mm and 14 mm), in CSS pixels.
PRINTABLE_WIDTH = round((210 - 2 * 14) / 25.4 * 96)
# What the site shows around a page, which paper does without.
SITE_CHROME = (
    "Skip to content",
    "Search",
    "Switch to dark mode",
    "Chart data as a table",
    "Made with",
    "Zoom",
    "Autoscale",
    "Data reference",
    "Status badge",
    "Printable report",
    "About this build",
)


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"the print tests need {tool}: install it with `apt-get install poppler-utils` (.ci/run does this)")
    return path


@pytest.fixture
def print_pdf(open_page: Callable[..., Watched], tmp_path: Path) -> Callable[[str, int], tuple[int, list[str]]]:
    """Print a page to an A4 PDF as a reader would; returns its page count and each page's text."""

    def make(url: str, charts: int = 0) -> tuple[int, list[str]]:
        w = open_page()
        w.page.goto(url)  # type: ignore[attr-defined]
        w.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        if charts:
            wait_for_charts(w.page, charts)
        pdf = tmp_path / "page.pdf"
        w.page.pdf(path=str(pdf), format="A4")  # type: ignore[attr-defined]
        w.assert_clean()
        info = subprocess.run([_poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
        text = subprocess.run([_poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        return pages, text.split("\f")[:pages]

    return make


def _flat(texts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(texts))


def test_status_report_prints_the_whole_status(example_server: Server, print_pdf: Callable[..., tuple[int, list[str]]]) -> None:
    pages, texts = print_pdf(example_server.url + "print/")
    assert 3 <= pages <= 10, pages
    assert all(t.strip() for t in texts), "a blank page was printed"
    assert texts[0].lstrip().startswith("Sponsor report: Harbour Connect")
    # Every printed page is numbered, "2 / 5", at its foot.
    for n, page in enumerate(texts, 1):
        assert re.search(rf"(?m)^\s*{n} ?/ ?{pages}\s*$", page), (n, page[-200:])
    text = _flat(texts)
    for expected in (
        "Amber: At risk",
        "Go-live moved from 26 February to 22 March 2027",
        "Milestones",
        "M-12 BerthMaster decommissioned",
        "What is late and why",
        "Risks",
        "R-001",
        "You said, we did",
        "Change requests",
        "CR-01",
        "Who to contact",
        "Budget and tolerances",
        "Planned budget: 4,800,000 GBP",
        "Cost tolerance: up to 5% above the planned budget: forecast within it",
        "Status as of 20 Nov 2026",
        "built 2026-11-23 12:00 UTC",
    ):
        assert expected in text, expected
    for ms in range(1, 14):
        if ms != 13 or "M-13" in text:  # every public milestone is listed
            assert f"M-{ms:02d}" in text, ms
    for chrome in SITE_CHROME:
        assert chrome not in text, chrome
    assert "Spent to date" not in text and "3,150,000" not in text  # kept internal (internal_fields)
    # The stamp dates the paper; no separator is left dangling before a link paper leaves out.
    assert re.search(r"UTC · data hash sha256:[0-9a-f]{12}", text)
    assert not re.search(r"·\s*(·|$)", text)


def test_a_chart_page_prints_its_data_not_the_toolbar(example_server: Server, print_pdf: Callable[..., tuple[int, list[str]]]) -> None:
    pages, texts = print_pdf(example_server.url + "feedback/", 2)
    assert 1 <= pages <= 12, pages
    text = _flat(texts)
    assert re.search(r"Theme( [A-Z][a-z]+){2,5} Total", text), text  # the chart's data table, open on paper
    for chrome in SITE_CHROME:
        assert chrome not in text, chrome
    # The sprints' charts, HTML, print as they are drawn (legend and axes), their data tables
    # below them, without the tips a screen shows on hover.
    pages, texts = print_pdf(example_server.url + "sprints/")
    assert 1 <= pages <= 8, pages
    text = _flat(texts)
    for drawn in ("Planned scope", "Forecast, 50 to 95%", "Points, added up", "Jan 2027"):  # legends, axes
        assert drawn in text, drawn
    assert "Sprint Committed Completed" in text  # the chart's data table, open on paper
    assert "Sprint 1: Listening 20 18" in text
    assert "points committed" not in text and "planned by then" not in text
    for chrome in SITE_CHROME:
        assert chrome not in text, chrome
    # The milestone timeline, HTML, prints as it is drawn, its data table below it.
    pages, texts = print_pdf(example_server.url + "milestones/")
    assert 2 <= pages <= 8, pages
    text = _flat(texts)
    assert "M-01 Discovery complete and requirements signed off" in text and "Status date 20 Nov 2026" in text
    assert "M-13 Native mobile app for vessel agents (cancelled)" in text  # names whole on paper
    assert "Milestone Title Baseline" in text  # the table, open on paper
    assert "M-01 Discovery complete and requirements signed off 12 Jun 2026 12 Jun 2026 on time" in text
    for chrome in SITE_CHROME:
        assert chrome not in text, chrome
    assert "Spent to date" not in text and "3,150,000" not in text  # kept internal (internal_fields)
    # The stamp dates the paper; no separator is left dangling before a link paper leaves out.
    assert re.search(r"UTC · data hash sha256:[0-9a-f]{12}", text)
    assert not re.search(r"·\s*(·|$)", text)


def test_chinese_status_report_prints_in_chinese(zh_server: Server, print_pdf: Callable[..., tuple[int, list[str]]]) -> None:
    pages, texts = print_pdf(zh_server.url + "print/")
    assert 1 <= pages <= 4, pages
    text = _flat(texts)
    chinese = (
        "项目发起人报告：港口预订平台",
        "黄色：存在风险",
        "试点上线推迟九天",
        "延迟 9 天",
        "状态截至 2026年3月31日",
        "可以用传真预订吗",
        "联系人",
    )
    for expected in chinese:
        assert expected in text, expected


def test_printed_pages_fit_the_paper(example_server: Server, open_page: Callable[..., Watched]) -> None:
    for path in ("print/", "risks/", "feedback/"):
        w = open_page(width=PRINTABLE_WIDTH)
        w.page.goto(example_server.url + path)  # type: ignore[attr-defined]
        w.page.emulate_media(media="print")  # type: ignore[attr-defined]
        overflow = w.page.evaluate(  # type: ignore[attr-defined]
            """() => [...document.querySelectorAll('.md-content *')]
                 .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .map(e => e.tagName + '.' + e.className)"""
        )
        assert not overflow, (path, overflow[:5])
        hidden = w.page.evaluate(  # type: ignore[attr-defined]
            """() => ['.md-header', '.md-sidebar--primary', '.md-search', '.gh-chart']
                 .filter(s => { const e = document.querySelector(s); return e && e.offsetParent !== null; })"""
        )
        assert not hidden, (path, hidden)
