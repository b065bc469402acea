"""Reading what is published: the snapshots on the gh-pages branch.

Everything it returns is plain data (versions, status documents) for the pure core to compare
and render; git itself is `git.py`.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GitError, GitMissing
from generator.history.conform import conformed
from generator.history.edition import Correction, Snapshot
from generator.repo.git import git, read_file, rev

VERSIONS_FILE = "versions.json"
_SPRINT = re.compile(r"^sprint-(\d+)$")


def read_json(repo: Path, ref: str, path: str) -> Any:
    data = read_file(repo, ref, path)
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested past what Python reads
        return None


@dataclass(frozen=True)
class Version:
    """A snapshot as versions.json lists it, with Glasshouse's properties; the title as plain text
    (versions.json holds it HTML-escaped, for mkdocs-material's version selector)."""

    version: str
    title: str
    aliases: tuple[str, ...] = ()
    properties: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sprint(self) -> int | None:
        m = _SPRINT.match(self.version)
        return int(m.group(1)) if m else None

    @property
    def closed(self) -> bool:
        return bool(self.properties.get("closed"))

    @property
    def data_commit(self) -> str:
        """The data commit the snapshot was built from, shortened as messages show it; "" if unknown."""
        return str(self.properties.get("data_commit") or "")[:12]

    @property
    def corrections(self) -> tuple[Correction, ...]:
        found = self.properties.get("corrections")
        if not isinstance(found, list):
            return ()
        return tuple(Correction(str(c.get("at", "")), str(c.get("reason", ""))) for c in found if isinstance(c, Mapping))

    @property
    def removals(self) -> tuple[str, ...]:
        """When `glasshouse purge` removed a value published by mistake from this snapshot."""
        found = self.properties.get("removals")
        return tuple(str(r.get("at", "")) for r in found if isinstance(r, Mapping)) if isinstance(found, list) else ()


def _version(v: Mapping[str, Any]) -> Version | None:
    """An entry of versions.json as mike writes it, or None: the branch is read, never trusted."""
    name, title, aliases, properties = v.get("version"), v.get("title", v.get("version")), v.get("aliases"), v.get("properties")
    if not isinstance(name, str) or not isinstance(title, str):
        return None
    kept = tuple(a for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else ()
    return Version(name, html.unescape(title), kept, properties if isinstance(properties, Mapping) else {})


def versions(repo: Path, ref: str) -> list[Version]:
    """The snapshots on `ref`, oldest sprint first; empty when nothing is published yet."""
    raw = read_json(repo, ref, VERSIONS_FILE)
    if not isinstance(raw, list):
        return []
    found = [version for v in raw if isinstance(v, Mapping) and (version := _version(v)) is not None]
    return sorted(found, key=lambda v: (v.sprint is None, v.sprint or 0, v.version))


def snapshots(repo: Path, ref: str) -> tuple[Snapshot, ...]:
    """Every published snapshot with its status document, oldest first; unreadable ones, and
    documents that are not status documents (`conform.py`), are left out."""
    commit = rev(repo, ref)
    return _snapshots_at(str(repo.resolve()), commit) if commit is not None else ()


@functools.lru_cache(maxsize=1)
def _snapshots_at(repo: str, commit: str) -> tuple[Snapshot, ...]:
    """The snapshots at `commit`. A commit never changes, so those last read are kept: asked again
    for the same commit (`glasshouse serve` rebuilds on every save), they are not read and
    checked again. Their documents are read, never changed, by every caller."""
    out = []
    for v in versions(Path(repo), commit):
        doc = read_json(Path(repo), commit, f"{v.version}/status.json")
        if (typed := conformed(doc)) is not None:
            out.append(Snapshot(v.version, v.title, typed))
    return tuple(out)


def published_ref(repo: Path, branch: str) -> str | None:
    """The local branch if there is one, else the remote-tracking one (as after a plain clone and fetch)."""
    for ref in (f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"):
        if rev(repo, ref):
            return ref
    return None


def fetch_published(repo: Path, remote: str, branch: str, fetch: bool = True) -> str | None:
    """Fetch `branch` from `remote` when there is one, and return the ref to read the published site from."""
    tracking = f"refs/remotes/{remote}/{branch}"
    has_remote = fetch and bool(git(repo, "remote", "get-url", remote, check=False).strip())
    if has_remote and git(repo, "ls-remote", "--heads", remote, branch).strip():
        git(repo, "fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:{tracking}")
        return tracking
    return published_ref(repo, branch)


@dataclass(frozen=True)
class Row:
    """One line of `glasshouse snapshots`."""

    version: str
    title: str
    state: str
    commit: str
    published: str
    corrections: tuple[Correction, ...]
    removals: tuple[str, ...] = ()


def listing(repo: Path, ref: str) -> list[Row]:
    rows = []
    for v in versions(repo, ref):
        p = v.properties
        title = v.title + (" (latest)" if "latest" in v.aliases else "")
        rows.append(
            Row(
                v.version,
                title,
                "closed" if v.closed else "open",
                v.data_commit or "—",
                str(p.get("published") or "—"),
                v.corrections,
                v.removals,
            )
        )
    return rows


def local_history(repo: Path, branch: str) -> tuple[Snapshot, ...]:
    """What a plain build compares with: the snapshots published on `branch`, if any can be read."""
    if not branch:
        return ()
    try:
        ref = published_ref(repo, branch)
        return snapshots(repo, ref) if ref else ()
    except GitMissing:
        raise
    except GitError:  # not a repository, or nothing published yet
        return ()
