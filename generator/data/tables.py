"""The validated data: one table per resource of the data format, typed values with their lines."""

from __future__ import annotations

import functools
import operator
import os
from array import array
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.data.format import Resource
from generator.errors import Problem

JOINED = 10_000  # rows a piece of `Table.joined` holds
T = TypeVar("T")


@dataclass
class Table:
    """The validated records of one resource: typed values in schema order, with their lines."""

    resource: Resource
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    # The line each row starts on, 0 where a record has none: four bytes a row (a list of ints held
    # some 36 MB for a log of a million rows).
    lines: array[int] = field(default_factory=lambda: array("l"))
    field_lines: list[dict[str, int]] = field(default_factory=list)
    # Ids of every record, valid or not, so one bad record does not cascade into "unknown id" elsewhere;
    # kept only where another file refers to this one's ids (`referred`): a feedback log's are not.
    seen: set[str] = field(default_factory=set)
    referred: bool = True
    invalid: int = 0  # records left out because a value was wrong
    readable: bool = True  # False when the file itself could not be read; rules that need it stand aside
    warnings: list[Problem] = field(default_factory=list)  # found while reading: worth a look, stopping nothing
    # Once the model holds a log's records, its rows are let go (`taken`): the ids and lines stay.
    released: bool = False
    _ids: list[Any] = field(default_factory=list, repr=False)
    # What a later stage made of the rows (`made_of`), by name: the key it was made for, and what it
    # made. A copy with other rows (dataclasses.replace) starts without.
    _made: dict[str, tuple[Hashable, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def add(self, values: tuple[Any, ...], line: int | None, field_lines: dict[str, int] | None = None) -> None:
        self.rows.append(values)
        self.lines.append(line or 0)
        if field_lines:
            self.field_lines.append(field_lines)

    def line(self, index: int, name: str | None = None) -> int | None:
        if name is not None and index < len(self.field_lines):
            return self.field_lines[index].get(name, self.lines[index] or None)
        return self.lines[index] or None

    @functools.cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.resource.fields)

    def dicts(self) -> Iterator[dict[str, Any]]:
        self._held()
        cols = self.columns
        for row in self.rows:
            yield dict(zip(cols, row, strict=True))

    def column(self, name: str) -> list[Any]:
        if self.released and name == self.resource.primary_key:
            return list(self._ids)
        self._held()
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def taken(self, size: int) -> Iterator[list[tuple[Any, ...]]]:
        """The rows, `size` at a time, each batch let go of when the next is asked for: a model
        made of a log of a million rows without holding the log twice (its rows were some 180 MB).
        What stays is each record's line and id (`line`, `column` of the primary key) and their
        number; any other use of the rows after is an error, never an empty table."""
        self._held()
        pk = self.resource.primary_key
        self._ids = self.column(pk) if pk else []
        self.released, rows = True, self.rows
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            yield batch
            rows[start : start + size] = [()] * len(batch)  # the empty tuple: one object, shared

    def made_of(self, name: str, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` makes of the rows for `key` (everything else it reads), made again only for
        another key: a table read once and kept (`Readings`) gives each build the same records
        without making them again. The last key's alone is kept; `make` must not change the table."""
        last = self._made.get(name)
        if last is not None and last[0] == key:
            return last[1]  # type: ignore[no-any-return]
        value = make()
        self._made[name] = (key, value)
        return value

    def _held(self) -> None:
        if self.released:
            raise RuntimeError(f"the rows of {self.resource.name} were let go once the model held them")

    def joined(self, name: str, separator: str = "\x00") -> Iterator[str]:
        """The column's values as str() writes each, joined with `separator`, JOINED rows at a time:
        for a search of the whole column in a few calls, without a copy of all of it at once (a
        million quotes are some 150 MB of text)."""
        self._held()
        get, rows = operator.itemgetter(self.columns.index(name)), self.rows
        for start in range(0, len(rows), JOINED):
            yield separator.join(map(str, map(get, rows[start : start + JOINED])))

    def may_hold(self, name: str, look: Callable[[str], bool], separator: str = "\x00") -> bool:
        """Whether `look` (a quick look, never missing what it looks for) finds something in the
        column: in its values joined (`joined`), a few looks for a million of them. Every value of
        a choice from a list is one of the list's texts (a row with another is left out) and a
        reference names one of a few ids: those are looked at instead, each alone (a log's million
        rows hold some four such values a row)."""
        f = self.resource.by_name[name]
        if f.type == "string" and f.enum:
            return any(map(look, f.enum))
        if f.type == "string" and any(fk.field == name for fk in self.resource.foreign_keys):
            return any(look(v) for v in set(self.column(name)) if v is not None)
        return any(map(look, self.joined(name, separator)))

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
