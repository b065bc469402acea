"""The Data Package `glasshouse export` writes: each resource's records as rows, every value as the
data files hold it (tests/integration/test_standard_tools.py has Frictionless validate it)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from generator.data.package import DESCRIPTOR, tabular
from generator.errors import DataError
from tests.support.projects import FIXTURES


def _rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"])))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # problems name their files from the project, as validate's do
    return Path(shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data"))


def test_each_resource_is_a_csv_file_the_descriptor_points_at(data: Path) -> None:
    files = tabular(data)
    descriptor = json.loads(files[DESCRIPTOR])
    assert [(r["name"], r["path"], r["format"]) for r in descriptor["resources"]] == [
        (name, f"{name}.csv", "csv")
        for name in ("project", "segments", "contacts", "milestones", "risks", "feedback", "sprints", "changes")
    ]
    assert sorted(files) == sorted([DESCRIPTOR, *(r["path"] for r in descriptor["resources"])])
    # The project is one row, without the segments and contacts, which are resources of their own.
    project = _rows(files, "project")
    assert len(project) == 1 and "segments" not in project[0] and "contacts" not in project[0]
    assert [s["id"] for s in _rows(files, "segments")] == ["sponsors", "users"]
    # A list reference is left to Glasshouse; a reference to one record is Frictionless's to check.
    milestones = next(r for r in descriptor["resources"] if r["name"] == "milestones")
    assert "foreignKeys" not in milestones["schema"]
    feedback = next(r for r in descriptor["resources"] if r["name"] == "feedback")
    assert {"fields": "segment", "reference": {"resource": "segments", "fields": "id"}} in feedback["schema"]["foreignKeys"]
    assert '"glasshouse":' not in files[DESCRIPTOR]  # Glasshouse's own keys (a field's markdown, privacy) left out


def test_values_are_written_as_the_files_hold_them(data: Path) -> None:
    path = data / "milestones.yaml"
    text = path.read_text(encoding="utf-8").replace("status: planned", "status: Planned\n  titel: Typo\n  scope: true", 1)
    path.write_text(text, encoding="utf-8")
    files = tabular(data)
    rows = _rows(files, "milestones")
    typo = next(r for r in rows if r["status"] == "Planned")
    assert (typo["titel"], typo["scope"]) == ("Typo", "true")  # an unknown key gets a column of its own, at the end
    assert list(rows[0])[-1] == "titel"
    assert rows[0]["baseline"] == "2026-01-30"
    assert json.loads(next(r for r in rows if r["dependencies"])["dependencies"])[0].startswith("M-")
    assert all(r["titel"] == "" for r in rows if r is not typo)


def test_a_file_that_cannot_be_read_is_the_problem_validate_reports(data: Path) -> None:
    (data / "sprints.yaml").write_text("- id: 1\n  name: 'Open\n", encoding="utf-8")
    (data / "risks.yaml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        tabular(data)
    assert [p.file for p in caught.value.problems] == ["data/sprints.yaml"]
    assert "never closed" in str(caught.value.problems[0])
    # A data directory that is not one is the one problem, as validate reports it: nothing is read.
    shutil.rmtree(data)
    data.write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        tabular(data)
    assert [p.file for p in caught.value.problems] == ["data"]


def test_a_tag_glasshouse_does_not_read_is_refused_and_a_lone_surrogate_written_as_its_escape(data: Path) -> None:
    risks = data / "risks.yaml"
    risks.write_text(risks.read_text(encoding="utf-8").replace("owner: Cy User", "owner: !!python/name:os.system Cy", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        tabular(data)
    [problem] = caught.value.problems
    assert (problem.file, problem.message) == (
        "data/risks.yaml",
        "the YAML tag '!!python/name:os.system' is not allowed in Glasshouse data",
    )
    risks.write_text(risks.read_text(encoding="utf-8").replace("!!python/name:os.system Cy", '"Cy \\ud83d"'), encoding="utf-8")
    assert any(r["owner"] == "Cy \\ud83d" for r in _rows(tabular(data), "risks"))
