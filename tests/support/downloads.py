"""A CSV download as the site writes it, whole, for tests that read or scan one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from generator.render.downloads import Streamed, cells, write_table


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """`rows` of values written as the site writes a register: made cells column by column."""
    columns = [cells(column) for column in zip(*rows, strict=True)]
    return Streamed(lambda out: write_table(out, headers, [columns] if columns else [])).bytes()
