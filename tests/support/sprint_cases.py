"""Data edits that move the minimal fixture through its sprints, as a project team would."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.history.edition import Snapshot
from tests.support.projects import EXAMPLE_DATA

SPRINTS = (
    (1, "Foundations", "2026-03-02", "2026-03-13", 20, 18),
    (2, "Pilot build", "2026-03-16", "2026-03-27", 22, 22),
    (3, "Pilot polish", "2026-03-30", "2026-04-10", 20, 6),
)
# How each sprint's snapshot is titled in the version selector.
TITLES = {
    1: "Sprint 1: Foundations (2 Mar – 13 Mar 2026)",
    2: "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)",
    3: "Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)",
}


def set_sprint(data: Path, active: int) -> None:
    """Make sprint `active` the active one: earlier sprints closed, later ones planned."""
    out = []
    for sid, name, start, end, committed, completed in SPRINTS:
        state = "closed" if sid < active else "active" if sid == active else "planned"
        done = f"  completed: {completed}\n" if state != "planned" else ""
        out.append(
            f"- id: {sid}\n  name: {name}\n  start: {start}\n  end: {end}\n  goal: Sprint {sid} goal.\n"
            f"  committed: {committed}\n{done}  state: {state}\n"
        )
    (data / "sprints.yaml").write_text("".join(out), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def slip_the_pilot(data: Path) -> None:
    """A sprint's worth of news: status to amber, the pilot slips, risks move, a decision, an answer."""
    edit(data / "project.yaml", "status: green\nheadline: On track for the pilot", "status: amber\nheadline: Pilot two weeks late")
    edit(data / "milestones.yaml", "forecast: 2026-04-24", "forecast: 2026-05-08")
    edit(data / "milestones.yaml", "forecast: 2026-06-30\n  status: planned", "forecast: 2026-06-30\n  status: at_risk")
    edit(data / "risks.yaml", "likelihood: 2\n  impact: 5", "likelihood: 2\n  impact: 3")
    edit(data / "risks.yaml", "status: mitigating", "status: closed")
    (data / "risks.yaml").write_text(
        (data / "risks.yaml").read_text(encoding="utf-8")
        + "- id: R-004\n  title: Pilot users leave\n  category: scope\n  likelihood: 3\n  impact: 4\n"
        "  owner: Cy User\n  status: open\n  raised: 2026-03-20\n  next_review: 2026-04-14\n",
        encoding="utf-8",
    )
    edit(data / "changes.yaml", "date: 2026-03-20\n  decision: pending", "date: 2026-03-20\n  decision: rejected\n  decided: 2026-03-25")
    edit(
        data / "feedback.csv",
        "Monthly reports would help the board.,no,Fay Example,,received",
        "Monthly reports would help the board.,no,Fay Example,We will send one.,planned",
    )


def snapshot_at(data: Path, sprint: int, *, stamped: bool = False) -> Snapshot:
    """The minimal project moved to `sprint` (the third with its news) as a published snapshot of it;
    `stamped`, with a build stamp on the 10th, 20th or 30th of March as a publish would give it."""
    from generator.data.validate import validate
    from generator.history.statusdoc import status_document
    from generator.model.build import build_model

    set_sprint(data, sprint)
    if sprint == 3:
        slip_the_pilot(data)
    doc: Any = status_document(build_model(validate(data)))
    if stamped:
        doc["stamp"] = {"built": f"2026-03-{10 * sprint:02d}T12:00:00Z", "data_commit": None, "data_hash": "sha256:" + "0" * 64}
    return Snapshot(f"sprint-{sprint:02d}", f"Sprint {sprint}", doc)


def example_with_milestone(directory: Path, milestone: str, **fields: Any) -> Path:
    """A copy of the example's data in `directory`/data with `fields` set on one milestone."""
    data = directory / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    path = data / "milestones.yaml"
    milestones = yaml.safe_load(path.read_text(encoding="utf-8"))
    for m in milestones:
        if m["id"] == milestone:
            m.update(fields)
    path.write_text(yaml.safe_dump(milestones, sort_keys=False), encoding="utf-8")
    return data
