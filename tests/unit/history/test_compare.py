"""What changed between two status documents: the comparison, its page, its terminal and summary forms."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.data.validate import validate
from generator.history.compare import compare
from generator.history.conform import partial
from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import status_document
from generator.model.build import build_model
from generator.pipeline import generate
from generator.publish.diff import report
from generator.render.changes import lines, some_ids
from generator.render.i18n import language
from tests.support.projects import FIXTURES
from tests.support.sprint_cases import set_sprint, slip_the_pilot

EXPECTED = [
    "Overall status: green → amber. Pilot two weeks late.",
    "Sprint 2 closed: 22 of 22 points",
    "Sprint 3 started: Pilot polish. Goal: Sprint 3 goal.",
    "M-02 Pilot live: forecast moved +14 days (24 Apr 2026 → 8 May 2026)",
    "M-03 General availability: planned → at risk",
    "R-004 Pilot users leave: risk opened, exposure 12 (high)",
    "R-001 Supplier delays: risk closed",
    "R-002 Low adoption: risk rescored from 10 (high) to 6 (medium)",
    "CR-02 Support fax bookings: pending → rejected",
    "Feedback: 0 new, 1 answered (FB-0003)",
]

EN = language("en")


def _doc(data: Path) -> Any:  # a status document, changed by hand as a test needs
    return status_document(build_model(validate(data)))


@pytest.fixture
def two_sprints(tmp_path: Path) -> tuple[Path, Path]:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(FIXTURES / "minimal" / "data", before)
    shutil.copytree(FIXTURES / "minimal" / "data", after)
    set_sprint(before, 2)
    set_sprint(after, 3)
    slip_the_pilot(after)
    return before, after


def test_every_kind_of_change_is_found(two_sprints: tuple[Path, Path]) -> None:
    before, after = two_sprints
    assert lines(compare(_doc(before), _doc(after)), EN) == EXPECTED


def test_nothing_changed(two_sprints: tuple[Path, Path]) -> None:
    doc = _doc(two_sprints[0])
    change = compare(doc, doc)
    assert change.empty and lines(change, EN) == []


def test_delivery_and_new_records(two_sprints: tuple[Path, Path]) -> None:
    old, new = _doc(two_sprints[0]), _doc(two_sprints[0])
    m2 = next(m for m in new["milestones"] if m["id"] == "M-02")
    m2.update(status="done", done="2026-04-27")
    new["milestones"].append({"id": "M-09", "title": "Extra", "status": "planned", "baseline": "2026-09-01", "forecast": "2026-09-01",
                              "done": None, "slip_days": 0})  # fmt: skip
    new["changes"].append({"id": "CR-09", "title": "More", "decision": "pending"})
    new["feedback"]["ids"].append("FB-0099")  # received and answered since
    assert lines(compare(old, new), EN) == [
        "M-02 Pilot live: delivered 27 Apr 2026 (+3 days late against the last forecast)",
        "M-09 Extra: new milestone, forecast 1 Sept 2026",
        "CR-09 More: requested → pending",
        "Feedback: 1 new, 1 answered (FB-0099)",
    ]


@pytest.mark.parametrize("broken", [{}, {"milestones": "x", "risks": [1, None], "feedback": []}, {"project": None}])
def test_old_or_damaged_documents_do_not_break_a_build(two_sprints: tuple[Path, Path], broken: Mapping[str, Any]) -> None:
    """Read as `glasshouse diff` reads a snapshot (`conform.partial`): the parts that conform."""
    current, read = _doc(two_sprints[1]), partial(broken)
    assert read is not None
    found = lines(compare(read, current), EN)
    assert "M-02 Pilot live: new milestone, forecast 8 May 2026" in found
    assert lines(compare(current, read), EN)[0] == "R-004 Pilot users leave: risk no longer listed"


def test_what_changed_page(two_sprints: tuple[Path, Path]) -> None:
    before, after = two_sprints
    previous = Snapshot("sprint-02", "Sprint 2: Pilot build (16 – 27 Mar 2026)", _doc(before))
    page = generate(after, edition=Edition(history=(previous,))).page("what-changed.md").markdown
    assert "Since the previous snapshot, **Pilot build** (status as of 31 Mar 2026)." in page
    assert "| M&#45;02 Pilot live | 24 Apr 2026 | 8 May 2026 | +14 days |" in page
    assert "- Opened: R&#45;004 Pilot users leave, exposure 12 &#40;high&#41;" in page
    assert "- Closed: R&#45;001 Supplier delays\n" in page
    assert "- Rescored: R&#45;002 Low adoption, exposure 10 &#40;high&#41; → 6 &#40;medium&#41;" in page
    assert "- CR&#45;02 Support fax bookings: pending → rejected" in page
    assert '0 new pieces of feedback, 1 answered: <span class="gh-id">FB&#45;0003</span>.' in page
    assert 'class="gh-rag gh-rag--green"' in page and 'class="gh-rag gh-rag--amber"' in page


def test_first_snapshot_says_there_is_nothing_to_compare(minimal: Path) -> None:
    page = generate(minimal).page("what-changed.md").markdown
    assert "This is the first published status: there is no earlier snapshot to compare it with yet." in page
    # One report is no trend: a sentence stands where the trend charts will be.
    assert page.count('class="gh-chart"') == 0
    assert "The trends of forecasts and risks appear from the second report on: this is the first." in page


def test_text_from_an_earlier_snapshot_stays_text(two_sprints: tuple[Path, Path]) -> None:
    before, after = two_sprints
    old = _doc(before)
    old["sprint"]["name"] = "<img src=x onerror=alert(1)>"
    old["risks"][0]["title"] = "**bold** [link](javascript:alert(1))"
    page = generate(after, edition=Edition(history=(Snapshot("sprint-02", "x", old),))).page("what-changed.md").markdown
    assert "<img" not in page and "**bold**" not in page and "[link]" not in page
    assert "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;" in page


def test_terminal_and_job_summary_reports(two_sprints: tuple[Path, Path]) -> None:
    before, after = two_sprints
    change = compare(_doc(before), _doc(after), "Sprint 2", "Sprint 3")
    text = report(change, EN)
    assert text.splitlines()[:3] == [
        "What changed from Sprint 2 to Sprint 3:",
        "  - Overall status: green → amber. Pilot two weeks late.",
        "  - Sprint 2 closed: 22 of 22 points",
    ]
    markdown = report(change, EN, "markdown")
    assert markdown.startswith(
        "### What changed from Sprint 2 to Sprint 3\n\n- Overall status&#58; green → amber&#46; Pilot two weeks late&#46;\n"
    )
    assert report(compare({}, {}, "a", "b"), EN) == "What changed from a to b:\n  Nothing changed.\n"


def test_an_internal_build_is_not_compared_with_public_snapshots(two_sprints: tuple[Path, Path]) -> None:
    before, after = two_sprints
    previous = Snapshot("sprint-02", "Sprint 2", _doc(before))
    # The plugin gives an internal build no history; the page says why instead of "first status".
    page = generate(after, "internal", Edition()).page("what-changed.md").markdown
    assert "This internal build is not compared with the published snapshots" in page
    assert "first published status" not in page
    public = generate(after, "public", Edition(history=(previous,))).page("what-changed.md").markdown
    assert "Since the previous snapshot" in public


def test_what_was_answered_since_is_told_from_the_ids_waiting(two_sprints: tuple[Path, Path]) -> None:
    """A piece waiting before and not now was answered in between; so was one new since that is not
    waiting; one still waiting, or no longer listed, was not."""
    old, new = _doc(two_sprints[0]), _doc(two_sprints[0])
    old["feedback"].update(ids=["FB-1", "FB-2", "FB-3", "FB-4", "FB-5"], waiting=["FB-2", "FB-3", "FB-5"])
    new["feedback"].update(ids=["FB-1", "FB-2", "FB-3", "FB-4", "FB-6", "FB-7"], waiting=["FB-3", "FB-7"])
    change = compare(old, new)
    assert (change.feedback_received, change.feedback_answered) == (2, ("FB-2", "FB-6"))
    assert compare(new, new).feedback_answered == () and compare(new, new).feedback_received == 0


def test_a_long_list_of_answers_names_twenty_and_counts_the_rest(two_sprints: tuple[Path, Path]) -> None:
    """A long log answers hundreds of pieces in a sprint: what changed names twenty of them."""
    old, new = _doc(two_sprints[0]), _doc(two_sprints[0])
    ids = [f"FB-{n:04d}" for n in range(1, 1236)]
    old["feedback"].update(ids=ids, waiting=ids)
    new["feedback"].update(ids=ids, waiting=[])
    line = lines(compare(old, new), EN)[-1]
    assert line == f"Feedback: 0 new, 1235 answered ({', '.join(ids[:20])} and 1,215 more)"
    assert some_ids(ids[:20], EN) == ", ".join(ids[:20])
    assert some_ids(ids[:21], language("zh"), lambda i: f"<b>{i}</b>").endswith("<b>FB-0020</b>，另有 1 条")
