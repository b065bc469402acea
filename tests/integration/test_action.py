"""action.yml, run as GitHub runs a composite action: each step's script in `bash -eo pipefail`, its
inputs and `github.action_path` filled in, its `if:` honoured, GITHUB_PATH and GITHUB_STEP_SUMMARY
as files. The action's directory is a copy of this checkout, as GitHub checks out the action's
repository at the pinned commit; the Python that setup-python would provide is the one running the
tests. Glasshouse is really installed from it with pip, without its dependencies (PIP_NO_DEPS),
which come from this environment (PYTHONPATH): from the package registry they take a minute.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.projects import ROOT, action_metadata
from tests.support.publishing import commit, env, git, new_project


@dataclass
class Runner:
    """A runner's temporary directory, which keeps what the install step put there from run to run."""

    action_path: Path
    temp: Path
    python_dir: Path

    def run(self, workspace: Path, inputs: dict[str, str] | None = None, install: bool = True) -> tuple[list[str], str, str]:
        """Run the action's steps in `workspace`: the names of the steps that ran, the last marked
        "(failed)" when one failed, their output, and the job summary."""
        action = action_metadata()
        values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | (inputs or {})
        assert set(values) == set(action["inputs"]), "an input the action does not have"

        def expand(text: str) -> str:
            text = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m[1]], text)
            return text.replace("${{ github.action_path }}", str(self.action_path))

        steps = action["runs"]["steps"]
        assert steps[0]["uses"].startswith("actions/setup-python@")  # GitHub's: here, the tests' Python
        github_path, summary = self.temp / "github_path", workspace.parent / "summary.md"
        summary.write_text("", encoding="utf-8")
        ran, output = [], []
        for step in steps[1:]:
            if not install and step["name"] == "Install Glasshouse":
                continue
            if (condition := step.get("if")) is not None:
                m = re.fullmatch(r"inputs\.([\w-]+) == '(\w*)'", condition)
                assert m, condition
                if values[m[1]] != m[2]:
                    continue
            added = github_path.read_text(encoding="utf-8").split() if github_path.exists() else []
            environ = {
                **env(),
                **{k: expand(v) for k, v in step.get("env", {}).items()},
                "PATH": os.pathsep.join([*added, str(self.python_dir), "/usr/bin", "/bin"]),
                "GITHUB_ACTIONS": "true",
                "GITHUB_PATH": str(github_path),
                "GITHUB_STEP_SUMMARY": str(summary),
                "RUNNER_TEMP": str(self.temp),
                "PIP_NO_DEPS": "1",
                "PYTHONPATH": sysconfig.get_path("purelib"),
                "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            }
            assert step["shell"] == "bash"
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"])],
                cwd=workspace, env=environ, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            ran.append(step["name"] + ("" if done.returncode == 0 else " (failed)"))
            output.append(done.stdout + done.stderr)
            if done.returncode != 0:
                break
        return ran, "\n".join(output), summary.read_text(encoding="utf-8")


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    """The action's repository at this commit (the files git knows of, as a checkout has them)."""
    checkout = tmp_path / "action"
    listed = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, checkout / name)
    python_dir = tmp_path / "python"
    python_dir.mkdir()
    (python_dir / "python").symlink_to(
        Path(getattr(sys, "_base_executable", sys.executable)).resolve()
    )  # what setup-python puts on the PATH
    (tmp_path / "runner").mkdir()
    return Runner(checkout, tmp_path / "runner", python_dir)


@pytest.mark.slow
def test_the_action_installs_the_pinned_glasshouse_validates_and_publishes(runner: Runner, tmp_path: Path) -> None:
    (tmp_path / "status").mkdir()
    published = new_project(tmp_path / "status")
    project, remote = published.project, published.remote
    milestones = project / "data" / "milestones.yaml"
    good = milestones.read_text(encoding="utf-8")
    commit(project, "Start")
    milestones.write_text(good.replace("status: planned", "status: Planned", 1), encoding="utf-8")
    commit(project, "A typo")

    # Bad data: the action stops at validating, says where (as an annotation on the pull request
    # too), and publishes nothing.
    ran, output, summary = runner.run(project)
    assert ran == ["Install Glasshouse", "Validate the data (failed)"], output
    assert "::error file=data/milestones.yaml,line=" in output and "'Planned' is not allowed" in output
    assert "gh-pages" not in git(remote, "branch", "--list")
    # The Glasshouse that ran is the one the action installed from its own checkout.
    installed = (runner.temp / "github_path").read_text(encoding="utf-8").split()
    assert installed == [str(runner.temp / "glasshouse" / "bin")]
    assert (runner.temp / "glasshouse" / "bin" / "glasshouse").is_file()

    # Fixed, with publish "false" (a pull request's check): validated, nothing published.
    milestones.write_text(good, encoding="utf-8")
    commit(project, "Fixed")
    ran, output, _ = runner.run(project, {"publish": "false"}, install=False)
    assert ran == ["Validate the data"], output
    assert "gh-pages" not in git(remote, "branch", "--list")

    # And by default it publishes: the site is on gh-pages, and the job summary says so.
    ran, output, summary = runner.run(project, install=False)
    assert ran == ["Validate the data", "Publish the current sprint"], output
    assert "index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert summary.strip() and summary.strip() in output
