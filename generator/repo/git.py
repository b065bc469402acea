"""The one door to `git`: every git command Glasshouse runs goes through `run` here.

Each command has a time limit, and what goes wrong becomes a GitError whose message names the
command, the repository and what to do next: git missing, git failing, git hanging (a remote that
never answers, a credential prompt nobody sees). mike and git-filter-repo, used as libraries, run
git themselves; everything else reaches it through this module, and `lint-imports` holds the rest
of the package to that (pyproject.toml).
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GitError, GitMissing

# Seconds any one git command may take: a fetch or a push over a slow network, a log of a long
# history. A command still running then is stopped rather than left hanging a CI job for hours.
TIMEOUT = 300
INSTALL = (
    "git is not installed, or not on PATH; Glasshouse reads the data's commits and the published snapshots with it\n"
    "    hint: install git (apt-get install git, brew install git, or https://git-scm.com/downloads) and try again"
)


@dataclass(frozen=True)
class Result:
    """What a git command did: its exit status, its output, and what it said on stderr."""

    code: int
    out: bytes
    said: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace")


def run(repo: Path, *args: str, input: bytes | None = None, timeout: float = TIMEOUT) -> Result:
    """Run `git ARGS` in `repo`. A non-zero exit status is the caller's to judge; git missing, a
    missing directory or a command over its time limit is a GitError."""
    try:
        out = subprocess.run(["git", *args], cwd=repo, capture_output=True, input=input, timeout=timeout, check=False)
    except FileNotFoundError:
        if not Path(repo).is_dir():
            raise GitError(f"{repo} is not a directory; run this in the project's repository") from None
        raise GitMissing(INSTALL) from None
    except subprocess.TimeoutExpired:
        raise _too_long(repo, args, timeout) from None
    return Result(out.returncode, out.stdout, out.stderr.decode("utf-8", "replace").strip())


def git(repo: Path, *args: str, check: bool = True, input: bytes | None = None, timeout: float = TIMEOUT) -> str:
    """The output of `git ARGS` in `repo`; with `check`, a failure is a GitError saying what git said."""
    result = run(repo, *args, input=input, timeout=timeout)
    if check and result.code != 0:
        raise _failed(repo, args, result.said)
    return result.text if result.code == 0 else ""


def _failed(repo: Path, args: tuple[str, ...] | list[str], said: str) -> GitError:
    words = "\n    ".join(said.splitlines()) or "(git said nothing)"
    return GitError(
        f"`git {' '.join(args)}` failed in {repo}:\n    {words}\n"
        f"    hint: run `git -C {repo} {' '.join(args)}` to see the whole of what git says, fix what it names, and try again"
    )


def _too_long(repo: Path, args: tuple[str, ...] | list[str], timeout: float) -> GitError:
    return GitError(
        f"`git {' '.join(args)}` in {repo} was still running after {timeout:g} seconds and was stopped\n"
        "    hint: check that the remote answers and asks for no password (`git fetch` there by hand), then try again"
    )


def rev(repo: Path, ref: str) -> str | None:
    """The commit `ref` points at, or None when there is no such ref."""
    out = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).strip()
    return out or None


def read_file(repo: Path, ref: str, path: str) -> bytes | None:
    result = run(repo, "show", f"{ref}:{path}")
    return result.out if result.code == 0 else None


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


def head(path: Path) -> str | None:
    """The commit checked out in the work tree `path` is in; None when it is in none (no git needed
    to build a site from a plain directory), a GitError when git itself is missing."""
    if not path.is_dir():
        return None  # validation says so, in its own words
    result = run(path, "rev-parse", "HEAD", timeout=30)
    return result.text.strip() or None if result.code == 0 else None


def temporary_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="glasshouse-")


def is_ancestor(repo: Path, a: str, b: str) -> bool:
    return run(repo, "merge-base", "--is-ancestor", a, b).code == 0


def file_versions(repo: Path, ref: str) -> dict[str, set[str]]:
    """Every file version reachable from `ref`: {blob id: the paths it was committed at}."""
    out = git(repo, "log", "--raw", "-z", "--no-abbrev", "--no-renames", "--root", "-m", "--format=", ref)
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


def read_blobs(repo: Path, ids: list[str], timeout: float = TIMEOUT) -> Iterator[tuple[str, bytes]]:
    """The content of each blob, read through one `git cat-file --batch`, stopped after `timeout`
    seconds in all."""
    args = ["cat-file", "--batch"]
    try:
        proc = subprocess.Popen(["git", *args], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitMissing(INSTALL) from None
    assert proc.stdin is not None and proc.stdout is not None
    clock = threading.Timer(timeout, proc.kill)
    clock.start()
    try:
        for blob in ids:
            try:
                proc.stdin.write(blob.encode() + b"\n")
                proc.stdin.flush()
            except BrokenPipeError:
                pass  # git has stopped: the header below is empty, and says why
            header = proc.stdout.readline().split()
            if not header:
                proc.wait()
                raise _failed(repo, args, "it stopped before reading every file") if clock.is_alive() else _too_long(repo, args, timeout)
            if len(header) != 3:
                continue  # "<id> missing"
            data = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)
            yield blob, data
    finally:
        clock.cancel()
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
        proc.wait()


def messages(repo: Path, ref: str) -> list[bytes]:
    """The message of every commit reachable from `ref`."""
    out = run(repo, "log", "--format=%B%x00", ref)
    if out.code != 0:
        raise _failed(repo, ("log", "--format=%B%x00", ref), out.said)
    return [m.strip() for m in out.out.split(b"\0") if m.strip()]
