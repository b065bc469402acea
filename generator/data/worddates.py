"""Words that name a date the figures have left: a warning when the headline, the status reason
or a slip reason names a date a key milestone was forecast for earlier (its baseline, or a
forecast a published snapshot gave) and is forecast for no longer.

The team moves a forecast and forgets the sentence that announced the old one; the table, the
charts and status.json then say one date and the headline another. Words that name the forecast
now as well ("moved from 22 March 2027 to 12 April 2027") tell the move, and are left alone.
Dates are found as ISO dates (2027-03-22) and as English writes them with a year (22 March 2027,
22 Mar 2027, March 22, 2027). Everything here is a function of the data and of the forecasts
published before, given as plain dates by the caller, so a test can hand it any history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.data.tables import Dataset, display_path
from generator.errors import Problem

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
# Each month in full or by its first three letters ("Sept" too), a full stop after it allowed.
_MONTH = "(" + "|".join(("sept", *(f"{m[:3]}(?:{m[3:]})?" for m in _MONTHS))) + r")\.?"
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", re.IGNORECASE)

# What the warning reads: the project's words, and each milestone's slip reason.
PROJECT_FIELDS = ("headline", "status_reason")


def _date(year: str, month: int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def _month(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name.lower().rstrip(".")[:3]))


def named_dates(text: str) -> Iterator[tuple[dt.date, str]]:
    """Every date `text` names with its year, each with the words it was written in."""
    for m in _ISO.finditer(text):
        if day := _date(m[1], int(m[2]), m[3]):
            yield day, m[0]
    for m in _DAY_MONTH.finditer(text):
        if day := _date(m[3], _month(m[2]), m[1]):
            yield day, m[0]
    for m in _MONTH_DAY.finditer(text):
        if day := _date(m[3], _month(m[1]), m[2]):
            yield day, m[0]


@dataclass(frozen=True)
class KeyMilestone:
    """What the warning knows of a key milestone: its dates now, and the ones it has had."""

    id: str
    baseline: dt.date
    forecast: dt.date
    now: frozenset[dt.date]  # its forecast, and its done date once done
    published: frozenset[dt.date]  # forecasts earlier published snapshots gave

    def left(self, day: dt.date, baseline: bool) -> str | None:
        """What `day` was for this milestone, if it has left it: the baseline or a published forecast."""
        if day in self.now:
            return None
        if baseline and day == self.baseline:
            return "the date first promised (baseline)"
        if day in self.published and day != self.baseline:
            return "a forecast published earlier"
        return None


def key_milestones(data: Dataset, published: Mapping[str, frozenset[dt.date]]) -> list[KeyMilestone]:
    """The data's key milestones, each with the forecasts `published` (by milestone id) gave it."""
    out = []
    for m in data["milestones"].dicts():
        if m.get("key"):
            now = frozenset(d for d in (m["forecast"], m["done"]) if d is not None)
            out.append(KeyMilestone(m["id"], m["baseline"], m["forecast"], now, published.get(m["id"], frozenset())))
    return out


def _texts(data: Dataset, data_dir: Path) -> Iterator[tuple[str, int | None, str, str, str]]:
    """Each text the warning reads: file, line, record, field and the text."""
    project = data["project"]
    file = display_path(data_dir / project.resource.path)
    for row in project.dicts():
        for name in PROJECT_FIELDS:
            if row.get(name):
                yield file, project.line(0, name), "", name, row[name]
    milestones = data["milestones"]
    file = display_path(data_dir / milestones.resource.path)
    for i, m in enumerate(milestones.dicts()):
        if m.get("slip_reason"):
            yield file, milestones.line(i, "slip_reason"), f"milestone {m['id']}", "slip_reason", m["slip_reason"]


def left_dates(text: str, keys: list[KeyMilestone], baseline: bool = True) -> Iterator[tuple[KeyMilestone, str, str]]:
    """Each date `text` names that a key milestone has left, with what it was; none for a milestone
    whose forecast now the text names too, nor for a date another key milestone is forecast for now."""
    named = list(named_dates(text))
    days = {day for day, _ in named}
    current = {d for k in keys for d in k.now}
    for k in keys:
        if days & k.now:
            continue
        for day, written in named:
            was = None if day in current else k.left(day, baseline)
            if was:
                yield k, written, was


def word_dates(
    data: Dataset, data_dir: Path, published: Mapping[str, frozenset[dt.date]] | None = None, baseline: bool = True
) -> list[Problem]:
    """Warnings for words naming a date a key milestone has left. `published` holds the forecasts
    earlier snapshots gave, by milestone id; `baseline` False leaves out what a baseline alone shows,
    for a caller that warned about those already."""
    keys = key_milestones(data, published or {})
    if not keys:
        return []
    found: list[Problem] = []
    for file, line, record, field, text in _texts(data, data_dir):
        for k, written, was in left_dates(text, keys, baseline):
            found.append(_problem(file, line, record, field, k, written, was))
    return found


def _problem(file: str, line: int | None, record: str, field: str, k: KeyMilestone, written: str, was: str) -> Problem:
    forecast = k.forecast.isoformat()
    return Problem(
        file,
        line,
        f"names {written}, {was} of the key milestone {k.id}, which is now forecast for {forecast}",
        f'bring the words up to date with the forecast {forecast}, or name both dates ("moved from {written} to ...")',
        record,
        field,
        severity="warning",
    )


def published_forecasts(docs: Iterable[Mapping[str, Any]]) -> dict[str, frozenset[dt.date]]:
    """The forecasts published status documents gave, by milestone id."""
    out: dict[str, set[dt.date]] = {}
    for doc in docs:
        for m in doc.get("milestones", []):
            out.setdefault(m["id"], set()).add(dt.date.fromisoformat(m["forecast"]))
    return {k: frozenset(v) for k, v in out.items()}
