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


def test_a_log_taken_keeps_its_ids_lines_and_count_and_nothing_else() -> None:
    t = Table(next(r for r in data_format().resources if r.name == "segments"), referred=False)
    for n in range(5):
        t.add((f"s{n}", f"Segment {n}", None), 10 + n)
    batches = [[row[0] for row in batch] for batch in t.taken(2)]
    assert batches == [["s0", "s1"], ["s2", "s3"], ["s4"]]
    assert t.rows == [()] * 5  # let go of, each batch once the next was asked for
    assert len(t) == 5 and t.line(3) == 13
    assert t.column("id") == [f"s{n}" for n in range(5)]
    for use in (lambda: t.column("name"), lambda: list(t.dicts()), lambda: list(t.joined("name")), lambda: list(t.taken(2))):
        with pytest.raises(RuntimeError, match="segments were let go"):
            use()  # never an empty table, which would read as a log without records


def test_a_batch_is_let_go_only_when_the_next_is_asked_for() -> None:
    t = _segments()
    for n in range(4):
        t.add((f"s{n}", f"Segment {n}", None), n + 1)
    taken = t.taken(2)
    first = next(taken)
    assert t.rows[:2] == first  # still held while the caller works on it
    next(taken)
    assert t.rows[:2] == [(), ()]


def test_a_quick_look_over_a_column_sees_every_value(minimal: Path) -> None:
    """Searched whole, through a choice's list or through the ids a reference names: a value
    in the column is always seen, and only a value the column could hold."""
    feedback = validate(minimal)["feedback"]
    for name in ("quote", "action", "segment", "milestone"):  # free text, a choice, references
        for value in {v for v in feedback.column(name) if v is not None}:

            def holds(text: str, value: str = value) -> bool:
                return value in text

            assert feedback.may_hold(name, holds), (name, value)
        assert not feedback.may_hold(name, lambda text: "no such text" in text), name
    assert feedback.may_hold("action", lambda text: text == "planned")  # a choice of the list, made or not


def test_what_is_made_of_a_table_is_made_again_only_for_another_key() -> None:
    t = _segments()
    t.add(("sponsors", "Sponsors", None), 1)
    made: list[str] = []

    def make(key: str) -> list[str]:
        made.append(key)
        return [key, *t.column("name")]

    one = t.made_of("names", "a", lambda: make("a"))
    assert t.made_of("names", "a", lambda: make("a")) is one
    assert t.made_of("names", "b", lambda: make("b")) == ["b", "Sponsors"]
    # The last key's alone is kept; another name keeps its own.
    assert t.made_of("names", "a", lambda: make("a")) is not one
    t.made_of("other", "a", lambda: make("a"))
    assert t.made_of("names", "a", lambda: make("a")) is not one and made == ["a", "b", "a", "a"]
