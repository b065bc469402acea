"""Stale or contradictory status: a status date in the future is an error; forecasts and risk
reviews already past, an update overdue and a status date left unchanged while the status changed
are warnings, shown apart from errors, exit status 0 unless --strict, annotations on a pull request."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.clock import today
from generator.data.validate import validate
from generator.data.warnings import date_warnings
from generator.errors import DataError, Problem
from generator.history.edition import Snapshot
from generator.history.statusdoc import status_document
from generator.pipeline import check, read_status
from tests.support.projects import ROOT, action_metadata
from tests.support.sprint_cases import edit

STATUS_DAY = "1774958400"  # 31 Mar 2026 12:00 UTC: the minimal fixture's status date
LATER = "1776686400"  # 20 Apr 2026 12:00 UTC: 20 days after it, the update due on 14 Apr is overdue
VALID = "data/ is valid: 2 segments, 3 contacts, 3 milestones, 3 risks, 5 pieces of feedback, 3 sprints, 2 change requests.\n"
FORECAST = (
    "data/milestones.yaml:14: warning: milestone M-02, field 'forecast': 2026-03-20 is before the status date 2026-03-31, "
    "and the milestone is not done (status: at_risk)\n"
    "    hint: set the date it is now expected, or set 'status: done' with its done date\n"
)
OVERDUE = (
    "data/project.yaml:7: warning: field 'as_of': 2026-03-31 is 20 days ago: the next update was due by 2026-04-14 "
    "(update_cadence_days: 14)\n"
    "    hint: bring the status up to date and set 'as_of' to the day it describes\n"
)
REVIEW = (
    "data/risks.yaml:10: warning: risk R-001, field 'next_review': 2026-03-30 is before the status date 2026-03-31: "
    "the review is overdue\n"
    "    hint: review the risk, then set the date of its next review\n"
)
UNCHANGED = (
    "data/project.yaml:7: warning: field 'as_of': 2026-03-31 is still the status date of the published snapshot sprint-03, "
    "but the status has changed since\n"
    "    hint: set 'as_of' to the day this status describes, so that readers can tell it from the published one\n"
)


def _run(*args: str, epoch: str = STATUS_DAY, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": epoch, "GITHUB_ACTIONS": "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def _stale(data: Path) -> None:
    """A forecast and a risk review already past on the status date."""
    edit(data / "milestones.yaml", "forecast: 2026-04-24", "forecast: 2026-03-20")
    edit(data / "risks.yaml", "next_review: 2026-04-07", "next_review: 2026-03-30")


def test_today_is_source_date_epoch_s_day_when_it_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", STATUS_DAY)
    assert today() == dt.date(2026, 3, 31)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert today() in (dt.datetime.now(tz=dt.UTC).date(), (dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=1)).date())


def test_a_warning_says_so_in_text_and_in_its_annotation() -> None:
    problem = Problem("data/risks.yaml", 10, "is overdue", "review it", "risk R-001", "next_review", severity="warning")
    assert str(problem) == "data/risks.yaml:10: warning: risk R-001, field 'next_review': is overdue\n    hint: review it"
    assert (
        problem.annotation() == "::warning file=data/risks.yaml,line=10,title=risk R-001::field 'next_review': is overdue (hint: review it)"
    )
    error = Problem("data/risks.yaml", 10, "is wrong")
    assert (str(error), error.annotation()) == (
        "data/risks.yaml:10: is wrong",
        "::error file=data/risks.yaml,line=10,title=glasshouse::is wrong",
    )


def test_a_status_date_in_the_future_is_an_error(minimal: Path) -> None:
    edit(minimal / "project.yaml", "as_of: 2026-03-31", "as_of: 2026-04-01")
    code, out, err = _run("validate")
    assert (code, out) == (1, "")
    assert err == (
        "data/project.yaml:7: field 'as_of': 2026-04-01 is in the future\n"
        "    hint: the status date is the day the status describes, today at the latest; check the year\n"
        "Aborted: 1 problem in 1 file\n"
    )
    assert _run("validate", epoch=str(int(STATUS_DAY) + 86400)) == (0, VALID, "")  # a day later it is today


def test_the_fixture_on_its_status_date_has_no_warning(minimal: Path) -> None:
    assert _run("validate") == (0, VALID, "")
    assert check(minimal, day=dt.date(2026, 4, 14)).warnings == ()  # the day the next update is due


def test_warnings_are_shown_apart_and_exit_0(minimal: Path) -> None:
    _stale(minimal)
    assert _run("validate", epoch=LATER) == (
        0,
        VALID,
        FORECAST + OVERDUE + REVIEW + "3 warnings in 3 files: worth a look before publishing\n",
    )


def test_strict_fails_on_warnings(minimal: Path) -> None:
    _stale(minimal)
    assert _run("validate", "--strict") == (1, "", FORECAST + REVIEW + "Aborted: 2 warnings in 2 files (--strict)\n")
    edit(minimal / "milestones.yaml", "forecast: 2026-03-20", "forecast: 2026-04-24")
    edit(minimal / "risks.yaml", "next_review: 2026-03-30", "next_review: 2026-04-07")
    assert _run("validate", "--strict") == (0, VALID, "")


def test_warnings_are_annotations_on_a_pull_request(minimal: Path) -> None:
    _stale(minimal)
    code, out, _ = _run("validate", env={"GITHUB_ACTIONS": "true"})
    assert code == 0
    assert out == (
        "::warning file=data/milestones.yaml,line=14,title=milestone M-02::field 'forecast': 2026-03-20 is before the status date "
        "2026-03-31, and the milestone is not done (status: at_risk) (hint: set the date it is now expected, or set 'status: done' "
        "with its done date)\n"
        "::warning file=data/risks.yaml,line=10,title=risk R-001::field 'next_review': 2026-03-30 is before the status date "
        "2026-03-31: the review is overdue (hint: review the risk, then set the date of its next review)\n" + VALID
    )


def test_the_pull_request_workflow_shows_warnings_without_failing() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["site"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # origin/gh-pages too, for the status date of the latest snapshot
    # The action validates (plain `glasshouse validate`: annotations, and a failure on errors only).
    assert [s.get("with") for s in steps if s.get("uses") == "./"] == [{"publish": "false"}]
    assert [s["run"] for s in action_metadata()["runs"]["steps"] if "glasshouse validate" in s.get("run", "")] == ["glasshouse validate"]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("milestones.yaml", "forecast: 2026-04-24\n  status: at_risk", "forecast: 2026-03-20\n  status: cancelled"),
        ("risks.yaml", "  status: closed\n", "  status: closed\n  next_review: 2026-03-01\n"),
    ],
)
def test_what_is_over_is_not_stale(minimal: Path, file: str, old: str, new: str) -> None:
    edit(minimal / file, old, new)
    assert date_warnings(validate(minimal, dt.date(2026, 3, 31)), minimal, dt.date(2026, 3, 31)) == []


def test_a_status_date_unchanged_since_the_published_snapshot(minimal: Path) -> None:
    day = dt.date(2026, 3, 31)
    published = (Snapshot("sprint-03", "Sprint 3", status_document(read_status(minimal))),)
    assert check(minimal, history=published, day=day).warnings == ()  # nothing changed since
    edit(minimal / "risks.yaml", "likelihood: 4", "likelihood: 3")
    assert [str(w) + "\n" for w in check(minimal, history=published, day=day).warnings] == [UNCHANGED]
    assert check(minimal, "internal", history=published, day=day).warnings == ()  # snapshots hold the public status only
    edit(minimal / "project.yaml", "as_of: 2026-03-31", "as_of: 2026-04-01")
    assert check(minimal, history=published, day=dt.date(2026, 4, 1)).warnings == ()


def _git(cwd: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", **env}).stdout


def test_validate_compares_with_the_latest_snapshot_on_the_gh_pages_branch(minimal: Path) -> None:
    project = minimal.parent
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Data")
    doc = status_document(read_status(minimal))
    _git(project, "checkout", "-q", "--orphan", "gh-pages")
    _git(project, "rm", "-rq", "--cached", ".")
    (project / "sprint-03").mkdir()
    (project / "sprint-03" / "status.json").write_text(json.dumps(doc), encoding="utf-8")
    (project / "versions.json").write_text(json.dumps([{"version": "sprint-03", "title": "Sprint 3", "aliases": ["latest"]}]))
    _git(project, "add", "sprint-03", "versions.json")
    _git(project, "commit", "-q", "-m", "Published")
    _git(project, "checkout", "-q", "-f", "main")
    assert _run("validate") == (0, VALID, "")
    edit(minimal / "risks.yaml", "likelihood: 4", "likelihood: 3")
    assert _run("validate") == (0, VALID, UNCHANGED + "1 warning in 1 file: worth a look before publishing\n")
    assert _run("validate", "--branch", "elsewhere") == (0, VALID, "")  # no such branch, nothing to compare with


@pytest.mark.slow
def test_build_prints_warnings_and_builds(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    _stale(root / "data")
    code, out, err = _run("build", epoch=LATER)
    assert code == 0, err
    assert err == FORECAST + OVERDUE + REVIEW
    assert "Site built in" in out
    assert (root / "site" / "index.html").is_file()


@pytest.mark.slow
def test_publish_prints_warnings_and_publishes(tmp_path: Path) -> None:
    from tests.support.publishing import commit, glasshouse, new_project
    from tests.support.sprint_cases import set_sprint

    p = new_project(tmp_path)
    set_sprint(p.project / "data", 3)
    commit(p.project, "Sprint 3")
    result = glasshouse(p.project, "publish", epoch=int(LATER))
    assert result.returncode == 0, result.stderr
    # set_sprint closes sprint 2 and records sprint 3's first points in one commit: publish says so too.
    closing, data = result.stderr.split("\n", 2)[:2], result.stderr.split("\n", 2)[2]
    assert closing[0].startswith("Warning: sprint-02 is closed from data commit ") and "completed in sprint 3" in closing[0]
    assert data == OVERDUE
    assert result.stdout.endswith("published and `latest` points at it; pushed.\n")


def test_a_forecast_beyond_a_tolerance_is_an_early_warning(minimal: Path) -> None:
    """The pilot (key) is forecast 9 days after its baseline with 5 days' tolerance; the cost
    forecast is 1,100 over a budget of 10,000 with 10% tolerance. Within both, no warning."""
    budget = "language: en\ncurrency: GBP\nbudget_planned: 10000\nbudget_forecast: 11100\ntolerance_days: 5\ntolerance_cost_percent: 10\n"
    edit(minimal / "project.yaml", "language: en\n", budget)
    edit(minimal / "milestones.yaml", "forecast: 2026-04-24", "forecast: 2026-04-24\n  key: true")
    assert _run("validate") == (
        0,
        VALID,
        "data/milestones.yaml:14: warning: milestone M-02, field 'forecast': the forecast 2026-04-24 is 4 days beyond the time "
        "tolerance agreed with the sponsors (baseline 2026-04-15 plus 5 days)\n"
        "    hint: tell the sponsors now, with the options, so they can decide before the tolerance is exceeded\n"
        "data/project.yaml:13: warning: field 'budget_forecast': the forecast cost 11100 is 100 beyond the cost tolerance agreed "
        "with the sponsors (budget_planned 10000 plus 10%)\n"
        "    hint: tell the sponsors now, with the options, so they can decide before the tolerance is exceeded\n"
        "2 warnings in 2 files: worth a look before publishing\n",
    )
    edit(minimal / "project.yaml", "tolerance_days: 5", "tolerance_days: 9")
    edit(minimal / "project.yaml", "budget_forecast: 11100", "budget_forecast: 11000")
    assert _run("validate") == (0, VALID, "")


def test_an_abort_counts_the_errors_and_the_warnings_apart() -> None:
    error = Problem("data/risks.yaml", 10, "is wrong")
    warned = [Problem(f"data/{f}", 3, "is stale", severity="warning") for f in ("project.yaml", "sprints.yaml")]
    assert str(DataError([error, *warned])) == "Aborted: 1 problem in 1 file, and 2 warnings"
    assert str(DataError([error, error, warned[0]])) == "Aborted: 2 problems in 1 file, and 1 warning"
    assert str(DataError([error])) == "Aborted: 1 problem in 1 file"
