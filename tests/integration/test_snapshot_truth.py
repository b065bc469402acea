"""Every snapshot true to its sprint, on a real git history published to a bare remote.

The story: sprint 1 is published, then sprint 2 mid-sprint (17 of 42 points done); then one
commit closes sprint 2 with its final figures (36 of 42) and starts sprint 3. The publish of that
commit must leave sprint 2's archived snapshot with those final figures, not the mid-sprint ones.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import urllib.request
from pathlib import Path

import pytest

from generator.render.feed import moved
from tests.support.artefacts import unmeasured
from tests.support.publishing import SITE_URL, Published, checkout, commit, git, glasshouse, new_project
from tests.support.serving import serving
from tests.support.sprint_cases import edit

pytestmark = pytest.mark.slow

MID, CLOSING, LATER = 1774958400, 1775044800, 1775131200  # 31 Mar, 1 Apr, 2 Apr 2026, 12:00 UTC
TITLE_3 = "Sprint 3: Pilot polish (1 Apr – 14 Apr 2026)"


def write_sprints(data: Path, current: int, two_done: int) -> None:
    """Sprints 1 to 3 with sprint `current` active; sprint 2 has `two_done` of its 42 points done."""
    rows = [(1, "Foundations", "2026-03-02", "2026-03-13", 20, 18), (2, "Pilot build", "2026-03-16", "2026-03-31", 42, two_done),
            (3, "Pilot polish", "2026-04-01", "2026-04-14", 20, 0)]  # fmt: skip
    out = []
    for sid, name, start, end, committed, done in rows:
        state = "closed" if sid < current else "active" if sid == current else "planned"
        points = f"  completed: {done}\n" if state != "planned" else ""
        head = f"- id: {sid}\n  name: {name}\n  start: {start}\n  end: {end}\n  goal: Sprint {sid} goal.\n"
        out.append(f"{head}  committed: {committed}\n{points}  state: {state}\n")
    (data / "sprints.yaml").write_text("".join(out), encoding="utf-8")


def close_sprint_two(p: Published) -> str:
    """The sprint change in one commit: sprint 2 closed with its final figures, sprint 3 active, a new status date."""
    write_sprints(p.project / "data", 3, 36)
    edit(p.project / "data" / "project.yaml", "as_of: 2026-03-31", "as_of: 2026-04-01")
    return commit(p.project, "Close sprint 2 (36 of 42 points), start sprint 3")


def publish(p: Published, epoch: int, *args: str) -> str:
    result = glasshouse(p.project, "publish", *args, epoch=epoch)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def doc(p: Published, version: str) -> dict[str, object]:
    return json.loads(p.show(f"{version}/status.json"))  # type: ignore[no-any-return]


def versions(p: Published) -> dict[str, dict[str, object]]:
    return {v["version"]: v for v in json.loads(p.show("versions.json"))}


@pytest.fixture(scope="module")
@unmeasured()
def mid_sprint(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Sprint 1 published, then sprint 2 published mid-sprint, 17 of 42 points done."""
    p = new_project(tmp_path_factory.mktemp("truth"))
    write_sprints(p.project / "data", 1, 0)
    one = commit(p.project, "Sprint 1")
    publish(p, MID - 3600)
    write_sprints(p.project / "data", 2, 17)
    two = commit(p.project, "Sprint 2 starts")
    publish(p, MID)
    return Published(p.project, p.remote, {1: one, 2: two})


@pytest.fixture
def story(mid_sprint: Published, tmp_path: Path) -> Published:
    """A private copy of the mid-sprint story, project and remote."""
    shutil.copytree(mid_sprint.project.parent, tmp_path / "copy", symlinks=True)
    return Published(tmp_path / "copy" / "project", tmp_path / "copy" / "remote.git", mid_sprint.commits)


def test_the_mid_sprint_snapshot_shows_mid_sprint_figures(mid_sprint: Published) -> None:
    sprint = doc(mid_sprint, "sprint-02")["sprint"]
    assert sprint == {"id": 2, "name": "Pilot build", "start": "2026-03-16", "end": "2026-03-31", "state": "active",
                      "committed": 42, "completed": 17, "goal": "Sprint 2 goal.",
                      "previous": {"id": 1, "name": "Foundations", "committed": 20, "completed": 18}}  # fmt: skip
    assert "17 of 42 points done (40%)" in mid_sprint.show("sprint-02/index.html")
    assert versions(mid_sprint)["sprint-02"]["properties"]["closed"] is False  # type: ignore[index]


@unmeasured()
def test_closing_a_sprint_publishes_its_final_figures(story: Published) -> None:
    closing = close_sprint_two(story)
    out = publish(story, CLOSING)
    said, done = out.splitlines()[:3], out.splitlines()[3:]
    assert said[0] == "This publish closes snapshots on the way; it will:"
    assert said[1].startswith("  Build sprint-02 (Sprint 2: Pilot build")
    assert said[1].endswith(f") closed, with its sprint's final figures, from data commit {closing[:12]}, which closed sprint 2.")
    assert said[2] == f"  Build sprint-03 ({TITLE_3}) from data commit {closing[:12]}; `latest` will point at it."
    assert done == [
        f"sprint-02 closed with its sprint's final figures, from data commit {closing[:12]}, which closed the sprint.",
        f"sprint-03 ({TITLE_3}) published and `latest` points at it; pushed.",
    ]
    two = doc(story, "sprint-02")
    assert two["sprint"] == {"id": 2, "name": "Pilot build", "start": "2026-03-16", "end": "2026-03-31", "state": "closed",
                             "committed": 42, "completed": 36, "goal": "Sprint 2 goal.", "previous": None}  # fmt: skip
    assert two["project"]["as_of"] == "2026-04-01"  # type: ignore[index]
    assert two["stamp"]["data_commit"] == closing  # type: ignore[index]
    overview = story.show("sprint-02/index.html")
    assert "36 of 42 points done (86%)" in overview and "17 of 42" not in overview
    assert "(closed)" in story.show("sprint-02/sprints/sprint-02/index.html")
    assert "Since the previous snapshot, <strong>Foundations</strong>" in story.show("sprint-02/what-changed/index.html")
    listed = versions(story)
    assert listed["sprint-02"]["aliases"] == [] and listed["sprint-03"]["aliases"] == ["latest"]
    props = listed["sprint-02"]["properties"]
    assert (props["closed"], props["closed_at"], props["data_commit"]) == (True, "2026-04-01T12:00:00Z", closing)  # type: ignore[index]
    assert story.show("status.json") == story.show("sprint-03/status.json")
    # Its sponsor report is the report of that sprint's end, and looks at the sprint after it.
    report = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", story.show("sprint-02/print/index.html"))))
    assert "Snapshot: Sprint 2: Pilot build (16 Mar – 31 Mar 2026)." in report
    assert "Current sprint: Sprint 2: Pilot build, 16 Mar 2026 – 31 Mar 2026 (closed): 36 of 42 points done (86%)" in report
    assert "Since the last report, Sprint 1: Foundations (2 Mar – 13 Mar 2026), with the status as of 31 Mar 2026:" in report
    assert "Sprint: Sprint 3: Pilot polish, 1 Apr 2026 – 14 Apr 2026 (active) Goal: Sprint 3 goal." in report
    # The next sprint compares with the final figures, and its history holds them.
    since = "Since the previous snapshot, <strong>Pilot build</strong> (status as of 1 Apr 2026)"  # not the mid-sprint 31 Mar
    assert since in story.show("sprint-03/what-changed/index.html")


@unmeasured()
def test_the_final_figures_come_from_the_commit_that_closed_the_sprint(story: Published) -> None:
    """A publish that comes later (the closing commit's run was replaced by a newer one) still
    builds the closed sprint from the commit that closed it, and the news after it goes to the next sprint."""
    closing = close_sprint_two(story)
    edit(story.project / "data" / "project.yaml", "headline: On track for the pilot", "headline: Pilot starts a week late")
    edit(story.project / "data" / "sprints.yaml", "  completed: 0\n  state: active", "  completed: 5\n  state: active")  # sprint 3's points
    news = commit(story.project, "Sprint 3 news")
    publish(story, LATER)
    assert doc(story, "sprint-02")["stamp"]["data_commit"] == closing  # type: ignore[index]
    assert doc(story, "sprint-02")["project"]["headline"] == "On track for the pilot"  # type: ignore[index]
    assert doc(story, "sprint-03")["stamp"]["data_commit"] == news  # type: ignore[index]
    assert doc(story, "sprint-03")["project"]["headline"] == "Pilot starts a week late"  # type: ignore[index]
    assert doc(story, "sprint-03")["sprint"]["completed"] == 5  # type: ignore[index]


def test_a_closing_commit_that_records_the_next_sprints_progress_is_named(story: Published) -> None:
    """Sprint 2 closed in a commit that already has 5 points of sprint 3 done: its final snapshot
    would show them as sprint 2's, and publish and its dry run say so and how to avoid it."""
    write_sprints(story.project / "data", 3, 36)
    edit(story.project / "data" / "sprints.yaml", "  completed: 0\n  state: active", "  completed: 5\n  state: active")
    closing = commit(story.project, "Close sprint 2, and sprint 3's first points")
    warning = (
        f"Warning: sprint-02 is closed from data commit {closing[:12]}, which closed sprint 2 but already records "
        "5 points completed in sprint 3: its snapshot shows them as sprint 2's.\n"
        "    hint: close a sprint in a commit of its own (its final figures, `state: closed`, the next sprint "
        "`state: active` with nothing done yet), push it, and record the next sprint's progress in the commits after it"
    )
    dry = glasshouse(story.project, "publish", "--dry-run", epoch=CLOSING)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[2:4] == warning.splitlines()
    done = glasshouse(story.project, "publish", epoch=CLOSING)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[:2] == warning.splitlines()


@unmeasured()
def test_a_sprint_never_published_gets_its_final_snapshot_from_the_commit_that_closed_it(story: Published) -> None:
    """Sprint 3's publish never ran; sprint 4 closes it: both closed sprints get their final figures."""
    close_sprint_two(story)
    edit(story.project / "data" / "sprints.yaml", "  completed: 0\n  state: active", "  completed: 19\n  state: closed")
    (story.project / "data" / "sprints.yaml").write_text(
        (story.project / "data" / "sprints.yaml").read_text(encoding="utf-8")
        + "- id: 4\n  name: Pilot live\n  start: 2026-04-15\n  end: 2026-04-28\n  goal: Run the pilot.\n  committed: 20\n  state: active\n",
        encoding="utf-8",
    )
    closing_three = commit(story.project, "Close sprint 3, start sprint 4")
    out = publish(story, LATER)
    assert out.splitlines()[4:6] == [
        f"sprint-02 closed with its sprint's final figures, from data commit {git(story.project, 'rev-parse', 'HEAD~1').strip()[:12]}, "
        "which closed the sprint.",
        f"sprint-03 closed with its sprint's final figures, from data commit {closing_three[:12]}, which closed the sprint.",
    ]
    listed = versions(story)
    assert [listed[f"sprint-0{n}"]["properties"]["closed"] for n in (1, 2, 3, 4)] == [True, True, True, False]  # type: ignore[index]
    assert doc(story, "sprint-02")["sprint"]["completed"] == 36  # type: ignore[index]
    assert doc(story, "sprint-03")["sprint"] == {"id": 3, "name": "Pilot polish", "start": "2026-04-01", "end": "2026-04-14",
                                                 "state": "closed", "committed": 20, "completed": 19, "goal": "Sprint 3 goal.",
                                                 "previous": None}  # fmt: skip


@unmeasured()
def test_a_snapshot_closed_on_request_is_never_overwritten(story: Published) -> None:
    closed = glasshouse(story.project, "snapshot", "2", epoch=MID + 600)
    assert closed.returncode == 0, closed.stderr
    frozen = {path: entry for path, entry in story.tree().items() if path.startswith("sprint-02/")}
    close_sprint_two(story)
    out = publish(story, CLOSING)
    assert out == f"sprint-03 ({TITLE_3}) published and `latest` points at it; pushed.\n"
    assert {path: entry for path, entry in story.tree().items() if path.startswith("sprint-02/")} == frozen
    assert doc(story, "sprint-02")["sprint"]["completed"] == 17  # type: ignore[index]


def test_a_closing_commit_with_bad_data_publishes_nothing_and_says_what_to_do(story: Published) -> None:
    tip = story.tip()
    edit(story.project / "data" / "risks.yaml", "impact: 4", "impact: 9")
    closing = close_sprint_two(story)
    edit(story.project / "data" / "risks.yaml", "impact: 9", "impact: 4")
    commit(story.project, "Fix R-001's impact")
    refused = glasshouse(story.project, "publish", epoch=LATER)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"Error: sprint-02 is closed with its sprint's final figures, from {closing[:12]}, the commit that closed sprint 2, "
        "but the data of that commit has problems (Aborted: 1 problem in 1 file); nothing was published.\n"
        f"    hint: see them with `git checkout {closing[:12]}` and `glasshouse validate`; or close sprint-02 as it was "
        "published, with `glasshouse snapshot 2`\n"
    )
    assert story.tip() == tip
    assert glasshouse(story.project, "snapshot", "2", epoch=LATER).returncode == 0  # the hint works
    assert publish(story, LATER + 60) == f"sprint-03 ({TITLE_3}) published and `latest` points at it; pushed.\n"


ROOT_FILES = ("badge.svg", "status.json", "status.schema.json", "feed.xml", "rss.xml", "calendar.ics")


@unmeasured()
def test_the_site_root_serves_the_latest_files_at_stable_addresses(story: Published, tmp_path: Path) -> None:
    """After several publishes, an older sprint's correction among them, the root serves the latest snapshot's files."""
    close_sprint_two(story)
    publish(story, CLOSING)
    # A correction of sprint 2, made from a clone of its last mid-sprint commit, comes last.
    old = tmp_path / "old"
    git(tmp_path, "clone", "-q", str(story.remote), str(old))
    git(old, "checkout", "-q", story.commits[2])
    edit(old / "data" / "project.yaml", "headline: On track for the pilot", "headline: On track for the pilot, corrected")
    git(old, "commit", "-q", "-am", "Correct sprint 2's headline")
    corrected = glasshouse(old, "snapshot", "2", "--force", "--reason", "Headline", epoch=LATER)
    assert corrected.returncode == 0, corrected.stderr
    assert corrected.stdout.startswith("sprint-02 (Sprint 2: Pilot build (16 Mar – 31 Mar 2026)) corrected; pushed.")
    with serving(checkout(story.remote, tmp_path / "gh-pages")) as server:
        for name in ROOT_FILES:
            with urllib.request.urlopen(server.url + name) as response:
                served = response.read()
            # The same file (read back as text: the calendar's CRLF line ends as LF), but for a
            # feed's own address: the root's copy names the root's.
            assert name != "calendar.ics" or served.endswith(b"END:VCALENDAR\r\n")
            served = served.replace(b"\r\n", b"\n")
            assert served == moved(story.show(f"sprint-03/{name}").encode("utf-8"), f"{SITE_URL}sprint-03/", SITE_URL), name
            assert name == "status.schema.json" or served != story.show(f"sprint-02/{name}").encode("utf-8"), name
