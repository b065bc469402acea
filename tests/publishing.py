"""Real git for publishing tests: a project repository, a bare remote, and the real CLI in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .conftest import FIXTURES, copy_project
from .sprint_cases import set_sprint, slip_the_pilot

GLASSHOUSE = str(Path(sys.executable).parent / "glasshouse")
IDENTITY = {
    "GIT_AUTHOR_NAME": "Team",
    "GIT_AUTHOR_EMAIL": "team@example.org",
    "GIT_COMMITTER_NAME": "Status bot",
    "GIT_COMMITTER_EMAIL": "bot@example.org",
}
EPOCHS = {1: 1773835200, 2: 1774440000, 3: 1775044800}  # 18 Mar, 25 Mar, 1 Apr 2026, 12:00 UTC
# Where the test projects are published: `glasshouse publish` refuses the example's address.
SITE_URL = "https://status.example.net/"


def env(epoch: int | None = None) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    out.update(IDENTITY, GIT_CONFIG_NOSYSTEM="1", HOME=os.environ.get("HOME", "/tmp"))
    if epoch is not None:
        out["SOURCE_DATE_EPOCH"] = str(epoch)
    return out


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env()).stdout


def glasshouse(cwd: Path, *args: str, epoch: int | None = None, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GLASSHOUSE, *args], cwd=cwd, capture_output=True, text=True, env={**env(epoch), **(extra or {})}, timeout=300)


def built(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Published:
    project: Path
    remote: Path
    commits: dict[int, str]

    def show(self, path: str, ref: str = "gh-pages") -> str:
        return git(self.remote, "show", f"{ref}:{path}")

    def tree(self, ref: str = "gh-pages") -> dict[str, tuple[str, int]]:
        """Every file on the published branch: path -> (mode, size)."""
        out = {}
        for line in git(self.remote, "ls-tree", "-r", "-l", ref).splitlines():
            meta, path = line.split("\t", 1)
            mode, _, _, size = meta.split()
            out[path] = (mode, int(size) if size.isdigit() else 0)
        return out

    def tip(self) -> str:
        return git(self.remote, "rev-parse", "gh-pages").strip()


def new_project(root: Path) -> Published:
    """The minimal fixture as a git repository on main, pushed to a bare remote that logs every update."""
    remote = root / "remote.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(remote))
    git(remote, "config", "core.logAllRefUpdates", "always")
    project = copy_project(root / "project", FIXTURES / "minimal" / "data")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", config.read_text(encoding="utf-8")), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", "../remote.git")
    return Published(project, remote, {})


def commit(project: Path, message: str) -> str:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)
    git(project, "push", "-q", "origin", "main")
    return git(project, "rev-parse", "HEAD").strip()


def publish_sprint(p: Published, sprint: int) -> Published:
    """Move the data to `sprint` (the third sprint brings news), commit, and publish it."""
    set_sprint(p.project / "data", sprint)
    if sprint == 3:
        slip_the_pilot(p.project / "data")
    sha = commit(p.project, f"Sprint {sprint}")
    result = glasshouse(p.project, "publish", epoch=EPOCHS[sprint])
    assert result.returncode == 0, result.stdout + result.stderr
    return Published(p.project, p.remote, {**p.commits, sprint: sha})


def three_sprints(root: Path) -> Published:
    p = new_project(root)
    for sprint in (1, 2, 3):
        p = publish_sprint(p, sprint)
    return p
