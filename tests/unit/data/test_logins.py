"""The quick look over a whole column for addresses with a login (data/logins.py)."""

from __future__ import annotations

import datetime as dt

from generator.data.logins import _LOGIN, _may_hold


def test_a_column_may_hold_a_login_only_where_both_marks_are() -> None:
    assert _may_hold([None, ["see", "https://ann:secret@wiki.example.org/x"], dt.date(2026, 1, 1), 3])  # in a list
    assert _may_hold(["mail ann@example.org", "https://example.org/"])  # both marks, in two values: looked at closer
    assert not _may_hold(["https://example.org/", None, ["a", "b"], dt.date(2026, 1, 1)])
    assert not _may_hold(["ann@example.org", "plain"])
    assert not _may_hold([])
    # What it lets through is what the closer look finds.
    assert _LOGIN.search("https://ann:secret@wiki.example.org/x") and not _LOGIN.search("mail ann@example.org https://example.org/")
