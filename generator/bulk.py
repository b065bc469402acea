"""Building large structures quickly: Python's cycle collector stays out of the way meanwhile."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector runs every few hundred new objects and walks every live one:
    reading a million feedback rows spent a third of its time in it. Nothing Glasshouse builds
    forms a cycle (plain values, lists, tuples and frozen records), so reference counting frees
    all of it without the collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
