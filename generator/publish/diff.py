"""Status documents for `glasshouse diff`: from a published snapshot, a git commit, or the data as it is.

Both ends go through the same `history.compare` as the "What changed" page, so the terminal, the
pull-request summary and the site never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.errors import DataError, GlasshouseError
from generator.history.compare import Comparison, compare
from generator.history.statusdoc import status_document
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


def status_of(spec: str, repo: Path, data_dir: Path, branch: str = "gh-pages") -> tuple[str, Mapping[str, Any]]:
    """(label, status document) for `spec`: '.', a snapshot (sprint-14, 14, latest) or a git commit."""
    if spec == WORKING:
        return "the data as it is now", _from_data(data_dir, "data/")
    ref = published_ref(repo, branch)
    if ref:
        name = f"sprint-{int(spec):02d}" if spec.isdigit() else spec
        for v in versions(repo, ref):
            if name == v.version or name in v.aliases:
                doc = read_json(repo, ref, f"{v.version}/status.json")
                if not isinstance(doc, Mapping):
                    raise GlasshouseError(f"snapshot {v.version} has no readable status.json on {branch}")
                return v.title, doc
    commit = rev(repo, spec)
    if commit is None:
        raise GlasshouseError(f"'{spec}' is neither a published snapshot nor a git commit; see `glasshouse snapshots` or `git log`")
    with temporary_dir() as tmp:
        data = data_at(repo, commit, repo_path(data_dir), Path(tmp) / "data")
        return f"commit {commit[:12]}", _from_data(data, f"commit {commit[:12]}")


def diff(a: str, b: str, repo: Path, data_dir: Path, branch: str = "gh-pages") -> Comparison:
    label_a, doc_a = status_of(a, repo, data_dir, branch)
    label_b, doc_b = status_of(b, repo, data_dir, branch)
    return compare(doc_a, doc_b, label_a, label_b)


def report(comparison: Comparison, fmt: str = "text") -> str:
    """The comparison for a terminal (text) or a GitHub job summary (markdown)."""
    lines = change_lines(comparison)
    if fmt == "markdown":
        head = f"### What changed from {escape(comparison.before)} to {escape(comparison.after)}\n\n"
        return head + ("\n".join(f"- {escape(line)}" for line in lines) if lines else "Nothing changed in the status data.") + "\n"
    head = f"What changed from {comparison.before} to {comparison.after}:\n"
    return head + ("\n".join(f"  - {line}" for line in lines) if lines else "  Nothing changed.") + "\n"
