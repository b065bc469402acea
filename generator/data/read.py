"""Read the data files as written, keeping the line every value came from.

Nothing here judges a value: that is `validate`. Reading fails only when a file cannot be read at
all (not a regular file in the project, too large, not UTF-8, broken YAML), and then it says
where and how to fix it. Files are opened through `files.open_data`, which decides what may be read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode
from yaml.reader import Reader
from yaml.resolver import Resolver

from generator.data.files import CSV_CAP, YAML_CAP, Cap, ReadError, open_data, read_bytes
from generator.data.nodes import Unreadable, key_name, to_python, unreadable
from generator.errors import Problem, quoted

MAX_CSV_VALUE = 100_000
MAX_DEPTH = 20
_SNIFF = 8192


@dataclass
class Record:
    """One record as written: raw values, the line it starts on and the line of each field."""

    line: int | None
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int | None:
        return self.lines.get(name, self.line)


def _decode_problem(rel: str, data: bytes, exc: UnicodeDecodeError) -> Problem:
    line = data.count(b"\n", 0, exc.start) + 1
    col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return Problem(
        rel,
        line,
        f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} at column {col})",
        "save the file as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)",
    )


def read_text(path: Path, rel: str, cap: Cap = YAML_CAP, blank_ok: bool = False) -> str:
    """The file's text, or a ReadError saying why it cannot be read as UTF-8; with `blank_ok`, an
    empty file is empty text rather than a problem."""
    return decode(read_bytes(path, rel, cap, f"create {rel}; `glasshouse new` shows an example"), rel, blank_ok)


def decode(data: bytes, rel: str, blank_ok: bool = False) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(Problem(rel, None, "the file is UTF-16 text, not UTF-8", "save the file with the encoding UTF-8"))
    if b"\x00" in data[:_SNIFF]:
        raise ReadError(Problem(rel, None, "the file is binary, not text", f"replace {rel} with the text file it should be"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(_decode_problem(rel, data, exc)) from None
    if not text.strip() and not blank_ok:
        raise ReadError(Problem(rel, None, "the file is empty", "restore its content from git (git checkout -- FILE)"))
    return text


class _Checks:
    """YAML without surprises: no aliases, and no deeper nesting than MAX_DEPTH."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in Glasshouse data; write the value out in full",
                problem_mark=event.start_mark,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                problem=f"the data is nested more than {MAX_DEPTH} levels deep",
                problem_mark=self.peek_event().start_mark,  # type: ignore[attr-defined]
            )
        try:
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1


class _Loader(_Checks, yaml.SafeLoader):
    """The reference reader, in Python: its messages are the ones users see."""


# The same composition over libyaml's scanner and parser, several times faster on large files.
# It reads only files the Python reader would accept as they are: on any problem the file is
# read again by _Loader, whose messages (and their lines) are the ones users know.
_CParser: Any
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    _CParser = None
_CLoader: Any = None
if _CParser is not None:

    class _LibyamlLoader(_Checks, Composer, _CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _CLoader = _LibyamlLoader


# Dates are checked by the schema, so a date like 2026-02-30 gets a message and not a crash; and
# only true/false are booleans (YAML 1.2), so `title: Norway` or `owner: yes` stay text.
_RESOLVERS = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _cls in (_Loader, _CLoader):
    if _cls is not None:
        _cls.yaml_implicit_resolvers = {k: list(v) for k, v in _RESOLVERS.items()}  # type: ignore[attr-defined]
        _cls.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))  # type: ignore[attr-defined]


def _yaml_problem(rel: str, exc: yaml.YAMLError) -> Problem:
    from generator.data.indentation import misfit  # only when there is an error to explain

    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    if "quoted scalar" in context and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # type: ignore[attr-defined]
        ctx_line = mark.line + 1
        return Problem(
            rel,
            ctx_line,
            "YAML syntax error: a quoted text starts here and is never closed",
            "add the closing quote",
            column=mark.column + 1,
        )
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    hint = "check the indentation and punctuation on this line and the one above"
    if problem and "'\\t'" in problem:
        problem = "a tab character is used for indentation"
        hint = "indent with spaces only (set your editor to insert spaces for tabs)"
    elif problem and "aliases" in problem:
        hint = "remove the '*' alias and repeat the value"
    elif problem and "nested" in problem:
        hint = "Glasshouse records are flat: a field holds text, a number, a date or a list"
    elif problem and "another document" in problem:
        problem = "a second YAML document starts here (a line '---'); a data file holds one"
        hint = "remove the '---' line, or move what follows it into the one document"
    elif line is not None and isinstance(getattr(mark, "buffer", None), str) and (fit := misfit(mark.buffer, line)):  # type: ignore[union-attr]
        return Problem(rel, line, f"YAML syntax error: {fit.message}", fit.hint, column=fit.column)
    elif problem and "mapping values are not allowed" in problem:
        problem = "a ':' appears where YAML does not expect one"
        hint = "put text that contains ': ' in double quotes"
    return Problem(rel, line, f"YAML syntax error: {problem}", hint, column=col)


@dataclass
class YamlDoc:
    """A parsed YAML file: the root node's kind, and records with their lines."""

    rel: str
    root: Node
    loader: SafeConstructor
    problems: list[Problem] = field(default_factory=list)

    def _unreadable(self, bad: Unreadable) -> None:
        self.problems.append(Problem(self.rel, bad.line, bad.message, bad.hint, column=bad.column))

    def record(self, node: Node) -> Record | None:
        """The mapping `node` as a record; duplicate keys and keys that are not text become problems."""
        if not isinstance(node, MappingNode):
            return None
        if (bad := unreadable(node)) is not None:
            self._unreadable(bad)
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for k, v in node.value:
            name = key_name(k)
            if isinstance(name, Unreadable):
                self._unreadable(name)
                continue
            if name in values:
                self.problems.append(
                    Problem(
                        self.rel,
                        k.start_mark.line + 1,
                        f"the key {quoted(name)} appears twice in one record (first on line {lines[name]})",
                        "keep one of the two lines",
                    )
                )
                continue
            values[name] = to_python(v, self.loader)
            lines[name] = k.start_mark.line + 1
        return Record(node.start_mark.line + 1, values, lines)

    def records(self, node: Node, noun: str) -> list[Record]:
        """The list of records in `node` (a YAML sequence of mappings)."""
        if not isinstance(node, SequenceNode):
            self.problems.append(
                Problem(
                    self.rel,
                    node.start_mark.line + 1,
                    f"expected a list of {noun} records, each starting with '- id:'",
                    "see the example project (`glasshouse new`)",
                )
            )
            return []
        if (bad := unreadable(node)) is not None:
            self._unreadable(bad)
        out = []
        for item in node.value:
            rec = self.record(item)
            if rec is None:
                self.problems.append(
                    Problem(
                        self.rel,
                        item.start_mark.line + 1,
                        f"this list item is not a {noun} record",
                        "each record is a block of 'field: value' lines under '- '",
                    )
                )
            else:
                out.append(rec)
        return out


# Characters YAML does not allow in a file (control characters but tab and line breaks, and
# U+FFFE/U+FFFF): found before parsing, so the message names the character and its place.
_NOT_YAML = Reader.NON_PRINTABLE


def _character_problem(rel: str, text: str) -> Problem | None:
    m = _NOT_YAML.search(text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return Problem(
        rel,
        line,
        f"the file holds the control character U+{ord(m.group()):04X}, which YAML does not allow",
        "delete it (most editors do not show it); to keep a special character in a text, write it as an escape in double quotes",
        column=column,
    )


def _fast(text: str) -> tuple[Node, Any] | None:
    """The document's root node read with libyaml, or None when the Python reader must decide."""
    if _CLoader is None:
        return None
    loader = _CLoader(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return (root, loader) if root is not None else None


def parse_yaml(text: str, rel: str) -> tuple[Node, SafeConstructor]:
    """The root node of a YAML text and the loader that made it, or a ReadError saying where it is broken."""
    problem = _character_problem(rel, text)
    if problem is not None:
        raise ReadError(problem)
    fast = _fast(text)
    if fast is not None:
        return fast
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ReadError(_yaml_problem(rel, exc)) from None
    except RecursionError:
        raise ReadError(Problem(rel, None, "the data is nested too deeply to read", "Glasshouse records are flat")) from None
    except ValueError:  # an escape such as \U00110000, past the last character there is
        mark = loader.get_mark()
        raise ReadError(
            Problem(
                rel,
                mark.line + 1,
                "YAML syntax error: an escape in double quotes names no character (the last is \\U0010FFFF)",
                "check the digits after \\U or \\u, or write the character itself",
                column=mark.column + 1,
            )
        ) from None
    finally:
        loader.dispose()
    if root is None:
        raise ReadError(Problem(rel, None, "the file holds no data (only comments)", "restore its content from git"))
    return root, loader


def read_yaml(path: Path, rel: str, blank_ok: bool = False) -> YamlDoc | None:
    """Parse a YAML file into nodes; a ReadError says where the syntax is broken. With `blank_ok`,
    a file with nothing in it but comments is None: a list with no record yet (no sprint, no risk)."""
    text = read_text(path, rel, YAML_CAP, blank_ok)
    if blank_ok and not _has_data(text):
        return None
    root, loader = parse_yaml(text, rel)
    return YamlDoc(rel, root, loader)


def _has_data(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def plain(text: str) -> Any:
    """A YAML text as plain values, read as data files are, or None when it cannot be read."""
    try:
        root, loader = parse_yaml(text, "")
    except ReadError:
        return None
    return to_python(root, loader)


@dataclass
class CsvRows:
    """A CSV file read row by row, streaming, each row with the line it starts on."""

    rel: str
    path: Path
    header: list[str]

    def _open(self) -> io.BufferedReader:
        return open_data(self.path, self.rel, CSV_CAP, _CSV_MISSING.format(rel=self.rel))

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        with io.TextIOWrapper(self._open(), encoding="utf-8-sig", newline="", errors="strict") as fh:
            reader = csv.reader(fh, strict=False)
            next(reader, None)
            prev = reader.line_num
            try:
                for row in reader:
                    start, prev = prev + 1, reader.line_num
                    if not row or (len(row) == 1 and not row[0].strip()):
                        continue
                    yield start, row
            except csv.Error as exc:
                raise ReadError(
                    Problem(
                        self.rel,
                        prev + 1,
                        f"the CSV cannot be read here: {exc}",
                        f"values may be at most {MAX_CSV_VALUE:,} characters; check for an unclosed double quote",
                    )
                ) from None
            except UnicodeDecodeError as exc:
                # Find the place of the bad byte for the message; cheap, it only runs on failure.
                with self._open() as raw:
                    raise ReadError(_decode_problem(self.rel, raw.read(), exc)) from None


_CSV_MISSING = "create {rel} with its header line; `glasshouse new` shows an example"


def _no_line_feed(rel: str, head: bytes) -> Problem:
    """What the first 8 KB of a CSV without a line feed mean: old Mac line ends, or a header too long."""
    if b"\r" in head:
        what = "its lines end with a carriage return alone (the line ends of old Mac programs)"
        return Problem(rel, None, what, "save it again with ordinary line ends (LF, or CR LF): most editors offer the choice when saving")
    return Problem(
        rel, 1, f"the header line is longer than {_SNIFF:,} bytes", "the first line holds only the column names, separated by commas"
    )


def read_csv(path: Path, rel: str) -> CsvRows:
    """Open a CSV file and read its header; rows are streamed by iterating the result."""
    with open_data(path, rel, CSV_CAP, _CSV_MISSING.format(rel=rel)) as fh:
        head = fh.read(_SNIFF)
    if not head:
        raise ReadError(Problem(rel, None, "the file is empty", "it needs at least the header line"))
    if len(head) == _SNIFF and b"\n" not in head:
        raise ReadError(_no_line_feed(rel, head))
    decode_head = head if len(head) < _SNIFF else head[: head.rfind(b"\n") + 1]
    decode(decode_head, rel)
    csv.field_size_limit(MAX_CSV_VALUE)
    first = io.StringIO(decode_head.decode("utf-8-sig", errors="replace"), newline="")
    header = next(csv.reader(first), [])
    return CsvRows(rel, path, [h.strip() for h in header])
