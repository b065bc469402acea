"""Confidentiality across time: what is internal now is named by nothing built now.

A real history (tests/support/flipped.py) publishes records and fields for two sprints, then makes every
one of them internal and publishes again. Every file that publish wrote (the new snapshot, the
site-root copies of status.json, the feeds and the sitemap, versions.json, the redirects), a plain
build and every `glasshouse diff` must name none of them, by id, title, text, date or number,
whatever the earlier snapshots hold. The snapshots published before keep them: they are never
rebuilt (`glasshouse purge` is how a value is taken out of them).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from contextlib import nullcontext

import pytest

from tests.integration.test_confidentiality import searchable
from tests.support.artefacts import unmeasured
from tests.support.flipped import Flipped, flipped_history
from tests.support.publishing import git, glasshouse

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Flipped:
    return flipped_history(tmp_path_factory.mktemp("flipped"))


def branch_files(h: Flipped, tip: str, paths: list[str] | None = None) -> dict[str, str]:
    """Files of the remote's gh-pages at `tip` (all, or `paths`), searchable as test_confidentiality searches a site."""
    out = h.published.project.parent / f"at-{tip[:12]}"
    if not out.exists():
        archive = subprocess.run(["git", "archive", tip, *(paths or [])], cwd=h.published.remote, capture_output=True, check=True)
        out.mkdir()
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    return searchable(out)


def built_by_the_last_publish(h: Flipped) -> list[str]:
    """The paths the publish after the flip added or changed (the redirects it deleted hold nothing)."""
    return git(h.published.remote, "diff", "--name-only", "--no-renames", "--diff-filter=d", h.tips[2], h.tips[3]).split()


def named(files: dict[str, str], h: Flipped) -> dict[str, list[str]]:
    """Where each planted thing is found: {where it was planted: [files]}."""
    found = {where: [path for path, text in files.items() if pattern.search(text)] for where, pattern in h.patterns.items()}
    return {where: paths for where, paths in found.items() if paths}


def test_every_canary_was_published_while_it_was_public(history: Flipped) -> None:
    """The positive control: each planted thing shows in what sprints 1 and 2 published, so its
    absence from what sprint 3 published means something."""
    found = named(branch_files(history, history.tips[2]), history)
    assert len(history.patterns) >= 40
    shown = set(history.patterns) - {"internal record C-0555"}  # contact ids are shown on no site
    assert set(found) == shown, shown - set(found)
    sprint_two = {p: t for p, t in branch_files(history, history.tips[2]).items() if p.startswith(("sprint-02/", "feed.xml"))}
    # The news about them: What changed, the trend, the feed.
    page = sprint_two["sprint-02/what-changed/index.html"]
    for news in ("m&#45;0555", "r&#45;0555", "cr&#45;0555", "fb&#45;0555123"):
        assert news in page or news.replace("&#45;", "-") in page, news


def test_nothing_the_next_publish_wrote_names_them(history: Flipped) -> None:
    written = built_by_the_last_publish(history)
    assert {"sprint-03/what-changed/index.html", "sprint-03/search/search_index.json", "sprint-03/status.json", "status.json",
            "feed.xml", "rss.xml", "sitemap.xml", "sitemap.xml.gz", "versions.json"} <= set(written)  # fmt: skip
    assert not [p for p in written if p.startswith(("sprint-01/", "sprint-02/"))]  # archived snapshots are never rebuilt
    files = branch_files(history, history.tips[3], written)
    assert set(files) == set(written)
    assert named(files, history) == {}


def test_the_history_counts_what_it_no_longer_shows(history: Flipped) -> None:
    p = history.published
    page = p.show("sprint-03/what-changed/index.html")
    assert "Since the previous snapshot, <strong>sprint&#45;02</strong>" in page
    assert "<p>5 records are no longer shown.</p>" in page
    trend = re.search(r'id="chart-milestone-trend".*?<tbody>(.*?)</tbody>', page, re.S)
    # Sprint 1's name, as sprint 1 published it, named the milestone: it is cut where it did.
    labels = ["Foundations for …", "sprint&#45;02", "Pilot polish"]
    assert trend and re.findall(r"<tr><td>([^<]*)</td>", trend.group(1)) == labels
    # The milestone that is still public keeps its history: M-01's done date, internal now, is taken
    # out of the earlier reports too, so its line shows the forecast in every report.
    m01 = re.search(r"<tr><td>Foundations for …</td><td>([^<]*)</td>", trend.group(1))
    assert m01 and m01.group(1) == "30 Jan 2026"
    titles = {v["version"]: v["title"] for v in json.loads(p.show("versions.json"))}
    assert titles == {"sprint-01": "sprint-01", "sprint-02": "sprint-02", "sprint-03": "Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)"}
    feed = p.show("feed.xml")
    assert re.findall(r"<entry><title>([^:<]*):", feed) == ["Pilot polish", "sprint-02", "Foundations for …"]
    assert "sprint-02: green – On track; watching … (…)</title>" in feed
    assert "5 records are no longer shown." in feed
    doc = json.loads(p.show("status.json"))
    assert next(r for r in doc["risks"] if r["id"] == "R-002")["milestones"] == []
    assert next(c for c in doc["changes"] if c["id"] == "CR-01")["milestones"] == []
    risks = list(csv.DictReader(io.StringIO(p.show("sprint-03/downloads/risks.csv").lstrip("\ufeff"))))
    assert next(r for r in risks if r["id"] == "R-001")["milestones"] == "M-02"  # the reference to M-0555 is left out


def test_diff_names_none_of_them(history: Flipped) -> None:
    p = history.published
    outputs = {}
    # Coverage follows one of them, a commit against the working tree, whose paths no other test takes.
    for a, b in (("1", "2"), ("2", "latest"), ("1", "."), (p.commits[2], "HEAD"), (p.commits[1], p.commits[2])):
        for form in ("text", "markdown"):
            with nullcontext() if (b, form) == ("HEAD", "text") else unmeasured():
                result = glasshouse(p.project, "diff", a, b, "--format", form)
            assert result.returncode == 0, result.stderr
            outputs[f"diff {a} {b}" + (" --format markdown" if form == "markdown" else "")] = result.stdout.lower()
    assert named(outputs, history) == {}
    assert outputs["diff 2 latest"].splitlines()[0] == "what changed from sprint-02 to sprint 3: pilot polish (30 mar – 10 apr 2026):"
    assert "  - 5 records are no longer shown." in outputs["diff 2 latest"]
    # Records either end named: sprint 1's milestone, change request and feedback, sprint 2's risk and sprint 2 itself.
    assert outputs["diff 1 2"] == (
        "what changed from sprint-01 to sprint-02:\n  - cr-01 add sms reminders: pending → accepted\n  - 5 records are no longer shown.\n"
    )


@unmeasured()
def test_a_plain_build_names_none_of_them(history: Flipped) -> None:
    p = history.published
    result = glasshouse(p.project, "build")
    assert result.returncode == 0, result.stderr
    site = searchable(p.project / "site")
    assert "since the previous snapshot, <strong>sprint-02</strong>" in site["what-changed/index.html"]
    assert named(site, history) == {}
