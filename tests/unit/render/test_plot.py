"""The sprints' charts drawn in HTML (plot.py, sprintcharts.py): scales, labels, gaps, lines and tips."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import cast

import pytest

from generator.pipeline import generate
from generator.render.i18n import language
from generator.render.plot import Column, Line, Plot, Zone, labelled, plot_block, y_axis
from generator.render.sprintcharts import _segments, _zones
from tests.support.projects import EXAMPLE_DATA
from tests.support.sprint_cases import set_sprint

EN = language("en")


@pytest.mark.parametrize(
    ("highest", "top", "labels"),
    [
        (44, 50, ["0", "10", "20", "30", "40", "50"]),
        (594, 600, ["0", "200", "400", "600"]),
        (3, 3, ["0", "1", "2", "3"]),
        (0, 1, ["0", "1"]),  # nothing yet: an axis all the same
        (7, 8, ["0", "2", "4", "6", "8"]),
        (1234, 1500, ["0", "500", "1,000", "1,500"]),
    ],
)
def test_the_y_axis_is_tidy_and_fits_the_highest_value(highest: float, top: float, labels: list[str]) -> None:
    got, ticks = y_axis(highest, EN)
    assert got == top and [label for _, label in ticks] == labels
    assert ticks[0][0] == 0 and ticks[-1][0] == 100 and len(ticks) <= 6


@pytest.mark.parametrize("n", [1, 5, 8, 9, 15, 16, 17, 33, 52])
def test_columns_are_labelled_evenly_and_a_phone_labels_fewer(n: int) -> None:
    wide, narrow = labelled(n)
    assert wide[0] and narrow[0] and sum(wide) <= 16 and sum(narrow) <= 8
    assert all(w for w, p in zip(wide, narrow, strict=True) if p)  # a phone's labels are among the wide ones
    at = [i for i, w in enumerate(wide) if w]
    assert len({b - a for a, b in itertools.pairwise(at)}) <= 1  # evenly spaced
    if n <= 8:
        assert all(narrow)


def test_a_line_breaks_where_a_value_is_missing() -> None:
    lines = _segments("done", [(0, 1), (10, 2), (20, None), (30, 4), (40, None)])
    assert lines == [Line("done", ((0, 1), (10, 2))), Line("done", ((30, 4),))]
    assert _segments("done", [(0, None)]) == []


def test_tip_zones_reach_half_way_to_their_neighbours() -> None:
    zones = _zones([10.0, 20.0, 40.0], [("a",), ("b",), ("c",)])
    assert zones == (Zone(5.0, 10.0, ("a",)), Zone(15.0, 15.0, ("b",)), Zone(30.0, 20.0, ("c",)))
    assert _zones([2.0, 99.0], [("a",), ("b",)])[0].left == 0 and sum(z.width for z in _zones([2.0, 99.0], [("a",), ("b",)])) <= 100
    assert _zones([50.0], [("a",)]) == (Zone(45.0, 10.0, ("a",)),)


def test_the_velocity_chart_draws_a_bar_each_and_a_withheld_count_as_a_gap(minimal: Path) -> None:
    set_sprint(minimal, 3)
    site = generate(minimal)
    velocity = cast(Plot, site.charts["velocity"])
    sprints = [s for s in site.status.sprints if s.state != "planned"]
    top = float(velocity.y_ticks[-1][1])
    assert [c.bars for c in velocity.columns] == [
        (
            ("committed", round(100 * s.committed / top, 2)),
            ("so-far" if s.state == "active" else "completed", round(100 * (s.completed or 0) / top, 2)),
        )
        for s in sprints
    ]
    assert velocity.columns[0].tip == ("Sprint 1: Foundations", "20 points committed", "18 points completed")
    md = site.page("sprints/index.md").markdown
    assert '<span class="gh-plot__bar gh-plot__bar--completed" style="height:72.0%"></span>' in md
    # A column's tip says only what it draws; a withheld count draws nothing there and says nothing.
    block = plot_block(Plot("v", columns=(Column("1", True, (("committed", 50.0), ("completed", None)), ("S1", "10 committed")),)), EN)
    assert '<span class="gh-plot__bar gh-plot__bar--completed"></span>' in block
    assert re.search(r'<span class="gh-plot__tip"><strong>S1</strong><br>10 committed</span>', block)


def test_the_burn_up_draws_its_lines_points_and_tips_on_one_scale() -> None:
    site = generate(EXAMPLE_DATA)
    burnup = cast(Plot, site.charts["burnup"])
    sprints = site.status.sprints
    kinds = [line.kind for line in burnup.lines]
    assert kinds == ["scope", "done", "forecast"] and [a.kind for a in burnup.areas] == ["cone"]
    scope = burnup.lines[0]
    assert len(scope.points) == len(sprints) and [y for _, y in scope.points] == sorted(y for _, y in scope.points)
    assert max(y for line in (*burnup.lines, *burnup.areas) for _, y in line.points) <= 100
    assert max(x for line in (*burnup.lines, *burnup.areas) for x, _ in line.points) < 100  # room after the last date
    # One zone a sprint and one for the forecast, in order, side by side without overlapping.
    assert len(burnup.zones) == len(sprints) + 1
    assert all(abs(a.left + a.width - b.left) <= 0.011 for a, b in zip(burnup.zones, burnup.zones[1:], strict=False))
    first = burnup.zones[0].tip
    assert first[0] == "Sprint 1: Listening" and first[2].endswith("points planned by then") and first[3].endswith("completed by then")
    assert burnup.zones[-1].tip[0] == "Forecast, 85%" and "85% likely" in burnup.zones[-1].tip[1]
    places = [at for at, _ in burnup.x_ticks]
    assert 3 <= len(places) <= 6 and places == sorted(places) and places[0] >= 0 and places[-1] <= 100
    assert all(re.fullmatch(r"[A-Z][a-z]{2,3} 20\d\d", label) for _, label in burnup.x_ticks)  # months, as the timeline writes them
    # Drawn: an SVG stretched to the plot, each line a polyline whose strokes keep their width.
    md = site.page("sprints/index.md").markdown
    assert md.count('vector-effect="non-scaling-stroke"') == 3 and 'preserveAspectRatio="none"' in md
    assert md.count('class="gh-plot__dot gh-plot__dot--done"') == sum(1 for s in sprints if s.state != "planned")


def test_a_short_scale_of_dates_is_written_by_day() -> None:
    """A project's first weeks have no three first-of-months to write: the scale says Mondays instead."""
    import datetime as dt

    from generator.render.timeline import ticks

    short = ticks(dt.date(2026, 3, 2), dt.date(2026, 4, 14), EN)
    assert [label for _, label in short] == ["2 Mar", "16 Mar", "30 Mar", "13 Apr"]
    assert all(d.weekday() == 0 for d, _ in short)
    assert [label for _, label in ticks(dt.date(2026, 3, 2), dt.date(2026, 3, 20), EN)] == ["2 Mar", "9 Mar", "16 Mar"]
    assert [label for _, label in ticks(dt.date(2026, 1, 5), dt.date(2026, 5, 1), EN)] == ["Feb 2026", "Mar 2026", "Apr 2026", "May 2026"]
    assert [label for _, label in ticks(dt.date(2026, 3, 2), dt.date(2026, 4, 14), language("zh"))] == [
        "3月2日",
        "3月16日",
        "3月30日",
        "4月13日",
    ]


def test_a_sprint_in_progress_is_told_apart_from_one_that_fell_short() -> None:
    """The running sprint's completed work is drawn striped and said to be "so far", in the bar's
    tip, the legend, the burn-up's tip and both data tables: never read as a sprint that fell short."""
    site = generate(EXAMPLE_DATA)
    velocity, burnup = cast(Plot, site.charts["velocity"]), cast(Plot, site.charts["burnup"])
    active = next(s for s in site.status.sprints if s.state == "active")
    columns = {c.tip[0]: c for c in velocity.columns}
    running = columns[f"Sprint {active.id}: {active.name} (in progress)"]
    assert [kind for kind, _ in running.bars] == ["committed", "so-far"]
    assert running.tip[2] == f"{active.completed} points completed so far"
    assert sum(1 for c in velocity.columns if c.bars[1][0] == "so-far") == 1  # only the running one
    assert velocity.legend[-1] == ("so-far", "Completed so far (in progress)")
    assert next(z.tip for z in burnup.zones if z.tip[0].endswith("(in progress)"))[3].endswith("completed so far")
    assert any(r[0].endswith("(in progress)") for r in velocity.rows) and any(r[0].endswith("(in progress)") for r in burnup.rows)
    md = site.page("sprints/index.md").markdown
    assert md.count("gh-plot__bar--so-far") == 1 and "gh-plot__key--so-far" in md


def test_between_sprints_nothing_is_in_progress(minimal: Path) -> None:
    """A project between sprints has nothing in progress: no such bar, no such legend."""
    set_sprint(minimal, 4)  # every sprint closed
    site = generate(minimal)
    velocity = cast(Plot, site.charts["velocity"])
    assert [kind for kind, _ in velocity.legend] == ["committed", "completed"]
    assert all(c.bars[1][0] == "completed" for c in velocity.columns)
    assert "in progress" not in site.page("sprints/index.md").markdown
