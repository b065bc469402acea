"""Fixtures every test may use; the helpers they are made of are in tests/support/."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.projects import EXAMPLE_DATA, FIXTURES, copy_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Make a project from a fixture's data ("example" for the repository's own) and chdir into it."""

    def make(name: str = "minimal") -> Path:
        data = EXAMPLE_DATA if name == "example" else FIXTURES / name / "data"
        dest = copy_project(tmp_path / name, data)
        monkeypatch.chdir(dest)
        return dest

    return make


@pytest.fixture
def minimal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the minimal fixture's data directory, as `data/` in the working directory."""
    shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"
