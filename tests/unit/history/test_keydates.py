"""Key milestones ("the date" everyone means) on the overview's first screen and in the sponsor
report, and change requests with the date their decision is needed by and the question asked."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator import facts
from generator.data.validate import validate
from generator.data.warnings import date_warnings
from generator.history.edition import Edition, Snapshot
from generator.history.keydates import KeyDate, key_dates
from generator.history.statusdoc import status_document
from generator.pipeline import generate, read_status
from generator.render.i18n import language
from generator.render.pages import Site
from tests.support.projects import FIXTURES
from tests.support.sprint_cases import edit, set_sprint

PILOT = "  forecast: 2026-04-24\n  status: at_risk\n"
PENDING = "date: 2026-03-20\n  decision: pending"


def _project(tmp_path: Path, fixture: str, name: str, sprint: int, question: str = "") -> Path:
    data = shutil.copytree(FIXTURES / fixture / "data", tmp_path / name)
    set_sprint(data, sprint)
    edit(data / "milestones.yaml", PILOT, PILOT + "  key: true\n")
    edit(data / "changes.yaml", PENDING, PENDING + "\n  schedule_impact_days: 21\n  decision_needed_by: 2026-04-10")
    if question:
        edit(data / "changes.yaml", "decision_needed_by: 2026-04-10", f"decision_needed_by: 2026-04-10\n  question: {question}")
    return data


def _published(before: Path, after: Path) -> Site:
    """`after` published as sprint 3, sprint 2's snapshot (`before`) published before it."""
    earlier = Snapshot("sprint-02", "Sprint 2", status_document(read_status(before)))
    return generate(after, edition=Edition(version="sprint-03", title="Sprint 3", history=(earlier,)))


def _key_lines(site: Site) -> tuple[str, str]:
    overview = site.page("index.md").markdown
    report = site.page("print.md").markdown
    first = overview.split('<ul class="gh-key-dates">\n', 1)[1].split("\n</ul>", 1)[0]
    line = next(line for line in report.splitlines() if line.startswith("- **") and "2026" in line and "M&#45;" not in line)
    return first, line


def test_the_forecast_the_report_before_gave_is_kept_only_when_it_moved(tmp_path: Path) -> None:
    before = _project(tmp_path, "minimal", "before", 2)
    after = _project(tmp_path, "minimal", "after", 3)
    previous = Snapshot("sprint-02", "Sprint 2", status_document(read_status(before)))
    pilot = next(m for m in read_status(after).milestones if m.id == "M-02")
    assert key_dates(read_status(after), previous) == (KeyDate(pilot, None),)  # not moved
    assert key_dates(read_status(after), None) == (KeyDate(pilot, None),)  # nothing published
    edit(after / "milestones.yaml", "forecast: 2026-04-24", "forecast: 2026-05-08")
    moved = next(m for m in read_status(after).milestones if m.id == "M-02")
    assert key_dates(read_status(after), previous) == (KeyDate(moved, dt.date(2026, 4, 24)),)


def test_a_key_milestone_on_the_first_screen_and_in_the_sponsor_report(tmp_path: Path) -> None:
    before = _project(tmp_path, "minimal", "before", 2)
    after = _project(tmp_path, "minimal", "after", 3)
    edit(after / "milestones.yaml", "forecast: 2026-04-24", "forecast: 2026-05-08")
    assert _key_lines(_published(before, after)) == (
        "<li>Pilot live: forecast 8 May 2026 (was 24 Apr; first promised 15 Apr)</li>",
        "- **Pilot live: forecast 8 May 2026 (was 24 Apr; first promised 15 Apr)**",
    )
    # A plain build has no report before it: no "was".
    assert _key_lines(generate(after))[0] == "<li>Pilot live: forecast 8 May 2026 (first promised 15 Apr)</li>"
    doc = json.loads(generate(after).file("status.json"))
    assert [m["id"] for m in doc["milestones"] if m.get("key")] == ["M-02"]
    assert "key" not in doc["milestones"][0]


def test_an_internal_key_milestone_is_never_named(tmp_path: Path) -> None:
    data = _project(tmp_path, "minimal", "data", 3)
    edit(data / "milestones.yaml", PILOT + "  key: true\n", PILOT + "  key: true\n  visibility: internal\n")
    edit(data / "milestones.yaml", "  dependencies: [M-02]\n", "")
    site = generate(data)
    assert "gh-key-dates" not in site.page("index.md").markdown
    assert generate(data, "internal").page("index.md").markdown.count("<li>Pilot live: forecast") == 1


def test_the_chinese_site_words_key_dates_and_decisions(tmp_path: Path) -> None:
    before = _project(tmp_path, "zh", "before", 2)
    after = _project(tmp_path, "zh", "after", 3, "是否接受传真预订？")
    edit(after / "milestones.yaml", "forecast: 2026-04-24", "forecast: 2026-05-08")
    site = _published(before, after)
    overview = site.page("index.md").markdown
    assert "<li>试点上线：预测 2026年5月8日（此前为 4月24日；最初承诺 4月15日）</li>" in overview
    report = site.page("print.md").markdown
    assert "需在 2026年4月10日 前作出决定：是否接受传真预订？" in report
    assert "推迟 21 天" in report


def test_a_pending_change_asks_its_question_with_its_date_and_direction(tmp_path: Path) -> None:
    data = _project(tmp_path, "minimal", "data", 3, "Should we accept fax bookings?")
    report = generate(data).page("print.md").markdown
    assert "| Sponsors | 21 days later |" in report
    asked = "Support fax bookings:** Decision needed by 10 Apr 2026: Should we accept fax bookings&#63;"
    assert f'- **<span class="gh-id">CR&#45;02</span> {asked}' in report
    doc = json.loads(generate(data).file("status.json"))
    assert doc["changes"][1]["decision_needed_by"] == "2026-04-10"
    assert doc["changes"][1]["question"] == "Should we accept fax bookings?"
    assert "question" not in doc["changes"][0]
    edit(data / "changes.yaml", "schedule_impact_days: 21", "schedule_impact_days: -5")
    edit(data / "changes.yaml", "decision_needed_by: 2026-04-10", "decision_needed_by: 2026-03-30")
    report = generate(data).page("print.md").markdown
    assert "| Sponsors | 5 days earlier |" in report
    assert "Decision was needed by 30 Mar 2026: Should we accept fax bookings&#63;" in report


@pytest.mark.parametrize(
    ("days", "en", "zh"),
    [
        (21, "21 days later", "推迟 21 天"),
        (1, "1 day later", "推迟 1 天"),
        (-5, "5 days earlier", "提前 5 天"),
        (0, "no change to the dates", "日期不变"),
    ],
)
def test_a_schedule_impact_in_words_with_its_direction(days: int, en: str, zh: str) -> None:
    assert (language("en").shift(days), language("zh").shift(days)) == (en, zh)


def test_a_decision_date_passes_only_while_the_change_is_pending() -> None:
    day = dt.date(2026, 3, 31)
    assert facts.decision_passed("pending", dt.date(2026, 3, 30), day)
    assert not facts.decision_passed("pending", day, day)  # due today: not passed yet
    assert not facts.decision_passed("accepted", dt.date(2026, 3, 30), day)
    assert not facts.decision_passed("pending", None, day)


def test_a_decision_date_passed_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = _project(tmp_path, "minimal", "data", 3)
    edit(data / "changes.yaml", "decision_needed_by: 2026-04-10", "decision_needed_by: 2026-03-30")
    found = date_warnings(validate(data), data, dt.date(2026, 3, 31))
    assert [str(p) for p in found] == [
        "data/changes.yaml:16: warning: change CR-02, field 'decision_needed_by': 2026-03-30 is before the status date "
        "2026-03-31, and the change request is still pending\n"
        "    hint: record the decision with its date ('decision', 'decided'), or set the date it is now needed by"
    ]
