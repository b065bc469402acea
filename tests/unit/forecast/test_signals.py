"""Early warnings: each signal on constructed inputs whose answer is known, firing and not, and
as `glasshouse validate` words them at their place in the data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.data.validate import validate
from generator.forecast.signals import (
    Signal,
    risk_on_slipped,
    risk_rising,
    slipping,
    unanswered,
    under_commitment,
    unlikely_dates,
)
from generator.forecast.simulate import forecast
from generator.forecast.warned import UNANSWERED_LISTED, _few, as_problems
from generator.history.edition import Snapshot
from generator.model.records import Feedback, Risk
from generator.model.status import Status
from generator.pipeline import check
from tests.support.projects import EXAMPLE_DATA, FIXTURES
from tests.support.sprint_cases import edit, example_with_milestone
from tests.unit.forecast.test_simulate import START, _status

AS_OF = START  # the constructed status's date


def _snap(
    sprint: int, as_of: dt.date, milestones: dict[str, str] | None = None, risks: dict[str, tuple[int, int]] | None = None
) -> Snapshot:
    """A published snapshot naming only what a trend reads: the milestones' forecasts, the risks' likelihood and impact."""
    doc: Any = {
        "project": {"as_of": as_of.isoformat()},
        "sprint": {"id": sprint},
        "milestones": [{"id": m, "forecast": f} for m, f in (milestones or {}).items()],
        "risks": [{"id": r, "likelihood": li, "impact": im} for r, (li, im) in (risks or {}).items()],
    }
    return Snapshot(f"sprint-{sprint:02d}", f"Sprint {sprint}", doc)


def _days_before(n: int) -> dt.date:
    return AS_OF - dt.timedelta(days=n)


def _with(status: Status, **project: Any) -> Status:
    return dataclasses.replace(status, project=dataclasses.replace(status.project, **project))


def _risk(r_id: str, likelihood: int, impact: int, milestones: tuple[str, ...] = ("M-01",), state: str = "open") -> Risk:
    return Risk(r_id, r_id, "schedule", likelihood, impact, "O", state, START, milestones=milestones)


# _status gives M-01 the forecast 2026-06-01.
def test_a_forecast_moved_later_in_two_snapshots_in_a_row_is_slipping() -> None:
    status = _status([10] * 3, {"M-01": 5})
    history = [_snap(1, _days_before(28), {"M-01": "2026-05-18"}), _snap(2, _days_before(14), {"M-01": "2026-05-25"})]
    assert slipping(status, history) == [Signal("slipping", "M-01", ("2026-05-18", "2026-05-25", "2026-06-01"))]
    # Given in any order, read by sprint; an older move before a still one is no run.
    older = [_snap(0, _days_before(42), {"M-01": "2026-05-18"}), *history]
    assert slipping(status, older[::-1])[0].values == ("2026-05-18", "2026-05-25", "2026-06-01")


def test_one_move_or_a_move_back_is_not_slipping() -> None:
    status = _status([10] * 3, {"M-01": 5})
    assert slipping(status, [_snap(1, _days_before(28), {"M-01": "2026-05-25"}), _snap(2, _days_before(14), {"M-01": "2026-05-25"})]) == []
    assert slipping(status, [_snap(1, _days_before(28), {"M-01": "2026-05-18"}), _snap(2, _days_before(14), {"M-01": "2026-06-08"})]) == []
    # The latest snapshot still has the data's status date: the data stands in for it, one move is left.
    same_day = [_snap(1, _days_before(28), {"M-01": "2026-05-18"}), _snap(2, AS_OF, {"M-01": "2026-05-25"})]
    assert slipping(status, same_day) == []
    delivered = dataclasses.replace(status, milestones=(dataclasses.replace(status.milestones[0], status="done", done=AS_OF),))
    assert (
        slipping(delivered, [_snap(1, _days_before(28), {"M-01": "2026-05-18"}), _snap(2, _days_before(14), {"M-01": "2026-05-25"})]) == []
    )


@pytest.mark.no_cover
def test_a_date_below_the_threshold_is_signalled_and_the_threshold_is_the_projects() -> None:
    status = _status([10] * 6, {"M-01": 25, "M-02": 5000})
    signals = unlikely_dates(status, forecast(status))
    assert [(s.name, s.record, s.values) for s in signals] == [("unlikely_date", "M-02", (0.0,))]
    assert unlikely_dates(status, forecast(_status([10, 10], {"M-02": 5000}))) == []  # no forecast, no signal
    # 30 points by 2026-06-01, four sprints away, at 0 or 20 a sprint: 11 futures in 16 make it.
    even = _status([0, 20] * 3, {"M-01": 30})
    assert unlikely_dates(even, forecast(even)) == []
    strict = _with(even, warn_below_chance=99)
    assert [(s.record, round(float(s.values[0]), 1)) for s in unlikely_dates(strict, forecast(strict))] == [("M-01", 0.7)]


def test_an_exposure_risen_in_two_snapshots_in_a_row_is_rising() -> None:
    status = dataclasses.replace(_status([10] * 3, {}), risks=(_risk("R-01", 3, 3), _risk("R-02", 3, 3, state="closed")))
    history = [
        _snap(1, _days_before(28), risks={"R-01": (2, 2), "R-02": (2, 2)}),
        _snap(2, _days_before(14), risks={"R-01": (2, 3), "R-02": (2, 3)}),
    ]
    assert risk_rising(status, history) == [Signal("risk_rising", "R-01", (4, 6, 9))]  # a closed risk rises no more


def test_an_exposure_that_held_or_fell_is_not_rising() -> None:
    status = dataclasses.replace(_status([10] * 3, {}), risks=(_risk("R-01", 3, 3),))
    assert (
        risk_rising(status, [_snap(1, _days_before(28), risks={"R-01": (2, 2)}), _snap(2, _days_before(14), risks={"R-01": (3, 3)})]) == []
    )
    assert (
        risk_rising(status, [_snap(1, _days_before(28), risks={"R-01": (1, 2)}), _snap(2, _days_before(14), risks={"R-01": (5, 5)})]) == []
    )


def test_a_risk_on_a_milestone_that_moved_since_the_latest_snapshot() -> None:
    risks = (_risk("R-01", 2, 2), _risk("R-02", 2, 2, ("M-02",)), _risk("R-03", 2, 2, state="closed"))
    status = dataclasses.replace(_status([10] * 3, {"M-01": 5, "M-02": 5}), risks=risks)
    moved = [_snap(1, _days_before(14), {"M-01": "2026-05-25", "M-02": "2026-06-02"})]  # M-02 is forecast 2026-06-02 now
    assert risk_on_slipped(status, moved) == [Signal("risk_on_slipped", "R-01", ("M-01",))]


def test_a_risk_on_a_milestone_that_held_its_date() -> None:
    status = dataclasses.replace(_status([10] * 3, {"M-01": 5}), risks=(_risk("R-01", 2, 2),))
    assert risk_on_slipped(status, [_snap(1, _days_before(14), {"M-01": "2026-06-01"})]) == []
    assert risk_on_slipped(status, [_snap(1, _days_before(14), {"M-01": "2026-06-08"})]) == []  # it moved earlier
    assert risk_on_slipped(status, []) == []  # nothing published: no move known


def _feedback(f_id: str, received: dt.date, action: str = "received") -> Feedback:
    return Feedback(f_id, received, "users", "email", "booking", action)


def test_feedback_waiting_longer_than_the_threshold_is_unanswered() -> None:
    log = (
        _feedback("FB-0001", _days_before(31)),
        _feedback("FB-0002", _days_before(30)),
        _feedback("FB-0003", _days_before(90), "planned"),
    )
    status = dataclasses.replace(_status([10] * 3, {}), feedback=log)
    assert list(unanswered(status)) == [Signal("unanswered", "FB-0001", (31,), 30)]
    assert [s.record for s in unanswered(_with(status, warn_unanswered_days=7))] == ["FB-0001", "FB-0002"]


def test_feedback_answered_or_recent_is_not_unanswered() -> None:
    log = (_feedback("FB-0001", _days_before(30)), _feedback("FB-0002", _days_before(300), "declined"))
    assert list(unanswered(dataclasses.replace(_status([10] * 3, {}), feedback=log))) == []


def _sprinted(completed: list[int | None], committed: int = 10) -> Status:
    status = _status([0] * len(completed), {})
    sprints = tuple(
        dataclasses.replace(s, committed=committed, completed=c) if s.state == "closed" else s
        for s, c in zip(status.sprints, [*completed, None], strict=True)
    )
    return dataclasses.replace(status, sprints=sprints)


def test_three_sprints_in_a_row_below_the_commitment() -> None:
    found = under_commitment(_sprinted([10, 6, 6, 5]))
    assert found == [Signal("under_commitment", "4", (0.6, 0.6, 0.5), 0.7, ("2", "3"))]
    assert [s.record for s in under_commitment(_with(_sprinted([10, 8, 8, 8]), warn_below_commitment=90))] == ["4"]


def test_sprints_not_all_below_the_commitment() -> None:
    assert under_commitment(_sprinted([6, 6, 7, 6])) == []  # 70% is not less than 70%
    assert under_commitment(_sprinted([6, 6])) == []  # two closed sprints are not three
    assert under_commitment(_sprinted([6, 6, 6], committed=0)) == []  # nothing committed, nothing to fall short of
    withheld = _sprinted([6, 6, 6])
    hidden = dataclasses.replace(withheld.sprints[0], completed=None, withheld=frozenset({"completed"}))
    assert under_commitment(dataclasses.replace(withheld, sprints=(hidden, *withheld.sprints[1:]))) == []


def test_validate_warns_at_the_milestones_forecast(tmp_path: Path) -> None:
    data = example_with_milestone(tmp_path, "M-11", scope=900)
    path = data / "milestones.yaml"
    found = [p for p in check(data).warnings if "delivery forecast" in p.message]
    # The go-live, and the milestone worked after it.
    assert [(p.record, p.field, p.severity) for p in found] == [
        ("milestone M-11", "forecast", "warning"),
        ("milestone M-12", "forecast", "warning"),
    ]
    assert found[0].message == "the delivery forecast gives a 0% chance of meeting this date, less than 50%"
    assert found[0].line is not None and "forecast: 2027-03-22" in path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert not [p for p in check(EXAMPLE_DATA).warnings if "delivery forecast" in p.message]


UNANSWERED = (
    "data/feedback.csv:4: warning: feedback FB-0003, field 'action': no answer for 13 days, longer than 10 (action: received)\n"
    "    hint: answer it: set 'action' to planned, done or declined, with a 'response' and the day in 'answered'; "
    "warn_unanswered_days in project.yaml sets the days"
)
UNDER = (
    "data/sprints.yaml:24: warning: sprint 3, field 'completed': sprints 1, 2, 3 in a row completed 50%, 45%, 35% "
    "of what they committed, each less than 70%\n"
    "    hint: commit to what recent sprints completed, or find what keeps work from finishing; "
    "warn_below_commitment in project.yaml sets the share"
)


def test_validate_warns_at_the_feedback_and_the_sprint(minimal: Path) -> None:
    day = dt.date(2026, 3, 31)
    assert check(minimal, day=day).warnings == ()
    edit(minimal / "project.yaml", "language: en", "language: en\nwarn_unanswered_days: 10")
    edit(minimal / "sprints.yaml", "completed: 18", "completed: 10")
    edit(minimal / "sprints.yaml", "completed: 22", "completed: 10")
    edit(minimal / "sprints.yaml", "completed: 6\n  state: active", "completed: 7\n  state: closed")
    assert [str(p) for p in check(minimal, day=day).warnings] == [UNANSWERED, UNDER]


def test_a_long_wait_list_is_warned_of_longest_first_and_the_rest_at_once() -> None:
    data = validate(FIXTURES / "minimal" / "data", dt.date(2026, 3, 31))
    waiting = [Signal("unanswered", f"FB-{i:04d}", (40 + i,), 30) for i in range(UNANSWERED_LISTED + 3)]
    problems = as_problems(waiting, data, Path("data"))
    # The ten waiting longest, in the log's order, then the three others in one warning at the longest waiting of them.
    assert [p.record for p in problems[:-1]] == [f"feedback FB-{i:04d}" for i in range(3, UNANSWERED_LISTED + 3)]
    assert (
        problems[-1].message
        == "and 3 more pieces of feedback without an answer for longer than 30 days, this one for 42 days and the rest for less"
    )
    assert problems[-1].line == 3  # FB-0002's row


def _few_by_list(signals: list[Signal]) -> tuple[list[Signal], Signal | None]:
    """The few told from a list of every signal: the longest waiting by heapq.nlargest (the
    earlier of two that waited as long), the others as they come."""
    waiting = [s for s in signals if s.name == "unanswered"]
    if len(waiting) <= UNANSWERED_LISTED:
        return signals, None
    longest = heapq.nlargest(UNANSWERED_LISTED + 1, waiting, key=lambda s: float(s.values[0]))
    kept = {id(s) for s in longest[:UNANSWERED_LISTED]}
    first = longest[-1]
    more = Signal("unanswered_more", first.record, (len(waiting) - UNANSWERED_LISTED, first.values[0]), first.threshold)
    return [s for s in signals if s.name != "unanswered" or id(s) in kept], more


@given(st.lists(st.tuples(st.sampled_from(["unanswered", "unanswered", "slipping", "risk_rising"]), st.integers(31, 36)), max_size=30))
def test_the_few_warned_of_are_found_reading_the_signals_once(drawn: list[tuple[str, int]]) -> None:
    """Read once, holding a dozen: the same warnings, in the same order, as from a list of every
    signal, whatever the ties in days waited."""
    signals = [Signal(name, f"X-{n}", (days,), 30) for n, (name, days) in enumerate(drawn)]
    assert _few(iter(signals)) == _few_by_list(signals)


def test_validate_warns_the_team_of_internal_records_too(minimal: Path) -> None:
    """Feedback kept internal waits for an answer as long as any: the public model does not hold it,
    but the team's warnings (`glasshouse validate`) are about every record."""
    day = dt.date(2026, 3, 31)
    edit(minimal / "project.yaml", "language: en", "language: en\nwarn_unanswered_days: 10")
    edit(minimal / "feedback.csv", "Fay Example,,received,,,,", "Fay Example,,received,,,internal,")
    assert check(minimal, day=day).warnings == ()
    team = check(minimal, day=day, team=True)
    assert [str(p) for p in team.warnings] == [UNANSWERED]  # at its line, with the log's rows let go of
    assert team.data["feedback"].released
    assert check(minimal, "internal", day=day).warnings == check(minimal, day=day, team=True).warnings


def test_status_json_gives_each_audience_its_warnings_as_figures(tmp_path: Path) -> None:
    """The public's status.json names the dates to watch of public milestones; the team's every
    warning. Figures only: the words are the pages'."""
    import json

    from generator.pipeline import generate

    data = example_with_milestone(tmp_path, "M-11", scope=900)
    edit(data / "project.yaml", "as_of:", "warn_unanswered_days: 100\nas_of:")
    public = json.loads(generate(data).file("status.json"))["warnings"]
    assert [(w["name"], w["record"], w["values"], w["threshold"]) for w in public] == [
        ("unlikely_date", "M-11", [0.0], 0.5),
        ("unlikely_date", "M-12", [0.0], 0.5),
    ]
    team = json.loads(generate(data, "internal").file("status.json"))["warnings"]
    assert {w["name"] for w in team} == {"unlikely_date", "unanswered"}
    assert [w for w in team if w["name"] == "unlikely_date"] == public
    waited = [w for w in team if w["name"] == "unanswered"]
    assert waited and all(w["threshold"] == 100 and w["values"][0] > 100 for w in waited)
