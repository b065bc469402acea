"""Taking back a value published by mistake: the one deliberate way to change what was published.

Archived snapshots are never rebuilt and git keeps every published commit, so a value published by
mistake stays on the published branch, in its snapshots and in every earlier commit. `glasshouse
purge` looks for the value in every file version and commit message of the branch, says where it
is and what removing it will do, and only when confirmed: rewrites the branch's whole history in a
scratch clone with the value replaced by a marker (rewrite.py), records the removal in
versions.json without the value, checks that no file version and no message reachable from the
new tip holds it, and force-pushes with a lease on the tip it read, which is the only force push
Glasshouse ever makes. It never prints the value: a CI log or a terminal shared on a call would
repeat it.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.clock import build_time
from generator.errors import DataError, PublishError
from generator.publish import deploy
from generator.publish.deploy import Target
from generator.publish.rewrite import Rewritten, rewrite
from generator.publish.scrub import MARKER, Scrubber
from generator.publish.scrub import refusal as value_refusal
from generator.repo.git import file_versions, git, messages, read_blobs, rev, run
from generator.repo.published import versions

COMMIT_MESSAGE = "Remove a value published by mistake"
NOTE = "A value published by mistake was removed from this snapshot and from the history of the published branch."
_SCRATCH_REF = "refs/glasshouse/purged"


@dataclass(frozen=True)
class OnBranch:
    """Where the values are in a branch's history: the files that held one in any commit, and messages."""

    tip: str
    commits: int
    paths: tuple[str, ...]
    messages: int

    @property
    def empty(self) -> bool:
        return not self.paths and not self.messages


@dataclass(frozen=True)
class Found:
    """Where the values are, before anything changes: on the branch, and in the project's own files."""

    branch: OnBranch
    snapshots: tuple[str, ...]  # published versions whose files held a value
    root: int  # files outside any snapshot that held one (the site root: status.json, feeds, versions.json)
    assets: tuple[str, ...]  # the site's own assets holding one: then it is not a value from the data
    places: tuple[str, ...]  # "data/risks.yaml:14": the project's files that still hold one
    republished: bool | None  # whether a public build of the data as it is now shows one; None: the data has problems


def on_branch(repo: Path, ref: str, scrubber: Scrubber) -> OnBranch:
    """Every file version, file name and commit message reachable from `ref`, searched for the values."""
    tip = rev(repo, ref)
    if tip is None:
        raise PublishError(f"there is no {ref} to search")
    blobs = file_versions(repo, ref)
    held = [blob for blob, data in read_blobs(repo, sorted(blobs)) if scrubber.found(data)]
    named = {path for paths in blobs.values() for path in paths if scrubber.found(path.encode("utf-8"))}
    paths = tuple(sorted({path for blob in held for path in blobs[blob]} | named))
    said = sum(scrubber.found(m) for m in messages(repo, ref))
    commits = int(git(repo, "rev-list", "--count", ref).strip() or 0)
    return OnBranch(tip, commits, paths, said)


def _places(repo: Path, scrubber: Scrubber) -> tuple[str, ...]:
    """The lines of the project's tracked files (data, pages, mkdocs.yml, theme) that hold a value."""
    out = []
    for name in git(repo, "ls-files", "-z").split("\0"):
        path = repo / name
        if not name or not path.is_file() or path.stat().st_size > 50_000_000:
            continue
        data = path.read_bytes()
        if not scrubber.found(data):
            continue
        lines = data.split(b"\n")
        out += [f"{name}:{i}" for i, line in enumerate(lines, 1) if scrubber.found(line)] or [name]
    return tuple(out)


def _republished(data_dir: Path, scrubber: Scrubber) -> bool | None:
    from generator.pipeline import generate

    try:
        site = generate(data_dir)
    except DataError:
        return None
    texts: Iterable[str | bytes] = (*(p.markdown for p in site.pages), *(p.title for p in site.pages), *map(site.file, site.files))
    return any(scrubber.found(t if isinstance(t, bytes) else t.encode("utf-8")) for t in texts)


def survey(repo: Path, data_dir: Path, target: Target, scrubber: Scrubber) -> Found:
    """Fetch the published branch and find the values on it and in the project; change nothing."""
    remote_tip, local_tip = deploy.sync(repo, target)
    if remote_tip is None:
        raise PublishError(f"nothing is published on {target.remote}/{target.branch}; there is nothing to remove")
    if local_tip != remote_tip:
        raise PublishError(
            f"the local {target.branch} branch has commits that are not on {target.remote}; nothing was changed.\n"
            "    hint: push them with `glasshouse publish`, or drop them with "
            f"`git branch -f {target.branch} {target.remote}/{target.branch}`"
        )
    ref = deploy.branch_ref(target)
    branch = on_branch(repo, ref, scrubber)
    names = {v.version for v in versions(repo, ref)}
    snapshots = tuple(sorted({p.split("/", 1)[0] for p in branch.paths if p.split("/", 1)[0] in names}))
    root = sum(p.split("/", 1)[0] not in names for p in branch.paths)
    assets = tuple(p for p in branch.paths if {"_assets", "assets"} & set(p.split("/")[:-1]))
    return Found(branch, snapshots, root, assets, _places(repo, scrubber), _republished(data_dir, scrubber))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe(found: Found, target: Target, values: int) -> str:
    """What was found and what removing it will do, in words; never the value itself."""
    what = "the value" if values == 1 else f"the {values} values"
    b, branch, remote = found.branch, target.branch, target.remote
    if b.empty:
        return f"{what.capitalize()} is not on {remote}/{branch}: no file and no message in its {b.commits} commits holds it.\n"
    where = [f"snapshots {', '.join(found.snapshots)}"] if found.snapshots else []
    where += [f"{_plural(found.root, 'file', 'files')} at the site root"] if found.root else []
    said = f", and {_plural(b.messages, 'commit message', 'commit messages')}" if b.messages else ""
    files = _plural(len(b.paths), "file", "files") + (f" ({' and '.join(where)})" if where else "")
    lines = [
        f"Found {what} on {remote}/{branch}: {files}{said}, in the {b.commits} commits of its history.",
        "",
        "What `glasshouse purge` will do:",
        f"  1. Rewrite the whole history of {branch}: in every commit, every file and message that holds {what}",
        f"     gets {MARKER} in its place (snapshots, versions.json, status.json, the feeds, the search index, the",
        "     sitemap). Commits from the first one that held it on get new ids.",
        "  2. Record in versions.json that a value published by mistake was removed (not the value), in a commit",
        f'     "{COMMIT_MESSAGE}".',
        f"  3. Check that no file and no message of the rewritten branch still holds {what}, then force-push it",
        f"     to {remote} with a lease on {b.tip[:12]}: if anyone published meanwhile, nothing is pushed. This is",
        "     the only time Glasshouse ever force-pushes.",
        f"  4. Move this clone's {branch} and {remote}/{branch} to the rewritten branch.",
        "",
        "What it cannot do:",
        f"  - Clones and forks of the repository keep the old commits, {what} included, until they are deleted;",
        "    ask everyone who has one to delete it and clone again.",
        "  - GitHub may keep cached views of old commits and pages, and pull-request refs, for a while; GitHub",
        "    Support can remove them. If it was a password, a token or a key, treat it as known: revoke it and",
        "    issue a new one.",
        "  - This clone keeps the old commits in its reflog until you run",
        "    `git reflog expire --expire=now --all && git gc --prune=now`.",
        f"  - Only {branch} is rewritten: the history of data/ on your other branches keeps {what}; if the",
        "    repository is public, it is published there too.",
    ]
    return "\n".join(lines) + "\n"


def warnings(found: Found) -> list[str]:
    """What the team must know besides: where the values still are in the project, and the site's own assets."""
    out = []
    if found.places:
        shown = ", ".join(found.places[:8]) + (f" and {len(found.places) - 8} more" if len(found.places) > 8 else "")
        if found.republished:
            out.append(
                f"Still in the project's files ({shown}), and the public site built from them shows it: the next publish "
                "would publish it again. Remove it there (or mark its record `visibility: internal`) and commit that first."
            )
        elif found.republished is None:
            out.append(f"Still in the project's files ({shown}); the data has problems, so whether the next publish shows it is unknown.")
        else:
            out.append(f"Still in the project's files ({shown}), kept out of the public site: the next publish leaves it out.")
    return out


def refusal(found: Found) -> str | None:
    """Why removing the values would do harm, or None."""
    if found.assets:
        return (
            f"it occurs in the site's own assets ({', '.join(found.assets[:3])}): it is part of the theme or of Glasshouse, "
            "not a value from your data, and replacing it would break the site; give the value exactly as it was published"
        )
    return None


@dataclass(frozen=True)
class Removed:
    before: str
    after: str
    paths: int
    messages: int
    snapshots: tuple[str, ...]


def _record(clone: Path, branch: str, rewritten: Rewritten, when: str) -> tuple[str, ...]:
    """Note the removal in the properties of each snapshot that held a value (or of `latest`), and commit it."""
    from mike import commands
    from mike import git_utils as mg

    with contextlib.chdir(clone):
        all_versions = commands.list_versions(branch)
        names = {str(v.version): v for v in all_versions}
        touched = {p.split("/", 1)[0] for p in rewritten.paths} & set(names)
        if not touched:
            touched = {name for name, v in names.items() if "latest" in v.aliases} or set(list(names)[:1])
        for name in touched:
            info = names[name]
            earlier = (info.properties or {}).get("removals") or []
            info.set_property("removals", [*earlier, {"at": when, "note": NOTE}])
        with mg.Commit(branch, COMMIT_MESSAGE) as c:
            c.add_file(commands.versions_to_file_info(all_versions))
    return tuple(sorted(touched))


def remove(repo: Path, target: Target, scrubber: Scrubber, found: Found) -> Removed:
    """Rewrite the branch without the values, check, and force-push it with a lease on the tip surveyed."""
    ref = deploy.branch_ref(target)
    with tempfile.TemporaryDirectory(prefix="glasshouse-purge-") as tmp:
        clone = Path(tmp) / "branch.git"
        git(
            repo,
            "clone",
            "--quiet",
            "--bare",
            "--no-local",
            "--no-tags",
            "--single-branch",
            "--branch",
            target.branch,
            str(repo),
            str(clone),
        )
        if rev(clone, ref) != found.branch.tip:
            raise PublishError(f"{target.branch} moved while it was being read; nothing was changed, run it again")
        rewritten = rewrite(clone, scrubber)
        try:
            snapshots = _record(clone, target.branch, rewritten, build_time().strftime("%Y-%m-%dT%H:%M:%SZ"))
        except Exception as exc:  # mike reads versions.json: a removal that broke it must not be pushed
            raise PublishError(f"the removal could not be recorded in versions.json ({exc}); nothing was pushed") from None
        left = on_branch(clone, ref, scrubber)
        if not left.empty:
            raise PublishError(
                f"after the rewrite, {len(left.paths)} files and {left.messages} messages still hold it "
                f"({', '.join(left.paths[:3])}); nothing was pushed. A file that is not text cannot be changed here."
            )
        git(repo, "fetch", "--quiet", "--no-tags", str(clone), f"+{ref}:{_SCRATCH_REF}")
    new = rev(repo, _SCRATCH_REF)
    assert new is not None
    try:
        _push(repo, target, found.branch.tip)
    finally:
        git(repo, "update-ref", "-d", _SCRATCH_REF, check=False)
    git(repo, "update-ref", ref, new)
    git(repo, "update-ref", f"refs/remotes/{target.remote}/{target.branch}", new)
    return Removed(found.branch.tip, new, len(rewritten.paths), rewritten.messages, snapshots)


def _push(repo: Path, target: Target, lease: str) -> None:
    """The only force push Glasshouse makes: refused by the remote if the branch is no longer at `lease`."""
    branch = deploy.branch_ref(target)
    out = run(repo, "push", "--quiet", f"--force-with-lease={branch}:{lease}", target.remote, f"{_SCRATCH_REF}:{branch}")
    if out.code != 0:
        raise PublishError(
            f"{target.remote} refused the rewritten {target.branch} ({out.said}); nothing was changed there.\n"
            "    hint: if someone published meanwhile, run `glasshouse purge` again: it starts from what is published now"
        )


def refused_values(values: Sequence[str]) -> str | None:
    """Why the values given cannot be removed as asked, or None."""
    if not values:
        return "give the value to remove (or --from-file FILE with one value a line)"
    return next((why for why in map(value_refusal, values) if why), None)


def summary(done: Removed, target: Target) -> str:
    return (
        f"\nRemoved: {done.paths} files and {done.messages} commit messages rewritten; {target.remote}/{target.branch} is now "
        f"{done.after[:12]} (was {done.before[:12]}), the removal noted in versions.json for {', '.join(done.snapshots)}.\n"
        "Next: ask everyone with a clone or fork to delete it and clone again; if it was a secret, revoke it."
    )


def values_from(arguments: Sequence[str], lines: Iterable[str]) -> tuple[str, ...]:
    """The values given on the command line and in a file (one a line), without blank ones or repeats."""
    found = [v.strip() for v in (*arguments, *lines)]
    return tuple(dict.fromkeys(v for v in found if v))
