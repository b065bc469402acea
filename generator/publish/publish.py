"""Publishing a sprint's snapshot to the gh-pages branch: all or nothing, never forced.

The data is read and checked once. Then each attempt: bring the local branch up to the remote's
(mike does not fetch), decide from what is published (plan.py: refuse, close, or build), build
the snapshot with its history, move its unchanging assets to the shared area, commit it with
mike, close the snapshots whose sprints are closed, and push without force. When another deploy
got there first, drop this attempt's commits and start again from its result, so both land.
Nothing is pushed unless every step succeeded.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PublishError
from generator.history.edition import Edition
from generator.pipeline import read_status, render_site
from generator.publish import deploy
from generator.publish.deploy import Target
from generator.publish.plan import Plan, Request, check_request, choose_sprint, plan
from generator.render.pages import Site
from generator.repo.published import snapshots, versions
from generator.site.build import Settings, build_site, settings
from generator.site.stamp import make_stamp

__all__ = ["MAX_ATTEMPTS", "Outcome", "Request", "Target", "publish"]

MAX_ATTEMPTS = 6


@dataclass(frozen=True)
class Outcome:
    version: str
    title: str
    action: str  # "published", "closed", "corrected"
    latest: bool
    attempts: int
    pushed: bool
    frozen: tuple[str, ...] = ()


def publish(config_file: Path, request: Request | None = None, target: Target | None = None) -> Outcome:
    """Publish (or close) a sprint's snapshot (by default the current sprint's, to origin/gh-pages);
    see the module docstring for the steps."""
    request, target = request or Request(), target or Target()
    config_file = config_file.resolve()
    repo = config_file.parent
    project = settings(config_file)
    check_request(request)
    # Read and check the data once: bad data raises DataError and nothing is deployed.
    status = read_status(project.data_dir)
    sprint = choose_sprint(status, request)
    deploy.check_identity(repo)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        remote_tip, base = deploy.sync(repo, target)
        published = {v.version: v for v in versions(repo, deploy.branch_ref(target))} if base else {}
        stamp = make_stamp(project.data_dir)
        decided = plan(status, sprint, request, published, stamp)
        if decided.build:
            earlier = snapshots(repo, deploy.branch_ref(target)) if published else ()
            edition = Edition(stamp, decided.version, decided.title, decided.corrections, earlier, project.site_url)
            _build_and_deploy(decided, render_site(status, edition), config_file, project, target, stamp.commit)
        if decided.freeze:
            deploy.freeze(repo, target, decided.freeze, stamp.built_iso, decided.freeze_message)
        if not target.push or deploy.push(repo, target, remote_tip):
            frozen = tuple(v.version for v in decided.freeze) if decided.build else ()
            return Outcome(decided.version, decided.title, decided.action, decided.latest, attempt, target.push, frozen)
        # Another deploy pushed first: drop this attempt's commits and redo it on top of theirs.
        deploy.set_branch(repo, target.branch, base)
    raise PublishError(
        f"gave up after {MAX_ATTEMPTS} attempts: {target.remote}/{target.branch} kept changing while publishing; "
        "nothing was lost, run it again"
    )


def _build_and_deploy(decided: Plan, pages: Site, config_file: Path, project: Settings, target: Target, commit: str | None) -> None:
    """Build the rendered snapshot with MkDocs in a scratch directory and commit it to the branch,
    naming the data `commit` it was built from."""
    assert decided.properties is not None
    with tempfile.TemporaryDirectory(prefix="glasshouse-publish-") as tmp:
        site = build_site(config_file, Path(tmp) / "site", "public", site=pages)
        root_files = deploy.prepare(site, decided.version, project.site_url, decided.latest)
        built = deploy.Snapshot(site, decided.version, decided.title, decided.latest, decided.properties, project.use_directory_urls)
        deploy.deploy(config_file.parent, target, built, root_files, commit)
