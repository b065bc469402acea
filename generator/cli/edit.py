"""The commands for the data and the site: validate, build, serve, render, new, schemas."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    pass

from generator.cli.base import AUDIENCE_OPTION, CONFIG_OPTION, DATA_OPTION, cli, counted, friendly, number, print_each, print_problems
from generator.errors import DataError, Problem, printable


@cli.command()
@DATA_OPTION
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
@click.option(
    "--branch",
    default="gh-pages",
    show_default=True,
    help="The branch snapshots are published on: a status date left as its latest snapshot's is a warning.",
)
@friendly
def validate(data_dir: Path, strict: bool, branch: str) -> None:
    """Check every data file and report every problem at once, errors apart from warnings.

    Each problem names the file, line, record and field, says what is allowed and how to fix it.
    Exits with status 1 when there is any error. Warnings point at a status that looks stale or
    contradicts itself (a forecast or a risk review already past, an update overdue, a status date
    unchanged since the latest published snapshot although the status changed), and early
    warnings (a milestone slipping in the published snapshots, a forecast date unlikely, a risk
    rising or on a milestone that moved, feedback unanswered too long, sprints short of their
    commitment), about internal records too; they exit with status 0 unless --strict. Under GitHub
    Actions each problem is also printed as an annotation, so it shows on the pull request's
    changed lines. Today is SOURCE_DATE_EPOCH's date when set.
    """
    from generator.pipeline import check
    from generator.repo.published import local_history

    history = local_history(data_dir, branch) if data_dir.is_dir() else ()
    checked = check(data_dir, history=history, team=True)
    print_each(checked.warnings, annotate=True)
    if checked.warnings and strict:
        click.secho(f"Aborted: {counted(checked.warnings)} (--strict)", fg="red", err=True)
        sys.exit(1)
    counts = ", ".join(number(len(t), t.resource.noun) for name, t in checked.data.tables.items() if name != "project")
    click.echo(f"{printable(str(data_dir))}/ is valid: {counts}.")
    if checked.warnings:
        click.secho(f"{counted(checked.warnings)}: worth a look before publishing", fg="yellow", err=True)


@cli.command()
@CONFIG_OPTION
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site [default: site/ beside mkdocs.yml].",
)
@AUDIENCE_OPTION
@click.option(
    "--builder",
    help="What builds the site: mkdocs (runs the plugin), properdocs or zensical (build what `render` writes) "
    "[default: the plugin's `builder` in mkdocs.yml, else mkdocs].",
)
@friendly
def build(config_file: Path, site_dir: Path | None, audience: str, builder: str | None) -> None:
    """Validate the data, then build the site with `mkdocs build --strict`.

    The site directory is replaced only when the whole build succeeds; after a failure it keeps
    its previous content. The internal build goes to site-internal/ unless --site-dir says
    otherwise, and shows a banner on every page. The number of personal details redacted from
    published quotes is reported, and so are warnings (see `validate`); they stop nothing.
    """
    from generator.bulk import no_cycle_collection
    from generator.site.build import DEFAULT_SITE_DIR, build_site, settings

    warnings: list[Problem] = []
    try:
        # One build and the process ends: the cycle collector has nothing to find worth its walks
        # over the modules MkDocs and its theme import while the configuration is read.
        with no_cycle_collection():
            chosen = builder or settings(config_file).builder
            out = build_site(config_file, site_dir, audience, report=click.echo, warn=warnings.append, builder=chosen)  # type: ignore[arg-type]
    except DataError as exc:
        print_problems(exc)
        shown = site_dir or Path(config_file).parent / DEFAULT_SITE_DIR[audience]
        click.echo(f"Nothing was built: {os.path.relpath(shown)}/ keeps its previous content.", err=True)
        sys.exit(1)
    print_each(warnings)
    click.echo(f"Site built in {out}")
    click.echo(f"Preview it with: python -m http.server --directory {os.path.relpath(out)} 8000  (then open http://localhost:8000/)")


@cli.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@friendly
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
@DATA_OPTION
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write the project into."
)
@CONFIG_OPTION
@AUDIENCE_OPTION
@friendly
def render(data_dir: Path, out_dir: Path, config_file: Path, audience: str) -> None:
    """Write a complete project that MkDocs, ProperDocs or Zensical builds without the plugin.

    OUT gets mkdocs.yml (the team's, with the site's name, navigation, language, assets and
    footer stamp written out and the glasshouse plugin left out), docs/ (the generated pages,
    the files served beside them, the assets and the team's own pages), theme/ and nav.yml.
    Build it with `mkdocs build`, `properdocs build` or `zensical build` in OUT.
    """
    from generator.site.export import write_project

    written = write_project(data_dir, out_dir, config_file, audience)  # type: ignore[arg-type]
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
@friendly
def new(directory: Path, name: str | None, site_url: str | None, language: str | None) -> None:
    """Start a new status-site repository in DIRECTORY, with a small starting data set to replace.

    It holds data/ (two milestones, a risk, a sprint, no change requests and an empty feedback
    log, every text marked "Replace me"), mkdocs.yml with the site's address, the theme and pages,
    a README with the weekly routine, requirements.txt pinning this Glasshouse, and the CI
    workflows; it is a git repository with a first commit. Values not given as options are asked
    for when run in a terminal.
    """
    from generator.render.i18n import available
    from generator.scaffold import Choices, new_project, site_address
    from generator.site.build import EXAMPLE_SITE_URL

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
@DATA_OPTION
@friendly
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


@cli.command()
@DATA_OPTION
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@friendly
def export(data_dir: Path, out_dir: Path) -> None:
    """Write the data as a Data Package standard Frictionless tools validate whole.

    OUT_DIR/datapackage.json and one CSV file a resource (the project, its segments and contacts,
    milestones, risks, feedback, sprints, change requests), every value as the data files hold it:
    `frictionless validate OUT_DIR/datapackage.json` checks every field rule and the references
    between the files. The rules between records (dates in order, a list of milestones a record
    depends on) stay `glasshouse validate`'s.
    """
    from generator.data.package import DESCRIPTOR, tabular

    files = tabular(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(files)} files to {out_dir}; check them with: frictionless validate {out_dir / DESCRIPTOR}")


@cli.group()
def feedback() -> None:
    """Feedback coming in: import survey results into feedback.csv."""


@feedback.command("import")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="A YAML file: which column is the date, the rating (and its scale), the quote, the segment, the consent answer.",
)
@DATA_OPTION
@friendly
def import_feedback(export: Path, mapping: Path, data_dir: Path) -> None:
    """Add the rows of a survey tool's CSV export (Google Forms, Microsoft Forms...) to feedback.csv.

    New rows get the next ids, action `received` and consent `no` unless the export's answer is yes;
    rows imported before are skipped. The data is checked with the new rows first: on any problem
    nothing is written. The guide has a mapping file to start from.
    """
    from generator.data.imports import import_export

    added, skipped = import_export(data_dir, export, mapping)
    click.echo(f"{printable(str(data_dir))}/feedback.csv: {number(added, 'row')} added, {skipped} already there.")
