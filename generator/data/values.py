"""Values typed against their fields: every wrong one is a Problem with its place and a hint.

YAML records and CSV rows are both checked here, one record at a time (`Checker.record`,
`Checker.add_record`); the CSV reader's fast path (`csvfile.py`) uses `Checker.typed` to convert
a value, so both accept exactly the same values and give the same messages.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable
from typing import Any

from generator.data.format import DataFormat, Field, Resource
from generator.data.nodes import Unreadable
from generator.data.read import Record
from generator.data.tables import Table
from generator.errors import Problem, printable, quoted

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A date with a time after it, as spreadsheets and YAML timestamps write it.
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[Tt]|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?[ \t]*(?:Z|[+-]\d{1,2}(?::?\d{2})?)?")
# Control characters no text of the data may hold (tab and line breaks may): invisible in an
# editor, and some would act on a terminal that shows them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Dates Glasshouse computes with (forecasts, reviews, the next update, charts over time) stay
# far from the ends of the calendar Python knows (years 1 to 9999), so no sum can fall off it.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
MISSING = object()  # "the value is wrong (reported) or absent though required"
UNCHECKED = object()  # "no value known yet: type the raw value"
# One value of a record: its field, the raw value, the line it is on, and its typed value if already known.
Cell = tuple[Field, Any, "int | None", Any]


class Checker:
    """Types values against their fields and collects a Problem for every one that is wrong."""

    def __init__(self, fmt: DataFormat) -> None:
        self.fmt = fmt
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, message: str, hint: str = "", record: str = "", field: str = "") -> None:
        self.problems.append(Problem(file, line, message, hint, record, field))

    # Values -------------------------------------------------------------------------------

    def value(self, f: Field, raw: Any, where: tuple[str, int | None, str]) -> Any:
        """The typed value of `raw` for field `f`, or MISSING after reporting a problem."""
        file, line, label = where
        if isinstance(raw, Unreadable):
            self.problems.append(Problem(file, raw.line, raw.message, raw.hint, label, f.name, raw.column))
            return MISSING
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if f.required:
                hint = "add a value" if f.allowed == "text" else f"add a value: {f.allowed}"
                self.add(file, line, "is missing", hint, label, f.name)
                return MISSING
            return [] if f.type == "array" else None
        bad = self.typed(f, raw)
        if isinstance(bad, Bad):
            self.add(file, line, bad.message, bad.hint, label, f.name)
            return MISSING
        return bad

    def typed(self, f: Field, raw: Any) -> Any:
        shown = show(raw)
        if f.type == "array":
            if isinstance(raw, str) and f.name in ("dependencies", "milestones"):
                return Bad(f"{shown} is text, not a list", f"write a list: [{raw}]")
            if not isinstance(raw, list):
                return Bad(f"{shown} is not a list", "write a list: [first, second] or one '- item' per line")
            items = []
            for item in raw:
                if isinstance(item, (list, dict)) or item is None:
                    return Bad("holds an item that is not text", "each list item is one line of text")
                if isinstance(item, bool):
                    return Bad(f"holds {show(item)}, which YAML reads as true/false", "put that item in double quotes")
                if isinstance(item, str) and CONTROL.search(item):
                    return _control(item)
                items.append(str(item))
            return items
        if isinstance(raw, (list, dict)):
            kind = "a list" if isinstance(raw, list) else "a nested block"
            return Bad(f"is {kind}, not a single value", f"write one value: {f.allowed}")
        if f.type == "integer":
            return self._integer(f, raw, shown)
        if f.type == "date":
            return date_value(raw, shown)
        if f.type == "boolean":
            if isinstance(raw, bool):
                return raw
            low = str(raw).strip().lower()
            if low in f.true_values:
                return True
            if low in f.false_values:
                return False
            return Bad(f"{shown} is not {f.allowed}", f"write {f.true_values[0]} or {f.false_values[0]}")
        return self._string(f, raw, shown)

    def _integer(self, f: Field, raw: Any, shown: str) -> Any:
        if isinstance(raw, bool):
            return Bad(f"{shown} is not a number", f"use {f.allowed}")
        if isinstance(raw, float):
            if not math.isfinite(raw):
                return Bad(f"{shown} is not a finite number", f"use {f.allowed}")
            return Bad(f"{shown} is not a whole number", f"use {f.allowed}")
        if isinstance(raw, str):
            text = raw.strip()
            m = re.fullmatch(r"([+-]?)0*(\d+)", text)
            if m is None:
                return Bad(f"{shown} is not a whole number", f"use {f.allowed}")
            if len(m.group(2)) > 9:  # beyond every bound of the format, and maybe beyond what int() reads
                beyond = f"below the minimum {f.minimum}" if m.group(1) == "-" else f"above the maximum {f.maximum}"
                return Bad(f"{shown} is {beyond}", f"use {f.allowed}")
            raw = int(text)
        if not isinstance(raw, int):
            return Bad(f"{shown} is not a number", f"use {f.allowed}")
        if f.minimum is not None and raw < f.minimum:
            return Bad(f"{raw} is below the minimum {f.minimum}", f"use {f.allowed}")
        if f.maximum is not None and raw > f.maximum:
            return Bad(f"{raw} is above the maximum {f.maximum}", f"use {f.allowed}")
        return raw

    def _string(self, f: Field, raw: Any, shown: str) -> Any:
        if isinstance(raw, bool):
            return Bad(f"{shown} is read by YAML as true/false, not text", "put the value in double quotes")
        if isinstance(raw, float) and not math.isfinite(raw):
            return Bad(f"{shown} is not text", "put the value in double quotes")
        text = raw if isinstance(raw, str) else str(raw)
        if CONTROL.search(text):
            return _control(text)
        text = text.strip() if f.enum or f.pattern else text
        if f.enum and text not in f.enum:
            lower = [e for e in f.enum if e == text.lower().replace(" ", "_").replace("-", "_")]
            close = lower or difflib.get_close_matches(text, f.enum, n=1)
            hint = f"did you mean '{close[0]}'? Allowed: {', '.join(f.enum)}" if close else f"use {f.allowed}"
            return Bad(f"{shown} is not allowed", hint)
        if f.regex is not None and not f.regex.fullmatch(text):
            example = _EXAMPLES.get(f.pattern or "", "")
            return Bad(
                f"{shown} does not have the expected form", f"write it like {example}" if example else f"match the pattern {f.pattern}"
            )
        if f.max_length is not None and len(text) > f.max_length:
            return Bad(f"is {len(text):,} characters long, above the limit of {f.max_length:,}", "shorten the text")
        return text

    # Records ------------------------------------------------------------------------------

    def label(self, r: Resource, table: Table, key: Any, index: int) -> str:
        """How a record is named in messages ('risk R-007', or 'feedback #12' without an id); its id
        is counted as seen even when a value is wrong, so one bad record does not cascade."""
        if r.shape == "record":
            return ""
        if key in (None, ""):
            return f"{r.noun} #{index}"
        if table.referred:
            table.seen.add(str(key).strip())
        return record_label(r.noun, key)

    def add_record(
        self, table: Table, cells: Iterable[Cell], where: tuple[str, str], line: int | None, field_lines: dict[str, int] | None = None
    ) -> None:
        """Type every value of one record (a YAML record or a CSV row); the record joins `table`
        only when every value is valid, and each wrong value is a problem with its place."""
        file, label = where
        values = []
        ok = True
        for f, raw, at, known in cells:
            value = known if known is not UNCHECKED else self.value(f, raw, (file, at, label))
            ok = ok and value is not MISSING
            values.append(value)
        if ok:
            table.add(tuple(values), line, field_lines)
        else:
            table.invalid += 1

    def record(self, r: Resource, rec: Record, file: str, index: int, table: Table) -> None:
        """A record read from YAML: unknown fields are problems, then every value is typed."""
        label = self.label(r, table, rec.values.get(r.primary_key) if r.primary_key else None, index)
        for name in rec.values:
            if r.field(name) is None and not (r.shape == "record" and any(x.key == name for x in self.fmt.resources)):
                close = difflib.get_close_matches(name, list(r.by_name), n=1)
                hint = (
                    f"did you mean '{close[0]}'?" if close else "remove it, or see the data reference for the fields of " + r.title.lower()
                )
                self.add(file, rec.line_of(name), f"unknown field {quoted(name)}", hint, label)
        cells = ((f, rec.values.get(f.name), rec.line_of(f.name), UNCHECKED) for f in r.fields)
        self.add_record(table, cells, (file, label), rec.line, rec.lines)


class Bad:
    """Why a value is wrong, and how to put it right."""

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
    "\\+[1-9][0-9]{0,3}( ?[0-9]{1,6}){2,6}": "+44 20 7946 0123 (a plus sign and the country code, then the number; spaces allowed)",
}


def show(raw: Any) -> str:
    """A raw value as messages quote it: text in quotes, short, with nothing a terminal acts on."""
    return quoted(raw) if not isinstance(raw, bool) else str(raw).lower()


def record_label(noun: str, key: Any) -> str:
    """How messages name a record by its id ('risk R-007'); an id that is long or holds characters
    a terminal would act on is quoted and cut, so that it cannot flood or forge a line."""
    text = str(key)
    plain = len(text) <= 40 and printable(text) == text and text.isprintable()
    return f"{noun} {text if plain else quoted(text)}"


def _control(text: str) -> Bad:
    m = CONTROL.search(text)
    assert m is not None
    if "\ud800" <= m.group() <= "\udfff":  # only a YAML escape such as \ud83d makes one
        return Bad(
            f"{quoted(text)} holds U+{ord(m.group()):04X}, half of a surrogate pair and no character",
            "write the character itself, or its escape with eight digits (\\U0001F600)",
        )
    return Bad(
        f"{quoted(text)} holds the control character U+{ord(m.group()):04X}",
        "delete it (most editors do not show it); a text holds letters, digits, punctuation, spaces, tabs and line breaks",
    )


def date_value(raw: Any, shown: str) -> Any:
    if isinstance(raw, dt.datetime):
        return Bad(f"{shown} is a date and time", f"write the date only: {raw.date().isoformat()}")
    if isinstance(raw, dt.date):
        return _in_range(raw, shown)
    text = str(raw).strip()
    if (m := _DATE_TIME.fullmatch(text)) and _real(m.group(1)):
        return Bad(f"{shown} is a date and time", f"write the date only: {m.group(1)}")
    if not _DATE.fullmatch(text):
        guess = _guess_iso(text)
        hint = f"write it as {guess}" if guess else "write dates as YYYY-MM-DD, for example 2026-03-31"
        return Bad(f"{shown} is not a date in the form YYYY-MM-DD", hint)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return Bad(f"{shown} is not a real date", "check the day and month (YYYY-MM-DD)")
    return _in_range(day, shown)


def _in_range(day: dt.date, shown: str) -> dt.date | Bad:
    if FIRST_DATE <= day <= LAST_DATE:
        return day
    return Bad(f"{shown} is not between the years {FIRST_DATE.year} and {LAST_DATE.year}", "check the year")


def _real(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


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
