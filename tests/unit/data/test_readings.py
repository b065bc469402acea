"""A preview reads only the data files a save changed: every other file's tables and problems are
the ones it read before, the same as reading it again would give."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.data.readings import Readings
from generator.data.tables import Table
from generator.data.validate import read_tables, validate
from generator.errors import DataError, Problem
from tests.support.projects import EXAMPLE_DATA


def _counted(readings: Readings, path: Path, calls: list[int]) -> object:
    def read() -> tuple[dict[str, Table], list[Problem]]:
        calls.append(1)
        return {}, [Problem(str(path), 1, f"read {len(calls)}")]

    return readings.read(path, (), read).problems[0].message


def test_a_file_is_read_again_only_once_it_changed(tmp_path: Path) -> None:
    path = tmp_path / "risks.yaml"
    path.write_text("one\n", encoding="utf-8")
    readings, calls = Readings(), list[int]()
    assert _counted(readings, path, calls) == "read 1"
    assert _counted(readings, path, calls) == "read 1"
    # Saved with other bytes of the same length, its modification time put back: still read again.
    st = path.stat()
    path.write_text("two\n", encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _counted(readings, path, calls) == "read 2"
    # Replaced by another file (a rename onto it, as editors save).
    other = tmp_path / "new.yaml"
    other.write_text("two\n", encoding="utf-8")
    other.replace(path)
    assert _counted(readings, path, calls) == "read 3"
    assert _counted(readings, path, calls) == "read 3"
    # Gone: read (and its problem reported) every time, never kept.
    path.unlink()
    assert _counted(readings, path, calls) == "read 4"
    assert _counted(readings, path, calls) == "read 5"


def test_a_file_saved_while_it_is_read_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "feedback.csv"
    path.write_text("id\n", encoding="utf-8")
    readings, calls = Readings(), list[int]()

    def read() -> tuple[dict[str, Table], list[Problem]]:
        calls.append(1)
        if len(calls) == 1:
            path.write_text("id\nFB-1\n", encoding="utf-8")  # the save lands mid-read
        return {}, []

    readings.read(path, (), read)
    readings.read(path, (), read)
    assert len(calls) == 2


def test_the_tables_and_problems_are_those_of_reading_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    monkeypatch.chdir(tmp_path)
    readings = Readings()
    first, problems = read_tables(data, readings=readings)
    assert not problems
    plain, _ = read_tables(data)
    assert {n: (t.rows, list(t.lines)) for n, t in first.tables.items()} == {n: (t.rows, list(t.lines)) for n, t in plain.tables.items()}

    # Unchanged: the same tables, not read again.
    again = validate(data, readings=readings)
    assert all(again[n] is first[n] for n in first.tables)

    # The log edited: its table read again, the others kept; the problems as a plain read gives them.
    log = data / "feedback.csv"
    log.write_text(log.read_text(encoding="utf-8").replace(",1,booking,", ",9,booking,", 1), encoding="utf-8")
    with pytest.raises(DataError) as kept:
        validate(data, readings=readings)
    with pytest.raises(DataError) as fresh:
        validate(data)
    assert kept.value.listing() == fresh.value.listing() and "is above the maximum 5" in str(kept.value.listing())
    edited, _ = read_tables(data, readings=readings)
    assert edited["feedback"] is not first["feedback"] and edited["risks"] is first["risks"]
    # Project.yaml holds three tables (the project, its segments, its contacts): kept together.
    assert edited["segments"] is first["segments"] and edited["contacts"] is first["contacts"]
