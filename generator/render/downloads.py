"""The registers as CSV files customers can download, made from the audience's model.

A cell that starts with `=`, `+`, `-`, `@` or `|` is a formula (or a DDE call) to Excel,
LibreOffice and Google Sheets, and a formula can fetch URLs or run commands when the file is
opened ("CSV injection"). Spreadsheets also skip what comes before it (spaces, tabs and line
breaks, invisible characters such as a zero-width space or a byte order mark) and read the
full-width and small forms (`＝ ＋ － ＠ ﹦ ｜`) as the signs themselves. So a text cell is
prefixed with an apostrophe, which spreadsheets show as text and do not display, whenever its
first visible character after Unicode (NFKC) normalisation is one of those signs; numbers stay
numbers. Control characters (NUL and the other C0 and C1 controls but tab, CR and LF, which
quoted CSV carries) and lone surrogates are removed: they mean nothing in a cell, and some
programs cut a cell, or the file, at them. Being made from the model, a download holds exactly
what the pages may show: no internal record, no internal or private field, only redacted quotes.

A download is not held in memory: it is written, a row at a time, to the file object it is given
when the site is written (`Streamed`), so that a log of a million rows (some 280 MB as CSV) is
never held whole beside the model it is made from.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import operator
import re
import string
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from generator.bulk import no_cycle_collection
from generator.model.status import Status

FORMULA_START = frozenset("=+-@|")
DIRECTORY = "downloads"


@dataclass(frozen=True)
class Streamed:
    """A file written when the site is written, a piece at a time, to the binary file object
    `write` is given; as often as asked, the same bytes each time. Two with equal keys (when not
    None) write the same bytes: a preview need not write a large file again for an edit elsewhere."""

    write: Callable[[IO[bytes]], None]
    key: Hashable = None

    def bytes(self) -> bytes:
        """The whole file in memory: for what reads it whole (tests, a scan for values to purge)."""
        out = io.BytesIO()
        self.write(out)
        return out.getvalue()


@dataclass(frozen=True)
class Download:
    path: str
    title: str
    content: Streamed


# Characters that never belong in a cell: C0 and C1 controls but tab, LF and CR; DEL; surrogates.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# What a reader does not see before the first visible character: spaces and line breaks (Z*),
# controls, format characters (zero-width space, BOM, direction marks), unassigned and private
# code points, combining marks, and the Hangul fillers (letters that Unicode says to draw as nothing).
_UNSEEN_CATEGORIES = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me"))
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_PLAIN_START = frozenset(string.ascii_letters + string.digits)


def formula_start(text: str) -> bool:
    """Would a spreadsheet read `text` as a formula: is its first visible character, normalised, a formula sign?"""
    for ch in unicodedata.normalize("NFKC", text):
        if ch not in _FILLERS and unicodedata.category(ch) not in _UNSEEN_CATEGORIES:
            return ch in FORMULA_START
    return False


def cell(value: Any) -> str | int:
    """One value as a spreadsheet cell that cannot be read as a formula and holds no control character."""
    if type(value) is str and value[:1] in _PLAIN_START and value.isprintable():
        return value  # most cells: text that starts with a letter or digit
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = "; ".join(str(v) for v in value) if isinstance(value, (tuple, list)) else str(value)
    text = _UNWANTED.sub("", text)
    return "'" + text if formula_start(text) else text


def write_table(out: IO[bytes], headers: Sequence[str], chunks: Iterable[Sequence[Sequence[Any]]]) -> None:
    """A CSV file as spreadsheets open it without asking (UTF-8 with a byte order mark, CRLF
    lines), written to `out` from columns of cells (`cells`) a chunk of rows at a time: the text
    of a large log is never held whole (as a str, four bytes a character once a quote holds an
    emoji), nor are its bytes. Written as Python's csv module writes (minimal quoting: a cell in
    double quotes when it holds a comma, a double quote or a line break), a column at a time: its
    writer took three quarters of the time of a million rows."""
    out.write(b"\xef\xbb\xbf")
    with no_cycle_collection():  # a row is a new tuple: a million rows would wake the collector thousands of times
        for columns in itertools.chain([[[h] for h in headers]], chunks):  # the chunks one by one, as they are made
            texts = [_csv_cells(column, single=len(columns) == 1) for column in columns]
            out.write(("\r\n".join(map(",".join, zip(*texts, strict=True))) + "\r\n").encode("utf-8"))


_QUOTED = re.compile('[,"\r\n]')


def _csv_cells(column: Sequence[Any], single: bool = False) -> list[str]:
    """A column of cells as CSV text: a column without a comma, double quote or line break (most
    are) is found so at once, in one search of it joined. An empty cell alone in its row is
    written as two double quotes, as the csv module writes it (else the line would read as no row)."""
    texts = [v if type(v) is str else str(v) for v in column]
    if _QUOTED.search("\x00".join(texts)) is not None:
        search = _QUOTED.search
        texts = ['"' + t.replace('"', '""') + '"' if search(t) else t for t in texts]
    return [t or '""' for t in texts] if single else texts


def cells(column: Sequence[Any], name: Callable[[Any], Any] | None = None) -> list[Any]:
    """A column of values as cells (`cell`), of `name`'s name for each when given. A value the
    column repeats (a date, a group, a choice) is made a cell once; a column of values mostly
    unique (ids, quotes) is taken value by value, with cell()'s first case written out here (a
    call for each of a million values costs more than writing them). A column holds values of
    one type, so values equal across types (1 and True) never share a cell."""
    try:
        distinct: dict[Any, Any] = dict.fromkeys(column)
    except TypeError:  # a list is not hashable
        return [cell(name(v) if name else v) for v in column]
    if name is None and len(distinct) * 2 > len(column):
        plain = _PLAIN_START
        return [v if type(v) is str and v[:1] in plain and v.isprintable() else cell(v) for v in column]
    for v in distinct:
        distinct[v] = cell(name(v) if name else v)
    return list(map(distinct.__getitem__, column))


Columns = tuple[str, ...]


CHUNK = 10_000  # records made cells at a time


def _rows(
    records: Iterable[Any], columns: Columns, renamed: dict[str, str] | None = None, named: dict[str, Callable[[str], str]] | None = None
) -> Iterator[list[list[Any]]]:
    """Each record's attributes named in `columns` (or, for a column in `renamed`, the attribute
    named there) as rows of cells, CHUNK records at a time, made column by column; a column in
    `named` holds an id, written as the name that function gives it (a customer group's)."""
    gets = [operator.attrgetter((renamed or {}).get(c, c)) for c in columns]
    names = [(named or {}).get(c) for c in columns]
    remaining = iter(records)
    while chunk := list(itertools.islice(remaining, CHUNK)):
        yield [cells(list(map(get, chunk)), name) for get, name in zip(gets, names, strict=True)]


MILESTONES = ("id", "title", "status", "owner", "baseline", "forecast", "done", "slip_days", "slip_reason", "dependencies",
              "deliverables", "description")  # fmt: skip
RISKS = ("id", "title", "category", "status", "likelihood", "impact", "exposure", "severity", "owner", "raised", "next_review",
         "milestones", "description", "mitigation")  # fmt: skip
FEEDBACK = ("id", "date", "segment", "channel", "rating", "theme", "quote", "response", "action", "answered", "milestone", "change")
CHANGES = ("id", "title", "requested_by", "date", "decision", "decided", "schedule_impact_days", "milestones", "rationale")


def _registers(s: Status) -> dict[str, tuple[str, Columns, Callable[[], Iterator[list[list[Any]]]]]]:
    """Each register's title, columns and its rows in order, made when asked for."""
    segment = s.project.segment_name
    by_date, by_baseline = operator.attrgetter("date", "id"), operator.attrgetter("baseline", "id")
    return {
        "milestones": ("Milestones", MILESTONES, lambda: _rows(sorted(s.milestones, key=by_baseline), MILESTONES)),
        "risks": ("Risks", RISKS, lambda: _rows(sorted(s.risks, key=lambda r: (-r.exposure, r.id)), RISKS)),
        "feedback": (
            "Feedback",
            FEEDBACK,
            lambda: _rows(s.feedback_by_date, FEEDBACK, {"answered": "answered_on"}, {"segment": segment}),
        ),
        "changes": (
            "Change requests",
            CHANGES,
            lambda: _rows(sorted(s.changes, key=by_date), CHANGES, named={"requested_by": segment}),
        ),
    }


def downloads(status: Status) -> tuple[Download, ...]:
    """One CSV file per register: downloads/milestones.csv, risks.csv, feedback.csv, changes.csv,
    each written when the site is."""

    def written(name: str, head: Columns, rows: Callable[[], Iterator[list[list[Any]]]]) -> Streamed:
        # The log's file is made of its records and the customer groups' names alone.
        key = (name, status.feedback, status.project.segments) if name == "feedback" else None
        return Streamed(lambda out: write_table(out, head, rows()), key)

    return tuple(
        Download(f"{DIRECTORY}/{name}.csv", title, written(name, head, rows)) for name, (title, head, rows) in _registers(status).items()
    )
