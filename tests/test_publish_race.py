"""Two deploys to the same remote at the same time: both land, nothing is lost, nothing is forced."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import pytest

from .publishing import GLASSHOUSE, Published, commit, env, git, glasshouse, new_project, publish_sprint
from .sprint_cases import set_sprint, slip_the_pilot

pytestmark = pytest.mark.slow

HOOK = """#!/bin/sh
# Another deploy lands between this one's fetch and its push, exactly once.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
if [ ! -e "$RACE_MARK" ]; then
  touch "$RACE_MARK"
  cd "$RACE_OTHER" && "$RACE_GLASSHOUSE" publish > "$RACE_LOG" 2>&1
fi
"""


def _two_clones(root: Path) -> tuple[Published, Path, Path]:
    """Sprint 1 published; clone `a` has sprint 2 as current, clone `b` sprint 3."""
    p = publish_sprint(new_project(root), 1)
    clones = []
    for name, sprint in (("a", 2), ("b", 3)):
        clone = root / name
        git(root, "clone", "-q", str(p.remote), str(clone))
        set_sprint(clone / "data", sprint)
        if sprint == 3:
            slip_the_pilot(clone / "data")
        commit(clone, f"Sprint {sprint}")
        clones.append(clone)
    return p, clones[0], clones[1]


def _landed(p: Published) -> dict[str, dict[str, object]]:
    versions = json.loads(p.show("versions.json"))
    for v in versions:
        doc = json.loads(p.show(f"{v['version']}/status.json"))
        assert doc["snapshot"]["version"] == v["version"]
    log = git(p.remote, "reflog", "show", "--format=%H", "gh-pages").split()
    for newer, older in itertools.pairwise(log):
        git(p.remote, "merge-base", "--is-ancestor", older, newer)  # every update a fast-forward
    return {v["version"]: {"aliases": v["aliases"], "closed": v["properties"]["closed"]} for v in versions}


def test_a_deploy_that_loses_the_race_retries_on_top_of_the_winner(tmp_path: Path) -> None:
    p, a, b = _two_clones(tmp_path)
    (a / ".git" / "hooks" / "pre-push").write_text(HOOK)
    (a / ".git" / "hooks" / "pre-push").chmod(0o755)
    extra = {"RACE_MARK": str(tmp_path / "raced"), "RACE_OTHER": str(b), "RACE_GLASSHOUSE": GLASSHOUSE, "RACE_LOG": str(tmp_path / "b.log")}
    result = glasshouse(a, "publish", extra=extra)
    assert result.returncode == 0, result.stderr
    assert "published; pushed after 2 attempts (another deploy got there first)." in result.stdout
    assert (
        "sprint-03 (Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)) published and `latest` points at it; pushed."
        in (tmp_path / "b.log").read_text()
    )
    # b landed first with sprint 3; a's sprint 2 landed on top of it, and `latest` stayed with the newest sprint.
    assert _landed(p) == {
        "sprint-03": {"aliases": ["latest"], "closed": False},
        "sprint-02": {"aliases": [], "closed": False},
        "sprint-01": {"aliases": [], "closed": True},
    }
    page = p.show("sprint-03/what-changed/index.html")
    assert "Since the previous snapshot, <strong>Foundations</strong>" in page  # b published before sprint 2 existed


def test_two_deploys_at_once_both_land(tmp_path: Path) -> None:
    p, a, b = _two_clones(tmp_path)
    procs = [subprocess.Popen([GLASSHOUSE, "publish"], cwd=c, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in (a, b)]  # fmt: skip
    results = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], results
    landed = _landed(p)
    assert set(landed) == {"sprint-01", "sprint-02", "sprint-03"}
    assert landed["sprint-03"]["aliases"] == ["latest"] and landed["sprint-01"]["closed"] is True
