"""The data format, read from the Frictionless Data Package descriptor.

`datapackage.yaml` is the single source of truth: validation, the JSON Schemas editors use and the
data reference page are all derived from it here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

DESCRIPTOR = "datapackage.yaml"
VISIBILITY = "visibility"
INTERNAL_FIELDS = "internal_fields"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str = ""
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    max_length: int | None = None
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)
    private: bool = False
    markdown: bool = False

    @functools.cached_property
    def regex(self) -> re.Pattern[str] | None:
        # Table Schema patterns match the whole value.
        return re.compile(self.pattern) if self.pattern else None

    @property
    def allowed(self) -> str:
        """What a valid value looks like, in words a project manager knows."""
        if self.enum:
            return "one of " + ", ".join(self.enum)
        if self.type == "integer":
            if self.minimum is not None and self.maximum is not None:
                return f"a whole number from {self.minimum} to {self.maximum}"
            return "a whole number"
        if self.type == "date":
            return "a date written YYYY-MM-DD"
        if self.type == "boolean":
            return "one of " + ", ".join(v or "empty" for v in (*self.true_values, *self.false_values))
        if self.type == "array":
            return "a list"
        return "text"


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    target: str


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    path: str
    format: str
    fields: tuple[Field, ...]
    primary_key: str | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    shape: str = "table"  # "record": the file is one mapping; "table": a list of records
    key: str | None = None  # the list sits under this key of a mapping file
    internal_only: tuple[str, ...] | None = None  # the only fields `internal_fields` may name, when not every optional one

    @property
    def noun(self) -> str:
        """How one record is named in messages: 'risk R-007'."""
        return _NOUNS.get(self.name, self.name)

    def field(self, name: str) -> Field | None:
        return self.by_name.get(name)

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def private(self) -> tuple[str, ...]:
        """Fields no site ever shows, whatever the record's visibility."""
        return tuple(f.name for f in self.fields if f.private)

    @property
    def hideable(self) -> tuple[str, ...]:
        """Fields a record may keep to the project team with `internal_fields`: the optional ones.

        A required field is what the record is (its id, its title); to keep that internal, the
        whole record is marked `visibility: internal`.
        """
        if self.field(INTERNAL_FIELDS) is None:
            return ()
        bookkeeping = (self.primary_key, VISIBILITY, INTERNAL_FIELDS)
        optional = tuple(f.name for f in self.fields if not f.required and not f.private and f.name not in bookkeeping)
        return optional if self.internal_only is None else tuple(n for n in optional if n in self.internal_only)


_NOUNS = {
    "project": "project",
    "segments": "segment",
    "contacts": "contact",
    "milestones": "milestone",
    "risks": "risk",
    "feedback": "feedback",
    "sprints": "sprint",
    "changes": "change request",
}


@dataclass(frozen=True)
class DataFormat:
    title: str
    description: str
    resources: tuple[Resource, ...] = field(default_factory=tuple)

    def resource(self, name: str) -> Resource:
        for r in self.resources:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def files(self) -> list[str]:
        return list(dict.fromkeys(r.path for r in self.resources))

    def by_file(self) -> list[tuple[str, tuple[Resource, ...]]]:
        """Each data file with the resources it holds (project.yaml holds the project, its
        segments and its contacts), in the order of the descriptor."""
        return [(path, tuple(r for r in self.resources if r.path == path)) for path in self.files]


def _field(d: dict[str, Any]) -> Field:
    c = d.get("constraints", {})
    extra = d.get("glasshouse", {})
    return Field(
        name=d["name"],
        type=d.get("type", "string"),
        description=d.get("description", ""),
        required=bool(c.get("required", False)),
        enum=tuple(c.get("enum", ())),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        pattern=c.get("pattern"),
        max_length=c.get("maxLength"),
        true_values=tuple(d.get("trueValues", ("true",))),
        false_values=tuple(d.get("falseValues", ("false",))),
        private=bool(extra.get("private", False)),
        markdown=bool(extra.get("markdown", False)),
    )


def _resource(d: dict[str, Any]) -> Resource:
    schema = d["schema"]
    extra = d.get("glasshouse", {})
    fks = tuple(ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"]) for fk in schema.get("foreignKeys", ()))
    return Resource(
        name=d["name"],
        title=d.get("title", d["name"]),
        description=d.get("description", ""),
        path=d["path"],
        format=d.get("format", "csv"),
        fields=tuple(_field(f) for f in schema["fields"]),
        primary_key=schema.get("primaryKey"),
        foreign_keys=fks,
        shape=extra.get("shape", "table"),
        key=extra.get("key"),
        internal_only=tuple(extra["internal_fields"]) if "internal_fields" in extra else None,
    )


def descriptor_text() -> str:
    return resources.files("generator.data").joinpath(DESCRIPTOR).read_text(encoding="utf-8")


@functools.cache
def data_format() -> DataFormat:
    """The data format this version of Glasshouse reads."""
    # libyaml's loader when PyYAML has it: the descriptor is read on every build.
    d = yaml.load(descriptor_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return DataFormat(
        title=d.get("title", ""),
        description=d.get("description", ""),
        resources=tuple(_resource(r) for r in d["resources"]),
    )


def _json_type(f: Field) -> dict[str, Any]:
    if f.type in ("integer", "number"):
        s: dict[str, Any] = {"type": f.type}
        if f.minimum is not None:
            s["minimum"] = f.minimum
        if f.maximum is not None:
            s["maximum"] = f.maximum
    elif f.type == "date":
        s = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif f.type == "boolean":
        s = {"type": "boolean"}
    elif f.type == "array":
        s = {"type": "array", "items": {"type": "string"}}
    else:
        s = {"type": "string"}
        if f.max_length is not None:
            s["maxLength"] = f.max_length
        if f.pattern:
            s["pattern"] = f"^(?:{f.pattern})$"
    if f.enum:
        s["enum"] = list(f.enum)
    if f.description:
        s["description"] = f.description
    return s


def _object_schema(r: Resource) -> dict[str, Any]:
    properties = {f.name: _json_type(f) for f in r.fields}
    if INTERNAL_FIELDS in properties:
        properties[INTERNAL_FIELDS]["items"]["enum"] = list(r.hideable)
    return {
        "type": "object",
        "title": r.title,
        "description": r.description,
        "properties": properties,
        "required": [f.name for f in r.fields if f.required],
        "additionalProperties": False,
    }


def json_schemas() -> dict[str, dict[str, Any]]:
    """A JSON Schema per YAML file, for editor autocompletion ({file name: schema})."""
    out: dict[str, dict[str, Any]] = {}
    fmt = data_format()
    for path, group in fmt.by_file():
        if group[0].format != "yaml":
            continue
        record = next((r for r in group if r.shape == "record"), None)
        if record is not None:
            schema = _object_schema(record)
            for r in group:
                if r.key:
                    schema["properties"][r.key] = {"type": "array", "items": _object_schema(r)}
                    schema["required"].append(r.key)
        else:
            schema = {"type": "array", "title": group[0].title, "items": _object_schema(group[0])}
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"glasshouse/{path.replace('.yaml', '.schema.json')}",
            **schema,
        }
        out[path.replace(".yaml", ".schema.json")] = schema
    return out


def schema_files() -> dict[str, str]:
    """The JSON Schema files as they are written to data/schemas/ ({file name: text})."""
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in json_schemas().items()}


def format_files() -> dict[str, str]:
    """What `glasshouse schemas` writes into a data directory: the descriptor Glasshouse reads, and
    the JSON Schemas editors check the YAML files with ({path in the data directory: text})."""
    return {DESCRIPTOR: descriptor_text(), **{f"schemas/{name}": text for name, text in schema_files().items()}}
