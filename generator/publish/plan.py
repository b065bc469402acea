"""What a publish does, decided from data alone: which snapshot to build, what to close, and what
to refuse. Nothing here touches git, MkDocs or the disk; `publish.py` carries the plan out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.errors import PublishError
from generator.history.edition import Correction, Stamp
from generator.history.withheld import cut_names
from generator.model.records import Sprint
from generator.model.status import Status
from generator.render.text import date
from generator.repo.published import Version


@dataclass(frozen=True)
class Request:
    sprint: int | None = None  # None: the data's current sprint
    close: bool = False
    force: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Plan:
    """One publish, decided: the snapshot to build (or only to close) and the others to close."""

    version: str
    title: str
    action: str  # "published", "closed", "corrected"
    build: bool  # False: close the snapshot already published, as it is
    latest: bool  # `latest` (and the site root) points at it afterwards
    corrections: tuple[Correction, ...] = ()
    properties: Mapping[str, Any] | None = None  # its properties in versions.json, when built
    freeze: tuple[Version, ...] = ()  # snapshots to mark closed after the build
    freeze_message: str = ""
    # What versions.json must stop saying, as it is written anew: snapshots to title by their version
    # name, and snapshots whose correction reasons name (`names`) a record internal now.
    retitle: tuple[str, ...] = ()
    recut: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


def version_title(sprint_id: int, name: str, start: dt.date, end: dt.date) -> str:
    """ "Sprint 15 – First terminal messages (16 Nov – 27 Nov 2026)": the name shown in the version selector."""
    label = name if re.match(rf"sprint {sprint_id}\b", name, re.IGNORECASE) else f"Sprint {sprint_id}: {name}"
    first = date(start) if start.year != end.year else date(start).rsplit(" ", 1)[0]
    return f"{label} ({first} – {date(end)})"


def choose_sprint(status: Status, request: Request) -> Sprint:
    """The sprint whose snapshot is asked for: the one named, or the data's current sprint."""
    current = status.current_sprint
    if request.sprint is None:
        if current is None:
            raise PublishError(
                "data/sprints.yaml has no active or closed sprint yet; mark the first sprint `state: active` and publish again"
            )
        return current
    found = next((s for s in status.sprints if s.id == request.sprint), None)
    if found is None:
        ids = ", ".join(str(s.id) for s in status.sprints) or "none"
        raise PublishError(f"there is no public sprint {request.sprint} in data/sprints.yaml (sprints: {ids})")
    if found.state == "planned":
        raise PublishError(f"sprint {found.id} has not started (state: planned); a snapshot shows a sprint that is under way or over")
    return found


def check_request(request: Request) -> None:
    if request.force and not request.reason.strip():
        raise PublishError('--force needs --reason "..." saying what is corrected; the reason is shown in the snapshot')


def _refuse_closed(version: str, existing: Version, sprint: Sprint) -> PublishError:
    return PublishError(
        f"{version} ({existing.title}) is a closed snapshot and is never overwritten: it shows the status as it was "
        "published at the end of that sprint.\n"
        f"    hint: to publish the next sprint, mark it `state: active` in data/sprints.yaml; to correct this snapshot, run "
        f'`glasshouse snapshot {sprint.id} --force --reason "what was wrong"` (the reason is shown in the snapshot)'
    )


def _refuse_other_sprint(version: str, existing: Version | None, sprint: Sprint, current: Sprint | None) -> PublishError:
    what = "was never published" if existing is None else "cannot be rebuilt from here"
    return PublishError(
        f"{version} {what}: the data's current sprint is {current.id if current else 'none'}, and a snapshot is built only "
        "from the data of its own sprint.\n"
        f"    hint: check out the last commit of sprint {sprint.id} (`git checkout COMMIT`) "
        f"and run `glasshouse snapshot {sprint.id}` there"
    )


def to_close(status: Status, published: Mapping[str, Version], version: str) -> tuple[Version, ...]:
    """Open snapshots, other than `version`, whose sprints the data marks closed."""
    closed = {s.id for s in status.sprints if s.state == "closed"}
    return tuple(v for v in published.values() if v.version != version and not v.closed and v.sprint in closed)


def to_retitle(status: Status, published: Mapping[str, Version], names: Sequence[str] = ()) -> tuple[str, ...]:
    """Snapshots whose sprints are internal now, or whose titles hold a name under which a record
    internal now was published (`history.withheld.published_names`), still so titled in
    versions.json, which every publish writes anew: from now on the version selector shows their
    version name."""
    hidden = status.withheld.records.get("sprints", frozenset())
    naming = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names), re.IGNORECASE) if names else None

    def named(v: Version) -> bool:
        return (v.sprint is not None and str(v.sprint) in hidden) or bool(naming and naming.search(v.title))

    return tuple(v.version for v in published.values() if v.title != v.version and named(v))


def plan(
    status: Status, sprint: Sprint, request: Request, published: Mapping[str, Version], stamp: Stamp, names: Sequence[str] = ()
) -> Plan:
    """What publishing `sprint`'s snapshot means, given what is `published`; a PublishError when refused.
    `names`: under which records internal now were published (see `to_retitle`); correction reasons
    are cut where they name one."""
    decided = _plan(status, sprint, request, published, stamp)
    if names:
        corrections = tuple(Correction(c.at, cut_names(c.reason, names)) for c in decided.corrections)
        props = decided.properties and {**decided.properties, "corrections": [c.as_json() for c in corrections]}
        decided = dataclasses.replace(decided, corrections=corrections, properties=props)
    recut = tuple(
        v.version
        for v in published.values()
        if v.version != decided.version and any(cut_names(c.reason, names) != c.reason for c in v.corrections)
    )
    return dataclasses.replace(decided, retitle=to_retitle(status, published, names), recut=recut, names=tuple(names))


def _plan(status: Status, sprint: Sprint, request: Request, published: Mapping[str, Version], stamp: Stamp) -> Plan:
    existing = published.get(sprint.slug)
    if existing and existing.closed and not request.force:
        raise _refuse_closed(sprint.slug, existing, sprint)
    current = status.current_sprint
    if current is None or sprint.id != current.id:
        # A snapshot is only ever built from the data of its own sprint; an earlier one can only be closed as it is.
        if request.close and existing and not request.force:
            return Plan(sprint.slug, existing.title, "closed", False, "latest" in existing.aliases, existing.corrections,
                        freeze=(existing,), freeze_message=f"Close {sprint.slug}")  # fmt: skip
        raise _refuse_other_sprint(sprint.slug, existing, sprint, current)
    return _build(status, sprint, request, published, stamp)


def _build(status: Status, sprint: Sprint, request: Request, published: Mapping[str, Version], stamp: Stamp) -> Plan:
    """Build the current sprint's snapshot; a forced rebuild of a closed one records its correction."""
    version = sprint.slug
    existing = published.get(version)
    before = existing.corrections if existing else ()
    reopened = bool(request.force and existing and existing.closed)
    corrections = (*before, Correction(stamp.built_iso, request.reason.strip())) if reopened else before
    closed = request.close or bool(existing and existing.closed)
    props: dict[str, Any] = {
        "sprint": sprint.id,
        "closed": closed,
        "published": stamp.built_iso,
        "data_commit": stamp.commit,
        "data_hash": stamp.data_hash,
        "corrections": [c.as_json() for c in corrections],
    }
    if closed:
        earlier = existing.properties.get("closed_at") if existing and existing.closed else None
        props["closed_at"] = earlier or stamp.built_iso
    if existing and existing.properties.get("removals"):
        props["removals"] = existing.properties["removals"]  # `glasshouse purge` noted them; a rebuild keeps the note
    newest = max((v.sprint for v in published.values() if v.sprint is not None), default=0)
    freeze = to_close(status, published, version)
    message = f"Close {', '.join(v.version for v in freeze)}: closed in data/sprints.yaml" if freeze else ""
    action = "corrected" if reopened else "closed" if request.close else "published"
    title = version_title(sprint.id, sprint.name, sprint.start, sprint.end)
    return Plan(version, title, action, True, sprint.id >= newest, corrections, props, freeze, message)
