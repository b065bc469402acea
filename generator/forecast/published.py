"""The delivery forecasts and the early warnings as status.json gives them: plain values, no words."""

from __future__ import annotations

from collections.abc import Sequence

from generator.forecast.signals import Signal
from generator.forecast.simulate import Forecast, Outcome
from generator.history.document import ForecastsDoc, LikelyDoc, MilestoneForecastDoc, WarningDoc
from generator.model.status import Status


def _likely(outcome: Outcome) -> LikelyDoc:
    def iso(likelihood: int) -> str | None:
        day = outcome.dates.get(likelihood)
        return day.isoformat() if day else None

    return {"p50": iso(50), "p85": iso(85), "p95": iso(95)}


def forecasts_doc(outcome: Forecast, status: Status) -> ForecastsDoc:
    """`outcome` for status.json: each milestone's own scope (never the work before it, which may
    be the team's alone), its dates and its chance."""
    milestones: list[MilestoneForecastDoc] = []
    for o in outcome.outcomes:
        m = status.milestone(o.milestone or "")
        if m is None or m.scope is None:
            continue
        milestones.append({"id": m.id, "scope": m.scope, "dates": _likely(o), "chance": round(o.chance or 0.0, 3)})
    return {
        "standing": outcome.standing,
        "sprints": len(outcome.paces),
        "futures": outcome.futures if outcome.standing != "none" else 0,
        "milestones": milestones,
        "all_work": _likely(outcome.whole) if outcome.whole else None,
    }


def warnings_doc(found: Sequence[Signal]) -> list[WarningDoc]:
    """The early warnings an audience is shown (`signals.listed`), for status.json: figures, not words."""
    return [
        {
            "name": s.name,
            "record": s.record,
            "values": [round(v, 3) if isinstance(v, float) else v for v in s.values],
            "threshold": None if s.threshold is None else round(s.threshold, 3),
            "related": list(s.related),
        }
        for s in found
    ]
