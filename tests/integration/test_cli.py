"""The command line: exit codes, messages, annotations, and no traceback for bad data."""

from __future__ import annotations

import importlib
import inspect
import re
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.support.projects import EXAMPLE_DATA


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok(minimal: Path) -> None:
    code, out, _ = _run("validate")
    assert code == 0
    assert out == "data/ is valid: 2 segments, 3 contacts, 3 milestones, 3 risks, 5 pieces of feedback, 3 sprints, 2 change requests.\n"


def test_validate_reports_and_fails(minimal: Path) -> None:
    path = minimal / "risks.yaml"
    path.write_text(path.read_text().replace("impact: 5", "impact: 6"))
    code, out, err = _run("validate")
    assert code == 1
    assert err == (
        "data/risks.yaml:16: risk R-002, field 'impact': 6 is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    )
    assert out == ""


def test_github_annotations(minimal: Path) -> None:
    path = minimal / "risks.yaml"
    path.write_text(path.read_text().replace("impact: 5", "impact: 6"))
    code, out, _ = _run("validate", env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert out == (
        "::error file=data/risks.yaml,line=16,title=risk R-002::"
        "field 'impact': 6 is above the maximum 5 (hint: use a whole number from 1 to 5)\n"
    )


def test_validate_lists_what_follows_under_its_cause(minimal: Path) -> None:
    """On the terminal as in the report; under GitHub Actions every problem is still an annotation on its own line."""
    path = minimal / "milestones.yaml"
    path.write_text(path.read_text().replace("- id: M-03", "- id: M-02"))
    code, out, err = _run("validate", env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert err == (
        "data/milestones.yaml:18: milestone M-02, field 'id': the same id is already used on line 9\n"
        "    hint: give each record its own id\n"
        "    2 more problems may follow from this one:\n"
        "        data/changes.yaml:9: change request CR-01, field 'milestones': no milestone has the id 'M-03'\n"
        "        data/milestones.yaml:24: milestone M-02, field 'dependencies': 'M-02' refers to the record itself\n"
        "Aborted: 3 problems in 2 files\n"
    )
    assert [line.split("::")[1] for line in out.splitlines()] == [
        "error file=data/changes.yaml,line=9,title=change request CR-01",
        "error file=data/milestones.yaml,line=18,title=milestone M-02",
        "error file=data/milestones.yaml,line=24,title=milestone M-02",
    ]


@pytest.mark.parametrize("content", [b"\x00\x01\x02", b"- [", b"\t- id: x", b"{a: *b}", b"\xff\xfe\x00"])
def test_no_traceback_for_any_bad_file(minimal: Path, content: bytes) -> None:
    for name in ("project.yaml", "milestones.yaml", "feedback.csv"):
        original = (minimal / name).read_bytes()
        (minimal / name).write_bytes(content)
        code, out, err = _run("validate")
        assert code == 1, name
        assert "Traceback" not in out + err and "Error" not in err.split("\n")[0]
        assert err.startswith(f"data/{name}"), err
        (minimal / name).write_bytes(original)


COMMANDS = sorted(cli.commands)  # type: ignore[attr-defined]

# The test that runs each command and checks what it did. A new command needs one here.
BEHAVIOUR = {
    "build": "integration/test_audience.py::test_internal_build_is_marked_on_every_page_and_kept_apart",
    "diff": "integration/test_publish.py::test_diff_between_snapshots_and_commits",
    "new": "integration/test_cli.py::test_new_creates_a_valid_project",
    "export": "integration/test_standard_tools.py::test_frictionless_validates_the_exported_package_whole",
    "feedback": "unit/data/test_imports.py::test_a_microsoft_forms_export_through_the_command",
    "purge": "integration/test_purge.py::test_without_confirmation_nothing_changes",
    "notify": "integration/test_notify.py::test_notify_previews_then_sends_once_and_records_no_address",
    "publish": "integration/test_publish.py::test_no_identity_or_no_remote_is_a_clear_error",
    "render": "integration/test_cli.py::test_render_writes_markdown_and_assets",
    "schemas": "integration/test_cli.py::test_schemas_writes_the_data_format",
    "serve": "integration/test_build.py::test_serve_reloads_when_data_changes",
    "snapshot": "integration/test_publish.py::test_correcting_a_closed_snapshot_needs_and_shows_a_reason",
    "snapshots": "integration/test_publish.py::test_snapshots_lists_them",
    "validate": "integration/test_cli.py::test_validate_reports_and_fails",
}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="glasshouse")
    assert result.exit_code == 0 and f"\n  {command} " in result.stdout
    result = CliRunner().invoke(cli, [command, "--help"], prog_name="glasshouse")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: glasshouse {command} [OPTIONS]")
    summary = " ".join((cli.commands[command].help or "").split("\n\n")[0].split())  # type: ignore[attr-defined]
    assert summary and f" {summary} " in " ".join(result.stdout.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_test_that_runs_it(command: str) -> None:
    assert command in BEHAVIOUR, f"add a test that runs `glasshouse {command}` and name it in BEHAVIOUR"
    module, name = BEHAVIOUR[command].split("::")
    found = importlib.import_module("tests." + module.removesuffix(".py").replace("/", "."))
    source = inspect.getsource(getattr(found, name))
    # The test runs the command itself, or through a helper of its module that it calls by name.
    helpers = [
        f for n, f in vars(found).items() if inspect.isfunction(f) and f.__module__ == found.__name__ and re.search(rf"\b{n}\(", source)
    ]
    sources = [source, *(inspect.getsource(f) for f in helpers)]
    assert any(re.search(rf"[\[(,] *\"{command}\"[,)\]]", s) for s in sources), f"{BEHAVIOUR[command]} does not run `{command}`"


def test_every_test_named_is_for_a_command() -> None:
    assert sorted(BEHAVIOUR) == COMMANDS


def test_render_writes_markdown_and_assets(minimal: Path, tmp_path: Path) -> None:
    code, out, _ = _run("render", "--out", str(tmp_path / "md"))
    assert code == 0, out
    index = (tmp_path / "md" / "docs" / "index.md").read_text()
    assert index.startswith('---\ndescription: "Minimal Project: Green: On track. On track for the pilot"\nhide:')
    assert (tmp_path / "md" / "docs" / "assets" / "glasshouse" / "glasshouse.js").exists()
    assert (tmp_path / "md" / "docs" / "sprints" / "sprint-01.md").exists()
    assert (tmp_path / "md" / "docs" / "assets" / "glasshouse" / "charts.js").exists()
    assert (tmp_path / "md" / "docs" / "downloads" / "risks.csv").read_bytes().startswith(b"\xef\xbb\xbfid,title,")
    assert "Sprint 3: Pilot polish" in (tmp_path / "md" / "nav.yml").read_text()


def test_new_creates_a_valid_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run("new", str(tmp_path / "status"))
    assert code == 0, out
    for part in ("mkdocs.yml", "data/project.yaml", "data/feedback.csv", "data/schemas/milestones.schema.json", "theme/main.html"):
        assert (tmp_path / "status" / part).exists(), part
    monkeypatch.chdir(tmp_path / "status")
    assert _run("validate")[0] == 0
    code, _, err = _run("new", str(tmp_path / "status"))
    assert code == 1 and "exists and is not empty" in err


def test_serve_on_a_port_in_use_says_so(project: Callable[[str], Path]) -> None:
    project("minimal")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = _run("serve", "-a", f"127.0.0.1:{port}")
    assert code == 1 and out == ""
    assert err == (
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use. Another program, or another `glasshouse serve`, "
        "may be using it; stop that one, or serve on another port: glasshouse serve -a 127.0.0.1:8001\n"
    )


def test_schemas_writes_the_data_format(minimal: Path) -> None:
    """Into a new directory, and over a copy that differs, which `validate` reports until then."""
    code, out, _ = _run("schemas", "--data", "fresh/data")
    assert code == 0
    written = [line.removeprefix("wrote fresh/data/") for line in out.splitlines()]
    assert out == "".join(f"wrote fresh/data/{name}\n" for name in written)
    format_files = ["datapackage.yaml", *(f"schemas/{p.name}" for p in (EXAMPLE_DATA / "schemas").iterdir())]
    assert sorted(written) == sorted(format_files)
    assert sorted(p.relative_to("fresh/data").as_posix() for p in Path("fresh/data").rglob("*") if p.is_file()) == sorted(written)
    for name in written:
        assert (Path("fresh/data") / name).read_bytes() == (EXAMPLE_DATA / name).read_bytes(), name
    (minimal / "datapackage.yaml").write_text((EXAMPLE_DATA / "datapackage.yaml").read_text().replace("maxLength: 80", "maxLength: 800"))
    code, _, err = _run("validate")
    assert code == 1
    assert err == (
        "data/datapackage.yaml: differs from the data format this version of Glasshouse reads, so its changes have no effect\n"
        "    hint: Glasshouse checks the data against its own copy; run `glasshouse schemas` to write that copy here again\n"
        "Aborted: 1 problem in 1 file\n"
    )
    assert _run("schemas")[0] == 0
    assert (minimal / "datapackage.yaml").read_bytes() == (EXAMPLE_DATA / "datapackage.yaml").read_bytes()
    assert _run("validate")[0] == 0
