"""Which commit closed a sprint: the data a closed sprint's final snapshot is built from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.data.format import data_format
from generator.errors import GitError, GitMissing
from generator.repo.git import git, read_file, repo_path


def closing_commit(data_dir: Path, sprint_id: int) -> str | None:
    """The commit whose data closed sprint `sprint_id`: along the first parents from HEAD, the
    oldest of the latest commits to mark it `state: closed` in the sprints file, one after the
    other. None when HEAD does not mark it closed (the data as it is in the work tree closes it),
    or when the data is not in git."""
    try:
        path = f"{repo_path(data_dir)}/{data_format().resource('sprints').path}".removeprefix("./")
        commits = git(data_dir, "log", "--first-parent", "--format=%H", "HEAD", "--", f":(top){path}").split()
    except GitMissing:
        raise
    except GitError:  # not a repository, or nothing published yet
        return None
    found = None
    for commit in commits:
        if not _closed(read_file(data_dir, commit, path), sprint_id):
            break
        found = commit
    return found


def _closed(text: bytes | None, sprint_id: int) -> bool:
    try:
        records: Any = yaml.load(text or b"", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    return isinstance(records, list) and any(
        isinstance(r, dict) and r.get("id") == sprint_id and r.get("state") == "closed" for r in records
    )
