"""Expensive artefacts (a built site, a published history) made once per test run and shared read-only.

pytest-xdist runs a session fixture once in every worker; an artefact made through `once` is made
by the first worker that asks for it, under a file lock in the directory all workers of the run
share, and read from there by the others. Without xdist it is made in the run's own directory.
A test that changes an artefact works on a copy (`Published.copy`, `shutil.copytree`).

The sites and histories many tests start from are made without coverage (`unmeasured`, in the
fixtures that make them): what those builds run is measured where a test builds or publishes on
purpose, and tracing every fixture build in every worker made `make test` a third slower.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

T = TypeVar("T")
# Coverage's subprocess patch (pyproject.toml) measures a process that inherits this variable.
COVERAGE_CONFIG = "COVERAGE_PROCESS_CONFIG"


def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory every worker of this run shares: the parent of a worker's own base directory
    under xdist, the run's base directory otherwise."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """`make(directory)` run once per test run, in a directory of its own named `name`; its result
    (pickled, so plain data and paths) returned to every caller."""
    root = shared_dir(tmp_path_factory) / "shared"
    root.mkdir(exist_ok=True)
    result = root / f"{name}.pickle"
    with FileLock(str(root / f"{name}.lock")):
        if not result.is_file():
            directory = root / name
            shutil.rmtree(directory, ignore_errors=True)  # left by a worker whose `make` failed
            directory.mkdir()
            made = make(directory)
            result.write_bytes(pickle.dumps(made))
        value: T = pickle.loads(result.read_bytes())
        return value


@contextmanager
def unmeasured() -> Iterator[None]:
    """Processes started meanwhile run without coverage: they do not inherit COVERAGE_CONFIG. Also a
    decorator. Coverage needs one measured run of each path, and a traced process runs about 1.8
    times slower: the builds that set a scene for a module's tests run unmeasured, and so do the
    tests whose commands take only paths other tests measure (the stories: a first week, two
    builds compared; the publishes that repeat what the refusals and first publishes measure)."""
    saved = os.environ.pop(COVERAGE_CONFIG, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[COVERAGE_CONFIG] = saved
