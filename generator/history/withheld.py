"""Earlier snapshots as they may be shown now: without whatever is internal now.

A snapshot's status.json holds what was public when it was published. A record marked
`visibility: internal` since, or a field a record has listed in `internal_fields` since, must not
be named again by anything built now (What changed, the trend charts, the feeds, `glasshouse
diff`), whatever the earlier snapshot held. So every earlier status document is stripped of them
(`Status.withheld`: ids only) before anything compares, charts or lists it. What is taken out is
kept as opaque keys, to be counted ("2 records are no longer shown"), never shown.

Documents are read as defensively as `compare` reads them: an older or damaged one passes through
with whatever it has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from generator.history.edition import Snapshot
from generator.model.audience import Withheld

# Where a status document holds each kind of record: (key, resource); feedback and the sprint are apart.
LISTS = (("milestones", "milestones"), ("risks", "risks"), ("closed_risks", "risks"), ("changes", "changes"))
# Lists of ids inside a record that name records of another kind.
REFERENCES = {"milestones": "milestones"}
# Values a status document derives from a field, which go with it when the field is internal now.
DERIVED = {"done": ("slip_days",)}


_GONE = object()  # a record taken out whole


def key(resource: str, record_id: object) -> str:
    """How a record is known across snapshots: its kind and its id, whatever the case of the id."""
    return f"{resource}:{str(record_id).casefold()}"


@dataclasses.dataclass(frozen=True)
class _Rules:
    """`Withheld` as keys, for documents whose ids may differ in case."""

    records: frozenset[str]
    fields: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, withheld: Withheld) -> _Rules:
        records = frozenset(key(r, i) for r, ids in withheld.records.items() for i in ids)
        fields = {key(r, i): names for r, by_id in withheld.fields.items() for i, names in by_id.items()}
        return cls(records, fields)

    def record(self, resource: str, value: Any, taken: set[str]) -> Any:
        """A record as it may be shown, or _GONE when the whole record is withheld now."""
        if not isinstance(value, Mapping) or "id" not in value:
            return value
        k = key(resource, value["id"])
        if k in self.records:
            taken.add(k)
            return _GONE
        out = dict(value)
        for name in self.fields.get(k, ()):
            for field in (name, *DERIVED.get(name, ())):
                if field in out:
                    out[field] = [] if isinstance(out[field], list) else None
        for field, target in REFERENCES.items():
            if isinstance(out.get(field), list):
                out[field] = [i for i in out[field] if key(target, i) not in self.records]
        return out

    def records_of(self, resource: str, values: Any, taken: set[str]) -> Any:
        if not isinstance(values, list):
            return values
        kept = (self.record(resource, v, taken) for v in values)
        return [v for v in kept if v is not _GONE]


def strip(doc: Mapping[str, Any], withheld: Withheld) -> tuple[dict[str, Any], frozenset[str]]:
    """`doc` without the records and fields withheld now, and the keys of the records taken out."""
    out = dict(doc)
    if not withheld:
        return out, frozenset()
    rules = _Rules.of(withheld)
    taken: set[str] = set()
    for name, resource in LISTS:
        if name in out:
            out[name] = rules.records_of(resource, out[name], taken)
    feedback = out.get("feedback")
    if isinstance(feedback, Mapping) and "items" in feedback:
        out["feedback"] = {**feedback, "items": rules.records_of("feedback", feedback["items"], taken)}
    sprint = out.get("sprint")
    if isinstance(sprint, Mapping) and "id" in sprint:
        shown = rules.record("sprints", sprint, taken)
        # A sprint internal now keeps its number alone: it orders the snapshots, and names its directory anyway.
        out["sprint"] = shown if shown is not _GONE else {"id": sprint["id"]}
        snapshot = out.get("snapshot")
        if shown is _GONE and isinstance(snapshot, Mapping):
            out["snapshot"] = {**snapshot, "title": snapshot.get("version")}
    return out, frozenset(taken)


def shown(snapshot: Snapshot, withheld: Withheld) -> Snapshot:
    """`snapshot` as it may be shown now: its document stripped, and titled by its version when its sprint is internal now."""
    if not withheld:
        return snapshot
    doc, taken = strip(snapshot.doc, withheld)
    sprint_hidden = snapshot.sprint is not None and key("sprints", snapshot.sprint) in taken
    title = snapshot.version if sprint_hidden and snapshot.version else snapshot.title
    return Snapshot(snapshot.version, title, doc, snapshot.hidden | taken)
