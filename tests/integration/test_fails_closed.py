"""Every broken or hostile input, built with `glasshouse build`: a clear message and no partial site.

Each case of the corpus (tests/support/broken_cases.py) is applied to a project whose site was built
before; the build must fail with exactly the report `glasshouse validate` gives, no traceback,
and leave the site byte for byte as it was, with no half-built directory beside it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.broken_cases import CASES
from tests.support.projects import cli_build, tree_digest
from tests.unit.data.test_validate import EXPECTED, _apply

pytestmark = pytest.mark.slow
PROJECT_PARTS = ["content", "data", "mkdocs.yml", "site", "theme"]
UNCHANGED = "Nothing was built: site/ keeps its previous content.\n"


@pytest.fixture(scope="module")
def built(minimal_site: Path) -> tuple[Path, str]:
    """The minimal project's site, built once; each case starts from a copy of it."""
    return minimal_site, tree_digest(minimal_site)


@pytest.fixture
def with_site(built: tuple[Path, str], project: Callable[[str], Path]) -> tuple[Path, str]:
    root = project("minimal")
    shutil.copytree(built[0], root / "site")
    return root, built[1]


def assert_closed(root: Path, digest: str | None) -> None:
    """The site is as it was (or still absent), and nothing else was left in the project."""
    if digest is None:
        assert sorted(p.name for p in root.iterdir()) == [p for p in PROJECT_PARTS if p != "site"]
    else:
        assert sorted(p.name for p in root.iterdir()) == PROJECT_PARTS
        assert tree_digest(root / "site") == digest


def test_the_corpus_covers_the_issue_list() -> None:
    names = {c[0] for c in CASES}
    assert len(names) == len(CASES) >= 60
    for needed in ("empty_file", "empty_csv", "missing_file", "missing_csv", "latin1_file", "latin1_csv", "utf16_file", "utf16_csv",
                   "tab_indent", "duplicate_key", "billion_laughs", "deep_nesting", "missing_csv_column", "unknown_csv_column",
                   "unquoted_comma", "csv_row_too_short", "binary_csv", "date_dd_mm_yyyy", "date_impossible", "negative_points",
                   "nan_likelihood", "infinite_points", "ids_differ_by_case"):  # fmt: skip
        assert needed in names, needed


@pytest.mark.parametrize(("name", "file", "old", "new"), CASES, ids=[c[0] for c in CASES])
def test_broken_input_fails_closed(with_site: tuple[Path, str], name: str, file: str, old: str | None, new: str | bytes | None) -> None:
    root, digest = with_site
    _apply(root / "data", name, file, old, new)
    code, out, err = cli_build()
    assert code == 1
    assert err == EXPECTED[name] + UNCHANGED
    assert out == ""
    assert_closed(root, digest)


@pytest.mark.parametrize(("name", "file", "old", "new"), CASES[::6], ids=[c[0] for c in CASES[::6]])
def test_broken_input_leaves_no_site_where_there_was_none(
    project: Callable[[str], Path], name: str, file: str, old: str | None, new: str | bytes | None
) -> None:
    root = project("minimal")
    _apply(root / "data", name, file, old, new)
    code, _, err = cli_build()
    assert code == 1 and err.endswith(UNCHANGED) and "Traceback" not in err
    assert_closed(root, None)


FIFTY_MB = 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("file", "write", "expected"),
    [
        (
            "milestones.yaml",
            lambda fh: fh.write(b"- id: M-01\n  title: " + b"x" * FIFTY_MB + b"\n"),
            "data/milestones.yaml: the file is 52,428,821 bytes, above the limit of 20,000,000\n"
            "    hint: split long texts or remove pasted data\n",
        ),
        (
            "feedback.csv",
            lambda fh: fh.write(
                b"id,date,segment,channel,rating,theme,quote,consent,respondent,response,action,milestone,change,visibility\n"
                b'FB-0001,2026-03-03,users,survey,3,booking,"' + b"x" * FIFTY_MB + b'",yes,,,received,,,\n'
            ),
            "data/feedback.csv:2: the CSV cannot be read here: field larger than field limit (100000)\n"
            "    hint: values may be at most 100,000 characters; check for an unclosed double quote\n",
        ),
        (
            "feedback.csv",
            lambda fh: fh.write(b"id,date," + b"x" * FIFTY_MB + b"\n"),
            "data/feedback.csv:1: the header line is longer than 8,192 bytes\n"
            "    hint: the first line holds only the column names, separated by commas\n",
        ),
    ],
    ids=["yaml_value_50MB", "csv_value_50MB", "csv_header_50MB"],
)
def test_a_50_mb_value_fails_closed(with_site: tuple[Path, str], file: str, write: Callable[..., int], expected: str) -> None:
    root, digest = with_site
    with (root / "data" / file).open("wb") as fh:
        write(fh)
    code, _, err = cli_build()
    assert code == 1
    assert err.startswith(expected) and err.endswith(UNCHANGED), err[:2000]
    assert_closed(root, digest)


def test_crlf_and_bom_are_accepted(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    for path in (root / "data").iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, _, err = cli_build()
    assert code == 0, err
    assert "Pilot polish" in (root / "site" / "sprints" / "sprint-03" / "index.html").read_text(encoding="utf-8")


def test_a_broken_theme_template_fails_closed(with_site: tuple[Path, str]) -> None:
    root, digest = with_site
    (root / "theme" / "main.html").write_text('{% extends "base.html" %}\n{% block announce %}{% if %}{% endblock %}\n')
    code, _, err = cli_build()
    assert code == 1
    assert err.startswith("Error: a theme template could not be used; the previous site is untouched.\n")
    assert "main.html:2:" in err and "Traceback" not in err
    assert_closed(root, digest)


def test_a_strict_warning_fails_closed(with_site: tuple[Path, str]) -> None:
    root, digest = with_site
    (root / "content" / "about.md").write_text("# About\n\n![diagram](missing.png)\n")
    code, _, err = cli_build()
    assert code == 1 and "missing.png" in err and err.startswith("Error: mkdocs build --strict failed; the previous site is untouched.")
    assert_closed(root, digest)
