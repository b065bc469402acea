"""References from what the public sees to what it must not: refused where leaving them out is no answer.

A public record may refer to an internal one. Where the reference is one of several (a risk's
milestones, a milestone's dependencies, a feedback item's milestone or change request), the public
model leaves it out (`model/build.py`) and the record still makes sense. Where the public site
cannot do without it, it is refused here, on the referring field, before anything is built:

- the project's `experience_owner`: the overview and the status report name, describe and give
  the e-mail address of that contact;
- a segment whose contacts are all internal: the site promises a contact for every segment;
- a public milestone's or risk's `owner` that names an internal contact (by name or e-mail address):
  `owner` is free text, but a name is a name, and the contact was kept to the team.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.data.format import VISIBILITY
from generator.data.tables import Dataset, Table
from generator.errors import Problem

INTERNAL = "internal"
_SPACE = re.compile(r"\s+")


def check_references(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    contacts = data["contacts"]
    if contacts.invalid or not contacts.readable:
        return  # a contact with a wrong value is reported already; it may be the public one
    yield from _experience_owner(data, files)
    yield from _segments(data, files)
    yield from _owners(data, files)


def _internal(row: dict[str, Any]) -> bool:
    return row.get(VISIBILITY) == INTERNAL


def _name(value: object) -> str:
    """A person's name as it reads: case and spacing do not make another person."""
    return _SPACE.sub(" ", str(value)).strip().casefold()


def _experience_owner(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    project = data["project"]
    if not project.rows:
        return
    owner = project.rows[0][project.columns.index("experience_owner")]
    found = next((c for c in data["contacts"].dicts() if c["id"] == owner), None)
    if found is not None and _internal(found):
        yield Problem(
            files["project"],
            project.line(0, "experience_owner"),
            f"'{owner}' is a contact marked 'visibility: internal', and the public site shows the experience owner's "
            "name, role and e-mail address",
            f"name a public contact here, or make contact {owner} public (remove its 'visibility: internal')",
            "project",
            "experience_owner",
        )


def _segments(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    by_segment: dict[str, list[dict[str, Any]]] = {}
    for c in data["contacts"].dicts():
        by_segment.setdefault(c["segment"], []).append(c)
    segments = data["segments"]
    for i, s in enumerate(segments.dicts()):
        contacts = by_segment.get(s["id"], [])
        if contacts and all(_internal(c) for c in contacts):
            ids = ", ".join(c["id"] for c in contacts)
            verb = "is" if len(contacts) == 1 else "are all"
            first = contacts[0]["id"]
            yield Problem(
                files["segments"],
                segments.line(i, "id"),
                f"has no public contact: {ids} {verb} internal, and the public site names a contact for every segment",
                f"add a public contact with 'segment: {s['id']}', or make contact {first} public (remove its 'visibility: internal')",
                f"segment {s['id']}",
                "",
            )


def _owners(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    """A public record's `owner` naming an internal contact (by name or e-mail address, among other
    words or alone); an owner that is exactly a public contact's name names that person instead."""
    internal: dict[str, str] = {}
    public: set[str] = set()
    for c in data["contacts"].dicts():
        if _internal(c):
            internal.setdefault(_name(c["name"]), c["id"])
            internal.setdefault(_name(c["email"]), c["id"])
        else:
            public.add(_name(c["name"]))
    named = {name: cid for name, cid in internal.items() if name not in public}
    if not named:
        return
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in sorted(named, key=len, reverse=True)))
    for name, t in data.tables.items():
        if t.resource.field("owner") is None or t.resource.field(VISIBILITY) is None:
            continue
        yield from _owned_by(t, files[name], pattern, named, public)


def _owned_by(t: Table, file: str, pattern: re.Pattern[str], named: dict[str, str], public: set[str]) -> Iterator[Problem]:
    for i, row in enumerate(t.dicts()):
        owner = _name(row["owner"])
        found = pattern.search(owner) if owner not in public and not _internal(row) else None
        if found is None:
            continue
        contact = named[found.group()]
        yield Problem(
            file,
            t.line(i, "owner"),
            f"'{row['owner']}' names contact {contact}, which is marked 'visibility: internal'",
            f"name a public contact or a role here, or make contact {contact} public (remove its 'visibility: internal')",
            f"{t.resource.noun} {row.get(t.resource.primary_key or 'id')}",
            "owner",
        )
