"""Earlier snapshots as they may be shown now: without whatever is internal now.

A snapshot's status.json holds what was public when it was published. A record marked
`visibility: internal` since, or a field a record has listed in `internal_fields` since, must not
be named again by anything built now (What changed, the trend charts, the feeds, `glasshouse
diff`), whatever the earlier snapshot held. So every earlier status document is stripped of them
(`Status.withheld`: ids only) before anything compares, charts or lists it, and the ids and titles
under which they were published are cut out of whatever other text the reports hold (a headline,
a sprint's name). What is taken out is kept as opaque keys, to be counted ("2 records are no
longer shown"), never shown.

Documents are read as defensively as `compare` reads them: an older or damaged one passes through
with whatever it has.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from generator.history.edition import Snapshot
from generator.model.audience import Withheld

# Where a status document holds each kind of record: (key, resource); feedback and the sprint are apart.
LISTS = (("milestones", "milestones"), ("risks", "risks"), ("closed_risks", "risks"), ("changes", "changes"))
# Lists of ids inside a record that name records of another kind.
REFERENCES = {"milestones": "milestones"}
# Values a status document derives from a field, which go with it when the field is internal now.
DERIVED = {"done": ("slip_days",)}
# What takes the place of a name of a record withheld now in other text of an earlier report.
ELLIPSIS = "…"
MIN_NAME = 4


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


def published_names(snapshots: Iterable[Snapshot], withheld: Withheld) -> tuple[str, ...]:
    """The ids, titles and sprint names under which the records withheld now were published, longest
    first: text elsewhere in an earlier report (a headline, another record's title, a sprint's name)
    may repeat them. Titles shorter than MIN_NAME characters are left to the ids."""
    if not withheld:
        return ()
    rules, found = _Rules.of(withheld), set[str]()
    for snapshot in snapshots:
        doc = snapshot.doc
        feedback = doc.get("feedback")
        groups = [(resource, doc.get(name)) for name, resource in LISTS]
        groups += [("feedback", feedback.get("items") if isinstance(feedback, Mapping) else None), ("sprints", [doc.get("sprint")])]
        for resource, values in groups:
            for r in values if isinstance(values, list) else ():
                if isinstance(r, Mapping) and "id" in r and key(resource, r["id"]) in rules.records:
                    found.add(str(r["id"]))
                    title = r.get("title", r.get("name"))
                    if isinstance(title, str) and len(title.strip()) >= MIN_NAME:
                        found.add(title.strip())
    found.discard("")
    return tuple(sorted(found, key=lambda n: (-len(n), n)))


def _naming(names: Sequence[str]) -> re.Pattern[str] | None:
    return _compiled(tuple(names)) if names else None


@functools.lru_cache(maxsize=8)
def _compiled(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names), re.IGNORECASE)


def cut_names(text: str, names: Sequence[str]) -> str:
    """`text` cut short wherever it names one of `names` (see `published_names`)."""
    pattern = _naming(names)
    return pattern.sub(ELLIPSIS, text) if pattern else text


def _unnamed(value: Any, pattern: re.Pattern[str]) -> Any:
    """`value` with every text in it that names a record withheld now cut short where it does; ids
    and the feedback log's items (ids, dates, themes) are left as they are."""
    if isinstance(value, str):
        return pattern.sub(ELLIPSIS, value)
    if isinstance(value, list):
        return [_unnamed(v, pattern) for v in value]
    if isinstance(value, Mapping):
        return {k: v if k in ("id", "items") else _unnamed(v, pattern) for k, v in value.items()}
    return value


def strip(doc: Mapping[str, Any], withheld: Withheld, names: Sequence[str] = ()) -> tuple[dict[str, Any], frozenset[str]]:
    """`doc` without the records and fields withheld now, nor `names` in what is left (see
    `published_names`), and the keys of the records taken out."""
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
    pattern = _naming(names)
    return (_unnamed(out, pattern) if pattern else out), frozenset(taken)


def shown(snapshot: Snapshot, withheld: Withheld, names: Sequence[str] = ()) -> Snapshot:
    """`snapshot` as it may be shown now: its document stripped, and titled by its version when its
    sprint is internal now, or with `names` cut out of its title."""
    if not withheld:
        return snapshot
    doc, taken = strip(snapshot.doc, withheld, names)
    sprint_hidden = snapshot.sprint is not None and key("sprints", snapshot.sprint) in taken
    title = snapshot.version if sprint_hidden and snapshot.version else cut_names(snapshot.title, names)
    return Snapshot(snapshot.version, title, doc, snapshot.hidden | taken)


def all_shown(snapshots: Sequence[Snapshot], withheld: Withheld) -> tuple[Snapshot, ...]:
    """`shown` for reports read together: what one of them published under a name, none of them repeats."""
    names = published_names(snapshots, withheld)
    return tuple(shown(s, withheld, names) for s in snapshots)
