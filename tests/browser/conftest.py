"""A real headless Chromium against sites served over local HTTP, with nothing else reachable.

Chromium comes from Debian (`apt-get install chromium`); Playwright drives it through
`executable_path`, so no browser is downloaded. Set CHROMIUM to use another binary.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.projects import SCREENSHOTS, SCREENSHOTS_WANTED
from tests.support.serving import Server, serve

HERE = Path(__file__).parent
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing leaves the machine: every host but the loopback resolves to nothing, and every
    # request not to the loopback goes to a proxy at a closed loopback port. Pages keep the
    # browser's cache (routing requests through the test, as `watch(refuse=...)` does, turns it
    # off), so the scripts every page shares are fetched and compiled once, as a reader's are.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test is slow, a new module's too. (A `pytestmark` in a conftest.py marks nothing:
    pytest reads it only from test modules.) And none is traced by coverage while it drives the
    browser (pytest-cov's `no_cover`): that Python is Playwright's, slowed by tracing on Python 3.11
    to no purpose; the sites it looks at are built in fixtures, whose run of generator/ is measured."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.no_cover)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("the browser tests need Chromium: install it with `apt-get install chromium` (.ci/run does this)")
    return path


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a path relative to its root: the sitemap's pages and the 404 page."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    pages = [urlparse(loc).path.lstrip("/") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    return [*pages, "404.html"]


def page_name(path: str) -> str:
    """A file name for a page's screenshot: "sprints/sprint-03/" -> "sprints-sprint-03"."""
    return path.strip("/").replace("/", "-").removesuffix(".html") or "index"


# Pages made from one template over and over (a page a sprint, a page of answers a customer
# group): the first and the last of each kind (for sprints the oldest and the newest, which show the
# template with the least and the most in it) are photographed and get axe-core in light and dark;
# every page is still loaded and measured at each width.
REPEATED = re.compile(r"(?:^|/)(?:sprints/sprint-|feedback/answers-)([^/]+)/$")


def representative(path: str, pages: list[str]) -> bool:
    """False for a repeated page (REPEATED) that is neither the first nor the last of its kind."""
    if not (m := REPEATED.search(path)):
        return True
    prefix = path[: m.start(1)]
    keys = sorted(n.group(1) for p in pages if p.startswith(prefix) and (n := REPEATED.search(p)))
    return m.group(1) in (keys[0], keys[-1])


def screenshot(page: object, kind: str, path: str) -> Path | None:
    """Save a full-page screenshot under tests/screenshots/KIND/ (JPEG: made in half the time of a
    PNG, and as good to look at); only in a run that asks for screenshots (SCREENSHOTS_WANTED:
    `make screenshots`)."""
    if not SCREENSHOTS_WANTED:
        return None
    out = SCREENSHOTS / kind / f"{page_name(path)}.jpg"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=True, type="jpeg", quality=80)  # type: ignore[attr-defined]
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watched:
    """A page with everything that went wrong on it recorded, and every URL it requested."""

    page: object
    context: object = None
    requested: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.console_errors, self.console_errors
        assert not self.failed, self.failed
        assert not self.blocked, self.blocked
        assert not self.dialogs, self.dialogs

    def forget(self) -> None:
        """Start a new record, to reuse the page for another visit."""
        for name in ("requested", "console_errors", "failed", "blocked", "dialogs"):
            getattr(self, name).clear()


def watch(
    browser: object,
    width: int = 1280,
    height: int = 900,
    scheme: str = "light",
    javascript: bool = True,
    refuse: tuple[str, ...] = (),
    forgetful: bool = False,
) -> Watched:
    """A page in a new context where only 127.0.0.1 is reachable: every other request is recorded
    as blocked (and cannot leave: see CHROMIUM_ARGS), as are console errors, failed requests and
    dialogs. `refuse` lists parts of local URLs to refuse as well, as if those files could not be
    loaded. Every request is recorded, served from the browser's cache or not.
    `forgetful`: every load starts with nothing remembered (the palette, the reader's group), for a
    page reused from visit to visit."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        service_workers="block",
        java_script_enabled=javascript,
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    if forgetful:
        context.add_init_script("localStorage.clear()")
    page = context.new_page()
    watched = Watched(page, context)

    def local(url: str) -> bool:
        return url.startswith("http://127.0.0.1:") or url.startswith("data:")

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if local(url) and not any(part in url for part in refuse):
            r.continue_()  # type: ignore[attr-defined]
        else:
            watched.blocked.append(url)
            r.abort()  # type: ignore[attr-defined]

    if refuse:
        context.route("**/*", route)
    page.on("request", lambda r: watched.requested.append(r.url) if local(r.url) else None)
    if not refuse:
        page.on("request", lambda r: None if local(r.url) else watched.blocked.append(r.url))

    # The browser asks for /favicon.ico by itself for a document without an icon of its own (the
    # badge opened alone), which no page of the site requests: not an error of the site's.
    def on_console(m: object) -> None:
        if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico"):  # type: ignore[attr-defined]
            watched.console_errors.append(m.text)  # type: ignore[attr-defined]

    page.on("console", on_console)
    page.on("pageerror", lambda e: watched.console_errors.append(str(e)))
    # ERR_ABORTED is the browser cancelling a request because the page moved on (a favicon
    # during quick navigation), not a failure; every other failure and HTTP error counts.
    # A blocked request fails too: it is recorded as blocked, not as failed.
    page.on(
        "requestfailed",
        lambda r: None if "ERR_ABORTED" in (r.failure or "") or r.url in watched.blocked else watched.failed.append(f"{r.url} {r.failure}"),
    )
    page.on("response", lambda r: watched.failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)

    def on_dialog(d: object) -> None:
        watched.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    return watched


@pytest.fixture
def open_page(browser: object) -> Iterator[Callable[..., Watched]]:
    """Open pages in fresh contexts (see `watch`), closed after the test."""
    opened: list[Watched] = []

    def make(**kwargs: object) -> Watched:
        opened.append(watch(browser, **kwargs))  # type: ignore[arg-type]
        return opened[-1]

    yield make
    for w in opened:
        w.context.close()  # type: ignore[attr-defined]


# Scroll to each chart on the page that charts.js has not drawn and will not until the reader
# scrolls (those beyond a screen's height of the screen, its IntersectionObserver's margin), a
# frame at each so that the observer sees it, then back to the top; the number of them.
_BRING_NEAR = """async () => {
    const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const far = [...document.querySelectorAll('.gh-chart')].filter(el => {
        const r = el.getBoundingClientRect();
        return !el.classList.contains('js-plotly-plot') && (r.top > 2 * innerHeight || r.bottom < -innerHeight);
    });
    for (const el of far) {
        el.scrollIntoView({ block: 'center' });
        await frame();
    }
    if (far.length) {
        window.scrollTo(0, 0);
        await frame();
    }
    return far.length;
}"""


def bring_charts_near(page: object) -> None:
    """Scroll to each chart still far from the screen, as a reader does, then back to the top:
    charts.js draws a chart only once it comes near the screen. Nothing moves when none is far."""
    if page.evaluate(_BRING_NEAR):  # type: ignore[attr-defined]
        # Back at the top, the theme's header fades the page's name out and the site's in again:
        # measured mid-fade, its text would be paler than it is.
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => window.scrollY === 0 && document.getAnimations().every(a => a.playState !== 'running')"
        )


def wait_for_charts(page: object, count: int) -> None:
    """Wait until `count` charts have drawn (charts.js marks each one when Plotly is done), each
    brought near the screen first."""
    bring_charts_near(page)
    page.wait_for_function(  # type: ignore[attr-defined]
        f"document.querySelectorAll('.gh-chart.gh-chart--drawn').length >= {count}", timeout=15_000
    )


@pytest.fixture(scope="session")
def zh_server(zh_site: Path) -> Iterator[Server]:
    yield from serve(zh_site)


@pytest.fixture(scope="session")
def empty_server(empty_site: Path) -> Iterator[Server]:
    yield from serve(empty_site)


@pytest.fixture(scope="session")
def published_server(published_site: Path) -> Iterator[Server]:
    """Three sprints published with the real `glasshouse publish` to a bare remote, its gh-pages
    branch served: the version selector, `latest`, and archived snapshots with their banner."""
    yield from serve(published_site)


def published_pages(site: Path, version: str = "sprint-03") -> list[str]:
    """Every page of one published snapshot, as paths from the site root ("sprint-03/risks/")."""
    return [f"{version}/{p}" if not p.startswith(version) else p for p in site_pages(site / version)]


AXE = HERE / "vendor" / "axe.min.js"
_vendor: list[tuple[Generator[Server, None, None], Server]] = []  # the server, and its generator kept open for the run


def vendor_url(name: str) -> str:
    """The address of a file of tests/browser/vendor/, served on a loopback port of its own for the
    whole run: loaded from there rather than inline, a script the tests add to page after page is
    kept compiled in the browser's cache, as the site's own scripts are."""
    if not _vendor:
        running = serve(HERE / "vendor")
        _vendor.append((running, next(running)))
    return _vendor[0][1].url + name


def pytest_sessionfinish() -> None:
    """Stop the vendor files' server while its thread still runs (stopped at exit, it would wait forever)."""
    for running, _server in _vendor:
        running.close()
    _vendor.clear()


# What a change of palette can break: the page's structure, names and roles stay as they were.
PALETTE_RULES = ("color-contrast", "link-in-text-block")


def axe_violations(page: object, impacts: tuple[str, ...] = ("serious", "critical"), rules: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core (vendored, served from the loopback: no request leaves the machine) and describe
    each violation of the given impacts with the elements it concerns; only `rules`, when given
    (after a switch of palette, PALETTE_RULES: what else axe checks is the same in both)."""
    if not page.evaluate("() => !!window.axe"):  # type: ignore[attr-defined]
        page.add_script_tag(url=vendor_url(AXE.name))  # type: ignore[attr-defined]
    options: dict[str, object] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    results = page.evaluate(  # type: ignore[attr-defined]
        "async (options) => (await axe.run(document, options)).violations", options
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results
        if v["impact"] in impacts
    ]


def sideways_overflow(page: object) -> dict[str, object] | None:
    """None when the page does not scroll sideways; otherwise its widths and the widest elements."""
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        """() => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return null;
            const wide = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
                .slice(0, 8)
                .map(el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className ? '.' + el.className : ''));
            return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
        }"""
    )
