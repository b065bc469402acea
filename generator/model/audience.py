"""What each audience may see: whole records, single fields, and fields that no site ever shows.

The data format (`datapackage.yaml`) says it all: a record with `visibility: internal` is for the
project team; a record's `internal_fields` lists optional fields kept to the team while the rest of
the record is public; a field marked `glasshouse: {private: true}` is never published at all. The
model is built from `for_audience` and `whole_for_audience` only, so a page, chart, export or feed
cannot show what it never received. Records with internal fields come whole from
`whole_for_audience`, with the names to withhold: each record withholds them itself, keeping what
the whole record says (a risk with its mitigation internal is not unmitigated).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.data.format import INTERNAL_FIELDS, VISIBILITY
from generator.data.tables import Table

Audience = Literal["public", "internal"]


@dataclass(frozen=True)
class Withheld:
    """What exists in the data but an audience may not see, by id alone: the ids of records kept
    internal (by resource name, sprint numbers as text) and the internal fields of the records it
    does see. Never shown anywhere; the history stage strips earlier snapshots' status documents of
    these, so that what is internal now is named by no file built now, whatever was published then."""

    records: Mapping[str, frozenset[str]] = field(default_factory=dict)
    fields: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.records.values()) or any(self.fields.values())


def withheld(tables: Iterable[Table], audience: Audience) -> Withheld:
    """The ids of what `for_audience` leaves out of `tables` for `audience`: nothing for the team."""
    if audience != "public":
        return Withheld()
    records: dict[str, frozenset[str]] = {}
    fields: dict[str, dict[str, frozenset[str]]] = {}
    for table in tables:
        r = table.resource
        if r.primary_key is None or VISIBILITY not in table.columns:
            continue
        i_id, i_visibility = table.columns.index(r.primary_key), table.columns.index(VISIBILITY)
        i_internal = table.columns.index(INTERNAL_FIELDS) if INTERNAL_FIELDS in table.columns else None
        records[r.name] = frozenset(str(row[i_id]) for row in table.rows if row[i_visibility] == "internal")
        if i_internal is not None:
            fields[r.name] = {
                str(row[i_id]): frozenset(row[i_internal]) for row in table.rows if row[i_internal] and row[i_visibility] != "internal"
            }
    return Withheld(records, fields)


def for_audience(table: Table, audience: Audience) -> list[dict[str, Any]]:
    """The records of `table` that `audience` may see, each holding only the fields it may see.

    Private fields and the `internal_fields` list itself are dropped for every audience; for the
    public, internal records are left out and internal fields emptied (None, or [] for a list).
    """
    r = table.resource
    dropped = {*r.private, INTERNAL_FIELDS}
    names = tuple(c for c in table.columns if c not in dropped)
    return [dict(zip(names, values, strict=True)) for values in rows_for_audience(table, audience, names)]


def whole_for_audience(table: Table, audience: Audience) -> Iterator[tuple[dict[str, Any], frozenset[str]]]:
    """The records of `table` that `audience` may see, whole but for private fields, each with the
    names of the fields `audience` may not see: the model withholds those itself (each record's
    `withholding`), so that what it says of a record (late, unmitigated, review due) is true of the
    whole record while no withheld value reaches a page."""
    r = table.resource
    dropped = {*r.private, INTERNAL_FIELDS}
    names = tuple(c for c in table.columns if c not in dropped)
    i_internal = table.columns.index(INTERNAL_FIELDS) if INTERNAL_FIELDS in table.columns else None
    i_visibility = table.columns.index(VISIBILITY) if VISIBILITY in table.columns else None
    for row, values in zip(table.rows, rows_for_audience(table, "internal", names), strict=True):
        if audience == "public" and i_visibility is not None and row[i_visibility] == "internal":
            continue
        hidden = frozenset(row[i_internal]) if audience == "public" and i_internal is not None and row[i_internal] else frozenset()
        yield dict(zip(names, values, strict=True)), hidden


def rows_for_audience(
    table: Table, audience: Audience, names: tuple[str, ...], rows: Iterable[tuple[Any, ...]] | None = None
) -> Iterator[tuple[Any, ...]]:
    """The values of `names` in each record `audience` may see: `for_audience` as tuples, for
    tables too long to make a dictionary of every record. A private field cannot be asked for.
    Of `rows` of the table, when given (a batch), else of all of them."""
    r = table.resource
    if private := [n for n in names if n in r.private or n == INTERNAL_FIELDS]:
        raise ValueError(f"{r.name}: {', '.join(private)} is never published")
    at = {name: i for i, name in enumerate(table.columns)}
    pick = operator.itemgetter(*(at[n] for n in names)) if len(names) > 1 else (lambda row: (row[at[names[0]]],))
    i_visibility = at.get(VISIBILITY)
    i_internal = at.get(INTERNAL_FIELDS)
    empty: dict[str, list[Any] | None] = {n: [] if r.by_name[n].type == "array" else None for n in names}
    for row in table.rows if rows is None else rows:
        if audience == "public" and i_visibility is not None and row[i_visibility] == "internal":
            continue
        values = pick(row)
        if audience == "public" and i_internal is not None and row[i_internal]:
            hidden = set(row[i_internal])
            values = tuple(empty[n] if n in hidden else v for n, v in zip(names, values, strict=True))
        yield values
