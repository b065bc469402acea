"""CSV files (the feedback log), read and checked fast: a log can hold a million rows.

Most values are valid, and many repeat (segments, themes, dates, ratings). Rows are checked in
batches, column by column: each column gives the typed value of a valid text at once,
remembering the values it has seen, and SLOW for anything else. A batch without SLOW is added as
a whole; any other batch is checked row by row, and each SLOW value takes the general
path (values.py), which reports the problem with its place. The columns accept exactly what the general path
accepts and give the same values, so messages and data are the same either way; repeated values
also become one shared object, which keeps a large log small in memory.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

from generator.data.csvrows import CsvRows, read_csv
from generator.data.files import ReadError
from generator.data.format import Field, Resource
from generator.data.tables import Table, display_path
from generator.data.values import CONTROL, UNCHECKED, Bad, Checker, record_label
from generator.errors import quoted

SLOW = object()  # "take the general path for this value"
MEMO_LIMIT = 65_536  # distinct values remembered per column; beyond it values are still checked
UNIQUE = 2_048  # a text column with this many distinct values holds mostly unique texts


class Column:
    """Converts one column's texts to values, one at a time or a batch at once."""

    def __init__(self, f: Field, typed: Callable[[Field, Any], Any]) -> None:
        """`typed` is the general conversion of a non-empty text (values.py's), returning SLOW
        when the text is not valid; it serves the types other than text."""
        self.f, self.typed = f, typed
        self.memo: dict[str, Any] = {}
        self.enum = {e: e for e in f.enum}  # valid values map to one shared string

    def _text(self, raw: str) -> Any:
        f = self.f
        t = raw.strip() if f.enum or f.pattern else raw
        if self.enum and t not in self.enum:
            return SLOW
        if f.regex is not None and not f.regex.fullmatch(t):
            return SLOW
        if f.max_length is not None and len(t) > f.max_length:
            return SLOW
        if CONTROL.search(t):
            return SLOW
        return self.enum.get(t, t)

    def one(self, raw: str | None) -> Any:
        """The value of one text (None when the column is absent), or SLOW."""
        f = self.f
        if raw is None:
            return SLOW if f.type == "array" or f.required else None
        value = self.memo.get(raw, SLOW)
        if value is not SLOW:
            return value
        if not raw or raw.isspace():
            value = SLOW if f.required or f.type == "array" else None
        elif f.type == "array":
            value = SLOW  # a CSV cell is never a list; the general path says so
        elif f.type == "string":
            value = self._text(raw)
        else:
            value = self.typed(f, raw)
        if value is not SLOW and len(self.memo) < MEMO_LIMIT:
            self.memo[raw] = value
        return value

    def many(self, texts: Sequence[str]) -> list[Any]:
        """The values of a batch of texts, SLOW where a text is not valid. Remembered texts are
        looked up in bulk; texts of a column whose values rarely repeat (ids, quotes) are checked
        for the whole batch at once."""
        out = list(map(self.memo.get, texts, repeat(SLOW)))
        if SLOW not in out:
            return out
        f = self.f
        if len(self.memo) >= UNIQUE and f.type == "string" and not f.enum and not CONTROL.search("".join(texts)):
            stripped = list(map(str.strip, texts)) if f.pattern else texts
            if f.max_length is None or max(map(len, stripped)) <= f.max_length:
                if f.regex is not None and all(map(f.regex.fullmatch, stripped)):
                    return list(stripped)  # every text matches, so none is empty
                if f.regex is None:
                    empty = SLOW if f.required else None
                    return [(t if t and not t.isspace() else empty) if v is SLOW else v for t, v in zip(texts, out, strict=True)]
        one = self.one
        return [one(t) if v is SLOW else v for t, v in zip(texts, out, strict=True)]


class Batches:
    """A CSV file's batches as its last reading checked them, for the next reading of the file once
    it changed (`glasshouse serve`, `Readings`): a batch read exactly as before (the same lines
    holding the same texts) is not checked again, and gives the rows it gave. An answer saved in a
    log of a hundred thousand rows checks the ten thousand around it."""

    def __init__(self) -> None:
        self._last: list[tuple[list[tuple[int, list[str]]], list[tuple[Any, ...]]] | None] = []
        self._next: list[tuple[list[tuple[int, list[str]]], list[tuple[Any, ...]]] | None] = []

    def begin(self) -> None:
        """A reading starts: what a reading cut short (a quote left open) put aside goes."""
        self._next = []

    def rows(self, at: int, batch: list[tuple[int, list[str]]]) -> list[tuple[Any, ...]] | None:
        """The rows of the `at`th batch, if it was read exactly so last time and all its rows were valid."""
        last = self._last[at] if at < len(self._last) else None
        if last is None or last[0] != batch:
            return None
        self._next.append(last)
        return last[1]

    def checked(self, batch: list[tuple[int, list[str]]], rows: list[tuple[Any, ...]] | None) -> None:
        """The next batch, checked: its rows when all were valid (None otherwise)."""
        self._next.append(None if rows is None else (batch, rows))

    def done(self) -> None:
        """The file read to its end: its batches are the ones to compare the next reading with."""
        self._last, self._next = self._next, []


def read_csv_resource(c: Checker, data_dir: Path, r: Resource, table: Table, batches: Batches | None = None) -> None:
    rel = display_path(data_dir / r.path)
    try:
        rows = read_csv(data_dir / r.path, rel)
        header = rows.header
        known = [h for h in header if r.field(h) is not None]
        for h in header:
            if r.field(h) is None:
                close = difflib.get_close_matches(h, list(r.by_name), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "remove the column; see the data reference for the columns"
                c.add(rel, 1, f"unknown column {quoted(h)}", hint)
        dupes = {h for h in known if header.count(h) > 1}
        for h in sorted(dupes):
            c.add(rel, 1, f"the column '{h}' appears twice in the header", "keep one of the two columns")
        missing = [f.name for f in r.fields if f.required and f.name not in header]
        for name in missing:
            c.add(rel, 1, f"the required column '{name}' is missing from the header", f"add the column '{name}' ({r.field(name).allowed})")  # type: ignore[union-attr]
        if missing or dupes:
            table.readable = False
            return
        rows.noun, rows.key = r.noun, header.index(r.primary_key) if r.primary_key in header else 0
        _check_csv_rows(c, r, rows, table, batches)
        table.warnings.extend(rows.warnings())
    except ReadError as exc:
        c.problems.append(exc.problem)
        table.readable = False


BATCH = 10_000  # rows checked column by column at a time


def _check_csv_rows(c: Checker, r: Resource, rows: CsvRows, table: Table, batches: Batches | None = None) -> None:
    header = rows.header

    def typed(f: Field, raw: Any) -> Any:
        value = c.typed(f, raw)
        return SLOW if isinstance(value, Bad) else value

    # Unknown columns were reported once, for the header; rows carry only the known ones.
    plan = [(header.index(f.name) if f.name in header else -1, f, Column(f, typed)) for f in r.fields]
    pk_at = header.index(r.primary_key) if r.primary_key in header else -1

    def check(batch: list[tuple[int, list[str]]], first: int) -> None:
        at = (first - 1) // BATCH
        kept = batches.rows(at, batch) if batches is not None else None
        if kept is not None:
            _add_valid(table, batch, kept, pk_at)
            return
        valid = _check_batch(c, r, rows, table, plan, batch, first, pk_at)
        if batches is not None:
            batches.checked(batch, valid)

    batch: list[tuple[int, list[str]]] = []
    first = 1
    if batches is not None:
        batches.begin()
    for item in rows:
        batch.append(item)
        if len(batch) == BATCH:
            check(batch, first)
            first += len(batch)
            batch = []
    if batch:
        check(batch, first)
    if batches is not None:
        batches.done()


Plan = list[tuple[int, Field, Column]]


def _check_batch(
    c: Checker, r: Resource, rows: CsvRows, table: Table, plan: Plan, batch: list[tuple[int, list[str]]], first: int, pk_at: int
) -> list[tuple[Any, ...]] | None:
    """Convert a batch column by column; a batch where every value is valid is added as a whole,
    and its rows returned (None for a batch checked row by row). `pk_at`: the primary key's column."""
    width = len(rows.header)
    if all(len(row) == width for _, row in batch):
        columns = list(zip(*(row for _, row in batch), strict=True))
        typed = [column.many(columns[at]) if at >= 0 else [column.one(None)] * len(batch) for at, _, column in plan]
        if not any(SLOW in column for column in typed):
            valid = list(zip(*typed, strict=True))
            _add_valid(table, batch, valid, pk_at)
            return valid
    for index, (line, row) in enumerate(batch, first):
        _check_row(c, r, rows, table, plan, index, line, row)
    return None


def _add_valid(table: Table, batch: list[tuple[int, list[str]]], valid: list[tuple[Any, ...]], pk_at: int) -> None:
    """A batch whose every value is valid, added whole: its rows, their lines, and their ids where
    another file refers to them."""
    if pk_at >= 0 and table.referred:
        table.seen.update(key.strip() for key in (row[pk_at] for _, row in batch) if key)
    table.rows.extend(valid)
    table.lines.extend(line for line, _ in batch)


def _check_row(c: Checker, r: Resource, rows: CsvRows, table: Table, plan: Plan, index: int, line: int, row: list[str]) -> None:
    """One row, value by value, reporting each problem with its place."""
    header = rows.header
    width = len(header)
    if len(row) != width:
        pk = row[header.index(r.primary_key)] if r.primary_key in header and header.index(r.primary_key) < len(row) else ""
        label = record_label(r.noun, pk) if pk else f"{r.noun} #{index}"
        if len(row) < width and any("\n" in v for v in row):
            c.add(
                rows.rel,
                line,
                "a double-quoted value starts in this row and is never closed, so it runs on over the next lines",
                "add the closing double quote",
                label,
            )
            return
        hint = (
            "put values that contain a comma in double quotes"
            if len(row) > width
            else "every row needs a value (or an empty place) for each column" + _missing(plan, header, row)
        )
        c.add(rows.rel, line, f"the row has {len(row)} values but the header has {width} columns", hint, label)
        for f, column, text in _in_place(r, plan, width, row):
            if column.one(text) is SLOW:
                c.value(f, text, (rows.rel, line, label))  # reports the problem
        return
    key = row[header.index(r.primary_key)] if r.primary_key in header else None
    label = c.label(r, table, key, index)
    cells = []
    for at, f, column in plan:
        raw = row[at] if at >= 0 else None
        value = column.one(raw)
        cells.append((f, raw, line, UNCHECKED if value is SLOW else value))
    c.add_record(table, cells, (rows.rel, label), line)


def _missing(plan: Plan, header: Sequence[str], row: list[str]) -> str:
    """Which column a row one value short leaves out: the places where a value put in makes every
    other value of the row valid in its column."""
    if len(row) != len(header) - 1:
        return ""
    fits: list[int] = []
    for at in range(len(header)):
        filled = [*row[:at], "", *row[at:]]
        if all(column.one(filled[i] if i >= 0 else None) is not SLOW for i, _, column in plan if i != at):
            fits.append(at)
    if not fits:
        return ""
    if len(fits) <= 3:
        return f"; the value missing is most likely the one for {' or '.join(quoted(header[at]) for at in fits)}"
    if fits == list(range(fits[0], fits[-1] + 1)):
        return f"; the value missing is one of those from {quoted(header[fits[0]])} to {quoted(header[fits[-1]])}"
    return ""


def _in_place(r: Resource, plan: Plan, width: int, row: list[str]) -> list[tuple[Field, Column, str]]:
    """The values of a row with too many values that are in their own columns all the same, so that
    their problems are reported in the same run. The extra values come from commas typed in a text
    without double quotes, and only a free text holds commas (not an id, a date, a number or a
    choice from a list): the values before the first free text are in their places."""
    if len(row) <= width:
        return []  # a value left out may be anywhere in the row
    ids = {fk.field for fk in r.foreign_keys}
    free = [at for at, f, _ in plan if at >= 0 and f.type == "string" and not (f.enum or f.regex or f.name in ids)]
    first = min(free, default=width)
    return [(f, column, row[at]) for at, f, column in plan if 0 <= at < first]
