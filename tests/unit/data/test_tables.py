"""Table and Dataset: typed values in schema order, each with the line it came from."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator.bulk import no_cycle_collection
from generator.data.format import data_format
from generator.data.tables import Dataset, Table, display_path
from generator.data.validate import validate


def _segments() -> Table:
    return Table(next(r for r in data_format().resources if r.name == "segments"))


def test_a_fields_line_falls_back_to_its_records() -> None:
    t = _segments()
    t.add(("sponsors", "Sponsors", None), 11, {"id": 11, "name": 12})
    t.add(("users", "End users", "Everyone."), 13)  # a record read without field lines (a CSV row)
    assert t.line(0, "name") == 12
    assert t.line(0, "description") == 11  # absent from the file: the record's line
    assert t.line(1, "name") == 13 and t.line(1) == 13
    assert len(t) == 2


def test_rows_read_by_column_and_as_records() -> None:
    t = _segments()
    t.add(("sponsors", "Sponsors", None), 1)
    assert t.columns == ("id", "name", "description")
    assert list(t.dicts()) == [{"id": "sponsors", "name": "Sponsors", "description": None}]
    assert t.column("name") == ["Sponsors"]
    with pytest.raises(ValueError):
        t.add(("too", "short"), 2)
        list(t.dicts())  # a row that does not match the columns is a bug, never silently cut


def test_a_dataset_gives_its_tables_and_single_records(minimal: Path) -> None:
    data = validate(minimal)
    assert isinstance(data, Dataset)
    assert data.record("project")["name"] == "Minimal Project"
    assert data["milestones"].column("id") == ["M-01", "M-02", "M-03"]


def test_paths_read_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "data" / "risks.yaml") == "data/risks.yaml"


def test_the_cycle_collector_is_back_as_it_was() -> None:
    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()  # one that was off stays off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), no_cycle_collection():
        raise RuntimeError
    assert gc.isenabled()  # back on after an error too
