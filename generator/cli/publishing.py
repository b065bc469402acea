"""The commands for the published site: publish, snapshot, snapshots, notify, diff, purge."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from generator.publish.publish import Outcome


if TYPE_CHECKING:
    from generator.publish.publish import Outcome

from generator.cli.base import CONFIG_OPTION, cli, friendly, print_each, target_options
from generator.errors import GlasshouseError, printable, printable_lines


def _report(outcome: Outcome) -> None:
    where = "committed locally (not pushed)" if not outcome.pushed else "pushed"
    latest = " and `latest` points at it" if outcome.latest else ""
    tries = f" after {outcome.attempts} attempts (another deploy got there first)" if outcome.attempts > 1 else ""
    for version, commit in outcome.finals:
        source = f"data commit {commit[:12]}" if commit else "the data as it is"
        click.echo(printable(f"{version} closed with its sprint's final figures, from {source}, which closed the sprint."))
    done = f"{outcome.action}{latest}; {where}{tries}"
    if outcome.unchanged:
        done = "is published already as this data builds it: nothing to commit or push"
    click.echo(printable(f"{outcome.version} ({outcome.title}) {done}."))
    if outcome.frozen:
        click.echo(printable(f"Closed, as their sprints are closed: {', '.join(outcome.frozen)}."))
    if outcome.retitled:
        click.echo(
            f"Shown by version name in the version selector, as their titles name what is internal now: {', '.join(outcome.retitled)}."
        )
    for line in (line for note in outcome.ahead for line in note.splitlines()):
        click.echo(printable(line), err=True)
    print_each(outcome.warnings)


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what publishing would do, and do none of it.")
@CONFIG_OPTION
@target_options
@friendly
def publish(dry_run: bool, config_file: Path, remote: str, branch: str, no_push: bool) -> None:
    """Publish the current sprint's snapshot: validate, build, deploy, and move `latest` to it.

    What CI runs on every commit to main. The snapshot is `sprint-NN` on the gh-pages branch,
    deployed with mike; the site root redirects to `latest` and serves the latest badge.svg,
    status.json, status.schema.json, feed.xml and rss.xml. Snapshots of sprints that are closed in
    data/sprints.yaml are closed on the way, with their final figures: a snapshot built while its
    sprint ran is built again from the data of the commit that closed the sprint. A failed
    validation or build deploys nothing and exits with status 1; a closed snapshot is never
    overwritten. Warnings (see `validate`) are printed and stop nothing.

    It says what it is about to do before it does it; with --dry-run it says only that: the data is
    validated and what is published is read, but nothing is built, committed or pushed.
    """
    from generator.publish.publish import Request, Target
    from generator.publish.publish import dry_run as look
    from generator.publish.publish import publish as run

    target = Target(remote, branch, not no_push)
    if dry_run:
        for line in look(config_file, Request(), target):
            click.echo(printable_lines(line))
        click.echo("Dry run: nothing was built or pushed.")
        return
    _report(run(config_file, Request(), target, say=lambda line: click.echo(printable(line))))


@cli.command()
@click.argument("sprint", type=int)
@click.option("--force", is_flag=True, help="Rebuild a closed snapshot; needs --reason.")
@click.option("--reason", default="", help="Why a closed snapshot is corrected; recorded and shown in the snapshot.")
@CONFIG_OPTION
@target_options
@friendly
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
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Write each segment's update here (.eml, .html, .txt).")
@click.option("--send", is_flag=True, help="Send it to the distribution list and the webhooks, once; from the publish workflow only.")
@CONFIG_OPTION
@target_options
@friendly
def notify(out: Path | None, send: bool, config_file: Path, remote: str, branch: str, no_push: bool) -> None:
    """Write or send the update for the latest published snapshot.

    With --out, each customer segment's update e-mail is written to files for a preview, addressed
    to a placeholder. With --send, it goes to the distribution list (GLASSHOUSE_MAIL_LIST or
    GLASSHOUSE_MAIL_RECIPIENTS) through the SMTP server in GLASSHOUSE_SMTP_*, and to the chat
    webhooks in GLASSHOUSE_WEBHOOKS, each recipient once per update: what was sent is recorded in
    notified.json on the published branch, without addresses. A failed send is reported and exits
    with status 0: the publish stands, and running it again sends only what is missing.
    """
    import os

    from generator.publish.announce import announce
    from generator.publish.deploy import Target

    if not out and not send:
        raise click.UsageError("say what to do: --out DIR to write the update, --send to send it, or both")
    for line in announce(config_file, Target(remote, branch, not no_push), dict(os.environ), out, send):
        click.echo(printable(line))


@cli.command()
@CONFIG_OPTION
@click.option("--branch", default="gh-pages", show_default=True, help="The branch the site is published on.")
@click.option("--remote", default="origin", show_default=True, help="The git remote to fetch it from first.")
@click.option("--no-fetch", is_flag=True, help="List what the local branch holds, without fetching.")
@friendly
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
    for row in rows:  # what gh-pages holds is shown, never obeyed: a title cannot add a line or move the cursor
        click.echo(printable(f"{row.version:<11} {row.state:<7} {row.commit:<12} {row.published:<20} {row.title}"))
        for c in row.corrections:
            click.echo(printable(f"{'':<11} corrected {c.at}: {c.reason}"))
        for at in row.removals:
            click.echo(printable(f"{'':<11} a value published by mistake removed {at} (glasshouse purge)"))


@cli.command()
@click.argument("a")
@click.argument("b", default=".")
@CONFIG_OPTION
@click.option("--branch", default="gh-pages", show_default=True, help="The branch snapshots are read from.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown suits a GitHub job summary.",
)
@friendly
def diff(a: str, b: str, config_file: Path, branch: str, fmt: str) -> None:
    """Print what changed from A to B: milestones moved, status, risks, decisions, feedback.

    A and B are snapshots (sprint-14, 14, latest), git commits (main, HEAD~3, a SHA), or `.` for
    the data as it is now (the default for B). The same comparison as the "What changed" page,
    in the language of B's project.yaml.
    """
    from generator.publish.diff import diff as run
    from generator.publish.diff import report
    from generator.site.build import settings

    project = settings(Path(config_file))
    comparison, lang = run(a, b, Path(config_file).resolve().parent, project.data_dir, branch)
    # Titles, names and labels come from the data and from gh-pages: each is shown on one line,
    # escaped, in the terminal, the CI log and the job summary; none can add a line of its own.
    click.echo(printable_lines(report(_one_line(comparison), lang, fmt)), nl=False)


def _one_line(value: Any) -> Any:
    """`value` (a comparison, its records, their texts) with every text made printable."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple):
        return tuple(_one_line(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _one_line(getattr(value, f.name)) for f in dataclasses.fields(value)})
    return value


@cli.command()
@click.argument("values", nargs=-1)
@click.option("--from-file", type=click.File("r", encoding="utf-8"), help="Values one a line, kept out of your shell's history.")
@click.option("--yes", is_flag=True, help="Do it without asking. Without it, type the branch name to confirm.")
@CONFIG_OPTION
@click.option("--branch", default="gh-pages", show_default=True, help="The branch the site is published on.")
@click.option("--remote", default="origin", show_default=True, help="The git remote to rewrite it on.")
@friendly
def purge(values: tuple[str, ...], from_file: Any, yes: bool, config_file: Path, branch: str, remote: str) -> None:
    """Remove VALUES published by mistake from the published branch and its whole history.

    Archived snapshots are never rebuilt and git keeps every published commit: this is the one way
    to take a value back. It says where the value is and what it will do; once you confirm, it
    rewrites the branch's history with [removed] in place of the value, notes the removal in
    versions.json and force-pushes with a lease. Run it on your own machine, not in CI, whose logs
    others read; it never prints the value.
    """
    from generator.publish import purge as run
    from generator.publish.deploy import Target
    from generator.publish.scrub import Scrubber
    from generator.site.build import settings

    wanted = run.values_from(values, from_file or ())
    if why := run.refused_values(wanted):
        raise click.UsageError(why)
    repo, target, scrubber = Path(config_file).resolve().parent, Target(remote, branch), Scrubber(wanted)
    found = run.survey(repo, settings(Path(config_file)).data_dir, target, scrubber)
    click.echo(run.describe(found, target, len(wanted)), nl=False)
    for warning in run.warnings(found):
        click.secho(f"\nWarning: {warning}", fg="yellow")
    if found.branch.empty:
        return
    if why := run.refusal(found):
        raise GlasshouseError(f"nothing was changed: {why}")
    try:
        ask = f"\nType {branch} to rewrite it, or anything else to stop"
        typed = branch if yes else click.prompt(ask, default="", show_default=False, err=True)
    except click.Abort:  # no terminal to ask at, as in CI: not confirmed
        typed = ""
    if typed.strip() != branch:
        click.echo("\nNothing was changed: not confirmed (type the branch name, or pass --yes).", err=True)
        sys.exit(1)
    click.echo(run.summary(run.remove(repo, target, scrubber, found), target))
