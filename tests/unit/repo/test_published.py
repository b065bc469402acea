"""Reading the published snapshots from a real git branch (repo/published.py)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.pipeline import generate
from generator.repo.published import local_history
from tests.support.publishing import git


def _publish(repo: Path, versions: list[str], doc: str | bytes) -> None:
    """A commit on gh-pages holding `versions`, each with `doc` as its status.json."""
    if git(repo, "branch", "--list", "gh-pages").strip():
        git(repo, "checkout", "-q", "gh-pages")
    else:
        git(repo, "checkout", "-q", "--orphan", "gh-pages")
    for v in versions:
        (repo / v).mkdir(exist_ok=True)
        (repo / v / "status.json").write_bytes(doc if isinstance(doc, bytes) else doc.encode())
    listed = [{"version": v, "title": v.replace("-", " ").capitalize(), "aliases": [], "properties": {}} for v in versions]
    (repo / "versions.json").write_text(json.dumps(listed), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"Publish {versions[-1]}")


def test_the_snapshots_at_a_commit_are_read_once_and_again_at_the_next(minimal: Path, tmp_path: Path) -> None:
    """`glasshouse serve` builds on every save: the snapshots of an unchanged branch are not read
    and checked again, and a new publish is read whole."""
    doc = generate(minimal).file("status.json")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _publish(repo, ["sprint-01"], doc)
    first = local_history(repo, "gh-pages")
    assert [s.version for s in first] == ["sprint-01"] and first[0].doc["project"]["name"] == "Minimal Project"
    assert local_history(repo, "gh-pages") is first  # the same commit: kept, not read again
    _publish(repo, ["sprint-01", "sprint-02"], doc)
    again = local_history(repo, "gh-pages")
    assert [s.version for s in again] == ["sprint-01", "sprint-02"] and again is not first
    assert local_history(repo, "no-such-branch") == ()
