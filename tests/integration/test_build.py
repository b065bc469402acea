"""Real sites built with `mkdocs build --strict`, checked in their HTML."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.data.validate import validate
from generator.pipeline import read_status
from tests.support.projects import EXAMPLE_DATA, GLASSHOUSE, cli_build, tree_digest
from tests.support.serving import Server

pytestmark = pytest.mark.slow

PAGES = ["index.html", "milestones/index.html", "risks/index.html", "feedback/index.html", "changes/index.html",
         "sprints/index.html", "reference/index.html", "about/index.html", "give-feedback/index.html", "404.html"]  # fmt: skip
CHART_PAGES = {"milestones/index.html": 0, "risks/index.html": 0, "feedback/index.html": 2, "sprints/index.html": 0}  # HTML there


def test_every_page_is_built(example_site: Path) -> None:
    for page in PAGES:
        assert (example_site / page).is_file(), page
    sprints = validate(EXAMPLE_DATA)["sprints"].column("id")
    for n in sprints:
        assert (example_site / "sprints" / f"sprint-{n:02d}" / "index.html").is_file()


def test_charts_are_embedded_with_data(example_site: Path) -> None:
    for page, count in CHART_PAGES.items():
        html = (example_site / page).read_text(encoding="utf-8")
        blobs = re.findall(r'<template class="gh-chart-data"[^>]*>(.*?)</template>', html)
        assert len(blobs) == count, page
        for blob in blobs:
            figure = json.loads(blob)
            assert figure["data"] and all("type" in t for t in figure["data"])
        assert html.count('<div class="gh-chart"') == count
        html_charts = {"milestones/": 1, "sprints/": 2}.get(page.removesuffix("index.html"), 0)  # tables of HTML charts
        assert html.count("Chart data as a table") == count + html_charts
    overview = (example_site / "index.html").read_text(encoding="utf-8")
    assert "gh-chart-data" not in overview  # the overview stays light


def test_search_indexes_chart_captions_but_not_their_data(example_site: Path) -> None:
    index = (example_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Active risks placed by likelihood and impact" in index
    assert '\\"colorscale\\"' not in index and '"colorscale"' not in index
    assert "Chart data as a table" not in index


def test_search_leaves_out_the_status_report_and_the_data_reference(example_site: Path) -> None:
    """The report repeats every page and the reference is for editors: results point customers to the pages."""
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"", "milestones/", "risks/", "feedback/", "changes/", "sprints/sprint-03/", "about/"} <= pages
    assert not pages & {"print/", "reference/"}
    assert (example_site / "print" / "index.html").is_file() and (example_site / "reference" / "index.html").is_file()


def test_assets_are_local_and_plotly_is_loaded_only_by_the_chart_script(example_server: Server) -> None:
    example_site = example_server.root
    assert (example_site / "assets/glasshouse/plotly-glasshouse.min.js").is_file()
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        refs = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
        external = [r for r in refs if re.match(r"(https?:)?//", r) and not r.startswith(example_server.url)]
        assert not external, (page, external)
        assert "plotly-glasshouse" not in html  # loaded on demand by charts.js
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


@pytest.mark.no_cover
def test_internal_records_never_reach_the_public_site(example_site: Path) -> None:
    data = validate(EXAMPLE_DATA)
    canaries = set()
    for name in ("milestones", "risks", "changes", "feedback", "contacts"):
        for row in data[name].dicts():
            if row["visibility"] == "internal":
                canaries.add(row["id"])
                for key in ("title", "quote", "email", "name"):
                    if row.get(key):
                        canaries.add(str(row[key])[:40])
    respondents = {r for r in data["feedback"].column("respondent") if r}
    assert canaries and respondents
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in example_site.rglob("*") if p.is_file())
    from html import unescape

    plain = unescape(re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text))
    leaked = sorted(c for c in canaries | respondents if c in text or c in plain)
    assert not leaked


def test_footer_is_stamped(example_site: Path) -> None:
    html = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'Status as of <time datetime="2026-11-20">20 Nov 2026</time>' in html
    assert "built 2026-11-23 12:00 UTC" in html  # SOURCE_DATE_EPOCH=1795435200, after the status date


def test_site_name_and_nav_come_from_data(example_site: Path) -> None:
    html = (example_site / "sprints/index.html").read_text(encoding="utf-8")
    assert "<title>All sprints - Harbour Connect</title>" in html
    assert re.search(r'<a href="sprint-15/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Sprint 15: ', html)


def test_hostile_text_stays_text(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    payload = '</title><script>alert("x")</script><img src=x onerror=alert(1)>'
    for file, old in (
        ("sprints.yaml", "name: Pilot polish"),
        ("milestones.yaml", "title: Pilot live"),
        ("project.yaml", "name: Minimal Project"),
    ):
        path = root / "data" / file
        key = old.split(":")[0]
        path.write_text(path.read_text().replace(old, f"{key}: '{payload}'"))
    code, out, err = cli_build()
    assert code == 0, out + err
    for page in (root / "site").rglob("*.html"):
        elements = _elements(page.read_text(encoding="utf-8"))
        assert not [e for e in elements if e[0] == "img" and ("src", "x") in e[1]], page
        assert not [e for e in elements if any(name == "onerror" for name, _ in e[1])], page
        assert not [e for e in elements if e[0] == "script" and ("type", "application/json") not in e[1] and "alert(" in e[2]], page
    html = (root / "site/sprints/sprint-03/index.html").read_text(encoding="utf-8")
    assert "<title>Sprint 3: &lt;/title&gt;&lt;script&gt;" in html


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]], str]]:
    """Every element as the browser's parser sees it: tag, attributes, and text for scripts."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]], str]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs, ""))

        def handle_data(self, data: str) -> None:
            if found and found[-1][0] == "script":
                found[-1] = (found[-1][0], found[-1][1], found[-1][2] + data)

    Parser().feed(html)
    return found


def test_failed_build_keeps_the_previous_site(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    assert cli_build()[0] == 0
    before = tree_digest(root / "site")
    path = root / "data/risks.yaml"
    path.write_text(path.read_text().replace("impact: 5", "impact: 9"))
    code, out, err = cli_build()
    assert code == 1
    assert out == ""
    assert err == (
        "data/risks.yaml:16: risk R-002, field 'impact': 9 is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
        "Nothing was built: site/ keeps its previous content.\n"
    )
    assert tree_digest(root / "site") == before
    assert sorted(p.name for p in root.iterdir()) == ["content", "data", "mkdocs.yml", "site", "theme"]


def test_strict_warning_fails_the_build_and_keeps_nothing(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "content" / "broken.md").write_text("# Broken\n\n[missing](nowhere.md)\n")
    code, out, err = cli_build()
    assert code == 1 and out == ""
    assert "mkdocs build --strict failed; the previous site is untouched." in err
    assert "nowhere.md" in err
    assert not (root / "site").exists()
    assert sorted(p.name for p in root.iterdir()) == ["content", "data", "mkdocs.yml", "theme"]


def test_a_lost_hand_written_page_is_named_with_what_links_to_it(project: Callable[[str], Path]) -> None:
    root = project("empty")  # no feedback yet: the overview and the feedback page link to give-feedback.md
    (root / "content" / "give-feedback.md").unlink()
    code, out, err = cli_build()
    assert code == 1 and out == ""
    assert "give-feedback.md is missing from the pages the team writes" in err
    assert "(index.md, feedback.md)" in err
    assert "git checkout HEAD -- content/give-feedback.md" in err
    assert not (root / "site").exists()


def test_data_commit_in_footer(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "data"], cwd=root, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True, text=True).stdout.strip()
    assert cli_build()[0] == 0
    assert f"from data commit <code>{commit[:12]}</code>" in (root / "site/index.html").read_text()


def test_serve_reloads_when_data_changes(project: Callable[[str], Path]) -> None:
    import socket
    import time
    import urllib.request

    root = project("minimal")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(GLASSHOUSE), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )

    def page_has(text: str, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    if text in r.read().decode():
                        return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    try:
        assert page_has("On track for the pilot")
        path = root / "data/project.yaml"
        path.write_text(path.read_text().replace("headline: On track for the pilot", "headline: Pilot moved a week"))
        assert page_has("Pilot moved a week")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def search_words(site: Path) -> dict[str, set[str]]:
    """Every word of the built search index as the browser's search splits it (with the index's
    own separator, lower-cased as lunr does), with the pages it is on."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:
        for word in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])):
            words.setdefault(word.lower(), set()).add(doc["location"].split("#")[0])
    return words


def test_search_finds_ids_and_codes_inside_punctuation(example_site: Path) -> None:
    words = search_words(example_site)
    # A quote ends "... the terminal integration (M-07)." and a risk is R-001: each part of the id is a word.
    assert {"m", "07", "r", "001", "fb", "0042"} <= words.keys()
    # FB-0042 came in in June; every published answer has its page, by customer group.
    assert "milestones/" in words["07"] and "feedback/answers-shanghai-office/" in words["0042"]
    assert not [w for w in words if w.startswith("(") or w.endswith(").") or w.endswith(".")]
    # The separator splits an error code out of a sentence as a customer writes it.
    separator = re.compile(json.loads((example_site / "search" / "search_index.json").read_text())["config"]["separator"])
    assert [w for w in separator.split("The upload failed with an error (E4172). Version 2.5 works.") if w] == [
        "The", "upload", "failed", "with", "an", "error", "E4172", "Version", "2.5", "works",
    ]  # fmt: skip


def test_how_to_give_feedback_offers_a_ready_e_mail_to_each_group_and_the_form(example_site: Path) -> None:
    project = read_status(EXAMPLE_DATA).project
    html = (example_site / "give-feedback" / "index.html").read_text(encoding="utf-8")
    assert html.count('<a href="mailto:') == len(project.segment_contacts) + 1
    assert f'<a href="{project.feedback_survey}">Fill in our feedback form</a>' in html
    assert "glasshouse: ways" not in html
