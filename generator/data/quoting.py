"""Double quotes in a CSV file that do not do what their writer meant, told as such.

Python's CSV reader, strict, stops where a quote goes wrong but says only "',' expected after '\"'"
or "unexpected end of data", on the line where it noticed. The writer needs to know where the quote
opened, where the damage shows and what to type. Two mistakes cause nearly all of it:

- a value opened with a double quote and never closed runs on over the next lines, swallowing the
  rows there into one value, until another double quote (or the end of the file) ends it;
- a double quote inside a double-quoted value, not written twice, ends the value early.

A value that really spans lines is allowed, but a line inside it that reads as a row of its own is
most likely a swallowed row: that is a warning.

Everything here runs only on the few records that need it, after the fast reader found them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass

from generator.errors import Problem, quoted

_QUOTE = '"'
_SHOWN = 40  # characters of a value shown in a message


@dataclass(frozen=True)
class QuoteTrouble:
    """Where a double-quoted value went wrong in one record."""

    field: int  # the value's position in the row
    opened: tuple[int, int]  # line and column (1-based) of its opening double quote
    ended: tuple[int, int] | None  # where a double quote followed by more text ended it; None: never ended
    values: tuple[str, ...]  # the record's values before the troubled one, for its id
    text: str  # the value as it reads from its opening quote to the end of the line where the damage shows


def scan(lines: Sequence[str], first: int) -> QuoteTrouble | None:
    """The first double-quoted value in a record (its `lines`, the first one numbered `first`) that
    is not closed, or whose closing quote is followed by more text; None when every quote is sound.
    Follows the rules of Python's CSV reader with its default dialect."""
    state, field = "start", 0
    values: list[str] = []
    value: list[str] = []
    opened = (first, 1)
    for number, line in enumerate(lines, first):
        for col, ch in enumerate(line, 1):
            if state == "start":
                if ch == _QUOTE:
                    state, opened, value = "quoted", (number, col), []
                    continue
                state = "plain"
            if state == "plain":
                if ch == ",":
                    field, state = field + 1, "start"
                    values.append("".join(value))
                    value = []
                elif ch not in "\r\n":
                    value.append(ch)
            elif state == "quoted":
                if ch == _QUOTE:
                    state = "quote"
                else:
                    value.append(ch)
            elif state == "quote":  # a double quote inside a quoted value: doubled, closing, or wrong
                if ch == _QUOTE:
                    state = "quoted"
                    value.append(ch)
                elif ch == ",":
                    field, state = field + 1, "start"
                    values.append("".join(value))
                    value = []
                elif ch in "\r\n":
                    state = "start"
                else:
                    return QuoteTrouble(field, opened, (number, col - 1), tuple(values), _QUOTE + "".join(value) + _QUOTE + line[col - 1 :])
    if state == "quoted":
        return QuoteTrouble(field, opened, None, tuple(values), _QUOTE + "".join(value))
    return None


def row_like(line: str, width: int) -> bool:
    """Whether a line, read alone, is a row: as many values as the header has columns."""
    return width > 1 and len(next(csv.reader([line]), [])) == width


@dataclass(frozen=True)
class Layout:
    """What messages need to know of the file: its name, its header, and its id column."""

    rel: str
    header: Sequence[str]
    noun: str = "row"
    key: int = 0  # the position of the id column

    def record(self, values: Sequence[str]) -> str:
        key = values[self.key].strip() if self.key < len(values) else ""
        return f"{self.noun} {key}" if key and key.isprintable() and len(key) <= _SHOWN else ""

    def column(self, field: int) -> str:
        return self.header[field] if field < len(self.header) else ""


def quote_problem(layout: Layout, lines: Sequence[str], first: int) -> Problem | None:
    """The error for a record whose quoting the strict reader refused, from its lines; None when
    the trouble is not one of quoting (the reader's own message serves then)."""
    trouble = scan(lines, first)
    if trouble is None:
        return None
    line, col = trouble.opened
    record, field = layout.record(trouble.values), layout.column(trouble.field)
    later = lines[line - first + 1 :]
    swallowed = [(n, text) for n, text in enumerate(later, line + 1) if row_like(text, len(layout.header))]
    if trouble.ended is None or swallowed:
        message = _runaway(trouble, first + len(lines) - 1, layout, swallowed)
        return Problem(
            layout.rel, line, message, _close_hint(lines[line - first], col, trouble.field, len(layout.header)), record, field, col
        )
    end_line, end_col = trouble.ended
    after = trouble.text[trouble.text.index(_QUOTE, 1) + 1 :] if end_line == line else lines[end_line - first][end_col:]
    place = f" on line {end_line}" if end_line != line else ""
    message = f"the double quote before {quoted(after.rstrip(), 30)}{place} ends this double-quoted value early"
    return Problem(layout.rel, line, message, _double_hint(lines[line - first][col - 1 :]), record, field, col)


def _runaway(trouble: QuoteTrouble, last: int, layout: Layout, swallowed: Sequence[tuple[int, str]]) -> str:
    if trouble.ended is None:
        end = "to the end of the file" if last == trouble.opened[0] else f"to the end of the file (line {last})"
    else:
        end = f"to a double quote on line {trouble.ended[0]}"
    message = f"a double quote opens this value and is never closed on its line, so the value runs on {end}"
    if len(swallowed) == 1:
        number, text = swallowed[0]
        record = layout.record(next(csv.reader([text]), []))
        return message + f", swallowing the row on line {number}" + (f" ({record})" if record else "")
    if swallowed:
        return message + f", swallowing the rows on lines {swallowed[0][0]}-{swallowed[-1][0]}"
    return message


def _close_hint(line: str, col: int, field: int, width: int) -> str:
    """Where to close the value: before the commas of the values that still follow it in the row,
    when the rest of the line holds just enough of them."""
    rest = line[col:].rstrip("\r\n")
    pieces = rest.split(",")
    values = len(pieces) - (width - field - 1)
    doubled = 'a double quote inside a value is written twice: ""'
    if values >= 1 and _QUOTE not in rest:
        value = _QUOTE + ",".join(pieces[:values]) + _QUOTE
        return f"close the value with a double quote where it ends, before the comma of the next value: {_shown(value)} ({doubled})"
    return f"close the value with a double quote where it ends on this line ({doubled})"


def _double_hint(rest: str) -> str:
    """How the value reads with its inner double quotes written twice: up to the last double quote
    on its line that is followed by a comma or the end of the line, where the value most likely ends."""
    text = rest.rstrip("\r\n")
    end = max((i for i, ch in enumerate(text) if ch == _QUOTE and (i + 1 == len(text) or text[i + 1] == ",")), default=0)
    if end > 0:
        fixed = _QUOTE + text[1:end].replace(_QUOTE, _QUOTE * 2) + _QUOTE
        return f"write each double quote inside a double-quoted value twice: {_shown(fixed)}"
    return 'write each double quote inside a double-quoted value twice (""), and close the value with one double quote'


def _shown(text: str) -> str:
    return text if len(text) <= 2 * _SHOWN else text[: 2 * _SHOWN - 4] + '..."'
