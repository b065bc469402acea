"""The site swapped in one step, leftovers of killed builds cleared, running builds left alone.

Real directories, real renameat2 and real locks held by another process; a build killed at
random moments is in tests/integration/test_killed_builds.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site import swap


def _tree(root: Path, marker: str) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text(marker)
    (root / "sub" / "page.html").write_text(marker)
    return root


def _content(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def _names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture
def holder() -> Iterator[subprocess.Popen[str]]:
    """Another process that locks a directory (the path is written to its input) the way a running build does."""
    code = (
        "import fcntl, os, sys\n"
        "fd = os.open(sys.stdin.readline().strip(), os.O_RDONLY | os.O_DIRECTORY)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    yield proc
    proc.kill()
    proc.wait()


def _lock_in(proc: subprocess.Popen[str], path: Path) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{path}\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == "locked\n"


def test_exchange_swaps_two_directories_in_one_step(tmp_path: Path) -> None:
    a, b = _tree(tmp_path / "a", "A"), _tree(tmp_path / "b", "B")
    assert swap.exchange(a, b)  # Linux with glibc 2.28 or later, on a file system that supports it
    assert _content(a) == {"index.html": "B", "sub/page.html": "B"}
    assert _content(b) == {"index.html": "A", "sub/page.html": "A"}


def test_the_new_site_replaces_the_old_and_nothing_is_left(tmp_path: Path) -> None:
    target = _tree(tmp_path / "site", "old")
    for marker in ("new", "newer"):
        work = swap.workspace(target)
        _tree(work.path, marker)
        swap.put_in_place(work, target)
        assert _content(target) == {"index.html": marker, "sub/page.html": marker}
        assert _names(tmp_path) == ["site"]


def test_a_first_build_is_renamed_into_place(tmp_path: Path) -> None:
    work = swap.workspace(tmp_path / "out" / "site")
    _tree(work.path, "new")
    swap.put_in_place(work, tmp_path / "out" / "site")
    assert _names(tmp_path / "out") == ["site"]


def test_where_the_system_cannot_exchange_two_renames_do(tmp_path: Path) -> None:
    target = _tree(tmp_path / "site", "old")
    work = swap.workspace(target)
    _tree(work.path, "new")
    swap.put_in_place(work, target, can_exchange=lambda a, b: False)
    assert _content(target)["index.html"] == "new"
    assert _names(tmp_path) == ["site"]


def test_leftovers_of_killed_builds_are_removed(tmp_path: Path) -> None:
    target = _tree(tmp_path / "site", "served")
    _tree(tmp_path / ".site.building-abc123", "half-built")
    _tree(tmp_path / ".site.old-1234", "old")
    _tree(tmp_path / ".site-internal.building-xyz", "another site's")
    swap.workspace(target).discard()
    assert _names(tmp_path) == [".site-internal.building-xyz", "site"]
    assert _content(target)["index.html"] == "served"


def test_a_running_build_keeps_its_directory(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    target = _tree(tmp_path / "site", "served")
    running = _tree(tmp_path / ".site.building-running", "being built")
    _lock_in(holder, running)
    _tree(tmp_path / ".site.building-dead", "killed")
    work = swap.workspace(target)
    assert _names(tmp_path) == sorted([".site.building-running", work.path.name, "site"])
    assert _content(running)["index.html"] == "being built"
    work.discard()


def test_a_workspace_is_locked_while_it_is_built(tmp_path: Path) -> None:
    work = swap.workspace(tmp_path / "site")
    code = "import fcntl, os, sys; fcntl.flock(os.open(sys.argv[1], os.O_RDONLY), fcntl.LOCK_EX | fcntl.LOCK_NB)"
    held = subprocess.run([sys.executable, "-c", code, str(work.path)], capture_output=True, text=True)
    assert held.returncode == 1 and "BlockingIOError" in held.stderr
    work.discard()
    assert _names(tmp_path) == []


def test_an_old_site_left_aside_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    _tree(tmp_path / ".site.old-1111", "older")
    newest = _tree(tmp_path / ".site.old-2222", "old")
    os.utime(newest, (2_000_000_000, 2_000_000_000))  # the last swap killed is the newest
    swap.workspace(tmp_path / "site").discard()
    assert _names(tmp_path) == ["site"]
    assert _content(tmp_path / "site")["index.html"] == "old"


def test_a_site_that_was_a_link_becomes_the_new_site_and_its_target_stays(tmp_path: Path) -> None:
    elsewhere = _tree(tmp_path / "elsewhere", "kept")
    target = tmp_path / "project" / "site"
    target.parent.mkdir()
    target.symlink_to(elsewhere)
    work = swap.workspace(target)
    _tree(work.path, "new")
    swap.put_in_place(work, target)
    assert not target.is_symlink() and _content(target)["index.html"] == "new"
    assert _names(target.parent) == ["site"]
    assert _content(elsewhere)["index.html"] == "kept"
