"""Earlier snapshots as they may be shown now: without whatever is internal now.

A snapshot's status.json holds what was public when it was published. A record marked
`visibility: internal` since, or a field a record has listed in `internal_fields` since, must not
be named again by anything built now (What changed, the trend charts, the feeds, `glasshouse
diff`), whatever the earlier snapshot held. So every earlier status document is stripped of them
(`Status.withheld`: ids only) before anything compares, charts or lists it, and the ids and titles
under which they were published are cut out of whatever other text the reports hold (a headline,
a sprint's name). What is taken out is kept as opaque keys, to be counted ("2 records are no
longer shown"), never shown.

A document `glasshouse diff` reads may be partial (`conform.partial`): the parts it lacks stay
lacking.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from generator.history.document import ChangeDoc, HiddenSprintDoc, MilestoneDoc, ReadDoc, RiskDoc, SprintDoc
from generator.history.edition import Snapshot
from generator.model.audience import Withheld

# The fields of records in a status document that a record may keep internal (`internal_fields`),
# by kind of record; each is one `_Rules` takes out below. tests/unit/history/test_withheld.py checks that these
# are all the data format allows and status.json holds.
CUT = {
    "milestones": ("done", "key"),
    "risks": ("milestones", "next_review"),
    "changes": ("decided", "schedule_impact_days", "milestones", "decision_needed_by", "question"),
    "sprints": ("completed",),
}
# What takes the place of a name of a record withheld now in other text of an earlier report.
ELLIPSIS = "…"
MIN_NAME = 4

R = TypeVar("R", bound=Mapping[str, object])


def key(resource: str, record_id: object) -> str:
    """How a record is known across snapshots: its kind and its id, whatever the case of the id."""
    return f"{resource}:{str(record_id).casefold()}"


@dataclasses.dataclass
class _Rules:
    """`Withheld` as keys, for documents whose ids may differ in case; `taken` gathers the keys of
    the records taken out whole."""

    records: frozenset[str]
    fields: Mapping[str, frozenset[str]]
    taken: set[str] = dataclasses.field(default_factory=set)

    @classmethod
    def of(cls, withheld: Withheld) -> _Rules:
        records = frozenset(key(r, i) for r, ids in withheld.records.items() for i in ids)
        fields = {key(r, i): names for r, by_id in withheld.fields.items() for i, names in by_id.items()}
        return cls(records, fields)

    def gone(self, resource: str, record: Mapping[str, object]) -> bool:
        """Whether the whole record is withheld now (and then noted as taken)."""
        k = key(resource, record["id"])
        if k in self.records:
            self.taken.add(k)
        return k in self.records

    def kept(self, resource: str, records: Sequence[R]) -> list[R]:
        return [r for r in records if not self.gone(resource, r)]

    def kept_ids(self, resource: str, ids: Sequence[str]) -> list[str]:
        """`ids` but those of the records withheld now (each noted as taken)."""
        gone = {i for i in ids if key(resource, i) in self.records}
        self.taken.update(key(resource, i) for i in gone)
        return [i for i in ids if i not in gone] if gone else list(ids)

    def cut(self, resource: str, record: Mapping[str, object]) -> frozenset[str]:
        """The fields of a record kept internal now."""
        return self.fields.get(key(resource, record["id"]), frozenset())

    def milestone_ids(self, ids: list[str]) -> list[str]:
        return [i for i in ids if key("milestones", i) not in self.records]

    def milestones(self, records: Sequence[MilestoneDoc]) -> list[MilestoneDoc]:
        out = []
        for m in self.kept("milestones", records):
            m = m.copy()
            if "done" in self.cut("milestones", m):
                m["done"] = m["slip_days"] = None  # its slip says when it was done
            if "key" in self.cut("milestones", m):
                m.pop("key", None)
            out.append(m)
        return out

    def risks(self, records: Sequence[RiskDoc]) -> list[RiskDoc]:
        out = []
        for r in self.kept("risks", records):
            r = r.copy()
            cut = self.cut("risks", r)
            r["milestones"] = [] if "milestones" in cut else self.milestone_ids(r["milestones"])
            if "next_review" in cut and "next_review" in r:
                r["next_review"] = None
            out.append(r)
        return out

    def changes(self, records: Sequence[ChangeDoc]) -> list[ChangeDoc]:
        out = []
        for c in self.kept("changes", records):
            c, cut = c.copy(), self.cut("changes", c)
            if "decided" in cut:
                c["decided"] = None
            if "schedule_impact_days" in cut:
                c["schedule_impact_days"] = None
            c["milestones"] = [] if "milestones" in cut else self.milestone_ids(c["milestones"])
            if "decision_needed_by" in cut:
                c.pop("decision_needed_by", None)
            if "question" in cut:
                c.pop("question", None)
            out.append(c)
        return out

    def sprint(self, sprint: SprintDoc | HiddenSprintDoc) -> SprintDoc | HiddenSprintDoc:
        if "name" not in sprint:
            return sprint
        out: SprintDoc = {**sprint, "completed": None} if "completed" in self.cut("sprints", sprint) else sprint.copy()
        if previous := sprint.get("previous"):
            if self.gone("sprints", previous):
                out["previous"] = None
            elif "completed" in self.cut("sprints", previous):
                out["previous"] = {**previous, "completed": None}
        return out


def published_names(snapshots: Iterable[Snapshot], withheld: Withheld) -> tuple[str, ...]:
    """The ids, titles and sprint names under which the records withheld now were published, longest
    first: text elsewhere in an earlier report (a headline, another record's title, a sprint's name)
    may repeat them. Titles shorter than MIN_NAME characters are left to the ids."""
    if not withheld:
        return ()
    rules, found = _Rules.of(withheld), set[str]()
    for snapshot in snapshots:
        doc, sprint = snapshot.doc, snapshot.doc.get("sprint")
        groups: list[tuple[str, Sequence[Mapping[str, object]]]] = [
            ("milestones", doc.get("milestones", [])),
            ("risks", doc.get("risks", [])),
            ("risks", doc.get("closed_risks", [])),
            ("changes", doc.get("changes", [])),
            ("sprints", [sprint] if sprint else []),
            ("sprints", [previous] if sprint and "name" in sprint and (previous := sprint.get("previous")) else []),
        ]
        if "feedback" in doc:  # pieces of feedback have ids alone
            found.update(str(i) for i in doc["feedback"]["ids"] if key("feedback", i) in rules.records)
        for resource, records in groups:
            for r in records:
                if key(resource, r["id"]) in rules.records:
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


def _unnamed(value: object, pattern: re.Pattern[str]) -> None:
    """Every text in `value` (a copy of a status document or a part of one) that names a record
    withheld now cut short where it does; ids (the feedback log's too) are left as they are."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("id", "ids", "waiting"):
                continue
            if isinstance(v, str):
                value[k] = pattern.sub(ELLIPSIS, v)
            else:
                _unnamed(v, pattern)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                value[i] = pattern.sub(ELLIPSIS, v)
            else:
                _unnamed(v, pattern)


# What each early warning (WarningDoc) is about, by its name: its record's resource.
_WARNED_OF = {
    "slipping": "milestones",
    "unlikely_date": "milestones",
    "risk_rising": "risks",
    "risk_on_slipped": "risks",
    "review_passed": "risks",
    "unanswered": "feedback",
    "under_commitment": "sprints",
}


def strip(doc: ReadDoc, withheld: Withheld, names: Sequence[str] = ()) -> tuple[ReadDoc, frozenset[str]]:
    """`doc` without the records and fields withheld now, nor `names` in what is left (see
    `published_names`), and the keys of the records taken out."""
    out = doc.copy()
    if not withheld:
        return out, frozenset()
    rules = _Rules.of(withheld)
    if "milestones" in out:
        out["milestones"] = rules.milestones(out["milestones"])
    if "risks" in out:
        out["risks"] = rules.risks(out["risks"])
    if "closed_risks" in out:
        out["closed_risks"] = rules.kept("risks", out["closed_risks"])
    if "changes" in out:
        out["changes"] = rules.changes(out["changes"])
    if "feedback" in out:
        feedback = out["feedback"]
        ids, waiting = rules.kept_ids("feedback", feedback["ids"]), rules.kept_ids("feedback", feedback["waiting"])
        out["feedback"] = {**feedback, "ids": ids, "waiting": waiting}
    if forecasts := out.get("forecasts"):
        # A milestone internal now, or whose scope is, leaves the forecasts its work was counted in, unnamed.
        kept = [m for m in rules.kept("milestones", forecasts["milestones"]) if "scope" not in rules.cut("milestones", m)]
        out["forecasts"] = {**forecasts, "milestones": kept}
    if warnings := out.get("warnings"):
        # A warning about a record internal now goes with it.
        out["warnings"] = [w for w in warnings if not rules.gone(_WARNED_OF.get(w["name"], "milestones"), {"id": w["record"]})]
    if (sprint := out.get("sprint")) and rules.gone("sprints", sprint):
        # A sprint internal now keeps its number alone: it orders the snapshots, and names its directory anyway.
        out["sprint"] = {"id": sprint["id"]}
        if snapshot := out.get("snapshot"):
            out["snapshot"] = {**snapshot, "title": snapshot["version"]}
    elif sprint:
        out["sprint"] = rules.sprint(sprint)
    pattern = _naming(names)
    if pattern:
        out = copy.deepcopy(out)
        _unnamed(out, pattern)
    return out, frozenset(rules.taken)


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
