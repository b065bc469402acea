"""The validated data: one table per resource of the data format, typed values with their lines."""

from __future__ import annotations

import functools
import operator
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.data.format import Resource
from generator.errors import Problem

JOINED = 10_000  # rows a piece of `Table.joined` holds


@dataclass
class Table:
    """The validated records of one resource: typed values in schema order, with their lines."""

    resource: Resource
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    field_lines: list[dict[str, int]] = field(default_factory=list)
    # Ids of every record, valid or not, so one bad record does not cascade into "unknown id" elsewhere;
    # kept only where another file refers to this one's ids (`referred`): a feedback log's are not.
    seen: set[str] = field(default_factory=set)
    referred: bool = True
    invalid: int = 0  # records left out because a value was wrong
    readable: bool = True  # False when the file itself could not be read; rules that need it stand aside
    warnings: list[Problem] = field(default_factory=list)  # found while reading: worth a look, stopping nothing

    def add(self, values: tuple[Any, ...], line: int | None, field_lines: dict[str, int] | None = None) -> None:
        self.rows.append(values)
        self.lines.append(line)
        if field_lines:
            self.field_lines.append(field_lines)

    def line(self, index: int, name: str | None = None) -> int | None:
        if name is not None and index < len(self.field_lines):
            return self.field_lines[index].get(name, self.lines[index])
        return self.lines[index]

    @functools.cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.resource.fields)

    def dicts(self) -> Iterator[dict[str, Any]]:
        cols = self.columns
        for row in self.rows:
            yield dict(zip(cols, row, strict=True))

    def column(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def joined(self, name: str, separator: str = "\x00") -> Iterator[str]:
        """The column's values as str() writes each, joined with `separator`, JOINED rows at a time:
        for a search of the whole column in a few calls, without a copy of all of it at once (a
        million quotes are some 150 MB of text)."""
        get, rows = operator.itemgetter(self.columns.index(name)), self.rows
        for start in range(0, len(rows), JOINED):
            yield separator.join(map(str, map(get, rows[start : start + JOINED])))

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Dataset:
    """All validated tables of a project, by resource name."""

    tables: dict[str, Table]

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    @property
    def warnings(self) -> list[Problem]:
        """What reading the files found worth a look before publishing."""
        return [w for t in self.tables.values() for w in t.warnings]

    def record(self, name: str) -> dict[str, Any]:
        return next(self.tables[name].dicts())


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
