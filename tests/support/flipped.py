"""A real publishing history in which records and fields are published, then made internal.

Sprints 1 and 2 publish a milestone, a risk, a change request, a sprint, a feedback item and a
contact that carry canaries in every field, and public records that carry canaries in every field
they may keep internal; each record also makes news (a forecast moves, a risk opens, a decision is
taken, feedback is answered), so the What changed pages, trends and feeds of sprint 2 name them,
and so do other texts of those reports: sprint 2's headline, sprint 1's name.
Before sprint 3 is published, every one of them is made internal. Nothing built by that publish may
name any of them; the snapshots published before keep what they held.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.artefacts import unmeasured
from tests.support.planted import Project
from tests.support.publishing import EPOCHS, Published, commit, glasshouse, new_project

# Ids of the records that are public for two sprints, then internal.
FLIPPED_IDS = ("M-0555", "R-0555", "CR-0555", "FB-0555123", "C-0555")
# Dates of fields that become internal, as status.json and as the pages write them.
FLIPPED_DATES = {
    "milestone M-01, internal field done": ("2026-02-19", "19 Feb 2026"),
    "risk R-002, internal field next_review": ("2026-04-16", "16 Apr 2026"),
    "change request CR-01, internal field decided": ("2026-03-11", "11 Mar 2026"),
    "milestone M-0555, forecast": ("2026-09-10", "10 Sept 2026"),
    "milestone M-0555, forecast moved": ("2026-09-24", "24 Sept 2026"),
}
# Numbers of fields that become internal, as the files write them.
FLIPPED_NUMBERS = {
    "sprint 1, internal field completed": r"(?<![0-9a-f])9173(?![0-9a-f])",
    "change request CR-01, internal field schedule_impact_days": r"287 days|\"schedule_impact_days\":\s*287\b",
}


@dataclass
class Flipped:
    published: Published
    words: dict[str, str] = field(default_factory=dict)  # canary -> where it was planted
    tips: dict[int, str] = field(default_factory=dict)  # the remote's gh-pages after each publish

    def word(self, where: str) -> str:
        """The canary planted `where`: the same one each time it is asked for."""
        for w, planted in self.words.items():
            if planted == where:
                return w
        w = f"canary{len(self.words) + 500}z"
        self.words[w] = where
        return w

    @property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Every canary, id, date and number as a pattern over lower-cased text, by where it was planted."""
        out = {where: re.compile(re.escape(w)) for w, where in self.words.items()}
        out.update({f"internal record {i}": re.compile(re.escape(i.lower())) for i in FLIPPED_IDS})
        for where, forms in FLIPPED_DATES.items():
            out[where] = re.compile("|".join(re.escape(f.lower()) for f in forms))
        out.update({where: re.compile(p) for where, p in FLIPPED_NUMBERS.items()})
        return out


def _by_id(rows: list[dict[str, Any]], record_id: object) -> dict[str, Any]:
    return next(r for r in rows if str(r["id"]) == str(record_id))


def _sprints(p: Project, h: Flipped, active: int) -> None:
    rows: list[dict[str, Any]] = [
        {
            "id": 1,
            # Sprint 1 is named after the milestone until that is made internal: then it is renamed.
            "name": "Foundations" if active == 3 else f"Foundations for Launch {h.word('milestone M-0555, title')}",
            "start": "2026-03-02",
            "end": "2026-03-13",
            "goal": "Set up.",
            "committed": 20,
            "completed": 9173,
            "highlights": [h.word("sprint 1, internal field highlights")],
        },
        {
            "id": 2,
            "name": f"Pilot {h.word('sprint 2, name')}",
            "start": "2026-03-16",
            "end": "2026-03-27",
            "goal": h.word("sprint 2, goal"),
            "committed": 22,
            "completed": 22,
            "highlights": [h.word("sprint 2, highlights")],
        },
        {"id": 3, "name": "Pilot polish", "start": "2026-03-30", "end": "2026-04-10", "goal": "Polish.", "committed": 20, "completed": 6},
    ]
    for s in rows:
        s["state"] = "closed" if s["id"] < active else "active" if s["id"] == active else "planned"
        if s["state"] == "planned":
            del s["completed"]
    p.docs["sprints.yaml"] = rows


def _first(p: Project, h: Flipped) -> None:
    """Sprint 1: the records to be flipped are public, and public records fill the fields they will keep internal."""
    project, milestones, risks, changes = (p.docs[f] for f in ("project.yaml", "milestones.yaml", "risks.yaml", "changes.yaml"))
    project["contacts"].append(
        {
            "id": "C-0555",
            "name": h.word("contact C-0555, name"),
            "role": h.word("contact C-0555, role"),
            "email": h.word("contact C-0555, email") + "@example.org",
            "segment": "sponsors",
        }
    )
    milestones.append(
        {
            "id": "M-0555",
            "title": f"Launch {h.word('milestone M-0555, title')}",
            "description": h.word("milestone M-0555, description"),
            "owner": h.word("milestone M-0555, owner"),
            "baseline": "2026-09-01",
            "forecast": "2026-09-10",
            "status": "planned",
            "slip_reason": h.word("milestone M-0555, slip_reason"),
            "deliverables": [h.word("milestone M-0555, deliverables")],
        }
    )
    m1, m2 = _by_id(milestones, "M-01"), _by_id(milestones, "M-02")
    m1.update(
        done="2026-02-19",
        description=h.word("milestone M-01, internal field description"),
        deliverables=[h.word("milestone M-01, internal field deliverables")],
    )
    m2.update(
        description=h.word("milestone M-02, internal field description"), slip_reason=h.word("milestone M-02, internal field slip_reason")
    )
    m2["dependencies"] = ["M-01", "M-0555"]
    _by_id(risks, "R-001")["milestones"] = ["M-02", "M-0555"]
    _by_id(risks, "R-002").update(
        description=h.word("risk R-002, internal field description"),
        mitigation=h.word("risk R-002, internal field mitigation"),
        next_review="2026-04-16",
        milestones=["M-03"],
    )
    cr1 = _by_id(changes, "CR-01")
    cr1.update(decision="pending", rationale=h.word("change request CR-01, internal field rationale"), schedule_impact_days=287)
    del cr1["decided"]
    _by_id(changes, "CR-02")["milestones"] = ["M-0555"]
    changes.append(
        {
            "id": "CR-0555",
            "title": h.word("change request CR-0555, title"),
            "requested_by": "users",
            "date": "2026-03-06",
            "decision": "pending",
            "rationale": h.word("change request CR-0555, rationale"),
            "milestones": ["M-0555"],
        }
    )
    _by_id(p.feedback, "FB-0002")["milestone"] = "M-0555"
    p.feedback.append(
        {
            "id": "FB-0555123",
            "date": "2026-03-04",
            "segment": "users",
            "channel": "survey",
            "rating": "2",
            "theme": h.word("feedback FB-0555123, theme"),
            "quote": h.word("feedback FB-0555123, quote"),
            "consent": "yes",
            "respondent": "Ivy Example",
            "response": "",
            "action": "received",
        }
    )


def _second(p: Project, h: Flipped) -> None:
    """Sprint 2: news about each of them; the headline names the new risk."""
    milestones, risks, changes = (p.docs[f] for f in ("milestones.yaml", "risks.yaml", "changes.yaml"))
    p.docs["project.yaml"]["headline"] = f"On track; watching {h.word('risk R-0555, title')} (R-0555)"
    _by_id(milestones, "M-0555")["forecast"] = "2026-09-24"
    risks.append(
        {
            "id": "R-0555",
            "title": h.word("risk R-0555, title"),
            "description": h.word("risk R-0555, description"),
            "category": "scope",
            "likelihood": 3,
            "impact": 4,
            "owner": h.word("risk R-0555, owner"),
            "status": "open",
            "mitigation": h.word("risk R-0555, mitigation"),
            "raised": "2026-03-20",
            "next_review": "2026-04-20",
            "milestones": ["M-0555"],
        }
    )
    _by_id(changes, "CR-01").update(decision="accepted", decided="2026-03-11")
    _by_id(changes, "CR-0555").update(decision="accepted", decided="2026-03-24", schedule_impact_days=3)
    _by_id(p.feedback, "FB-0555123").update(action="done", response=h.word("feedback FB-0555123, response"))


def _flip(p: Project) -> None:
    """Sprint 3: every one of them internal, whole records and single fields; the headline moves on."""
    docs = p.docs
    docs["project.yaml"]["headline"] = "On track for the pilot"
    for rows, record_id in (
        (docs["project.yaml"]["contacts"], "C-0555"),
        (docs["milestones.yaml"], "M-0555"),
        (docs["risks.yaml"], "R-0555"),
        (docs["changes.yaml"], "CR-0555"),
        (p.feedback, "FB-0555123"),
        (docs["sprints.yaml"], 2),
    ):
        _by_id(rows, record_id)["visibility"] = "internal"
    hidden: dict[tuple[str, object], list[str]] = {
        ("milestones.yaml", "M-01"): ["done", "description", "deliverables"],
        ("milestones.yaml", "M-02"): ["description", "slip_reason"],
        ("milestones.yaml", "M-03"): ["dependencies"],
        ("risks.yaml", "R-002"): ["description", "mitigation", "next_review", "milestones"],
        ("changes.yaml", "CR-01"): ["decided", "rationale", "schedule_impact_days", "milestones"],
        ("sprints.yaml", 1): ["completed", "highlights"],
    }
    for (path, hidden_id), names in hidden.items():
        _by_id(docs[path], hidden_id)["internal_fields"] = names


def _publish(h: Flipped, sprint: int) -> None:
    sha = commit(h.published.project, f"Sprint {sprint}")
    result = glasshouse(h.published.project, "publish", epoch=EPOCHS[sprint])
    assert result.returncode == 0, result.stdout + result.stderr
    h.published = Published(h.published.project, h.published.remote, {**h.published.commits, sprint: sha})
    h.tips[sprint] = h.published.tip()


def flipped_history(root: Path) -> Flipped:
    """Publish sprints 1 and 2 with the canaries public, then sprint 3 with all of them internal."""
    h = Flipped(new_project(root))
    data = h.published.project / "data"
    p = Project(data)
    _sprints(p, h, 1)
    _first(p, h)
    p.write()
    with unmeasured():  # the first publish of a project: the publishing tests measure it
        _publish(h, 1)
    # Sprint 1 closes in a commit of its own, so its final snapshot holds what sprint 1 published;
    # sprint 2's news comes after, in the commit published as sprint 2.
    p = Project(data)
    _sprints(p, h, 2)
    p.write()
    commit(h.published.project, "Sprint 1 ends, sprint 2 starts")
    p = Project(data)
    _second(p, h)
    p.write()
    _publish(h, 2)
    # Sprint 2's snapshot is closed, then corrected with a reason that names the new risk.
    for args, later in (
        (["snapshot", "2"], 3600),
        (["snapshot", "2", "--force", "--reason", f"Restated {h.word('risk R-0555, title')}"], 7200),
    ):
        with unmeasured():  # closing and correcting: as the publishing tests measure them
            result = glasshouse(h.published.project, *args, epoch=EPOCHS[2] + later)
        assert result.returncode == 0, result.stdout + result.stderr
    h.tips[2] = h.published.tip()
    p = Project(data)
    _sprints(p, h, 3)
    _flip(p)
    p.write()
    _publish(h, 3)
    return h
