"""What customers read, decided before any browser: statuses that agree with the dates, the team's
words in the customers', ids with their names, empty states as sentences, a description per page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any, cast

import pytest

from generator.data.validate import validate
from generator.history.edition import Snapshot
from generator.model.build import build_model
from generator.model.records import Contact, Milestone, Sprint
from generator.pipeline import generate
from generator.publish.plan import version_title
from generator.render.charts import all_charts
from generator.render.figures import Chart
from generator.render.i18n import language
from generator.render.plot import Plot, plot_block
from generator.render.terms import Terms
from generator.render.text import first_sentence
from generator.render.trends import milestone_trend
from tests.support.projects import FIXTURES

AS_OF = dt.date(2026, 3, 31)


def milestone(status: str, forecast: dt.date, **extra: object) -> Milestone:
    return Milestone("M-07", "Terminal integration", "O", dt.date(2026, 2, 1), forecast, status, as_of=AS_OF, **extra)  # type: ignore[arg-type]


def test_a_milestone_whose_forecast_passed_is_overdue_whatever_the_data_says() -> None:
    late = milestone("planned", AS_OF - dt.timedelta(days=28))
    assert (late.shown_status, late.overdue_days) == ("overdue", 28)
    # Late against its baseline up to the status date at least, not only to the forecast that passed.
    assert late.late_days == (AS_OF - dt.date(2026, 2, 1)).days
    ahead = milestone("planned", AS_OF + dt.timedelta(days=1))
    assert (ahead.shown_status, ahead.overdue_days, ahead.late_days) == ("planned", 0, 59)
    due_today = milestone("in_progress", AS_OF)
    assert due_today.shown_status == "in_progress"


def test_delivered_and_cancelled_milestones_are_never_overdue_or_late() -> None:
    done = milestone("done", AS_OF - dt.timedelta(days=40), done=AS_OF - dt.timedelta(days=40))
    cancelled = milestone("cancelled", AS_OF - dt.timedelta(days=40))
    assert [done.shown_status, cancelled.shown_status] == ["done", "cancelled"]
    assert done.late_days == cancelled.late_days == 0


def test_pages_show_overdue_and_cancelled_milestones_as_such(minimal: Path) -> None:
    milestones = minimal / "milestones.yaml"
    text = milestones.read_text(encoding="utf-8")
    text = text.replace("  forecast: 2026-06-30\n  status: planned", "  forecast: 2026-03-03\n  status: planned")
    text = text.replace("  forecast: 2026-04-24\n  status: at_risk", "  forecast: 2026-04-24\n  status: cancelled")
    milestones.write_text(text, encoding="utf-8")
    site = generate(minimal)
    page = site.page("milestones.md").markdown
    row = re.search(r'<tr id="dates-m&#45;03".*?</tr>', page)
    assert row and '<span class="gh-ms gh-ms--overdue">overdue</span>' in row.group()
    cancelled = re.search(r'<tr id="dates-m&#45;02".*?</tr>', page)
    assert cancelled and "on time" not in cancelled.group() and "+9 days" not in cancelled.group()
    assert '<span class="gh-ms gh-ms--cancelled">cancelled</span>' in cancelled.group()
    overview = site.page("index.md").markdown
    first = overview[: overview.index("## Why the status")]
    assert 'General availability</a> <strong class="gh-slip--late">+28 days</strong>' in first
    assert "Forecast for 3 Mar 2026, not delivered yet." in first
    assert "Pilot live" not in first  # cancelled: not late


def test_the_team_words_follow_the_project() -> None:
    zh, en = language("zh"), language("en")
    status = build_model(validate(FIXTURES / "minimal" / "data"))
    sprint = status.sprints[0]
    assert Terms(en).title(sprint) == "Sprint 1: Foundations"
    periods = Terms(en, "period", "tasks")
    assert periods.title(sprint) == "Period 1: Foundations"
    named = sprint.__class__(**{**sprint.__dict__, "name": "Period 1"})
    assert periods.title(named) == "Period 1"  # not "Period 1: Period 1"
    assert (periods.units(1), periods.units(12), periods.explanation) == ("1 task", "12 tasks", None)
    assert Terms(en).units(30) == "30 points" and Terms(en).explanation is not None
    assert Terms(zh, "period", "story_points").units(5) == "5 个故事点"
    assert Terms(zh, "period").title(sprint) == "周期 1：Foundations"


def test_snapshot_titles_use_the_iteration_word_and_the_language() -> None:
    start, end = dt.date(2026, 11, 16), dt.date(2026, 11, 27)
    en, zh = language("en"), language("zh")

    def sprint(n: int, name: str, first: dt.date = start) -> Sprint:
        return Sprint(n, name, first, end, "", 0, "active")

    assert version_title(sprint(19, "Budget review"), Terms(en, "period")) == "Period 19: Budget review (16 Nov – 27 Nov 2026)"
    assert version_title(sprint(19, "Period 19"), Terms(en, "period")) == "Period 19 (16 Nov – 27 Nov 2026)"
    assert version_title(sprint(3, "Pilot"), Terms(en)) == "Sprint 3: Pilot (16 Nov – 27 Nov 2026)"
    assert version_title(sprint(3, "试点"), Terms(zh)) == "冲刺 3：试点（11月16日 – 2026年11月27日）"
    assert version_title(sprint(19, "预算审查"), Terms(zh, "period")) == "周期 19：预算审查（11月16日 – 2026年11月27日）"
    assert version_title(sprint(4, "年末", dt.date(2025, 12, 29)), Terms(zh)) == "冲刺 4：年末（2025年12月29日 – 2026年11月27日）"


def test_a_phone_number_becomes_a_link_phones_can_call() -> None:
    c = Contact("C-01", "Ada", "Lead", "ada@example.org", phone="+44 20 7946 0101")
    assert c.tel == "+442079460101"
    assert Contact("C-02", "Bo", "Lead", "bo@example.org").tel is None


def test_the_overview_offers_the_owner_and_each_segment_contact(minimal: Path) -> None:
    project = minimal / "project.yaml"
    project.write_text(
        project.read_text(encoding="utf-8").replace("email: ada@example.org", "email: ada@example.org\n    phone: +44 20 7946 0101"),
        encoding="utf-8",
    )
    md = generate(minimal).page("index.md").markdown
    box = md[md.index('<section class="gh-first gh-contacts"') : md.index("</section>", md.index("gh-contacts"))]
    assert '<div class="gh-contact" data-owner>' in box
    assert 'href="tel:&#43;442079460101">Call &#43;44 20 7946 0101</a>' in box
    assert '<div class="gh-contact" data-segment="sponsors" hidden>' in box
    assert '<div class="gh-contact" data-segment="users" hidden>' in box
    assert '<p class="gh-segment" hidden>' in box  # the choice is offered by the script; without it the owner stands


def test_ids_come_with_their_names(minimal: Path) -> None:
    site = generate(minimal)
    risks = site.page("risks.md").markdown
    assert 'Threatens <span class="gh-id">M&#45;02</span> Pilot live' in risks
    changes = site.page("changes.md").markdown
    assert 'Milestones: <span class="gh-id">M&#45;03</span> General availability' in changes


def test_every_page_has_a_description_in_the_site_language(minimal: Path) -> None:
    site = generate(minimal)
    descriptions = {p.path: p.description for p in site.pages}
    assert descriptions["index.md"] == "Minimal Project: Green: On track. On track for the pilot"
    assert descriptions["risks.md"].startswith("What could go wrong in Minimal Project")
    assert all(descriptions.values())
    zh = generate(FIXTURES / "zh" / "data")
    assert zh.page("feedback.md").description.startswith("客户对")
    answers = zh.page("feedback/answers-users.md").markdown
    assert "电子邮件，2026年3月25日 收到，2026年3月27日 答复" in answers and "研讨会，2026年3月31日 收到" in zh.page("feedback.md").markdown


def test_a_hostile_headline_stays_text_in_the_description(minimal: Path) -> None:
    project = minimal / "project.yaml"
    project.write_text(
        project.read_text(encoding="utf-8").replace("headline: On track for the pilot", "headline: '\"><script>x</script>\\n---'"),
        encoding="utf-8",
    )
    page = generate(minimal).page("index.md")
    assert page.description == "Minimal Project: Green: On track. &quot;&gt;&lt;script&gt;x&lt;/script&gt;\\n---"
    assert page.markdown.split("\n")[2] == "hide:"  # the front matter is still one line of description


def test_the_one_line_reason_is_the_first_sentence() -> None:
    assert first_sentence("The vendor was late. We added a team.") == "The vendor was late."
    assert first_sentence("供应商延误。我们增加了团队。") == "供应商延误。"
    long = first_sentence("word " * 60)
    assert long.endswith("…") and len(long) <= 241 and "wor…" not in long


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "empty" / "data", tmp_path / "data"))


def test_a_project_with_nothing_yet_is_valid(empty: Path) -> None:
    data = validate(empty)
    assert [len(data[t]) for t in ("milestones", "risks", "sprints", "changes", "feedback")] == [0, 0, 0, 0, 0]


EMPTY_STATES = {
    "index.md": ("No milestones are published yet.", "No feedback yet. Tell us what you think", "No period has started yet."),
    "milestones.md": ("No milestones are published yet. When the team plans its first deliveries",),
    "risks.md": ("No risks are recorded.",),
    "feedback.md": ("No feedback yet.", "No ratings yet", "No themes yet"),
    "changes.md": ("No change requests so far.",),
    "sprints/index.md": ("No period has been planned yet.",),
    "what-changed.md": ("This is the first published status", "The trends of forecasts and risks appear from the second report on"),
}


@pytest.mark.parametrize("path", EMPTY_STATES)
def test_every_page_of_an_empty_project_says_so_in_a_sentence(empty: Path, path: str) -> None:
    page = generate(empty).page(path).markdown
    for sentence in EMPTY_STATES[path]:
        assert sentence.replace(".", "&#46;").replace(":", "&#58;") in page or sentence in page, (path, sentence)
    assert 'class="gh-chart"' not in page  # no empty chart with axes from -1 to 4
    assert "<td></td>" not in page and "| — |" not in page


def test_a_project_with_only_milestones_shows_them_and_sentences_elsewhere(empty: Path) -> None:
    shutil.copy(FIXTURES / "minimal" / "data" / "milestones.yaml", empty / "milestones.yaml")
    site = generate(empty)
    milestones = site.page("milestones.md").markdown
    assert milestones.count('<li class="gh-tl__row">') == 3 and 'class="gh-chart"' not in milestones  # drawn without plotly.js
    assert "No risks are recorded." in site.page("risks.md").markdown
    assert "Pilot live" in site.page("index.md").markdown


def test_our_page_script_stays_small() -> None:
    """glasshouse.js is loaded by every page: a budget keeps it a helper, not an application."""
    from importlib import resources

    from generator.site.slim import slim_js

    script = resources.files("generator.render").joinpath("assets", "glasshouse.js").read_text(encoding="utf-8")
    assert len(slim_js(script).encode("utf-8")) <= 3_200


@pytest.mark.parametrize(
    ("built", "stale"), [(dt.datetime(2026, 4, 14, 23, tzinfo=dt.UTC), False), (dt.datetime(2026, 4, 15, tzinfo=dt.UTC), True)]
)
def test_a_build_date_after_the_next_update_says_it_is_overdue(minimal: Path, built: dt.datetime, stale: bool) -> None:
    """The minimal project's next update is due on 14 Apr 2026: a build after it says so in the page
    itself, for readers without scripts; the page's script does the same for later readers."""
    from generator.history.edition import Edition, Stamp

    md = generate(minimal, edition=Edition(stamp=Stamp(built, "sha256:0"))).page("index.md").markdown
    assert ('<p class="gh-stale">' in md) is stale
    assert ('<p class="gh-due">' in md) is not stale
    assert '<div class="gh-dates" data-gh-due="2026-04-14">' in md


def test_charts_of_work_speak_the_team_words(minimal: Path) -> None:
    """A team that works in periods and counts tasks reads that in every chart of work: axes,
    hover text, captions, summaries and tables; never sprints, points or velocity."""
    project = minimal / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8") + "iteration: period\nwork_unit: tasks\n", encoding="utf-8")
    status = build_model(validate(minimal))
    assert any(s.state == "closed" for s in status.sprints)
    lang = language("en")
    charts = all_charts(status, lang)
    velocity, burnup, rating = charts["velocity"], charts["burnup"], charts["rating-trend"]
    assert isinstance(velocity, Plot) and isinstance(burnup, Plot) and isinstance(rating, Chart)
    seen = [re.sub(r"<[^>]+>", " ", plot_block(c, lang)) for c in (velocity, burnup)]  # what a reader sees of them
    for chart, drawn in ((velocity, seen[0]), (burnup, seen[1]), (rating, rating.json())):
        words = drawn + chart.caption + chart.summary + repr(chart.headers) + repr(chart.rows)
        assert not re.search(r"(?i)sprint|point|velocity", words), chart.id
        assert "Period" in words or "period" in words, chart.id
    assert velocity.y_title == "Tasks" and velocity.x_title == "Period"
    closed = [s for s in status.sprints if s.state == "closed"]
    done = [str(s.completed) + (" task" if s.completed == 1 else " tasks") + " completed" for s in closed]
    assert [c.tip[2] for c in velocity.columns[: len(closed)]] == done
    assert velocity.columns[0].tip[0].startswith("Period 1: ")
    assert velocity.headers[0] == "Period" and velocity.rows[0][0].startswith("Period 1: ")
    assert re.fullmatch(r"\d+ closed periods?: [\d.]+ tasks? completed( in each, on average)?\.", velocity.summary)
    assert burnup.y_title == "Tasks, added up"
    assert re.fullmatch(r"Completed \d+ of the \d+ tasks planned \(\d+%\)\.", burnup.summary)


def test_published_trends_name_reports_in_the_team_words() -> None:
    def report(n: int, name: str, forecast: str) -> Snapshot:
        milestones = [{"id": "M-01", "title": "Go live", "forecast": forecast}]
        return Snapshot(f"sprint-{n:02d}", "", cast(Any, {"sprint": {"id": n, "name": name}, "milestones": milestones}))

    reports = [report(3, "Period 3", "2026-05-01"), report(4, "Budget review", "2026-05-08")]
    chart = milestone_trend(reports, Terms(language("en"), "period"))
    assert chart.figure["layout"]["xaxis"]["title"]["text"] == "Reported in period"
    assert [row[0] for row in chart.figure["data"][0]["customdata"]] == ["Period 3", "Period 4: Budget review"]
