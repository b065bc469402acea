"""Early warnings, computed from the model and the published history, never typed by hand: each
signal has one name and one function here, and returns plain values (ids, dates, figures). They
are put into words only where they are shown: `glasshouse validate` (`warned.py`), the pages.

A trend (`slipping`, `risk_rising`) is read from the published snapshots' status documents,
oldest first, and the current data as the newest; the latest snapshot is left out when the data
still gives its status date, since the data then stands in for it (re-publishing the same status
is no move)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from generator.forecast.simulate import Forecast
from generator.history.document import ReadDoc
from generator.history.edition import Snapshot
from generator.model.status import Status

# The thresholds, unless project.yaml sets them (the data format documents the same defaults).
WARN_BELOW_CHANCE = 50  # %: a forecast date with a smaller chance than this is warned of
WARN_UNANSWERED_DAYS = 30  # feedback waiting longer than this for an answer
WARN_BELOW_COMMITMENT = 70  # %: sprints completing less than this share of what they committed
MOVES_IN_A_ROW = 2  # a milestone's forecast moved later, a risk's exposure rose, this many snapshots in a row
SPRINTS_IN_A_ROW = 3  # the most recent closed sprints that all completed below the threshold

# Every signal's name, in the order the warnings are listed.
NAMES = ("slipping", "unlikely_date", "risk_rising", "risk_on_slipped", "unanswered", "under_commitment")
# What customers are shown: the signals about dates and likelihoods, of public milestones only (a
# public model holds no other). The team's build lists every one, a risk review passed among them.
PUBLIC = ("slipping", "unlikely_date")
LISTED = ("slipping", "unlikely_date", "risk_rising", "risk_on_slipped", "review_passed", "unanswered", "under_commitment")


@dataclass(frozen=True, slots=True)  # a long log waits on a quarter of a million answers, a signal each
class Signal:
    """One early warning: its name, the record it is about, and the figures that raised it."""

    name: str  # one of NAMES, or review_passed (listed, not a `validate` warning of this room)
    record: str  # the id of the milestone, risk, feedback or sprint it is about
    # slipping: the forecast dates (ISO), oldest first; unlikely_date: the chance (0 to 1); risk_rising:
    # the exposures, oldest first; risk_on_slipped: the slipped milestones' ids; unanswered: the days
    # waited; under_commitment: each sprint's completed share of its commitment (0 to 1), oldest first;
    # review_passed: the date the review was due (ISO).
    values: tuple[float | str, ...]
    threshold: float | None = None  # what it was measured against, where the project sets it (a share 0 to 1, or days)
    related: tuple[str, ...] = ()  # under_commitment: the earlier sprints' ids, oldest first


def trend_docs(status: Status, history: Sequence[Snapshot]) -> list[ReadDoc]:
    """The published status documents a trend is read from, oldest first (by sprint), without the
    latest when the data still gives its status date."""
    ordered = sorted(history, key=lambda s: s.sprint or 0)
    if ordered and ordered[-1].as_of is not None and ordered[-1].as_of >= status.project.as_of:
        ordered.pop()
    return [s.doc for s in ordered]


def _rises(values: Sequence[float | str]) -> int:
    """How many times in a row the last of `values` went up, counted back from the newest."""
    n = 0
    for before, after in zip(reversed(values[:-1]), reversed(values[1:]), strict=True):
        if not after > before:  # type: ignore[operator]
            break
        n += 1
    return n


def _trend(name: str, record: str, values: list[float | str]) -> list[Signal]:
    n = _rises(values)
    return [Signal(name, record, tuple(values[-n - 1 :]))] if n >= MOVES_IN_A_ROW else []


def _seen(docs: list[ReadDoc], part: str, record: str, value: Callable[[dict[str, object]], float | str]) -> list[float | str]:
    """What each document said of `record` in `part` (milestones, risks), where it named it."""
    found: list[float | str] = []
    for doc in docs:
        items: list[dict[str, object]] = doc.get(part, [])  # type: ignore[assignment]
        found.extend(value(i) for i in items if i.get("id") == record)
    return found


def _forecasts(status: Status, history: Sequence[Snapshot]) -> dict[str, list[float | str]]:
    """Each open milestone's forecast dates (ISO), as the published documents gave them and now, oldest first."""
    docs = trend_docs(status, history)
    return {
        m.id: [*_seen(docs, "milestones", m.id, lambda d: str(d["forecast"])), m.forecast.isoformat()]
        for m in status.milestones
        if m.is_open
    }


def slipping(status: Status, history: Sequence[Snapshot]) -> list[Signal]:
    """Open milestones whose forecast date moved later in two or more snapshots in a row, up to now."""
    return [s for m_id, dates in _forecasts(status, history).items() for s in _trend("slipping", m_id, dates)]


def risk_rising(status: Status, history: Sequence[Snapshot]) -> list[Signal]:
    """Active risks whose exposure (likelihood x impact) rose in two snapshots in a row, up to now."""
    docs = trend_docs(status, history)
    found: list[Signal] = []
    for r in status.risks:
        if r.is_active:
            seen = _seen(docs, "risks", r.id, lambda d: int(d["likelihood"]) * int(d["impact"]))  # type: ignore[call-overload]
            found += _trend("risk_rising", r.id, [*seen, r.exposure])
    return found


def risk_on_slipped(status: Status, history: Sequence[Snapshot]) -> list[Signal]:
    """Active risks that threaten a milestone which slipped at its latest move: forecast later now
    than in the latest published snapshot that named it. (A milestone past its baseline for months
    is not news; one that moved since the last report is, and the risks on it want a look.)"""
    moved = {m_id for m_id, dates in _forecasts(status, history).items() if _rises(dates)}
    found = []
    for r in status.risks:
        hit = tuple(m for m in r.milestones if m in moved)
        if r.is_active and hit:
            found.append(Signal("risk_on_slipped", r.id, hit))
    return found


def unlikely_dates(status: Status, outlook: Forecast) -> list[Signal]:
    """Open milestones whose forecast gives them less than the project's threshold chance of meeting their own date."""
    if outlook.standing == "none":
        return []
    threshold = (status.project.warn_below_chance or WARN_BELOW_CHANCE) / 100
    return [
        Signal("unlikely_date", o.milestone, (o.chance,), threshold)
        for o in outlook.outcomes
        if o.milestone is not None and o.chance is not None and o.chance < threshold
    ]


def unanswered(status: Status) -> Iterator[Signal]:
    """Feedback that has waited for an answer longer than the project's threshold, by the status
    date, one at a time: a long log waits on a quarter of a million answers."""
    days = status.project.warn_unanswered_days or WARN_UNANSWERED_DAYS
    waits: dict[int, tuple[int]] = {}  # pieces that waited as long share their figures
    return (Signal("unanswered", f.id, waits.setdefault(waited, (waited,)), days) for f, waited in status.waiting if waited > days)


def under_commitment(status: Status) -> list[Signal]:
    """The three most recent closed sprints each completed less than the project's threshold share
    of what they committed: one signal, about the latest of them."""
    share = status.project.warn_below_commitment or WARN_BELOW_COMMITMENT
    closed = sorted((s for s in status.sprints if s.state == "closed"), key=lambda s: (s.start, s.id))[-SPRINTS_IN_A_ROW:]
    if len(closed) < SPRINTS_IN_A_ROW or any(s.completed is None or not s.committed for s in closed):
        return []  # too few, or one whose figures this audience is not shown
    if not all(s.done_ratio * 100 < share for s in closed):
        return []
    shares = tuple(s.done_ratio for s in closed)
    return [Signal("under_commitment", str(closed[-1].id), shares, share / 100, tuple(str(s.id) for s in closed[:-1]))]


def signals(status: Status, outlook: Forecast, history: Sequence[Snapshot] = (), names: Sequence[str] = NAMES) -> Iterator[Signal]:
    """Every early warning the model, its forecast and the published history give, in the order of
    NAMES, one at a time; only those `names` names, when given (a long log waits on a quarter of a
    million answers: warnings nobody is shown are not made, and those `validate` counts are not held)."""
    kinds: dict[str, Callable[[], Iterable[Signal]]] = {
        "slipping": lambda: slipping(status, history),
        "unlikely_date": lambda: unlikely_dates(status, outlook),
        "risk_rising": lambda: risk_rising(status, history),
        "risk_on_slipped": lambda: risk_on_slipped(status, history),
        "unanswered": lambda: unanswered(status),
        "under_commitment": lambda: under_commitment(status),
    }
    return (signal for name in NAMES if name in names for signal in kinds[name]())


def reviews_passed(status: Status) -> list[Signal]:
    """Active risks whose review was due before the status date (Risk.review_due): `validate` warns
    of them with the data's other dates (data/warnings.py); listed here with the early warnings."""
    as_of = status.project.as_of
    return [
        Signal("review_passed", r.id, (r.next_review.isoformat() if r.next_review else "",)) for r in status.risks if r.review_due(as_of)
    ]


def listed(status: Status, outlook: Forecast, history: Sequence[Snapshot] = ()) -> list[Signal]:
    """The early warnings the overview lists, in the order of LISTED: every one for the team, and
    for the public only those about dates and likelihoods."""
    shown = PUBLIC if status.audience == "public" else LISTED
    found = [*signals(status, outlook, history, shown), *(reviews_passed(status) if "review_passed" in shown else ())]
    return sorted(found, key=lambda s: LISTED.index(s.name))
