"""A CSV download as the site writes it, whole, for tests that read or scan one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from generator.render.downloads import Streamed, write_table


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return Streamed(lambda out: write_table(out, headers, rows)).bytes()
