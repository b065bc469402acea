"""Real builds killed at many moments while a reader watches `site/`: it is always a whole site.

`glasshouse build` runs as a process and is sent SIGKILL at moments spread over a build, when
its site is complete but not yet in place, and just after the exchange while the old site is
still being removed (GLASSHOUSE_SWAP_PAUSE holds the build at those two moments for a while, so
those kills land there every time). Meanwhile a reader thread checks, over and over, that
`site/` exists and that the tree it opened is byte for byte one of the two sites the data can
give. After each kill the next build must succeed and leave nothing beside the site.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.artefacts import COVERAGE_CONFIG
from tests.support.projects import FIXTURES, copy_project

pytestmark = pytest.mark.slow

PROJECT_PARTS = ["content", "data", "mkdocs.yml", "site", "theme"]
GLASSHOUSE = str(Path(sys.executable).parent / "glasshouse")
EPOCH = "1790000000"  # SOURCE_DATE_EPOCH of every build
HEADLINES = ("On track for the pilot", "Two weeks behind on the pilot")


def _digest_at(fd: int) -> str:
    """A digest of every path and file of the directory tree open at `fd`, read through it."""
    h = hashlib.sha256()
    for top, dirs, files, dir_fd in os.fwalk(".", dir_fd=fd):
        dirs.sort()
        for name in sorted(files):
            h.update(f"{top}/{name}".encode())
            file_fd = os.open(name, os.O_RDONLY, dir_fd=dir_fd)
            with os.fdopen(file_fd, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()


def digest(root: Path) -> str:
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return _digest_at(fd)
    finally:
        os.close(fd)


@dataclass
class Reader:
    """Reads `site` as a server would, all the time; records every moment it was missing or not whole."""

    site: Path
    whole: set[str]
    stop: threading.Event = field(default_factory=threading.Event)
    problems: list[str] = field(default_factory=list)
    checks: int = 0
    trees: int = 0
    changed_at: list[float] = field(default_factory=list)

    def run(self) -> None:
        inode = os.stat(self.site).st_ino
        for turn in itertools.count():
            if self.stop.wait(0.0005):  # leave the builds most of the machine
                return
            for _ in range(10):  # a page request: the path resolves to a whole site's file
                try:
                    now = os.stat(self.site).st_ino
                    os.stat(self.site / "index.html")
                except FileNotFoundError as exc:
                    self.problems.append(f"missing: {exc.filename}")
                    continue
                self.checks += 1
                if now != inode:
                    inode = now
                    self.changed_at.append(time.monotonic())
            if turn % 300 == 0:  # a whole tree is 4 MB to read: a few times a second
                self._read_tree()

    def _read_tree(self) -> None:
        """The tree opened once and read whole; judged only if it was still the site when read."""
        try:
            fd = os.open(self.site, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            self.problems.append("site/ missing")
            return
        try:
            try:
                seen = _digest_at(fd)
            except FileNotFoundError:
                seen = "incomplete"
            if os.stat(self.site).st_ino == os.fstat(fd).st_ino:  # nothing replaced it while it was read
                self.trees += 1
                if seen not in self.whole:
                    self.problems.append(f"site/ not a whole site: {seen}")
        finally:
            os.close(fd)


def _write(root: Path, variant: int) -> None:
    path = root / "data" / "project.yaml"
    text = path.read_text(encoding="utf-8")
    for headline in HEADLINES:
        text = text.replace(f"headline: {headline}\n", f"headline: {HEADLINES[variant]}\n")
    path.write_text(text, encoding="utf-8")


def _build(root: Path, pause: float = 0, measured: bool = False) -> subprocess.Popen[bytes]:
    """A build in a process of its own; without coverage unless `measured`: a killed process never
    writes what it measured, and the others build what every other build test measures."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "GLASSHOUSE_SWAP_PAUSE": str(pause)}
    if not measured:
        env.pop(COVERAGE_CONFIG, None)
    return subprocess.Popen([GLASSHOUSE, "build", "-f", str(root / "mkdocs.yml")], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip


def _complete(root: Path, pause: float = 0, measured: bool = False) -> float:
    started = time.monotonic()
    proc = _build(root, pause, measured)
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    return started


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, list[str], Reader]]:
    root = copy_project(tmp_path / "project", FIXTURES / "minimal" / "data")
    sites = []
    for variant in (0, 1):
        _write(root, variant)
        _complete(root)
        sites.append(digest(root / "site"))
    assert sites[0] != sites[1]
    reader = Reader(root / "site", set(sites))
    thread = threading.Thread(target=reader.run, daemon=True)
    thread.start()
    yield root, sites, reader
    reader.stop.set()
    thread.join()


PAUSE = 0.6  # how long the killed builds wait before and after the exchange


def _kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], delay: float) -> None:
    """SIGKILL `proc` `delay` seconds after `ready()` first holds (or when it has ended anyway)."""
    while proc.poll() is None and not ready():
        time.sleep(0.002)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_a_killed_build_never_leaves_site_missing_or_half_built(watched: tuple[Path, list[str], Reader]) -> None:
    root, sites, reader = watched
    site = root / "site"
    # One watched build: how long a build takes, its pauses included (measured: only these builds pause).
    _write(root, 0)
    started = _complete(root, PAUSE, measured=True)
    ended = time.monotonic() - started
    assert 0 < reader.changed_at[-1] - started < ended
    # Half way into a build (any moment before its site is complete leaves the old site alone: the
    # build writes elsewhere); then "built, not yet in place" and "just exchanged", twice each.
    moments: list[tuple[str, float]] = [("after", ended / 2)]
    moments += [("built", 0.0), ("built", PAUSE / 3), ("exchanged", 0.0), ("exchanged", PAUSE / 3)]
    outcomes: Counter[str] = Counter()
    variant = 0
    for event, delay in moments:
        variant = 1 - variant
        _write(root, variant)
        before = os.stat(site).st_ino
        start = time.monotonic()

        def exchanged(before: int = before) -> bool:
            return os.stat(site).st_ino != before

        checks: dict[str, Callable[[], bool]] = {
            "after": lambda: True,
            "built": lambda: any(root.glob(".site.building-*/search/search_index.json")),
            "exchanged": exchanged,
        }
        ready = checks[event]
        proc = _build(root, PAUSE)
        _kill_when(proc, ready, delay if event != "after" else max(0.0, delay - (time.monotonic() - start)))
        assert site.is_dir(), f"site/ missing after a build killed at {event} +{delay:.2f} s"
        served = digest(site)
        assert served in sites
        how = f"{'killed' if proc.returncode == -signal.SIGKILL else 'ended'}, {'new' if served == sites[variant] else 'old'}"
        outcomes[f"{how} site"] += 1
        outcomes[f"{event}: {how}"] += 1
        # The next build cleans up after the killed one and puts its site in place.
        _complete(root)
        assert sorted(p.name for p in root.iterdir()) == PROJECT_PARTS
        assert digest(site) == sites[variant]
    assert not reader.problems, reader.problems[:5]
    # The kills landed where they were aimed (a slow machine may move one, never all of them).
    assert outcomes["killed, old site"] and outcomes["killed, new site"], outcomes
    assert outcomes["built: killed, old"] and outcomes["exchanged: killed, new"], outcomes
    assert reader.trees > len(moments) and reader.checks > 1000
    print(f"{len(moments)} builds killed: {dict(outcomes)}; site/ checked {reader.checks} times, read whole {reader.trees} times")
