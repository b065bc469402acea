"""Early warnings read from a real published history: three sprints published with the real
`glasshouse publish` (the pilot moved from 24 Apr to 8 May in the third), then the next status
moves it again, and the real `glasshouse validate` warns that it keeps slipping, and of a risk on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.publishing import Published, glasshouse
from tests.support.sprint_cases import edit

pytestmark = pytest.mark.slow

APRIL_14 = 1776168000  # 14 Apr 2026 12:00 UTC: the next status date
SLIPPING = (
    "data/milestones.yaml:14: warning: milestone M-02, field 'forecast': the forecast moved later in 2 published snapshots "
    "in a row: 2026-04-24 -> 2026-05-08 -> 2026-05-22\n"
    "    hint: re-plan it from the work that remains and tell customers why it keeps moving (two moves in a row warn)\n"
)
RISK = (
    "data/risks.yaml:38: warning: risk R-004, field 'milestones': it threatens M-02, forecast later now than in the latest "
    "published snapshot\n"
    "    hint: review its likelihood, impact and mitigation: the milestone it threatens has moved already\n"
)


@unmeasured()
def test_a_milestone_moved_again_after_the_published_slip_is_slipping(published: Published, tmp_path: Path) -> None:
    p = published.copy(tmp_path / "history")
    data = p.project / "data"
    # Published as it is: one move in the published history, and the data stands in for the latest snapshot.
    quiet = glasshouse(p.project, "validate", epoch=APRIL_14)
    assert quiet.returncode == 0, quiet.stderr
    assert "slipped" not in quiet.stderr and "moved later" not in quiet.stderr
    edit(data / "project.yaml", "as_of: 2026-03-31", "as_of: 2026-04-14")
    edit(data / "milestones.yaml", "forecast: 2026-05-08", "forecast: 2026-05-22")
    edit(data / "risks.yaml", "raised: 2026-03-20\n", "raised: 2026-03-20\n  milestones: [M-02]\n")  # R-004, raised in sprint 3
    result = glasshouse(p.project, "validate", epoch=APRIL_14)
    assert result.returncode == 0, result.stderr
    assert SLIPPING in result.stderr
    assert RISK in result.stderr
