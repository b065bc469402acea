"""`--audience internal`: the whole site for the project team, unmistakably marked on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

pytestmark = pytest.mark.slow

BANNER = (
    '<div class="gh-internal" role="alert">\n'
    '<strong class="gh-internal__label">Internal</strong>\n'
    "<span>This build is for the project team: it includes records and fields marked internal. "
    "Do not share this site or its downloads.</span>\n"
    "</div>\n"
    '<div class="gh-internal-mark" aria-hidden="true">Internal · do not share</div>'
)


def test_internal_build_is_marked_on_every_page_and_kept_apart(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    result = CliRunner().invoke(cli, ["build", "--audience", "internal"])
    assert result.exit_code == 0, result.output
    assert f"Site built in {root / 'site-internal'}\n" in result.output
    assert not (root / "site").exists()  # the public site's place is left alone
    pages = sorted((root / "site-internal").rglob("*.html"))
    assert len(pages) >= 12 and any(p.name == "404.html" for p in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count(BANNER) == 1, page
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert re.search(r"<title>Internal: [^<]*Minimal Project</title>", html), page


def test_public_build_has_no_mark(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    for page in (root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "gh-internal" not in html and "noindex" not in html and "<title>Internal" not in html, page
