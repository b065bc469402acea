"""The thin layer over `git` everything else reads and writes the repository through."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from generator.errors import GitError


def git(repo: Path, *args: str, check: bool = True, input: bytes | None = None) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=repo, capture_output=True, input=input, timeout=300, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; install it (apt-get install git) and try again") from None
    if check and out.returncode != 0:
        said = out.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"`git {' '.join(args)}` failed in {repo}: {said}")
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else ""


def rev(repo: Path, ref: str) -> str | None:
    """The commit `ref` points at, or None when there is no such ref."""
    out = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).strip()
    return out or None


def read_file(repo: Path, ref: str, path: str) -> bytes | None:
    out = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=repo, capture_output=True, check=False)
    return out.stdout if out.returncode == 0 else None


def data_at(repo: Path, commit: str, data_path: str, into: Path) -> Path:
    """Write the data directory as it was at `commit` into `into` and return it.

    `data_path` is relative to the top of the repository (see `repo_path`).
    """
    if rev(repo, commit) is None:
        raise GitError(f"'{commit}' is neither a published snapshot nor a git commit here; try `glasshouse snapshots` or `git log`")
    listing = git(repo, "ls-tree", "--full-tree", "-r", "-z", "--name-only", commit, "--", data_path)
    paths = [p for p in listing.split("\0") if p]
    if not paths:
        raise GitError(f"commit {commit} has no {data_path}/ directory")
    for path in paths:
        data = read_file(repo, commit, path)
        target = into / Path(path).relative_to(data_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data or b"")
    return into


def repo_path(path: Path) -> str:
    """`path` relative to the top of its git repository, as git names it in trees."""
    top = Path(git(path, "rev-parse", "--show-toplevel").strip())
    return path.resolve().relative_to(top.resolve()).as_posix()


def temporary_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="glasshouse-")


def is_ancestor(repo: Path, a: str, b: str) -> bool:
    return subprocess.run(["git", "merge-base", "--is-ancestor", a, b], cwd=repo, capture_output=True, check=False).returncode == 0
