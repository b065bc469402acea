"""Read the data files as written, keeping the line every value came from.

Nothing here judges a value: that is `validate`. Reading fails only when a file cannot be read at
all (missing, not UTF-8, broken YAML), and then it says where and how to fix it.
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader
from yaml.resolver import Resolver

from generator.errors import Problem

MAX_YAML_BYTES = 20_000_000
MAX_CSV_VALUE = 100_000
MAX_DEPTH = 20
_SNIFF = 8192


class ReadError(Exception):
    """A file could not be read; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


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


def read_text(path: Path, rel: str, limit: int | None = None) -> str:
    """The file's text, or a ReadError saying why it cannot be read as UTF-8."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(Problem(rel, None, "the file is missing", f"create {rel}; `glasshouse new` shows an example")) from None
    if limit is not None and size > limit:
        raise ReadError(
            Problem(rel, None, f"the file is {size:,} bytes, above the limit of {limit:,}", "split long texts or remove pasted data")
        )
    data = path.read_bytes()
    return decode(data, rel)


def decode(data: bytes, rel: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(Problem(rel, None, "the file is UTF-16 text, not UTF-8", "save the file with the encoding UTF-8"))
    if b"\x00" in data[:_SNIFF]:
        raise ReadError(Problem(rel, None, "the file is binary, not text", f"replace {rel} with the text file it should be"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(_decode_problem(rel, data, exc)) from None
    if not text.strip():
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
    elif line is not None and isinstance(getattr(mark, "buffer", None), str) and (fit := misfit(mark.buffer, line)):  # type: ignore[union-attr]
        return Problem(rel, line, f"YAML syntax error: {fit.message}", fit.hint, column=fit.column)
    elif problem and "mapping values are not allowed" in problem:
        problem = "a ':' appears where YAML does not expect one"
        hint = "put text that contains ': ' in double quotes"
    return Problem(rel, line, f"YAML syntax error: {problem}", hint, column=col)


def _to_python(node: Node, loader: SafeConstructor) -> Any:
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        value = loader.construct_object(node)
        return value
    if isinstance(node, SequenceNode):
        return [_to_python(n, loader) for n in node.value]
    if isinstance(node, MappingNode):
        return {_key(k): _to_python(v, loader) for k, v in node.value}
    raise TypeError(node)  # pragma: no cover - the composer makes no other nodes


def _key(node: Node) -> str:
    return str(node.value) if isinstance(node, ScalarNode) else "?"


@dataclass
class YamlDoc:
    """A parsed YAML file: the root node's kind, and records with their lines."""

    rel: str
    root: Node
    loader: SafeConstructor
    problems: list[Problem] = field(default_factory=list)

    def record(self, node: Node) -> Record | None:
        """The mapping `node` as a record; duplicate keys become problems."""
        if not isinstance(node, MappingNode):
            return None
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for k, v in node.value:
            name = _key(k)
            if name in values:
                self.problems.append(
                    Problem(
                        self.rel,
                        k.start_mark.line + 1,
                        f"the key '{name}' appears twice in one record (first on line {lines[name]})",
                        "keep one of the two lines",
                    )
                )
                continue
            values[name] = _to_python(v, self.loader)
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


def _fast(text: str) -> tuple[Node, Any] | None:
    """The document's root node read with libyaml, or None when the Python reader must decide."""
    if _CLoader is None or Reader.NON_PRINTABLE.search(text):
        return None
    loader = _CLoader(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return (root, loader) if root is not None else None


def read_yaml(path: Path, rel: str) -> YamlDoc:
    """Parse a YAML file into nodes; a ReadError says where the syntax is broken."""
    text = read_text(path, rel, MAX_YAML_BYTES)
    fast = _fast(text)
    if fast is not None:
        return YamlDoc(rel, fast[0], fast[1])
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ReadError(_yaml_problem(rel, exc)) from None
    except RecursionError:
        raise ReadError(Problem(rel, None, "the data is nested too deeply to read", "Glasshouse records are flat")) from None
    finally:
        loader.dispose()
    if root is None:
        raise ReadError(Problem(rel, None, "the file holds no data (only comments)", "restore its content from git"))
    return YamlDoc(rel, root, loader)


@dataclass
class CsvRows:
    """A CSV file read row by row, streaming, each row with the line it starts on."""

    rel: str
    path: Path
    header: list[str]
    header_line: int = 1

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open(encoding="utf-8-sig", newline="", errors="strict") as fh:
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
                raise ReadError(_decode_problem(self.rel, self.path.read_bytes(), exc)) from None


def read_csv(path: Path, rel: str) -> CsvRows:
    """Open a CSV file and read its header; rows are streamed by iterating the result."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF)
    except FileNotFoundError:
        raise ReadError(
            Problem(rel, None, "the file is missing", f"create {rel} with its header line; `glasshouse new` shows an example")
        ) from None
    if path.stat().st_size == 0:
        raise ReadError(Problem(rel, None, "the file is empty", "it needs at least the header line"))
    if len(head) == _SNIFF and b"\n" not in head:
        raise ReadError(
            Problem(
                rel,
                1,
                f"the header line is longer than {_SNIFF:,} bytes",
                "the first line holds only the column names, separated by commas",
            )
        )
    decode_head = head if len(head) < _SNIFF else head[: head.rfind(b"\n") + 1]
    try:
        decode(decode_head, rel)
    except ReadError:
        raise
    csv.field_size_limit(MAX_CSV_VALUE)
    first = io.StringIO(decode_head.decode("utf-8-sig", errors="replace"), newline="")
    header = next(csv.reader(first), [])
    return CsvRows(rel, path, [h.strip() for h in header])
