"""Taking back a value published by mistake, on a real remote: `glasshouse purge`.

Sprints 1 and 2 publish a value in a milestone's title and a sprint's name; the team takes it out
of the data and publishes sprint 3, but the archived snapshots and every earlier commit of gh-pages
still hold it, in many spellings (as typed, as HTML character references, in JSON, in a heading's
anchor, in versions.json's titles). Purging it must leave no blob reachable from the remote's
branch that holds it, say first what it will do, do nothing without confirmation, never print the
value, and leave a branch the next publish builds on.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.publish.scrub import Scrubber
from tests.support.artefacts import unmeasured
from tests.support.publishing import EPOCHS, GLASSHOUSE, Published, commit, env, git, glasshouse, new_project
from tests.support.sprint_cases import edit, set_sprint

pytestmark = pytest.mark.slow

VALUE = 'Nightjar-7 "Q&A" codename'
SPRINT_TWO = "name: Pilot build"


MILESTONE = "title: General availability"


def _plant(data: Path, sprint: int) -> None:
    set_sprint(data, sprint)
    edit(data / "sprints.yaml", SPRINT_TWO, f"name: 'Pilot {VALUE}'")
    if sprint == 1:
        edit(data / "milestones.yaml", MILESTONE, f"{MILESTONE} {VALUE}'".replace("title: ", "title: '"))


@pytest.fixture(scope="module")
@unmeasured()
def history(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Sprints 1 and 2 published with the value; sprint 3 published after it was taken out of the data."""
    p = new_project(tmp_path_factory.mktemp("purge"))
    for sprint in (1, 2):
        _plant(p.project / "data", sprint)
        commit(p.project, f"Sprint {sprint}")
        assert glasshouse(p.project, "publish", epoch=EPOCHS[sprint]).returncode == 0
    # Sprint 2 closes in a commit of its own, so its final snapshot still holds the value.
    _plant(p.project / "data", 3)
    commit(p.project, "Sprint 2 ends")
    edit(p.project / "data" / "sprints.yaml", f"name: 'Pilot {VALUE}'", SPRINT_TWO)
    edit(p.project / "data" / "milestones.yaml", f"{MILESTONE} {VALUE}'".replace("title: ", "title: '"), MILESTONE)
    commit(p.project, "Sprint 3, without the value")
    assert glasshouse(p.project, "publish", epoch=EPOCHS[3]).returncode == 0
    return p


def purge(p: Published, *args: str, given: str = "", extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`glasshouse purge` as a person runs it, typing `given` at its question (nothing: no terminal, as in CI)."""
    return subprocess.run(
        [GLASSHOUSE, "purge", *args],
        cwd=p.project,
        input=given,
        capture_output=True,
        text=True,
        env={**env(EPOCHS[3] + 600), **(extra or {})},
        timeout=300,
        check=False,
    )


@pytest.fixture
def copy(history: Published, tmp_path: Path) -> Published:
    root = tmp_path / "copy"
    shutil.copytree(history.project.parent, root, symlinks=True)
    return Published(root / "project", root / "remote.git", history.commits)


def holds(data: bytes, word: str = VALUE) -> bool:
    """Whether a file holds `word` as a person would find it: gunzipped, character references and
    JSON's \\u escapes resolved, in any case; or in any spelling Glasshouse writes (`Scrubber`)."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", "replace")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text).replace('""', '"')  # JSON, CSV
    for _ in range(2):  # references written inside references (&amp;#45;)
        text = html.unescape(text)
    return word.casefold() in text.casefold() or Scrubber((word,)).found(data)


def holding(remote: Path, word: str = VALUE) -> set[str]:
    """The paths, in any commit reachable from the remote's gh-pages, of every blob that holds `word`."""
    paths: dict[str, set[str]] = {}
    for commit_id in git(remote, "rev-list", "gh-pages").split():
        for line in git(remote, "ls-tree", "-r", commit_id).splitlines():
            meta, path = line.split("\t", 1)
            paths.setdefault(meta.split()[2], set()).add(path)
    out: set[str] = set()
    for sha, where in paths.items():
        if holds(subprocess.run(["git", "cat-file", "blob", sha], cwd=remote, capture_output=True, check=True).stdout, word):
            out |= where
    return out


def snapshots_of(paths: set[str]) -> list[str]:
    return sorted({p.split("/", 1)[0] for p in paths if re.match(r"sprint-\d+/", p)})


def test_the_value_is_published_in_many_spellings_before(history: Published) -> None:
    """The positive control: the search finds the value where the site shows it, so its absence later means something."""
    paths = holding(history.remote)
    assert {"versions.json", "sprint-02/milestones/index.html", "sprint-02/search/search_index.json", "sprint-02/status.json",
            "sprint-01/downloads/milestones.csv", "sprint-02/feed.xml"} <= paths  # fmt: skip
    page = history.show("sprint-02/milestones/index.html")
    assert "Nightjar&#45;7 &#34;Q&#38;A&#34; codename" in page
    assert 'Nightjar-7 \\"Q&A\\"' in history.show("sprint-02/status.json")


@unmeasured()
@pytest.mark.no_cover
def test_without_confirmation_nothing_changes(copy: Published) -> None:
    tip = copy.tip()
    for given in ("", "main\n", "gh-pages-please\n"):
        refused = purge(copy, VALUE, given=given)
        assert refused.returncode == 1, refused.stderr
        assert refused.stderr.endswith("\nNothing was changed: not confirmed (type the branch name, or pass --yes).\n")
        assert VALUE.casefold() not in (refused.stdout + refused.stderr).casefold()
        assert copy.tip() == tip
    lines = refused.stdout.splitlines()
    paths = holding(copy.remote)
    root = [p for p in paths if not re.match(r"sprint-\d+/", p)]
    commits = git(copy.remote, "rev-list", "--count", "gh-pages").strip()
    assert lines[0] == (
        f"Found the value on origin/gh-pages: {len(paths)} files (snapshots {', '.join(snapshots_of(paths))} and {len(root)} files "
        f"at the site root), in the {commits} commits of its history."
    )
    assert "  3. Check that no file and no message of the rewritten branch still holds the value, then force-push it" in lines
    assert f"     to origin with a lease on {tip[:12]}: if anyone published meanwhile, nothing is pushed. This is" in lines
    assert "  - Clones and forks of the repository keep the old commits, the value included, until they are deleted;" in lines
    assert "    Support can remove them. If it was a password, a token or a key, treat it as known: revoke it and" in lines


@pytest.mark.no_cover
def test_purge_leaves_no_copy_on_the_remote_and_the_next_publish_builds_on_it(copy: Published) -> None:
    before = copy.tip()
    held = snapshots_of(holding(copy.remote))
    assert held
    done = purge(copy, VALUE, given="gh-pages\n")
    assert done.returncode == 0, done.stderr
    assert VALUE.casefold() not in (done.stdout + done.stderr).casefold()
    assert holding(copy.remote) == set()
    assert not [m for m in git(copy.remote, "log", "--format=%B", "gh-pages").split("\n") if "nightjar" in m.lower()]
    after = copy.tip()
    assert after != before and git(copy.remote, "log", "-1", "--format=%s", "gh-pages").strip() == "Remove a value published by mistake"
    # Every file is still there, each JSON file still reads, and the pages keep their place for the value.
    assert set(copy.tree(after)) == set(copy.tree(before))
    for path in ("versions.json", "sprint-02/status.json", "sprint-02/search/search_index.json", "status.json"):
        json.loads(copy.show(path))
    assert "General availability [removed]" in copy.show("sprint-02/milestones/index.html")
    versions = {v["version"]: v for v in json.loads(copy.show("versions.json"))}
    assert versions["sprint-02"]["title"] == "Sprint 2: Pilot [removed] (16 Mar – 27 Mar 2026)"
    note = {"at": "2026-04-01T12:10:00Z", "note": "A value published by mistake was removed from this snapshot and from the history of "
            "the published branch."}  # fmt: skip
    assert {name: v["properties"].get("removals") for name, v in versions.items()} == {
        name: [note] if name in held else None for name in versions
    }
    assert done.stdout.splitlines()[-2].endswith(
        f"origin/gh-pages is now {after[:12]} (was {before[:12]}), the removal noted in versions.json for {', '.join(held)}."
    )
    assert git(copy.project, "rev-parse", "gh-pages", "origin/gh-pages").split() == [after, after]
    listing = glasshouse(copy.project, "snapshots").stdout
    assert "            a value published by mistake removed 2026-04-01T12:10:00Z (glasshouse purge)\n" in listing
    # The next publish lands on top of the rewritten branch, as a fast-forward.
    edit(copy.project / "data" / "project.yaml", "headline: On track for the pilot", "headline: Still on track")
    commit(copy.project, "Sprint 3, later")
    again = glasshouse(copy.project, "publish", epoch=EPOCHS[3] + 3600)
    assert again.returncode == 0, again.stderr
    git(copy.remote, "merge-base", "--is-ancestor", after, "gh-pages")
    assert "Still on track" in copy.show("sprint-03/index.html") and holding(copy.remote) == set()


def test_a_value_still_in_the_data_is_a_warning(copy: Published) -> None:
    milestones = copy.project / "data" / "milestones.yaml"
    edit(milestones, MILESTONE, f"{MILESTONE} {VALUE}'".replace("title: ", "title: '"))
    public = purge(copy, VALUE)
    assert public.returncode == 1
    assert (
        "\nWarning: Still in the project's files (data/milestones.yaml:19), and the public site built from them shows it: the next "
        "publish would publish it again. Remove it there (or mark its record `visibility: internal`) and commit that first.\n"
    ) in public.stdout
    edit(milestones, "  dependencies: [M-02]\n", "  dependencies: [M-02]\n  visibility: internal\n")
    internal = purge(copy, VALUE)
    assert (
        "\nWarning: Still in the project's files (data/milestones.yaml:19), kept out of the public site: the next publish leaves it out.\n"
    ) in internal.stdout


def test_what_cannot_be_removed_is_refused(copy: Published) -> None:
    tip = copy.tip()
    theme = purge(copy, "md-header", "--yes")
    assert theme.returncode == 1
    assert theme.stderr.startswith("Error: nothing was changed: it occurs in the site's own assets (_assets/")
    short = purge(copy, "Q&A", "--yes")
    assert short.returncode == 2
    assert "a value to remove needs at least 4 characters: shorter ones occur in the site's own markup" in short.stderr
    absent = purge(copy, "Never published anywhere", "--yes")
    assert absent.returncode == 0
    assert absent.stdout.startswith("The value is not on origin/gh-pages: no file and no message in its ")
    assert copy.tip() == tip


# Someone publishes after the purge read the branch and before it pushes, exactly once: when the
# rewritten branch is fetched back into the project, before the push asks the remote for its tip
# (a race inside `git push` itself is refused by the remote even without a lease).
LEASE_HOOK = """#!/bin/sh
[ "$1" = committed ] || exit 0
grep -q " refs/glasshouse/purged$" || exit 0
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
if [ ! -e "$RACE_MARK" ]; then
  touch "$RACE_MARK"
  cd "$RACE_REMOTE" && git update-ref refs/heads/gh-pages "$(git commit-tree gh-pages^{tree} -p gh-pages -m 'Another publish')"
fi
"""


def test_the_force_push_is_refused_when_someone_published_meanwhile(copy: Published, tmp_path: Path) -> None:
    hook = copy.project / ".git" / "hooks" / "reference-transaction"
    hook.write_text(LEASE_HOOK)
    hook.chmod(0o755)
    before = copy.tip()
    extra = {"RACE_MARK": str(tmp_path / "raced"), "RACE_REMOTE": str(copy.remote)}
    raced = purge(copy, VALUE, "--yes", extra=extra)
    assert raced.returncode == 1
    assert "Error: origin refused the rewritten gh-pages (" in raced.stderr
    assert "nothing was changed there.\n    hint: if someone published meanwhile, run `glasshouse purge` again" in raced.stderr
    other = copy.tip()
    assert git(copy.remote, "log", "-1", "--format=%s", "gh-pages").strip() == "Another publish"
    git(copy.remote, "merge-base", "--is-ancestor", before, other)  # the other publish was kept, not overwritten
    assert git(copy.project, "rev-parse", "gh-pages").strip() == before  # nor was the local branch moved
    assert not git(copy.project, "for-each-ref", "refs/glasshouse/")


def test_the_rewrite_reaches_file_names_and_commit_messages(tmp_path: Path) -> None:
    """What no publish writes but a hand-made commit on the branch may hold: the value in a path or a message."""
    from generator.publish.purge import on_branch
    from generator.publish.rewrite import rewrite

    work = tmp_path / "work"
    git(tmp_path, "init", "-q", "-b", "gh-pages", str(work))
    (work / "Nightjar-7 notes").mkdir()
    (work / "Nightjar-7 notes" / "index.html").write_text("<p>nothing</p>")
    (work / "kept.txt").write_text("kept")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Notes on NIGHTJAR-7")
    clone = tmp_path / "clone.git"
    git(tmp_path, "clone", "-q", "--bare", "--no-local", str(work), str(clone))
    scrubber = Scrubber(("Nightjar-7",))
    before = on_branch(clone, "refs/heads/gh-pages", scrubber)
    assert (before.paths, before.messages) == (("Nightjar-7 notes/index.html",), 1)
    done = rewrite(clone, scrubber)
    assert (done.paths, done.messages) == (frozenset({"Nightjar-7 notes/index.html"}), 1)
    assert on_branch(clone, "refs/heads/gh-pages", scrubber).empty
    assert git(clone, "ls-tree", "-r", "--name-only", "gh-pages").split("\n")[:2] == ["[removed] notes/index.html", "kept.txt"]
    assert git(clone, "log", "-1", "--format=%s", "gh-pages").strip() == "Notes on [removed]"
