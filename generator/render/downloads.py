"""The registers as CSV files customers can download, made from the audience's model.

A cell that starts with `=`, `+`, `-` or `@` is a formula to Excel, LibreOffice and Google Sheets,
and a formula can fetch URLs or run commands when the file is opened ("CSV injection"). Every
text cell that could be read so is prefixed with an apostrophe, which spreadsheets show as text
and do not display; numbers stay numbers. Being made from the model, a download holds exactly what
the pages may show: no internal record, no internal or private field, only redacted quotes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.model.status import Status

FORMULA_START = ("=", "+", "-", "@")
DIRECTORY = "downloads"


@dataclass(frozen=True)
class Download:
    path: str
    title: str
    content: bytes


_LOOK_CLOSER = frozenset(("\t", "\r", " ", "\n", *FORMULA_START))


def cell(value: Any) -> str | int:
    """One value as a spreadsheet cell that cannot be read as a formula."""
    if type(value) is str and value[:1] not in _LOOK_CLOSER:
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
    if text[:1] in ("\t", "\r") or text.lstrip(" \n")[:1] in FORMULA_START:
        return "'" + text
    return text


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A CSV file as spreadsheets open it without asking: UTF-8 with a byte order mark, CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


Columns = tuple[str, ...]


def _rows(records: Any, columns: Columns, **computed: Callable[[Any], Any]) -> list[list[Any]]:
    """Each record's attributes named in `columns`; `computed` gives those worked out otherwise."""
    return [[computed[c](r) if c in computed else getattr(r, c) for c in columns] for r in records]


MILESTONES = ("id", "title", "status", "owner", "baseline", "forecast", "done", "slip_days", "slip_reason", "dependencies",
              "deliverables", "description")  # fmt: skip
RISKS = ("id", "title", "category", "status", "likelihood", "impact", "exposure", "severity", "owner", "raised", "next_review",
         "milestones", "description", "mitigation")  # fmt: skip
FEEDBACK = ("id", "date", "segment", "channel", "rating", "theme", "quote", "response", "action", "milestone", "change")
CHANGES = ("id", "title", "requested_by", "date", "decision", "decided", "schedule_impact_days", "milestones", "rationale")


def _registers(s: Status) -> dict[str, tuple[str, Columns, list[list[Any]]]]:
    segment = s.project.segment_name
    return {
        "milestones": ("Milestones", MILESTONES, _rows(sorted(s.milestones, key=lambda m: (m.baseline, m.id)), MILESTONES)),
        "risks": ("Risks", RISKS, _rows(sorted(s.risks, key=lambda r: (-r.exposure, r.id)), RISKS)),
        "feedback": (
            "Feedback",
            FEEDBACK,
            _rows(sorted(s.feedback, key=lambda f: (f.date, f.id)), FEEDBACK, segment=lambda f: segment(f.segment)),
        ),
        "changes": (
            "Change requests",
            CHANGES,
            _rows(sorted(s.changes, key=lambda c: (c.date, c.id)), CHANGES, requested_by=lambda c: segment(c.requested_by)),
        ),
    }


def downloads(status: Status) -> tuple[Download, ...]:
    """One CSV file per register: downloads/milestones.csv, risks.csv, feedback.csv, changes.csv."""
    return tuple(Download(f"{DIRECTORY}/{name}.csv", title, table(head, rows)) for name, (title, head, rows) in _registers(status).items())
