"""Writing snapshots to the gh-pages branch: mike for the snapshot, git for the rest, never forced.

Each function does one thing a publish plan asks for (publish.py decides which, plan.py why):
bring the local branch up to the remote's, move a snapshot's unchanging assets to the site
root, deploy it with mike, close snapshots in versions.json, and push.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.errors import PublishError
from generator.history.withheld import cut_names
from generator.publish.assets import split
from generator.render import feed
from generator.render.text import title as html_title
from generator.repo.git import git, is_ancestor, rev, run
from generator.repo.published import Version

# Copied from the newest snapshot to the site root, so their addresses never change (the README's
# badge embed, feed readers, scripts reading status.json). The sitemap also serves mkdocs-material,
# which looks for one beside every <link rel="alternate"> (the feed).
ROOT_FILES = ("badge.svg", "status.json", "status.schema.json", "feed.xml", "rss.xml", "calendar.ics", "sitemap.xml", "sitemap.xml.gz")


@dataclass(frozen=True)
class Target:
    remote: str = "origin"
    branch: str = "gh-pages"
    push: bool = True


def prepare(site: Path, version: str, site_url: str, latest: bool) -> dict[str, bytes]:
    """Move shared assets out of the built site (rewriting its pages) and collect the site-root files.

    The pages were trimmed when they were built (site/plugin.py); moving the assets adds no indentation."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    parts = split(files, version, urlsplit(site_url).path or "/")
    shutil.rmtree(site)
    for path, data in parts.own.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    root = dict(parts.shared)
    if latest:
        root.update({name: parts.own[name] for name in ROOT_FILES if name in parts.own})
        # The snapshot's feeds name the snapshot's copy as their own address; the root's, the root's.
        for name in (feed.ATOM_FILE, feed.RSS_FILE):
            if name in root:
                root[name] = feed.moved(root[name], f"{site_url}{version}/", site_url)
    return root


@dataclass(frozen=True)
class Snapshot:
    """A built snapshot ready to deploy: its directory, and how versions.json lists it."""

    site: Path
    version: str
    title: str
    latest: bool
    properties: Mapping[str, Any]
    use_directory_urls: bool = True


def deploy(repo: Path, target: Target, snapshot: Snapshot, root_files: Mapping[str, bytes], commit: str | None) -> None:
    """Commit the snapshot with mike (its directory, `latest`, versions.json), then the site-root files."""
    from mike import commands
    from mike import git_utils as mg

    version = snapshot.version
    source = f" from data commit {commit[:12]}" if commit else ""
    cfg = {"site_dir": str(snapshot.site), "use_directory_urls": snapshot.use_directory_urls}
    with contextlib.chdir(repo), _git_errors(target):
        # The same snapshot built again from the same data at the same time (SOURCE_DATE_EPOCH, a CI
        # job run again) is the one published already: nothing to commit, and nothing wrong.
        with (
            contextlib.suppress(mg.GitEmptyCommit),
            commands.deploy(
                cfg,
                version,
                # mkdocs-material inserts version titles into the selector as HTML.
                html_title(snapshot.title),
                aliases=["latest"] if snapshot.latest else [],
                update_aliases=True,
                alias_type=commands.AliasType.redirect,
                branch=target.branch,
                message=f"Publish {version}{source}",
                set_props=[("", dict(snapshot.properties))],
            ),
        ):
            pass
        present = set(git(repo, "ls-tree", "-r", "--name-only", branch_ref(target)).splitlines())
        # Shared assets are added once and never replaced; the root copies of the latest files are.
        new = {path: data for path, data in root_files.items() if path not in present or path in ROOT_FILES}
        with contextlib.suppress(mg.GitEmptyCommit), mg.Commit(target.branch, f"Update the site root for {version}") as c:
            for path, data in sorted(new.items()):
                c.add_file(mg.FileInfo(path, data))
        if "index.html" not in present and snapshot.latest:  # `latest` exists once a snapshot takes it
            commands.set_default("latest", branch=target.branch, message="Send the site root to the latest snapshot")


@contextlib.contextmanager
def _git_errors(target: Target) -> Iterator[None]:
    from mike import git_utils as mg

    try:
        yield
    except (mg.GitError, ValueError) as exc:
        raise PublishError(f"could not write the {target.branch} branch: {exc}") from None


def freeze(repo: Path, target: Target, versions: Sequence[Version], when: str, message: str) -> None:
    """Mark snapshots closed in versions.json: from now on they are refused as deploy targets."""
    from mike import commands
    from mike import git_utils as mg

    with contextlib.chdir(repo), _git_errors(target):
        all_versions = commands.list_versions(target.branch)
        for v in versions:
            info = all_versions[v.version]
            info.set_property("closed", True)
            info.set_property("closed_at", when)
        with mg.Commit(target.branch, message) as c:
            c.add_file(commands.versions_to_file_info(all_versions))


def hide_names(repo: Path, target: Target, retitle: Sequence[str], recut: Sequence[str], names: Sequence[str]) -> None:
    """Make versions.json stop naming what is internal now: snapshots in `retitle` are titled by
    their version name, and the correction reasons of those in `recut` cut where they name `names`.
    The version selector on every page reads it."""
    from mike import commands
    from mike import git_utils as mg

    with contextlib.chdir(repo), _git_errors(target):
        all_versions = commands.list_versions(target.branch)
        for name in retitle:
            all_versions[name].title = name
        for name in recut:
            info = all_versions[name]
            reasons = [{**c, "reason": cut_names(str(c.get("reason", "")), names)} for c in info.get_property("corrections") or []]
            info.set_property("corrections", reasons)
        with mg.Commit(target.branch, f"Keep what is internal now out of versions.json: {', '.join((*retitle, *recut))}") as c:
            c.add_file(commands.versions_to_file_info(all_versions))


def branch_ref(target: Target) -> str:
    return f"refs/heads/{target.branch}"


def check_identity(repo: Path) -> None:
    def known(env: str, key: str) -> bool:
        return bool(os.environ.get(env)) or bool(git(repo, "config", "--get", key, check=False).strip())

    if not (known("GIT_COMMITTER_NAME", "user.name") and known("GIT_COMMITTER_EMAIL", "user.email")):
        raise PublishError(
            'git does not know who is publishing; set `git config user.name "Status bot"` and '
            "`git config user.email bot@example.org` (or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)"
        )


def sync(repo: Path, target: Target) -> tuple[str | None, str | None]:
    """Bring the local branch up to the remote's (mike does not fetch); return (remote tip, local tip)."""
    if not _has_remote(repo, target):
        if target.push:
            raise PublishError(f"there is no git remote '{target.remote}'; add it (`git remote add {target.remote} URL`) or use --no-push")
        return None, tip(repo, target)
    tracking = _fetched(repo, target)
    remote_tip = rev(repo, tracking) if tracking else None
    mine = tip(repo, target)
    if remote_tip and mine != remote_tip:
        if mine is None or is_ancestor(repo, mine, remote_tip):
            set_branch(repo, target.branch, remote_tip)
        elif not is_ancestor(repo, remote_tip, mine):
            raise PublishError(
                f"the local {target.branch} branch and {target.remote}/{target.branch} have diverged; nothing was changed.\n"
                f"    hint: to take the published one (dropping local deploys that were never pushed), run "
                f"`git branch -f {target.branch} {target.remote}/{target.branch}`"
            )
    return remote_tip, tip(repo, target)


def tip(repo: Path, target: Target) -> str | None:
    """The local branch's commit, or None before anything is published."""
    return rev(repo, f"refs/heads/{target.branch}")


def peek(repo: Path, target: Target) -> str | None:
    """The ref that holds what is published, to look at without changing the local branch: the
    remote's branch, fetched into its remote-tracking ref; the local branch where there is no
    remote; None when nothing is published."""
    if not _has_remote(repo, target):
        local = f"refs/heads/{target.branch}"
        return local if rev(repo, local) else None
    return _fetched(repo, target)


def _has_remote(repo: Path, target: Target) -> bool:
    return bool(git(repo, "remote", "get-url", target.remote, check=False).strip())


def _fetched(repo: Path, target: Target) -> str | None:
    """The remote's branch, fetched into its remote-tracking ref; None when the remote has none."""
    if not git(repo, "ls-remote", "--heads", target.remote, target.branch).strip():
        return None
    tracking = f"refs/remotes/{target.remote}/{target.branch}"
    git(repo, "fetch", "--quiet", "--no-tags", target.remote, f"+refs/heads/{target.branch}:{tracking}")
    return tracking


def set_branch(repo: Path, branch: str, commit: str | None) -> None:
    if commit is None:
        git(repo, "update-ref", "-d", f"refs/heads/{branch}", check=False)
    else:
        git(repo, "update-ref", f"refs/heads/{branch}", commit)


def push(repo: Path, target: Target, remote_tip: str | None) -> bool:
    """Push without force. False when the remote moved meanwhile (try again); an error otherwise."""
    ref = branch_ref(target)
    out = run(repo, "push", "--quiet", target.remote, f"{ref}:{ref}")
    if out.code == 0:
        git(repo, "update-ref", f"refs/remotes/{target.remote}/{target.branch}", ref, check=False)
        return True
    now = git(repo, "ls-remote", "--heads", target.remote, target.branch, check=False).split()
    if (now[0] if now else None) != remote_tip:
        return False
    raise PublishError(
        f"pushing {target.branch} to {target.remote} failed; nothing was published:\n{out.said}\n"
        f"    hint: check that you may push to {target.remote} (`git push {target.remote} {target.branch}` by hand), then publish again"
    )
