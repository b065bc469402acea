"""Dates that say the status is stale or contradicts itself.

A status date in the future is an error: no page may claim to describe a day that has not come.
The rest are warnings, worth a look before publishing but stopping nothing (`glasshouse validate
--strict` makes them fail): forecasts already past, forecasts moved with no reason given, risk
reviews overdue, decisions a pending change request needed by a date already past, an update
overdue, and a status date left unchanged while the status changed since the last published snapshot.

Everything here is a function of the data, today and what is known of the published snapshot, so
a test can hand it any day; the clock is read in one place, `generator/clock.py`. What counts as overdue
or due is not decided here: the same functions of `generator/facts.py` that the model's records
use are asked, on the values read, so a warning and a page never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator import facts
from generator.data.tables import Dataset, Table, display_path
from generator.errors import Problem


@dataclass(frozen=True)
class Published:
    """What the stale-date check needs to know of the latest published snapshot."""

    version: str
    as_of: dt.date | None
    changed: bool  # the data's status differs from the one that snapshot published


def _project(data: Dataset, data_dir: Path) -> tuple[Table, str, dt.date | None]:
    t = data["project"]
    as_of = t.rows[0][t.columns.index("as_of")] if t.rows else None
    return t, display_path(data_dir / t.resource.path), as_of


def future_as_of(data: Dataset, data_dir: Path, today: dt.date) -> list[Problem]:
    """An error: the status date is later than today."""
    t, file, as_of = _project(data, data_dir)
    if as_of is None or as_of <= today:
        return []
    hint = "the status date is the day the status describes, today at the latest; check the year"
    return [Problem(file, t.line(0, "as_of"), f"{as_of} is in the future", hint, "", "as_of")]


def date_warnings(data: Dataset, data_dir: Path, today: dt.date) -> list[Problem]:
    """Forecasts already past or moved with no reason, risk reviews overdue, decisions overdue, and an update overdue."""
    _, _, as_of = _project(data, data_dir)
    if as_of is None:
        return []
    found = [
        *_forecasts(data, data_dir, as_of),
        *_slips(data, data_dir),
        *_reviews(data, data_dir, as_of),
        *_decisions(data, data_dir, as_of),
        *_overdue(data, data_dir, today),
        *tolerance_warnings(data, data_dir),
    ]
    return sorted(found, key=lambda p: (p.file, p.line or 0))


def unchanged_as_of(data: Dataset, data_dir: Path, published: Published | None) -> list[Problem]:
    """A warning: the status changed since the latest snapshot, but still gives that snapshot's date."""
    t, file, as_of = _project(data, data_dir)
    if published is None or not published.changed or as_of is None or published.as_of != as_of:
        return []
    return [
        Problem(
            file,
            t.line(0, "as_of"),
            f"{as_of} is still the status date of the published snapshot {published.version}, but the status has changed since",
            "set 'as_of' to the day this status describes, so that readers can tell it from the published one",
            "",
            "as_of",
            severity="warning",
        )
    ]


def _forecasts(data: Dataset, data_dir: Path, as_of: dt.date) -> Iterator[Problem]:
    t = data["milestones"]
    file = display_path(data_dir / t.resource.path)
    for i, m in enumerate(t.dicts()):
        if not facts.overdue_days(m["status"], m["forecast"], as_of):
            continue
        yield Problem(
            file,
            t.line(i, "forecast"),
            f"{m['forecast']} is before the status date {as_of}, and the milestone is not done (status: {m['status']})",
            "set the date it is now expected, or set 'status: done' with its done date",
            f"milestone {m['id']}",
            "forecast",
            severity="warning",
        )


def _slips(data: Dataset, data_dir: Path) -> Iterator[Problem]:
    """Open milestones forecast later than their baseline with no reason given: customers see the
    days late and not why."""
    t = data["milestones"]
    file = display_path(data_dir / t.resource.path)
    for i, m in enumerate(t.dicts()):
        if m["slip_reason"] or not facts.slipped(m["status"], m["baseline"], m["forecast"]):
            continue
        days = (m["forecast"] - m["baseline"]).days
        yield Problem(
            file,
            t.line(i, "forecast"),
            f"missing: the forecast {m['forecast']} is {days} days after the baseline {m['baseline']}, and customers are not told why",
            "add 'slip_reason': one sentence that tells customers why it moved; the overview shows it beside the days late",
            f"milestone {m['id']}",
            "slip_reason",
            severity="warning",
        )


def _reviews(data: Dataset, data_dir: Path, as_of: dt.date) -> Iterator[Problem]:
    t = data["risks"]
    file = display_path(data_dir / t.resource.path)
    for i, r in enumerate(t.dicts()):
        if not facts.review_due(r["status"], r["next_review"], as_of):
            continue
        yield Problem(
            file,
            t.line(i, "next_review"),
            f"{r['next_review']} is before the status date {as_of}: the review is overdue",
            "review the risk, then set the date of its next review",
            f"risk {r['id']}",
            "next_review",
            severity="warning",
        )


def _decisions(data: Dataset, data_dir: Path, as_of: dt.date) -> Iterator[Problem]:
    t = data["changes"]
    file = display_path(data_dir / t.resource.path)
    for i, c in enumerate(t.dicts()):
        needed_by = c.get("decision_needed_by")
        if not facts.decision_passed(c["decision"], needed_by, as_of):
            continue
        yield Problem(
            file,
            t.line(i, "decision_needed_by"),
            f"{needed_by} is before the status date {as_of}, and the change request is still pending",
            "record the decision with its date ('decision', 'decided'), or set the date it is now needed by",
            f"change {c['id']}",
            "decision_needed_by",
            severity="warning",
        )


def _overdue(data: Dataset, data_dir: Path, today: dt.date) -> Iterator[Problem]:
    t, file, as_of = _project(data, data_dir)
    cadence = t.rows[0][t.columns.index("update_cadence_days")] if t.rows else None
    if as_of is None or cadence is None:
        return
    due = facts.next_update(as_of, cadence)
    if facts.update_overdue(as_of, cadence, today):
        yield Problem(
            file,
            t.line(0, "as_of"),
            f"{as_of} is {(today - as_of).days} days ago: the next update was due by {due} (update_cadence_days: {cadence})",
            "bring the status up to date and set 'as_of' to the day it describes",
            "",
            "as_of",
            severity="warning",
        )


def tolerance_warnings(data: Dataset, data_dir: Path) -> Iterator[Problem]:
    """Early warnings for the sponsors: a key milestone forecast beyond the time tolerance, and a
    forecast cost beyond the cost tolerance (facts.time_beyond_tolerance, facts.cost_beyond_tolerance)."""
    t, file, _ = _project(data, data_dir)
    if not t.rows:
        return
    p = next(t.dicts())
    days = p.get("tolerance_days")
    milestones = data["milestones"]
    m_file = display_path(data_dir / milestones.resource.path)
    for i, m in enumerate(milestones.dicts()):
        beyond = facts.time_beyond_tolerance(m["status"], m["baseline"], m["forecast"], days) if m.get("key") else 0
        if beyond:
            yield Problem(
                m_file,
                milestones.line(i, "forecast"),
                f"the forecast {m['forecast']} is {beyond} days beyond the time tolerance agreed with the sponsors "
                f"(baseline {m['baseline']} plus {days} days)",
                "tell the sponsors now, with the options, so they can decide before the tolerance is exceeded",
                f"milestone {m['id']}",
                "forecast",
                severity="warning",
            )
    cost = facts.cost_beyond_tolerance(p.get("budget_planned"), p.get("budget_forecast"), p.get("tolerance_cost_percent"))
    if cost:
        yield Problem(
            file,
            t.line(0, "budget_forecast"),
            f"the forecast cost {p['budget_forecast']:g} is {cost:g} beyond the cost tolerance agreed with the sponsors "
            f"(budget_planned {p['budget_planned']:g} plus {p['tolerance_cost_percent']:g}%)",
            "tell the sponsors now, with the options, so they can decide before the tolerance is exceeded",
            "",
            "budget_forecast",
            severity="warning",
        )
