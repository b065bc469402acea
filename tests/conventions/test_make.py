"""What `make site` and `make test` install, read from make's own dry run in a fresh copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.projects import ROOT


def _dry_run(directory: Path, target: str) -> list[str]:
    """The commands `make TARGET` would run in `directory`, as make prints them."""
    result = subprocess.run(["make", "--dry-run", target], cwd=directory, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def _fresh(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _installs(commands: list[str]) -> list[str]:
    return [c.split(" -m pip install ", 1)[1] for c in commands if " -m pip install " in c]


def test_make_site_installs_only_glasshouse_quietly(tmp_path: Path) -> None:
    commands = _dry_run(_fresh(tmp_path), "site")
    installs = [c for c in commands if " -m pip install " in c]
    assert _installs(commands) == ["--quiet --quiet --upgrade pip", "--quiet --quiet --constraint constraints.txt -e ."]
    for command in installs:  # errors only: neither pip's notices nor the build backend's warnings
        assert command.startswith("PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONWARNINGS=ignore "), command
    assert not [c for c in commands if "[test]" in c]


def test_make_test_after_make_site_adds_the_test_tools(tmp_path: Path) -> None:
    project = _fresh(tmp_path)
    stamp = project / ".venv" / ".site-stamp"
    stamp.parent.mkdir()
    stamp.touch()
    later = (project / "pyproject.toml").stat().st_mtime + 10
    os.utime(stamp, (later, later))
    assert _installs(_dry_run(project, "test")) == [
        "--quiet --quiet --constraint constraints.txt -e '.[test]'",
        # the other builders, each in a virtual environment of its own (tests/integration/test_builders.py)
        "--quiet --quiet zensical==0.0.73",
        "--quiet --quiet properdocs==1.6.7 mkdocs-material==9.8.2",
    ]
    assert _installs(_dry_run(project, "site")) == []


def test_the_constraints_pin_every_dependency_and_test_tool_and_make_lock_refreshes_them() -> None:
    """The versions `make` installs are the ones recorded, and the record covers what pyproject.toml asks for."""
    lines = [line for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    pinned = {canonicalize_name(line.split("==")[0]): line.split("==")[1] for line in lines}
    assert all("==" in line for line in lines), lines
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]]
    assert [str(r) for r in wanted if canonicalize_name(r.name) not in pinned] == []
    assert [str(r) for r in wanted if not r.specifier.contains(pinned[canonicalize_name(r.name)], prereleases=True)] == []
    assert "glasshouse" not in pinned  # no editable install of this checkout
    lock = _dry_run(ROOT, "lock")
    assert any("pip freeze" in c and "constraints" in c for c in lock), lock
