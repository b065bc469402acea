"""The quick look over a whole column for addresses with a login (data/logins.py), a piece of the
column at a time (`Table.joined`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generator.data import tables
from generator.data.format import data_format
from generator.data.logins import _LOGIN, _may_hold
from generator.data.tables import Table


def _looked_at(values: list[Any]) -> bool:
    """Whether the quick look lets a column of `values` (milestones' descriptions) through to the closer one."""
    resource = data_format().resource("milestones")
    at = [f.name for f in resource.fields].index("description")
    table = Table(resource, rows=[tuple(v if i == at else None for i in range(len(resource.fields))) for v in values])
    return any(map(_may_hold, table.joined("description", "\n")))


def test_a_column_may_hold_a_login_only_where_both_marks_are(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _looked_at([None, ["see", "https://ann:secret@wiki.example.org/x"], dt.date(2026, 1, 1), 3])  # in a list
    assert _looked_at(["mail ann@example.org", "https://example.org/"])  # both marks, in two values: looked at closer
    assert not _looked_at(["https://example.org/", None, ["a", "b"], dt.date(2026, 1, 1)])
    assert not _looked_at(["ann@example.org", "plain"])
    assert not _looked_at([])
    # A piece at a time: both marks in one value are always in one piece.
    monkeypatch.setattr(tables, "JOINED", 2)
    assert _looked_at(["a", "b", "c", "d", "https://ann:secret@wiki.example.org/x"])
    assert not _looked_at(["mail ann@example.org", "b", "https://example.org/"])  # in two pieces
    # What it lets through is what the closer look finds.
    assert _LOGIN.search("https://ann:secret@wiki.example.org/x") and not _LOGIN.search("mail ann@example.org https://example.org/")
