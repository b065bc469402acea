"""Every error Glasshouse reports to a user, and the one place their wording is shaped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# What must never reach a terminal or a CI log as it is: control characters (C0, DEL, C1: a line
# break, an escape sequence, a CSI), line and paragraph separators, bidirectional overrides and
# lone surrogates (which cannot even be encoded). Each is shown escaped, as Python writes it.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
# A line starting with one of these is a command to the GitHub Actions runner, whatever precedes it in spaces.
_COMMANDS = ("::", "##[")


def printable(text: str) -> str:
    """`text` on one line with nothing a terminal or a CI log would act on: every unsafe character
    escaped (a newline as \\n, an escape as \\x1b), so that data cannot add a line, start a
    workflow command or move the cursor."""
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(m: re.Match[str]) -> str:
    return repr(m.group())[1:-1]


def printable_lines(text: str) -> str:
    """Text of several lines of our own (a message with git's or MkDocs's words in it), each line
    made printable and none able to start a workflow command."""
    return "\n".join(_not_a_command(printable(line)) for line in text.split("\n"))


def _not_a_command(line: str) -> str:
    return "\\" + line if line.lstrip().startswith(_COMMANDS) else line


def quoted(value: object, limit: int = 40) -> str:
    """A value from the data as a message shows it: text in quotes, cut to `limit` characters,
    every unsafe character escaped; other values as written."""
    if not isinstance(value, str):
        return printable(str(value))
    text = value if len(value) <= limit else value[: limit - 3] + "..."
    return repr(text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, with where it is and how to fix it. A warning is worth a
    look before publishing (a stale date, say) but stops nothing."""

    file: str
    line: int | None
    message: str
    hint: str = ""
    record: str = ""
    field: str = ""
    column: int | None = None
    severity: Severity = "error"
    # The problem this one probably follows from (a repeated id, say, for references to the id it
    # replaced): the report lists it under that one, since fixing that one fixes this.
    caused_by: Problem | None = None

    @property
    def where(self) -> str:
        place = printable(self.file)
        if place.startswith(_COMMANDS):
            place = "./" + place  # the same path, and not a workflow command at the start of a line
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    @property
    def line_text(self) -> str:
        """The problem on one line, without its hint. Every part is made printable here, whatever its
        source, so no value can add a line of its own."""
        subject = ", ".join(p for p in (self.record, f"field {quoted(self.field, 80)}" if self.field else "") if p)
        mark = "warning: " if self.severity == "warning" else ""
        return f"{self.where}: {mark}{printable(subject) + ': ' if subject else ''}{printable(self.message)}"

    def __str__(self) -> str:
        """The problem as the terminal and the CI log show it: one line, and a hint below it."""
        return f"{self.line_text}\n    hint: {printable(self.hint)}" if self.hint else self.line_text

    def annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown inline on a pull request."""
        props = f"file={_escape_property(printable(self.file))}"
        if self.line is not None:
            props += f",line={self.line}"
            if self.column is not None:
                props += f",col={self.column}"
        title = self.record or "glasshouse"
        props += f",title={_escape_property(printable(title))}"
        body = f"{'field ' + quoted(self.field, 80) + ': ' if self.field else ''}{self.message}"
        if self.hint:
            body += f" (hint: {self.hint})"
        return f"::{self.severity} {props}::{_escape_data(printable(body))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GlasshouseError(Exception):
    """An error the user can act on; the CLI prints it without a traceback."""


class DataError(GlasshouseError):
    """The project data has problems; each one says where it is and how to fix it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        # The count is of the errors, which stopped it; warnings listed with them are counted apart.
        errors = [p for p in problems if p.severity == "error"] or problems
        files = {p.file for p in errors}
        noun = "problem" if len(errors) == 1 else "problems"
        fnoun = "file" if len(files) == 1 else "files"
        warned = len(problems) - len(errors)
        besides = f", and {warned} {'warning' if warned == 1 else 'warnings'}" if warned else ""
        super().__init__(f"Aborted: {len(errors)} {noun} in {len(files)} {fnoun}{besides}")

    def listing(self) -> list[str]:
        """Every problem, causes first: each problem others follow from, with those listed under it
        on one line each, then the rest in file and line order."""
        present = set(self.problems)
        followers: dict[Problem, list[Problem]] = {}
        for p in self.problems:
            if p.caused_by in present:
                followers.setdefault(p.caused_by, []).append(p)
        lines = []
        for p in sorted(self.problems, key=lambda p: p not in followers):
            if p.caused_by in followers:
                continue  # listed under its cause
            lines.append(str(p))
            after = followers.get(p, [])
            if after:
                noun = "problem" if len(after) == 1 else "problems"
                lines.append(f"    {len(after)} more {noun} may follow from this one:")
                lines.extend(f"        {f.line_text}" for f in after)
        return lines

    def report(self) -> str:
        return "\n".join([*self.listing(), str(self)])


class BuildError(GlasshouseError):
    """The site could not be built or published; nothing was half-written."""


class PublishError(GlasshouseError):
    """Publishing was refused or failed; nothing was pushed."""


class GitError(GlasshouseError):
    """A git command failed; the message says which and what git said."""


class GitMissing(GitError):
    """git is not installed: nothing that reads the repository can stand aside for it."""
