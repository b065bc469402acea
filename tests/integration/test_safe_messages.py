"""Messages quote data safely: no value can add a line to the terminal or a GitHub Actions log,
start a workflow command (`::error ...`, `##[error]`), or move the terminal's cursor."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import Problem, printable, printable_lines
from tests.support.broken_cases import CASES
from tests.support.publishing import git
from tests.unit.data.test_validate import EXPECTED, _apply

# Everything a terminal or the Actions runner acts on, but the line break between our own lines.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = "a\nb\r\x1b[2J\x1b]0;t\x07\x9b1m\x85\u202e\u2028\ud800%::,;"


def test_every_part_of_a_problem_is_printable() -> None:
    p = Problem(f"data/{HOSTILE}.yaml", 3, f"m {HOSTILE}", f"h {HOSTILE}", f"risk {HOSTILE}", HOSTILE, 2)
    escaped = "a\\nb\\r\\x1b[2J\\x1b]0;t\\x07\\x9b1m\\x85\\u202e\\u2028\\ud800%::,;"
    assert str(p) == (
        f"data/{escaped}.yaml:3:2: risk {escaped}, field 'a\\nb\\r\\x1b[2J\\x1b]0;t\\x07\\x9b1m\\x85\\u202e\\u2028\\ud800%::,;': "
        f"m {escaped}\n    hint: h {escaped}"
    )


def test_an_annotation_is_one_workflow_command() -> None:
    p = Problem(f"data/{HOSTILE}.yaml", 3, f"100% {HOSTILE}", "h", f"risk {HOSTILE}", "title")
    line = p.annotation()
    assert "\n" not in line and not UNSAFE.search(line)
    props, body = line.removeprefix("::error ").split("::", 1)
    # Properties: % : , escaped (a ':' or ',' would end the property); the body: % escaped.
    assert props == (
        "file=data/a\\nb\\r\\x1b[2J\\x1b]0;t\\x07\\x9b1m\\x85\\u202e\\u2028\\ud800%25%3A%3A%2C;.yaml,line=3,"
        "title=risk a\\nb\\r\\x1b[2J\\x1b]0;t\\x07\\x9b1m\\x85\\u202e\\u2028\\ud800%25%3A%3A%2C;"
    )
    assert body == "field 'title': 100%25 a\\nb\\r\\x1b[2J\\x1b]0;t\\x07\\x9b1m\\x85\\u202e\\u2028\\ud800%25::,; (hint: h)"


@pytest.mark.parametrize("start", ["::error::x", "##[error]x", "::"])
def test_a_path_cannot_start_a_workflow_command(start: str) -> None:
    assert str(Problem(f"{start}/risks.yaml", 3, "m")) == f"./{start}/risks.yaml:3: m"


def test_lines_of_our_own_keep_their_breaks_but_start_no_command() -> None:
    text = "first\n::error::forged\n  ##[warning]x\nlast \x1b[2J\r"
    assert printable_lines(text) == "first\n\\::error::forged\n\\  ##[warning]x\nlast \\x1b[2J\\r"
    assert printable("tab\there") == "tab\\there"


HOSTILE_CASES = [c for c in CASES if c[0] in {
    "value_forging_a_command", "id_with_escape_sequence", "key_with_bidi_override", "csv_id_forging_a_command",
    "reference_forging_a_command", "csv_header_with_escape", "yaml_escaped_control_character", "csv_c1_control_character",
}]  # fmt: skip


@pytest.mark.parametrize(("name", "file", "old", "new"), HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_under_github_actions_each_problem_is_one_annotation(minimal: Path, name: str, file: str, old: str, new: str) -> None:
    _apply(minimal, name, file, old, new)
    result = CliRunner().invoke(cli, ["validate"], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stderr == EXPECTED[name]
    problems = EXPECTED[name].count("\n    hint: ")
    lines = result.stdout.splitlines()
    assert len(lines) == problems and all(line.startswith(f"::error file=data/{file},line=") for line in lines), result.stdout
    assert not UNSAFE.search(result.stdout + result.stderr)


def test_an_error_quoting_an_argument_is_printable(project: Callable[[str], Path]) -> None:
    """Other errors (git's, MkDocs's, ours) keep their own line breaks, so a break in what they quote
    stays one too; but no line can start a workflow command, and nothing can move the cursor."""
    git(project("minimal"), "init", "-q", "-b", "main")
    result = CliRunner().invoke(cli, ["diff", "x\n::error::forged\x1b[2J", "."])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'x\n\\::error::forged\\x1b[2J' is neither a published snapshot nor a git commit; see `glasshouse snapshots` or `git log`\n"
    )
