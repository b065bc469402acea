"""Real git for publishing tests: a project repository, a bare remote, and the real CLI in a subprocess."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.projects import FIXTURES, copy_project
from tests.support.sprint_cases import set_sprint, slip_the_pilot

GLASSHOUSE = str(Path(sys.executable).parent / "glasshouse")
IDENTITY = {
    "GIT_AUTHOR_NAME": "Team",
    "GIT_AUTHOR_EMAIL": "team@example.org",
    "GIT_COMMITTER_NAME": "Status bot",
    "GIT_COMMITTER_EMAIL": "bot@example.org",
}
# When each sprint is published: on or after the fixture's status date, 31 Mar 2026 (an earlier
# build date would put the status date in the future, which is an error).
EPOCHS = {1: 1774947600, 2: 1774969200, 3: 1775044800}  # 31 Mar 2026 09:00 and 15:00, 1 Apr 2026 12:00 UTC
# Where the test projects are published: `glasshouse publish` refuses the example's address.
SITE_URL = "https://status.example.net/"


def env(epoch: int | None = None, identity: bool = True) -> dict[str, str]:
    """Git's environment for a test; without `identity`, git knows no one (nor any global config)."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "EMAIL"}
    out.update(GIT_CONFIG_NOSYSTEM="1", HOME=os.environ.get("HOME", "/tmp"))
    out.update(IDENTITY if identity else {"GIT_CONFIG_GLOBAL": os.devnull})
    if epoch is not None:
        out["SOURCE_DATE_EPOCH"] = str(epoch)
    return out


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env()).stdout


def glasshouse(
    cwd: Path, *args: str, epoch: int | None = None, extra: dict[str, str] | None = None, identity: bool = True
) -> subprocess.CompletedProcess[str]:
    environ = {**env(epoch, identity), **(extra or {})}
    return subprocess.run([GLASSHOUSE, *args], cwd=cwd, capture_output=True, text=True, env=environ, timeout=300)


def built(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Published:
    project: Path
    remote: Path
    commits: dict[int, str]  # the data commit each sprint was last published from
    closing: dict[int, str] = field(default_factory=dict)  # the commit that closed each closed sprint

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

    def log(self, since: str) -> list[str]:
        """The subjects of the published branch's commits after `since`, newest first."""
        return git(self.remote, "log", "--format=%s", f"{since}..gh-pages").splitlines()

    def versions(self) -> dict[str, dict[str, Any]]:
        """versions.json on the published branch, by version."""
        return {v["version"]: v for v in json.loads(self.show("versions.json"))}

    def copy(self, root: Path) -> Published:
        """A private copy of the project and its remote, for a test that changes them."""
        shutil.copytree(self.project.parent, root, symlinks=True)
        return Published(root / self.project.name, root / self.remote.name, dict(self.commits), dict(self.closing))


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
    """Move the data to `sprint` in one commit, which closes the sprint before it, and publish it.
    The third sprint brings news, in a commit after that one: the news is the third sprint's, not
    part of the second sprint's final figures."""
    set_sprint(p.project / "data", sprint)
    sha = commit(p.project, f"Sprint {sprint}")
    closing = {sprint - 1: sha} if sprint > 1 else {}
    if sprint == 3:
        slip_the_pilot(p.project / "data")
        sha = commit(p.project, "Sprint 3 news")
    result = glasshouse(p.project, "publish", epoch=EPOCHS[sprint])
    assert result.returncode == 0, result.stdout + result.stderr
    return Published(p.project, p.remote, {**p.commits, sprint: sha}, {**p.closing, **closing})


def skipping_sprint_two(root: Path) -> Published:
    """Sprint 1 published; sprint 2 committed on main but never published during the sprint; then sprint 3
    published, whose commit closed sprint 2 and so built its final snapshot first."""
    p = publish_sprint(new_project(root), 1)
    set_sprint(p.project / "data", 2)
    p = Published(p.project, p.remote, {**p.commits, 2: commit(p.project, "Sprint 2")})
    return publish_sprint(p, 3)


def three_sprints(root: Path) -> Published:
    p = new_project(root)
    for sprint in (1, 2, 3):
        p = publish_sprint(p, sprint)
    return p


def checkout(remote: Path, site: Path) -> Path:
    """The gh-pages branch of `remote` as files, as GitHub Pages serves it."""
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=remote, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(site, filter="data")
    return site


def published_with(builder: str, command: Path, root: Path) -> Path:
    """The minimal fixture published at its third sprint (which closes the second on the way) by a
    project whose mkdocs.yml names `builder`, installed at `command`; the gh-pages branch as files."""
    p = new_project(root)
    config = p.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      data_dir: data\n" in text
    config.write_text(text.replace("      data_dir: data\n", f"      data_dir: data\n      builder: {builder}\n"), encoding="utf-8")
    commit(p.project, "Sprint 3, built by " + builder)
    extra = {"PATH": f"{command.parent}{os.pathsep}{os.environ['PATH']}"}
    result = glasshouse(p.project, "publish", epoch=EPOCHS[3], extra=extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return checkout(p.remote, root / "pages")
