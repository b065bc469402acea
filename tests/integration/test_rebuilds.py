"""`glasshouse serve`'s rebuilds, with MkDocs's real dirty builds: after each save, the site a
rebuild leaves is, file for file and byte for byte, the site a full build of the same data makes,
and only the pages the save changed were made again."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.config_options import Plugins
from mkdocs.config.defaults import MkDocsConfig

from generator.data import csvfile
from generator.model import build as model_build
from tests.support.projects import EPOCH

pytestmark = pytest.mark.slow

SERVE_URL = "http://127.0.0.1:8000/"


@contextmanager
def _own_plugins() -> Iterator[None]:
    """Plugin instances of this test's own: MkDocs keeps those with `on_startup` for the process."""
    cache = cast(Plugins, MkDocsConfig.plugins).plugin_cache
    saved = dict(cache)
    cache.clear()
    try:
        yield
    finally:
        cache.clear()
        cache.update(saved)


def _build(root: Path, site: Path, *, dirty: bool, start: bool = False) -> None:
    """One build as `glasshouse serve` makes it (`start`: its first, which starts the plugins)."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    if start:
        config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, serve_url=SERVE_URL, dirty=dirty)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _times(site: Path) -> dict[str, int]:
    """When each page was written (404.html, the theme's own, is written by every build)."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html") if p.name != "404.html"}


def _edit(path: Path, old: str, new: str) -> Callable[[], None]:
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _hook(root: Path) -> None:
    (root / "hooks.py").write_text(
        "def on_page_content(html, **kwargs):\n    return html + '<p>Reviewed by the project office.</p>'\n", encoding="utf-8"
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")


def _add_feedback(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    copy = lines[150].split(",", 1)[1]
    path.write_text("\n".join([*lines[:151], f"FB-0999,{copy}", *lines[151:]]), encoding="utf-8")


def _save_again(path: Path) -> None:
    path.write_bytes(path.read_bytes())


def _drop_first_sprint(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("- id: 1\n")] + text[text.index("- id: 2\n") :], encoding="utf-8")


def test_a_rebuild_makes_the_pages_a_save_changed_and_the_site_a_full_build_makes(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # The log's 300 rows in batches and chunks of 50, so that a save leaves some of them as they were.
    monkeypatch.setattr(csvfile, "BATCH", 50)
    monkeypatch.setattr(model_build, "CHUNK", 50)
    root = project("example")
    data = root / "data"
    headline = (data / "project.yaml").read_text(encoding="utf-8").split("headline: ", 1)[1].split("\n", 1)[0]
    saves: list[tuple[str, Callable[[], None], Callable[[set[str]], bool]]] = [
        # The headline: on the overview and in the sponsor report; not on the registers.
        (
            "headline",
            _edit(data / "project.yaml", f"headline: {headline}", "headline: Go-live holds at 22 March"),
            lambda made: {"index.html", "print/index.html"} <= made and "risks/index.html" not in made,
        ),
        # A piece of feedback answered otherwise: the feedback pages and the download; not the risks.
        (
            "feedback",
            _edit(data / "feedback.csv", "the link to the terminal systems follows", "the link to the terminal systems came in June"),
            lambda made: "risks/index.html" not in made and "milestones/index.html" not in made,
        ),
        # A piece of feedback added in the middle of the log: the rows after it move down a line.
        ("added", lambda: _add_feedback(data / "feedback.csv"), lambda made: "risks/index.html" not in made),
        # A risk retitled: the navigation is the same, the risks page and the report are made again.
        (
            "risk",
            _edit(data / "risks.yaml", "title: ", "title: Renamed "),
            lambda made: {"risks/index.html", "print/index.html"} <= made and "milestones/index.html" not in made,
        ),
        # A hand-written page: its heading may title it in every page's navigation; everything made again.
        ("page", _edit(root / "content" / "about.md", "# ", "# Retitled: "), lambda made: "risks/index.html" in made),
        # mkdocs.yml given a hook that changes every page: everything made again.
        ("hook", lambda: _hook(root), lambda made: "risks/index.html" in made),
        # A sprint taken out: its page goes, and with it every page's navigation.
        ("sprint", lambda: _drop_first_sprint(data / "sprints.yaml"), lambda made: "risks/index.html" in made),
        # Nothing changed (a save of the same bytes): nothing made again.
        ("same", lambda: _save_again(data / "risks.yaml"), lambda made: made == set()),
    ]
    states: list[tuple[str, dict[str, bytes]]] = []
    sites = tmp_path / "sites"
    with _own_plugins():
        serving = tmp_path / "serving"
        _build(root, serving, dirty=True, start=True)
        for name, save, check in saves:
            before = _times(serving)
            save()
            _build(root, serving, dirty=True)
            after = _times(serving)
            made = {p for p, t in after.items() if before.get(p) != t}
            assert check(made), (name, sorted(made))
            states.append((name, _files(serving)))
            shutil.copytree(data, sites / name / "data")
            shutil.copytree(root / "content", sites / name / "content")
            shutil.copy(root / "mkdocs.yml", sites / name / "mkdocs.yml")
    # Each state built afresh, by a fresh server: the same site.
    for name, files in states:
        fresh = tmp_path / "fresh" / name
        shutil.rmtree(data)
        shutil.copytree(sites / name / "data", data)
        shutil.rmtree(root / "content")
        shutil.copytree(sites / name / "content", root / "content")
        shutil.copy(sites / name / "mkdocs.yml", root / "mkdocs.yml")
        with _own_plugins():
            _build(root, fresh, dirty=False, start=True)
        expected = _files(fresh)
        assert sorted(files) == sorted(expected), name
        differ = [p for p in expected if files[p] != expected[p]]
        assert differ == [], name
    assert b"Reviewed by the project office." in states[-1][1]["risks/index.html"]


def test_a_rebuild_after_broken_data_is_the_full_site_again(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = project("minimal")
    milestones = root / "data" / "milestones.yaml"
    good = milestones.read_text(encoding="utf-8")
    with _own_plugins():
        serving = tmp_path / "serving"
        _build(root, serving, dirty=True, start=True)
        milestones.write_text(good.replace("- id: M-03", "- id: M-02"), encoding="utf-8")
        _build(root, serving, dirty=True)
        assert "The data has problems" in (serving / "milestones" / "index.html").read_text(encoding="utf-8")
        milestones.write_text(good.replace("title: General", "title: Broad"), encoding="utf-8")
        _build(root, serving, dirty=True)
        served = _files(serving)
    with _own_plugins():
        _build(root, tmp_path / "fresh", dirty=False, start=True)
    assert served == _files(tmp_path / "fresh")
    assert b"Broad availability" in served["milestones/index.html"]
    assert os.environ["SOURCE_DATE_EPOCH"] == EPOCH
