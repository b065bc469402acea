"""What a publish does, decided from data alone: which snapshot to build, what to close, and what
to refuse. Nothing here touches git, MkDocs or the disk; `publish.py` carries the plan out.

A sprint closed in the data closes its snapshot on the way, with its final figures: an open
snapshot was built mid-sprint, so it is built again, as its sprint ended, from the data that
closed the sprint (`Final`). Only a snapshot that shows its sprint closed already is closed as
it is, and so is one closed on request (`glasshouse snapshot N`, once the data has moved on).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.errors import PublishError
from generator.history.edition import Correction, Snapshot, Stamp
from generator.history.withheld import cut_names
from generator.model.records import Sprint
from generator.model.status import Status
from generator.render.i18n import language
from generator.render.terms import Terms
from generator.repo.published import Version


@dataclass(frozen=True)
class Request:
    sprint: int | None = None  # None: the data's current sprint
    close: bool = False
    force: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Final:
    """A closed sprint's snapshot, built closed with the sprint's final figures from the data that
    closed the sprint (publish.py finds that data); it never takes `latest` from the build after it."""

    sprint: int
    version: str
    title: str
    corrections: tuple[Correction, ...] = ()
    closed_at: str | None = None  # when it was closed already: a correction keeps the date
    here: bool = False  # a correction: built from the data being published, not the commit that closed the sprint

    def properties(self, stamp: Stamp) -> dict[str, Any]:
        """Its properties in versions.json, once built with `stamp` (the closing data's)."""
        return snapshot_properties(self.sprint, stamp, self.corrections, closed_at=self.closed_at or stamp.built_iso)


@dataclass(frozen=True)
class Plan:
    """One publish, decided: the snapshot to build (or only to close), the closed sprints' snapshots
    to build first with their final figures, and the others to close as they are."""

    version: str
    title: str
    action: str  # "published", "closed", "corrected"
    build: bool  # False: close the snapshot already published, as it is
    latest: bool  # `latest` (and the site root) points at it afterwards
    corrections: tuple[Correction, ...] = ()
    properties: Mapping[str, Any] | None = None  # its properties in versions.json, when built
    freeze: tuple[Version, ...] = ()  # snapshots to mark closed after the build
    freeze_message: str = ""
    finals: tuple[Final, ...] = ()  # built before it, oldest first
    # What versions.json must stop saying, as it is written anew: snapshots to title by their version
    # name, and snapshots whose correction reasons name (`names`) a record internal now.
    retitle: tuple[str, ...] = ()
    recut: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


def snapshot_properties(
    sprint: int, stamp: Stamp, corrections: tuple[Correction, ...], closed_at: str | None = None, removals: Any = None
) -> dict[str, Any]:
    """A built snapshot's properties in versions.json; `closed_at` when it is closed; `removals`, the
    notes `glasshouse purge` left, kept when a snapshot is rebuilt."""
    props: dict[str, Any] = {
        "sprint": sprint,
        "closed": closed_at is not None,
        "published": stamp.built_iso,
        "data_commit": stamp.commit,
        "data_hash": stamp.data_hash,
        "corrections": [c.as_json() for c in corrections],
    }
    if closed_at is not None:
        props["closed_at"] = closed_at
    if removals:
        props["removals"] = removals
    return props


def showing_final(snapshots: Iterable[Snapshot]) -> frozenset[str]:
    """The snapshots whose status.json shows their own sprint closed: their figures are final already."""
    return frozenset(s.version for s in snapshots if (sprint := s.doc.get("sprint")) and "state" in sprint and sprint["state"] == "closed")


def version_title(sprint: Sprint, terms: Terms) -> str:
    """ "Sprint 15: First terminal messages (16 Nov – 27 Nov 2026)": the name shown in the version
    selector and the archived banner, in the project's language and its word for an iteration (a
    team working in periods reads "Period 19: ...", and a name that already says "Period 19" is not
    repeated). The year is written once when both dates share it."""
    lang = terms.lang
    first = lang.date(sprint.start) if sprint.start.year != sprint.end.year else lang.day_month(sprint.start)
    return lang.gettext("%(title)s (%(start)s – %(end)s)", title=terms.title(sprint), start=first, end=lang.date(sprint.end))


def snapshot_title(status: Status, sprint: Sprint) -> str:
    """`sprint`'s snapshot title, in the project's language and word for an iteration."""
    return version_title(sprint, Terms.of(status.project, language(status.project.language)))


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
    built = f", built from data commit {existing.data_commit}" if existing.data_commit else ""
    return PublishError(
        f"{version} ({existing.title}) is a closed snapshot and is never overwritten: it shows the status as it was "
        f"published at the end of that sprint{built}.\n"
        f"    hint: to publish the next sprint, mark it `state: active` in data/sprints.yaml; to correct this snapshot, run "
        f'`glasshouse snapshot {sprint.id} --force --reason "what was wrong"` (the reason is shown in the snapshot)'
    )


def _refuse_other_sprint(version: str, existing: Version | None, sprint: Sprint, current: Sprint | None) -> PublishError:
    what = "was never published" if existing is None else "cannot be rebuilt from here"
    # A closed snapshot is refused there too unless the correction is asked for again.
    flags = ' --force --reason "what was wrong"' if existing and existing.closed else ""
    return PublishError(
        f"{version} {what}: the data's current sprint is {current.id if current else 'none'}, and a snapshot is built only "
        "from the data of its own sprint.\n"
        f"    hint: check out the last commit of sprint {sprint.id} (`git checkout COMMIT`) "
        f"and run `glasshouse snapshot {sprint.id}{flags}` there"
    )


def to_close(status: Status, published: Mapping[str, Version], version: str) -> tuple[Version, ...]:
    """Open snapshots, other than `version`, whose sprints the data marks closed."""
    closed = {s.id for s in status.sprints if s.state == "closed"}
    return tuple(v for v in published.values() if v.version != version and not v.closed and v.sprint in closed)


def closing(
    status: Status, published: Mapping[str, Version], version: str, final: Collection[str] = ()
) -> tuple[tuple[Final, ...], tuple[Version, ...]]:
    """What the sprints the data marks closed ask for, besides `version`: the snapshots to build
    with their final figures, and those to close as they are (`final`: they show them already).

    A sprint closed in the data but never published gets its final snapshot when it is the newest
    closed sprint and no later sprint is published: the data that closes a sprint is its own. An
    older one is left alone, as its data is long gone (README: a snapshot is only ever built from
    the data of its own sprint)."""
    sprints = {s.id: s for s in status.sprints}
    finals, freeze = [], []
    for v in to_close(status, published, version):
        if v.version in final:
            freeze.append(v)
        else:
            s = sprints[v.sprint or 0]
            finals.append(Final(s.id, v.version, snapshot_title(status, s), v.corrections))
    newest_published = max((v.sprint for v in published.values() if v.sprint is not None), default=0)
    closed = [s for s in status.sprints if s.state == "closed"]
    newest = max(closed, key=lambda s: s.id) if closed else None
    if newest and newest.slug != version and newest.slug not in published and newest.id > newest_published:
        finals.append(Final(newest.id, newest.slug, snapshot_title(status, newest)))
    return tuple(sorted(finals, key=lambda f: f.sprint)), tuple(freeze)


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
    status: Status,
    sprint: Sprint,
    request: Request,
    published: Mapping[str, Version],
    stamp: Stamp,
    final: Collection[str] = (),
    names: Sequence[str] = (),
) -> Plan:
    """What publishing `sprint`'s snapshot means, given what is `published`; a PublishError when refused.
    `final`: the snapshots that show their sprint closed already (see `showing_final`). `names`: under
    which records internal now were published (see `to_retitle`); correction reasons are cut where
    they name one."""
    decided = _plan(status, sprint, request, published, stamp, final)
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


def _plan(status: Status, sprint: Sprint, request: Request, published: Mapping[str, Version], stamp: Stamp, final: Collection[str]) -> Plan:
    existing = published.get(sprint.slug)
    if existing and existing.closed and not request.force:
        raise _refuse_closed(sprint.slug, existing, sprint)
    current = status.current_sprint
    if current is None or sprint.id != current.id:
        if request.force and existing and existing.closed and sprint.state == "closed":
            return _correct_final(status, sprint, request, existing, stamp)
        # A snapshot is only ever built from the data of its own sprint; an earlier one can only be closed as it is.
        if request.close and existing and not request.force:
            return Plan(sprint.slug, existing.title, "closed", False, "latest" in existing.aliases, existing.corrections,
                        freeze=(existing,), freeze_message=f"Close {sprint.slug}")  # fmt: skip
        raise _refuse_other_sprint(sprint.slug, existing, sprint, current)
    return _build(status, sprint, request, published, stamp, final)


def _correct_final(status: Status, sprint: Sprint, request: Request, existing: Version, stamp: Stamp) -> Plan:
    """A closed sprint's snapshot corrected from data in which the sprint is closed, as its final
    figures were: rebuilt as that sprint's, closed since when it was, its correction recorded."""
    corrections = (*existing.corrections, Correction(stamp.built_iso, request.reason.strip()))
    closed_at = existing.properties.get("closed_at")
    final = Final(sprint.id, sprint.slug, snapshot_title(status, sprint), corrections, str(closed_at) if closed_at else None, here=True)
    latest = "latest" in existing.aliases
    return Plan(sprint.slug, final.title, "corrected", False, latest, corrections, finals=(final,))


def _build(
    status: Status, sprint: Sprint, request: Request, published: Mapping[str, Version], stamp: Stamp, final: Collection[str]
) -> Plan:
    """Build the current sprint's snapshot; a forced rebuild of a closed one records its correction."""
    version = sprint.slug
    existing = published.get(version)
    before = existing.corrections if existing else ()
    reopened = bool(request.force and existing and existing.closed)
    corrections = (*before, Correction(stamp.built_iso, request.reason.strip())) if reopened else before
    closed_at = None
    if request.close or (existing and existing.closed):
        earlier = existing.properties.get("closed_at") if existing and existing.closed else None
        closed_at = earlier or stamp.built_iso
    removals = existing.properties.get("removals") if existing else None
    newest = max((v.sprint for v in published.values() if v.sprint is not None), default=0)
    finals, freeze = closing(status, published, version, final)
    message = f"Close {', '.join(v.version for v in freeze)}: closed in data/sprints.yaml" if freeze else ""
    action = "corrected" if reopened else "closed" if request.close else "published"
    title = snapshot_title(status, sprint)
    props = snapshot_properties(sprint.id, stamp, corrections, closed_at, removals)
    return Plan(version, title, action, True, sprint.id >= newest, corrections, props, freeze, message, finals)


def describe(decided: Plan, data_commit: str | None, closing_commits: Mapping[int, str | None]) -> list[str]:
    """What carrying out `decided` does, in the order it does it, one line a step: said before a
    publish starts, and all a dry run does. `closing_commits`: for each sprint closed on the way,
    the commit that closed it (None: the data being published)."""
    source = f"data commit {data_commit[:12]}" if data_commit else "the data as it is (not committed)"
    lines = []
    for f in decided.finals:
        commit = closing_commits.get(f.sprint)
        origin = f"data commit {commit[:12]}, which closed sprint {f.sprint}" if commit else source
        what = "correct" if f.here else "build"
        lines.append(f"{what.capitalize()} {f.version} ({f.title}) closed, with its sprint's final figures, from {origin}.")
    if decided.build:
        verb = {"corrected": "Rebuild and correct", "closed": "Build and close"}.get(decided.action, "Build")
        latest = "; `latest` will point at it" if decided.latest else "; `latest` stays where it is"
        lines.append(f"{verb} {decided.version} ({decided.title}) from {source}{latest}.")
    elif not decided.finals:
        lines.append(f"Close {decided.version} ({decided.title}) as it is published.")
    if decided.freeze and decided.build:
        lines.append(f"Close, as they are, as their sprints are closed: {', '.join(v.version for v in decided.freeze)}.")
    if decided.retitle:
        lines.append(f"Show by version name, as their titles name what is internal now: {', '.join(decided.retitle)}.")
    return lines


def ahead(at_end: Status, sprint_id: int) -> tuple[str, ...]:
    """What the data that closed sprint `sprint_id` already records of the time after it, which the
    sprint's final snapshot then shows as if it were the sprint's: points completed in a later
    sprint, its highlights, milestones delivered after the sprint ended. Empty when the sprint was
    closed in a commit of its own."""
    closed = next((s for s in at_end.sprints if s.id == sprint_id), None)
    if closed is None:
        return ()
    found = []
    for s in sorted(at_end.sprints, key=lambda s: s.start):
        if s.start <= closed.start or s.state == "planned":
            continue
        if s.completed:
            found.append(f"{s.completed} points completed in sprint {s.id}")
        if s.highlights:
            found.append(f"sprint {s.id}'s highlights")
    late = sorted((m for m in at_end.milestones if m.done and m.done > closed.end), key=lambda m: (m.done, m.id))
    found.extend(f"{m.id} delivered on {m.done.isoformat()}" for m in late if m.done)
    return tuple(found)


def ahead_warning(final: Final, commit: str | None, found: Sequence[str]) -> str:
    """What `publish` says when `final`'s snapshot is built from data that records what came after
    its sprint (see `ahead`), and how to avoid it next time."""
    source = f"data commit {commit[:12]}" if commit else "the data as it is"
    return (
        f"Warning: {final.version} is closed from {source}, which closed sprint {final.sprint} but already records "
        f"{'; '.join(found)}: its snapshot shows them as sprint {final.sprint}'s.\n"
        "    hint: close a sprint in a commit of its own (its final figures, `state: closed`, the next sprint "
        "`state: active` with nothing done yet), push it, and record the next sprint's progress in the commits after it"
    )
