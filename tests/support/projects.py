"""The projects tests build: fixture data with the repository's mkdocs.yml, theme and pages, built
with the real `glasshouse build`."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE_DATA = ROOT / "data"
SCREENSHOTS = ROOT / "tests" / "screenshots"  # what the browser tests saw, for a person to look at
# Screenshots are taken when asked (`make screenshots`): a person looks at them, no test reads them,
# and taking one of every page checked costs a fifth of the browser tests' time.
SCREENSHOTS_WANTED = os.environ.get("GLASSHOUSE_SCREENSHOTS", "") not in ("", "0")
GLASSHOUSE = Path(sys.executable).parent / "glasshouse"
EPOCH = "1795435200"  # SOURCE_DATE_EPOCH of the sites the tests build: 2026-11-23 12:00 UTC, after the status date


def copy_project(dest: Path, data: Path) -> Path:
    """A complete site project in `dest`: the repository's mkdocs.yml, theme and pages, with `data`.
    A fixture with hand-written pages of its own (a content/ beside its data/) brings them instead."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", dest / "theme")
    own = data.parent / "content"
    shutil.copytree(own if own.is_dir() else ROOT / "content", dest / "content")
    shutil.copytree(data, dest / "data")
    return dest


def build_site(project: Path, *args: str, site_url: str | None = None) -> Path:
    """Build `project` with the real `glasshouse build` in a process of its own, at EPOCH, and return
    its site directory. With `site_url`, the site is built for that address first (Material's
    instant navigation works only at the site's address)."""
    if site_url is not None:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", text), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run([str(GLASSHOUSE), "build", "-f", str(project / "mkdocs.yml"), *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Building prefix dict" not in result.stderr  # the word splitter's progress stays quiet
    return project / "site"


def cli_build(*args: str) -> tuple[int, str, str]:
    """`glasshouse build ARGS` in the working directory, in this process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def tree_digest(root: Path) -> str:
    """A digest of every path under `root`, directories included, and of every file's bytes."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        if p.is_file():
            content = p.read_bytes()
            h.update(f"{len(content)}\0".encode() + content)
    return h.hexdigest()


def action_metadata() -> dict[str, Any]:
    """action.yml, every value a string as GitHub reads it (`on`, "true" and "3.11" stay text)."""
    data = yaml.load((ROOT / "action.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


def builder_command(builder: str) -> Path | None:
    """ProperDocs' or Zensical's command, as `make builders` installs it, or None."""
    command = ROOT / f".venv-{builder}" / "bin" / builder
    return command if command.is_file() else None


def build_with(builder: str, directory: Path) -> Path:
    """The example built with `glasshouse build --builder BUILDER` in `directory`; its site."""
    command = builder_command(builder)
    assert command is not None
    project = copy_project(directory / "project", EXAMPLE_DATA)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PATH": f"{command.parent}{os.pathsep}{os.environ['PATH']}"}
    command_line = [str(GLASSHOUSE), "build", "--builder", builder, "-f", str(project / "mkdocs.yml")]
    done = subprocess.run(command_line, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"
