"""status.json as types: the shape `status.schema.json` gives a status document, for mypy.

`statusdoc.status_document` returns a `StatusDoc`, and `conform.conformed` gives one for a
document read from the published branch once the schema holds for it, so that code reading either
can rely on every required key and the type of its value. `tests/unit/history/test_statusdoc.py` keeps these
types in step with the schema: the same keys, the same required ones.

A milestone whose delivery date is internal has no slip (`slip_days` None), in this build's
document as in an earlier one shown now (`withheld.strip`). An earlier document may also hold a
form the schema does not: a sprint internal now reduced to its number (`HiddenSprintDoc`). Fields
added to the format later (a sprint's goal, a risk's next review, the team's words) are
`NotRequired`: documents published before them lack them and stay readable. `PartialDoc` is what
`glasshouse diff` reads from a snapshot that may be damaged: the top-level parts that conform.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict, final

# Values of the data format's fixed lists are kept as text: their codes are the schema's enums,
# which conform.py checks and the model's records hold as text too.


class _ProjectCore(TypedDict):
    name: str
    customer: str
    status: str
    headline: str
    as_of: str  # dates are ISO text, YYYY-MM-DD
    next_update: str
    language: str


class BeyondDoc(TypedDict):
    """An open key milestone forecast beyond the time tolerance, by `days`."""

    id: str
    days: int


class BudgetDoc(TypedDict):
    """The budget and the tolerances agreed with the sponsors; a figure not given, or internal, is None."""

    currency: str | None
    planned: int | None
    spent: int | None
    forecast: int | None
    tolerance_days: int | None
    tolerance_cost_percent: int | None
    cost_beyond_tolerance: float
    time_beyond_tolerance: list[BeyondDoc]


# Keys added later are in a `total=False` class: `NotRequired` is not seen under postponed annotations.
class ProjectDoc(_ProjectCore, total=False):
    # The team's words (see render/terms.py); documents before them lack these, read as sprint and points.
    iteration: str
    work_unit: str
    budget: BudgetDoc  # only when the project gives a budget or tolerances


class PreviousSprintDoc(TypedDict):
    """The last sprint closed before the current one, as it ended: what tells a reader its final figures."""

    id: int
    name: str
    committed: int
    completed: int | None


class _SprintCore(TypedDict):
    id: int
    name: str
    start: str
    end: str
    state: str
    committed: int
    completed: int | None


@final  # so that `"name" in sprint` tells it from a HiddenSprintDoc
class SprintDoc(_SprintCore, total=False):
    goal: str  # absent from documents written before it was recorded
    previous: PreviousSprintDoc | None  # absent from documents written before it was recorded


@final
class HiddenSprintDoc(TypedDict):
    """A sprint internal now, in an earlier document: its number alone, which orders the snapshots."""

    id: int


class CorrectionDoc(TypedDict):
    at: str
    reason: str


class SnapshotDoc(TypedDict):
    version: str
    title: str
    corrections: list[CorrectionDoc]


class _MilestoneFields(TypedDict):
    id: str
    title: str
    status: str
    baseline: str
    forecast: str
    done: str | None
    slip_days: int | None  # None while `done` is internal


class MilestoneDoc(_MilestoneFields, total=False):
    # Optional keys as a subclass with total=False: NotRequired is not seen in annotations kept as text.
    key: bool  # present, true, for a key milestone only


class _RiskCore(TypedDict):
    id: str
    title: str
    category: str
    status: str
    likelihood: int
    impact: int
    exposure: int
    severity: str
    milestones: list[str]


class RiskDoc(_RiskCore, total=False):
    next_review: str | None  # None once internal now; absent from earlier documents


class ClosedRiskDoc(TypedDict):
    id: str
    title: str


class _ChangeFields(TypedDict):
    id: str
    title: str
    requested_by: str
    date: str
    decision: str
    decided: str | None
    schedule_impact_days: int | None
    milestones: list[str]


class ChangeDoc(_ChangeFields, total=False):
    decision_needed_by: str  # present when set
    question: str


class ByActionDoc(TypedDict):
    received: int
    planned: int
    done: int
    declined: int


class _FeedbackItemCore(TypedDict):
    id: str
    date: str
    segment: str
    theme: str
    action: str


class FeedbackItemDoc(_FeedbackItemCore, total=False):
    """A piece of feedback as format 1 listed it (`conform.upgraded` reads it)."""

    answered: str | None  # documents before the day of an answer was recorded lack it


class FeedbackDoc(TypedDict):
    received: int
    answered: int
    answered_share: float | None
    rating_mean: float | None
    by_action: ByActionDoc
    by_theme: dict[str, int]
    by_segment: dict[str, int]
    ids: list[str]  # every piece's id, by the day it came in, then by id
    waiting: list[str]  # the ids of the pieces not answered yet, in the same order


class StampDoc(TypedDict):
    built: str
    data_commit: str | None
    data_hash: str


class LikelyDoc(TypedDict):
    p50: str | None  # the end date of the sprint that finishes the work in half the futures; None: not in sight
    p85: str | None
    p95: str | None


class MilestoneForecastDoc(TypedDict):
    id: str
    scope: float  # its own work still to do, in the project's work_unit
    dates: LikelyDoc
    chance: float  # the share of futures that finish by its forecast date, 0 to 1


class ForecastsDoc(TypedDict):
    standing: str  # none (too few closed sprints), rough or sound
    sprints: int  # the closed sprints the forecasts draw on
    futures: int
    milestones: list[MilestoneForecastDoc]
    all_work: LikelyDoc | None  # every open milestone's work, whatever this audience sees


class WarningDoc(TypedDict):
    """One early warning (forecast/signals.py) as its figures, never its words."""

    name: str
    record: str
    values: list[float | str]
    threshold: float | None
    related: list[str]


# "$schema" is no Python name, hence the functional form.
StatusDoc = TypedDict(
    "StatusDoc",
    {
        "$schema": NotRequired[str],
        "format": str,
        "project": ProjectDoc,
        "sprint": SprintDoc | HiddenSprintDoc | None,
        "snapshot": SnapshotDoc | None,
        "milestones": list[MilestoneDoc],
        "risks": list[RiskDoc],
        "closed_risks": list[ClosedRiskDoc],
        "changes": list[ChangeDoc],
        "feedback": FeedbackDoc,
        "stamp": StampDoc | None,
        "forecasts": NotRequired[ForecastsDoc],  # absent from documents published before forecasts
        "warnings": NotRequired[list[WarningDoc]],  # absent from documents published before early warnings
    },
)

# The same parts, each present only when it conforms on its own (`conform.partial`).
PartialDoc = TypedDict(
    "PartialDoc",
    {
        "$schema": str,
        "format": str,
        "project": ProjectDoc,
        "sprint": SprintDoc | HiddenSprintDoc | None,
        "snapshot": SnapshotDoc | None,
        "milestones": list[MilestoneDoc],
        "risks": list[RiskDoc],
        "closed_risks": list[ClosedRiskDoc],
        "changes": list[ChangeDoc],
        "feedback": FeedbackDoc,
        "stamp": StampDoc | None,
        "forecasts": ForecastsDoc,
        "warnings": list[WarningDoc],
    },
    total=False,
)

# What the history stage reads: a whole document, or the parts of one that conform.
ReadDoc = StatusDoc | PartialDoc
