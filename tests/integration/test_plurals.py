"""Counts take the number they count: "1 risk", "2 risks", never "1 risks" or "0 risks are closed",
on every page, chart and file of a project with one of everything, and in `validate`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.pipeline import generate

ONE_OF_EACH = {
    "risks.yaml": """
- id: R-002
  title: An old risk
  category: schedule
  likelihood: 1
  impact: 1
  owner: Team lead
  status: closed
  raised: 2026-11-01
""",
    "changes.yaml": """
- id: CR-01
  title: Book by phone
  requested_by: customers
  date: 2026-11-04
  decision: pending
""",
}
FEEDBACK = "FB-0001,2026-12-01,customers,email,4,booking,Booking is quick now.,yes,Ann Example,,Thank you.,done,,,,\n"
# Nouns the site counts, in their plural: one of them after "1" is a plural that does not follow its number.
PLURALS = "milestones|risks|changes|change requests|themes|segments|sprints|pieces|days|weeks|points|contacts|problems|warnings|files"
WRONG = re.compile(rf"\b1 (?:{PLURALS})\b|\b0 [\w ]{{1,30}}? (?:are|were) \w+")


def _new(root: Path) -> Path:
    project = root / "project"
    args = ["new", str(project), "--name", "One Thing", "--site-url", "https://one.example.net/", "--language", "en"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="module")
def none(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project as `glasshouse new` makes it: no feedback, no change request, no closed risk."""
    return _new(tmp_path_factory.mktemp("none"))


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One of everything that is counted."""
    project = _new(tmp_path_factory.mktemp("one"))
    data = project / "data"
    (data / "risks.yaml").write_text((data / "risks.yaml").read_text(encoding="utf-8") + ONE_OF_EACH["risks.yaml"], encoding="utf-8")
    (data / "changes.yaml").write_text(ONE_OF_EACH["changes.yaml"], encoding="utf-8")
    with (data / "feedback.csv").open("a", encoding="utf-8") as fh:
        fh.write(FEEDBACK)
    return project


def test_validate_counts_each_kind_of_record_in_its_number(one: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(one)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "data/ is valid: 1 segment, 1 contact, 2 milestones, 2 risks, 1 piece of feedback, 1 sprint, 1 change request.\n"
    )


@pytest.mark.parametrize("name", ["none", "one"])
def test_every_count_on_the_site_takes_its_number(name: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(request.getfixturevalue(name))
    site = generate(Path("data"))
    texts = {p.path: p.markdown for p in site.pages}
    texts |= {f"chart {c.id}": f"{c.caption} {c.summary} {c.empty}" for c in site.charts.values()}
    texts |= {path: body for path, body in site.files.items() if isinstance(body, str)}
    found = {where: m.group() for where, text in texts.items() for m in WRONG.finditer(re.sub(r"\s+", " ", text))}
    assert found == {}


def test_one_piece_of_feedback_in_one_theme(one: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(one)
    assert generate(Path("data")).charts["feedback-themes"].summary == "1 piece of feedback. All of it is about booking."
