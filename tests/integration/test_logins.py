"""An address with a login in it is refused wherever the team's text is published, and its secret
reaches no built file; in a customer's quote it is redacted instead."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.projects import EPOCH, GLASSHOUSE

SECRET = "s3cret-T0ken"


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "GITHUB_ACTIONS": ""}
    return subprocess.run([str(GLASSHOUSE), "build"], cwd=root, capture_output=True, text=True, env=env)


def _holding(root: Path, text: str) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes())


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        (
            "milestones.yaml",
            "  description: The pilot runs for the first users.",
            f"  description: See [the docs](https://ada:{SECRET}@wiki.example.org/pilot).",
            "data/milestones.yaml:11: milestone M-02, field 'description'",
        ),
        (
            "project.yaml",
            "summary: A small project used by the tests.",
            f"summary: Notes at https://ada:{SECRET}@wiki.example.org/notes",
            "data/project.yaml:3: field 'summary'",
        ),
    ],
)
@unmeasured()
def test_a_login_in_the_teams_text_stops_the_build_and_is_published_nowhere(
    project: Callable[[str], Path], file: str, old: str, new: str, where: str
) -> None:
    root = project("minimal")
    _edit(root / "data" / file, old, new)
    result = _build(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{where}: the address 'https://…@wiki.example.org' holds a login" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert _holding(root, SECRET) == [f"data/{file}"]


@pytest.mark.slow
@unmeasured()
def test_a_login_in_a_quote_is_redacted_and_published_nowhere(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    _edit(root / "data" / "feedback.csv", '"Can I book by fax?"', f'"Can I book at https://bo:{SECRET}@book.example.org/ ?"')
    result = _build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[link removed]" in "".join(p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html"))
    assert _holding(root, SECRET) == ["data/feedback.csv"]
