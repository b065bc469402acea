"""status.json: the status as data, for machines, and the record each snapshot's history is built from.

It holds only what the audience's model holds (a public model has no internal record) and no
free text beyond titles and the status headline: respondents, quotes and responses stay on the
pages, where consent rules apply. A change request's question to the sponsors is a title of a
kind, and is held too. Its format is `status.schema.json`, shipped beside it; a test
keeps the two in step.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import IO, Any

from generator.history.document import BeyondDoc, BudgetDoc, ChangeDoc, FeedbackDoc, MilestoneDoc, PreviousSprintDoc, ProjectDoc, StatusDoc
from generator.history.edition import Edition
from generator.model.records import Change, Milestone
from generator.model.status import Status

FORMAT = "glasshouse-status/2"  # 1 listed every piece of feedback with its day, segment, theme and answer (conform.upgraded)
SCHEMA_NAME = "status.schema.json"


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _previous(status: Status) -> PreviousSprintDoc | None:
    """The last sprint closed before the current one, while the current one runs: so that a
    comparison with a report from before it closed can tell its final figures."""
    current = status.current_sprint
    if current is None or current.state == "closed":
        return None
    closed = [s for s in status.sprints if s.state == "closed" and s.id < current.id]
    last = max(closed, key=lambda s: s.id, default=None)
    return None if last is None else {"id": last.id, "name": last.name, "committed": last.committed, "completed": last.completed}


def _milestone(m: Milestone) -> MilestoneDoc:
    doc: MilestoneDoc = {
        "id": m.id,
        "title": m.title,
        "status": m.status,
        "baseline": m.baseline.isoformat(),
        "forecast": m.forecast.isoformat(),
        "done": _date(m.done),
        "slip_days": m.slip_days,
    }
    # Only when true, so that a document reads as before for every milestone that is not key.
    if m.key:
        doc["key"] = True
    return doc


def _change(c: Change) -> ChangeDoc:
    doc: ChangeDoc = {
        "id": c.id,
        "title": c.title,
        "requested_by": c.requested_by,
        "date": c.date.isoformat(),
        "decision": c.decision,
        "decided": _date(c.decided),
        "schedule_impact_days": c.schedule_impact_days,
        "milestones": list(c.milestones),
    }
    if c.decision_needed_by is not None:
        doc["decision_needed_by"] = c.decision_needed_by.isoformat()
    if c.question:
        doc["question"] = c.question
    return doc


def _budget(status: Status) -> BudgetDoc | None:
    """The project's budget and tolerances as far as this audience sees them; nothing when none is given."""
    p = status.project
    figures = (p.currency, p.budget_planned, p.budget_spent, p.budget_forecast, p.tolerance_days, p.tolerance_cost_percent)
    if all(f is None for f in figures):
        return None
    beyond: list[BeyondDoc] = [{"id": m.id, "days": days} for m, days in status.beyond_time_tolerance]
    return {
        "currency": p.currency,
        "planned": p.budget_planned,
        "spent": p.budget_spent,
        "forecast": p.budget_forecast,
        "tolerance_days": p.tolerance_days,
        "tolerance_cost_percent": p.tolerance_cost_percent,
        "cost_beyond_tolerance": p.cost_beyond_tolerance,
        "time_beyond_tolerance": beyond,
    }


def _feedback(status: Status) -> FeedbackDoc:
    """The feedback counted, with every piece's id and those of the pieces waiting for an answer,
    by the day each came in."""
    feedback = status.feedback
    in_order = status.feedback_by_date
    actions = Counter(f.action for f in feedback)
    rating, share = status.rating_mean, status.answered_share
    return {
        "received": len(feedback),
        "answered": status.answered_count,
        "answered_share": None if share is None else round(share, 3),
        "rating_mean": None if rating is None else round(rating, 2),
        "by_action": {
            "received": actions["received"],
            "planned": actions["planned"],
            "done": actions["done"],
            "declined": actions["declined"],
        },
        "by_theme": dict(sorted(Counter(f.theme for f in feedback).items())),
        "by_segment": dict(sorted(Counter(f.segment for f in feedback).items())),
        "ids": [f.id for f in in_order],
        "waiting": [f.id for f in in_order if not f.answered],
    }


def status_document(status: Status, edition: Edition | None = None) -> StatusDoc:
    """The status as a JSON-ready dict: dates as ISO text, lists in a stable order."""
    edition = edition or Edition()
    p = status.project
    sprint = status.current_sprint
    stamp = edition.stamp
    project: ProjectDoc = {
        "name": p.name,
        "customer": p.customer,
        "status": p.status,
        "headline": p.headline,
        "as_of": p.as_of.isoformat(),
        "next_update": p.next_update.isoformat(),
        "language": p.language,
        "iteration": p.iteration,
        "work_unit": p.work_unit,
    }
    if (budget := _budget(status)) is not None:
        project["budget"] = budget
    return {
        "$schema": SCHEMA_NAME,
        "format": FORMAT,
        "project": project,
        "sprint": None
        if sprint is None
        else {
            "id": sprint.id,
            "name": sprint.name,
            "start": sprint.start.isoformat(),
            "end": sprint.end.isoformat(),
            "state": sprint.state,
            "committed": sprint.committed,
            "completed": sprint.completed,
            "goal": sprint.goal,
            "previous": _previous(status),
        },
        "snapshot": None
        if edition.version is None
        else {
            "version": edition.version,
            "title": edition.title or edition.version,
            "corrections": [c.as_json() for c in edition.corrections],
        },
        "milestones": [_milestone(m) for m in sorted(status.milestones, key=lambda m: (m.baseline, m.id))],
        "risks": [
            {
                "id": r.id,
                "title": r.title,
                "category": r.category,
                "status": r.status,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "exposure": r.exposure,
                "severity": r.severity,
                "milestones": list(r.milestones),
                "next_review": _date(r.next_review),
            }
            for r in status.active_risks
        ],
        "closed_risks": [{"id": r.id, "title": r.title} for r in sorted(status.risks, key=lambda r: r.id) if not r.is_active],
        "changes": [_change(c) for c in sorted(status.changes, key=lambda c: c.id)],
        "feedback": _feedback(status),
        "stamp": None if stamp is None else {"built": stamp.built_iso, "data_commit": stamp.commit, "data_hash": stamp.data_hash},
    }


PIECE = 10_000  # items of a long list written at a time


def write_doc(doc: StatusDoc, out: IO[bytes]) -> None:
    """The status document as published, written to `out` a piece at a time: one top-level field a
    line, each written compactly by json's C encoder (indenting goes through its Python one, ten
    times slower on a large feedback log), and a long list (the ids of a million pieces of
    feedback, some 16 MB of text) PIECE items at a time, never whole."""
    out.write(b"{\n")
    for n, (key, value) in enumerate(doc.items()):
        out.write(b",\n" if n else b"")
        out.write(f"{_compact(key)}:".encode())
        _write_value(value, out)
    out.write(b"\n}\n")


def _write_value(value: Any, out: IO[bytes]) -> None:
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        out.write(b"{")
        for n, (key, item) in enumerate(value.items()):
            out.write(f"{',' if n else ''}{_compact(key)}:".encode())
            _write_value(item, out)
        out.write(b"}")
    elif isinstance(value, list | tuple) and len(value) > PIECE:
        out.write(b"[")
        for start in range(0, len(value), PIECE):
            out.write(f"{',' if start else ''}{_compact(list(value[start : start + PIECE]))[1:-1]}".encode())
        out.write(b"]")
    else:
        out.write(_compact(value).encode())


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def schema_text() -> str:
    return resources.files("generator.history").joinpath(SCHEMA_NAME).read_text(encoding="utf-8")
