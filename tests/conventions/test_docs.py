"""Documentation that cannot go stale: the data reference, the JSON Schemas, the README."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import click
import pytest
import yaml

from generator.cli import cli
from generator.data.format import data_format, descriptor_text, schema_files
from generator.render.pages import environment
from generator.render.reference import reference_context
from tests.support.projects import EXAMPLE_DATA, ROOT

README = ROOT / "README.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def test_descriptor_is_a_valid_data_package() -> None:
    from frictionless import Package

    report = Package.validate_descriptor(yaml.safe_load(descriptor_text()))
    assert report.valid, [e.message for e in report.errors]


def test_package_reads_the_repository_descriptor() -> None:
    assert descriptor_text() == (EXAMPLE_DATA / "datapackage.yaml").read_text(encoding="utf-8")


def test_reference_lists_every_file_and_field() -> None:
    page = environment().get_template("reference.md.j2").render(**reference_context())
    for resource in data_format().resources:
        assert f"## `{resource.path}`" in page
        for field in resource.fields:
            assert f"| `{field.name}` |" in page, (resource.name, field.name)
    assert "never published" in page  # private fields are marked


def test_reference_says_what_is_never_published() -> None:
    page = environment().get_template("reference.md.j2").render(**reference_context())
    private = [(r.path, f.name) for r in data_format().resources for f in r.fields if f.private]
    assert ("feedback.csv", "respondent") in private and ("feedback.csv", "respondent_email") in private
    listed = ", ".join(f"`{name}` (in `{path}`)" for path, name in private)
    assert f"These fields are never published, on any site, whatever the record's visibility says: {listed}." in page
    for r in data_format().resources:
        if r.hideable:
            assert "may list: " + ", ".join(f"`{name}`" for name in r.hideable) + "." in page, r.name
    assert "Markdown subset: *emphasis*" in page.replace("&#42;", "*").replace("&#58;", ":")


def test_json_schemas_are_current() -> None:
    for name, content in schema_files().items():
        path = EXAMPLE_DATA / "schemas" / name
        assert path.read_text(encoding="utf-8") == content, f"{path} is stale: run `make schemas`"
        json.loads(content)


def test_yaml_files_point_editors_at_their_schema() -> None:
    for name in schema_files():
        data_file = EXAMPLE_DATA / name.replace(".schema.json", ".yaml")
        first = data_file.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schemas/{name}"


def test_docs_name_real_commands_and_make_targets() -> None:
    """What README.md and CONTRIBUTING.md tell people to type exists."""
    readme, contributing = README.read_text(encoding="utf-8"), CONTRIBUTING.read_text(encoding="utf-8")
    assert "    make site " in readme and "    make test " in readme
    assert "## One command for every check\n\n    make test\n" in contributing
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    commands = set(cli.commands)  # type: ignore[attr-defined]
    for doc in (readme, contributing):
        assert set(re.findall(r"(?:^ {4}|`)make ([a-z][a-z-]*)", doc, re.M)) <= targets
        assert set(re.findall(r"glasshouse ([a-z][a-z-]*)", doc)) <= commands


@pytest.mark.parametrize("command", sorted(cli.commands))  # type: ignore[attr-defined]
def test_readme_documents_every_command(command: str) -> None:
    row = rf"^\| `glasshouse {command}(?: [A-Z][A-Z ]*| --[a-z]+ [A-Z]+)?` \| \w"
    assert re.search(row, README.read_text(encoding="utf-8"), re.M), f"the command table in README.md has no row for `glasshouse {command}`"


def readme_pieces() -> list[str]:
    """README.md in the pieces a reader takes in at once: paragraphs, each table row and each list item."""
    pieces: list[list[str]] = []
    fresh = True
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            fresh = True
            continue
        if fresh or line.startswith(("|", "- ")):
            pieces.append([])
        pieces[-1].append(line.strip())
        fresh = line.startswith("|")
    return [" ".join(piece) for piece in pieces]


def cli_options() -> list[tuple[str, str]]:
    """Every option of the `glasshouse` command ("" before the command) and of each of its commands."""
    commands = [("", cli), *sorted(cli.commands.items())]  # type: ignore[attr-defined]
    return [(name, opt) for name, command in commands for p in command.params if isinstance(p, click.Option) for opt in p.opts]


@pytest.mark.parametrize(("command", "option"), cli_options(), ids=[f"{c or 'glasshouse'} {o}" for c, o in cli_options()])
def test_readme_documents_every_option(command: str, option: str) -> None:
    """Where the command is named, so that an option is not documented only for another command."""
    typed = f"glasshouse {command}".strip()
    said = [
        piece
        for piece in readme_pieces()
        if re.search(rf"{re.escape(typed)}(?![\w-])", piece) and re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", piece)
    ]
    assert said, f"README.md does not say what `{typed} {option}` does"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


RELEASE = re.compile(r"\[(?P<version>\d+(?:\.\d+)*)\] - (?P<date>\d{4}-\d{2}-\d{2})")


def changelog_order(text: str) -> list[str]:
    """What keeps a changelog from reading newest first: `## Unreleased` may come only first, and
    every other section is a release, `## [X.Y.Z] - YYYY-MM-DD`, older than the one above it."""
    headings = re.findall(r"^## (.*?)\s*$", text, re.M)
    if not headings:
        return ["no section: start with '## Unreleased'"]
    problems, releases = [], []
    for at, heading in enumerate(headings):
        release = RELEASE.fullmatch(heading)
        if heading == "Unreleased" and at == 0:
            continue
        if release is None:
            problems.append(f"'## {heading}' is neither '## Unreleased' at the top nor a release, '## [X.Y.Z] - YYYY-MM-DD'")
            continue
        version = tuple(int(n) for n in release["version"].split("."))
        releases.append((heading, version, dt.date.fromisoformat(release["date"])))
    for (newer, version, date), (older, older_version, older_date) in itertools.pairwise(releases):
        if not (version > older_version and date >= older_date):
            problems.append(f"'## {older}' is below '## {newer}' but not older")
    return problems


def test_changelog_reads_newest_first() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert changelog_order(text) == []


def test_changelog_order_is_checked() -> None:
    """A changelog out of order is refused."""
    assert changelog_order("## Unreleased\n### Added\n## [0.10.0] - 2026-02-01\n## [0.9.1] - 2026-02-01\n") == []
    older_first = "## [0.1.0] - 2026-01-05\n## [0.2.0] - 2026-02-01\n"
    assert changelog_order(older_first) == ["'## [0.2.0] - 2026-02-01' is below '## [0.1.0] - 2026-01-05' but not older"]
    dates_rise = "## [0.2.0] - 2026-01-05\n## [0.1.0] - 2026-02-01\n"
    assert changelog_order(dates_rise) == ["'## [0.1.0] - 2026-02-01' is below '## [0.2.0] - 2026-01-05' but not older"]
    not_a_release = "is neither '## Unreleased' at the top nor a release, '## [X.Y.Z] - YYYY-MM-DD'"
    assert changelog_order("## [0.1.0] - 2026-01-05\n## Unreleased\n") == [f"'## Unreleased' {not_a_release}"]
    assert changelog_order("## Unreleased\n## 0.1.0\n") == [f"'## 0.1.0' {not_a_release}"]
    assert changelog_order("# Changelog\n### Added\n") == ["no section: start with '## Unreleased'"]


def test_readme_lists_the_guarantees_with_their_tests() -> None:
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## What Glasshouse guarantees", 1)[1].split("\n## ", 1)[0]
    tests = re.findall(r"`(tests/[\w/]+\.py)`", section)
    assert len(set(tests)) >= 8
    for path in tests:
        assert (ROOT / path).is_file(), path


def test_readme_documents_languages_badge_and_report(minimal: Path) -> None:
    from generator.pipeline import generate
    from generator.render.i18n import available

    readme = README.read_text(encoding="utf-8")
    site = generate(minimal)
    for code in available():
        assert f"`{code}`" in readme, code
    assert "language: zh" in readme
    badge = "badge.svg"
    assert badge in site.files
    assert f"(https://status.example.org/{badge})" in readme and f'src="https://status.example.org/{badge}"' in readme
    assert f"**{site.page('print.md').title}**" in readme
    assert "make messages" in CONTRIBUTING.read_text(encoding="utf-8")
