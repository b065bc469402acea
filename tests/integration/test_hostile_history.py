"""Publishing histories nobody wrote with Glasshouse: gh-pages is read, never trusted.

Anyone who can push can write the gh-pages branch. A versions.json or a status.json that is not
what mike and Glasshouse write (wrong types, unknown values, nesting past what Python reads,
NaN) leaves that snapshot out of the history; builds, `snapshots` and `diff` go on, and nothing
from it reaches the terminal unescaped.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from generator.data.validate import validate
from generator.history.conform import conforms, status_schema
from generator.history.statusdoc import status_document
from generator.model.build import build_model
from generator.repo.published import local_history, versions
from tests.support.artefacts import unmeasured
from tests.support.projects import FIXTURES
from tests.support.publishing import git, glasshouse, new_project

VALIDATOR = Draft202012Validator(status_schema(), format_checker=FormatChecker())


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    """A real status document, as a snapshot of the minimal project publishes it."""
    made: dict[str, Any] = json.loads(json.dumps(status_document(build_model(validate(FIXTURES / "minimal" / "data"))), default=str))
    assert VALIDATOR.is_valid(made) and conforms(made)
    return made


BROKEN: dict[str, Callable[[dict[str, Any]], object]] = {
    "a section of the wrong type": lambda d: d.update(milestones="M-01"),
    "the project as text": lambda d: d.update(project="x"),
    "an unknown status": lambda d: d["project"].update(status="purple"),
    "a date that is no date": lambda d: d["project"].update(as_of="2026-02-30"),
    "a date of another form": lambda d: d["milestones"][0].update(baseline="30/01/2026"),
    "NaN": lambda d: d["feedback"].update(rating_mean=float("nan")),
    "true as a number": lambda d: d["risks"][0].update(likelihood=True),
    "a count below zero": lambda d: d["feedback"].update(received=-1),
    "a record without its id": lambda d: d["milestones"][0].pop("id"),
    "a field nobody writes": lambda d: d["risks"][0].update(payload="<script>"),
    "another format": lambda d: d.update(format="glasshouse-status/3"),
    "the first format without its list": lambda d: d.update(format="glasshouse-status/1"),
    "a sprint as a list": lambda d: d.update(sprint=[1]),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_document_does_not_conform(doc: dict[str, Any], name: str) -> None:
    broken = copy.deepcopy(doc)
    BROKEN[name](broken)
    assert not conforms(broken)
    assert not VALIDATOR.is_valid(broken) or name == "NaN"  # JSON has no NaN; jsonschema takes Python's word for it


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 30)
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer())
    | st.sampled_from(["", "green", "done", "2026-03-31", "2026-13-01", "sprint-01", "x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "title", "status", "x"]), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(path=st.lists(st.integers(0, 50), min_size=1, max_size=4), value=JSON)
def test_conform_agrees_with_jsonschema(doc: dict[str, Any], path: list[int], value: Any) -> None:
    """Any value put anywhere in a real document: conform.py and jsonschema (test-only, and far
    slower on a large log) say the same of it."""
    changed = copy.deepcopy(doc)
    node: Any = changed
    for step in path[:-1]:
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not keys or not isinstance(node[keys[step % len(keys)]], (dict, list)):
            break
        node = node[keys[step % len(keys)]]
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if keys:
        node[keys[path[-1] % len(keys)]] = value
    assert conforms(changed) == VALIDATOR.is_valid(changed)


def _gh_pages(project: Path, files: dict[str, str]) -> None:
    """A gh-pages branch holding exactly `files`, committed with plain git, as anyone could push it."""
    tree = project.parent / "pages"
    tree.mkdir()
    for path, text in files.items():
        (tree / path).parent.mkdir(parents=True, exist_ok=True)
        (tree / path).write_text(text, encoding="utf-8")
    git(project, "checkout", "-q", "--orphan", "gh-pages")
    git(project, "rm", "-rq", "--cached", ".")
    git(project, "--work-tree", str(tree), "add", "-A")
    git(project, "--work-tree", str(tree), "commit", "-q", "-m", "pages")
    git(project, "checkout", "-qf", "main")


@pytest.fixture
def hostile(tmp_path: Path, doc: dict[str, Any]) -> Path:
    """A project whose gh-pages holds one good snapshot among hostile ones."""
    p = new_project(tmp_path)
    git(p.project, "add", "-A")
    git(p.project, "commit", "-q", "-m", "data")
    good = copy.deepcopy(doc)
    good["sprint"]["id"] = 1
    nested = "[" * 100_000 + "]" * 100_000
    entries = [
        {"version": "sprint-01", "title": "Sprint 1", "aliases": [], "properties": {}},
        {"version": "sprint-02", "title": "Sprint 2\n::error::forged\x1b[2J", "aliases": 5, "properties": "closed"},
        {"version": {"nested": True}},
        {"version": "sprint-04", "title": 4, "aliases": ["latest", 7], "properties": {"corrections": [1, {"at": [1]}]}},
        {"version": "sprint-05", "title": "Sprint 5", "aliases": [], "properties": {}},
    ]
    _gh_pages(
        p.project,
        {
            "versions.json": json.dumps(entries),
            "sprint-01/status.json": json.dumps(good),
            "sprint-02/status.json": json.dumps({**good, "project": "x", "sprint": "y"}),
            "sprint-05/status.json": nested,
        },
    )
    return p.project


def test_only_snapshots_that_are_what_they_claim_are_history(hostile: Path) -> None:
    assert [(v.version, v.title, v.aliases, dict(v.properties)) for v in versions(hostile, "refs/heads/gh-pages")] == [
        ("sprint-01", "Sprint 1", (), {}),
        ("sprint-02", "Sprint 2\n::error::forged\x1b[2J", (), {}),
        ("sprint-05", "Sprint 5", (), {}),
    ]
    assert [s.version for s in local_history(hostile, "gh-pages")] == ["sprint-01"]


def test_the_snapshot_listing_shows_titles_escaped(hostile: Path) -> None:
    done = glasshouse(hostile, "snapshots", "--no-fetch")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2] == "sprint-02   open    —            —                    Sprint 2\\n::error::forged\\x1b[2J"
    assert "\x1b" not in done.stdout and not any(line.startswith("::") for line in done.stdout.splitlines())


def test_diff_with_an_unreadable_snapshot_says_so(hostile: Path) -> None:
    done = glasshouse(hostile, "diff", "sprint-05", ".")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "Error: snapshot sprint-05 has no readable status.json on gh-pages\n"


def test_diff_with_a_damaged_snapshot_compares_what_it_can(hostile: Path) -> None:
    """`diff` reads the document it is pointed at as the comparison does, defensively."""
    done = glasshouse(hostile, "diff", "sprint-02", ".")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0] == "What changed from Sprint 2\\n::error::forged\\x1b[2J to the data as it is now:"


@pytest.mark.slow
@unmeasured()
def test_a_build_beside_a_hostile_history(hostile: Path) -> None:
    """The build compares with the one snapshot that is one, and shows nothing of the others."""
    done = glasshouse(hostile, "build")
    assert done.returncode == 0, done.stderr
    page = (hostile / "site" / "what-changed" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Since the previous snapshot, Pilot polish (status as of 31 Mar 2026)." in text
    assert "forged" not in page and "Sprint 2" not in page
