"""A new site put in place of the old one in one step, so that `site/` is always a whole site.

A reader of `site/` (a web server, a sync to a bucket) must see the old site or the new one,
never a mix and never no site. Two renames (the old tree aside, then the new one in place) leave
a moment with no `site/`, and a build killed in it leaves no site at all. So the new tree and the
old one change places in one step, `renameat2(RENAME_EXCHANGE)` (Linux 3.15 and glibc 2.28 on),
and only then is the old tree, now under the new one's temporary name, removed.

Where the exchange is missing (another system, or a file system that refuses it) the two renames
are the fallback, under the lock below: the moment between them is short, and a build killed in
it leaves the old site in `.site.old-*`, which the next build puts back before anything else.
A symbolic link flipped in one rename (`site -> .site.<hash>`) is atomic everywhere too, but it
would make `site/` a link instead of a directory for everyone, which changes what copying,
uploading or serving it does; so the exchange, with the renames where it is missing.

A build killed at any moment leaves nothing that is served: at most its own directory,
`.site.building-*`, beside the site. The next build removes such leftovers, but never the
directory of a build still running: each build holds a lock (flock) on its own directory until
it is in place, and leftovers are looked for, and directories created, under a lock on the
parent directory, so that no build takes another's new directory for a leftover.

`GLASSHOUSE_SWAP_PAUSE` (seconds) makes a build wait just before the exchange and just after it,
so that tests/integration/test_killed_builds.py can kill builds at those moments every time, not by luck.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The system cannot exchange here: no such call, or a file system that does not support it.
_UNSUPPORTED = frozenset((errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP))


def _load_renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not glibc 2.28 or later, or not Linux
        return None
    call.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    call.restype = ctypes.c_int
    return call  # type: ignore[no-any-return]


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap the paths `a` and `b` in one step; False where this system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _try_lock(path: Path) -> int | None:
    """An open descriptor of directory `path`, locked for us alone; None while another process holds it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def _parent_locked(directory: Path) -> Iterator[None]:
    """Only one build at a time looks for leftovers, creates its directory or swaps by renames in `directory`."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _leftovers(target: Path, kind: str) -> list[Path]:
    prefix = f".{target.name}.{kind}-"
    return sorted(p for p in target.parent.iterdir() if p.name.startswith(prefix))


def _remove(path: Path) -> None:
    """Remove a directory tree; a link (a `site` that linked elsewhere) is removed, not followed."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def clear_leftovers(target: Path) -> None:
    """Remove what killed builds left beside `target`; put back an old site a killed swap left aside.

    Call with the parent directory locked. A building directory whose lock is held belongs to a
    running build and stays."""
    aside = _leftovers(target, "old")
    if aside and not target.exists() and not target.is_symlink():
        newest = max(aside, key=lambda p: p.lstat().st_mtime_ns)
        newest.rename(target)
        aside.remove(newest)
    for path in aside:
        _remove(path)
    for path in _leftovers(target, "building"):
        if path.is_symlink() or not path.is_dir():
            _remove(path)  # what a swap moved out of the way; no build writes into it
            continue
        fd = _try_lock(path)
        if fd is not None:
            try:
                _remove(path)
            finally:
                os.close(fd)


@dataclass(frozen=True)
class Workspace:
    """A fresh directory beside the site to build into, locked by this process until it is in place."""

    path: Path
    fd: int

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        os.close(self.fd)


def workspace(target: Path) -> Workspace:
    """A new, locked `.site.building-*` beside `target`, after removing what killed builds left there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _parent_locked(target.parent):
        clear_leftovers(target)
        path = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
        fd = _try_lock(path)
        if fd is None:
            shutil.rmtree(path, ignore_errors=True)
            raise OSError(errno.ENOLCK, f"could not lock {path}")
    return Workspace(path, fd)


def put_in_place(work: Workspace, target: Path, can_exchange: Callable[[Path, Path], bool] = exchange) -> None:
    """Put the site built in `work` where `target` is, in one step; then remove the old site.

    On failure `target` keeps the old site and `work` is left to the caller to discard."""
    _pause()
    if not target.exists() and not target.is_symlink():
        os.rename(work.path, target)
    elif not can_exchange(work.path, target):
        _two_renames(work.path, target)
    _pause()
    # `work.path` now holds the old site (or nothing): no reader reaches it by `target` any more.
    _remove(work.path)
    os.close(work.fd)


def _two_renames(new: Path, target: Path) -> None:
    """The fallback: old site aside, new one in place; a build killed between leaves `.site.old-*`."""
    with _parent_locked(target.parent):
        old = target.with_name(f".{target.name}.old-{secrets.token_hex(6)}")
        target.rename(old)
        try:
            new.rename(target)
        except OSError:
            old.rename(target)
            raise
        old.rename(new)  # removed with what the caller removes


def _pause() -> None:
    try:
        seconds = float(os.environ.get("GLASSHOUSE_SWAP_PAUSE") or 0)
    except ValueError:
        return
    if seconds > 0:
        time.sleep(seconds)
