"""Rules across records and files that a schema alone cannot say."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import operator
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.data.cycles import check_cycles
from generator.data.format import INTERNAL_FIELDS, ForeignKey
from generator.data.logins import check_logins
from generator.data.references import check_references
from generator.data.tables import Dataset, Table, display_path
from generator.errors import Problem, quoted


def check_rules(data: Dataset, data_dir: Path, found: Iterable[Problem] = ()) -> list[Problem]:
    """Every rule's problems. `found` are the problems of reading the files: a wrong id there, like
    a repeated id here, is named as the probable cause of references to an id nobody has."""
    files = {name: display_path(data_dir / t.resource.path) for name, t in data.tables.items()}
    problems = list(_unique_ids(data, files))
    problems.extend(_foreign_keys(data, files, _id_problems(data, files, [*found, *problems])))
    for rule in (_milestones, _risks, _sprints, _changes, _feedback, _contacts, _internal_fields):
        problems.extend(rule(data, files))
    problems.extend(check_references(data, files))
    problems.extend(check_logins(data, files))
    return problems


def _label(t: Table, row: dict[str, Any]) -> str:
    return f"{t.resource.noun} {row[t.resource.primary_key]}" if t.resource.primary_key else ""


def _unique_ids(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    for name, t in data.tables.items():
        pk = t.resource.primary_key
        if not pk:
            continue
        ids = t.column(pk)
        keys = list(map(_caseless, ids))
        # The usual case, decided at once: ids in order (a log numbered as it grows), each after
        # the one before, are all different, found so without a set of a million of them (some
        # 40 MB); else the set. The loop below finds and places repeats.
        if all(map(operator.lt, keys, itertools.islice(keys, 1, None))) or len(set(keys)) == len(keys):
            continue
        first: dict[str, tuple[str, int | None]] = {}
        for i, value in enumerate(ids):
            key = str(value).casefold()
            if key in first:
                other, line = first[key]
                same = "the same id" if other == str(value) else f"an id that differs only in upper/lower case ('{other}')"
                yield Problem(
                    files[name],
                    t.line(i, pk),
                    f"{same} is already used on line {line}",
                    "give each record its own id",
                    f"{t.resource.noun} {value}",
                    pk,
                )
            else:
                first[key] = (str(value), t.line(i, pk))


def _caseless(value: object) -> str:
    """A key that two ids share exactly when their case-folded forms are the same, made without a
    copy of an id that is ASCII without lower case (a set of a million case-folded ids held some
    90 MB): ASCII is compared in upper case, and a case-folded form that is ASCII too."""
    text = str(value)
    if text.isascii():
        upper = text.upper()
        return text if upper == text else upper
    folded = text.casefold()
    return folded.upper() if folded.isascii() else folded


def _id_problems(data: Dataset, files: dict[str, str], problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """The problems with each table's ids (repeated, missing, malformed), in file order. An id
    changed by mistake leaves the references to the old id pointing at nothing."""
    found: dict[str, list[Problem]] = {}
    for name, t in data.tables.items():
        r = t.resource
        if r.primary_key:
            mine = [p for p in problems if p.file == files[name] and p.field == r.primary_key and p.record.startswith(f"{r.noun} ")]
            found[name] = sorted(mine, key=lambda p: p.line or 0)
    return found


def _foreign_keys(data: Dataset, files: dict[str, str], id_problems: dict[str, list[Problem]]) -> Iterator[Problem]:
    for name, t in data.tables.items():
        pk = t.resource.primary_key
        pk_col = t.columns.index(pk) if pk else -1
        for fk in t.resource.foreign_keys:
            target = data[fk.resource]
            if not target.readable:
                continue  # its file could not be read; that problem is reported already
            known = target.seen
            col = t.columns.index(fk.field)
            if name != fk.resource and _all_known(t, col, known):
                continue  # the usual case, decided for the whole column at once
            for i, row in enumerate(t.rows):
                value = row[col]
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if v in (None, "") or (v in known and not (name == fk.resource and pk and v == row[pk_col])):
                        continue  # the usual case: nothing to say, so no label to make
                    yield _bad_reference(t, i, fk, str(v), (files[name], files[fk.resource]), target, id_problems.get(fk.resource, []))


def _all_known(t: Table, col: int, known: set[str]) -> bool:
    """Whether every value of column `col` is empty or one of `known`, looked at as a set of the
    column's values (a log of a million pieces of feedback names a few hundred milestones); False
    when the column holds lists, which are looked at one by one."""
    try:
        distinct = set(map(operator.itemgetter(col), t.rows))
    except TypeError:  # a list of references is not hashable
        return False
    return distinct - {None, ""} <= known


def _bad_reference(t: Table, i: int, fk: ForeignKey, v: str, files: tuple[str, str], target: Table, causes: list[Problem]) -> Problem:
    """The problem with the reference `v` in record `i` of `t`: to itself, or to an id no record has.
    `causes` are the problems with the target's ids, which may be why."""
    pk = t.resource.primary_key
    file, target_file = files
    label = f"{t.resource.noun} {t.rows[i][t.columns.index(pk)]}" if pk else ""
    if target is t and pk and v == t.rows[i][t.columns.index(pk)]:
        # A copied record whose id was not changed refers to the one it was copied from.
        own = [p for p in causes if p.line == t.line(i, pk)]
        return Problem(
            file,
            t.line(i, fk.field),
            f"{quoted(v)} refers to the record itself",
            "remove it from the list",
            label,
            fk.field,
            caused_by=next(iter(own), None),
        )
    near = [k for k in target.seen if k.casefold() == v.casefold()]
    hint = f"did you mean {quoted(near[0])}?" if near else f"use the id of a {target.resource.noun} in {target_file}"
    cause = causes[0] if causes and not near else None
    return Problem(file, t.line(i, fk.field), f"no {target.resource.noun} has the id {quoted(v)}", hint, label, fk.field, caused_by=cause)


def _as_of(data: Dataset) -> dt.date | None:
    project = data["project"]
    return project.rows[0][project.columns.index("as_of")] if project.rows else None


def _milestones(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    t, file, as_of = data["milestones"], files["milestones"], _as_of(data)
    for i, m in enumerate(t.dicts()):
        label = _label(t, m)
        if m["status"] == "done" and m["done"] is None:
            yield Problem(
                file, t.line(i, "status"), "is done but has no done date", "add 'done: YYYY-MM-DD' with the delivery date", label, "done"
            )
        if m["done"] is not None and m["status"] != "done":
            yield Problem(
                file,
                t.line(i, "done"),
                f"has a done date but its status is '{m['status']}'",
                "set 'status: done', or remove the done date",
                label,
                "done",
            )
        if m["done"] is not None and as_of is not None and m["done"] > as_of:
            yield Problem(
                file,
                t.line(i, "done"),
                f"{m['done']} is after the status date {as_of}",
                "a milestone cannot be done in the future; check the year",
                label,
                "done",
            )
    yield from check_cycles(t, file)


def _risks(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    t, file, as_of = data["risks"], files["risks"], _as_of(data)
    for i, r in enumerate(t.dicts()):
        label = _label(t, r)
        if r["next_review"] is None and r["status"] != "closed":
            yield Problem(
                file,
                t.line(i, "status"),
                f"is {r['status']} but has no next review date",
                "add 'next_review: YYYY-MM-DD'",
                label,
                "next_review",
            )
        if r["next_review"] is not None and r["next_review"] < r["raised"]:
            yield Problem(
                file,
                t.line(i, "next_review"),
                f"{r['next_review']} is before the date it was raised, {r['raised']}",
                "check the year and month",
                label,
                "next_review",
            )
        if as_of is not None and r["raised"] > as_of:
            yield Problem(
                file,
                t.line(i, "raised"),
                f"{r['raised']} is after the status date {as_of}",
                "a risk cannot be raised in the future; check the year",
                label,
                "raised",
            )


def _sprints(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    t, file = data["sprints"], files["sprints"]
    rows = list(t.dicts())
    for i, s in enumerate(rows):
        label = f"sprint {s['id']}"
        if s["end"] < s["start"]:
            yield Problem(
                file,
                t.line(i, "end"),
                f"ends on {s['end']}, before it starts on {s['start']}",
                "swap the dates or fix the year",
                label,
                "end",
            )
        if s["state"] == "closed" and s["completed"] is None:
            yield Problem(
                file,
                t.line(i, "state"),
                "is closed but has no completed points",
                "add 'completed: N' (0 if nothing was completed)",
                label,
                "completed",
            )
        if s["state"] == "planned" and s["completed"]:
            yield Problem(
                file,
                t.line(i, "completed"),
                "is planned but already has completed points",
                "set 'state: active' or remove 'completed'",
                label,
                "completed",
            )
    active = [i for i, s in enumerate(rows) if s["state"] == "active"]
    for i in active[1:]:
        yield Problem(
            file,
            t.line(i, "state"),
            f"is active, but sprint {rows[active[0]]['id']} is active too",
            "only one sprint is active at a time; close the earlier one",
            f"sprint {rows[i]['id']}",
            "state",
        )
    order = sorted(range(len(rows)), key=lambda i: rows[i]["start"])
    for a, b in itertools.pairwise(order):
        if rows[b]["start"] <= rows[a]["end"]:
            yield Problem(
                file,
                t.line(b, "start"),
                f"starts on {rows[b]['start']}, before sprint {rows[a]['id']} ends on {rows[a]['end']}",
                "sprints must not overlap",
                f"sprint {rows[b]['id']}",
                "start",
            )


def _changes(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    t, file = data["changes"], files["changes"]
    for i, c in enumerate(t.dicts()):
        label = _label(t, c)
        if c["decision"] != "pending" and c["decided"] is None:
            yield Problem(
                file, t.line(i, "decision"), f"is {c['decision']} but has no decision date", "add 'decided: YYYY-MM-DD'", label, "decided"
            )
        if c["decided"] is not None and c["decided"] < c["date"]:
            yield Problem(
                file,
                t.line(i, "decided"),
                f"was decided on {c['decided']}, before it was requested on {c['date']}",
                "check the dates",
                label,
                "decided",
            )


def _feedback(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    t, file, as_of = data["feedback"], files["feedback"], _as_of(data)
    cols = t.columns
    i_id, i_date, i_action, i_response, i_answered = (cols.index(n) for n in ("id", "date", "action", "response", "answered"))
    for i, row in enumerate(t.rows):
        label = f"feedback {row[i_id]}"
        if row[i_answered] is not None:
            yield from _answered(row[i_answered], row[i_date], row[i_action], as_of, (file, t.line(i), label))
        if row[i_action] in ("done", "declined") and not row[i_response]:
            yield Problem(
                file,
                t.line(i),
                f"is {row[i_action]} but has no response",
                "say in 'response' what was done, or why it was declined",
                label,
                "response",
            )
        if as_of is not None and row[i_date] > as_of:
            yield Problem(
                file,
                t.line(i),
                f"{row[i_date]} is after the status date {as_of}",
                "feedback cannot come from the future; check the year",
                label,
                "date",
            )


def _answered(day: dt.date, received: dt.date, action: str, as_of: dt.date | None, at: tuple[str, int | None, str]) -> Iterator[Problem]:
    """What is wrong with the date a piece of feedback was answered, at (file, line, label)."""
    file, line, label = at
    if action == "received":
        yield Problem(
            file,
            line,
            f"was answered on {day} but its action is still 'received'",
            "set 'action' to planned, done or declined, or empty 'answered' until it is answered",
            label,
            "answered",
        )
    if day < received:
        yield Problem(file, line, f"was answered on {day}, before it was received on {received}", "check the dates", label, "answered")
    if as_of is not None and day > as_of:
        yield Problem(
            file,
            line,
            f"answered {day} is after the status date {as_of}",
            "check the year, or bring 'as_of' in project.yaml up to this day: the site should not date its status"
            " before the answers it shows",
            label,
            "answered",
            severity="warning",
        )


def _contacts(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    contacts, segments, file = data["contacts"], data["segments"], files["segments"]
    if contacts.invalid or not contacts.readable:
        return  # a contact with a wrong value is reported already; it may be the one that covers a segment
    covered = {c["segment"] for c in contacts.dicts()}
    for i, s in enumerate(segments.dicts()):
        if s["id"] not in covered:
            yield Problem(
                file,
                segments.line(i, "id"),
                "has no contact",
                f"add a contact with 'segment: {s['id']}'",
                f"segment {s['id']}",
                "",
            )


def _internal_fields(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    """Each name in `internal_fields` is an optional field of that kind of record."""
    for name, t in data.tables.items():
        r = t.resource
        if r.field(INTERNAL_FIELDS) is None:
            continue
        allowed = r.hideable
        for i, row in enumerate(t.dicts()):
            label = f"{r.noun} {row[r.primary_key]}" if r.primary_key else r.noun
            for item in row[INTERNAL_FIELDS]:
                if item in allowed:
                    continue
                where = (files[name], t.line(i, INTERNAL_FIELDS))
                if r.field(item) is None:
                    close = difflib.get_close_matches(item, allowed, n=1)
                    start = f"did you mean '{close[0]}'? " if close else ""
                    yield Problem(
                        *where,
                        f"{quoted(item)} is not a field of a {r.noun}",
                        f"{start}fields that can be internal: {', '.join(allowed)}",
                        label,
                        INTERNAL_FIELDS,
                    )
                elif r.by_name[item].required:
                    yield Problem(
                        *where,
                        f"{quoted(item)} is required, so it cannot be kept internal",
                        f"to keep the whole {r.noun} to the project team, set 'visibility: internal'",
                        label,
                        INTERNAL_FIELDS,
                    )
                else:
                    yield Problem(
                        *where,
                        f"{quoted(item)} cannot be kept internal",
                        f"fields that can be internal: {', '.join(allowed)}",
                        label,
                        INTERNAL_FIELDS,
                    )
