"""The early warnings (`signals.py`) as `glasshouse validate` warnings, never errors: each at its
record's line in the data, saying what to do next and which setting of project.yaml moves it."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from pathlib import Path

from generator.data.tables import Dataset, Table, display_path
from generator.data.values import record_label
from generator.errors import Problem
from generator.forecast.signals import Signal

UNANSWERED_LISTED = 10  # pieces of feedback warned of one by one; any more, in one warning

# Where each signal points in the data: the table, and the field whose value raised it.
PLACES = {
    "slipping": ("milestones", "forecast"),
    "unlikely_date": ("milestones", "forecast"),
    "risk_rising": ("risks", "likelihood"),
    "risk_on_slipped": ("risks", "milestones"),
    "unanswered": ("feedback", "action"),
    "unanswered_more": ("feedback", "action"),
    "under_commitment": ("sprints", "completed"),
}


_ANSWER_IT = (
    "answer it: set 'action' to planned, done or declined, with a 'response' and the day in 'answered'; "
    "warn_unanswered_days in project.yaml sets the days"
)


def _pct(value: float | str) -> str:
    return f"{round(float(value))}%"


def _words(s: Signal) -> tuple[str, str]:
    """The message and the hint of one signal."""
    values = [str(v) for v in s.values]
    threshold = round(s.threshold or 0)
    if s.name == "slipping":
        return (
            f"the forecast moved later in {len(values) - 1} published snapshots in a row: {' -> '.join(values)}",
            "re-plan it from the work that remains and tell customers why it keeps moving (two moves in a row warn)",
        )
    if s.name == "unlikely_date":
        return (
            f"the delivery forecast gives a {_pct(float(s.values[0]) * 100)} chance of meeting this date, "
            f"less than {_pct((s.threshold or 0) * 100)}",
            "move the forecast to a date the work can meet, or reduce its scope; warn_below_chance in project.yaml sets the threshold",
        )
    if s.name == "risk_rising":
        return (
            f"its exposure (likelihood x impact) rose in {len(values) - 1} published snapshots in a row: {' -> '.join(values)}",
            "review its mitigation and owner now, before it occurs (two rises in a row warn)",
        )
    if s.name == "risk_on_slipped":
        return (
            f"it threatens {', '.join(values)}, forecast later now than in the latest published snapshot",
            "review its likelihood, impact and mitigation: the milestone it threatens has moved already",
        )
    if s.name == "unanswered":
        return (
            f"no answer for {values[0]} days, longer than {threshold} (action: received)",
            _ANSWER_IT,
        )
    if s.name == "unanswered_more":
        return (
            f"and {values[0]} more pieces of feedback without an answer for longer than {threshold} days, "
            f"this one for {values[1]} days and the rest for less",
            _ANSWER_IT.replace("answer it", "answer them", 1),
        )
    ids = ", ".join([*s.related, s.record])
    return (
        f"sprints {ids} in a row completed {', '.join(_pct(float(v) * 100) for v in s.values)} of what they committed, "
        f"each less than {_pct((s.threshold or 0) * 100)}",
        "commit to what recent sprints completed, or find what keeps work from finishing; "
        "warn_below_commitment in project.yaml sets the share",
    )


def _index(t: Table, records: set[str]) -> dict[str, int]:
    """Where in `t` each of `records` is, by its id: the few warned of, found in one pass over a
    log of a million ids without an index of every one (it held some 100 MB)."""
    return {key: i for i, key in enumerate(map(str, t.column("id"))) if key in records}


def _few(signals: Iterable[Signal]) -> tuple[list[Signal], Signal | None]:
    """The signals to warn of one by one, in their order: every one but feedback unanswered, of
    which only the longest waiting (a long log would drown every other warning), and the rest as
    one signal. Read once, holding the few: a long log waits on a quarter of a million answers."""
    others: list[tuple[int, Signal]] = []
    longest: list[tuple[float, int, Signal]] = []  # the longest waiting, the shortest first (a heap); ties to the earlier
    waiting = 0
    for place, s in enumerate(signals):
        if s.name != "unanswered":
            others.append((place, s))
            continue
        waiting += 1
        item = (float(s.values[0]), -place, s)
        if len(longest) <= UNANSWERED_LISTED:
            heapq.heappush(longest, item)
        else:
            heapq.heappushpop(longest, item)
    ranked = sorted(longest, reverse=True)
    kept = [(-place, s) for _, place, s in ranked[:UNANSWERED_LISTED]]
    few = [s for _, s in sorted([*others, *kept], key=lambda item: item[0])]
    if waiting <= UNANSWERED_LISTED:
        return few, None
    first = ranked[-1][2]  # the longest waiting of the rest
    return few, Signal("unanswered_more", first.record, (waiting - UNANSWERED_LISTED, first.values[0]), first.threshold)


def as_problems(signals: Iterable[Signal], data: Dataset, data_dir: Path) -> list[Problem]:
    """The signals as `validate` warnings, each at the field that raised it."""
    indexes: dict[str, dict[str, int]] = {}
    out = []
    few, more = _few(signals)
    warned = [*few, *([more] if more else [])]
    for s in warned:
        table, field = PLACES[s.name]
        t = data[table]
        if table not in indexes:
            indexes[table] = _index(t, {w.record for w in warned if PLACES[w.name][0] == table})
        i = indexes[table].get(s.record)
        message, hint = _words(s)
        out.append(
            Problem(
                display_path(data_dir / t.resource.path),
                t.line(i, field) if i is not None else None,
                message,
                hint,
                record_label(t.resource.noun, s.record),
                field,
                severity="warning",
            )
        )
    return out
