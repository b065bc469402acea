"""CSV files (the feedback log), read and checked fast: a log can hold a million rows.

Most values are valid, and many repeat (segments, themes, dates, ratings). Each column gets a
converter that returns the typed value of a valid text at once, remembering the values it has
seen, and returns SLOW for anything else: that value then takes validate.py's general path, which
reports the problem with its place. The converters accept exactly what the general path
accepts and give the same values, so messages and data are the same either way; repeated values
also become one shared object, which keeps a large log small in memory.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .load import CsvRows, ReadError, read_csv
from .schema import Field, Resource
from .validate import _MISSING, Table, _Bad, _Checker, display_path

SLOW = object()  # "take the general path for this value"
MEMO_LIMIT = 65_536  # distinct values remembered per column; beyond it values are still checked


def converter(f: Field, typed: Callable[[Field, Any], Any]) -> Callable[[str | None], Any]:
    """A function from a CSV text (None when the column is absent) to its value, or SLOW.

    `typed` is the general conversion of a non-empty text (validate.py's), returning SLOW when
    the text is not valid; it serves the types other than text."""
    memo: dict[str, Any] = {}
    enum = {e: e for e in f.enum}  # valid values map to one shared string
    strip = bool(f.enum or f.pattern)
    regex, max_length = f.regex, f.max_length

    def text(raw: str) -> Any:
        t = raw.strip() if strip else raw
        if enum and t not in enum:
            return SLOW
        if regex is not None and not regex.fullmatch(t):
            return SLOW
        if max_length is not None and len(t) > max_length:
            return SLOW
        return enum.get(t, t)

    def convert(raw: str | None) -> Any:
        if raw is None:
            return SLOW if f.type == "array" or f.required else None
        value = memo.get(raw, SLOW)
        if value is not SLOW:
            return value
        if not raw or raw.isspace():
            value = SLOW if f.required or f.type == "array" else None
        elif f.type == "array":
            value = SLOW  # a CSV cell is never a list; the general path says so
        elif f.type == "string":
            value = text(raw)
        else:
            value = typed(f, raw)
        if value is not SLOW and len(memo) < MEMO_LIMIT:
            memo[raw] = value
        return value

    return convert


def read_csv_resource(c: _Checker, data_dir: Path, r: Resource, table: Table) -> None:
    rel = display_path(data_dir / r.path)
    try:
        rows = read_csv(data_dir / r.path, rel)
        header = rows.header
        known = [h for h in header if r.field(h) is not None]
        for h in header:
            if r.field(h) is None:
                close = difflib.get_close_matches(h, list(r.by_name), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "remove the column; see the data reference for the columns"
                c.add(rel, 1, f"unknown column '{h}'", hint)
        dupes = {h for h in known if header.count(h) > 1}
        for h in sorted(dupes):
            c.add(rel, 1, f"the column '{h}' appears twice in the header", "keep one of the two columns")
        missing = [f.name for f in r.fields if f.required and f.name not in header]
        for name in missing:
            c.add(rel, 1, f"the required column '{name}' is missing from the header", f"add the column '{name}' ({r.field(name).allowed})")  # type: ignore[union-attr]
        if missing or dupes:
            table.readable = False
            return
        _check_csv_rows(c, r, rows, table)
    except ReadError as exc:
        c.problems.append(exc.problem)
        table.readable = False


def _check_csv_rows(c: _Checker, r: Resource, rows: CsvRows, table: Table) -> None:
    header = rows.header
    width = len(header)

    def typed(f: Field, raw: Any) -> Any:
        value = c._typed(f, raw)
        return SLOW if isinstance(value, _Bad) else value

    # Unknown columns were reported once, for the header; rows carry only the known ones.
    plan = [(header.index(f.name) if f.name in header else -1, f, converter(f, typed)) for f in r.fields]
    pk_at = header.index(r.primary_key) if r.primary_key in header else -1
    for index, (line, row) in enumerate(rows, 1):
        if len(row) != width:
            pk = row[header.index(r.primary_key)] if r.primary_key in header and header.index(r.primary_key) < len(row) else ""
            label = f"{r.noun} {pk}" if pk else f"{r.noun} #{index}"
            hint = (
                "put values that contain a comma in double quotes"
                if len(row) > width
                else "every row needs a value (or an empty place) for each column"
            )
            c.add(rows.rel, line, f"the row has {len(row)} values but the header has {width} columns", hint, label)
            continue
        # What _Checker.record does for a record, with the fast converters of rows.py.
        key = row[pk_at] if pk_at >= 0 else None
        if key:
            table.seen.add(key.strip())
        values = []
        ok = True
        for at, f, convert in plan:
            raw = row[at] if at >= 0 else None
            value = convert(raw)
            if value is SLOW:
                value = c.value(f, raw, (rows.rel, line, f"{r.noun} {key}" if key else f"{r.noun} #{index}"))
                ok = ok and value is not _MISSING
            values.append(value)
        if ok:
            table.rows.append(tuple(values))
            table.lines.append(line)
        else:
            table.invalid += 1
