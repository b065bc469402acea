"""A project manager's first week, as they would live it: `glasshouse new`, their own words in
place of the starting text, the mistakes people make in their first edits, the weekly update, a
sprint closed, and three publishes to a remote, reading every message on the way.

Each step runs the real command in a subprocess, in a real git repository with a bare remote, on
the day it happens (SOURCE_DATE_EPOCH): the project starts on Monday 30 November 2026."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.publishing import GLASSHOUSE, env, git

MONDAY, WEEK_LATER, SPRINT_TWO = 1796029200, 1796634000, 1797238800  # 30 Nov, 7 Dec, 14 Dec 2026, 09:00 UTC
SITE_URL = "https://pilot.example.net/"

OWN_WORDS = {
    '"Replace me: who the project is for"': "Harbour authority berth planners",
    "Replace me: what the project delivers and why, in two or three sentences your customers\n  understand.": (
        "A booking service for berths that confirms a window at once."
    ),
    '"Replace me: the status in one sentence"': "The pilot is on track for January",
    '"Replace me: why the status is what it is."': "The first screens are built and tested with two planners.",
    '"Replace me: who your customers are. Add a segment for each group you report to."': "The planners who book berths.",
    '"Replace me: your name"': "Rosa Lind",
    "replace-me@example.org": "rosa.lind@example.net",
    '"Replace me: the first thing customers get"': "Booking screen pilot",
    '"Replace me: what it gives them."': "Planners book a berth window on screen.",
    '"Replace me: who answers for it"': "Rosa Lind",
    '"Replace me: go-live"': "Go-live",
    '"Replace me: what could go wrong"': "The port's network upgrade slips",
    '"Replace me: who watches it"': "Rosa Lind",
    '"Replace me: what is done about it."': "We test on the old network too.",
    '"Replace me: the sprint\'s name"': "First screens",
    '"Replace me: what the sprint sets out to do."': "Show planners a booking screen they can try.",
}
HEADER = "id,date,segment,channel,rating,theme,quote,consent,respondent,respondent_email,response,action,milestone,change,visibility\n"
FEEDBACK = (
    "FB-0001,2026-11-30,customers,workshop,4,booking,Booking by e-mail takes all morning.,yes,Ann Berg,,,received,,,\n"
    "FB-0002,2026-11-30,customers,workshop,5,booking,The calendar view is what we need.,yes,Bo Dahl,,,received,,,\n"
)


class Week:
    """The project manager's repository, and the remote it publishes to."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project = root / "pilot"
        self.remote = root / "remote.git"

    def run(self, *args: str, day: int, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([GLASSHOUSE, *args], cwd=self.project, capture_output=True, text=True, env=env(day), timeout=300)
        assert (result.returncode == 0) == ok, result.stdout + result.stderr
        return result

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.project / "data" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str) -> None:
        git(self.project, "commit", "-q", "-am", message)
        git(self.project, "push", "-q", "origin", "main")

    def published(self, path: str) -> str:
        """A published page's text as its reader reads it."""
        return html.unescape(git(self.remote, "show", f"gh-pages:{path}"))


@pytest.mark.slow
@unmeasured()
def test_a_project_managers_first_week(tmp_path: Path) -> None:
    week = Week(tmp_path)
    made = subprocess.run(
        [GLASSHOUSE, "new", "pilot", "--name", "Harbour Pilot", "--site-url", SITE_URL, "--language", "en"],
        cwd=tmp_path, capture_output=True, text=True, env=env(MONDAY), timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "remote.git")
    git(week.project, "remote", "add", "origin", "../remote.git")
    git(week.project, "push", "-q", "origin", "main")

    # Monday. What is left to write is listed, place by place; publishing refuses until it is done.
    listed = week.run("validate", day=MONDAY)
    left = re.findall(r"(?m)^(data/\S+:\d+): warning: (.*): still holds the starting text", listed.stderr)
    assert len(left) == len(OWN_WORDS) + 1  # the owner's name appears twice in milestones.yaml
    assert ("data/project.yaml:11", "field 'headline'") in left
    refused = week.run("publish", day=MONDAY, ok=False)
    assert refused.stderr.startswith("Error: the data still holds starting text from `glasshouse new` in 17 places;")
    assert git(week.remote, "branch", "--list", "gh-pages") == ""
    for name in ("project.yaml", "milestones.yaml", "risks.yaml", "sprints.yaml"):
        path = week.project / "data" / name
        text = path.read_text(encoding="utf-8")
        for old, new in OWN_WORDS.items():
            text = text.replace(old, json.dumps(new) if old.startswith('"') else new)
        path.write_text(text, encoding="utf-8")
    assert week.run("validate", day=MONDAY).stderr == ""

    # The first feedback, typed in a spreadsheet's CSV with two slips: a quote left open, and a
    # comma forgotten. Each is named where it is, with what to type.
    feedback = week.project / "data" / "feedback.csv"
    feedback.write_text(HEADER + FEEDBACK.replace("4,booking,Booking", '4,booking,"Booking'), encoding="utf-8")
    opened = week.run("validate", day=MONDAY, ok=False)
    assert opened.stderr.splitlines()[0] == (
        "data/feedback.csv:2:49: feedback FB-0001, field 'quote': a double quote opens this value and is never closed on its line, "
        "so the value runs on to the end of the file (line 3), swallowing the row on line 3 (feedback FB-0002)"
    )
    assert '"Booking by e-mail takes all morning."' in opened.stderr.splitlines()[1]
    feedback.write_text(HEADER + FEEDBACK.replace("workshop,5,", "5,"), encoding="utf-8")
    short = week.run("validate", day=MONDAY, ok=False)
    assert "feedback FB-0002: the row has 14 values but the header has 15 columns" in short.stderr
    assert "the value missing is most likely the one for 'channel'" in short.stderr
    feedback.write_text(HEADER + FEEDBACK, encoding="utf-8")
    assert "is valid: 1 segment, 1 contact, 2 milestones, 1 risk, 2 pieces of feedback, 1 sprint" in week.run("validate", day=MONDAY).stdout
    week.commit("Our project, in our words")

    first = week.run("publish", day=MONDAY)
    assert first.stdout == "sprint-01 (Sprint 1: First screens (30 Nov – 11 Dec 2026)) published and `latest` points at it; pushed.\n"
    assert "The pilot is on track for January" in week.published("sprint-01/index.html")

    # A week later: the weekly update, with the pilot two weeks later than first promised.
    week.edit("project.yaml", "as_of: 2026-11-30", "as_of: 2026-12-07")
    week.edit("project.yaml", "status: green", "status: amber")
    week.edit("milestones.yaml", "forecast: 2027-01-15", "forecast: 2027-01-29")
    unexplained = week.run("validate", day=WEEK_LATER).stderr
    assert unexplained.splitlines()[0] == (
        "data/milestones.yaml:10: warning: milestone M-01, field 'slip_reason': missing: the forecast 2027-01-29 is 14 days "
        "after the baseline 2027-01-15, and customers are not told why"
    )
    reason = "The port's test berth is booked until mid-January."
    week.edit("milestones.yaml", "forecast: 2027-01-29", f"forecast: 2027-01-29\n  slip_reason: {reason}")
    assert week.run("validate", day=WEEK_LATER).stderr == ""
    week.edit("feedback.csv", "yes,Ann Berg,,,received", "yes,Ann Berg,,Bookings are confirmed on screen in the pilot.,planned")
    week.commit("Status of 7 December")
    second = week.run("publish", day=WEEK_LATER)
    assert second.stdout.endswith("published and `latest` points at it; pushed.\n")
    page = week.published("sprint-01/index.html")
    assert "+14 days" in page and reason in page

    # The sprint ends: closed with its points, the next one active, the status date moved, in one
    # commit. A dry run says what publishing will do, and does none of it.
    week.edit("sprints.yaml", "  committed: 20\n  state: active", "  committed: 20\n  completed: 17\n  state: closed")
    with (week.project / "data" / "sprints.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- id: 2\n  name: Booking rules\n  start: 2026-12-14\n  end: 2026-12-25\n"
                 "  goal: Check a booking against the berth's length and draught.\n  committed: 18\n  state: active\n")  # fmt: skip
    week.edit("project.yaml", "as_of: 2026-12-07", "as_of: 2026-12-14")
    week.commit("Sprint 1 closed with 17 points; sprint 2 starts")
    closing = git(week.project, "rev-parse", "HEAD").strip()[:12]
    tip = git(week.remote, "rev-parse", "gh-pages")
    dry = week.run("publish", "--dry-run", day=SPRINT_TWO)
    assert dry.stdout == (
        f"Build sprint-01 (Sprint 1: First screens (30 Nov – 11 Dec 2026)) closed, with its sprint's final figures, "
        f"from data commit {closing}, which closed sprint 1.\n"
        f"Build sprint-02 (Sprint 2: Booking rules (14 Dec – 25 Dec 2026)) from data commit {closing}; `latest` will point at it.\n"
        "Dry run: nothing was built or pushed.\n"
    )
    assert git(week.remote, "rev-parse", "gh-pages") == tip
    third = week.run("publish", day=SPRINT_TWO)
    assert third.stdout.startswith("This publish closes snapshots on the way; it will:\n  Build sprint-01 (")
    listing = week.run("snapshots", day=SPRINT_TWO).stdout
    assert re.search(r"(?m)^sprint-02 +open ", listing) and re.search(r"(?m)^sprint-01 +closed ", listing)
    assert "17 of 20 points" in week.published("sprint-01/index.html")
    changed = week.published("sprint-02/what-changed/index.html")
    assert "Sprint 1 closed: 17 of 20 points" in changed
    assert "Sprint 2 started: Booking rules. Goal: Check a booking against the berth's length and draught." in changed
