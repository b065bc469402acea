"""Two deploys to the same remote at the same time: both land, nothing is lost, nothing is forced."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.publishing import GLASSHOUSE, Published, commit, env, git, glasshouse, new_project, publish_sprint
from tests.support.sprint_cases import set_sprint, slip_the_pilot

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
    """Sprint 1 published; clones `a` and `b` both start sprint 2, and `b` brings news as well.

    Not sprint 2 in one clone and sprint 3 in the other: the data that starts sprint 3 closes
    sprint 2, so once it lands first, sprint 2's snapshot is closed with its final figures and an
    older deploy of sprint 2 is refused rather than landing on top (tests/integration/test_snapshot_truth.py)."""
    p = publish_sprint(new_project(root), 1)
    clones = []
    for name in ("a", "b"):
        clone = root / name
        git(root, "clone", "-q", str(p.remote), str(clone))
        set_sprint(clone / "data", 2)
        if name == "b":
            slip_the_pilot(clone / "data")
        commit(clone, f"Sprint 2 in {name}")
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


@unmeasured()
def test_a_deploy_that_loses_the_race_retries_on_top_of_the_winner(tmp_path: Path) -> None:
    p, a, b = _two_clones(tmp_path)
    (a / ".git" / "hooks" / "pre-push").write_text(HOOK)
    (a / ".git" / "hooks" / "pre-push").chmod(0o755)
    extra = {"RACE_MARK": str(tmp_path / "raced"), "RACE_OTHER": str(b), "RACE_GLASSHOUSE": GLASSHOUSE, "RACE_LOG": str(tmp_path / "b.log")}
    result = glasshouse(a, "publish", extra=extra)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "sprint-02 (Sprint 2: Pilot build (16 Mar – 27 Mar 2026)) published and `latest` points at it; "
        "pushed after 2 attempts (another deploy got there first)."
    )
    assert result.stdout.startswith("This publish closes snapshots on the way; it will:\n  Build sprint-01 (")
    assert (
        "sprint-02 (Sprint 2: Pilot build (16 Mar – 27 Mar 2026)) published and `latest` points at it; pushed."
        in (tmp_path / "b.log").read_text()
    )
    # b landed first, closing sprint 1; a's sprint 2 landed on top of it.
    assert _landed(p) == {"sprint-02": {"aliases": ["latest"], "closed": False}, "sprint-01": {"aliases": [], "closed": True}}
    assert json.loads(p.show("sprint-02/status.json"))["project"]["status"] == "green"  # a's data, not b's news
    page = p.show("sprint-02/what-changed/index.html")
    assert "Since the previous snapshot, <strong>Foundations</strong>" in page


def test_two_deploys_at_once_both_land(tmp_path: Path) -> None:
    p, a, b = _two_clones(tmp_path)
    procs = [subprocess.Popen([GLASSHOUSE, "publish"], cwd=c, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in (a, b)]  # fmt: skip
    results = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], results
    landed = _landed(p)
    assert set(landed) == {"sprint-01", "sprint-02"}
    assert landed["sprint-02"]["aliases"] == ["latest"] and landed["sprint-01"]["closed"] is True
