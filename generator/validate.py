"""Check the data against its format and against itself; collect every problem before stopping."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bulk import no_cycle_collection
from .errors import DataError, Problem
from .load import ReadError, Record, YamlDoc, read_yaml
from .schema import DataFormat, Field, Resource, data_format

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MISSING = object()


@dataclass
class Table:
    """The validated records of one resource: typed values in schema order, with their lines."""

    resource: Resource
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    field_lines: list[dict[str, int]] = field(default_factory=list)
    # Ids of every record, valid or not, so one bad record does not cascade into "unknown id" elsewhere.
    seen: set[str] = field(default_factory=set)
    invalid: int = 0  # records left out because a value was wrong
    readable: bool = True  # False when the file itself could not be read; rules that need it stand aside

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

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Dataset:
    """All validated tables of a project, by resource name."""

    tables: dict[str, Table]

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def record(self, name: str) -> dict[str, Any]:
        return next(self.tables[name].dicts())


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


class _Checker:
    def __init__(self, fmt: DataFormat) -> None:
        self.fmt = fmt
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, message: str, hint: str = "", record: str = "", field: str = "") -> None:
        self.problems.append(Problem(file, line, message, hint, record, field))

    # Values -------------------------------------------------------------------------------

    def value(self, f: Field, raw: Any, where: tuple[str, int | None, str]) -> Any:
        """The typed value of `raw` for field `f`, or _MISSING after reporting a problem."""
        file, line, label = where
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if f.required:
                hint = "add a value" if f.allowed == "text" else f"add a value: {f.allowed}"
                self.add(file, line, "is missing", hint, label, f.name)
                return _MISSING
            return [] if f.type == "array" else None
        bad = self._typed(f, raw)
        if isinstance(bad, _Bad):
            self.add(file, line, bad.message, bad.hint, label, f.name)
            return _MISSING
        return bad

    def _typed(self, f: Field, raw: Any) -> Any:
        shown = _show(raw)
        if f.type == "array":
            if isinstance(raw, str) and f.name in ("dependencies", "milestones"):
                return _Bad(f"{shown} is text, not a list", f"write a list: [{raw}]")
            if not isinstance(raw, list):
                return _Bad(f"{shown} is not a list", "write a list: [first, second] or one '- item' per line")
            items = []
            for item in raw:
                if isinstance(item, (list, dict)) or item is None:
                    return _Bad("holds an item that is not text", "each list item is one line of text")
                if isinstance(item, bool):
                    return _Bad(f"holds {_show(item)}, which YAML reads as true/false", "put that item in double quotes")
                items.append(str(item))
            return items
        if isinstance(raw, (list, dict)):
            kind = "a list" if isinstance(raw, list) else "a nested block"
            return _Bad(f"is {kind}, not a single value", f"write one value: {f.allowed}")
        if f.type == "integer":
            return self._integer(f, raw, shown)
        if f.type == "date":
            return _date(raw, shown)
        if f.type == "boolean":
            if isinstance(raw, bool):
                return raw
            low = str(raw).strip().lower()
            if low in f.true_values:
                return True
            if low in f.false_values:
                return False
            return _Bad(f"{shown} is not {f.allowed}", f"write {f.true_values[0]} or {f.false_values[0]}")
        return self._string(f, raw, shown)

    def _integer(self, f: Field, raw: Any, shown: str) -> Any:
        if isinstance(raw, bool):
            return _Bad(f"{shown} is not a number", f"use {f.allowed}")
        if isinstance(raw, float):
            if not math.isfinite(raw):
                return _Bad(f"{shown} is not a finite number", f"use {f.allowed}")
            return _Bad(f"{shown} is not a whole number", f"use {f.allowed}")
        if isinstance(raw, str):
            text = raw.strip()
            if not re.fullmatch(r"[+-]?\d{1,9}", text):
                return _Bad(f"{shown} is not a whole number", f"use {f.allowed}")
            raw = int(text)
        if not isinstance(raw, int):
            return _Bad(f"{shown} is not a number", f"use {f.allowed}")
        if f.minimum is not None and raw < f.minimum:
            return _Bad(f"{raw} is below the minimum {f.minimum}", f"use {f.allowed}")
        if f.maximum is not None and raw > f.maximum:
            return _Bad(f"{raw} is above the maximum {f.maximum}", f"use {f.allowed}")
        return raw

    def _string(self, f: Field, raw: Any, shown: str) -> Any:
        if isinstance(raw, bool):
            return _Bad(f"{shown} is read by YAML as true/false, not text", "put the value in double quotes")
        if isinstance(raw, float) and not math.isfinite(raw):
            return _Bad(f"{shown} is not text", "put the value in double quotes")
        text = raw if isinstance(raw, str) else str(raw)
        text = text.strip() if f.enum or f.pattern else text
        if f.enum and text not in f.enum:
            lower = [e for e in f.enum if e == text.lower().replace(" ", "_").replace("-", "_")]
            close = lower or difflib.get_close_matches(text, f.enum, n=1)
            hint = f"did you mean '{close[0]}'? Allowed: {', '.join(f.enum)}" if close else f"use {f.allowed}"
            return _Bad(f"{shown} is not allowed", hint)
        if f.regex is not None and not f.regex.fullmatch(text):
            example = _EXAMPLES.get(f.pattern or "", "")
            return _Bad(
                f"{shown} does not have the expected form", f"write it like {example}" if example else f"match the pattern {f.pattern}"
            )
        if f.max_length is not None and len(text) > f.max_length:
            return _Bad(f"is {len(text):,} characters long, above the limit of {f.max_length:,}", "shorten the text")
        return text

    # Records ------------------------------------------------------------------------------

    def record(self, r: Resource, rec: Record, file: str, index: int, table: Table) -> None:
        pk = rec.values.get(r.primary_key) if r.primary_key else None
        label = f"{r.noun} {pk}" if pk not in (None, "") else f"{r.noun} #{index}"
        if r.shape == "record":
            label = ""
        elif pk not in (None, ""):
            table.seen.add(str(pk).strip())
        for name in rec.values:
            if r.field(name) is None and not (r.shape == "record" and any(x.key == name for x in self.fmt.resources)):
                close = difflib.get_close_matches(name, list(r.by_name), n=1)
                hint = (
                    f"did you mean '{close[0]}'?" if close else "remove it, or see the data reference for the fields of " + r.title.lower()
                )
                self.add(file, rec.line_of(name), f"unknown field '{name}'", hint, label)
        values = []
        ok = True
        for f in r.fields:
            v = self.value(f, rec.values.get(f.name), (file, rec.line_of(f.name), label))
            if v is _MISSING:
                ok = False
            values.append(v)
        if not ok:
            table.invalid += 1
        else:
            table.rows.append(tuple(values))
            table.lines.append(rec.line)
            if rec.lines:
                table.field_lines.append(rec.lines)


class _Bad:
    __slots__ = ("hint", "message")

    def __init__(self, message: str, hint: str) -> None:
        self.message, self.hint = message, hint


_EXAMPLES = {
    "M-[0-9]{2,4}": "M-01",
    "R-[0-9]{2,4}": "R-001",
    "C-[0-9]{2,4}": "C-01",
    "CR-[0-9]{2,4}": "CR-01",
    "FB-[0-9]{4,7}": "FB-0001",
    "[a-z][a-z0-9-]{0,31}": "end-users (lower case letters, digits and '-')",
    "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}": "name@example.org",
}


def _show(raw: Any) -> str:
    text = raw if isinstance(raw, str) else str(raw).lower() if isinstance(raw, bool) else str(raw)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text) if isinstance(raw, str) else text


def _date(raw: Any, shown: str) -> Any:
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    if not _DATE.fullmatch(text):
        guess = _guess_iso(text)
        hint = f"write it as {guess}" if guess else "write dates as YYYY-MM-DD, for example 2026-03-31"
        return _Bad(f"{shown} is not a date in the form YYYY-MM-DD", hint)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return _Bad(f"{shown} is not a real date", "check the day and month (YYYY-MM-DD)")


def _guess_iso(text: str) -> str | None:
    """An ISO date for unambiguous other spellings (2026/03/31, 31.03.2026, 2026-3-1)."""
    m = re.fullmatch(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})", text)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return None
        a, b, y = map(int, m.groups())
        if a > 12 >= b:
            d, mo = a, b
        elif b > 12 >= a:
            mo, d = a, b
        else:
            return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _read_yaml_resources(c: _Checker, data_dir: Path, path: str, group: list[Resource], tables: dict[str, Table]) -> None:
    rel = display_path(data_dir / path)
    try:
        doc = read_yaml(data_dir / path, rel)
    except ReadError as exc:
        c.problems.append(exc.problem)
        for r in group:
            tables[r.name].readable = False
        return
    record_res = next((r for r in group if r.shape == "record"), None)
    if record_res is not None:
        rec = doc.record(doc.root)
        if rec is None:
            c.add(
                rel,
                1,
                f"expected the {record_res.title.lower()} fields as 'field: value' lines",
                "see the example project (`glasshouse new`)",
            )
        else:
            c.record(record_res, rec, rel, 1, tables[record_res.name])
            for r in group:
                if r.key:
                    node = _child(doc, r.key)
                    if node is None:
                        c.add(rel, rec.line, f"the list '{r.key}' is missing", f"add '{r.key}:' with at least one record")
                        continue
                    for i, sub in enumerate(doc.records(node, r.noun), 1):
                        c.record(r, sub, rel, i, tables[r.name])
    else:
        r = group[0]
        records = doc.records(doc.root, r.noun)
        tables[r.name].readable = bool(records) or not doc.problems
        for i, rec in enumerate(records, 1):
            c.record(r, rec, rel, i, tables[r.name])
    c.problems.extend(doc.problems)


def _child(doc: YamlDoc, key: str) -> Any:
    from yaml.nodes import MappingNode, ScalarNode

    if isinstance(doc.root, MappingNode):
        for k, v in doc.root.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def read_tables(data_dir: Path, fmt: DataFormat | None = None) -> tuple[Dataset, list[Problem]]:
    """Read and type-check every file; cross-file rules are `check_rules`."""
    from .rows import read_csv_resource

    fmt = fmt or data_format()
    c = _Checker(fmt)
    tables = {r.name: Table(r) for r in fmt.resources}
    for path in fmt.files:
        group = [r for r in fmt.resources if r.path == path]
        if group[0].format == "yaml":
            _read_yaml_resources(c, data_dir, path, group, tables)
        else:
            read_csv_resource(c, data_dir, group[0], tables[group[0].name])
    return Dataset(tables), c.problems


def validate(data_dir: Path) -> Dataset:
    """The project's data, typed and consistent, or a DataError listing every problem."""
    from .rules import check_rules

    with no_cycle_collection():
        data, problems = read_tables(data_dir)
        problems += check_rules(data, data_dir)
    if problems:
        raise DataError(_ordered(problems))
    return data


def _ordered(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))
