"""YAML syntax errors that come from indentation, told as such.

A field indented one space too far or too little, or a list item out of line with the others, is
the most common YAML mistake, and the parser's own words for it ("mapping values are not allowed
here", "expected <block end>") point nowhere near it. These functions read the lines above the
error and say which line it fails to line up with, and in which columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"([A-Za-z_][\w-]*) *:(?: +(.*))?$")
_BLOCK = re.compile(r"[|>][-+0-9]*(?: +#.*)?")


@dataclass(frozen=True)
class Entry:
    """Where a line opens something: a list item's '-', or a field's name."""

    line: int  # 1-based
    column: int  # 0-based
    name: str  # the field's name; "" for a list item
    has_value: bool = False  # a field with its value on the same line (so nothing may be nested in it)


@dataclass(frozen=True)
class Misfit:
    """An indentation mistake: what to say and where it starts."""

    message: str
    hint: str
    column: int  # 1-based


def entries(line_no: int, text: str) -> list[Entry]:
    """What a line opens, deepest first: '- id: M-01' opens the field 'id' inside a list item."""
    stripped = text.lstrip(" ")
    column = len(text) - len(stripped)
    found = []
    if stripped == "-" or stripped.startswith("- "):
        found.append(Entry(line_no, column, ""))
        rest = stripped[1:].lstrip(" ")
        column, stripped = len(text) - len(rest), rest
    key = _KEY.match(stripped)
    if key:
        value = (key.group(2) or "").strip()
        found.insert(0, Entry(line_no, column, key.group(1), bool(value) and not value.startswith("#")))
    return found


def _structure(lines: list[str]) -> list[list[Entry]]:
    """Each line's entries; none for blank lines, comments and the text of block scalars (`>-`, `|`)."""
    out: list[list[Entry]] = []
    block_above: int | None = None  # the indentation of the field whose block text we are in
    for number, text in enumerate(lines, 1):
        indent = len(text) - len(text.lstrip(" "))
        if not text.strip() or text.lstrip().startswith("#") or (block_above is not None and indent > block_above):
            out.append([])
            continue
        found = entries(number, text)
        block_above = None
        if found and found[0].name and _BLOCK.fullmatch(_value(text)):
            block_above = found[0].column
        out.append(found)
    return out


def _value(text: str) -> str:
    key = _KEY.match(text.lstrip(" -"))
    return (key.group(2) or "").strip() if key else ""


def _open(structure: list[list[Entry]], line: int) -> list[Entry]:
    """The entries still open at `line` (1-based), nearest first: each further left than the one before."""
    found: list[Entry] = []
    limit = 1 << 30
    for row in reversed(structure[: line - 1]):
        for entry in row:
            if entry.column < limit:
                found.append(entry)
                limit = entry.column
    return found


def misfit(text: str, line: int) -> Misfit | None:
    """The indentation mistake on `line` (1-based) of `text`, if the error there is one."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    structure = _structure(lines)
    here = entries(line, lines[line - 1])
    opened = _open(structure, line)
    if not here or not opened:
        return None
    first = here[-1]  # the line's leftmost entry: its list item, or its field
    if first.name:
        return _field_misfit(first, opened)
    return _item_misfit(first, opened)


def _field_misfit(field: Entry, opened: list[Entry]) -> Misfit | None:
    above = opened[0]
    col = field.column + 1
    if above.name and above.has_value and field.column > above.column:
        return Misfit(
            f"'{field.name}' is indented further than '{above.name}' on line {above.line}, "
            f"so YAML reads it as part of the value of '{above.name}'",
            f"check the indentation: start '{field.name}' in column {above.column + 1}, like '{above.name}' "
            f"(it starts in column {col}); if it is part of that text, put the whole text in double quotes",
            col,
        )
    if field.column >= above.column or any(e.name and e.column == field.column for e in opened):
        return None  # in line with a field above: not an indentation mistake
    sibling = next((e for e in opened if e.name and e.column > field.column), None)
    if sibling is None:
        return None
    return Misfit(
        f"'{field.name}' is indented differently from the fields above it",
        f"check the indentation: '{field.name}' starts in column {col}, but '{sibling.name}' on line {sibling.line} "
        f"starts in column {sibling.column + 1}; the fields of one record start in the same column",
        col,
    )


def _item_misfit(item: Entry, opened: list[Entry]) -> Misfit | None:
    above = opened[0]
    if above.name and not above.has_value and item.column >= above.column:
        return None  # the first item of a list under its field
    if any(not e.name and e.column == item.column for e in opened):
        return None  # in line with the items of a list above
    sibling = next((e for e in opened if not e.name), None)
    if sibling is None:
        return None
    return Misfit(
        "this list item is out of line with the items above it",
        f"check the indentation: this '-' is in column {item.column + 1}, but the '-' on line {sibling.line} "
        f"is in column {sibling.column + 1}; the items of one list start in the same column",
        item.column + 1,
    )
