"""A hash of the data directory, which every build is stamped with (see repo/stamp.py)."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def data_hash(data_dir: Path) -> str:
    """SHA-256 over every file in the data directory (path and content), in a stable order.

    The same data gives the same hash on any machine, so the team can tell from a published page
    whether it was built from the data they are looking at, even without a git commit. A link
    counts by where it points, as git stores it, and is never followed: nothing outside the
    project is read, and a named pipe or a device in data/ is left alone rather than read for ever.
    """
    h = hashlib.sha256()
    for path in _entries(data_dir):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            content = b"link:" + os.fsencode(os.readlink(path))
        elif stat.S_ISREG(mode):
            content = _file_digest(path)
        else:
            continue
        h.update(path.relative_to(data_dir).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        h.update(hashlib.sha256(content).digest() if stat.S_ISLNK(mode) else content)
    return "sha256:" + h.hexdigest()


def _entries(data_dir: Path) -> list[Path]:
    found: list[Path] = []
    for top, dirs, files in os.walk(data_dir):  # links to directories are not followed
        found += (Path(top) / name for name in files)
        found += (Path(top) / name for name in dirs if os.path.islink(Path(top) / name))
    return sorted(found)


def _file_digest(path: Path) -> bytes:
    """The SHA-256 of a regular file, read in pieces (a feedback log can hold hundreds of MB);
    one that cannot be read counts as such, and validation says why."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return b"unreadable"
    with open(fd, "rb", buffering=0) as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since it was listed
            return b"unreadable"
        return hashlib.file_digest(fh, "sha256").digest()
