"""Check the data against its format and against itself; collect every problem before stopping."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable
from pathlib import Path

from generator.bulk import no_cycle_collection
from generator.clock import today
from generator.data.csvfile import Batches, read_csv_resource
from generator.data.files import ReadError, data_dir_problem
from generator.data.format import DESCRIPTOR, DataFormat, Resource, data_format, descriptor_text
from generator.data.read import plain, read_text
from generator.data.readings import Readings
from generator.data.rules import check_rules
from generator.data.tables import Dataset, Table, display_path
from generator.data.values import Checker
from generator.data.warnings import future_as_of
from generator.data.yamlfile import read_yaml_resources
from generator.errors import DataError, Problem


def read_tables(data_dir: Path, fmt: DataFormat | None = None, readings: Readings | None = None) -> tuple[Dataset, list[Problem]]:
    """Read and type-check every file; cross-file rules are `check_rules`. With `readings`, a file
    read before and unchanged since is not read again."""
    fmt = fmt or data_format()
    c = Checker(fmt)
    referred = {fk.resource for r in fmt.resources for fk in r.foreign_keys}
    tables = {r.name: Table(r, referred=r.name in referred) for r in fmt.resources}
    for path, group in fmt.by_file():
        if readings is None:
            _read_file(c, data_dir, path, group, tables)
            continue
        own = {r.name: tables[r.name] for r in group}
        batches = readings.batches(data_dir / path) if group[0].format != "yaml" else None
        reading = readings.read(data_dir / path, tuple(own), functools.partial(_read_alone, fmt, data_dir, path, group, own, batches))
        tables.update(reading.tables)
        c.problems.extend(reading.problems)
    return Dataset(tables), c.problems


def _read_alone(
    fmt: DataFormat, data_dir: Path, path: str, group: tuple[Resource, ...], tables: dict[str, Table], batches: Batches | None
) -> tuple[dict[str, Table], list[Problem]]:
    """One file's tables and problems, read by a checker of its own."""
    c = Checker(fmt)
    _read_file(c, data_dir, path, group, tables, batches)
    return tables, c.problems


def _read_file(
    c: Checker, data_dir: Path, path: str, group: tuple[Resource, ...], tables: dict[str, Table], batches: Batches | None = None
) -> None:
    if group[0].format == "yaml":
        read_yaml_resources(c, data_dir, path, group, tables)
    else:
        read_csv_resource(c, data_dir, group[0], tables[group[0].name], batches)


def validate(data_dir: Path, day: dt.date | None = None, readings: Readings | None = None) -> Dataset:
    """The project's data, typed and consistent, or a DataError listing every problem. `day` is
    today unless given: a status date after it is an error. With `readings`, the files unchanged
    since they were read are not read again (`glasshouse serve`).

    A data directory that is not one, or that leads out of the project, is the one problem
    reported alone: none of its files is read."""
    refused = data_dir_problem(data_dir, display_path(data_dir))
    if refused is not None:
        raise DataError([refused])
    with no_cycle_collection():
        data, problems = read_tables(data_dir, readings=readings)
        problems += check_rules(data, data_dir, problems)
        problems += future_as_of(data, data_dir, day or today())
        problems += check_descriptor(data_dir)
    if problems:
        raise DataError(_ordered(problems))
    return data


def check_descriptor(data_dir: Path) -> list[Problem]:
    """A project's copy of the data format must be the one Glasshouse reads: Glasshouse never reads
    the copy, so an edit to it would be silently ignored. No copy at all is fine."""
    path = data_dir / DESCRIPTOR
    if not os.path.lexists(path):
        return []
    rel = display_path(path)
    try:
        text = read_text(path, rel)
    except ReadError as exc:
        return [exc.problem]
    if text == descriptor_text() or plain(text) == plain(descriptor_text()):
        return []
    return [
        Problem(
            rel,
            None,
            "differs from the data format this version of Glasshouse reads, so its changes have no effect",
            "Glasshouse checks the data against its own copy; run `glasshouse schemas` to write that copy here again",
        )
    ]


def _ordered(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))
