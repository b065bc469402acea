"""Synthetic projects for the benchmarks: the example (S) and two large ones (M, L).

The large projects are valid data of the shapes a long programme produces: many sprints,
milestones and risks, and a feedback log that grows by the hundred thousand. They are generated
deterministically (fixed seed), so every run measures the same input, and cached under bench/out/.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VERSION = "2"  # bump when the generated data changes, so cached projects are rebuilt


@dataclass(frozen=True)
class Size:
    name: str
    sprints: int
    milestones: int
    risks: int
    changes: int
    feedback: int


SIZES = {
    "S": None,  # the example project in data/
    "M": Size("M", sprints=100, milestones=500, risks=1_000, changes=100, feedback=100_000),
    "M3": Size("M3", sprints=100, milestones=500, risks=1_000, changes=100, feedback=300_000),  # the memory curve's middle
    "L": Size("L", sprints=100, milestones=500, risks=1_000, changes=100, feedback=1_000_000),
}

START = dt.date(2023, 1, 2)  # a Monday
SEGMENTS = ("sponsors", "shipping-lines", "terminal-operators", "port-staff", "shanghai-office")
CHANNELS = ("survey", "interview", "workshop", "email", "support", "review")
THEMES = ("booking", "alerts", "api", "training", "migration", "schedule", "accessibility", "language", "reports", "support")
ACTIONS = ("received", "planned", "done", "declined")
WORDS = [
    "berth",
    "booking",
    "window",
    "arrival",
    "alert",
    "terminal",
    "vessel",
    "schedule",
    "screen",
    "planner",
    "agent",
    "export",
    "training",
    "interface",
    "confirmation",
    "draught",
    "length",
    "notice",
    "shift",
    "report",
    "delay",
    "test",
    "release",
    "support",
    "language",
    "desk",
    "quay",
]


def project(size: str) -> Path:
    """A complete site project (mkdocs.yml, theme, content, data) of `size`, generated once and cached."""
    dest = OUT / f"project-{size}"
    stamp = dest / ".synth-version"
    if stamp.is_file() and stamp.read_text() == VERSION:
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in ("mkdocs.yml", "theme", "content"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / part)
    spec = SIZES[size]
    if spec is None:
        shutil.copytree(ROOT / "data", dest / "data")
    else:
        write_data(dest / "data", spec)
    stamp.write_text(VERSION)
    return dest


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_data(data: Path, spec: Size) -> None:
    rng = random.Random(f"glasshouse-{spec.name}")
    data.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "datapackage.yaml", data / "datapackage.yaml")
    shutil.copytree(ROOT / "data" / "schemas", data / "schemas")
    active = spec.sprints - 2  # the last two sprints are planned
    sprints = [(i, START + dt.timedelta(weeks=2 * (i - 1))) for i in range(1, spec.sprints + 1)]
    as_of = sprints[active - 1][1] + dt.timedelta(days=4)
    days = (as_of - START).days

    project = (ROOT / "data" / "project.yaml").read_text(encoding="utf-8")
    project = re.sub(r"(?m)^as_of: .*$", f"as_of: {as_of.isoformat()}", project)
    (data / "project.yaml").write_text(project, encoding="utf-8")

    out = ["# Synthetic sprints for the benchmarks.\n"]
    for i, start in sprints:
        state = "closed" if i < active else "active" if i == active else "planned"
        committed = rng.randint(20, 40)
        completed = f"\n  completed: {rng.randint(committed // 2, committed)}" if state != "planned" else ""
        highlights = "".join(f"\n    - {_yaml_text(_sentence(rng, 6))}" for _ in range(2))
        out.append(
            f"\n- id: {i}\n  name: Sprint {i}\n  start: {start}\n  end: {start + dt.timedelta(days=11)}\n"
            f"  goal: {_yaml_text(_sentence(rng, 12))}\n  committed: {committed}{completed}\n  highlights:{highlights}\n  state: {state}\n"
        )
    (data / "sprints.yaml").write_text("".join(out), encoding="utf-8")

    out = ["# Synthetic milestones for the benchmarks.\n"]
    span = (sprints[-1][1] - START).days
    for i in range(1, spec.milestones + 1):
        baseline = START + dt.timedelta(days=i * span // spec.milestones)
        slip = rng.choice((0, 0, 0, 7, 14, 21, -3))
        forecast = baseline + dt.timedelta(days=slip)
        done = forecast <= as_of
        status = "done" if done else rng.choice(("planned", "in_progress", "at_risk"))
        extra = f"  done: {forecast}\n" if done else ""
        if slip > 0:
            extra += f"  slip_reason: {_yaml_text(_sentence(rng, 14))}\n"
        deps = sorted({f"M-{d:03d}" for d in (i - 1, i - rng.randint(2, 9)) if d >= 1})
        if deps:
            extra += f"  dependencies: [{', '.join(deps)}]\n"
        out.append(
            f"\n- id: M-{i:03d}\n  title: {_yaml_text(_sentence(rng, 6))}\n  description: {_yaml_text(_sentence(rng, 30))}\n"
            f"  owner: Owner {i % 17}\n  baseline: {baseline}\n  forecast: {forecast}\n  status: {status}\n{extra}"
            f"  deliverables:\n    - {_yaml_text(_sentence(rng, 5))}\n"
        )
    (data / "milestones.yaml").write_text("".join(out), encoding="utf-8")

    out = ["# Synthetic risks for the benchmarks.\n"]
    categories = ("schedule", "scope", "technical", "resourcing", "supplier", "security", "compliance")
    for i in range(1, spec.risks + 1):
        raised = START + dt.timedelta(days=rng.randint(0, days))
        status = rng.choice(("open", "mitigating", "closed", "occurred", "mitigating"))
        review = "" if status == "closed" else f"  next_review: {raised + dt.timedelta(days=rng.randint(7, 60))}\n"
        ms = ", ".join(sorted({f"M-{rng.randint(1, spec.milestones):03d}" for _ in range(2)}))
        out.append(
            f"\n- id: R-{i:04d}\n  title: {_yaml_text(_sentence(rng, 7))}\n  description: {_yaml_text(_sentence(rng, 25))}\n"
            f"  category: {rng.choice(categories)}\n  likelihood: {rng.randint(1, 5)}\n  impact: {rng.randint(1, 5)}\n"
            f"  owner: Owner {i % 13}\n  status: {status}\n  mitigation: {_yaml_text(_sentence(rng, 20))}\n"
            f"  raised: {raised}\n{review}  milestones: [{ms}]\n"
        )
    (data / "risks.yaml").write_text("".join(out), encoding="utf-8")

    out = ["# Synthetic change requests for the benchmarks.\n"]
    for i in range(1, spec.changes + 1):
        date = START + dt.timedelta(days=rng.randint(0, days - 30))
        decision = rng.choice(("accepted", "rejected", "deferred", "pending", "accepted"))
        decided = "" if decision == "pending" else f"  decided: {date + dt.timedelta(days=rng.randint(1, 30))}\n"
        impact = f"  schedule_impact_days: {rng.randint(0, 20)}\n" if decision == "accepted" else ""
        out.append(
            f"\n- id: CR-{i:03d}\n  title: {_yaml_text(_sentence(rng, 8))}\n  requested_by: {rng.choice(SEGMENTS)}\n"
            f"  date: {date}\n  decision: {decision}\n{decided}  rationale: {_yaml_text(_sentence(rng, 20))}\n{impact}"
            f"  milestones: [M-{rng.randint(1, spec.milestones):03d}]\n"
        )
    (data / "changes.yaml").write_text("".join(out), encoding="utf-8")

    header = "id,date,segment,channel,rating,theme,quote,consent,respondent,response,action,milestone,change,visibility"
    quotes = [_sentence(rng, rng.randint(8, 30)) + " " + _sentence(rng, 6) for _ in range(997)]
    responses = [_sentence(rng, rng.randint(6, 20)) for _ in range(499)]
    with (data / "feedback.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\n")
        writer = csv.writer(fh, lineterminator="\n")
        for i in range(1, spec.feedback + 1):
            date = START + dt.timedelta(days=i * days // spec.feedback)
            action = rng.choice(ACTIONS)
            writer.writerow(
                (
                    f"FB-{i:07d}",
                    date.isoformat(),
                    SEGMENTS[i % len(SEGMENTS)],
                    CHANNELS[i % len(CHANNELS)],
                    "" if i % 11 == 0 else rng.randint(1, 5),
                    THEMES[rng.randrange(len(THEMES))],
                    f"{quotes[i % len(quotes)]} ({i})",  # every quote its own text, as in a real log
                    "yes" if i % 3 else "no",
                    f"Respondent {i % 5000}",
                    responses[i % len(responses)] if action != "received" else "",
                    action,
                    f"M-{1 + i % spec.milestones:03d}" if i % 4 == 0 else "",
                    f"CR-{1 + i % spec.changes:03d}" if i % 50 == 0 else "",
                    "internal" if i % 97 == 0 else "",
                )
            )
