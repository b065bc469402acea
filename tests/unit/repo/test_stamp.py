"""SOURCE_DATE_EPOCH: a whole number of seconds, or unset; anything else is a clear error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.clock import build_time, epoch_time
from generator.errors import BuildError

HINT = "  hint: set it to the time of the data's last commit, SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("0", dt.datetime(1970, 1, 1, tzinfo=dt.UTC)),
        ("1775044800", dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)),
        (" 1775044800\n", dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)),
        ("253402300799", dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),
    ],
)
def test_a_whole_number_of_seconds_or_nothing(value: str | None, expected: dt.datetime | None) -> None:
    assert epoch_time(value) == expected


@pytest.mark.parametrize(
    "value", ["-1", "1.5", "1e9", "abc", "253402300800", "9" * 5000, "１２３", "١٢٣", "0x10", "12 34", "\x1b[2J", "+5"]
)
def test_anything_else_is_refused(value: str) -> None:
    with pytest.raises(BuildError) as info:
        epoch_time(value)
    shown = repr(value if len(value) <= 40 else value[:37] + "...")
    assert str(info.value) == (
        f"SOURCE_DATE_EPOCH is {shown}, not a whole number of seconds since 1970-01-01 (UTC) before the year 10000\n" + HINT
    )


def test_unset_or_empty_means_now(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in (None, ""):
        if value is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        before = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
        assert before <= build_time() <= dt.datetime.now(tz=dt.UTC)


def test_a_build_with_a_broken_source_date_epoch_stops_before_anything_is_built(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site\n")
    result = CliRunner().invoke(cli, ["build"], env={"SOURCE_DATE_EPOCH": "2026-04-01"})
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: SOURCE_DATE_EPOCH is '2026-04-01', not a whole number of seconds since 1970-01-01 (UTC) before the year 10000\n"
        + HINT
        + "\n"
    )
    assert sorted(p.name for p in root.iterdir()) == ["content", "data", "mkdocs.yml", "site", "theme"]
    assert [p.name for p in (root / "site").iterdir()] == ["index.html"]
