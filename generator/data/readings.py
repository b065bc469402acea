"""What reading each data file made, kept while the file stays as it was: `glasshouse serve` reads
only the files a save changed, not a log of a hundred thousand rows again for a new headline.

A file's tables and problems depend on its bytes alone (and on the data format, the same for the
whole of a session). A file is taken to be as it was while its inode, size, modification time and
change time are: a save, a copy over it, a rename onto it or a touch changes one of them. A CSV
file that changed is read again whole, but its batches read exactly as before are not checked
again (`csvfile.Batches`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.data.csvfile import Batches
from generator.data.tables import Table
from generator.errors import Problem

Signature = tuple[int, int, int, int]
T = TypeVar("T")


@dataclass(frozen=True)
class Reading:
    signature: Signature
    tables: dict[str, Table]  # of the file's resources, by name
    problems: tuple[Problem, ...]


class Readings:
    """Each data file's last reading, by path. Its tables are shared by every build that reuses them:
    nothing may take their rows (`Table.taken`)."""

    def __init__(self) -> None:
        self._by_path: dict[Path, Reading] = {}
        self._batches: dict[Path, Batches] = {}
        self._kept: dict[str, Any] = {}

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """What a later stage keeps from one build to the next of this session, by `name`; made
        by `make` the first time (the model's `Pieces`)."""
        if name not in self._kept:
            self._kept[name] = make()
        return self._kept[name]  # type: ignore[no-any-return]

    def batches(self, path: Path) -> Batches:
        """The batches of the CSV file at `path` as its last reading checked them, for the next."""
        return self._batches.setdefault(path, Batches())

    def read(self, path: Path, names: tuple[str, ...], read: Callable[[], tuple[dict[str, Table], list[Problem]]]) -> Reading:
        """The reading of `path` (the tables `names`), again only when the file changed."""
        signature = _signature(path)
        last = self._by_path.get(path)
        if last is not None and signature is not None and last.signature == signature and tuple(last.tables) == names:
            return last
        tables, problems = read()
        reading = Reading(signature or (0, 0, 0, 0), tables, tuple(problems))
        if signature is not None and _signature(path) == signature:  # not kept if it changed while read
            self._by_path[path] = reading
        else:
            self._by_path.pop(path, None)
        return reading


def _signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
