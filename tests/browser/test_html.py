"""Valid HTML where Glasshouse writes it: the Nu Html Checker over every page of the four sites.

The checker is the npm package vnu-jar (`make test` installs the version the Makefile pins into
.tools/) and runs on Java (Debian's default-jre-headless). It reads the built files, so it sees
what Glasshouse and MkDocs wrote, before any script runs.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.support.artefacts import once
from tests.support.projects import ROOT
from tests.support.serving import Server

VNU = ROOT / ".tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors in markup that Material for MkDocs writes, not Glasshouse, each with why it is left alone.
MATERIAL = (
    # Material's drawer, search and palette toggles are checkboxes and radios with autocomplete="off",
    # so that browsers do not restore a toggled drawer on back navigation: invalid, but deliberate.
    "Attribute “autocomplete” is only allowed when the input type is",
    # On pages outside the navigation (the data reference, the printable report) Material's table of
    # contents keeps its label for the toggle that only navigation pages carry.
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
)


def vnu_errors(files: list[Path]) -> dict[Path, list[str]]:
    """The checker's errors in each of `files` (one run of Java for them all), each as
    "file:line: message", Material's own left out."""
    java = shutil.which("java")
    if not java:
        pytest.fail("the HTML check needs Java: install it with `apt-get install default-jre-headless` (.ci/run does this)")
    if not VNU.exists():
        pytest.fail(f"the HTML check needs the Nu Html Checker: run `make {os.path.relpath(VNU, ROOT)}` (make test does this)")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)], capture_output=True, text=True)
    errors: dict[Path, list[str]] = {f: [] for f in files}
    for m in json.loads(result.stderr)["messages"]:
        if m["type"] == "error" and not any(m["message"].startswith(known) for known in MATERIAL):
            where = Path(unquote(urlparse(m["url"]).path))
            errors[where].append(f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}")
    return errors


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


SITES = ("example", "published", "zh", "empty")
INVALID = '<!doctype html><html lang="en"><title>x</title><div markdown="0"><p id="a"></p><p id="a"></p></div>'


def _checked(directory: Path, sites: dict[str, Path]) -> dict[str, tuple[int, list[str]]]:
    """Every page of the four sites, and a page known to be invalid, checked in one run of the
    checker (Java starts in seconds, so once, not once a site): a site's (or "invalid"'s) pages
    and their errors."""
    invalid = directory / "site" / "index.html"
    invalid.parent.mkdir()
    invalid.write_text(INVALID, encoding="utf-8")
    # A published site: the latest snapshot and an archived one (mike's redirect pages are its own).
    files = {
        name: [*_pages(root / "sprint-03"), *_pages(root / "sprint-01")] if name == "published" else _pages(root)
        for name, root in sites.items()
    }
    files["invalid"] = [invalid]
    errors = vnu_errors([f for group in files.values() for f in group])
    return {name: (len(group), [e for f in group for e in errors[f]]) for name, group in files.items()}


@pytest.fixture
def checked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, list[str]]]:
    sites = {name: Path(request.getfixturevalue(f"{name}_site")) for name in SITES}
    return once(tmp_path_factory, "html-check", lambda d: _checked(d, sites))


@pytest.mark.parametrize("name", SITES)
def test_every_page_is_valid_html(checked: dict[str, tuple[int, list[str]]], name: str) -> None:
    pages, errors = checked[name]
    assert pages >= 10
    assert errors == []


def test_an_invalid_page_is_caught(checked: dict[str, tuple[int, list[str]]]) -> None:
    assert checked["invalid"][1] == [
        "index.html:1: Attribute “markdown” not allowed on element “div” at this point.",
        "index.html:1: Duplicate ID “a”.",
    ]


META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


@pytest.mark.parametrize("name", ["example", "published", "zh", "empty"])
def test_every_page_has_a_description_of_its_own(request: pytest.FixtureRequest, name: str) -> None:
    """Search engines and link previews show a page's description: each page says what it holds,
    the hand-written ones included; only the 404 page borrows the site's."""
    server: Server = request.getfixturevalue(f"{name}_server")
    root = Path(server.root)
    root = root / "sprint-03" if name == "published" else root
    found = {}
    for page in _pages(root):
        m = META_DESCRIPTION.search(page.read_text(encoding="utf-8"))
        found[page.relative_to(root).as_posix()] = html.unescape(m.group(1)).strip() if m else ""
    assert all(found.values()), [p for p, d in found.items() if not d]
    overview = found.pop("index.html")
    found.pop("404.html")
    assert [p for p, d in found.items() if d == overview] == []


@pytest.mark.parametrize("name", ["example", "published", "zh", "empty"])
def test_every_link_within_a_page_finds_its_place(request: pytest.FixtureRequest, name: str) -> None:
    """A link to a place on its own page (a milestone's card to its details, a heading's permalink)
    leads to an element with that id."""
    server: Server = request.getfixturevalue(f"{name}_server")
    root = Path(server.root)
    root = root / "sprint-03" if name == "published" else root
    broken, links = [], 0
    for page in _pages(root):
        markup = page.read_text(encoding="utf-8")
        ids = {html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', markup)}
        for target in re.findall(r'\shref="#([^"]+)"', markup):
            links += 1
            if html.unescape(target) not in ids:
                broken.append(f"{page.relative_to(root).as_posix()}#{target}")
    assert links > 50
    assert broken == []
    if name != "empty":
        milestones = (root / "milestones" / "index.html").read_text(encoding="utf-8")
        assert '<a href="#about-m-' in milestones  # each card leads to its milestone's details
