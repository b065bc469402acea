"""Words that name a date the figures have left: the headline, the status reason and slip reasons
are checked against the key milestones' baselines and the forecasts published before."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.data.worddates import KeyMilestone, left_dates, named_dates
from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import status_document
from generator.pipeline import check, generate, read_status
from tests.support.projects import EXAMPLE_DATA, FIXTURES
from tests.support.sprint_cases import edit

DAY = dt.date(2026, 3, 31)  # the minimal fixture's status date
PILOT = "  forecast: 2026-04-24\n  status: at_risk\n"
BASELINE = (
    "data/project.yaml:5: warning: field 'headline': names 15 April 2026, the date first promised (baseline) of the key "
    "milestone M-02, which is now forecast for 2026-04-24\n"
    '    hint: bring the words up to date with the forecast 2026-04-24, or name both dates ("moved from 15 April 2026 to ...")'
)
PUBLISHED = (
    "data/milestones.yaml:17: warning: milestone M-02, field 'slip_reason': names 2026-04-20, a forecast published earlier "
    "of the key milestone M-02, which is now forecast for 2026-04-24\n"
    '    hint: bring the words up to date with the forecast 2026-04-24, or name both dates ("moved from 2026-04-20 to ...")'
)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal data as data/, its pilot (M-02) a key milestone."""
    monkeypatch.chdir(tmp_path)
    out = shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data")
    edit(out / "milestones.yaml", PILOT, PILOT + "  key: true\n")
    return out


def _warnings(data: Path, history: tuple[Snapshot, ...] = ()) -> list[str]:
    """The warnings about words; a history also brings the status date left unchanged since."""
    return [str(p) for p in check(data, history=history, day=DAY).warnings if p.message.startswith("names ")]


def _published(data: Path, tmp_path: Path, forecast: str) -> Snapshot:
    """A snapshot published before, when the pilot was forecast for `forecast`."""
    before = shutil.copytree(data, tmp_path / "before")
    edit(before / "milestones.yaml", "forecast: 2026-04-24", f"forecast: {forecast}")
    return Snapshot("sprint-01", "Sprint 1", status_document(read_status(before)))


def test_dates_are_found_as_iso_and_as_english_writes_them() -> None:
    text = "From 26 February to 22 Mar 2027; 2026-12-03 or March 22, 2027, or 1 Sept. 2026; not 31 Feb 2027 nor 22 March."
    assert [written for _, written in named_dates(text)] == ["2026-12-03", "22 Mar 2027", "1 Sept. 2026", "March 22, 2027"]
    assert {day for day, _ in named_dates(text)} == {dt.date(2026, 12, 3), dt.date(2027, 3, 22), dt.date(2026, 9, 1)}


def test_a_date_left_is_named_unless_the_words_name_the_forecast_now_too() -> None:
    old, now = dt.date(2027, 3, 22), dt.date(2027, 4, 12)
    go_live = KeyMilestone("M-11", dt.date(2027, 2, 26), now, frozenset({now}), frozenset({old}))
    assert [(k.id, written, was) for k, written, was in left_dates("Go-live on 22 March 2027", [go_live])] == [
        ("M-11", "22 March 2027", "a forecast published earlier")
    ]
    assert list(left_dates("Go-live moved from 22 March 2027 to 12 April 2027", [go_live])) == []
    assert [was for _, _, was in left_dates("First promised for 2027-02-26", [go_live])] == ["the date first promised (baseline)"]
    assert list(left_dates("First promised for 2027-02-26", [go_live], baseline=False)) == []
    # A date another key milestone is forecast for now is that milestone's.
    launch = KeyMilestone("M-12", dt.date(2027, 3, 1), old, frozenset({old}), frozenset())
    assert list(left_dates("Launch on 22 March 2027", [go_live, launch])) == []


def test_the_headline_naming_the_baseline_left_is_a_warning(data: Path) -> None:
    assert _warnings(data) == []
    edit(data / "project.yaml", "headline: On track for the pilot", "headline: The pilot starts on 15 April 2026")
    assert _warnings(data) == [BASELINE]
    edit(data / "project.yaml", "starts on 15 April 2026", "moved from 15 April 2026 to 24 April 2026")
    assert _warnings(data) == []


def test_a_slip_reason_naming_a_forecast_published_before_is_a_warning(data: Path, tmp_path: Path) -> None:
    edit(data / "milestones.yaml", "slip_reason: Supplier", "slip_reason: Expected on 2026-04-20. Supplier")
    assert _warnings(data) == []  # without history, only the baseline is known
    earlier = _published(data, tmp_path, "2026-04-20")
    assert _warnings(data, (earlier,)) == [PUBLISHED]
    # A build with that history warns once about each, the baseline's and the published forecast's.
    edit(data / "project.yaml", "headline: On track for the pilot", "headline: The pilot starts on 15 April 2026")
    site = generate(data, edition=Edition(version="sprint-02", history=(earlier,)))
    assert sorted(str(p) for p in site.warnings if p.message.startswith("names ")) == sorted([BASELINE, PUBLISHED])


def test_a_milestone_that_is_not_key_is_not_checked(data: Path) -> None:
    edit(data / "milestones.yaml", PILOT + "  key: true\n", PILOT)
    edit(data / "project.yaml", "headline: On track for the pilot", "headline: The pilot starts on 15 April 2026")
    assert _warnings(data) == []


def test_the_example_names_no_date_its_key_milestones_have_left() -> None:
    as_of = read_status(EXAMPLE_DATA).project.as_of
    # Its only warnings on its status date: the feedback it has left waiting for an answer too long.
    assert [str(p) for p in check(EXAMPLE_DATA, day=as_of).warnings if p.field != "action"] == []
