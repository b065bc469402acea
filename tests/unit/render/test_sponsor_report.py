"""The sponsor report (print/): a highlight report of its snapshot, in the order sponsors know.

Status and headline, what changed since the last report, decisions and help needed, the next
period, then the details. The minimal fixture is moved through its sprints as a team would.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import shutil
from pathlib import Path

import markdown
import pytest

from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import status_document
from generator.model.records import Risk
from generator.pipeline import read_status, render_site
from generator.render.pages import Site
from tests.support.planted import Project
from tests.support.projects import FIXTURES
from tests.support.sprint_cases import edit, set_sprint, slip_the_pilot

SECTIONS = [
    "# Sponsor report: Minimal Project",
    "## Status and headline",
    "## What changed since the last report",
    "## Products completed this period",
    "## Decisions and help needed",
    "### Change requests waiting for your decision",
    "### Open issues",
    "### Risks that need a decision or help",
    "## The next period",
    "### Products planned for the next period",
    "### When the work is likely done",
    "## Details",
    "### Milestones",
    "#### What is late and why",
    "### Risks",
    "### Feedback",
    "#### Themes",
    "#### You said, we did",
    "### Change requests",
    "### Sprints",
    "### Who to contact",
]
DEFINITION = (
    "An active risk is listed here when it has occurred, when it is critical or high with no mitigation recorded, "
    "or when its review is overdue."
)


def plain(markdown: str) -> str:
    """The report's text as a reader sees it: no tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markdown))


def section(text: str, heading: str) -> list[str]:
    """The non-empty lines under `heading`, up to the next heading of any level."""
    body = text.split(f"\n{heading}\n", 1)[1]
    return [line for line in re.split(r"\n#{1,4} ", body, maxsplit=1)[0].splitlines() if line.strip()]


def report(site: Site) -> str:
    return plain(site.page("print.md").markdown)


@pytest.fixture
def sprints(tmp_path: Path) -> dict[int, Path]:
    """The minimal data with sprint 2 current, and with sprint 3 current and its news."""
    out = {}
    for n in (2, 3):
        out[n] = shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / f"sprint-{n}")
        set_sprint(out[n], n)
    slip_the_pilot(out[3])
    return out


def published_after(before: Path, after: Path) -> Site:
    """`after` published as sprint 3's snapshot, with sprint 2's published before it."""
    earlier = Snapshot("sprint-02", "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)", status_document(read_status(before)))
    edition = Edition(version="sprint-03", title="Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)", history=(earlier,))
    return render_site(read_status(after), edition)


def test_the_sections_come_in_the_order_of_a_highlight_report(sprints: dict[int, Path]) -> None:
    markdown = published_after(sprints[2], sprints[3]).page("print.md").markdown
    assert [line for line in markdown.splitlines() if re.match(r"#{1,4} ", line)] == SECTIONS


def test_status_and_headline(sprints: dict[int, Path]) -> None:
    text = report(published_after(sprints[2], sprints[3]))
    assert "For Example Customer. Status as of 31 Mar 2026; next update due 14 Apr 2026. " in text
    assert "Snapshot: Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)." in text
    assert section(text, "## Status and headline") == [
        "▲ Amber: At risk",
        "**Pilot two weeks late**",
        "All milestones are forecast on time.",
        "- **Current sprint:** Sprint 3: Pilot polish, 30 Mar 2026 – 10 Apr 2026 (active): 6 of 20 points done (30%)",
        "- **Next milestone:** M-02 Pilot live, forecast 8 May 2026 (+23 days late)",
        "- **Active risks:** Critical 0 · High 1 · Medium 1 · Low 0",
        "- **Customer feedback:** 5 pieces of feedback, 100% answered; Average rating: 4.0 / 5.",
    ]


def test_what_changed_since_the_last_report(sprints: dict[int, Path]) -> None:
    text = report(published_after(sprints[2], sprints[3]))
    assert section(text, "## What changed since the last report") == [
        "Since the last report, Sprint 2: Pilot build (16 Mar – 27 Mar 2026), with the status as of 31 Mar 2026:",
        "- Overall status: ✔ Green: On track → ▲ Amber: At risk",
        "- Sprint 2 closed: 22 of 22 points",
        "- Sprint 3 started: Pilot polish. Goal: Sprint 3 goal.",
        "- M-02 Pilot live: now expected 8 May 2026, +14 days from 24 Apr 2026",
        "- M-03 General availability: planned → at risk",
        "- R-004 Pilot users leave: risk opened, exposure 12 (high)",
        "- R-001 Supplier delays: risk closed",
        "- R-002 Low adoption: risk rescored from 10 (high) to 6 (medium)",
        "- CR-02 Support fax bookings: pending → rejected",
        "- Feedback: 0 new pieces, 1 answered",
    ]


def test_every_list_is_a_list_on_every_page_of_a_site_with_a_last_report(sprints: dict[int, Path]) -> None:
    """Markdown reads "- item" as a list only after a blank line; glued to the sentence before it,
    the items run on as one paragraph of dashes."""
    site = published_after(sprints[2], sprints[3])
    glued = []
    for page in site.pages:
        lines = page.markdown.split("\n---\n", 1)[-1].splitlines()  # front matter aside
        for before, line in itertools.pairwise(lines):
            if re.match(r"([-*+]|\d+\.) ", line) and before.strip() and not re.match(r"\s*([-*+]|\d+\.) ", before):
                glued.append((page.path, before, line))
    assert glued == []
    report_html = markdown.markdown(site.page("print.md").markdown.split("\n## What changed since the last report\n")[1].split("\n## ")[0])
    assert report_html.count("<li>") == 10


def test_the_first_report_says_there_is_nothing_to_compare_with(sprints: dict[int, Path]) -> None:
    text = report(render_site(read_status(sprints[2])))
    assert section(text, "## What changed since the last report") == [
        "This is the first report: there is no earlier snapshot to compare it with."
    ]


def test_decisions_and_help_needed(sprints: dict[int, Path]) -> None:
    text = report(render_site(read_status(sprints[2])))
    assert section(text, "### Change requests waiting for your decision") == [
        "| Id | Change | Requested | Requested by | Schedule impact |",
        "|---|---|---|---|---|",
        "| CR-02 | Support fax bookings | 20 Mar 2026 | Sponsors | — |",
    ]
    # R-002 is high with no mitigation; R-001 is higher, but is being mitigated and reviewed on time.
    assert section(text, "### Risks that need a decision or help") == [
        DEFINITION,
        "| Risk | Severity | Why it is listed | Owner |",
        "|---|---|---|---|",
        "| R-002 Low adoption | High | no mitigation yet | Cy User |",
    ]


def test_nothing_to_decide(sprints: dict[int, Path]) -> None:
    edit(
        sprints[3] / "risks.yaml",
        "  owner: Cy User\n  status: open\n  raised: 2026-03-20",
        "  owner: Cy User\n  status: closed\n  raised: 2026-03-20",
    )
    text = report(render_site(read_status(sprints[3])))
    assert section(text, "### Change requests waiting for your decision") == ["No change request is waiting for a decision."]
    assert section(text, "### Risks that need a decision or help") == [DEFINITION, "No risk needs a decision from you now."]


def test_the_next_period(sprints: dict[int, Path]) -> None:
    text = report(render_site(read_status(sprints[3])))
    assert section(text, "## The next period") == [
        "- **Sprint:** Sprint 3: Pilot polish, 30 Mar 2026 – 10 Apr 2026 (active)",
        "- **Goal:** Sprint 3 goal.",
    ]
    assert section(text, "### Products planned for the next period") == [
        "- No milestone is forecast by 10 Apr 2026.",
        "| Next milestones | Baseline | Forecast | Slip | Status |",
        "|---|---|---|---|---|",
        "| M-02 Pilot live | 15 Apr 2026 | 8 May 2026 | +23 days late | at risk |",
        "| M-03 General availability | 30 Jun 2026 | 30 Jun 2026 | on time | at risk |",
    ]


def test_products_completed_and_planned_and_open_issues(sprints: dict[int, Path]) -> None:
    """A highlight report's products (milestones delivered in the sprint, then its highlights;
    milestones forecast by the next period's end) and its issues (risks that have occurred)."""
    data = sprints[3]
    text = report(render_site(read_status(data)))
    assert section(text, "## Products completed this period")[1:] == ["- Nothing was delivered in this period."]
    assert section(text, "### Open issues")[1:] == ["- No open issue."]
    edit(data / "milestones.yaml", "  done: 2026-02-03\n", "  done: 2026-03-31\n")
    edit(data / "milestones.yaml", "  forecast: 2026-06-30\n", "  forecast: 2026-04-09\n")
    edit(data / "risks.yaml", "  status: open\n", "  status: occurred\n")
    status = read_status(data)
    text = report(render_site(status))
    assert section(text, "## Products completed this period") == [
        "Delivered in Sprint 3: Pilot polish (30 Mar 2026 – 10 Apr 2026):",
        "- M-01 Discovery complete: delivered 31 Mar 2026 (+60 days late)",
    ]
    issue = next(r for r in status.risks if r.status == "occurred")
    assert section(text, "### Open issues")[1].startswith(f"- **{issue.id} {issue.title}** (")
    assert section(text, "### Products planned for the next period")[0] == "- M-03 General availability: forecast 9 Apr 2026"


def test_a_closed_sprint_s_report_looks_at_the_sprint_after_it(sprints: dict[int, Path]) -> None:
    """The final snapshot of sprint 2, built from the data that closed it: sprint 2's figures, sprint 3 next."""
    text = report(render_site(read_status(sprints[3]).at_end_of(2)))
    assert "- **Current sprint:** Sprint 2: Pilot build, 16 Mar 2026 – 27 Mar 2026 (closed): 22 of 22 points done (100%)" in text
    assert section(text, "## The next period")[:2] == [
        "- **Sprint:** Sprint 3: Pilot polish, 30 Mar 2026 – 10 Apr 2026 (active)",
        "- **Goal:** Sprint 3 goal.",
    ]
    set_sprint(sprints[3], 4)  # every sprint closed: nothing comes after the last
    assert section(report(render_site(read_status(sprints[3]))), "## The next period")[0] == "No sprint is planned yet."


def _risk(**changes: object) -> Risk:
    fields: dict[str, object] = {"id": "R-1", "title": "Risk", "category": "scope", "likelihood": 4, "impact": 4, "owner": "Ada",
                                 "status": "open", "raised": dt.date(2026, 1, 1), "mitigation": "Weekly checks.",
                                 "next_review": dt.date(2026, 4, 1)}  # fmt: skip
    return Risk(**{**fields, **changes})  # type: ignore[arg-type]


AS_OF = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("risk", "reasons"),
    [
        (_risk(), ()),
        (_risk(status="occurred"), ("occurred",)),
        (_risk(mitigation=None), ("unmitigated",)),
        (_risk(mitigation=None, likelihood=5), ("unmitigated",)),  # critical
        (_risk(mitigation=None, likelihood=2), ()),  # medium: no decision asked
        (_risk(next_review=dt.date(2026, 3, 30)), ("review_overdue",)),
        (_risk(next_review=AS_OF), ()),  # due today is not overdue
        (_risk(status="occurred", mitigation=None, next_review=dt.date(2026, 3, 1)), ("occurred", "unmitigated", "review_overdue")),
        (_risk(status="closed", mitigation=None, next_review=dt.date(2026, 3, 1)), ()),
    ],
)
def test_which_risks_need_a_decision(risk: Risk, reasons: tuple[str, ...]) -> None:
    assert risk.attention(AS_OF) == reasons


def test_every_reason_is_said_in_words(sprints: dict[int, Path]) -> None:
    edit(
        sprints[2] / "risks.yaml",
        "  status: open\n  raised: 2026-02-01\n  next_review: 2026-04-14",
        "  status: occurred\n  raised: 2026-02-01\n  next_review: 2026-03-30",
    )
    text = report(render_site(read_status(sprints[2])))
    assert "| R-002 Low adoption | High | it has occurred; no mitigation yet; review overdue since 30 Mar 2026 | Cy User |" in text


def test_the_report_says_which_address_to_send_sponsors(sprints: dict[int, Path]) -> None:
    """A snapshot's report names its own lasting address: final once its sprint is closed."""
    running = Edition(version="sprint-03", title="Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)", site_url="https://status.example.net/")
    assert (
        "This report changes with every update until Sprint 3: Pilot polish (30 Mar – 10 Apr 2026) closes; from then on "
        "https://status.example.net/sprint-03/print/ keeps it as it ended. Send sponsors that address."
    ) in report(render_site(read_status(sprints[3]), running))
    final = Edition(version="sprint-02", title="Sprint 2: Pilot build (16 Mar – 27 Mar 2026)", site_url="https://status.example.net/")
    assert (
        "This report is final: it stays as it is at https://status.example.net/sprint-02/print/. Send sponsors that address."
    ) in report(render_site(read_status(sprints[3]).at_end_of(2), final))
    assert "Send sponsors" not in report(render_site(read_status(sprints[3])))  # a plain build has no address of its own


def test_a_long_risk_register_is_summed_up_on_paper(sprints: dict[int, Path]) -> None:
    """Past 20 risks, each list of the report shows the 20 of highest exposure and says how many
    there are, with a link to the register, which lists every one."""
    p = Project(sprints[2])
    for n in range(30):
        p.docs["risks.yaml"].append({
            "id": f"R-{100 + n}", "title": f"Crane {n}", "category": "supplier", "likelihood": 1 + n % 5, "impact": 1 + n // 6,
            "owner": "Bo Sponsor", "status": "occurred", "raised": "2026-02-01", "next_review": "2026-05-01",
        })  # fmt: skip
    p.write()
    site = render_site(read_status(sprints[2]))
    md = site.page("print.md").markdown
    text = plain(md)
    active = site.status.active_risks
    assert len(active) == 32 and len(site.status.open_issues) == 30 and len(site.status.risks_to_decide) == 31
    lists = ("### Open issues", "### Risks that need a decision or help", "### Risks")
    shown = {heading: [line for line in section(text, heading) if re.match(r"(- \*\*|\| )R-\d+", line)] for heading in lists}
    assert {h: len(lines) for h, lines in shown.items()} == dict.fromkeys(shown, 20)
    assert shown["### Risks"] == [line for line in shown["### Risks"] if line.startswith("| ")]
    top = [r.id for r in active[:20]]
    assert [re.search(r"R-\d+", line).group() for line in shown["### Risks"]] == top  # type: ignore[union-attr]
    assert text.count("Showing the 20 of highest exposure of ") == 3
    assert (
        "Showing the 20 of highest exposure of 32; [the risk register](risks.md#risk-register) on the status site lists every one." in text
    )
    assert "Showing the 20 of highest exposure of 30;" in text and "Showing the 20 of highest exposure of 31;" in text
    register = html.unescape(site.page("risks.md").markdown)
    assert all(f'<tr id="r-{r.id[2:]}">' in register for r in active)  # the register: every one
    # Twenty or fewer: no such sentence.
    assert "of highest exposure" not in report(render_site(read_status(sprints[3])))
