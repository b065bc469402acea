"""The thin layer over `git` everything else reads and writes the repository through."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
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


def file_versions(repo: Path, ref: str) -> dict[str, set[str]]:
    """Every file version reachable from `ref`: {blob id: the paths it was committed at}."""
    out = subprocess.run(
        ["git", "log", "--raw", "-z", "--no-abbrev", "--no-renames", "--root", "-m", "--format=", ref],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    found: dict[str, set[str]] = {}
    fields = iter(out.split("\0"))
    for meta in fields:
        parts = meta.strip().split()
        if not meta.strip().startswith(":") or len(parts) != 5:
            continue
        path = next(fields, "")
        if parts[3].strip("0"):  # a deletion's new blob is all zeros
            found.setdefault(parts[3], set()).add(path)
    return found


def read_blobs(repo: Path, ids: list[str]) -> Iterator[tuple[str, bytes]]:
    """The content of each blob, read through one `git cat-file --batch`."""
    proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for blob in ids:
            proc.stdin.write(blob.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) != 3:
                continue  # "<id> missing"
            data = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)
            yield blob, data
    finally:
        proc.stdin.close()
        proc.wait()


def messages(repo: Path, ref: str) -> list[bytes]:
    """The message of every commit reachable from `ref`."""
    out = subprocess.run(["git", "log", "--format=%B%x00", ref], cwd=repo, capture_output=True, check=True).stdout
    return [m.strip() for m in out.split(b"\0") if m.strip()]
