"""Starting text left in the data: every "Replace me" that `glasshouse new` wrote and nobody replaced.

`validate` warns about each one, with its place; `publish` refuses while any remains, so that a
customer never reads "Replace me: the status in one sentence" as the project's headline.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.data.tables import Dataset, display_path
from generator.data.values import record_label
from generator.errors import Problem

MARK = "Replace me"
# The mark as the starter writes it: in texts, and in the example contact's address (replace-me@example.org).
_MARKED = re.compile(r"replace[ -]me", re.IGNORECASE)
TEXT_TYPES = ("string", "array")


def leftovers(data: Dataset, data_dir: Path) -> list[Problem]:
    """A warning for each value of the data that still holds the starting text's mark."""
    found = []
    for table in data.tables.values():
        r = table.resource
        # Only text and lists (of text) can hold the mark; a date, number or yes/no cannot.
        texts = [(at, name) for at, name in enumerate(table.columns) if (f := r.field(name)) is not None and f.type in TEXT_TYPES]
        # A column at a time first, in bulk: a large log holds no mark, and a column without one is
        # done. Each value as str() writes it: a list's strings appear in it with every letter,
        # space and hyphen as they are, so a mark is never missed (a value merely looking like
        # one is looked at again below).
        texts = [(at, name) for at, name in texts if table.may_hold(name, _may_hold)]
        if not texts:
            continue
        file = display_path(data_dir / r.path)
        for index, row in enumerate(table.rows):
            key = row[table.columns.index(r.primary_key)] if r.primary_key in table.columns else None
            for at, name in texts:
                if _marked(row[at]):
                    label = record_label(r.noun, key) if key is not None else ""
                    found.append(_problem(file, table.line(index, name), label, name))
    return found


def _may_hold(text: str) -> bool:
    """Whether `text` holds the mark in any case: a plain search of its lower case, many times
    quicker on a large log than the case-blind pattern."""
    lowered = text.lower()
    return "replace me" in lowered or "replace-me" in lowered


def _marked(value: object) -> bool:
    if isinstance(value, str):
        return _MARKED.search(value) is not None
    if isinstance(value, tuple | list):
        return any(_marked(v) for v in value)
    return False


def _problem(file: str, line: int | None, record: str, name: str) -> Problem:
    return Problem(
        file,
        line,
        f"still holds the starting text ({MARK!r})",
        "write your project's own words here; `glasshouse publish` refuses while any starting text is left",
        record,
        name,
        severity="warning",
    )
