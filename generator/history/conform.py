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
import re
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any, cast

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
def status_schema() -> Schema:
    schema: Schema = json.loads(resources.files("generator.history").joinpath("status.schema.json").read_text(encoding="utf-8"))
    return schema


def conforms(doc: Any, schema: Schema | None = None) -> bool:
    """True when `doc` is a valid status document (or, given `schema`, valid against it)."""
    root = schema if schema is not None else status_schema()
    return _valid(doc, root, root)


def conformed(doc: object) -> StatusDoc | None:
    """`doc` as the status document it is, typed, when the schema holds for it; else None."""
    return cast(StatusDoc, doc) if conforms(doc) else None


def partial(doc: object) -> PartialDoc | None:
    """What of `doc` conforms, typed: each top-level part the schema holds for on its own, the
    others left out; None when `doc` is no object at all. For reading a snapshot that may be
    damaged and comparing what it can (`glasshouse diff`), never for a build's history."""
    if not isinstance(doc, Mapping):
        return None
    root = status_schema()
    parts: Mapping[str, Schema] = root["properties"]
    return cast(PartialDoc, {k: v for k, v in doc.items() if k in parts and _valid(v, parts[k], root)})


def _valid(value: Any, node: Schema, root: Schema) -> bool:
    if "$ref" in node:
        node = _resolve(node["$ref"], root)
    unknown = set(node) - _KNOWN
    if unknown:  # a keyword this does not check: say so, rather than pass what it would refuse
        raise ValueError(f"status.schema.json uses {sorted(unknown)}, which conform.py does not check")
    return (
        _kind(value, node)
        and ("oneOf" not in node or sum(_valid(value, n, root) for n in node["oneOf"]) == 1)
        and _scalar(value, node)
        and (not isinstance(value, Mapping) or _object(value, node, root))
        and (not isinstance(value, list) or "items" not in node or all(_valid(v, node["items"], root) for v in value))
    )


def _kind(value: Any, node: Schema) -> bool:
    types = node.get("type")
    if types is not None and not any(_TYPES[t](value) for t in ([types] if isinstance(types, str) else types)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False  # JSON has no NaN or Infinity; Python's reader lets them in
    if "const" in node and (value != node["const"] or type(value) is not type(node["const"])):
        return False
    return "enum" not in node or any(value == e and type(value) is type(e) for e in node["enum"])


def _scalar(value: Any, node: Schema) -> bool:
    if _TYPES["number"](value):
        if "minimum" in node and value < node["minimum"]:
            return False
        if "maximum" in node and value > node["maximum"]:
            return False
    if isinstance(value, str):
        if "pattern" in node and not re.search(node["pattern"], value):
            return False
        if node.get("format") == "date" and not _date(value):
            return False
    return True


def _date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _object(value: Mapping[str, Any], node: Schema, root: Schema) -> bool:
    properties: Mapping[str, Schema] = node.get("properties", {})
    if any(name not in value for name in node.get("required", ())):
        return False
    extra = node.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            if not _valid(item, properties[name], root):
                return False
        elif extra is False or (isinstance(extra, Mapping) and not _valid(item, extra, root)):
            return False
    return True


def _resolve(ref: str, root: Schema) -> Schema:
    if not ref.startswith("#/"):
        raise ValueError(f"status.schema.json refers to {ref}, outside itself")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node  # type: ignore[no-any-return]
