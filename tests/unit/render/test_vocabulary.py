"""One vocabulary: every place that states a fact about the data states the same.

Milestones, risks and feedback are generated across the edge cases (early, on the day, overdue,
delivered late or early, cancelled, a status date before the baseline, a review due or not) and
put through the real stages from typed data on: the model, the status document, the pages, the
milestone timeline, What changed, the feeds and the date warnings. Each must say what the model
says (`Milestone.state`, `Milestone.slip`, `late_days`, `Risk.review_due`, `Project.next_update`,
`Feedback.answered`), in the site's words. No files are written and no site is built, so a few
dozen examples run in seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import re
from array import array
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.tables import Dataset, Table
from generator.data.validate import validate
from generator.data.warnings import date_warnings
from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import status_document
from generator.history.timeline import timeline
from generator.model.build import build_model
from generator.model.records import Milestone
from generator.model.status import Status
from generator.render.feed import entries
from generator.render.i18n import language
from generator.render.pages import Site, render
from generator.render.text import escape
from tests.support.projects import FIXTURES

DATA = FIXTURES / "minimal" / "data"
AS_OF = dt.date(2026, 3, 31)  # the minimal fixture's status date
LANG = language("en")
STATUSES = ("planned", "in_progress", "at_risk", "done", "cancelled")
# Which of the timeline's marks draws a milestone, by where it stands.
MARK = {"cancelled": "cancelled", "delivered": "delivered", "overdue": "late", "late": "late", "early": "forecast", "on_time": "forecast"}
EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def _fixture() -> Dataset:
    return validate(DATA, AS_OF)


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@st.composite
def _milestone(draw: st.DrawFn) -> dict[str, Any]:
    """A milestone's dates around the status date: a baseline up to three weeks either side of it
    (after it: the status date is before the baseline), a forecast up to ten days either side of
    the baseline (on the status date itself among them), a done date no later than the status date."""
    status = draw(st.sampled_from(STATUSES))
    baseline = AS_OF + _days(draw(st.integers(-21, 21)))
    forecast = draw(st.sampled_from([AS_OF, baseline + _days(draw(st.integers(-10, 10)))]))
    done = min(AS_OF, baseline + _days(draw(st.integers(-10, 10)))) if status == "done" else None
    return {"status": status, "baseline": baseline, "forecast": forecast, "done": done}


@st.composite
def _risk(draw: st.DrawFn) -> dict[str, Any]:
    status = draw(st.sampled_from(("open", "mitigating", "occurred", "closed")))
    review = draw(st.one_of(st.none(), st.integers(-5, 5).map(lambda n: AS_OF + _days(n))))
    return {"status": status, "next_review": review if review is not None or status == "closed" else AS_OF}


def _replace(table: Table, changes: list[dict[str, Any]]) -> Table:
    """The table with its records' values changed, record by record (the first record serves as a
    template for any beyond the fixture's own)."""
    rows = []
    for i, change in enumerate(changes):
        row = dict(zip(table.columns, table.rows[min(i, len(table.rows) - 1)], strict=True))
        row.update(change)
        rows.append(tuple(row[c] for c in table.columns))
    return dataclasses.replace(table, rows=rows, lines=array("l", [1] * len(rows)), field_lines=[])


def _data(milestones: list[dict[str, Any]], risks: list[dict[str, Any]], actions: list[str]) -> Dataset:
    data = _fixture()
    tables = dict(data.tables)
    ids = [{"id": f"M-{i:02d}", "title": f"Milestone {i}", "dependencies": [], **m} for i, m in enumerate(milestones, 1)]
    tables["milestones"] = _replace(data["milestones"], ids)
    tables["risks"] = _replace(data["risks"], [{"id": f"R-{i:03d}", **r} for i, r in enumerate(risks, 1)])
    tables["feedback"] = _replace(data["feedback"], [{"id": f"FB-{i:04d}", "action": a} for i, a in enumerate(actions, 1)])
    return Dataset(tables)


def _site(status: Status, edition: Edition | None = None) -> Site:
    return render(status, timeline(status, edition))


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def _row(markdown: str, m: Milestone) -> dict[str, str]:
    """A milestone's row of the milestones page's table: each cell's text by its column's name."""
    found = re.search(rf'<tr id="dates-{escape(m.id.lower())}" class="gh-row--([a-z_]+)">(.*?)</tr>', markdown)
    assert found, m.id
    cells = re.findall(r'<t[hd][^>]*data-label="([^"]+)"[^>]*>(.*?)</t[hd]>', found.group(2))
    return {"class": found.group(1), **{name: _text(cell) for name, cell in cells}}


def _says(m: Milestone) -> str:
    """The slip as every table states it."""
    return "cancelled" if m.state == "cancelled" else LANG.slip(m.slip)


milestone_lists = st.lists(_milestone(), min_size=3, max_size=6)
risk_lists = st.lists(_risk(), min_size=3, max_size=5)
action_lists = st.lists(st.sampled_from(("received", "planned", "done", "declined")), min_size=1, max_size=6)


@EXAMPLES
@given(milestone_lists, risk_lists, action_lists)
def test_every_page_states_what_the_model_says(milestones: list[dict[str, Any]], risks: list[dict[str, Any]], actions: list[str]) -> None:
    data = _data(milestones, risks, actions)
    status = build_model(data, "public")
    site = _site(status)
    page, overview, report = (site.page(p).markdown for p in ("milestones.md", "index.md", "print.md"))
    assert site.timeline is not None
    drawn = {row.id: row for row in site.timeline.rows}
    doc = {m["id"]: m for m in site.history.doc["milestones"]}
    rows = {row[0]: row for row in site.timeline.table}
    for m in status.milestones:
        # The model's own words agree with each other.
        assert m.state in ("late", "overdue") if m.late_days else m.state not in ("late", "overdue")
        assert (m.state == "overdue") == bool(m.overdue_days) == (m.shown_status == "overdue")
        assert m.early_days == (-m.slip if m.slip is not None and m.slip < 0 else 0)
        # The milestones page: its table and the milestone's details.
        row = _row(page, m)
        assert row["Slip"] == _says(m)
        assert row["class"] == m.shown_status
        assert (row["Status"] == "overdue") == (m.state == "overdue")
        assert row["Expected or delivered"] == ("—" if m.state == "cancelled" else LANG.date(m.expected))
        details = page.split(f"{{ #about-{m.id.lower()} }}")[1].split("\n### ")[0]
        assert f"({_says(m)})" in details if m.state != "cancelled" else "cancelled." in details
        # The timeline: which mark draws it, its words and its data table.
        baseline, expected = drawn[m.id].marks
        assert baseline.kind == "baseline" and expected.kind == MARK[m.state]
        note = rows[m.id][4]
        assert f"({note})" in expected.words
        assert note.startswith(_says(m)) and (note != _says(m)) == (m.state == "overdue")
        # The printed report's table of every milestone.
        printed = next(line for line in report.splitlines() if line.startswith(f'| <span class="gh-id">{escape(m.id)}</span> | '))
        assert _text(printed.split(" | ")[4]) == _says(m)
        # status.json: the slip from the baseline as its schema defines it; the same as the pages'
        # except for an overdue milestone, whose pages count the days its forecast has passed.
        assert doc[m.id]["slip_days"] == m.slip_days
        assert m.state in ("overdue", "cancelled") or doc[m.id]["slip_days"] == m.slip
    # The overview's "What is late": the latest three, each as late as the model counts it.
    late = re.findall(r'<li><a href="milestones/#dates-([^"]+)">.*?<strong class="gh-slip--late">(.*?)</strong>', overview)
    assert [(i, _text(days)) for i, days in late] == [(escape(m.id.lower()), LANG.days(m.late_days)) for m in status.late_milestones[:3]]
    assert all(m.state in ("late", "overdue") for m in status.late_milestones)
    summary = f"{len(status.late_milestones)} open and forecast later than first promised"
    assert summary in site.timeline.summary
    overdue = [m for m in status.milestones if m.state == "overdue"]
    assert ("is overdue: its forecast date" in page or "are overdue: their forecast dates" in page) == bool(overdue)
    # Risks whose review is due: the printed report's reasons.
    due = {r.id for r in status.risks if r.review_due(AS_OF)}
    assert {a.risk.id for a in status.risks_to_decide if "review_overdue" in a.reasons} == due
    assert all(r.is_active for r in status.risks if r.id in due)
    # The next update, and the feedback answered.
    assert f'data-gh-due="{status.project.next_update.isoformat()}"' in overview
    assert site.history.doc["project"]["next_update"] == status.project.next_update.isoformat()
    answered = sum(a in ("planned", "done", "declined") for a in actions)
    assert status.answered_count == site.history.doc["feedback"]["answered"] == answered
    assert f"and answered {answered} (" in site.page("feedback.md").markdown


@EXAMPLES
@given(milestone_lists, risk_lists, st.integers(0, 40), st.integers(1, 28))
def test_the_warnings_name_what_the_model_calls_overdue_or_due(
    milestones: list[dict[str, Any]], risks: list[dict[str, Any]], later: int, cadence: int
) -> None:
    data = _data(milestones, risks, ["received"])
    data.tables["project"] = _replace(data["project"], [{"update_cadence_days": cadence}])
    status = build_model(data, "public")
    today = AS_OF + _days(later)
    found = date_warnings(data, Path("data"), today)
    by_field = {f: {p.record.split()[-1] for p in found if p.field == f} for f in ("forecast", "slip_reason", "next_review")}
    assert by_field["forecast"] == {m.id for m in status.milestones if m.state == "overdue"}
    assert by_field["slip_reason"] == {m.id for m in status.milestones if m.unexplained}
    assert by_field["next_review"] == {r.id for r in status.risks if r.review_due(status.project.as_of)}
    assert any(p.field == "as_of" for p in found) == status.project.update_overdue(today)
    assert status.project.next_update == AS_OF + _days(cadence)


@EXAMPLES
@given(milestone_lists, st.lists(st.integers(-10, 10), min_size=6, max_size=6))
def test_what_changed_and_the_feeds_say_the_same(milestones: list[dict[str, Any]], moves: list[int]) -> None:
    """The previous snapshot had each milestone open, forecast some days from where it is expected now."""
    status = build_model(_data(milestones, [{"status": "open"}] * 3, ["received"]), "public")
    before = dataclasses.replace(
        status,
        milestones=tuple(
            dataclasses.replace(m, status="planned", done=None, forecast=m.expected + _days(moves[i]))
            for i, m in enumerate(status.milestones)
        ),
    )
    doc: Any = status_document(before)
    doc["sprint"] = {**doc["sprint"], "id": doc["sprint"]["id"] - 1}  # the sprint before this build's
    previous = Snapshot("sprint-00", "Before", doc)
    site = _site(status, Edition(history=(previous,)))
    comparison = site.history.comparison
    assert comparison is not None
    changed = html.unescape(site.page("what-changed.md").markdown)
    feed = entries(site.history.reports, "", LANG)[0].lines
    for m, move in zip(status.milestones, moves, strict=False):
        if m.status == "done":
            delivered = next(d for d in comparison.delivered if d.id == m.id)
            assert delivered.slip == -move
            words = LANG.slip(-move)
            assert (f"({words} against the last forecast)" in changed) == bool(move)
            assert any(line.startswith(f"{m.id} ") and (words in line) == bool(move) for line in feed)
        elif move:
            moved = next(d for d in comparison.moved if d.id == m.id)
            assert (moved.before, moved.after, moved.days) == (m.expected + _days(move), m.expected, -move)
            assert any(line.startswith(f"{m.id} ") and LANG.days(-move) in line for line in feed)
