"""What changed between two status documents: computed, never typed by hand.

`compare` takes two status.json documents (an earlier snapshot's and this build's, or any two
that `glasshouse diff` was given) and returns a small model; the "What changed" page, the
terminal, the pull-request summary and the feeds all print that one model. Documents are read
defensively: an older snapshot may lack a section, and that is no reason to fail a build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .text import date, signed_days

Doc = Mapping[str, Any]
ANSWERED = ("planned", "done", "declined")


@dataclass(frozen=True)
class Item:
    """A record that appeared, disappeared or reached a state, with a short note on how."""

    id: str
    title: str
    note: str = ""


@dataclass(frozen=True)
class Moved:
    """A milestone whose expected date (forecast, or delivery once done) moved."""

    id: str
    title: str
    before: dt.date
    after: dt.date

    @property
    def days(self) -> int:
        return (self.after - self.before).days


@dataclass(frozen=True)
class Shift:
    """A value that changed from one thing to another: a status, a decision, a risk's score."""

    id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    before: str
    after: str
    status: Shift | None = None
    moved: tuple[Moved, ...] = ()
    delivered: tuple[Item, ...] = ()
    milestone_status: tuple[Shift, ...] = ()
    milestones_added: tuple[Item, ...] = ()
    risks_opened: tuple[Item, ...] = ()
    risks_closed: tuple[Item, ...] = ()
    risks_rescored: tuple[Shift, ...] = ()
    decisions: tuple[Shift, ...] = ()
    feedback_received: int = 0
    feedback_answered: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.lines()

    def lines(self) -> list[str]:
        """One plain-text line per change, in the order a reader cares about them."""
        out = []
        if self.status:
            out.append(f"Overall status: {self.status.before} → {self.status.after}. {self.status.title}".rstrip(". ") + ".")
        out += [f"{m.id} {m.title}: forecast moved {_days(m.days)} ({date(m.before)} → {date(m.after)})" for m in self.moved]
        out += [f"{i.id} {i.title}: delivered {i.note}" for i in self.delivered]
        out += [f"{s.id} {s.title}: {_words(s.before)} → {_words(s.after)}" for s in self.milestone_status]
        out += [f"{i.id} {i.title}: new milestone, forecast {i.note}" for i in self.milestones_added]
        out += [f"{i.id} {i.title}: risk opened, exposure {i.note}" for i in self.risks_opened]
        out += [f"{i.id} {i.title}: risk {i.note or 'closed'}" for i in self.risks_closed]
        out += [f"{s.id} {s.title}: risk rescored from {s.before} to {s.after}" for s in self.risks_rescored]
        out += [f"{s.id} {s.title}: {s.before} → {s.after}" for s in self.decisions]
        if self.feedback_received or self.feedback_answered:
            answered = len(self.feedback_answered)
            out.append(
                f"Feedback: {self.feedback_received} new, {answered} answered"
                + (f" ({', '.join(self.feedback_answered)})" if answered else "")
            )
        return out


def _days(days: int) -> str:
    return f"+{days} days" if days > 0 else f"{days} days"


def _words(value: str) -> str:
    return value.replace("_", " ")


def records(doc: Doc, key: str) -> list[Mapping[str, Any]]:
    value = doc.get(key)
    return [v for v in value if isinstance(v, Mapping) and "id" in v] if isinstance(value, list) else []


def _by_id(rows: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {str(r["id"]): r for r in rows}


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def expected_date(m: Mapping[str, Any]) -> dt.date | None:
    return _day(m.get("done")) or _day(m.get("forecast"))


def _score(r: Mapping[str, Any]) -> str:
    return f"{r.get('exposure')} ({r.get('severity')})"


def _milestones(before: Doc, after: Doc) -> dict[str, Any]:
    old, new = _by_id(records(before, "milestones")), _by_id(records(after, "milestones"))
    moved, delivered, status, added = [], [], [], []
    for mid, m in new.items():
        title = str(m.get("title", ""))
        if mid not in old:
            added.append(Item(mid, title, date(expected_date(m))))
            continue
        o = old[mid]
        was, now = expected_date(o), expected_date(m)
        if m.get("status") == "done" and o.get("status") != "done":
            slip = (now - was).days if was and now else 0
            delivered.append(Item(mid, title, f"{date(now)}" + (f" ({signed_days(slip)} against the last forecast)" if slip else "")))
            continue
        if was and now and was != now:
            moved.append(Moved(mid, title, was, now))
        if o.get("status") != m.get("status"):
            status.append(Shift(mid, title, str(o.get("status")), str(m.get("status"))))
    moved.sort(key=lambda m: (-abs(m.days), m.id))
    return {"moved": tuple(moved), "delivered": tuple(delivered), "milestone_status": tuple(status), "milestones_added": tuple(added)}


def _risks(before: Doc, after: Doc) -> dict[str, Any]:
    old, new = _by_id(records(before, "risks")), _by_id(records(after, "risks"))
    closed_now = _by_id(records(after, "closed_risks"))
    opened = [Item(rid, str(r.get("title", "")), _score(r)) for rid, r in new.items() if rid not in old]
    closed = [
        Item(rid, str(r.get("title", "")), "" if rid in closed_now else "no longer listed") for rid, r in old.items() if rid not in new
    ]
    rescored = [
        Shift(rid, str(r.get("title", "")), _score(old[rid]), _score(r))
        for rid, r in new.items()
        if rid in old and old[rid].get("exposure") != r.get("exposure")
    ]
    return {"risks_opened": tuple(opened), "risks_closed": tuple(closed), "risks_rescored": tuple(rescored)}


def _decisions(before: Doc, after: Doc) -> tuple[Shift, ...]:
    old, new = _by_id(records(before, "changes")), _by_id(records(after, "changes"))
    out = []
    for cid, c in new.items():
        was = old.get(cid, {}).get("decision", "requested")
        if was != c.get("decision"):
            impact = c.get("schedule_impact_days")
            after_text = str(c.get("decision")) + (f" ({_days(impact)})" if c.get("decision") == "accepted" and impact else "")
            out.append(Shift(cid, str(c.get("title", "")), str(was), after_text))
    return tuple(out)


def _feedback(before: Doc, after: Doc) -> dict[str, Any]:
    def items(doc: Doc) -> dict[str, Mapping[str, Any]]:
        fb = doc.get("feedback")
        return _by_id(records(fb, "items")) if isinstance(fb, Mapping) else {}

    old, new = items(before), items(after)
    answered = tuple(fid for fid, f in new.items() if f.get("action") in ANSWERED and old.get(fid, {}).get("action") not in ANSWERED)
    return {"feedback_received": sum(fid not in old for fid in new), "feedback_answered": answered}


def _status(before: Doc, after: Doc) -> Shift | None:
    old, new = before.get("project"), after.get("project")
    if not isinstance(old, Mapping) or not isinstance(new, Mapping) or old.get("status") == new.get("status"):
        return None
    return Shift("", str(new.get("headline", "")), str(old.get("status")), str(new.get("status")))


def compare(before: Doc, after: Doc, before_label: str = "before", after_label: str = "after") -> Comparison:
    """Everything a customer would want to know changed from `before` to `after`."""
    return Comparison(
        before_label,
        after_label,
        status=_status(before, after),
        decisions=_decisions(before, after),
        **_milestones(before, after),
        **_risks(before, after),
        **_feedback(before, after),
    )
