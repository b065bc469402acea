"""The sponsor report as sponsors get it: printed to PDF by headless Chromium on the paper its CSS
asks for (A4, or Letter with the plugin's `paper` option), read back with poppler's tools."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.projects import EXAMPLE_DATA, build_site, copy_project
from tests.support.serving import Server, serving

from .conftest import Watched
from .test_print import _poppler

SECTIONS = (
    "Sponsor report: Harbour Connect",
    "Status and headline",
    "What changed since the last report",
    "Decisions and help needed",
    "Change requests waiting for your decision",
    "Risks that need a decision or help",
    "The next period",
    "Details",
    "Milestones",
    "What is late and why",
    "Risks",
    "Feedback",
    "Themes",
    "You said, we did",
    "Change requests",
    "Sprints",
    "Who to contact",
)
MARGIN_PT = 14 / 25.4 * 72  # the print stylesheet's left and right margins, 14 mm
TITLE_PT = 18  # the printed title's font size: its words are at least as high, unless the page was shrunk
WORD = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    x_max: float
    y_max: float
    height: float


@dataclass(frozen=True)
class Printed:
    size: str  # pdfinfo's "Page size" line
    width: float
    height: float
    pages: list[str]  # each page's text
    words: list[list[Word]]  # each page's words with their place

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.pages))


@pytest.fixture
def print_report(open_page: Callable[..., Watched], tmp_path: Path) -> Callable[[str], Printed]:
    """Print a page as the browser's Print command would, on the paper its stylesheet sets."""

    def make(url: str) -> Printed:
        w = open_page()
        w.page.goto(url)  # type: ignore[attr-defined]
        w.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        pdf = tmp_path / "report.pdf"
        w.page.pdf(path=str(pdf), prefer_css_page_size=True)  # type: ignore[attr-defined]
        w.assert_clean()
        info = subprocess.run([_poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
        size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)  # type: ignore[union-attr]
        count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
        text = subprocess.run([_poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        bbox = subprocess.run([_poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
        pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox.stdout, re.S)
        words = [
            [Word(t, float(a), float(c), float(d), float(d) - float(b)) for a, b, c, d, t in re.findall(WORD, body)] for *_, body in pages
        ]
        return Printed(size, float(pages[0][0]), float(pages[0][1]), text.split("\f")[:count], words)

    return make


def _in_order(text: str, headings: tuple[str, ...]) -> list[str]:
    """The headings missing from `text`, or found out of order."""
    missing, at = [], 0
    for heading in headings:
        found = text.find(heading, at)
        if found < 0:
            missing.append(heading)
        else:
            at = found + len(heading)
    return missing


def _clipped(printed: Printed) -> list[str]:
    """Words that reach into the side margins or past the paper's edge, as a table too wide for the
    page would; and a title printed small, as Chromium shrinks a page too wide for the paper to fit."""
    title = printed.words[0][0]
    small = [f"the title is {title.height:.1f} pt high: the page was shrunk to fit"] if title.height < TITLE_PT else []
    return small + [
        f"page {n}: {w.text} ({w.x_min:.0f}-{w.x_max:.0f} of {printed.width:.0f} pt)"
        for n, page in enumerate(printed.words, 1)
        for w in page
        if w.x_min < MARGIN_PT - 2 or w.x_max > printed.width - MARGIN_PT + 2
    ]


def _nearly_blank(printed: Printed) -> list[str]:
    """Pages, but the last, whose text ends before half the paper's height."""
    ends = [max((w.y_max for w in page), default=0.0) for page in printed.words[:-1]]
    return [f"page {n} ends at {end:.0f} of {printed.height:.0f} pt" for n, end in enumerate(ends, 1) if end < printed.height / 2]


def _every_cell_printed(printed: Printed) -> None:
    """The last column of each wide table, which a clipped table would lose."""
    flat = re.sub(r"\s+", "", printed.text)
    for cell in ("BerthMasterdecommissioned", "+28dayslate", "planned", "maren.okafor@harbourconnect.example",
                 "david.ashworth@harbourconnect.example", "chen.jiayi@harbourconnect.example"):  # fmt: skip
        assert cell in flat, cell


def test_the_sponsor_report_prints_on_a4_with_every_section(example_server: Server, print_report: Callable[[str], Printed]) -> None:
    printed = print_report(example_server.url + "print/")
    # 210 × 297 mm is 595.3 × 841.9 pt; Chromium lays pages out in whole CSS pixels (794 × 1123 px).
    assert printed.size == "594.96 x 841.92 pts (A4)"
    assert 3 <= len(printed.pages) <= 10, len(printed.pages)
    assert all(page.strip() for page in printed.pages), "a blank page was printed"
    assert _in_order(printed.text, SECTIONS) == []
    # No page is left nearly blank: every page but the last is filled at least halfway down.
    assert _nearly_blank(printed) == []
    assert _clipped(printed) == []
    _every_cell_printed(printed)
    assert "This is the first report: there is no earlier snapshot to compare it with." in printed.text
    assert "CR-06 Phased go-live, container terminal first 9 Nov 2026 Port Authority Board 21 days" in printed.text
    assert (
        "Current sprint: Sprint 15: First terminal messages, 16 Nov 2026 – 27 Nov 2026 (active): 17 of 42 points done (40%)" in printed.text
    )


@pytest.fixture(scope="module")
def letter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The example project built with `paper: letter`."""
    project = copy_project(tmp_path_factory.mktemp("letter") / "example", EXAMPLE_DATA)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      data_dir: data\n", "      data_dir: data\n      paper: letter\n"), encoding="utf-8")
    assert "paper: letter" in config.read_text(encoding="utf-8")
    with serving(project / "site") as server:
        with unmeasured():
            build_site(project, site_url=server.url)
        yield server


def test_letter_is_an_option(letter_server: Server, print_report: Callable[[str], Printed]) -> None:
    printed = print_report(letter_server.url + "print/")
    assert printed.size == "612 x 792 pts (letter)"
    assert _in_order(printed.text, SECTIONS) == []
    assert _nearly_blank(printed) == []
    assert _clipped(printed) == []
    _every_cell_printed(printed)
