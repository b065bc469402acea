"""Fixtures every test may use; the helpers they are made of are in tests/support/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.artefacts import once, unmeasured
from tests.support.projects import EXAMPLE_DATA, FIXTURES, SCREENSHOTS, SCREENSHOTS_WANTED, build_site, copy_project
from tests.support.publishing import Published, checkout, three_sprints
from tests.support.scheduling import FileScheduling
from tests.support.serving import Server, serving

# Property-based tests draw the same examples on every run, so that `make test` (and CI) passes or
# fails the same way each time; set GLASSHOUSE_HYPOTHESIS_SEARCH=1 to draw new ones and search further.
settings.register_profile("glasshouse", derandomize=True, database=None)
settings.register_profile("search", derandomize=False)
settings.load_profile("search" if os.environ.get("GLASSHOUSE_HYPOTHESIS_SEARCH") else "glasshouse")


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """With `-n`, tests are shared out a file at a time (`make test`), see tests/support/scheduling.py."""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for by name
    return FileScheduling(config, log)


def _fresh_screenshots(nodeids: list[str] | tuple[str, ...]) -> None:
    """tests/screenshots/ holds what the last run that took screenshots saw, and nothing older: a
    screenshot of a page no longer checked so would pass for a new one."""
    if SCREENSHOTS_WANTED and any(n.startswith("tests/browser/") for n in nodeids):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)


def pytest_collection_finish(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # a run without workers; theirs is below
        _fresh_screenshots([item.nodeid for item in session.items])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: object, ids: list[str]) -> None:
    """In the controller, as each worker reports what it collected: before any test runs (xdist
    sends tests out once every worker has collected), so no new screenshot is removed."""
    _fresh_screenshots(ids)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Where the screenshots are, counted in the run that reports (the controller, under xdist)."""
    if SCREENSHOTS_WANTED and SCREENSHOTS.is_dir():
        where = os.path.relpath(SCREENSHOTS)
        count = sum(1 for _ in SCREENSHOTS.rglob("*.jpg"))
        terminalreporter.write_line(
            f"Screenshots: {count} files in {where}/ (light/, dark/: the example on a desktop; SITE/phone/, SITE/phone-dark/; email/)"
        )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Make a project from a fixture's data ("example" for the repository's own) and chdir into it."""

    def make(name: str = "minimal") -> Path:
        data = EXAMPLE_DATA if name == "example" else FIXTURES / name / "data"
        dest = copy_project(tmp_path / name, data)
        monkeypatch.chdir(dest)
        return dest

    return make


@pytest.fixture
def minimal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the minimal fixture's data directory, as `data/` in the working directory."""
    shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


# Artefacts built once per run and shared read-only (tests/support/artefacts.py): a test that
# changes one works on a copy.


@pytest.fixture(scope="session")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The example project's site, built with the real CLI for the local address it is served at
    (Material's instant navigation works only at the site's own address). Built once in each
    worker, as that address is the worker's own."""
    project = copy_project(tmp_path_factory.mktemp("example") / "project", EXAMPLE_DATA)
    with serving(project / "site") as server:
        with unmeasured():
            build_site(project, site_url=server.url)
        yield server


@pytest.fixture(scope="session")
def example_site(example_server: Server) -> Path:
    return example_server.root


def _fixture_site(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """The fixture project tests/fixtures/NAME, built once per run with the real CLI."""
    with unmeasured():
        return once(tmp_path_factory, name, lambda d: build_site(copy_project(d / "project", FIXTURES / name / "data")))


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture project (tests/fixtures/minimal), built with the real CLI."""
    return _fixture_site(tmp_path_factory, "minimal")


@pytest.fixture(scope="session")
def zh_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese fixture project (tests/fixtures/zh), built with the real CLI."""
    return _fixture_site(tmp_path_factory, "zh")


@pytest.fixture(scope="session")
def empty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project on its first day (tests/fixtures/empty): no milestone, risk, sprint or feedback yet."""
    return _fixture_site(tmp_path_factory, "empty")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Three sprints of the minimal project published one after the other with the real
    `glasshouse publish` to a bare remote, as CI would on each commit to main."""
    with unmeasured():
        return once(tmp_path_factory, "three-sprints", three_sprints)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory, published: Published) -> Path:
    """The gh-pages branch of `published` as files, as GitHub Pages serves it."""
    return once(tmp_path_factory, "three-sprints-pages", lambda d: checkout(published.remote, d / "gh-pages"))
