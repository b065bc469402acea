"""Starting text left in the data ("Replace me: ...") is a warning with its place in `validate`."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.data.leftovers import leftovers
from generator.data.validate import validate
from tests.support.projects import FIXTURES


def test_every_value_still_holding_starting_text_is_named_with_its_place(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal" / "data", data)
    risks, feedback = data / "risks.yaml", data / "feedback.csv"
    risks.write_text(risks.read_text(encoding="utf-8").replace("title: Supplier delays", "title: 'Replace me: supplier'"), encoding="utf-8")
    feedback.write_text(feedback.read_text(encoding="utf-8").replace("Thank you!", "replace me"), encoding="utf-8")
    found = leftovers(validate(data), data)
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.record, p.field, p.severity) for p in found] == [
        ("risks.yaml", 2, "risk R-001", "title", "warning"),
        ("feedback.csv", 6, "feedback FB-0005", "response", "warning"),
    ]
    assert found[0].message == "still holds the starting text ('Replace me')"


def test_data_of_its_own_has_no_starting_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal" / "data", data)
    assert leftovers(validate(data), data) == []


def test_a_mark_in_a_list_or_in_capitals_is_found(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal" / "data", data)
    milestones = data / "milestones.yaml"
    milestones.write_text(
        milestones.read_text(encoding="utf-8").replace("[Research report]", "[Research report, REPLACE-ME]"), encoding="utf-8"
    )
    found = leftovers(validate(data), data)
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.record, p.field) for p in found] == [
        ("milestones.yaml", 8, "milestone M-01", "deliverables")
    ]


def test_a_mark_in_an_id_is_found_where_it_is_referred_to(tmp_path: Path) -> None:
    """A reference is looked at through the ids it may name (a log's million rows name a few),
    and found in each row that names the marked one."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal" / "data", data)
    for name, old, new in (
        ("project.yaml", "users", "replace-me"),
        ("changes.yaml", "users", "replace-me"),
        ("feedback.csv", ",users,", ",replace-me,"),
    ):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    feedback = data / "feedback.csv"
    found = [(p.file.rsplit("/", 1)[-1], p.record, p.field) for p in leftovers(validate(data), data)]
    assert ("project.yaml", "segment replace-me", "id") in found
    marked = [record for file, record, field in found if file == "feedback.csv" and field == "segment"]
    assert len(marked) == feedback.read_text(encoding="utf-8").count(",replace-me,") > 0
