"""A real headless Chromium against sites served over local HTTP, with nothing else reachable.

Chromium comes from Debian (`apt-get install chromium`); Playwright drives it through
`executable_path`, so no browser is downloaded. Set CHROMIUM to use another binary.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..conftest import EXAMPLE_DATA, ROOT, copy_project

pytestmark = pytest.mark.slow

SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("the browser tests need Chromium: install it with `apt-get install chromium` (.ci/run does this)")
    return path


def build_site(project: Path, *args: str) -> Path:
    """Build `project` with the real CLI and return its site directory."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    glasshouse = Path(sys.executable).parent / "glasshouse"
    result = subprocess.run([str(glasshouse), "build", "-f", str(project / "mkdocs.yml"), *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Server:
    root: Path
    url: str
    requests: list[str] = field(default_factory=list)


def serve(root: Path) -> Iterator[Server]:
    """Serve `root` on a free loopback port for as long as the generator is open."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("browser") / "example", EXAMPLE_DATA)
    return build_site(project)


@pytest.fixture(scope="session")
def example_server(example_site: Path) -> Iterator[Server]:
    yield from serve(example_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watched:
    """A page with everything that went wrong on it recorded."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.console_errors, self.console_errors
        assert not self.failed, self.failed
        assert not self.blocked, self.blocked
        assert not self.dialogs, self.dialogs


@pytest.fixture
def open_page(browser: object) -> Iterator[Callable[..., Watched]]:
    """Open pages in a fresh context where only 127.0.0.1 is reachable; every other request is
    refused and recorded, as are console errors, failed requests and dialogs."""
    contexts = []

    def make(width: int = 1280, height: int = 900, scheme: str = "light") -> Watched:
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": height}, color_scheme=scheme, service_workers="block"
        )
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page)

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if url.startswith("http://127.0.0.1:") or url.startswith("data:"):
                r.continue_()  # type: ignore[attr-defined]
            else:
                watched.blocked.append(url)
                r.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watched.console_errors.append(str(e)))
        # ERR_ABORTED is the browser cancelling a request because the page moved on (a favicon
        # during quick navigation), not a failure; every other failure and HTTP error counts.
        page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else watched.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: watched.failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)

        def on_dialog(d: object) -> None:
            watched.dialogs.append(d.message)  # type: ignore[attr-defined]
            d.dismiss()  # type: ignore[attr-defined]

        page.on("dialog", on_dialog)
        return watched

    yield make
    for context in contexts:
        context.close()


def wait_for_charts(page: object, count: int) -> None:
    """Wait until `count` charts have drawn (charts.js marks each one when Plotly is done)."""
    page.wait_for_function(  # type: ignore[attr-defined]
        f"document.querySelectorAll('.gh-chart.gh-chart--drawn').length >= {count}", timeout=15_000
    )


@pytest.fixture(scope="session")
def zh_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese fixture project (tests/fixtures/zh), built once for every browser test."""
    from ..conftest import FIXTURES

    return build_site(copy_project(tmp_path_factory.mktemp("browser") / "zh", FIXTURES / "zh" / "data"))


@pytest.fixture(scope="session")
def zh_server(zh_site: Path) -> Iterator[Server]:
    yield from serve(zh_site)
