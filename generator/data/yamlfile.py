"""YAML files (project, milestones, risks, sprints, changes): each record read and typed with its lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from generator.data.files import ReadError
from generator.data.format import Resource
from generator.data.read import YamlDoc, read_yaml
from generator.data.tables import Table, display_path
from generator.data.values import Checker


def read_yaml_resources(c: Checker, data_dir: Path, path: str, group: tuple[Resource, ...], tables: dict[str, Table]) -> None:
    rel = display_path(data_dir / path)
    record_res = next((r for r in group if r.shape == "record"), None)
    try:
        # A list file may hold no record yet (a project with no sprint, no risk): empty is valid.
        doc = read_yaml(data_dir / path, rel, blank_ok=record_res is None)
    except ReadError as exc:
        c.problems.append(exc.problem)
        for r in group:
            tables[r.name].readable = False
        return
    if doc is None:
        return
    if record_res is not None:
        rec = doc.record(doc.root)
        if rec is None:
            c.add(
                rel,
                1,
                f"expected the {record_res.title.lower()} fields as 'field: value' lines",
                "see the example project (`glasshouse new`)",
            )
        else:
            c.record(record_res, rec, rel, 1, tables[record_res.name])
            for r in group:
                if r.key:
                    node = _child(doc, r.key)
                    if node is None:
                        c.add(rel, rec.line, f"the list '{r.key}' is missing", f"add '{r.key}:' with at least one record")
                        continue
                    for i, sub in enumerate(doc.records(node, r.noun), 1):
                        c.record(r, sub, rel, i, tables[r.name])
    else:
        r = group[0]
        records = doc.records(doc.root, r.noun)
        tables[r.name].readable = bool(records) or not doc.problems
        for i, rec in enumerate(records, 1):
            c.record(r, rec, rel, i, tables[r.name])
    c.problems.extend(doc.problems)


def _child(doc: YamlDoc, key: str) -> Any:
    if isinstance(doc.root, MappingNode):
        for k, v in doc.root.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None
