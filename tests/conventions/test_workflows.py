"""The GitHub Actions workflows: pinned, least privilege, never cancelling or forcing a deploy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import cli
from tests.support.projects import ROOT, action_metadata

WORKFLOWS = ROOT / ".github" / "workflows"
DEPLOYING = ("publish.yml", "snapshot.yml")


def _load(name: str) -> dict[str, Any]:
    data = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # `on` stays a string
    assert isinstance(data, dict)
    return data


def _names() -> list[str]:
    return sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def test_the_workflows_pass_actionlint() -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "actionlint")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_expected_workflows_exist() -> None:
    assert {"test.yml", "pull-request.yml", "publish.yml", "snapshot.yml"} <= set(_names())


@pytest.mark.parametrize("name", _names())
def test_actions_are_pinned_to_a_commit_with_its_version(name: str) -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", (WORKFLOWS / name).read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        if action == "./":  # action.yml, from the same checkout
            continue
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), (action, comment)


@pytest.mark.parametrize("name", ["publish.yml", "pull-request.yml", "snapshot.yml"])
def test_glasshouse_is_installed_and_the_data_validated_by_the_action_alone(name: str) -> None:
    """As in a status repository: one step installs Glasshouse (action.yml, from this checkout) and
    validates the data; it publishes too in publish.yml, and only there."""
    steps = _load(name)["jobs"][next(iter(_load(name)["jobs"]))]["steps"]
    used = [s for s in steps if s.get("uses") == "./"]
    assert len(used) == 1, name
    assert used[0].get("with", {}).get("publish", "true") == ("true" if name == "publish.yml" else "false")
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert "setup-python" not in text and "pip install" not in text and "make " not in text and ".venv" not in text
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "glasshouse validate" not in runs and "glasshouse publish" not in runs  # the action's


@pytest.mark.parametrize("name", _names())
def test_least_privilege_and_no_data_in_scripts(name: str) -> None:
    wf = _load(name)
    assert wf["permissions"] == {"contents": "read"}
    for job_name, job in wf["jobs"].items():
        wants = job.get("permissions", {})
        assert wants in ({}, {"contents": "write"}), job_name
        assert not wants or name in DEPLOYING, f"{name}: {job_name} may not write"
        for step in job["steps"]:
            # Values from events and inputs reach scripts through env:, never pasted into the script.
            assert "${{" not in step.get("run", ""), (name, step)


@pytest.mark.parametrize("name", DEPLOYING)
def test_deploys_are_never_cancelled_or_forced(name: str) -> None:
    wf = _load(name)
    assert wf["concurrency"]["cancel-in-progress"] == "false"
    assert wf["defaults"]["run"]["shell"] == "bash"
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert not re.search(r"push\s+(-f|--force)|\+gh-pages|--force-with-lease", text)


def test_no_workflow_purges() -> None:
    """`glasshouse purge`, the one command that force-pushes, is run by hand: a workflow's inputs and logs are read by many."""
    for path in WORKFLOWS.glob("*.y*ml"):
        assert "purge" not in path.read_text(encoding="utf-8"), path.name


def test_publish_runs_on_main_and_snapshot_by_hand() -> None:
    publish, snapshot = _load("publish.yml"), _load("snapshot.yml")
    assert publish["on"] == {"push": {"branches": ["main"]}}
    assert publish["concurrency"]["group"] == "gh-pages-publish"
    assert "workflow_dispatch" in snapshot["on"]
    assert set(snapshot["on"]["workflow_dispatch"]["inputs"]) == {"sprint", "ref", "force", "reason"}
    # Its own group per sprint: a pending snapshot run is never replaced by a newer publish run.
    assert snapshot["concurrency"]["group"] == "gh-pages-snapshot-${{ inputs.sprint }}"


def test_workflows_call_commands_that_exist() -> None:
    commands = set(cli.commands)  # type: ignore[attr-defined]
    for name in _names():
        runs = "\n".join(s.get("run", "") for job in _load(name)["jobs"].values() for s in job["steps"])
        for command in re.findall(r"(?<![\w/.-])glasshouse (\w+)", runs):
            assert command in commands, (name, command)
    for step in action_metadata()["runs"]["steps"]:
        for command in re.findall(r"(?<![\w/.-])glasshouse (\w+)", step.get("run", "")):
            assert command in commands, ("action.yml", command)


def test_pull_requests_upload_the_site_and_summarise_the_data_diff() -> None:
    steps = _load("pull-request.yml")["jobs"]["site"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    installs = next(n for n, s in enumerate(steps) if s.get("uses") == "./")
    assert installs < next(n for n, s in enumerate(steps) if "glasshouse build" in s.get("run", ""))
    assert 'glasshouse diff "$BASE_SHA" . --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") and s["with"]["path"] == "site/" for s in steps)


def test_the_action_installs_the_tested_glasshouse_validates_and_publishes() -> None:
    """action.yml: a composite action a status repository's workflow uses in one step."""
    action = action_metadata()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"glasshouse-version", "python-version", "publish"}
    steps = action["runs"]["steps"]
    assert [s.get("name") for s in steps[1:]] == ["Install Glasshouse", "Validate the data", "Publish the current sprint"]
    assert '--constraint "$ACTION_PATH/constraints.txt"' in steps[1]["run"]  # the versions it was tested with
    assert steps[2]["run"] == "glasshouse validate" and steps[3]["run"].startswith("glasshouse publish")
    for step in steps:
        assert "${{" not in step.get("run", ""), step  # inputs reach the scripts through env:
        assert "uses" in step or step["shell"] == "bash"
    for used, comment in re.findall(r"uses:\s*(\S+)(.*)", (ROOT / "action.yml").read_text(encoding="utf-8").split("runs:")[1]):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", used) and re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), used


def test_actionlint_accepts_a_workflow_using_the_action(tmp_path: Path) -> None:
    """actionlint reads a local action's metadata: a workflow that uses it with its inputs passes, and
    one with an input it does not have fails (so the check is real)."""
    project = tmp_path / "status"
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / "action.yml").write_bytes((ROOT / "action.yml").read_bytes())
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)  # actionlint finds the project by its .git

    def lint(inputs: str) -> subprocess.CompletedProcess[str]:
        (project / ".github" / "workflows" / "publish.yml").write_text(
            "name: publish\non: push\npermissions:\n  contents: write\njobs:\n  publish:\n    runs-on: ubuntu-24.04\n    steps:\n"
            f"      - uses: ./\n        with:\n{inputs}",
            encoding="utf-8",
        )
        return subprocess.run([str(Path(sys.executable).parent / "actionlint")], cwd=project, capture_output=True, text=True)

    good = lint('          python-version: "3.12"\n          publish: "false"\n')
    assert good.returncode == 0, good.stdout + good.stderr
    bad = lint('          glasshouse: "0.1.0"\n')
    assert bad.returncode == 1 and 'input "glasshouse" is not defined' in bad.stdout, bad.stdout + bad.stderr


def test_updates_are_sent_from_the_publish_workflow_only_and_previewed_in_pull_requests() -> None:
    sends = [name for name in _names() if "notify --send" in (WORKFLOWS / name).read_text(encoding="utf-8")]
    assert sends == ["publish.yml"]
    steps = _load("publish.yml")["jobs"]["publish"]["steps"]
    send = next(s for s in steps if "notify --send" in s.get("run", ""))
    assert steps.index(send) == len(steps) - 1  # after the publish: a failed send never stops it
    # The list, the password and the webhooks' addresses come from secrets, never from the repository.
    for name in ("GLASSHOUSE_MAIL_RECIPIENTS", "GLASSHOUSE_SMTP_PASSWORD", "GLASSHOUSE_WEBHOOKS", "GLASSHOUSE_MAIL_SECRET"):
        assert send["env"][name] == f"${{{{ secrets.{name} }}}}"
    preview = "\n".join(s.get("run", "") for s in _load("pull-request.yml")["jobs"]["site"]["steps"])
    assert "glasshouse notify --out mail-preview" in preview
    assert "secrets." not in (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
