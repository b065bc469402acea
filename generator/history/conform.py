"""Whether a status document read from the published branch is one: checked against its schema.

Earlier snapshots come from the gh-pages branch, which anything with push access can write. The
core reads them as status documents, so a document is used only when it is one: every value of
the type, form and range `status.schema.json` gives it. Anything else (a section of the wrong
type, an unknown status, a date that is no date, NaN) leaves that snapshot out, as an unreadable
one is, instead of failing the build or showing what no build wrote.

The schema uses a small part of JSON Schema (draft 2020-12), and this checks exactly that part.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any, cast

from generator import facts
from generator.history.document import PartialDoc, StatusDoc

Schema = Mapping[str, Any]
_TYPES: dict[str, Callable[[Any], bool]] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, Mapping),
}
_KNOWN = {"$schema", "$defs", "$ref", "title", "description", "type", "enum", "const", "properties", "required",
          "additionalProperties", "items", "minimum", "maximum", "pattern", "format", "oneOf"}  # fmt: skip


@functools.cache
def status_schema(name: str = "status.schema.json") -> Schema:
    """The schema of status documents as this Glasshouse writes them; or, named, another one it
    reads (status-1.schema.json: format 1, published before feedback was counted, not listed)."""
    schema: Schema = json.loads(resources.files("generator.history").joinpath(name).read_text(encoding="utf-8"))
    return schema


FORMAT_1 = "glasshouse-status/1"
SCHEMA_1 = "status-1.schema.json"  # format 1's schema, kept to read the snapshots published in it


def _first_format(doc: object) -> bool:
    return isinstance(doc, Mapping) and doc.get("format") == FORMAT_1


def upgraded(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A document of format 1 (or the parts of one that conform) as the present format says it:
    its list of every piece of feedback (id, day, segment, theme, action) becomes the counts by
    theme and by segment, every piece's id and the ids of those waiting for an answer, in the
    same order, so that it is compared with a document of today as one of its own kind."""
    out = dict(doc)
    if "format" in out:
        out["format"] = status_schema()["properties"]["format"]["const"]
    feedback = doc.get("feedback")
    if isinstance(feedback, Mapping) and "items" in feedback:
        items = feedback["items"]
        out["feedback"] = {
            **{k: v for k, v in feedback.items() if k != "items"},
            "by_theme": dict(sorted(Counter(str(i["theme"]) for i in items).items())),
            "by_segment": dict(sorted(Counter(str(i["segment"]) for i in items).items())),
            "ids": [str(i["id"]) for i in items],
            "waiting": [str(i["id"]) for i in items if not facts.answered(str(i["action"]))],
        }
    return out


def conforms(doc: Any, schema: Schema | None = None) -> bool:
    """True when `doc` is a valid status document (or, given `schema`, valid against it)."""
    root = schema if schema is not None else status_schema()
    return _valid(doc, root, root)


def conformed(doc: object) -> StatusDoc | None:
    """`doc` as the status document it is, typed, when the schema holds for it; else None. A
    document of format 1 that conforms to its own schema is given `upgraded`."""
    if _first_format(doc):
        return cast(StatusDoc, upgraded(cast(Mapping[str, Any], doc))) if conforms(doc, status_schema(SCHEMA_1)) else None
    return cast(StatusDoc, doc) if conforms(doc) else None


def partial(doc: object) -> PartialDoc | None:
    """What of `doc` conforms, typed: each top-level part the schema holds for on its own, the
    others left out; None when `doc` is no object at all. For reading a snapshot that may be
    damaged and comparing what it can (`glasshouse diff`), never for a build's history."""
    if not isinstance(doc, Mapping):
        return None
    first = _first_format(doc)
    root = status_schema(SCHEMA_1) if first else status_schema()
    parts: Mapping[str, Schema] = root["properties"]
    found = {k: v for k, v in doc.items() if k in parts and _valid(v, parts[k], root)}
    return cast(PartialDoc, upgraded(found) if first else found)


def _valid(value: Any, node: Schema, root: Schema) -> bool:
    return _check(node, root)(value)


# Each node's check, made once: a published history's documents list hundreds of records (those
# of format 1, every piece of feedback: tens of thousands), checked against the same few nodes.
_CHECKS: dict[tuple[int, int], tuple[Schema, Schema, Callable[[Any], bool]]] = {}


def _check(node: Schema, root: Schema) -> Callable[[Any], bool]:
    key = (id(node), id(root))
    made = _CHECKS.get(key)
    if made is not None and made[0] is node and made[1] is root:
        return made[2]
    # A node reached again while it is being made (a schema that refers to itself) calls the check
    # made in the end; the nodes are kept alive, so that their ids stay theirs.
    _CHECKS[key] = (node, root, lambda value: _CHECKS[key][2](value))
    check = _made(node, root)
    _CHECKS[key] = (node, root, check)
    return check


def _made(node: Schema, root: Schema) -> Callable[[Any], bool]:
    """The check of `node`: the tests its keywords ask for (type, const and enum, oneOf, range,
    pattern and date form, properties, items), each made once, run in turn."""
    if "$ref" in node:
        return _check(_resolve(node["$ref"], root), root)
    unknown = set(node) - _KNOWN
    if unknown:  # a keyword this does not check: say so, rather than pass what it would refuse
        raise ValueError(f"status.schema.json uses {sorted(unknown)}, which conform.py does not check")
    tests = [*_kind_tests(node), *_value_tests(node, root)]
    if any(k in node for k in ("properties", "required", "additionalProperties")):
        properties = {name: _check(sub, root) for name, sub in node.get("properties", {}).items()}
        required, extra = frozenset(node.get("required", ())), node.get("additionalProperties", True)
        others = _check(extra, root) if isinstance(extra, Mapping) else None
        tests.append(lambda v: not isinstance(v, Mapping) or _object(v, properties, required, extra is False, others))
    if node.get("items") is not None:
        items = _check(node["items"], root)
        table = _table(node["items"], root)
        if table is None:
            tests.append(lambda v: not isinstance(v, list) or all(map(items, v)))
        else:  # a list of objects (risks, milestones; format 1's pieces of feedback): checked column by column
            tests.append(lambda v: not isinstance(v, list) or (table(v) if set(map(type, v)) <= {dict} else all(map(items, v))))
    run = tuple(tests)
    if len(run) == 1:  # most nodes ask one thing ("type": "string"): their check is that test
        return run[0]

    def check(value: Any) -> bool:
        for test in run:  # noqa: SIM110 (a loop: quicker than all() over a generator, called per value)
            if not test(value):
                return False
        return True

    return check


_TABLE_KEYS = frozenset(("type", "properties", "required", "additionalProperties", "title", "description"))
_PLAIN = {"string": str, "integer": int, "boolean": bool, "null": type(None)}  # a type test is the value's exact type


def _table(node: Schema, root: Schema) -> Callable[[list[dict[str, Any]]], bool] | None:
    """The check of a list of dicts each of the closed object `node` describes, made column by
    column: the same answer as each dict's own check (which it stands in for), many times
    faster on the thousands of pieces of feedback a published document lists. None where
    `node` asks more of an object than its properties."""
    while "$ref" in node:
        node = _resolve(node["$ref"], root)
    if node.get("type") != "object" or node.get("additionalProperties") is not False or not set(node) <= _TABLE_KEYS:
        return None
    columns = {name: _column(sub, root) for name, sub in node.get("properties", {}).items()}
    names, required = frozenset(columns), frozenset(node.get("required", ()))

    def check(rows: list[dict[str, Any]]) -> bool:
        shapes = set(map(frozenset, rows))  # the keys each row has
        if not all(required <= shape <= names for shape in shapes):
            return False
        everywhere = frozenset.intersection(*shapes) if shapes else names
        for name, valid in columns.items():
            column = list(map(operator.itemgetter(name), rows)) if name in everywhere else [r[name] for r in rows if name in r]
            if not valid(column):
                return False
        return True

    return check


def _column(node: Schema, root: Schema) -> Callable[[list[Any]], bool]:
    """The check of every value of a column: by their types alone where `node` asks for a type
    and nothing more, else each distinct value (of its type: 1 and True are not one) once."""
    one = _check(node, root)
    plain = _PLAIN.get(node["type"]) if set(node) <= {"type", "title", "description"} and isinstance(node.get("type"), str) else None
    if plain is not None:
        return lambda column: set(map(type, column)) <= {plain}

    def check(column: list[Any]) -> bool:
        try:
            distinct = set(zip(map(type, column), column, strict=True))
        except TypeError:  # lists or objects
            return all(map(one, column))
        return all(one(value) for _, value in distinct)

    return check


def _kind_tests(node: Schema) -> list[Callable[[Any], bool]]:
    """Type, finiteness (JSON has no NaN or Infinity; Python's reader lets them in), const, enum."""
    tests: list[Callable[[Any], bool]] = []
    types = node.get("type")
    names = () if types is None else (types,) if isinstance(types, str) else tuple(types)
    if names:
        kinds = tuple(_TYPES[t] for t in names)
        tests.append(kinds[0] if len(kinds) == 1 else lambda v: any(kind(v) for kind in kinds))
    if not names and "const" not in node and "enum" not in node:
        # A type given refuses NaN and infinity itself ("number" asks for a finite one), and so
        # does a const or an enum (NaN equals nothing; JSON's constants are finite).
        tests.append(lambda v: not isinstance(v, float) or math.isfinite(v))
    if "const" in node:
        const = node["const"]
        tests.append(lambda v: v == const and type(v) is type(const))
    if "enum" in node:
        enum = node["enum"]
        if all(type(e) is str for e in enum):
            words = frozenset(enum)
            tests.append(lambda v: type(v) is str and v in words)
        else:
            tests.append(lambda v: any(v == e and type(v) is type(e) for e in enum))
    return tests


def _value_tests(node: Schema, root: Schema) -> list[Callable[[Any], bool]]:
    """oneOf, the range of a number, the pattern and date form of a string."""
    tests: list[Callable[[Any], bool]] = []
    number = _TYPES["number"]
    if "oneOf" in node:
        choices = tuple(_check(n, root) for n in node["oneOf"])
        tests.append(lambda v: sum(choice(v) for choice in choices) == 1)
    if "minimum" in node:
        low = node["minimum"]
        tests.append(lambda v: not number(v) or v >= low)
    if "maximum" in node:
        high = node["maximum"]
        tests.append(lambda v: not number(v) or v <= high)
    if "pattern" in node:
        pattern = re.compile(node["pattern"])
        tests.append(lambda v: not isinstance(v, str) or pattern.search(v) is not None)
    if node.get("format") == "date":
        tests.append(lambda v: not isinstance(v, str) or _date(v))
    return tests


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@functools.lru_cache(maxsize=4096)  # a log's pieces of feedback share a few hundred days
def _date(text: str) -> bool:
    if not _DAY.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _object(
    value: Mapping[str, Any],
    properties: Mapping[str, Callable[[Any], bool]],
    required: frozenset[str],
    closed: bool,
    others: Callable[[Any], bool] | None,
) -> bool:
    if not value.keys() >= required:
        return False
    for name, item in value.items():
        check = properties.get(name)
        if check is not None:
            if not check(item):
                return False
        elif closed or (others is not None and not others(item)):
            return False
    return True


def _resolve(ref: str, root: Schema) -> Schema:
    if not ref.startswith("#/"):
        raise ValueError(f"status.schema.json refers to {ref}, outside itself")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node  # type: ignore[no-any-return]
