"""Double quotes in the feedback log: a quote left open or not doubled is an error that says where
it opened, and no row is ever lost or merged into another without a message."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.csvrows import read_csv
from generator.data.files import ReadError
from generator.data.quoting import scan
from generator.data.validate import read_tables
from tests.support.projects import FIXTURES

MINIMAL = FIXTURES / "minimal" / "data"
HEADER = "id,date,segment,channel,rating,theme,quote,consent,respondent,response,action,milestone,change,visibility"
TEMPLATE = ["", "2026-03-10", "users", "survey", "4", "notifications", "", "yes", "Eve Example", "SMS reminders are planned.", "planned"]
EXAMPLES = int(os.environ.get("GLASSHOUSE_HYPOTHESIS_EXAMPLES", "300"))


def _write(quotes: list[str]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER.split(","))
    for n, quote in enumerate(quotes, 1):
        row = list(TEMPLATE)
        row[0], row[6] = f"FB-{n:04d}", quote
        w.writerow([*row, "", "", ""])
    return out.getvalue()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("quotes") / "data"
    shutil.copytree(MINIMAL, dest)
    return dest


def test_scan_finds_where_the_quote_opened() -> None:
    lines = ['FB-1,"one, two,yes\n', 'FB-2,"three",no\n']
    trouble = scan(lines, 7)
    assert trouble is not None
    assert (trouble.field, trouble.opened, trouble.ended, trouble.values) == (1, (7, 6), (8, 6), ("FB-1",))


def test_scan_accepts_sound_quotes() -> None:
    assert scan(['FB-1,"a ""b"", c\n', 'and more",yes\n'], 1) is None


def test_a_value_over_lines_holding_a_row_is_a_warning(data_dir: Path) -> None:
    rows = _write(["Booking is slow.\nFB-0099,2026-03-10,users,survey,4,notifications,x,yes,Eve,SMS.,planned,,,", "Fine."])
    (data_dir / "feedback.csv").write_text(rows, encoding="utf-8")
    data, problems = read_tables(data_dir)
    assert problems == []
    [warning] = data.warnings
    assert (warning.line, warning.record, warning.field, warning.severity) == (2, "feedback FB-0001", "quote", "warning")
    assert warning.message == "this double-quoted value runs on over line 3, which reads as a row of its own"


def test_a_value_over_lines_without_a_row_is_no_warning(data_dir: Path) -> None:
    (data_dir / "feedback.csv").write_text(_write(["First line,\nsecond line.", "Fine."]), encoding="utf-8")
    data, problems = read_tables(data_dir)
    assert problems == [] and data.warnings == []
    assert data["feedback"].column("quote")[0] == "First line,\nsecond line."


def test_reading_a_long_log_rereads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(_write([f"Quote {n}, with a comma." for n in range(2000)]), encoding="utf-8")
    rows = read_csv(path, "f.csv")
    assert len(list(rows)) == 2000
    assert rows.spans == [] and rows.warnings() == []


texts = st.text(alphabet=' ab,"\n', max_size=12)


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quotes=st.lists(texts, min_size=2, max_size=5), where=st.integers(min_value=0), insert=st.booleans())
def test_damaged_quotes_never_lose_or_merge_a_row_silently(data_dir: Path, quotes: list[str], where: int, insert: bool) -> None:
    """One double quote taken out of the file, or one put in, anywhere: the file reads with every row
    and its id, or there is a message (an error, or a warning) saying where."""
    text = _write(quotes)
    marks = [i for i, ch in enumerate(text) if ch == '"'] if not insert else [i for i, ch in enumerate(text) if ch in ',\n"ab']
    if not marks:
        return
    at = marks[where % len(marks)]
    damaged = text[:at] + ('"' + text[at:] if insert else text[at + 1 :])
    (data_dir / "feedback.csv").write_text(damaged, encoding="utf-8")
    try:
        data, problems = read_tables(data_dir)
    except ReadError:  # pragma: no cover - reading reports its problems, it does not raise
        raise
    if any(p.file.endswith("feedback.csv") for p in problems) or data.warnings:
        return
    assert data["feedback"].column("id") == [f"FB-{n:04d}" for n in range(1, len(quotes) + 1)], damaged
