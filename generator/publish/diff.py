"""Status documents for `glasshouse diff`: from a published snapshot, a git commit, or the data as it is.

Both ends go through the same `history.compare` as the "What changed" page, so the terminal, the
pull-request summary and the site never disagree. Like the site, the comparison names nothing that
is internal in the data as it is now (the working tree's data/, whichever two ends are compared):
both documents are stripped of it first, and only a count says how many records are no longer shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.errors import DataError, GlasshouseError
from generator.history.compare import Comparison, between
from generator.history.edition import Snapshot
from generator.history.statusdoc import status_document
from generator.history.withheld import all_shown
from generator.model.status import Status
from generator.pipeline import read_status
from generator.render.changes import lines as change_lines
from generator.render.text import escape
from generator.repo.git import data_at, repo_path, rev, temporary_dir
from generator.repo.published import published_ref, read_json, versions

WORKING = "."


def _from_data(data_dir: Path, what: str) -> dict[str, Any]:
    try:
        return status_document(read_status(data_dir))
    except DataError as exc:
        raise GlasshouseError(f"the data at {what} has problems ({exc}); `glasshouse diff` compares valid data only") from None


def status_of(spec: str, repo: Path, data_dir: Path, branch: str = "gh-pages", now: Status | None = None) -> Snapshot:
    """The status document of `spec`, titled: '.', a snapshot (sprint-14, 14, latest) or a git commit.
    `now` is the data as it is now, when it has been read already."""
    if spec == WORKING:
        return Snapshot("", "the data as it is now", status_document(now) if now else _from_data(data_dir, "data/"))
    ref = published_ref(repo, branch)
    if ref:
        name = f"sprint-{int(spec):02d}" if spec.isdigit() else spec
        for v in versions(repo, ref):
            if name == v.version or name in v.aliases:
                doc = read_json(repo, ref, f"{v.version}/status.json")
                if not isinstance(doc, Mapping):
                    raise GlasshouseError(f"snapshot {v.version} has no readable status.json on {branch}")
                return Snapshot(v.version, v.title, doc)
    commit = rev(repo, spec)
    if commit is None:
        raise GlasshouseError(f"'{spec}' is neither a published snapshot nor a git commit; see `glasshouse snapshots` or `git log`")
    with temporary_dir() as tmp:
        data = data_at(repo, commit, repo_path(data_dir), Path(tmp) / "data")
        return Snapshot("", f"commit {commit[:12]}", _from_data(data, f"commit {commit[:12]}"))


def status_now(data_dir: Path) -> Status:
    """The data as it is now: what it keeps internal (`Status.withheld`) neither end of a comparison may name."""
    try:
        return read_status(data_dir)
    except DataError as exc:
        raise GlasshouseError(
            f"the data in {data_dir}/ has problems ({exc}); `glasshouse diff` reads it to know what is internal now, "
            "so that it names none of it; run `glasshouse validate` and fix them first"
        ) from None


def diff(a: str, b: str, repo: Path, data_dir: Path, branch: str = "gh-pages") -> Comparison:
    now = status_now(data_dir)
    ends = (status_of(a, repo, data_dir, branch, now), status_of(b, repo, data_dir, branch, now))
    before, after = all_shown(ends, now.withheld)
    return between(before, after, before.title, after.title)


def report(comparison: Comparison, fmt: str = "text") -> str:
    """The comparison for a terminal (text) or a GitHub job summary (markdown)."""
    lines = change_lines(comparison)
    if fmt == "markdown":
        head = f"### What changed from {escape(comparison.before)} to {escape(comparison.after)}\n\n"
        return head + ("\n".join(f"- {escape(line)}" for line in lines) if lines else "Nothing changed in the status data.") + "\n"
    head = f"What changed from {comparison.before} to {comparison.after}:\n"
    return head + ("\n".join(f"  - {line}" for line in lines) if lines else "  Nothing changed.") + "\n"
