"""The `glasshouse` command: a thin layer over the library, one module a family of commands."""

from __future__ import annotations

from generator.cli import edit, publishing  # noqa: F401  (each adds its commands to the group)
from generator.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="glasshouse")
