"""The `glasshouse` command: a thin layer over the library."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import DataError, GlasshouseError

F = TypeVar("F", bound=Callable[..., Any])

_data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="data",
    show_default=True,
    help="The project's data directory.",
)
_config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The MkDocs configuration of the site.",
)
_audience_option = click.option(
    "--audience",
    type=click.Choice(["public", "internal"]),
    default="public",
    show_default=True,
    help="public leaves out every record marked 'visibility: internal'; internal is for the project team.",
)


def _friendly(func: F) -> F:
    """Errors in the data become messages and exit status 1; our own bugs say how to report them."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            _print_problems(exc)
            sys.exit(1)
        except GlasshouseError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug:
                traceback.print_exc()
            else:
                click.secho(f"Internal error: {type(exc).__name__}: {exc}", fg="red", err=True)
                click.echo("This is a bug in Glasshouse, not in your data. Run again with --debug and report the traceback.", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _print_problems(exc: DataError) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in exc.problems:
        click.echo(str(p), err=True)
        if annotate:
            click.echo(p.annotation())
    click.secho(str(exc), fg="red", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="glasshouse")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def cli(debug: bool) -> None:
    """Glasshouse: publish your project's status to its customers.

    Keep the status as data in data/, check it with `validate`, preview it with `serve`, and
    build the status site with `build`.
    """


@cli.command()
@_data_option
@_friendly
def validate(data_dir: Path) -> None:
    """Check every data file and report every problem at once.

    Each problem names the file, line, record and field, says what is allowed and how to fix it.
    Exits with status 1 when there is any problem. Under GitHub Actions each problem is also
    printed as an annotation, so it shows on the pull request's changed lines.
    """
    from .validate import validate as run

    data = run(data_dir)
    counts = ", ".join(f"{len(t)} {name}" for name, t in data.tables.items() if name != "project")
    click.echo(f"{data_dir}/ is valid: {counts}.")


@cli.command()
@_config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site [default: site/ beside mkdocs.yml].",
)
@_audience_option
@_friendly
def build(config_file: Path, site_dir: Path | None, audience: str) -> None:
    """Validate the data, then build the site with `mkdocs build --strict`.

    The site directory is replaced only when the whole build succeeds; after a failure it keeps
    its previous content. The internal build goes to site-internal/ unless --site-dir says
    otherwise, and shows a banner on every page. The number of personal details redacted from
    published quotes is reported.
    """
    from .build import DEFAULT_SITE_DIR, build_site

    try:
        out = build_site(config_file, site_dir, audience, report=click.echo)  # type: ignore[arg-type]
    except DataError as exc:
        _print_problems(exc)
        shown = site_dir or Path(config_file).parent / DEFAULT_SITE_DIR[audience]
        click.echo(f"Nothing was built: {os.path.relpath(shown)}/ keeps its previous content.", err=True)
        sys.exit(1)
    click.echo(f"Site built in {out}")
    click.echo(f"Preview it with: python -m http.server --directory {os.path.relpath(out)} 8000  (then open http://localhost:8000/)")


@cli.command()
@_config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@_friendly
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site with live reload; it rebuilds when a data file or page changes.

    While it runs, a change that breaks the data is reported in the terminal and the last good
    version stays on screen.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import data_dir_of
    from .validate import validate as run

    run(data_dir_of(config_file))
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


@cli.command()
@_data_option
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write the Markdown into."
)
@_audience_option
@_friendly
def render(data_dir: Path, out_dir: Path, audience: str) -> None:
    """Write the generated Markdown pages, their assets and nav.yml to a directory.

    For inspecting what the site will contain, or for building it with another Markdown site
    builder: the pages need assets/glasshouse/charts.js and glasshouse.css on every page.
    """
    from .export import write_markdown

    written = write_markdown(data_dir, out_dir, audience)  # type: ignore[arg-type]
    click.echo(f"Wrote {written} files to {out_dir}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_friendly
def new(directory: Path) -> None:
    """Create a new status-site repository in DIRECTORY with the example project's data.

    Edit the files in DIRECTORY/data/, then run `glasshouse serve` there to preview.
    """
    from .export import new_project

    new_project(directory)
    click.echo(f"Created {directory}. Next: cd {directory}, edit data/project.yaml, then run `glasshouse serve`.")


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="glasshouse")
