"""The command line: exit codes, messages, annotations, and no traceback for bad data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok(minimal: Path) -> None:
    code, out, _ = _run("validate")
    assert code == 0
    assert out == "data/ is valid: 2 segments, 3 contacts, 3 milestones, 3 risks, 5 feedback, 3 sprints, 2 changes.\n"


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


def test_help_lists_every_command() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    for command in ("validate", "build", "serve", "render", "new"):
        assert f"  {command} " in out


def test_render_writes_markdown_and_assets(minimal: Path, tmp_path: Path) -> None:
    code, out, _ = _run("render", "--out", str(tmp_path / "md"))
    assert code == 0, out
    index = (tmp_path / "md" / "index.md").read_text()
    assert index.startswith('---\ndescription: "Minimal Project: Green: On track. On track for the pilot"\nhide:')
    assert (tmp_path / "md" / "assets" / "glasshouse" / "glasshouse.js").exists()
    assert (tmp_path / "md" / "sprints" / "sprint-01.md").exists()
    assert (tmp_path / "md" / "assets" / "glasshouse" / "charts.js").exists()
    assert (tmp_path / "md" / "downloads" / "risks.csv").read_bytes().startswith(b"\xef\xbb\xbfid,title,")
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
