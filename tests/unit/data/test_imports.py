"""Survey results into feedback.csv: exports shaped like Google Forms' and Microsoft Forms' (a
byte-order mark, a multi-line answer, a rating out of ten), ids after the existing ones, rows
imported before skipped, consent "no" unless the answer is yes, nothing written on any problem."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.data.imports import import_export, scaled
from generator.data.validate import validate
from generator.errors import DataError
from generator.model.build import build_model

GOOGLE = (
    "\ufeffTimestamp,How happy are you? (0-10),What should we know?,Which group are you in?,May we publish your words?\r\n"
    '3/20/2026 10:31:02,8,"Booking is quicker now.\r\nBut the reminder came late.",End users,Yes\r\n'
    "3/21/2026 09:02:11,3,Write to jo@intranet about it,Sponsors,No\r\n"
    "3/22/2026 17:45:00,10,,End users,\r\n"
)
GOOGLE_MAP = """\
date: {column: Timestamp, format: "%m/%d/%Y"}
rating: {column: "How happy are you? (0-10)", out_of: 10}
quote: "What should we know?"
segment: {column: "Which group are you in?", values: {End users: users, Sponsors: sponsors}}
consent: {column: "May we publish your words?", "yes": ["yes"]}
"""
MICROSOFT = (
    "\ufeffID,Start time,Completion time,Email,Name,Rating,Comments,Publish my comment\r\n"
    "1,3/25/26 14:02:10,3/25/26 14:04:31,anonymous,,4,Great progress,I agree\r\n"
    '2,3/26/26 08:15:00,3/26/26 08:16:02,anonymous,,2,"Too slow, honestly",I do not agree\r\n'
)
MICROSOFT_MAP = """\
date: {column: Completion time, format: "%m/%d/%y"}
rating: Rating
quote: Comments
segment: users
consent: {column: Publish my comment, yes: [I agree]}
"""


def _files(tmp_path: Path, export: str, mapping: str) -> tuple[Path, Path]:
    (tmp_path / "export.csv").write_bytes(export.encode("utf-8"))
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return tmp_path / "export.csv", tmp_path / "mapping.yaml"


def _rows(data: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((data / "feedback.csv").read_text(encoding="utf-8"))))


def test_a_google_forms_export_is_added_after_the_existing_rows(minimal: Path, tmp_path: Path) -> None:
    before = _rows(minimal)
    export, mapping = _files(tmp_path, GOOGLE, GOOGLE_MAP)
    assert import_export(minimal, export, mapping) == (3, 0)
    rows = _rows(minimal)
    assert rows[: len(before)] == before
    new = rows[len(before) :]
    last = max(int(r["id"][3:]) for r in before)
    assert [r["id"] for r in new] == [f"FB-{last + n:04d}" for n in (1, 2, 3)]
    assert [(r["date"], r["segment"], r["rating"], r["consent"]) for r in new] == [
        ("2026-03-20", "users", "4", "yes"),
        ("2026-03-21", "sponsors", "2", "no"),
        ("2026-03-22", "users", "5", "no"),  # no answer is no consent
    ]
    assert new[0]["quote"] == "Booking is quicker now.\nBut the reminder came late."
    assert {r["channel"] for r in new} == {"survey"} and {r["action"] for r in new} == {"received"}
    validate(minimal)
    # Importing the same export again adds nothing.
    assert import_export(minimal, export, mapping) == (0, 3)
    assert len(_rows(minimal)) == len(rows)


def test_a_microsoft_forms_export_through_the_command(minimal: Path, tmp_path: Path) -> None:
    export, mapping = _files(tmp_path, MICROSOFT, MICROSOFT_MAP)
    result = CliRunner().invoke(cli, ["feedback", "import", str(export), "--mapping", str(mapping), "--data", str(minimal)])
    assert result.exit_code == 0, result.output
    assert "2 rows added, 0 already there." in result.output
    new = _rows(minimal)[-2:]
    assert [(r["date"], r["rating"], r["quote"], r["consent"]) for r in new] == [
        ("2026-03-25", "4", "Great progress", "yes"),
        ("2026-03-26", "2", "Too slow, honestly", "no"),
    ]


def test_imported_quotes_are_redacted_like_typed_ones(minimal: Path, tmp_path: Path) -> None:
    export, mapping = _files(tmp_path, GOOGLE.replace(",Sponsors,No", ",Sponsors,Yes"), GOOGLE_MAP)
    import_export(minimal, export, mapping)
    quotes = [f.quote or "" for f in build_model(validate(minimal)).feedback]
    assert "Write to [email removed] about it" in quotes
    assert not [q for q in quotes if "jo@intranet" in q]


@pytest.mark.parametrize(
    ("export", "mapping", "message"),
    [
        (GOOGLE.replace("End users,Yes", "Visitors,Yes"), GOOGLE_MAP, "segment"),  # no such segment: validate refuses
        (GOOGLE.replace(",8,", ",12,"), GOOGLE_MAP, "12 is not between 0 and 10"),
        (GOOGLE.replace("3/20/2026", "2026-20-03"), GOOGLE_MAP, "cannot be read"),
        (GOOGLE, GOOGLE_MAP.replace("Timestamp", "When"), "has no column When"),
        (GOOGLE, "rating: x\n", "no `date` column"),
    ],
)
def test_nothing_is_written_on_any_problem(minimal: Path, tmp_path: Path, export: str, mapping: str, message: str) -> None:
    before = (minimal / "feedback.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        import_export(minimal, *_files(tmp_path, export, mapping))
    assert message in "\n".join(str(p) for p in caught.value.problems)
    assert all(not p.file.startswith("/tmp/") or p.file.startswith(str(tmp_path)) for p in caught.value.problems)
    assert (minimal / "feedback.csv").read_bytes() == before
    assert sorted(p.name for p in minimal.iterdir()) == sorted(p.name for p in minimal.iterdir() if not p.name.startswith("."))


def test_ratings_out_of_ten_on_the_projects_scale() -> None:
    assert [scaled(str(v), 10) for v in (0, 1, 2, 4, 5, 6, 8, 10)] == ["1", "1", "1", "2", "3", "3", "4", "5"]
    assert scaled("", 10) == "" and scaled("4", 5) == "4" and scaled("3,5", 5) == "4"
