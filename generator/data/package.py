"""The data as a Data Package that standard Frictionless tools read whole: one CSV per resource
and a descriptor pointing at them (`glasshouse export`).

Frictionless reads tables, not YAML: to it, `data/datapackage.yaml` describes files it cannot
open. The export writes each resource's records as rows, every value as the file holds it,
unchecked (a wrong value reaches the CSV for Frictionless to find, as `glasshouse validate`
finds it), and the descriptor with each resource's schema, so that `frictionless validate
datapackage.json` checks every field rule and every reference between the files. Two rules
stay Glasshouse's own: references from a list (a milestone's `dependencies`), which a
Frictionless foreign key cannot follow, and the rules between records and fields (dates in
order, a decided change request's decision day).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from pathlib import Path
from typing import Any

import yaml

from generator.data.files import CSV_CAP, ReadError, data_dir_problem
from generator.data.format import DataFormat, Resource, data_format, descriptor_text
from generator.data.nodes import Unreadable, to_python
from generator.data.read import read_text, read_yaml
from generator.data.tables import display_path
from generator.errors import DataError, Problem

DESCRIPTOR = "datapackage.json"


def tabular(data_dir: Path, fmt: DataFormat | None = None) -> dict[str, str]:
    """File name -> text: the descriptor and one CSV per resource. A file that cannot be read
    (broken YAML, not a file) is a DataError saying so, as `validate` says it."""
    refused = data_dir_problem(data_dir, display_path(data_dir))
    if refused is not None:
        raise DataError([refused])
    fmt = fmt or data_format()
    files: dict[str, str] = {}
    problems = []
    for path, group in fmt.by_file():
        rel = display_path(data_dir / path)
        try:
            if group[0].format == "csv":
                files[f"{group[0].name}.csv"] = read_text(data_dir / path, rel, CSV_CAP)
                continue
            doc = read_yaml(data_dir / path, rel, blank_ok=True)
        except ReadError as e:
            problems.append(e.problem)
            continue
        value = None if doc is None else to_python(doc.root, doc.loader)
        if isinstance(value, Unreadable):  # a tag Glasshouse does not read, anywhere in the file (to_python)
            problems.append(Problem(rel, value.line, value.message, value.hint, column=value.column))
            continue
        nested = {r.key for r in group if r.key is not None}
        for resource in group:
            files[f"{resource.name}.csv"] = _csv(resource, _records(resource, value), nested if resource.shape == "record" else set())
    if problems:
        raise DataError(problems)
    return {DESCRIPTOR: _descriptor(fmt), **files}


def _records(resource: Resource, value: Any) -> list[Any]:
    """The resource's records as the file holds them: the project is the file's one record; the
    segments and contacts are lists inside it."""
    if resource.shape == "record":
        return [value]
    if resource.key is not None:
        value = value.get(resource.key) if isinstance(value, dict) else None
    return value if isinstance(value, list) else [] if value is None else [value]


def _csv(resource: Resource, records: list[Any], nested: set[str]) -> str:
    """The records as CSV rows, one column a field in the schema's order, then one column for each
    key no field has (Frictionless reports it, as Glasshouse reports an unknown field); `nested`:
    the keys holding other resources (the project's segments and contacts)."""
    names = [f.name for f in resource.fields]
    extra: dict[str, None] = {}
    for record in records:
        if isinstance(record, dict):
            extra.update((str(k), None) for k in record if str(k) not in names and str(k) not in nested)
    header = names + list(extra)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        row = record if isinstance(record, dict) else {}
        writer.writerow([_cell(row.get(name)) for name in header])
    # A lone surrogate (a YAML escape such as \ud83d) has no UTF-8: written as the escape.
    return out.getvalue().encode("utf-8", "backslashreplace").decode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@functools.lru_cache(maxsize=2)
def _descriptor(fmt: DataFormat) -> str:
    """The data format's descriptor with each resource in its CSV file, and without the foreign
    keys from lists, which Frictionless would compare whole. The same for every export of a run:
    made once (libyaml's parser where PyYAML has it, as `data_format` reads the descriptor)."""
    d = yaml.load(descriptor_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lists = {(r.name, f.name) for r in fmt.resources for f in r.fields if f.type == "array"}
    for r in d["resources"]:
        r["path"], r["format"] = f"{r['name']}.csv", "csv"
        r.pop("glasshouse", None)
        schema = r["schema"]
        for f in schema["fields"]:
            f.pop("glasshouse", None)
        keys = [fk for fk in schema.get("foreignKeys", ()) if (r["name"], fk["fields"]) not in lists]
        if keys:
            schema["foreignKeys"] = keys
        else:
            schema.pop("foreignKeys", None)
    return json.dumps(d, indent=2, ensure_ascii=False, default=str) + "\n"
