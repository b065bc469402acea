"""Status documents for `glasshouse diff`: from a published snapshot, a git commit, or the data as it is.

Both ends go through the same `history.compare` as the "What changed" page, so the terminal, the
pull-request summary and the site never disagree. Like the site, the comparison names nothing that
is internal in the data as it is now (the working tree's data/, whichever two ends are compared):
both documents are stripped of it first, and only a count says how many records are no longer shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import DataError, GlasshouseError
from generator.history.compare import Comparison, between
from generator.history.conform import partial
from generator.history.document import ReadDoc, StatusDoc
from generator.history.edition import Snapshot
from generator.history.statusdoc import status_document
from generator.history.withheld import all_shown
from generator.model.status import Status
from generator.pipeline import read_status
from generator.render.changes import lines as change_lines
from generator.render.i18n import SOURCE, Language, available, language
from generator.render.text import escape
from generator.repo.git import data_at, repo_path, rev, temporary_dir
from generator.repo.published import published_ref, read_json, versions

WORKING = "."


def _from_data(data_dir: Path, what: str) -> StatusDoc:
    try:
        return status_document(read_status(data_dir))
    except DataError as exc:
        raise GlasshouseError(f"the data at {what} has problems ({exc}); `glasshouse diff` compares valid data only") from None


@dataclass(frozen=True)
class End:
    """One end of a comparison as read: a published snapshot (`title` its own), the data as it is now
    (`commit` None, no title), or the data at a commit; labelled once the report's language is known."""

    version: str
    doc: ReadDoc
    title: str = ""
    commit: str | None = None

    def snapshot(self, lang: Language) -> Snapshot:
        if self.title:
            label = self.title
        elif self.commit:
            label = lang.gettext("commit %(commit)s", commit=self.commit)
        else:
            label = lang.gettext("the data as it is now")
        return Snapshot(self.version, label, self.doc)


def status_of(spec: str, repo: Path, data_dir: Path, branch: str = "gh-pages", now: Status | None = None) -> End:
    """The status document of `spec`: '.', a snapshot (sprint-14, 14, latest) or a git commit.
    `now` is the data as it is now, when it has been read already."""
    if spec == WORKING:
        return End("", status_document(now) if now else _from_data(data_dir, "data/"))
    ref = published_ref(repo, branch)
    if ref:
        name = f"sprint-{int(spec):02d}" if spec.isdigit() else spec
        for v in versions(repo, ref):
            if name == v.version or name in v.aliases:
                # Not `conformed`: a damaged snapshot is compared as far as its parts conform.
                doc = partial(read_json(repo, ref, f"{v.version}/status.json"))
                if doc is None:
                    raise GlasshouseError(f"snapshot {v.version} has no readable status.json on {branch}")
                return End(v.version, doc, v.title or v.version)
    commit = rev(repo, spec)
    if commit is None:
        raise GlasshouseError(f"'{spec}' is neither a published snapshot nor a git commit; see `glasshouse snapshots` or `git log`")
    with temporary_dir() as tmp:
        data = data_at(repo, commit, repo_path(data_dir), Path(tmp) / "data")
        return End("", _from_data(data, f"commit {commit[:12]}"), commit=commit[:12])


def report_language(doc: ReadDoc) -> Language:
    """The language a comparison is reported in: that of the newer end's project (B), as the site
    built from it speaks; the source language when the document names none this build knows."""
    code = doc["project"]["language"] if "project" in doc else None
    return language(code) if code in available() else language(SOURCE)


def status_now(data_dir: Path) -> Status:
    """The data as it is now: what it keeps internal (`Status.withheld`) neither end of a comparison may name."""
    try:
        return read_status(data_dir)
    except DataError as exc:
        raise GlasshouseError(
            f"the data in {data_dir}/ has problems ({exc}); `glasshouse diff` reads it to know what is internal now, "
            "so that it names none of it; run `glasshouse validate` and fix them first"
        ) from None


def diff(a: str, b: str, repo: Path, data_dir: Path, branch: str = "gh-pages") -> tuple[Comparison, Language]:
    """What changed from A to B, and the language to report it in (B's project's)."""
    now = status_now(data_dir)
    first, second = status_of(a, repo, data_dir, branch, now), status_of(b, repo, data_dir, branch, now)
    lang = report_language(second.doc)
    before, after = all_shown((first.snapshot(lang), second.snapshot(lang)), now.withheld)
    return between(before, after, before.title, after.title), lang


def report(comparison: Comparison, lang: Language, fmt: str = "text") -> str:
    """The comparison for a terminal (text) or a GitHub job summary (markdown), in `lang`."""
    lines = change_lines(comparison, lang)
    ends = {"before": comparison.before, "after": comparison.after}
    if fmt == "markdown":
        head = "### " + lang.gettext("What changed from %(before)s to %(after)s", **{k: escape(v) for k, v in ends.items()}) + "\n\n"
        empty = lang.gettext("Nothing changed in the status data.")
        return head + ("\n".join(f"- {escape(line)}" for line in lines) if lines else empty) + "\n"
    head = lang.gettext("What changed from %(before)s to %(after)s:", **ends) + "\n"
    return head + ("\n".join(f"  - {line}" for line in lines) if lines else "  " + lang.gettext("Nothing changed.")) + "\n"
