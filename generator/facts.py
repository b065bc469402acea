"""What the data means, each fact computed here once: is a milestone late, and by how many days;
has it slipped;
is a risk's review due; when is the next update due; is a piece of feedback answered, and how long
has it waited; has the date
a change request needed its decision by passed.

Pure functions of typed values (dates, the data format's codes), so that every stage can ask the
same question the same way: the model's records (`model/records.py`) expose them as properties,
and the date warnings (`data/warnings.py`), which run before the model exists, call them on the
values they have read. Nothing else works a fact out again; pages, charts, feeds and status.json
only put these into words or numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

# What can happen to a piece of feedback, in order; every action after the first answers it.
ACTIONS = ("received", "planned", "done", "declined")
ANSWERED = ACTIONS[1:]
ACTIVE_RISK = ("open", "mitigating", "occurred")

# Where a milestone stands, as every page, chart and feed states it.
MilestoneState = Literal["cancelled", "delivered", "overdue", "late", "early", "on_time"]
MILESTONE_STATES: tuple[MilestoneState, ...] = ("cancelled", "delivered", "overdue", "late", "early", "on_time")


def milestone_open(status: str) -> bool:
    """Neither delivered nor cancelled."""
    return status not in ("done", "cancelled")


def overdue_days(status: str, forecast: dt.date, as_of: dt.date | None) -> int:
    """Days since an open milestone's forecast passed without delivery; 0 while the forecast is
    still ahead (or on the status date itself), or once it is delivered or cancelled."""
    if not milestone_open(status) or as_of is None:
        return 0
    return max(0, (as_of - forecast).days)


def expected(forecast: dt.date, done: dt.date | None) -> dt.date:
    """When a milestone was or will be delivered: the done date once done, the forecast before."""
    return done or forecast


def slip_days(baseline: dt.date, forecast: dt.date, done: dt.date | None) -> int:
    """Days between the baseline and when it was or will be delivered (`expected`): positive later,
    negative earlier. status.json and the downloads record it."""
    return (expected(forecast, done) - baseline).days


def late_days(status: str, baseline: dt.date, forecast: dt.date, as_of: dt.date | None) -> int:
    """How late an open milestone is: against its baseline, counting a forecast that has passed as
    at least the status date, and never less than the days since that forecast passed; 0 when it
    is not late, or not open."""
    if not milestone_open(status):
        return 0
    overdue = overdue_days(status, forecast, as_of)
    expected = max(forecast, as_of) if overdue and as_of else forecast
    return max(0, (expected - baseline).days, overdue)


def slipped(status: str, baseline: dt.date, forecast: dt.date) -> bool:
    """An open milestone forecast later than its baseline: it moved, and its readers are owed a
    reason (`slip_reason`)."""
    return milestone_open(status) and forecast > baseline


def stated_slip(status: str, baseline: dt.date, forecast: dt.date, done: dt.date | None, as_of: dt.date | None) -> int | None:
    """The slip a reader is told, in days against the baseline (positive late, negative early): an
    open milestone's lateness as `late_days` counts it, else its `slip_days`; None once cancelled,
    when a slip means nothing."""
    if status == "cancelled":
        return None
    return late_days(status, baseline, forecast, as_of) or slip_days(baseline, forecast, done)


def milestone_state(status: str, baseline: dt.date, forecast: dt.date, done: dt.date | None, as_of: dt.date | None) -> MilestoneState:
    """Where a milestone stands: cancelled; delivered; open with its forecast passed (overdue);
    open and later than its baseline (late), earlier (early), or on it (on time)."""
    if status == "cancelled":
        return "cancelled"
    if status == "done":
        return "delivered"
    if overdue_days(status, forecast, as_of):
        return "overdue"
    slip = stated_slip(status, baseline, forecast, done, as_of) or 0
    return "late" if slip > 0 else "early" if slip < 0 else "on_time"


def risk_active(status: str) -> bool:
    return status in ACTIVE_RISK


def review_due(status: str, next_review: dt.date | None, as_of: dt.date) -> bool:
    """An active risk whose next review is before the status date: the review is overdue."""
    return risk_active(status) and next_review is not None and next_review < as_of


def next_update(as_of: dt.date, cadence_days: int) -> dt.date:
    """When the status after this one is due."""
    return as_of + dt.timedelta(days=cadence_days)


def update_overdue(as_of: dt.date, cadence_days: int, today: dt.date) -> bool:
    """The next update was due before `today`. A published page cannot ask this when it is read, so
    assets/glasshouse.js makes the same comparison there, with the date `next_update` gave it."""
    return today > next_update(as_of, cadence_days)


def answered(action: str) -> bool:
    """A piece of feedback is answered once anything beyond receiving it happened."""
    return action in ANSWERED


def waiting_days(action: str, received: dt.date, as_of: dt.date) -> int:
    """Days a piece of feedback received on `received` has waited for an answer by `as_of`; 0 once answered."""
    return 0 if answered(action) else max(0, (as_of - received).days)


def decision_passed(decision: str, needed_by: dt.date | None, as_of: dt.date) -> bool:
    """A change request still pending after the date its decision was needed by (before `as_of`)."""
    return decision == "pending" and needed_by is not None and needed_by < as_of


def time_beyond_tolerance(status: str, baseline: dt.date, forecast: dt.date, tolerance_days: int | None) -> int:
    """Days an open key milestone's forecast lies beyond its baseline plus the time tolerance; 0 when within it."""
    if tolerance_days is None or not milestone_open(status):
        return 0
    return max(0, (forecast - baseline).days - tolerance_days)


def cost_beyond_tolerance(planned: int | None, forecast: int | None, tolerance_percent: int | None) -> float:
    """How much the forecast at completion exceeds the planned budget plus the cost tolerance; 0 when within it."""
    if planned is None or forecast is None or tolerance_percent is None:
        return 0.0
    return max(0.0, forecast - planned * (1 + tolerance_percent / 100))
