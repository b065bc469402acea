"""Publishing a sprint's snapshot to the gh-pages branch with mike: all or nothing, never forced.

One attempt: fetch the published branch (mike does not), check the snapshot may be written,
build it with its history, move its unchanging assets to the shared area, and commit with mike
(the version directory, a redirect for `latest`, versions.json) plus the site-root files. Then
push without force; when another deploy got there first, start again from its result, so both
land. Nothing is pushed unless every step succeeded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import ghpages, text
from .build import Settings, build_site, settings
from .edition import Correction, Edition, version_title
from .errors import GlasshouseError
from .ghpages import Version, git, rev
from .model import Sprint, Status, build_model
from .shared_assets import split
from .slim import slim_html
from .stamp import make_stamp
from .validate import validate

MAX_ATTEMPTS = 6
# Copied from the newest snapshot to the site root, so their addresses never change. The sitemap
# also serves mkdocs-material, which looks for one beside every <link rel="alternate"> (the feed).
ROOT_FILES = ("status.json", "status.schema.json", "feed.xml", "rss.xml", "sitemap.xml", "sitemap.xml.gz")


class PublishError(GlasshouseError):
    """Publishing was refused or failed; nothing was pushed."""


@dataclass(frozen=True)
class Target:
    remote: str = "origin"
    branch: str = "gh-pages"
    push: bool = True


@dataclass(frozen=True)
class Request:
    sprint: int | None = None  # None: the data's current sprint
    close: bool = False
    force: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Outcome:
    version: str
    title: str
    action: str  # "published", "closed", "corrected"
    latest: bool
    attempts: int
    pushed: bool
    frozen: tuple[str, ...] = ()


def publish(config_file: Path, request: Request = Request(), target: Target = Target()) -> Outcome:
    """Publish (or close) a sprint's snapshot; see the module docstring for the steps."""
    config_file = config_file.resolve()
    repo = config_file.parent
    project = settings(config_file)
    status = build_model(validate(project.data_dir))  # bad data: DataError, nothing deployed
    sprint = _sprint(status, request)
    if request.force and not request.reason.strip():
        raise PublishError('--force needs --reason "..." saying what is corrected; the reason is shown in the snapshot')
    _check_identity(repo)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        remote_tip, base = _sync(repo, target)
        published = {v.version: v for v in ghpages.versions(repo, _ref(target))} if base else {}
        outcome = _attempt(config_file, repo, project, status, sprint, request, target, published, attempt)
        if not target.push or _push(repo, target, remote_tip):
            return outcome
        # Another deploy pushed first: drop this attempt's commits and redo it on top of theirs.
        _set_branch(repo, target.branch, base)
    raise PublishError(
        f"gave up after {MAX_ATTEMPTS} attempts: {target.remote}/{target.branch} kept changing while publishing; "
        "nothing was lost, run it again"
    )


def _sprint(status: Status, request: Request) -> Sprint:
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


def _attempt(
    config_file: Path,
    repo: Path,
    project: Settings,
    status: Status,
    sprint: Sprint,
    request: Request,
    target: Target,
    published: dict[str, Version],
    attempt: int,
) -> Outcome:
    version = sprint.slug
    title = version_title(sprint.id, sprint.name, sprint.start, sprint.end)
    existing = published.get(version)
    current = status.current_sprint
    if existing and existing.closed and not request.force:
        raise PublishError(
            f"{version} ({existing.title}) is a closed snapshot and is never overwritten: it shows the status as it was "
            "published at the end of that sprint.\n"
            f"    hint: to publish the next sprint, mark it `state: active` in data/sprints.yaml; to correct this snapshot, run "
            f'`glasshouse snapshot {sprint.id} --force --reason "what was wrong"` (the reason is shown in the snapshot)'
        )
    if current is None or sprint.id != current.id:
        if request.close and existing and not request.force:
            _freeze(repo, target, [existing], make_stamp(project.data_dir).built_iso, f"Close {version}")
            return Outcome(version, existing.title, "closed", "latest" in existing.aliases, attempt, target.push)
        what = "was never published" if existing is None else "cannot be rebuilt from here"
        raise PublishError(
            f"{version} {what}: the data's current sprint is {current.id if current else 'none'}, and a snapshot is built only "
            "from the data of its own sprint.\n"
            f"    hint: check out the last commit of sprint {sprint.id} (`git checkout COMMIT`) "
            f"and run `glasshouse snapshot {sprint.id}` there"
        )
    corrections = existing.corrections if existing else ()
    stamp = make_stamp(project.data_dir)
    if request.force and existing and existing.closed:
        corrections = (*corrections, Correction(stamp.built_iso, request.reason.strip()))
    history = ghpages.snapshots(repo, _ref(target)) if published else ()
    edition = Edition(stamp, version, title, corrections, history, project.site_url)
    newest = max((v.sprint for v in published.values() if v.sprint is not None), default=0)
    latest = sprint.id >= newest
    closed = request.close or bool(existing and existing.closed)
    props: dict[str, Any] = {
        "sprint": sprint.id,
        "closed": closed,
        "published": stamp.built_iso,
        "data_commit": stamp.commit,
        "data_hash": stamp.data_hash,
        "corrections": [{"at": c.at, "reason": c.reason} for c in corrections],
    }
    if closed:
        props["closed_at"] = (existing.properties.get("closed_at") if existing and existing.closed else None) or stamp.built_iso
    with tempfile.TemporaryDirectory(prefix="glasshouse-publish-") as tmp:
        site = build_site(config_file, Path(tmp) / "site", "public", edition)
        root_files = _prepare(site, version, project.site_url, latest)
        _deploy(repo, target, project, site, version, title, latest, props, root_files, stamp.commit)
    to_freeze = [
        v
        for v in published.values()
        if v.version != version and not v.closed and any(s.id == v.sprint and s.state == "closed" for s in status.sprints)
    ]
    if to_freeze:
        names = ", ".join(v.version for v in to_freeze)
        _freeze(repo, target, to_freeze, stamp.built_iso, f"Close {names}: closed in data/sprints.yaml")
    action = "corrected" if corrections != (existing.corrections if existing else ()) else "closed" if request.close else "published"
    return Outcome(version, title, action, latest, attempt, target.push, tuple(v.version for v in to_freeze))


def _prepare(site: Path, version: str, site_url: str, latest: bool) -> dict[str, bytes]:
    """Move shared assets out of the built site (rewriting its pages), trim the pages, and collect the site-root files."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    parts = split(files, version, urlsplit(site_url).path or "/")
    shutil.rmtree(site)
    for path, data in parts.own.items():
        if path.endswith(".html"):
            data = slim_html(data.decode("utf-8")).encode("utf-8")
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    root = dict(parts.shared)
    if latest:
        root.update({name: parts.own[name] for name in ROOT_FILES if name in parts.own})
    return root


def _deploy(
    repo: Path,
    target: Target,
    project: Settings,
    site: Path,
    version: str,
    title: str,
    latest: bool,
    props: dict[str, Any],
    root_files: dict[str, bytes],
    commit: str | None,
) -> None:
    from mike import commands
    from mike import git_utils as mg

    source = f" from data commit {commit[:12]}" if commit else ""
    cfg = {"site_dir": str(site), "use_directory_urls": project.use_directory_urls}
    with contextlib.chdir(repo), _git_errors(target):
        with commands.deploy(
            cfg,
            version,
            # mkdocs-material inserts version titles into the selector as HTML.
            text.title(title),
            aliases=["latest"] if latest else [],
            update_aliases=True,
            alias_type=commands.AliasType.redirect,
            branch=target.branch,
            message=f"Publish {version}{source}",
            set_props=[("", props)],
        ):
            pass
        present = set(git(repo, "ls-tree", "-r", "--name-only", _ref(target)).splitlines())
        # Shared assets are added once and never replaced; the root copies of the latest files are.
        new = {path: data for path, data in root_files.items() if path not in present or path in ROOT_FILES}
        with contextlib.suppress(mg.GitEmptyCommit), mg.Commit(target.branch, f"Update the site root for {version}") as c:
            for path, data in sorted(new.items()):
                c.add_file(mg.FileInfo(path, data))
        if "index.html" not in present:
            commands.set_default("latest", branch=target.branch, message="Send the site root to the latest snapshot")


@contextlib.contextmanager
def _git_errors(target: Target) -> Iterator[None]:
    from mike import git_utils as mg

    try:
        yield
    except (mg.GitError, ValueError) as exc:
        raise PublishError(f"could not write the {target.branch} branch: {exc}") from None


def _freeze(repo: Path, target: Target, versions: list[Version], when: str, message: str) -> None:
    """Mark snapshots closed in versions.json: from now on they are refused as deploy targets."""
    from mike import commands
    from mike import git_utils as mg

    with contextlib.chdir(repo):
        all_versions = commands.list_versions(target.branch)
        for v in versions:
            info = all_versions[v.version]
            info.set_property("closed", True)
            info.set_property("closed_at", when)
        with mg.Commit(target.branch, message) as c:
            c.add_file(commands.versions_to_file_info(all_versions))


def _ref(target: Target) -> str:
    return f"refs/heads/{target.branch}"


def _check_identity(repo: Path) -> None:
    def known(env: str, key: str) -> bool:
        return bool(os.environ.get(env)) or bool(git(repo, "config", "--get", key, check=False).strip())

    if not (known("GIT_COMMITTER_NAME", "user.name") and known("GIT_COMMITTER_EMAIL", "user.email")):
        raise PublishError(
            'git does not know who is publishing; set `git config user.name "Status bot"` and '
            "`git config user.email bot@example.org` (or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)"
        )


def _sync(repo: Path, target: Target) -> tuple[str | None, str | None]:
    """Bring the local branch up to the remote's (mike does not fetch); return (remote tip, local tip)."""
    local = f"refs/heads/{target.branch}"
    tracking = f"refs/remotes/{target.remote}/{target.branch}"
    has_remote = bool(git(repo, "remote", "get-url", target.remote, check=False).strip())
    if not has_remote:
        if target.push:
            raise PublishError(f"there is no git remote '{target.remote}'; add it (`git remote add {target.remote} URL`) or use --no-push")
        return None, rev(repo, local)
    on_remote = git(repo, "ls-remote", "--heads", target.remote, target.branch).strip()
    if on_remote:
        git(repo, "fetch", "--quiet", "--no-tags", target.remote, f"+{local}:{tracking}")
    remote_tip = rev(repo, tracking) if on_remote else None
    mine = rev(repo, local)
    if remote_tip and mine != remote_tip:
        if mine is None or _is_ancestor(repo, mine, remote_tip):
            _set_branch(repo, target.branch, remote_tip)
        elif not _is_ancestor(repo, remote_tip, mine):
            raise PublishError(
                f"the local {target.branch} branch and {target.remote}/{target.branch} have diverged; nothing was changed.\n"
                f"    hint: to take the published one (dropping local deploys that were never pushed), run "
                f"`git branch -f {target.branch} {target.remote}/{target.branch}`"
            )
    return remote_tip, rev(repo, local)


def _is_ancestor(repo: Path, a: str, b: str) -> bool:
    return subprocess.run(["git", "merge-base", "--is-ancestor", a, b], cwd=repo, capture_output=True, check=False).returncode == 0


def _set_branch(repo: Path, branch: str, commit: str | None) -> None:
    if commit is None:
        git(repo, "update-ref", "-d", f"refs/heads/{branch}", check=False)
    else:
        git(repo, "update-ref", f"refs/heads/{branch}", commit)


def _push(repo: Path, target: Target, remote_tip: str | None) -> bool:
    """Push without force. False when the remote moved meanwhile (try again); an error otherwise."""
    ref = _ref(target)
    out = subprocess.run(["git", "push", "--quiet", target.remote, f"{ref}:{ref}"], cwd=repo, capture_output=True, text=True, check=False)
    if out.returncode == 0:
        git(repo, "update-ref", f"refs/remotes/{target.remote}/{target.branch}", ref, check=False)
        return True
    now = git(repo, "ls-remote", "--heads", target.remote, target.branch, check=False).split()
    if (now[0] if now else None) != remote_tip:
        return False
    raise PublishError(f"pushing {target.branch} to {target.remote} failed; nothing was published:\n{out.stderr.strip()}")
