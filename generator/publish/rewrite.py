"""A branch's whole history rewritten with every value scrubbed: git-filter-repo, used as a library.

git-filter-repo is what git's own documentation recommends for rewriting history: it streams the
history through `git fast-export` and `git fast-import`, handles what a hand-written rewrite gets
wrong (quoted paths, encodings, merges, unchanged commits keeping their ids) and cleans up after
itself. It runs here on a scratch bare clone holding the one branch, never on the project's own
repository; `purge.py` pushes the result.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import PublishError
from generator.publish.scrub import Scrubber


@dataclass(frozen=True)
class Rewritten:
    """What the rewrite changed: the paths of the files it scrubbed (in any commit), and how many messages."""

    paths: frozenset[str]
    messages: int


def rewrite(clone: Path, scrubber: Scrubber) -> Rewritten:
    """Scrub every file, file name and commit message of every branch of the bare repository `clone`, in place."""
    import git_filter_repo as fr

    changed: set[int] = set()
    paths: set[str] = set()
    messages = 0

    def on_blob(blob: Any, _metadata: Any) -> None:
        cleaned = scrubber.scrub(blob.data)
        if cleaned != blob.data:
            blob.data = cleaned
            changed.add(blob.id)

    def on_commit(commit: Any, _metadata: Any) -> None:
        for change in commit.file_changes:
            if change.blob_id in changed:
                paths.add(change.filename.decode("utf-8", "replace"))

    def on_filename(name: bytes) -> bytes:
        cleaned = scrubber.scrub(name)
        if cleaned != name:
            paths.add(name.decode("utf-8", "replace"))
        return cleaned

    def on_message(message: bytes) -> bytes:
        nonlocal messages
        cleaned = scrubber.scrub(message)
        messages += cleaned != message
        return cleaned

    said = io.StringIO()
    try:
        with contextlib.chdir(clone), contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            args = fr.FilteringOptions.parse_args(["--force", "--quiet"])
            callbacks = {"blob_callback": on_blob, "commit_callback": on_commit, "filename_callback": on_filename}
            fr.RepoFilter(args, message_callback=on_message, **callbacks).run()
    except SystemExit as exc:
        raise PublishError(f"git-filter-repo could not rewrite the branch; nothing was pushed:\n{said.getvalue().strip() or exc}") from None
    return Rewritten(frozenset(paths), messages)
