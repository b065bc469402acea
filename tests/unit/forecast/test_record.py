"""The forecasts' track record: what earlier snapshots forecast for a milestone delivered since."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, cast

from generator.data.validate import validate
from generator.forecast.record import track_record
from generator.history.document import ReadDoc
from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import status_document
from generator.model.build import build_model
from generator.pipeline import render_site
from tests.support.projects import EXAMPLE_DATA


def _snapshot(status: Any, sprint: int, p85: str) -> Snapshot:
    """An earlier report of the example, at `sprint`, whose forecast gave M-05 (delivered 2 Oct 2026) `p85`."""
    doc: dict[str, Any] = copy.deepcopy(dict(status_document(status)))
    doc["sprint"] = {**doc["sprint"], "id": sprint, "name": f"Sprint {sprint}: earlier"}
    dates = {"p50": "2026-09-18", "p85": p85, "p95": "2026-10-16"}
    doc["forecasts"] = {"standing": "sound", "sprints": 6, "futures": 4000, "all_work": dates,
                        "milestones": [{"id": "M-05", "scope": 30, "dates": dates, "chance": 0.8}]}  # fmt: skip
    return Snapshot(f"sprint-{sprint:02d}", f"Sprint {sprint}", cast(ReadDoc, doc))


def test_each_earlier_forecast_of_a_delivered_milestone_and_whether_it_held() -> None:
    status = build_model(validate(EXAMPLE_DATA))
    earlier = [
        _snapshot(status, 9, "2026-10-02"),
        _snapshot(status, 10, "2026-09-18"),
        Snapshot("sprint-11", "S11", status_document(status)),
    ]
    (record,) = track_record(status, earlier)
    assert record.milestone == "M-05" and record.done == dt.date(2026, 10, 2)
    assert [(s.snapshot, s.p85, s.kept(record.done)) for s in record.said] == [
        ("Sprint 9: earlier", dt.date(2026, 10, 2), True),
        ("Sprint 10: earlier", dt.date(2026, 9, 18), False),
    ]
    assert record.kept == 1
    page = {p.path: p.markdown for p in render_site(status, Edition(history=tuple(earlier))).pages}["milestones.md"]
    table = page.split('id="forecast-record-table"')[1].split("</table>")[0]
    assert table.count("M&#45;05") == 2 and '<td data-label="In time (85%)">Yes</td>' in table
    assert '<td data-label="In time (85%)">No</td>' in table
    assert 'id="forecast-record-table"' not in {p.path: p.markdown for p in render_site(status).pages}["milestones.md"]
