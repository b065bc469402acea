"""Where data may be read from: regular files inside the project, each read with a size cap.

A data file can be anything a file system holds: a directory, a named pipe that blocks a reader
for ever, a device that never ends, a link that loops or leads out of the project to a file
that must not be published. Each is refused with a message before anything is opened, and a
file is opened so that it cannot block (O_NONBLOCK) and checked again once open, so that a
file swapped in between is refused too. The project is the directory holding the data
directory; nothing outside it is read.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, quoted


@dataclass(frozen=True)
class Cap:
    """The most a data file may hold, and what to do about a file above it."""

    limit: int
    hint: str


# A YAML file is read whole; 20 MB is some 30,000 risks, thirty times bench's largest project.
YAML_CAP = Cap(20_000_000, "split long texts or remove pasted data")
# The feedback log is streamed. bench/synth.py's largest project (a million rows) writes a 357 MB
# feedback.csv: the cap leaves room for logs almost three times as large, and stops a runaway
# file long before the disk or the memory of a CI runner does.
CSV_CAP = Cap(1_000_000_000, "move older rows to an archive file outside data/")
_CHUNK = 1 << 20


class ReadError(Exception):
    """A file could not be read; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def project_of(data_dir: Path) -> Path:
    """The project a data directory belongs to: the directory holding it, as written (a data
    directory that is a link is judged by where the link is, not by where it leads)."""
    return Path(os.path.abspath(data_dir)).parent


def _inside(real: str, project: Path) -> bool:
    root = os.path.realpath(project)
    return os.path.commonpath([root, real]) == root


def kind_problem(rel: str, mode: int) -> Problem | None:
    """Why something that is not a regular file cannot be read as one, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Problem(rel, None, "is a directory, not a file", f"move the directory away and put the file {rel} in its place")
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "something other than a file"
    return Problem(rel, None, f"is {kind}, not a regular file", f"replace it with the text file {rel}")


def _refuse(rel: str, message: str, hint: str) -> ReadError:
    return ReadError(Problem(rel, None, message, hint))


def _real_path(path: Path, rel: str, project: Path, missing_hint: str) -> str:
    """The file's real path, after every link, once it is known to be inside the project."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        raise _refuse(rel, "the file is missing", missing_hint) from None
    except OSError as exc:
        raise _refuse(rel, f"cannot be read: {exc.strerror}", "check that the data directory holds the file") from None
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        target = quoted(os.readlink(path), 200) if os.path.islink(path) else "a path that does not exist"
        raise _refuse(rel, f"is a link to {target}, which does not exist", f"replace the link with the file {rel} itself") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            loop = "is a link that leads back to itself (a loop of links)"
            raise _refuse(rel, loop, f"replace the link with the file {rel} itself") from None
        raise _refuse(rel, f"cannot be read: {exc.strerror}", "check that the data directory holds the file") from None
    if not _inside(real, project):
        raise _refuse(
            rel,
            f"is a link to {quoted(real, 200)}, outside the project {quoted(str(project), 200)}",
            "Glasshouse reads nothing outside the project, so nothing outside it can be published; copy the file into the project",
        )
    return real


def refusal(path: Path, rel: str, project: Path) -> Problem | None:
    """Why the file at `path` may not be read as a file of `project`, or None; nothing is opened.
    For the files MkDocs reads (the hand-written pages), which it opens itself."""
    try:
        problem = kind_problem(rel, os.stat(_real_path(path, rel, project, "")).st_mode)
    except ReadError as exc:
        return exc.problem
    except OSError as exc:
        return Problem(rel, None, f"cannot be read: {exc.strerror}", "check the file's permissions")
    return problem


def open_data(path: Path, rel: str, cap: Cap, missing_hint: str, project: Path | None = None) -> io.BufferedReader:
    """The data file at `path`, open for reading at most `cap.limit` bytes, or a ReadError saying why not.

    `project` defaults to the directory holding the file's directory: data files sit directly
    in the data directory."""
    real = _real_path(path, rel, project or project_of(Path(os.path.abspath(path)).parent), missing_hint)
    try:
        before = os.stat(real)
        problem = kind_problem(rel, before.st_mode)
        if problem is not None:
            raise ReadError(problem)
        _check_size(rel, before.st_size, cap)
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise _refuse(rel, f"cannot be read: {exc.strerror}", "check the file's permissions") from None
    now = os.fstat(fd)
    if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        raise _refuse(rel, "changed while it was being opened", "run the command again once the file is saved")
    os.set_blocking(fd, True)
    return io.BufferedReader(_Capped(io.FileIO(fd, "rb"), rel, cap), _CHUNK)


def _check_size(rel: str, size: int, cap: Cap) -> None:
    if size > cap.limit:
        raise _refuse(rel, f"the file is {size:,} bytes, above the limit of {cap.limit:,}", cap.hint)


class _Capped(io.RawIOBase):
    """A file read up to a limit: a file that grows past it while it is read is refused as well."""

    def __init__(self, raw: io.FileIO, rel: str, cap: Cap) -> None:
        self.raw, self.rel, self.cap, self.seen = raw, rel, cap, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer) or 0
        self.seen += n
        _check_size(self.rel, self.seen, self.cap)
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def read_bytes(path: Path, rel: str, cap: Cap, missing_hint: str, project: Path | None = None) -> bytes:
    """The whole of a data file, read with `open_data`'s checks."""
    with open_data(path, rel, cap, missing_hint, project) as fh:
        return fh.read()


def data_dir_problem(data_dir: Path, rel: str) -> Problem | None:
    """Why the data directory itself cannot be read, or None: it must be a directory, and a link
    only to a place inside the project."""
    project = project_of(data_dir)
    try:
        st = os.stat(data_dir)
    except FileNotFoundError:
        return None  # each file is then reported missing, with its own hint
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(rel, None, "the data directory is a link that leads back to itself (a loop of links)", "make it a directory")
        return Problem(rel, None, f"the data directory cannot be read: {exc.strerror}", "check its permissions")
    if not stat.S_ISDIR(st.st_mode):
        return Problem(rel, None, "is not a directory", "the data directory holds project.yaml, milestones.yaml and the other data files")
    real = os.path.realpath(data_dir)
    if not _inside(real, project):
        return Problem(
            rel,
            None,
            f"the data directory is a link to {quoted(real, 200)}, outside the project {quoted(str(project), 200)}",
            "Glasshouse reads nothing outside the project; move the data directory into the project",
        )
    return None
