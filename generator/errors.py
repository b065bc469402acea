"""Every error Glasshouse reports to a user, and the one place their wording is shaped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, with where it is and how to fix it."""

    file: str
    line: int | None
    message: str
    hint: str = ""
    record: str = ""
    field: str = ""
    column: int | None = None
    # The problem this one probably follows from (a repeated id, say, for references to the id it
    # replaced): the report lists it under that one, since fixing that one fixes this.
    caused_by: Problem | None = None

    @property
    def where(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    @property
    def line_text(self) -> str:
        """The problem on one line, without its hint."""
        subject = ", ".join(p for p in (self.record, f"field '{self.field}'" if self.field else "") if p)
        return f"{self.where}: {subject + ': ' if subject else ''}{self.message}"

    def __str__(self) -> str:
        return f"{self.line_text}\n    hint: {self.hint}" if self.hint else self.line_text

    def annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown inline on a pull request."""
        props = f"file={_escape_property(self.file)}"
        if self.line is not None:
            props += f",line={self.line}"
            if self.column is not None:
                props += f",col={self.column}"
        title = self.record or "glasshouse"
        props += f",title={_escape_property(title)}"
        body = f"{'field ' + repr(self.field) + ': ' if self.field else ''}{self.message}"
        if self.hint:
            body += f" (hint: {self.hint})"
        return f"::error {props}::{_escape_data(body)}"


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
        files = {p.file for p in problems}
        noun = "problem" if len(problems) == 1 else "problems"
        fnoun = "file" if len(files) == 1 else "files"
        super().__init__(f"Aborted: {len(problems)} {noun} in {len(files)} {fnoun}")

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
