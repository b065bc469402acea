"""A long feedback log is checked in batches, column by column (generator/data/csvfile.py); that
must find exactly what checking each row on its own, value by value, finds: the same problems in
the same order, and the same records.

A batch is added whole when every value in it is valid, so a wrong value the batch path missed
would go unreported only in a batch where it is the only wrong value. Each kind of wrong value
therefore has a batch of its own; batches are made 1,000 rows long here to keep the file small,
while csvfile.UNIQUE keeps its value, so that columns of mostly distinct texts take the bulk path
as in a real log. The same file is also checked with batches of the real length."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.data import csvfile
from generator.data.readings import Readings
from generator.data.rules import check_rules
from generator.data.tables import Table
from generator.data.validate import read_tables
from tests.support.projects import FIXTURES

SMALL = 1_000  # rows a batch
HEADER = ["id", "date", "segment", "channel", "rating", "theme", "quote", "consent", "respondent", "response", "action", "milestone",
          "change", "visibility"]  # fmt: skip
CHANNELS = ["survey", "interview", "workshop", "email", "support", "review", " email "]
ACTIONS = ["received", "planned", "done", "declined"]


def _row(n: int) -> list[str]:
    """A valid row. Dates, segments, channels, ratings and answers repeat; ids, quotes and
    respondents do not, and themes take more distinct values than csvfile.UNIQUE."""
    action = ACTIONS[n % 4]
    return [
        f"FB-{n:07d}",
        f"2026-03-{n % 31 + 1:02d}",
        ("users", "sponsors")[n % 2],
        CHANNELS[n % 7],
        ("", "1", "2", "3", " 4", "5")[n % 6],
        f"theme {n % 3000}",
        f"Quote {n}, with a comma" if n % 5 else "",
        ("yes", "no", "", "Yes")[n % 4],
        f"Person {n}" if n % 7 else "",
        f"Answer {n % 40}" if action != "received" else "",
        action,
        ("", "M-01", "M-02")[n % 3],
        ("", "", "CR-01", "CR-02")[n % 4],
        ("", "", "", "internal")[n % 4],
    ]


def _set(column: str, value: str) -> Callable[[list[str]], list[str]]:
    def change(row: list[str]) -> list[str]:
        row[HEADER.index(column)] = value
        return row

    return change


# Each in a batch of its own, after ten valid ones: as long as one batch of the real length.
VALID = csvfile.BATCH // SMALL
ALONE: list[Callable[[list[str]], list[str]]] = [
    _set("channel", "fax"),
    _set("channel", "Survey"),
    _set("date", "2026-02-30"),
    _set("date", "31/03/2026"),
    _set("rating", "6"),
    _set("rating", "x"),
    _set("date", ""),
    _set("segment", ""),
    _set("theme", "   "),
    _set("action", ""),
    lambda row: row[:-3],
    lambda row: [*row, "extra"],
    _set("id", "FB-12"),
    _set("id", ""),
    _set("quote", "x" * 2001),
    _set("respondent", "y" * 121),
    _set("consent", "maybe"),
]
TOGETHER = (VALID + len(ALONE)) * SMALL  # a batch with wrong values in its first and last rows and between
RULES = TOGETHER + SMALL  # a batch of valid values, some breaking rules across records
ROWS = RULES + SMALL + SMALL // 2
# Row number (from 0) and how the row is broken: a wrong value, so the row is left out.
WRONG_VALUE: dict[int, Callable[[list[str]], list[str]]] = {(VALID + i) * SMALL + 37 * i: change for i, change in enumerate(ALONE)} | {
    TOGETHER: _set("channel", "fax"),
    TOGETHER + 1: _set("rating", "0"),
    TOGETHER + 5: _set("theme", " "),
    TOGETHER + 6: _set("date", "2026-3-31"),
    TOGETHER + 7: _set("id", ""),
    TOGETHER + 8: lambda row: row[:5],
    TOGETHER + 9: _set("action", "answered"),
    TOGETHER + SMALL - 1: _set("date", "2026-13-01"),
    ROWS - 1: _set("quote", "z" * 2001),
}
# Valid values, but a rule across records broken: found after reading, and the row is kept.
WRONG_RECORD: dict[int, Callable[[list[str]], list[str]]] = {
    700: _set("id", "FB-0000003"),
    RULES + 10: _set("id", f"FB-{TOGETHER + 60:07d}"),
    RULES + 11: _set("segment", "nobody"),
    RULES + 12: _set("milestone", "M-99"),
    RULES + 13: _set("date", "2026-04-01"),
    RULES + 14: _set("response", ""),  # a row whose action is done
}
BROKEN = WRONG_VALUE | WRONG_RECORD
MULTILINE = {TOGETHER + 30, ROWS - 2}  # valid rows whose quote runs over two lines


def _write_log(path: Path) -> set[int]:
    """The feedback log; returns the lines of the broken rows."""
    assert _row(RULES + 14)[HEADER.index("action")] == "done"
    broken, line = set(), 2
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER)
        for n in range(ROWS):
            row = _row(n)
            if n in MULTILINE:
                row[HEADER.index("quote")] = f"Two lines\nfrom {n}"
            if n in BROKEN:
                row = BROKEN[n](row)
                broken.add(line)
            out.writerow(row)
            line += 1 + sum(value.count("\n") for value in row)
    return broken


def _check(data_dir: Path) -> tuple[list[str], tuple[Any, ...]]:
    """The problems as users read them, in the order they are found, and the feedback table."""
    data, problems = read_tables(data_dir)
    problems += check_rules(data, data_dir)
    return [str(p) for p in problems], _table(data["feedback"])


def test_batches_find_what_rows_checked_one_by_one_find(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    broken_lines = _write_log(tmp_path / "data" / "feedback.csv")
    one_by_one: list[int] = []
    bulk: set[str] = set()
    check_row, many = csvfile._check_row, csvfile.Column.many

    def counted_row(*args: Any) -> None:
        one_by_one.append(args[5])  # the row's number, from 1
        check_row(*args)

    def watched_many(self: csvfile.Column, texts: Any) -> list[Any]:
        if len(self.memo) >= csvfile.UNIQUE:
            bulk.add(self.f.name)
        return many(self, texts)

    with monkeypatch.context() as m:  # the whole log one batch, every row on its own, every value by the general path (values.py)
        m.setattr(csvfile, "BATCH", ROWS)
        m.setattr(csvfile, "_check_row", counted_row)
        m.setattr(csvfile.Column, "one", lambda self, raw: csvfile.SLOW)
        m.setattr(csvfile.Column, "many", lambda self, texts: [csvfile.SLOW] * len(texts))
        expected_problems, expected_table = _check(Path("data"))
    assert one_by_one == list(range(1, ROWS + 1))
    assert {int(p.split(":")[1]) for p in expected_problems} == broken_lines
    assert len(expected_table[0]) == ROWS - len(WRONG_VALUE)

    one_by_one.clear()
    with monkeypatch.context() as m:
        m.setattr(csvfile, "BATCH", SMALL)
        m.setattr(csvfile, "_check_row", counted_row)
        m.setattr(csvfile.Column, "many", watched_many)
        problems, table = _check(Path("data"))
    assert problems == expected_problems
    assert table == expected_table
    # Batches with a wrong value went row by row, the others were added whole.
    batches = sorted({n // SMALL for n in WRONG_VALUE})
    assert one_by_one == [n + 1 for b in batches for n in range(b * SMALL, min(b * SMALL + SMALL, ROWS))]
    assert {"id", "theme", "quote", "respondent"} <= bulk  # mostly distinct texts, checked a batch at once

    one_by_one.clear()
    with monkeypatch.context() as m:  # batches of the real length: the first is valid
        m.setattr(csvfile, "_check_row", counted_row)
        problems, table = _check(Path("data"))
    assert problems == expected_problems
    assert table == expected_table
    assert one_by_one == list(range(csvfile.BATCH + 1, ROWS + 1))


def test_ids_are_kept_only_where_another_file_refers_to_them() -> None:
    """A log of a million pieces of feedback keeps no set of their ids: no file refers to one."""
    data, problems = read_tables(FIXTURES / "minimal" / "data")
    assert not problems
    assert not data["feedback"].referred and data["feedback"].seen == set() and len(data["feedback"]) == 5
    assert data["milestones"].referred and {"M-01", "M-02"} <= data["milestones"].seen
    assert data["segments"].referred and data["segments"].seen


def test_a_log_read_again_checks_only_the_batches_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "data" / "feedback.csv"
    _write_log(log)
    monkeypatch.setattr(csvfile, "BATCH", SMALL)
    checked: list[int] = []
    check_batch = csvfile._check_batch

    def counted(*args: Any) -> Any:
        checked.append((args[6] - 1) // SMALL)  # the batch's number, from its first row's
        return check_batch(*args)

    monkeypatch.setattr(csvfile, "_check_batch", counted)
    readings = Readings()
    first, _ = read_tables(Path("data"), readings=readings)
    every = len(checked)
    assert every == ROWS // SMALL + 1
    lines = log.read_text(encoding="utf-8").split("\n")

    def saved(text: list[str]) -> tuple[list[int], Table]:
        """The batches checked when the log saved as `text` is read again, and its table."""
        log.write_text("\n".join(text), encoding="utf-8")
        checked.clear()
        data, problems = read_tables(Path("data"), readings=readings)
        batches = list(checked)
        problems += check_rules(data, Path("data"))
        assert ([str(p) for p in problems], _table(data["feedback"])) == _check(Path("data")), "the same as read afresh"
        return batches, data["feedback"]

    # A piece of feedback answered otherwise (row 2,501, a line of its own): its batch is checked
    # again, and those with wrong values; the others give the rows they gave.
    answered = [line.replace(",Answer ", ",Answered ", 1) if n == 2501 + 1 else line for n, line in enumerate(lines)]
    assert answered != lines
    batches, table = saved(answered)
    wrong = {n // SMALL for n in WRONG_VALUE}
    assert set(batches) == {2} | wrong and len(batches) == len({2} | wrong)
    assert table.rows[0] is first["feedback"].rows[0] and table.rows[2400] is not first["feedback"].rows[2400]
    # A double quote left open in row 5,001: the reading stops there, with the problem; what it had
    # checked is not what the next reading compares with, which is the last reading made whole.
    cut = [line.replace('"Quote 5001, with a comma",', '"Quote 5001, with a comma,', 1) for line in answered]
    assert cut != answered
    batches, table = saved(cut)
    assert batches == [] and not table.readable  # the five batches before it as they were
    for _ in range(2):
        batches, _ = saved(answered)
        assert set(batches) == wrong
    # A quote of row 1,501 now over two lines: the batches after it hold the same rows, on other
    # lines; checked again, so that every row keeps its own line.
    two_lines = [line.replace('"Quote 1501, with', '"Quote 1501,\nwith', 1) for line in answered]
    assert two_lines != answered
    batches, _ = saved(two_lines)
    assert batches == list(range(1, every))
    # A piece added after row 1,500: every batch after it holds other lines, and is checked again.
    added = [*answered[:1502], ",".join(_row(ROWS + 1)), *answered[1502:]]
    batches, _ = saved(added)
    assert batches == list(range(1, every))


def _table(t: Table) -> tuple[Any, ...]:
    return (t.rows, t.lines, t.field_lines, sorted(t.seen), t.invalid, t.readable)
