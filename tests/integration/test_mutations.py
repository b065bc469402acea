"""Files a hostile or careless editor writes, generated: the minimal project's data mutated at
random (bytes, characters, lines, structure) and checked through the real command line.

Whatever the mutation, `glasshouse validate` exits 0 or 1, never 2; prints no traceback and no
"Internal error"; on failure names a file of the project at the start of every problem; and
prints no control character but the line break, so nothing in the data can add a line to a CI
log, start a workflow command or move the terminal's cursor.

The run is bounded and the same every time (derandomised, no example database): a few hundred
examples in `make test`. GLASSHOUSE_HYPOTHESIS_EXAMPLES=5000 runs more, with the same checks.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sized
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from tests.support.projects import FIXTURES

DATA = FIXTURES / "minimal" / "data"
FILES = sorted(p.name for p in DATA.iterdir())
EXAMPLES = int(os.environ.get("GLASSHOUSE_HYPOTHESIS_EXAMPLES", "0")) or None

# What editors, spreadsheets and attackers put into files: control characters, tags, numbers and
# dates YAML reads as something else, quotes, colons, indentation, byte order marks, invalid UTF-8,
# workflow commands and terminal escape sequences.
HOSTILE = [
    "\x00", "\x07", "\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\x85", "\x7f", "\u202e", "\u2028", "\ufeff", "\ufffe", "\r", "\r\n",
    "\t", "\n", "\n::error::forged\n", "%0A::warning::x", "##[error]x", "!!binary aGk=", "!!python/object:os.system",
    "!!python/name:os.system", "!custom ", "!!timestamp ", "!!int ", "!!float ", "!!bool ", "!!set ", "!!omap ", "!<tag:x> ",
    "9" * 5000, "-" + "9" * 30, "1.0e+400", ".nan", ".inf", "0x1F", "0o17", "1_000", "12:30:45", "2026-03-31T10:00:00",
    "2026-03-31 10:00", "2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", '"\\ud83d"', '"\\U00110000"', '"\\e[2J"',
    "~", "null", "true", "yes", "'", '"', "\\", "\\x", ": ", " :", "::", "- ",
    "? ", "[", "]", "{", "}", "&a ", "*a", "<<: ", "---\n", "...\n", "%YAML 1.1\n", "#", "|", ">", "@", "`", ",", '","',
    '"\n', "\u00e9", "\u4e2d\u6587", "\U0001f600", "x" * 200,
]  # fmt: skip
INVALID_UTF8 = [b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00\x00"]


def _at(data: Sized, fraction: float) -> int:
    return int(fraction * len(data))


@dataclass(frozen=True)
class Bytes:
    """Bytes flipped, inserted or deleted: what a broken transfer or a binary editor leaves."""

    kind: str
    where: float
    chunk: bytes = b""
    length: int = 0

    def __call__(self, d: bytes) -> bytes:
        at = _at(d, self.where)
        if self.kind == "flip":
            return d[:at] + self.chunk + d[at + 1 :]
        if self.kind == "insert":
            return d[:at] + self.chunk + d[at:]
        return d[:at] + d[at + self.length :]


@dataclass(frozen=True)
class Text:
    """A hostile string at a place in the text, or in place of the value of a field or a cell."""

    text: str
    where: float
    replace_value: bool

    def __call__(self, d: bytes) -> bytes:
        s = d.decode("utf-8")
        marks = [m.end() for m in re.finditer(r": |,", s)] if self.replace_value else []
        if marks:
            start = marks[min(_at(marks, self.where), len(marks) - 1)]
            end = min((i for i in (s.find("\n", start), s.find(",", start)) if i >= 0), default=len(s))
            return (s[:start] + self.text + s[end:]).encode("utf-8", "surrogatepass")
        at = _at(s, self.where)
        return (s[:at] + self.text + s[at:]).encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class Lines:
    """Lines duplicated, deleted, swapped or re-indented; a value made a list, a list a value, a value a block."""

    kind: str
    where: float
    other: float

    def __call__(self, d: bytes) -> bytes:
        lines = d.decode("utf-8").split("\n")
        i, j = int(self.where * (len(lines) - 1)), int(self.other * (len(lines) - 1))
        line, kind = lines[i], self.kind
        if kind == "duplicate":
            lines.insert(i, line)
        elif kind == "delete":
            del lines[i]
        elif kind == "swap":
            lines[i], lines[j] = lines[j], line
        elif kind == "indent":
            lines[i] = "  " + line
        elif kind == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line.lstrip()
        elif kind == "tab":
            lines[i] = "\t" + line.lstrip()
        elif kind == "to_list":
            lines[i] = re.sub(r": (.+)$", r": [\1, \1]", line)
        elif kind == "to_scalar":
            lines[i] = re.sub(r": \[(.*)\]$", r": \1", line)
        else:
            lines[i] = re.sub(r": (.+)$", r":\n    nested: \1", line)
        return "\n".join(lines).encode("utf-8")


Mutation = Bytes | Text | Lines
WHERE = st.floats(0, 1)
BYTES = st.one_of(
    st.builds(Bytes, st.just("flip"), WHERE, st.binary(min_size=1, max_size=1)),
    st.builds(Bytes, st.just("insert"), WHERE, st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(INVALID_UTF8))),
    st.builds(Bytes, st.just("delete"), WHERE, length=st.integers(1, 200)),
)
# Hostile strings three times as often as random ones, and mostly in place of a value, where
# YAML and the checks make the most of them.
TEXT = st.builds(
    Text,
    st.one_of(st.sampled_from(HOSTILE), st.sampled_from(HOSTILE), st.sampled_from(HOSTILE), st.text(min_size=1, max_size=12)),
    WHERE,
    st.sampled_from([True, True, False]),
)
LINES = st.builds(
    Lines, st.sampled_from(["duplicate", "delete", "swap", "indent", "dedent", "tab", "to_list", "to_scalar", "to_mapping"]), WHERE, WHERE
)


MUTATIONS = st.lists(st.one_of(BYTES, TEXT, TEXT, LINES), min_size=1, max_size=3)


def mutated(root: Path, name: str, mutations: list[Mutation]) -> None:
    """The minimal project's data in `root`/data, with `name` mutated; a mutation that needs text
    and meets bytes that are not UTF-8 any more leaves the file as it is."""
    shutil.copytree(DATA, root / "data")
    path = root / "data" / name
    data = path.read_bytes()
    for mutate in mutations:
        try:
            data = mutate(data)
        except UnicodeDecodeError:
            continue
    path.write_bytes(data)


_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_PROBLEM = re.compile(r"^data/[a-z]+\.(yaml|csv)(:\d+(:\d+)?)?: ")


def check_output(code: int, out: str, err: str) -> None:
    """What every run must hold, whatever the data: exit 0 or 1, no traceback, a file named at the
    start of every problem, nothing a terminal or a CI log would act on."""
    text = out + err
    assert code in (0, 1), text
    assert "Traceback" not in text and "Internal error" not in text, text
    assert not _UNSAFE.search(text), ascii(text)
    for line in text.splitlines():
        assert not line.lstrip().startswith(("::", "##[")) or line.startswith(("::error file=data/", "::warning file=data/")), line
    if code == 1:
        lines = err.splitlines()
        assert lines[-1].startswith("Aborted: ") or lines[-1].startswith("Nothing was built"), err
        for line in lines:
            if re.fullmatch(r"    \d+ more problems? may follow from this one:", line):
                continue
            follower = line.removeprefix("        ")  # a problem listed under the one it follows from
            if not line.startswith(("    hint: ", "Aborted: ", "Nothing was built")):
                assert _PROBLEM.match(follower), line


@contextlib.contextmanager
def project_dir() -> Iterator[Path]:
    """A fresh working directory for one example (pytest's tmp_path is one for all of them)."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(before)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"GITHUB_ACTIONS": "true", "NO_COLOR": "1"}, color=False)
    return result.exit_code, result.stdout, result.stderr


@settings(max_examples=EXAMPLES or 400, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), mutations=MUTATIONS)
def test_validate_any_mutation(name: str, mutations: list[Mutation]) -> None:
    with project_dir() as root:
        mutated(root, name, mutations)
        code, out, err = run("validate")
        event(f"exit {code}")
        check_output(code, out, err)


@pytest.mark.slow
@settings(max_examples=(EXAMPLES and EXAMPLES // 20) or 16, deadline=None, derandomize=True, database=None)
@given(name=st.sampled_from(FILES), mutations=MUTATIONS)
@pytest.mark.no_cover
def test_build_any_mutation(name: str, mutations: list[Mutation]) -> None:
    """A subset built in full: the build says what validate says, or builds the site."""
    from tests.support.projects import copy_project

    with project_dir() as tmp:
        root = copy_project(tmp / "project", DATA)
        shutil.rmtree(root / "data")
        mutated(root, name, mutations)
        os.chdir(root)
        code, out, err = run("build")
        check_output(code, out, err)
        assert (root / "site").is_dir() == (code == 0)
