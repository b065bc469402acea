"""The `glasshouse` command: a thin layer over the library."""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator import __version__
from generator.errors import DataError, GlasshouseError

if TYPE_CHECKING:
    from generator.publish.publish import Outcome

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
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in exc.problems:
            click.echo(p.annotation())
    for line in exc.listing():
        click.echo(line, err=True)
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
    from generator.data.validate import validate as run

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
    from generator.site.build import DEFAULT_SITE_DIR, build_site

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

    Prints the address to open. While the data has problems, they are printed in the terminal and
    every page of the preview lists them; the next save that fixes them brings the site back.
    """
    from generator.site.build import settings
    from generator.site.preview import serve as run

    settings(config_file)  # a missing mkdocs.yml, or one without the plugin, is said at once
    run(config_file, dev_addr)


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
    from generator.site.export import write_markdown

    written = write_markdown(data_dir, out_dir, audience)  # type: ignore[arg-type]
    click.echo(f"Wrote {written} files to {out_dir}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The project's name, the site's title [default: asked; else the directory's name].")
@click.option(
    "--site-url",
    help="The address the site will be published at, such as https://ORGANISATION.github.io/REPOSITORY/ "
    "[default: asked; else the example's, which publish refuses].",
)
@click.option("--language", help="The site's language, en or zh [default: asked; else en].")
@_friendly
def new(directory: Path, name: str | None, site_url: str | None, language: str | None) -> None:
    """Start a new status-site repository in DIRECTORY, with a small starting data set to replace.

    It holds data/ (two milestones, a risk, a sprint, no change requests and an empty feedback
    log, every text marked "Replace me"), mkdocs.yml with the site's address, the theme and pages,
    a README with the weekly routine, requirements.txt pinning this Glasshouse, and the CI
    workflows; it is a git repository with a first commit. Values not given as options are asked
    for when run in a terminal.
    """
    from generator.render.i18n import available
    from generator.site.scaffold import EXAMPLE_SITE_URL, Choices, new_project, site_address

    def address(text: str) -> str:
        found = site_address(text)
        if found is None:
            raise click.BadParameter(f"'{text}' is not a web address; write it like https://status.example.org/", param_hint="--site-url")
        return found

    def one_of(text: str) -> str:
        if text not in available():
            raise click.BadParameter(f"'{text}' is not one of {', '.join(available())}", param_hint="--language")
        return text

    ask = sys.stdin.isatty()
    fallback = directory.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "New project"
    if name is None:
        name = click.prompt("The project's name", default=fallback) if ask else fallback
    if site_url is None:
        prompt = "The site's address (where it will be published)"
        site_url = click.prompt(prompt, default=EXAMPLE_SITE_URL, value_proc=address) if ask else EXAMPLE_SITE_URL
    if language is None:
        language = click.prompt(f"Its language ({', '.join(available())})", default="en", value_proc=one_of) if ask else "en"
    name = name.strip() or fallback
    created = new_project(directory, Choices(name, address(site_url), one_of(language)))
    done = "with its first commit" if created.committed else "(not committed yet: see below)"
    click.echo(f"Created {directory}: a status site for {name}, from a starting data set, {done}.")
    for note in created.notes:
        click.echo(f"- {note}")
    click.echo(f'Next: replace every "Replace me" in {directory}/data/ with your project\'s own, and preview the site:')
    click.echo(f"  cd {shlex.quote(str(directory))} && {_this_command()} serve")


def _this_command() -> str:
    """How to run this glasshouse from any directory: `glasshouse` if that is the one on the PATH,
    else the full path of this one."""
    script = Path(sys.argv[0]) if Path(sys.argv[0]).name == "glasshouse" else Path(sys.executable).parent / "glasshouse"
    on_path = shutil.which("glasshouse")
    if on_path and Path(on_path).resolve() == script.resolve():
        return "glasshouse"
    return shlex.quote(str(script.resolve()))


@cli.command()
@_data_option
@_friendly
def schemas(data_dir: Path) -> None:
    """Write the data format this Glasshouse reads into the data directory.

    DATA/datapackage.yaml (the Frictionless descriptor of every file and field) and the JSON
    Schemas in DATA/schemas/ that editors check the YAML files with. Run it after upgrading
    Glasshouse; `validate` reports a datapackage.yaml that differs from the format it reads.
    """
    from generator.data.format import format_files

    for name, text in format_files().items():
        path = data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        click.echo(f"wrote {path}")


def _target_options(func: F) -> F:
    func = click.option("--no-push", "no_push", is_flag=True, help="Commit to the local branch only; push nothing.")(func)
    func = click.option("--branch", default="gh-pages", show_default=True, help="The branch the site is published on.")(func)
    func = click.option("--remote", default="origin", show_default=True, help="The git remote to fetch from and push to.")(func)
    return func


def _report(outcome: Outcome) -> None:
    where = "committed locally (not pushed)" if not outcome.pushed else "pushed"
    latest = " and `latest` points at it" if outcome.latest else ""
    tries = f" after {outcome.attempts} attempts (another deploy got there first)" if outcome.attempts > 1 else ""
    click.echo(f"{outcome.version} ({outcome.title}) {outcome.action}{latest}; {where}{tries}.")
    if outcome.frozen:
        click.echo(f"Closed, as their sprints are closed: {', '.join(outcome.frozen)}.")


@cli.command()
@_config_option
@_target_options
@_friendly
def publish(config_file: Path, remote: str, branch: str, no_push: bool) -> None:
    """Publish the current sprint's snapshot: validate, build, deploy, and move `latest` to it.

    What CI runs on every commit to main. The snapshot is `sprint-NN` on the gh-pages branch,
    deployed with mike; the site root redirects to `latest`. Snapshots of sprints that are closed
    in data/sprints.yaml are closed on the way. A failed validation or build deploys nothing and
    exits with status 1; a closed snapshot is never overwritten.
    """
    from generator.publish.publish import Request, Target
    from generator.publish.publish import publish as run

    _report(run(config_file, Request(), Target(remote, branch, not no_push)))


@cli.command()
@click.argument("sprint", type=int)
@click.option("--force", is_flag=True, help="Rebuild a closed snapshot; needs --reason.")
@click.option("--reason", default="", help="Why a closed snapshot is corrected; recorded and shown in the snapshot.")
@_config_option
@_target_options
@_friendly
def snapshot(sprint: int, force: bool, reason: str, config_file: Path, remote: str, branch: str, no_push: bool) -> None:
    """Close SPRINT's snapshot: from then on it shows the status as published and is never overwritten.

    If SPRINT is the data's current sprint, its snapshot is built and deployed closed; if the data
    has moved on, the snapshot already published is closed as it is. Correcting a closed snapshot
    takes --force and --reason "..."; the reason is recorded in versions.json and shown in the
    snapshot's footer.
    """
    from generator.publish.publish import Request, Target
    from generator.publish.publish import publish as run

    if reason and not force:
        raise click.UsageError("--reason goes with --force")
    if force and not reason.strip():
        raise click.UsageError('--force needs --reason "..." saying what is corrected; the reason is shown in the snapshot')
    _report(run(config_file, Request(sprint, close=True, force=force, reason=reason), Target(remote, branch, not no_push)))


@cli.command()
@_config_option
@click.option("--branch", default="gh-pages", show_default=True, help="The branch the site is published on.")
@click.option("--remote", default="origin", show_default=True, help="The git remote to fetch it from first.")
@click.option("--no-fetch", is_flag=True, help="List what the local branch holds, without fetching.")
@_friendly
def snapshots(config_file: Path, branch: str, remote: str, no_fetch: bool) -> None:
    """List the published snapshots: sprint, dates, data commit, when published, closed or open."""
    from generator.repo.published import fetch_published, listing

    repo = Path(config_file).resolve().parent
    ref = fetch_published(repo, remote, branch, fetch=not no_fetch)
    rows = listing(repo, ref) if ref else []
    if not rows:
        click.echo(f"Nothing is published on {branch} yet; `glasshouse publish` publishes the current sprint.")
        return
    click.echo(f"{'snapshot':<11} {'state':<7} {'data commit':<12} {'published':<20} title")
    for row in rows:
        click.echo(f"{row.version:<11} {row.state:<7} {row.commit:<12} {row.published:<20} {row.title}")
        for c in row.corrections:
            click.echo(f"{'':<11} corrected {c.at}: {c.reason}")


@cli.command()
@click.argument("a")
@click.argument("b", default=".")
@_config_option
@click.option("--branch", default="gh-pages", show_default=True, help="The branch snapshots are read from.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown suits a GitHub job summary.",
)
@_friendly
def diff(a: str, b: str, config_file: Path, branch: str, fmt: str) -> None:
    """Print what changed from A to B: milestones moved, status, risks, decisions, feedback.

    A and B are snapshots (sprint-14, 14, latest), git commits (main, HEAD~3, a SHA), or `.` for
    the data as it is now (the default for B). The same comparison as the "What changed" page.
    """
    from generator.publish.diff import diff as run
    from generator.publish.diff import report
    from generator.site.build import settings

    project = settings(Path(config_file))
    click.echo(report(run(a, b, Path(config_file).resolve().parent, project.data_dir, branch), fmt), nl=False)


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="glasshouse")
