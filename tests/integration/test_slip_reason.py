"""A forecast that moves says why: `validate` warns of an open milestone forecast later than its
baseline with no `slip_reason`, and the overview shows a reason's first sentence whole."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.pipeline import generate
from tests.support.sprint_cases import edit

STATUS_DAY = "1774958400"  # 31 Mar 2026 12:00 UTC: the minimal fixture's status date
VALID = "data/ is valid: 2 segments, 3 contacts, 3 milestones, 3 risks, 5 pieces of feedback, 3 sprints, 2 change requests.\n"
NO_REASON = (
    "data/milestones.yaml:22: warning: milestone M-03, field 'slip_reason': missing: the forecast 2026-07-14 is 14 days after "
    "the baseline 2026-06-30, and customers are not told why\n"
    "    hint: add 'slip_reason': one sentence that tells customers why it moved; the overview shows it beside the days late\n"
)


def _validate() -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate"], env={"SOURCE_DATE_EPOCH": STATUS_DAY, "GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def test_a_forecast_moved_with_no_reason_is_a_warning(minimal: Path) -> None:
    edit(minimal / "milestones.yaml", "forecast: 2026-06-30\n  status: planned", "forecast: 2026-07-14\n  status: planned")
    assert _validate() == (0, VALID, NO_REASON + "1 warning in 1 file: worth a look before publishing\n")


def test_a_reason_given_or_a_milestone_closed_is_no_warning(minimal: Path) -> None:
    edit(
        minimal / "milestones.yaml",
        "forecast: 2026-06-30\n  status: planned",
        "forecast: 2026-07-14\n  status: planned\n  slip_reason: Scope grew.",
    )
    assert _validate() == (0, VALID, "")
    edit(
        minimal / "milestones.yaml",
        "forecast: 2026-07-14\n  status: planned\n  slip_reason: Scope grew.",
        "forecast: 2026-07-14\n  status: cancelled",
    )
    assert _validate() == (0, VALID, "")


def test_a_reason_kept_internal_is_still_a_reason(minimal: Path) -> None:
    edit(
        minimal / "milestones.yaml",
        "  slip_reason: Supplier delivered the test environment late.\n",
        "  slip_reason: Supplier delivered the test environment late.\n  internal_fields: [slip_reason]\n",
    )
    assert _validate() == (0, VALID, "")
    status = generate(minimal, "public").status
    assert [m.id for m in status.milestones if m.slipped] == ["M-02"]
    assert [m.id for m in status.milestones if m.unexplained] == []


def test_the_overview_shows_a_reasons_first_sentence_whole(minimal: Path) -> None:
    first = (
        "The terminal software vendor delivered its test environment in October instead of August, and the message format "
        "changed twice before it was frozen at version 1.2 on 2026-10-09."
    )
    edit(minimal / "milestones.yaml", "Supplier delivered the test environment late.", f"{first} We added a second team.")
    overview = next(p.markdown for p in generate(minimal, "public").pages if p.path == "index.md")
    late = overview.split('<ul class="gh-late">', 1)[1].split("</ul>", 1)[0]
    assert '<span class="gh-why">The terminal software vendor' in late
    assert "frozen at version 1&#46;2 on 2026&#45;10&#45;09&#46;</span>" in late
    assert "second team" not in late and "…" not in late
