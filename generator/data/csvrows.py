"""A CSV file read as written: rows streamed with the line each starts on.

The reader is strict about double quotes, so a quote left open or a double quote inside a quoted
value is an error with its place (`quoting.py` says where it opened and how to fix it), never two
rows silently merged into one. A value that spans lines holding a line that reads as a row of its
own is a warning: most likely a row swallowed by a quote, though such a value can be meant.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.data.files import CSV_CAP, ReadError, open_data
from generator.data.quoting import Layout, quote_problem, row_like
from generator.data.read import SNIFF, decode, decode_problem
from generator.errors import Problem

MAX_CSV_VALUE = 100_000


@dataclass
class CsvRows:
    """A CSV file read row by row, streaming, each row with the line it starts on."""

    rel: str
    path: Path
    header: list[str]
    noun: str = "row"  # how messages name a record, with the value of the column `key`
    key: int = 0
    # Records that span lines, as (first line, last line): a value there may hold a swallowed row.
    spans: list[tuple[int, int]] = field(default_factory=list)

    def _open(self) -> io.BufferedReader:
        return open_data(self.path, self.rel, CSV_CAP, _CSV_MISSING.format(rel=self.rel))

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        self.spans = []
        with io.TextIOWrapper(self._open(), encoding="utf-8-sig", newline="", errors="strict") as fh:
            reader = csv.reader(fh, strict=True)
            next(reader, None)
            prev = reader.line_num
            try:
                for row in reader:
                    start, prev = prev + 1, reader.line_num
                    if prev != start:
                        self.spans.append((start, prev))
                    if not row or (len(row) == 1 and not row[0].strip()):
                        continue
                    yield start, row
            except csv.Error as exc:
                raise ReadError(self._unreadable(prev + 1, reader.line_num, str(exc))) from None
            except UnicodeDecodeError as exc:
                # Find the place of the bad byte for the message; cheap, it only runs on failure.
                with self._open() as raw:
                    raise ReadError(decode_problem(self.rel, raw.read(), exc)) from None

    @property
    def layout(self) -> Layout:
        return Layout(self.rel, self.header, self.noun, self.key)

    def _unreadable(self, first: int, last: int, reason: str) -> Problem:
        """Why the record from line `first` to `last` cannot be read: a quote gone wrong, told with
        where it opened and how to fix it; else the reader's own words."""
        if "field larger than field limit" not in reason:
            problem = quote_problem(self.layout, self._lines([(first, last)])[0], first)
            if problem is not None:
                return problem
        hint = f"values may be at most {MAX_CSV_VALUE:,} characters; check for an unclosed double quote"
        return Problem(self.rel, first, f"the CSV cannot be read here: {reason}", hint)

    def warnings(self) -> list[Problem]:
        """A warning for each record read whole whose value spans lines and holds a line that reads
        as a row of its own. Reads the file again, and only when some record spans lines."""
        if not self.spans:
            return []
        width, found = len(self.header), []
        for (first, _), lines in zip(self.spans, self._lines(self.spans), strict=True):
            rows = [n for n, text in enumerate(lines[1:], first + 1) if row_like(text, width)]
            if rows:
                found.append(self._swallowed(first, rows, next(csv.reader(lines), [])))
        return found

    def _swallowed(self, first: int, rows: list[int], values: list[str]) -> Problem:
        which = f"line {rows[0]}" if len(rows) == 1 else f"lines {rows[0]}-{rows[-1]}"
        at = next((i for i, v in enumerate(values) if "\n" in v or "\r" in v), 0)
        return Problem(
            self.rel,
            first,
            f"this double-quoted value runs on over {which}, which reads as a row of its own",
            "if that line is a row, close the double quote where the value ends; if it is part of the value, ignore this warning",
            self.layout.record(values),
            self.layout.column(at),
            severity="warning",
        )

    def _lines(self, spans: list[tuple[int, int]]) -> list[list[str]]:
        """The lines of each of `spans` (sorted, not overlapping), reading the file once."""
        out: list[list[str]] = [[] for _ in spans]
        starts = [a for a, _ in spans]
        with io.TextIOWrapper(self._open(), encoding="utf-8-sig", newline="", errors="replace") as fh:
            for number, line in enumerate(fh, 1):
                at = bisect.bisect_right(starts, number) - 1
                if at >= 0 and number <= spans[at][1]:
                    out[at].append(line)
                elif number > spans[-1][1]:
                    break
        return out


_CSV_MISSING = "create {rel} with its header line; `glasshouse new` shows an example"


def _no_line_feed(rel: str, head: bytes) -> Problem:
    """What the first 8 KB of a CSV without a line feed mean: old Mac line ends, or a header too long."""
    if b"\r" in head:
        what = "its lines end with a carriage return alone (the line ends of old Mac programs)"
        return Problem(rel, None, what, "save it again with ordinary line ends (LF, or CR LF): most editors offer the choice when saving")
    return Problem(
        rel, 1, f"the header line is longer than {SNIFF:,} bytes", "the first line holds only the column names, separated by commas"
    )


def read_csv(path: Path, rel: str) -> CsvRows:
    """Open a CSV file and read its header; rows are streamed by iterating the result."""
    with open_data(path, rel, CSV_CAP, _CSV_MISSING.format(rel=rel)) as fh:
        head = fh.read(SNIFF)
    if not head:
        raise ReadError(Problem(rel, None, "the file is empty", "it needs at least the header line"))
    if len(head) == SNIFF and b"\n" not in head:
        raise ReadError(_no_line_feed(rel, head))
    decode_head = head if len(head) < SNIFF else head[: head.rfind(b"\n") + 1]
    decode(decode_head, rel)
    csv.field_size_limit(MAX_CSV_VALUE)
    first = io.StringIO(decode_head.decode("utf-8-sig", errors="replace"), newline="")
    header = next(csv.reader(first), [])
    return CsvRows(rel, path, [h.strip() for h in header])
