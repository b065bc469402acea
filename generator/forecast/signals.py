"""Early warnings the delivery forecasts give: each signal one name, decided here, and only put
into words where it is shown (`glasshouse validate` here, as a warning with its place in the data)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.data.tables import Dataset, display_path
from generator.errors import Problem
from generator.forecast.simulate import Forecast
from generator.model.status import Status

WARN_BELOW_CHANCE = 50  # %: a forecast date with a smaller chance than this is warned of, unless the project says


@dataclass(frozen=True)
class Signal:
    """One early warning: its name, the milestone it is about, and the figure that raised it."""

    name: str  # unlikely_date: an open milestone's own forecast date is unlikely to be met
    milestone: str
    chance: float
    threshold: float


def unlikely_dates(status: Status, outlook: Forecast) -> list[Signal]:
    """Open milestones whose forecast gives them less than the project's threshold chance of meeting their own date."""
    if outlook.standing == "none":
        return []
    threshold = (status.project.warn_below_chance or WARN_BELOW_CHANCE) / 100
    return [
        Signal("unlikely_date", o.milestone, o.chance, threshold)
        for o in outlook.outcomes
        if o.milestone is not None and o.chance is not None and o.chance < threshold
    ]


def as_problems(signals: list[Signal], data: Dataset, data_dir: Path) -> list[Problem]:
    """The signals as `validate` warnings, each at the milestone's forecast in the data."""
    t = data["milestones"]
    file = display_path(data_dir / t.resource.path)
    index = {m["id"]: i for i, m in enumerate(t.dicts())}
    return [
        Problem(
            file,
            t.line(index[s.milestone], "forecast") if s.milestone in index else None,
            f"the delivery forecast gives a {round(s.chance * 100)}% chance of meeting this date, less than {round(s.threshold * 100)}%",
            "move the forecast to a date the work can meet, or reduce its scope; warn_below_chance in project.yaml sets the threshold",
            f"milestone {s.milestone}",
            "forecast",
            severity="warning",
        )
        for s in signals
    ]
