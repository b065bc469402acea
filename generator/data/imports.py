"""Survey results into feedback.csv: the rows of a survey tool's CSV export (Google Forms,
Microsoft Forms, Typeform...) turned into feedback rows as a small mapping file says.

`added_rows` decides, without touching a file: which column holds the date (and how it is
written), the rating (and its scale, turned into 1 to 5), the quote, the segment (a column, its
values mapped to segment ids, or one segment for all) and the consent answer. Consent is "no"
unless the answer is one the mapping counts as yes. A row already in feedback.csv (the same date,
segment, rating and quote) is skipped, so an export imported twice adds nothing. `import_export`
writes: the new file is checked with the whole data (`validate`) in a copy of the data directory
first, and replaces feedback.csv in one step only when it is valid. Quotes are kept as written,
like typed ones: the build redacts both the same way (model/privacy.py).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.data.validate import validate
from generator.errors import DataError, Problem

FEEDBACK = "feedback.csv"
YES = ("yes", "true", "y", "1")


@dataclass(frozen=True)
class Columns:
    """What a mapping file says (see the guide's recipe)."""

    date: str
    date_format: str = "%Y-%m-%d"
    quote: str = ""
    rating: str = ""
    out_of: int = 5
    consent: str = ""
    yes: tuple[str, ...] = YES
    segment: str = ""  # a column of the export, or "" for `segment_id` on every row
    segment_values: Mapping[str, str] = field(default_factory=dict)
    segment_id: str = ""
    channel: str = "survey"
    theme: str = "survey"


def _problem(where: str, message: str, hint: str = "", line: int | None = None, record: str = "") -> Problem:
    return Problem(where, line, message, hint, record)


def read_mapping(text: str, where: str) -> Columns:
    """The mapping file's settings, or a DataError naming what is missing or wrong."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError([_problem(where, f"not valid YAML: {exc}")]) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("date"), (str, dict)):
        raise DataError([_problem(where, "says no `date` column", "date: {column: Timestamp, format: '%m/%d/%Y'}")])

    def part(key: str) -> dict[Any, Any]:
        value = raw.get(key)
        return {"column": value} if isinstance(value, str) else dict(value or {})

    date, rating, consent, segment = part("date"), part("rating"), part("consent"), raw.get("segment")
    seg: dict[str, Any] = (
        {"segment_id": segment}
        if isinstance(segment, str)
        else {
            "segment": str((segment or {}).get("column", "")),
            "segment_values": {str(k): str(v) for k, v in ((segment or {}).get("values") or {}).items()},
        }
    )
    if not seg.get("segment_id") and not seg.get("segment"):
        raise DataError([_problem(where, "says no `segment`", "segment: port-staff, or segment: {column: Group, values: {...}}")])
    out_of = rating.get("out_of", 5)
    if not isinstance(out_of, int) or out_of < 2:
        raise DataError([_problem(where, f"rating's out_of is {out_of!r}, not a whole number from 2", "out_of: 10")])
    return Columns(
        date=str(date.get("column", "")),
        date_format=str(date.get("format", "%Y-%m-%d")),
        quote=str(raw.get("quote") or ""),
        rating=str(rating.get("column", "")),
        out_of=out_of,
        consent=str(consent.get("column", "")),
        # YAML reads a bare `yes` as true, as a key and as a value.
        yes=tuple(("yes" if v is True else str(v)).casefold() for v in (consent.get("yes") or consent.get(True) or YES)),
        channel=str(raw.get("channel", "survey")),
        theme=str(raw.get("theme", "survey")),
        **seg,
    )


def scaled(value: str, out_of: int) -> str:
    """A rating out of `out_of` on the project's scale, 1 to 5 ("" stays ""); 8 of 10 is 4."""
    if not value.strip():
        return ""
    number = float(value.strip().replace(",", "."))
    if not 0 <= number <= out_of:
        raise ValueError(f"{value.strip()} is not between 0 and {out_of}")
    return str(max(1, int(number * 5 / out_of + 0.5)))


def _date(text: str, fmt: str) -> str:
    first = text.strip().split(" ")[0] if " " not in fmt else text.strip()
    return dt.datetime.strptime(first, fmt).date().isoformat()


def _key(row: Mapping[str, str]) -> tuple[str, ...]:
    return (row.get("date", ""), row.get("segment", ""), row.get("rating", ""), " ".join((row.get("quote") or "").split()))


def _next_id(rows: Sequence[Mapping[str, str]]) -> int:
    numbers = [int(r["id"][3:]) for r in rows if r.get("id", "").startswith("FB-") and r["id"][3:].isdigit()]
    return max(numbers, default=0) + 1


def _row(record: Mapping[str, str], m: Columns) -> dict[str, str]:
    def cell(column: str) -> str:
        return (record.get(column) or "").strip() if column else ""

    segment = m.segment_values.get(cell(m.segment), cell(m.segment)) if m.segment else m.segment_id
    return {
        "date": _date(cell(m.date), m.date_format),
        "segment": segment,
        "channel": m.channel,
        "rating": scaled(cell(m.rating), m.out_of),
        "theme": m.theme,
        "quote": cell(m.quote).replace("\r\n", "\n"),
        "consent": "yes" if m.consent and cell(m.consent).casefold() in m.yes else "no",
        "action": "received",
    }


def added_rows(existing: str, export: str, m: Columns, where: str) -> tuple[str, int, int]:
    """feedback.csv's text with the export's new rows after its own, how many were added and how
    many skipped as imported before. A row that cannot be read is a DataError naming its line."""
    current = list(csv.DictReader(io.StringIO(existing)))
    header = next(csv.reader(io.StringIO(existing)), [])
    reader = csv.DictReader(io.StringIO(export.removeprefix("\ufeff")))
    missing = [c for c in (m.date, m.quote, m.rating, m.consent, m.segment) if c and c not in (reader.fieldnames or [])]
    if missing:
        columns = ", ".join(reader.fieldnames or [])
        raise DataError([_problem(where, f"has no column {', '.join(missing)}", f"its columns are {columns}")])
    seen = {_key(r) for r in current}
    number, added, skipped, problems = _next_id(current), [], 0, []
    for record in reader:
        try:
            row = _row(record, m)
        except ValueError as exc:
            problems.append(_problem(where, f"cannot be read: {exc}", "check the mapping's format and out_of", reader.line_num))
            continue
        if _key(row) in seen:
            skipped += 1
            continue
        seen.add(_key(row))
        added.append({"id": f"FB-{number:04d}", **row})
        number += 1
    if problems:
        raise DataError(problems)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", restval="")
    writer.writerows(added)
    text = existing if not existing or existing.endswith("\n") else existing + "\n"
    return text + out.getvalue(), len(added), skipped


def import_export(data_dir: Path, export: Path, mapping: Path) -> tuple[int, int]:
    """Add the export's new rows to data_dir's feedback.csv once the whole data is valid with them;
    nothing is written on any problem. Returns (added, skipped)."""
    m = read_mapping(mapping.read_text(encoding="utf-8"), mapping.name)
    target = data_dir / FEEDBACK
    text, added, skipped = added_rows(target.read_text(encoding="utf-8"), export.read_text(encoding="utf-8-sig"), m, export.name)
    if not added:
        return 0, skipped
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / data_dir.name
        shutil.copytree(data_dir, trial)
        (trial / FEEDBACK).write_text(text, encoding="utf-8")
        try:
            validate(trial)
        except DataError as exc:  # named as in the project's data directory, not the copy's
            raise DataError([dataclasses.replace(p, file=p.file.replace(str(trial), str(data_dir))) for p in exc.problems]) from None
    fd, name = tempfile.mkstemp(dir=data_dir, prefix=".feedback-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return added, skipped
