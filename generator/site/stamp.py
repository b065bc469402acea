"""What a build is stamped with: when it was built, from which data commit, and a hash of its data."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from pathlib import Path

from generator.history.edition import Stamp


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that rebuilding the same inputs gives the same site."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def data_commit(data_dir: Path) -> str | None:
    """The git commit the data was read at, if the data is in a git work tree."""
    try:
        out = subprocess.run(["git", "-C", str(data_dir), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def data_hash(data_dir: Path) -> str:
    """SHA-256 over every file in the data directory (path and content), in a stable order.

    The same data gives the same hash on any machine, so the team can tell from a published page
    whether it was built from the data they are looking at, even without a git commit.
    """
    h = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        h.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return "sha256:" + h.hexdigest()


def make_stamp(data_dir: Path) -> Stamp:
    return Stamp(build_time(), data_hash(data_dir), data_commit(data_dir))
