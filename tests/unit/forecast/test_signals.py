"""Early warnings from the delivery forecasts: a forecast date unlikely to be met."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import yaml

from generator.forecast.signals import unlikely_dates
from generator.forecast.simulate import forecast
from generator.pipeline import check
from tests.support.projects import EXAMPLE_DATA
from tests.unit.forecast.test_simulate import _status


def test_a_date_below_the_threshold_is_signalled_and_the_threshold_is_the_projects() -> None:
    status = _status([10] * 6, {"M-01": 25, "M-02": 5000})
    signals = unlikely_dates(status, forecast(status))
    assert [(s.name, s.milestone, s.chance) for s in signals] == [("unlikely_date", "M-02", 0.0)]
    assert unlikely_dates(status, forecast(_status([10, 10], {"M-02": 5000}))) == []  # no forecast, no signal
    strict = dataclasses.replace(status, project=dataclasses.replace(status.project, warn_below_chance=99))
    assert [s.milestone for s in unlikely_dates(strict, forecast(strict))] == ["M-02"]


def test_validate_warns_at_the_milestones_forecast(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    path = data / "milestones.yaml"
    milestones = yaml.safe_load(path.read_text(encoding="utf-8"))
    for m in milestones:
        if m["id"] == "M-11":
            m["scope"] = 900
    path.write_text(yaml.safe_dump(milestones, sort_keys=False), encoding="utf-8")
    found = [p for p in check(data).warnings if "delivery forecast" in p.message]
    # The go-live, and the milestone worked after it.
    assert [(p.record, p.field, p.severity) for p in found] == [
        ("milestone M-11", "forecast", "warning"),
        ("milestone M-12", "forecast", "warning"),
    ]
    assert found[0].message == "the delivery forecast gives a 0% chance of meeting this date, less than 50%"
    assert found[0].line is not None and "forecast: 2027-03-22" in path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert not [p for p in check(EXAMPLE_DATA).warnings if "delivery forecast" in p.message]
