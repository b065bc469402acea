"""Every git command goes through generator/repo/git.py: git missing, failing or hanging is a
message that names the next action, never an internal error. Real git, but for the one hang."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.errors import GitError
from generator.repo.git import git, read_blobs
from tests.support.publishing import commit, glasshouse, new_project

pytestmark = pytest.mark.slow

INSTALL = (
    "Error: git is not installed, or not on PATH; Glasshouse reads the data's commits and the published snapshots with it\n"
    "    hint: install git (apt-get install git, brew install git, or https://git-scm.com/downloads) and try again\n"
)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    p = new_project(tmp_path)
    commit(p.project, "Start")
    return p.project


@pytest.mark.parametrize("command", [["build"], ["publish", "--no-push"], ["snapshots"]])
def test_without_git_on_path_each_command_says_to_install_it(repository: Path, tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = glasshouse(repository, *command, extra={"PATH": str(empty)})
    assert (result.returncode, result.stderr) == (1, INSTALL), result.stdout + result.stderr
    assert not (repository / "site").exists()


def test_a_git_failure_names_the_command_the_repository_and_what_to_do(repository: Path) -> None:
    (repository / ".." / "remote.git").resolve().rename(repository.parent / "gone.git")
    result = glasshouse(repository, "publish")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: `git ls-remote --heads origin gh-pages` failed in {repository}:"
    assert "'../remote.git' does not appear to be a git repository" in lines[1]
    assert lines[-1] == (
        f"    hint: run `git -C {repository} ls-remote --heads origin gh-pages` to see the whole of what git says, "
        "fix what it names, and try again"
    )
    assert "Internal error" not in result.stderr


@pytest.fixture
def hanging_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `git` that never answers, first on PATH."""
    bin_dir = tmp_path / "hang"
    bin_dir.mkdir()
    script = bin_dir / "git"
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.usefixtures("hanging_git")
def test_a_git_that_hangs_is_stopped_at_its_time_limit(tmp_path: Path) -> None:
    with pytest.raises(GitError) as info:
        git(tmp_path, "fetch", "origin", timeout=1)
    assert str(info.value) == (
        f"`git fetch origin` in {tmp_path} was still running after 1 seconds and was stopped\n"
        "    hint: check that the remote answers and asks for no password (`git fetch` there by hand), then try again"
    )
    with pytest.raises(GitError, match="was still running after 1 seconds"):
        list(read_blobs(tmp_path, ["0" * 40], timeout=1))
