"""The model's status: figures and orders worked out once from its records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from hypothesis import given
from hypothesis import strategies as st

from generator.data.validate import validate
from generator.model.build import build_model
from generator.model.records import Feedback
from generator.model.status import Status
from tests.support.projects import EXAMPLE_DATA


@functools.cache
def _example() -> Status:
    return build_model(validate(EXAMPLE_DATA))


def _log(pieces: list[tuple[int, int]]) -> tuple[Feedback, ...]:
    start = dt.date(2026, 1, 1)
    return tuple(Feedback(f"FB-{n:04d}", start + dt.timedelta(days=day), "users", "email", "booking", "received") for day, n in pieces)


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 9999)), max_size=20, unique_by=lambda p: p[1]))
def test_feedback_by_date_is_by_day_then_id_in_any_order_given(pieces: list[tuple[int, int]]) -> None:
    log = _log(pieces)
    status = dataclasses.replace(_example(), feedback=log)
    assert status.feedback_by_date == tuple(sorted(log, key=lambda f: (f.date, f.id)))


def test_a_log_in_order_is_its_own_order() -> None:
    """A log kept as it grows (each piece on the day of the one before or after it, with a higher
    id) is already by day: the model holds it once, not twice."""
    log = _log([(0, 1), (0, 2), (1, 3), (3, 4)])
    assert dataclasses.replace(_example(), feedback=log).feedback_by_date is log
    shuffled = (log[1], log[0], *log[2:])
    assert dataclasses.replace(_example(), feedback=shuffled).feedback_by_date == log
