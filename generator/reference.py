"""The data reference: every file and field, taken from the data format itself so it cannot go stale."""

from __future__ import annotations

from typing import Any

from .markup import SUBSET
from .schema import INTERNAL_FIELDS, Field, data_format


def _type(f: Field) -> str:
    return {"string": "text", "integer": "whole number", "date": "date", "boolean": "yes / no", "array": "list"}.get(f.type, f.type)


def _rules(f: Field) -> str:
    parts = []
    if f.enum:
        parts.append("one of " + ", ".join(f.enum))
    if f.minimum is not None or f.maximum is not None:
        parts.append(f"from {f.minimum} to {f.maximum}")
    if f.pattern and f.type == "string" and not f.enum:
        parts.append("form: " + f.allowed if f.allowed != "text" else "pattern " + f.pattern)
    if f.max_length:
        parts.append(f"at most {f.max_length:,} characters")
    if f.markdown:
        parts.append(SUBSET)
    if f.private:
        parts.append("never published, whatever the record's visibility")
    return "; ".join(parts)


def reference_context() -> dict[str, Any]:
    fmt = data_format()
    files = []
    for path in fmt.files:
        resources = [r for r in fmt.resources if r.path == path]
        files.append(
            {
                "path": path,
                "resources": [
                    {
                        "name": r.name,
                        "title": r.title,
                        "description": r.description,
                        "key": r.key,
                        "primary_key": r.primary_key,
                        "references": [(fk.field, fk.resource) for fk in r.foreign_keys],
                        "hideable": r.hideable,
                        "fields": [
                            {"name": f.name, "type": _type(f), "required": f.required, "rules": _rules(f), "description": f.description}
                            for f in r.fields
                        ],
                    }
                    for r in resources
                ],
            }
        )
    private = [(r.path, f.name) for r in fmt.resources for f in r.fields if f.private]
    return {
        "files": files,
        "format_title": fmt.title,
        "format_description": fmt.description,
        "private": private,
        "internal_fields": INTERNAL_FIELDS,
    }
