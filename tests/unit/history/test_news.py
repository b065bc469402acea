"""What no edit makes, but a reader needs to hear: a sprint closed and the next one started, a
forecast passed without delivery, lateness grown, a risk's review fallen due. Computed from two
constructed status documents, and put into words in English and Chinese."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from generator.history.compare import compare
from generator.history.news import Later, Overdue, ReviewDue, SprintClosed, SprintStarted
from generator.history.withheld import strip
from generator.model.audience import Withheld
from generator.model.records import Milestone, Risk
from generator.render.changes import lines
from generator.render.i18n import language

EN, ZH = language("en"), language("zh")


def _sprint(sid: int, state: str, completed: int | None, name: str = "Pilot build", goal: str = "Ship the pilot.") -> dict[str, Any]:
    return {"id": sid, "name": name, "start": "2026-04-01", "end": "2026-04-14", "state": state, "committed": 26,
            "completed": completed, "goal": goal}  # fmt: skip


def _doc(as_of: str, sprint: dict[str, Any] | None = None, **project: str) -> Any:  # a status document as a test writes it by hand
    """A status document with one open milestone, 35 days late on 1 May 2026, and one risk."""
    return {
        "project": {"name": "P", "customer": "C", "status": "amber", "headline": "", "as_of": as_of, "next_update": as_of,
                    "language": "en", **project},
        "sprint": sprint,
        "milestones": [{"id": "M-03", "title": "Pilot", "status": "in_progress", "baseline": "2026-04-01",
                        "forecast": "2026-05-06", "done": None, "slip_days": 35}],
        "risks": [{"id": "R-001", "title": "Supplier delays", "category": "supplier", "status": "open", "likelihood": 3,
                   "impact": 4, "exposure": 12, "severity": "high", "milestones": [], "next_review": "2026-05-10"}],
    }  # fmt: skip


def test_a_closed_sprint_and_the_next_one_are_news() -> None:
    before = _doc("2026-05-01", _sprint(2, "closed", 23))
    after = _doc("2026-05-01", _sprint(3, "active", 4, "Pilot polish", "Users on the pilot."))
    change = compare(before, after)
    assert (change.sprint_closed, change.sprint_started) == (
        SprintClosed(2, "Pilot build", 26, 23),
        SprintStarted(3, "Pilot polish", "Users on the pilot."),
    )
    assert not change.empty
    assert lines(change, EN) == ["Sprint 2 closed: 23 of 26 points", "Sprint 3 started: Pilot polish. Goal: Users on the pilot."]
    assert lines(change, ZH) == ["冲刺 2 已结束：26 点中完成 23", "冲刺 3 已开始：Pilot polish。目标：Users on the pilot。"]


def test_in_the_team_s_words() -> None:
    before = _doc("2026-05-01", _sprint(2, "closed", 23))
    after = _doc("2026-05-01", _sprint(3, "active", 4, "Budget review", ""), iteration="period", work_unit="tasks")
    assert lines(compare(before, after), EN) == ["Period 2 closed: 23 of 26 tasks", "Period 3 started: Budget review."]
    assert lines(compare(before, after), ZH)[0] == "周期 2 已结束：26 项任务中完成 23"


def test_a_sprint_seen_running_then_closed() -> None:
    running, closed = _doc("2026-05-01", _sprint(2, "active", 10)), _doc("2026-05-01", _sprint(2, "closed", 23))
    assert lines(compare(running, closed), EN) == ["Sprint 2 closed: 23 of 26 points"]
    # Seen running, then gone: it closed, with figures neither document holds.
    assert lines(compare(running, _doc("2026-05-01", _sprint(3, "active", 0, "Pilot polish", ""))), EN) == [
        "Sprint 2 closed.",
        "Sprint 3 started: Pilot polish.",
    ]
    assert lines(compare(running, closed), ZH) == ["冲刺 2 已结束：26 点中完成 23"]
    # A later document keeps the figures of the sprint closed before its own.
    three = _doc(
        "2026-05-01",
        {**_sprint(3, "active", 0, "Pilot polish", ""), "previous": {"id": 2, "name": "Pilot build", "committed": 26, "completed": 23}},
    )
    assert lines(compare(running, three), EN)[0] == "Sprint 2 closed: 23 of 26 points"


def test_no_sprint_news_backwards_unchanged_or_internal() -> None:
    two, three = _doc("2026-05-01", _sprint(2, "closed", 23)), _doc("2026-05-01", _sprint(3, "active", 4))
    assert compare(three, two).sprint_closed is None and compare(three, two).sprint_started is None
    assert compare(two, two).empty and compare(three, three).empty
    hidden = _doc("2026-05-01", {"id": 3})  # a sprint internal now: its number alone
    assert lines(compare(two, hidden), EN) == []
    old = _doc("2026-05-01", _sprint(3, "active", 4))
    del old["sprint"]["goal"]  # documents published before goals were recorded
    assert lines(compare(two, old), EN)[1] == "Sprint 3 started: Pilot build."


def test_a_milestone_whose_forecast_passed_is_news_though_nothing_was_edited() -> None:
    before, after = _doc("2026-05-01"), _doc("2026-05-20")
    change = compare(before, after)
    assert change.overdue == (Overdue("M-03", "Pilot", dt.date(2026, 5, 6), 14),)
    assert change.later == (Later("M-03", "Pilot", 35, 49),)
    assert lines(change, EN)[:2] == [
        "M-03 Pilot: overdue, its forecast of 6 May 2026 passed without delivery",
        "M-03 Pilot: now 49 days late, was 35",
    ]
    assert lines(change, ZH)[:2] == ["M-03 Pilot：已逾期，预测日期 2026年5月6日 已过而未交付", "M-03 Pilot：现已延迟 49 天，此前为 35 天"]
    # The same facts the model states of the same milestone on each date.
    for as_of, late in ((dt.date(2026, 5, 1), 35), (dt.date(2026, 5, 20), 49)):
        m = Milestone("M-03", "Pilot", "o", dt.date(2026, 4, 1), dt.date(2026, 5, 6), "in_progress", as_of=as_of)
        assert m.late_days == late
    assert m.state == "overdue" and m.overdue_days == 14


def test_lateness_that_only_follows_a_moved_forecast_is_told_as_the_move() -> None:
    before, after = _doc("2026-05-01"), _doc("2026-05-01")
    after["milestones"][0]["forecast"] = "2026-05-20"
    change = compare(before, after)
    assert (change.later, change.overdue) == ((), ())
    assert lines(change, EN) == ["M-03 Pilot: forecast moved +14 days (6 May 2026 → 20 May 2026)"]


def test_still_overdue_and_delivered_are_not_overdue_news() -> None:
    late, later = _doc("2026-05-20"), _doc("2026-05-27")
    assert compare(late, later).overdue == () and compare(late, later).later == (Later("M-03", "Pilot", 49, 56),)
    delivered = copy.deepcopy(later)
    delivered["milestones"][0].update(status="done", done="2026-05-22")
    assert compare(late, delivered).overdue == () and compare(late, delivered).later == ()


def test_a_risk_review_falling_due_is_news() -> None:
    change = compare(_doc("2026-05-01"), _doc("2026-05-20"))
    assert change.reviews_due == (ReviewDue("R-001", "Supplier delays", dt.date(2026, 5, 10)),)
    assert lines(change, EN)[-1] == "R-001 Supplier delays: risk review overdue, it was due 10 May 2026"
    assert lines(change, ZH)[-1] == "R-001 Supplier delays：风险复查已逾期，原定于 2026年5月10日"
    risk = Risk("R-001", "Supplier delays", "supplier", 3, 4, "o", "open", dt.date(2026, 4, 1), next_review=dt.date(2026, 5, 10))
    assert not risk.review_due(dt.date(2026, 5, 1)) and risk.review_due(dt.date(2026, 5, 20))


def test_unknown_is_not_changed() -> None:
    """An earlier document without next reviews, or without a status date, gives no news of them."""
    old = _doc("2026-05-01")
    del old["risks"][0]["next_review"]
    assert compare(old, _doc("2026-05-20")).reviews_due == ()
    partial = _doc("2026-05-01")
    del partial["project"]
    assert compare(partial, _doc("2026-05-20")).empty
    assert compare(_doc("2026-05-20"), _doc("2026-05-01")).overdue == ()  # backwards in time


def test_a_review_date_internal_now_says_nothing() -> None:
    withheld = Withheld({}, {"risks": {"R-001": frozenset({"next_review"})}})
    before, _ = strip(_doc("2026-05-01"), withheld)
    after, _ = strip(_doc("2026-05-20"), withheld)
    assert before["risks"][0]["next_review"] is None
    assert compare(before, after).reviews_due == ()
