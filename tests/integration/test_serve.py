"""`glasshouse serve` for real: its address, the problems in the browser while the data is broken,
and the site back on the next good save. Every request has a timeout: a page must never hang."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.data.validate import validate
from generator.errors import DataError
from generator.site.preview import PROBLEMS_TITLE
from tests.support.projects import GLASSHOUSE

pytestmark = pytest.mark.slow

REQUEST_TIMEOUT = 10  # seconds; a page held back by a failed rebuild would exceed it
REBUILD_WAIT = 90  # seconds for a rebuild to show, on a busy machine
NAME = "Minimal Project"  # the fixture project's name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Preview:
    def __init__(self, root: Path, port: int, out: Path, err: Path) -> None:
        self.root, self.port, self.out, self.err = root, port, out, err

    def get(self, path: str) -> tuple[int, str]:
        """One request; a timeout fails the test (it is not retried)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=REQUEST_TIMEOUT) as r:
                return r.status, html.unescape(r.read().decode())
        except urllib.error.HTTPError as exc:
            return exc.code, html.unescape(exc.read().decode())

    def wait_for(self, path: str, text: str) -> str:
        """The page at `path` once it holds `text`; only a server not yet listening is waited for."""
        deadline = time.monotonic() + REBUILD_WAIT
        page = ""
        while time.monotonic() < deadline:
            try:
                _, page = self.get(path)
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, ConnectionRefusedError):
                    raise
            if text in page:
                return page
            time.sleep(0.3)
        raise AssertionError(f"{path} never showed {text!r}; last seen:\n{page[:2000]}\n{self.err.read_text()}")


@pytest.fixture
def preview(project: Callable[[str], Path], tmp_path: Path) -> Iterator[Preview]:
    root = project("minimal")
    milestones = root / "data" / "milestones.yaml"
    milestones.write_text(milestones.read_text(encoding="utf-8").replace("- id: M-03", "- id: M-02"), encoding="utf-8")
    port = _free_port()
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen([str(GLASSHOUSE), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, stdout=o, stderr=e)
        try:
            yield Preview(root, port, out, err)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        validate(root / "data")
    return [*info.value.listing(), str(info.value)]


@pytest.mark.no_cover
def test_serve_says_where_and_shows_the_problems_until_the_data_is_fixed(preview: Preview) -> None:
    milestones = preview.root / "data" / "milestones.yaml"

    # Started with a repeated id: the browser gets the problems, as validate words them.
    page = preview.wait_for("/", PROBLEMS_TITLE)
    for line in _problems(preview.root):
        assert line in page
    assert preview.out.read_text().splitlines()[0] == f"Serving the status site at http://127.0.0.1:{preview.port}/ (Ctrl+C to stop)"
    # Under the project's name, with the site's favicon and the stylesheet that wraps the list to a phone's width.
    assert f"<title>{NAME}</title>" in page
    assert preview.get("/assets/glasshouse/favicon.svg")[0] == 200
    status, css = preview.get("/assets/glasshouse/glasshouse.css")
    assert status == 200 and re.search(r"\.gh-problems \{[^}]*white-space: pre-wrap", css)

    # Fixed: the site comes back.
    milestones.write_text(milestones.read_text(encoding="utf-8").replace("- id: M-02\n  title: General", "- id: M-03\n  title: General"))
    preview.wait_for("/milestones/", "General availability")
    assert PROBLEMS_TITLE not in preview.get("/milestones/")[1]

    # Broken again, by indentation this time: the page the browser is on lists the problems.
    milestones.write_text(milestones.read_text(encoding="utf-8").replace("  owner: Bo Sponsor", "   owner: Bo Sponsor"))
    page = preview.wait_for("/milestones/", PROBLEMS_TITLE)
    for line in _problems(preview.root):
        assert line in page

    # And fixed again.
    milestones.write_text(milestones.read_text(encoding="utf-8").replace("   owner: Bo Sponsor", "  owner: Bo Sponsor"))
    preview.wait_for("/milestones/", "General availability")
    assert "The data is valid again; the preview shows the site." in preview.out.read_text()
