"""A SOURCE_DATE_EPOCH set but blank is unset, for Glasshouse and for the MkDocs build it runs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.clock import blank_epoch_unset
from tests.support.artefacts import unmeasured
from tests.support.projects import GLASSHOUSE


@pytest.mark.parametrize("value", ["", "  ", "\n"])
def test_a_blank_value_is_out_of_the_environment_while_the_block_runs(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with blank_epoch_unset():
        assert "SOURCE_DATE_EPOCH" not in os.environ
    assert os.environ["SOURCE_DATE_EPOCH"] == value


def test_a_set_value_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775044800")
    with blank_epoch_unset():
        assert os.environ["SOURCE_DATE_EPOCH"] == "1775044800"


@pytest.mark.slow
@pytest.mark.parametrize("value", ["", " "])
@unmeasured()
def test_glasshouse_build_with_a_blank_source_date_epoch_builds_the_site(project: Callable[[str], Path], value: str) -> None:
    root = project("minimal")
    env = {**os.environ, "SOURCE_DATE_EPOCH": value}
    result = subprocess.run([str(GLASSHOUSE), "build"], cwd=root, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built " in (root / "site" / "index.html").read_text(encoding="utf-8")
