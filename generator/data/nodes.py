"""YAML nodes as plain values: text, numbers, true/false, null, dates, lists and mappings.

Only YAML's standard tags are read; any other (`!!binary`, `!!python/...`, `!custom`) becomes an
`Unreadable` value that says where it is and what to write instead, and the record's checks
report it against its field. A value a standard tag cannot make (an integer of 5,000 digits, an
explicit `!!timestamp` that is no date) stays the text as written, and the field's type then
says what is wrong with it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import quoted

_YAML = "tag:yaml.org,2002:"
STR, SEQ, MAP = _YAML + "str", _YAML + "seq", _YAML + "map"
_SCALARS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED = {ScalarNode: _SCALARS, SequenceNode: {SEQ}, MappingNode: {MAP}}
_SPECIAL = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")  # YAML's own spellings of infinity and not-a-number
_KIND = {ScalarNode: "a single value", SequenceNode: "a list", MappingNode: "a block of fields"}
_PLAIN = {
    ScalarNode: "write the value as text, a number, a date or true/false",
    SequenceNode: "write the list with '- ' lines or [ ]",
    MappingNode: "write the record as 'field: value' lines",
}


@dataclass(frozen=True)
class Unreadable:
    """A value Glasshouse does not read, with its place and what to write instead."""

    line: int
    column: int
    message: str
    hint: str


def tag_name(tag: str) -> str:
    """A tag as it is written in a file: !!binary for YAML's own, the tag itself for any other."""
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag


def unreadable(node: Node) -> Unreadable | None:
    """Why `node`'s tag cannot be read, or None when it is a standard tag for its kind of node."""
    if node.tag in _ALLOWED[type(node)]:
        return None
    return Unreadable(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        f"the YAML tag {quoted(tag_name(node.tag), 60)} is not allowed in Glasshouse data",
        f"remove the tag; {_PLAIN[type(node)]}",
    )


def to_python(node: Node, loader: SafeConstructor) -> Any:
    """The plain value of `node`; an Unreadable wherever a tag is not a standard one (a list or a
    mapping holding one is Unreadable as a whole, at the first such tag)."""
    bad = unreadable(node)
    if bad is not None:
        return bad
    if isinstance(node, ScalarNode):
        return node.value if node.tag == STR else _scalar(node, loader)
    if isinstance(node, SequenceNode):
        items = [to_python(n, loader) for n in node.value]
        return next((i for i in items if isinstance(i, Unreadable)), items)
    if isinstance(node, MappingNode):
        pairs = [(key_name(k), to_python(v, loader)) for k, v in node.value]
        return next((x for pair in pairs for x in pair if isinstance(x, Unreadable)), dict(pairs))
    raise TypeError(node)  # pragma: no cover - the composer makes no other nodes


def _scalar(node: ScalarNode, loader: SafeConstructor) -> Any:
    try:
        value = loader.construct_object(node)
    except Exception:  # any value a standard tag cannot make: the field's type judges the text as written
        return node.value
    if isinstance(value, float) and not math.isfinite(value) and not _SPECIAL.fullmatch(node.value.strip()):
        return node.value  # 1.0e+400 is not YAML's .inf: the field judges what was written, not 'inf'
    return value


def key_name(node: Node) -> Any:
    """A field name as written, or an Unreadable for a key that is not text."""
    if isinstance(node, ScalarNode):
        bad = unreadable(node)
        if bad is not None:
            return Unreadable(bad.line, bad.column, bad.message, "remove the tag; a field name is plain text")
        return node.value
    return Unreadable(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        f"a field name is {_KIND[type(node)]}, not text",
        "write 'name: value', with the field's name before the ':'",
    )
