"""Publishing a sprint's snapshot to the gh-pages branch: all or nothing, never forced.

The data is read and checked once. Then each attempt: bring the local branch up to the remote's
(mike does not fetch), decide from what is published (plan.py: refuse, close, or build), build
the snapshots of sprints the data has just closed with their final figures (from the data of the
commit that closed each), then the snapshot asked for, each with its history; move their
unchanging assets to the shared area, commit them with mike, close the snapshots whose sprints
are closed, and push without force. When another deploy got there first, drop this attempt's
commits and start again from its result, so both land. Nothing is pushed unless every step
succeeded.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.clock import build_time
from generator.data.digest import data_hash
from generator.errors import DataError, Problem, PublishError
from generator.history.document import StatusDoc
from generator.history.edition import Edition, Snapshot, Stamp
from generator.history.withheld import published_names
from generator.model.records import Sprint
from generator.model.status import Status
from generator.pipeline import Checked, check, render_site, said, stale
from generator.publish import deploy
from generator.publish.deploy import Target
from generator.publish.plan import (
    Final,
    Plan,
    Request,
    ahead,
    ahead_warning,
    check_request,
    choose_sprint,
    describe,
    plan,
    showing_final,
    snapshot_title,
)
from generator.render.pages import Site
from generator.repo.closing import closing_commit
from generator.repo.git import data_at, repo_path, rev, temporary_dir
from generator.repo.published import snapshots, versions
from generator.repo.stamp import make_stamp
from generator.site.build import EXAMPLE_SITE_URL, Settings, build_site, settings

__all__ = ["MAX_ATTEMPTS", "Outcome", "Request", "Target", "dry_run", "publish"]

MAX_ATTEMPTS = 6


@dataclass(frozen=True)
class _Build:
    """A snapshot to build and deploy, and how versions.json lists it."""

    version: str
    title: str
    latest: bool
    properties: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    version: str
    title: str
    action: str  # "published", "closed", "corrected"
    latest: bool
    attempts: int
    pushed: bool
    frozen: tuple[str, ...] = ()
    finals: tuple[tuple[str, str | None], ...] = ()  # closed with their final figures: (version, data commit)
    warnings: tuple[Problem, ...] = ()
    retitled: tuple[str, ...] = ()
    # Closed sprints' snapshots built from data that already records the next sprint's progress.
    ahead: tuple[str, ...] = ()
    # The snapshot built is the one published already (the same data at the same SOURCE_DATE_EPOCH): nothing was committed.
    unchanged: bool = False


def dry_run(config_file: Path, request: Request | None = None, target: Target | None = None) -> list[str]:
    """What `publish` would do now, step by step, from the data and what the remote has published;
    nothing is built, committed or pushed (only the remote's branch is fetched to look at it)."""
    request, target = request or Request(), target or Target()
    config_file, project, checked, sprint = _read(config_file, request)
    ref = deploy.peek(config_file.parent, target)
    published = {v.version: v for v in versions(config_file.parent, ref)} if ref else {}
    earlier = snapshots(config_file.parent, ref) if ref and published else ()
    stamp = make_stamp(project.data_dir)
    status = checked.status
    decided = plan(status, sprint, request, published, stamp, showing_final(earlier), published_names(earlier, status.withheld))
    commits = _closing_commits(decided, project.data_dir)
    notes = [_ahead(f, _closing_data(f, status, stamp, project.data_dir)[0], commits.get(f.sprint)) for f in decided.finals]
    said = [line for note in notes if note for line in note.splitlines()]
    return [*describe(decided, stamp.commit, commits), *said, *map(str, checked.warnings)]


def _ahead(final: Final, at_end: Status, commit: str | None) -> str | None:
    """The warning when `final`'s closing data records what came after its sprint (plan.ahead)."""
    found = ahead(at_end, final.sprint)
    return ahead_warning(final, commit, found) if found and not final.here else None


def _read(config_file: Path, request: Request) -> tuple[Path, Settings, Checked, Sprint]:
    """The project's settings, its data read and checked once, and the sprint asked for; refused
    before anything is built when any of them is wrong."""
    config_file = config_file.resolve()
    project = settings(config_file)
    _check_site_url(project.site_url, config_file)
    check_request(request)
    # Read and check the data once: bad data raises DataError and nothing is deployed.
    checked = check(project.data_dir)
    _refuse_starting_text(checked)
    return config_file, project, checked, choose_sprint(checked.status, request)


def _refuse_starting_text(checked: Checked) -> None:
    left = checked.starting_text
    if left:
        places = "\n".join(f"  {w.line_text}" for w in left)
        raise PublishError(
            f"the data still holds starting text from `glasshouse new` in {len(left)} "
            f"{'place' if len(left) == 1 else 'places'}; write your project's own words there and publish again. "
            f"Nothing was published.\n{places}"
        )


def _closing_commits(decided: Plan, data_dir: Path) -> dict[int, str | None]:
    return {f.sprint: None if f.here else closing_commit(data_dir, f.sprint) for f in decided.finals}


def publish(
    config_file: Path, request: Request | None = None, target: Target | None = None, say: Callable[[str], None] | None = None
) -> Outcome:
    """Publish (or close) a sprint's snapshot (by default the current sprint's, to origin/gh-pages);
    see the module docstring for the steps. `say` hears the plan, step by step, before it is carried
    out, when it closes snapshots besides the one asked for."""
    request, target = request or Request(), target or Target()
    config_file, project, checked, sprint = _read(config_file, request)
    repo = config_file.parent
    status = checked.status
    deploy.check_identity(repo)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        remote_tip, base = deploy.sync(repo, target)
        published = {v.version: v for v in versions(repo, deploy.branch_ref(target))} if base else {}
        earlier = before = snapshots(repo, deploy.branch_ref(target)) if published else ()
        stamp = make_stamp(project.data_dir)
        decided = plan(status, sprint, request, published, stamp, showing_final(earlier), published_names(earlier, status.withheld))
        if say is not None and attempt == 1:
            _announce(decided, stamp, project.data_dir, say)
        finals, notes, doc = _carry_out(decided, status, stamp, earlier, config_file, project, target)
        unchanged = base is not None and deploy.tip(repo, target) == base
        if not target.push or deploy.push(repo, target, remote_tip):
            frozen = tuple(v.version for v in decided.freeze) if decided.build else ()
            warnings = (*checked.warnings, *stale(checked, before, doc), *said(checked, before, baseline=False))
            return Outcome(decided.version, decided.title, decided.action, decided.latest, attempt, target.push, frozen,
                           finals=finals, warnings=warnings, retitled=decided.retitle, ahead=notes, unchanged=unchanged)  # fmt: skip
        # Another deploy pushed first: drop this attempt's commits and redo it on top of theirs.
        deploy.set_branch(repo, target.branch, base)
    raise PublishError(
        f"gave up after {MAX_ATTEMPTS} attempts: {target.remote}/{target.branch} kept changing while publishing; "
        "nothing was lost, run it again"
    )


def _announce(decided: Plan, stamp: Stamp, data_dir: Path, say: Callable[[str], None]) -> None:
    """A publish that does more than the one snapshot asked for says what, before it is done."""
    if not (decided.finals or decided.freeze):
        return
    say("This publish closes snapshots on the way; it will:")
    for line in describe(decided, stamp.commit, _closing_commits(decided, data_dir)):
        say(f"  {line}")


def _carry_out(
    decided: Plan, status: Status, stamp: Stamp, earlier: tuple[Snapshot, ...], config_file: Path, project: Settings, target: Target
) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...], StatusDoc | None]:
    """Build and deploy what `decided` asks for onto the local branch, without pushing; the
    snapshots closed with their final figures, each with its data commit, the warnings for
    those built from data that records what came after their sprint, and the status document of
    the snapshot built from `status`, if one was (so that it is made once)."""
    repo = config_file.parent
    done = [(f, *_build_final(f, status, stamp, earlier, config_file, project, target)) for f in decided.finals]
    finals = tuple((f.version, commit) for f, commit, _ in done if not f.here)  # a correction is reported as one
    notes = tuple(note for _, _, note in done if note)
    doc = None
    if decided.build:
        assert decided.properties is not None
        if finals:  # the history now holds the final figures of the sprints just closed
            earlier = snapshots(repo, deploy.branch_ref(target))
        edition = Edition(stamp, decided.version, decided.title, decided.corrections, earlier, project.site_url)
        built = _Build(decided.version, decided.title, decided.latest, dict(decided.properties))
        pages = render_site(status, edition)
        doc = pages.history.doc
        _build_and_deploy(built, pages, config_file, project, target)
    if decided.freeze:
        deploy.freeze(repo, target, decided.freeze, stamp.built_iso, decided.freeze_message)
    if decided.retitle or decided.recut:
        deploy.hide_names(repo, target, decided.retitle, decided.recut, decided.names)
    return finals, notes, doc


def _check_site_url(site_url: str, config_file: Path) -> None:
    if site_url in ("", EXAMPLE_SITE_URL):
        said = f"still the example's, {EXAMPLE_SITE_URL}" if site_url else "not set"
        raise PublishError(
            f"site_url in {config_file.name} is {said}; put the address the site is published at there (for GitHub Pages, "
            "https://ORGANISATION.github.io/REPOSITORY/, or your own domain) and publish again. Nothing was published."
        )


def _build_final(
    final: Final, status: Status, stamp: Stamp, earlier: tuple[Snapshot, ...], config_file: Path, project: Settings, target: Target
) -> tuple[str | None, str | None]:
    """Build and deploy a closed sprint's snapshot, closed, from the data that closed the sprint;
    returns that data's commit, and a warning when that data records what came after the sprint."""
    at_end, stamp = _closing_data(final, status, stamp, project.data_dir)
    # Titled as the data that closed the sprint names it, like everything else in the snapshot.
    title = snapshot_title(at_end, at_end.current_sprint) if at_end.current_sprint else final.title
    edition = Edition(stamp, final.version, title, final.corrections, earlier, project.site_url)
    built = _Build(final.version, title, False, final.properties(stamp))
    _build_and_deploy(built, render_site(at_end, edition), config_file, project, target)
    return stamp.commit, _ahead(final, at_end, stamp.commit)


def _closing_data(final: Final, status: Status, stamp: Stamp, data_dir: Path) -> tuple[Status, Stamp]:
    """The status as `final`'s sprint ended, with its stamp: the data being published (`status`,
    `stamp`) when it is what closes the sprint, else the data of the earlier commit that did."""
    commit = None if final.here else closing_commit(data_dir, final.sprint)
    if commit is None or commit == rev(data_dir, "HEAD"):
        return status.at_end_of(final.sprint), stamp
    with temporary_dir() as tmp:
        data = data_at(data_dir, commit, repo_path(data_dir), Path(tmp) / "data")
        try:
            closing = check(data).status
        except DataError as exc:
            raise PublishError(
                f"{final.version} is closed with its sprint's final figures, from {commit[:12]}, the commit that closed "
                f"sprint {final.sprint}, but the data of that commit has problems ({exc}); nothing was published.\n"
                f"    hint: see them with `git checkout {commit[:12]}` and `glasshouse validate`; or close {final.version} "
                f"as it was published, with `glasshouse snapshot {final.sprint}`"
            ) from None
        stamp = Stamp(build_time(), data_hash(data), commit)
    at_end = closing.at_end_of(final.sprint)
    if at_end.current_sprint is None:
        where = f"the data of commit {commit[:12]}, which closed it"
        raise PublishError(f"sprint {final.sprint} is not a public sprint in {where}; nothing was published")
    return at_end, stamp


def _build_and_deploy(built: _Build, pages: Site, config_file: Path, project: Settings, target: Target) -> None:
    """Build the rendered snapshot in a scratch directory, with the project's builder (MkDocs, or
    another that builds what `glasshouse render` writes), and commit it to the branch."""
    stamp = pages.history.edition.stamp
    with tempfile.TemporaryDirectory(prefix="glasshouse-publish-") as tmp:
        site = build_site(config_file, Path(tmp) / "site", "public", site=pages, builder=project.builder)
        root_files = deploy.prepare(site, built.version, project.site_url, built.latest)
        snapshot = deploy.Snapshot(site, built.version, built.title, built.latest, built.properties, project.use_directory_urls)
        deploy.deploy(config_file.parent, target, snapshot, root_files, stamp.commit if stamp else None)
