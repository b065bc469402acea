"""The `glasshouse` group and what its commands share: options, and how errors and problems are shown."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__
from generator.errors import DataError, GlasshouseError, Problem, printable_lines

F = TypeVar("F", bound=Callable[..., Any])

DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="data",
    show_default=True,
    help="The project's data directory.",
)
CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The MkDocs configuration of the site.",
)
AUDIENCE_OPTION = click.option(
    "--audience",
    type=click.Choice(["public", "internal"]),
    default="public",
    show_default=True,
    help="public leaves out every record marked 'visibility: internal'; internal is for the project team.",
)


def friendly(func: F) -> F:
    """Errors in the data become messages and exit status 1; our own bugs say how to report them."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            print_problems(exc)
            sys.exit(1)
        except GlasshouseError as exc:
            click.secho(f"Error: {printable_lines(str(exc))}", fg="red", err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug:
                traceback.print_exc()
            else:
                click.secho(f"Internal error: {type(exc).__name__}: {printable_lines(str(exc))}", fg="red", err=True)
                click.echo("This is a bug in Glasshouse, not in your data. Run again with --debug and report the traceback.", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def print_problems(exc: DataError) -> None:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in exc.problems:
            click.echo(p.annotation())
    for line in exc.listing():
        click.echo(line, err=True)
    click.secho(str(exc), fg="red", err=True)


def print_each(problems: list[Problem] | tuple[Problem, ...], annotate: bool = False) -> None:
    """Each problem with its place; under GitHub Actions, `annotate` also makes it an annotation
    on the pull request (an error or a warning)."""
    annotate = annotate and os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems:
        click.echo(str(p), err=True)
        if annotate:
            click.echo(p.annotation())


def counted(problems: tuple[Problem, ...]) -> str:
    """'2 warnings in 1 file'."""
    return f"{number(len(problems), 'warning')} in {number(len({p.file for p in problems}), 'file')}"


# Nouns whose plural is not the singular with an s.
_PLURALS = {"feedback": ("piece of feedback", "pieces of feedback")}


def number(n: int, noun: str) -> str:
    """'1 risk', '2 risks', '1 piece of feedback': a count with its noun in the number it takes."""
    one, many = _PLURALS.get(noun, (noun, noun + "s"))
    return f"{n} {one if n == 1 else many}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="glasshouse")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def cli(debug: bool) -> None:
    """Glasshouse: publish your project's status to its customers.

    Keep the status as data in data/, check it with `validate`, preview it with `serve`, and
    build the status site with `build`.
    """


def target_options(func: F) -> F:
    func = click.option("--no-push", "no_push", is_flag=True, help="Commit to the local branch only; push nothing.")(func)
    func = click.option("--branch", default="gh-pages", show_default=True, help="The branch the site is published on.")(func)
    func = click.option("--remote", default="origin", show_default=True, help="The git remote to fetch from and push to.")(func)
    return func
