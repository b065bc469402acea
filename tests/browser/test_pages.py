"""Every kind of page of the example site, as customers see it on a tablet and a desktop, in light and dark mode.

Each page is loaded on a 768 px tablet, then the window is widened to a 1280 px desktop's, as a
reader turning a tablet or widening a window does (every chart redraws, every table reflows): it
must fit both, with no word in a table broken in the middle at 1280 px. It must load with no
console error, no failed request and no request beyond the local server; draw every chart it has;
request exactly what bench/weight.py counts; and show no serious or critical accessibility problem
in light and dark mode (axe-core: every rule in light, contrast in dark, where the palette is all
that changed). Of the pages made from one template over and over (seventeen sprint pages, five
pages of answers), the first and the last are checked so (`representative`); every page, those
between too, is loaded on a phone by test_screen.py, which checks the phone's width of this site
and three others.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

import pytest

from tests.support.projects import ROOT
from tests.support.serving import Server

from .conftest import (
    PALETTE_RULES,
    PHONE,
    Watched,
    axe_violations,
    representative,
    screenshot,
    sideways_overflow,
    site_pages,
    wait_for_charts,
    watch,
)
from .test_screen import BROKEN_WORDS, fits

# Written out so that each page is its own test; test_every_page_is_covered keeps the list complete.
PAGES = [
    "",
    "milestones/",
    "risks/",
    "feedback/",
    *(f"feedback/answers-{group}/" for group in ("sponsors", "shipping-lines", "terminal-operators", "port-staff", "shanghai-office")),
    "changes/",
    "sprints/",
    *(f"sprints/sprint-{n:02d}/" for n in range(17, 0, -1)),
    "what-changed/",
    "print/",
    "about/",
    "give-feedback/",
    "reference/",
    "404.html",
]


def _bench_weight() -> ModuleType:
    """bench/weight.py, which measures page weight from what a page loads."""
    spec = importlib.util.spec_from_file_location("bench_weight", ROOT / "bench" / "weight.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


weight = _bench_weight()
MARKS = "svg.main-svg .point, svg.main-svg .bars path, svg.main-svg .js-line"


@pytest.fixture(scope="module")
def tab(browser: object) -> Iterator[Callable[[str], Watched]]:
    """One page per device, reused from visit to visit (each visit is a full page load) to keep
    the tour quick. Every load starts in the light palette, whatever the last visit switched to."""
    tabs: dict[str, Watched] = {}

    def get(device: str) -> Watched:
        if device not in tabs:
            tabs[device] = watch(browser, forgetful=True, **(PHONE if device == "phone" else {}))  # type: ignore[arg-type]
        tabs[device].forget()
        return tabs[device]

    yield get
    for w in tabs.values():
        w.context.close()  # type: ignore[attr-defined]


def visit(w: Watched, server: Server, path: str) -> int:
    """Load a page, wait for its charts to draw and check each has marks; the number of charts."""
    w.page.goto(server.url + path)  # type: ignore[attr-defined]
    w.page.evaluate("document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]
    charts = int(w.page.locator(".gh-chart").count())  # type: ignore[attr-defined]
    if charts:
        wait_for_charts(w.page, charts)
        marks = w.page.evaluate(f"() => [...document.querySelectorAll('.gh-chart')].map(el => el.querySelectorAll('{MARKS}').length)")  # type: ignore[attr-defined]
        assert all(n > 0 for n in marks), (path, marks)
    return charts


def requested_paths(w: Watched, expected: set[str]) -> set[str]:
    """The paths the page requested, once every expected one has been (or after five seconds):
    quicker than waiting for the network to stay idle for half a second after every load."""
    for _ in range(100):
        paths = {urlparse(u).path for u in w.requested if u.startswith("http")}
        if expected <= paths:
            break
        w.page.wait_for_timeout(50)  # type: ignore[attr-defined]
    return paths


def test_every_page_is_covered(example_site: Path) -> None:
    assert sorted(site_pages(example_site)) == sorted(PAGES)


@pytest.mark.parametrize("path", [p for p in PAGES if representative(p, PAGES)])
def test_page_on_a_tablet_and_a_desktop_in_light_and_dark(example_server: Server, tab: Callable[[str], Watched], path: str) -> None:
    w = tab("desktop")
    w.page.set_viewport_size({"width": 768, "height": 900})  # type: ignore[attr-defined]
    charts = visit(w, example_server, path)
    assert (overflow := fits(w)) is None, ("768", overflow)
    w.page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    assert (overflow := fits(w)) is None, ("1280", overflow)
    assert w.page.evaluate(BROKEN_WORDS) == [], "words broken inside at 1280 px"  # type: ignore[attr-defined]
    assert w.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"  # type: ignore[attr-defined]
    # bench/weight.py counts exactly what the page requests: each request is seen, served from the
    # browser's cache or not, so the scripts every page shares are compiled once, as a reader's are.
    site = Path(example_server.root)
    html = weight.url_file(site, "/" + path)
    expected = set(weight.page_loads(site, html)[1])
    assert requested_paths(w, expected) == expected
    screenshot(w.page, "light", path)
    assert axe_violations(w.page) == [], "light"

    # The reader switches to dark with the toggle in the header; charts follow.
    w.page.click("label[for='__palette_1']")  # type: ignore[attr-defined]
    w.page.wait_for_function(  # type: ignore[attr-defined]
        "document.body.getAttribute('data-md-color-scheme') === 'slate' && "
        f"document.querySelectorAll(\".gh-chart[data-theme='slate']\").length === {charts}"
    )
    screenshot(w.page, "dark", path)
    assert axe_violations(w.page, rules=PALETTE_RULES) == [], "dark"
    w.assert_clean()


def test_a_page_that_scrolls_sideways_is_caught(example_server: Server, tab: Callable[[str], Watched]) -> None:
    """The phone check is not vacuous: one element wider than the screen makes it fail."""
    w = tab("phone")
    visit(w, example_server, "about/")
    assert sideways_overflow(w.page) is None
    w.page.evaluate("document.querySelector('.md-content h1').style.width = '900px'")  # type: ignore[attr-defined]
    overflow = sideways_overflow(w.page)
    assert overflow is not None and overflow["scrollWidth"] > overflow["clientWidth"], overflow  # type: ignore[operator]


def test_every_page_is_within_its_weight_budget(example_site: Path) -> None:
    """At most 105 KB gzipped for a page without charts, 125 KB for the printable report and the
    data reference, 600 KB for a page with charts (bench/weight.py)."""
    lines, ok = weight.report(example_site)
    assert ok, "\n".join(lines)
    assert len(lines) == 1 + len(PAGES) + 2


def test_a_request_to_another_host_is_caught_and_never_leaves(
    example_server: Server, open_page: Callable[..., Watched], tmp_path: Path
) -> None:
    """The isolation every browser test relies on: a page asking another host has the request
    recorded as blocked, and it never arrives, even where a server is listening: here one on
    another loopback address, asked by address and by the name "localhost"."""
    (tmp_path / "a.png").write_bytes((ROOT / "generator" / "render" / "assets" / "favicon.svg").read_bytes())
    arrived: list[str] = []

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            arrived.append(self.path)

    other = http.server.ThreadingHTTPServer(("127.0.0.2", 0), functools.partial(Counting, directory=str(tmp_path)))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    port = other.server_address[1]
    try:
        w = open_page()
        w.page.goto(example_server.url + "404.html")  # type: ignore[attr-defined]
        w.page.set_content(  # type: ignore[attr-defined]
            f'<img src="http://127.0.0.2:{port}/a.png"><img src="http://localhost:{port}/a.png">'
            '<img src="https://fonts.example.org/a.png">'
            f'<img src="{example_server.url}assets/glasshouse/favicon.svg">'
        )
        w.page.wait_for_function("[...document.images].every(i => i.complete)")  # type: ignore[attr-defined]
        assert sorted(w.blocked) == sorted(
            [f"http://127.0.0.2:{port}/a.png", f"http://localhost:{port}/a.png", "https://fonts.example.org/a.png"]
        )
        assert w.page.evaluate("[...document.images].map(i => i.naturalWidth > 0)") == [False, False, False, True]  # type: ignore[attr-defined]
        assert arrived == [] and not w.failed
    finally:
        other.shutdown()
        other.server_close()
