"""How pytest-xdist shares the tests out between workers (`make test` runs `-n auto`).

A test file's tests go to one worker, so the module fixtures they share (a published history, a
crowded site) are made once, as with `--dist loadfile`. The files in SPREAD go test by test: their
module fixtures cost nothing and their tests much (every page of four sites at three widths), so
kept together they would be the run's last and longest stretch on one core.

The longest of these units start first (LONGEST, measured), then the rest with the most tests
first, as xdist orders them: a long unit started last would keep one worker busy alone at the end.
"""

from __future__ import annotations

from collections import OrderedDict

from xdist.scheduler import LoadScopeScheduling

SPREAD = {
    "tests/browser/test_screen.py",
    "tests/browser/test_html.py",
}
# The units that took longest in `make test` on a 2-core machine (`--durations=0`, summed by unit),
# longest first: about 70 s for test_publish.py down to about 9 s. A unit missing from this list
# only starts later, after the listed ones, most tests first: a long unit with few tests would
# start last and leave the other worker idle at the end. Refresh it when the slowest tests change.
_PHONE = "tests/browser/test_screen.py::test_every_page_on_a_phone_in_light_and_dark"
LONGEST = (
    "tests/integration/test_publish.py",
    "tests/browser/test_pages.py",
    "tests/integration/test_purge.py",
    f"{_PHONE}[example]",
    "tests/browser/test_chart_text.py",
    "tests/integration/test_guide.py",
    "tests/integration/test_snapshot_truth.py",
    "tests/integration/test_killed_builds.py",
    "tests/browser/test_hostile.py",
    "tests/integration/test_confidentiality_history.py",
    "tests/browser/test_charts.py",
    "tests/integration/test_standard_tools.py",
    f"{_PHONE}[zh]",
    "tests/integration/test_fails_closed.py",
    "tests/integration/test_publish_race.py",
    f"{_PHONE}[empty]",
    "tests/browser/test_snapshots.py",
    "tests/integration/test_mutations.py",
    f"{_PHONE}[published]",
    "tests/integration/test_chinese_history.py",
    "tests/conventions/test_scheduling.py",
    "tests/browser/test_print.py",
    "tests/integration/test_hostile_files.py",
    "tests/integration/test_action.py",
    "tests/browser/test_builders.py",
)


def scope_of(nodeid: str) -> str:
    """The unit a test goes out in: its file, or the test itself in a SPREAD file."""
    path = nodeid.split("::", 1)[0]
    return nodeid if path in SPREAD else path


def in_order(collection: list[str]) -> list[str]:
    """The collection with the LONGEST units first, in that order, then the others by their number
    of tests, most first; within a unit, tests keep their order."""
    counts: dict[str, int] = {}
    for nodeid in collection:
        counts[scope_of(nodeid)] = counts.get(scope_of(nodeid), 0) + 1
    rank = {scope: n for n, scope in enumerate(LONGEST)}

    def key(nodeid: str) -> tuple[int, int]:
        scope = scope_of(nodeid)
        return (rank.get(scope, len(LONGEST)), -counts[scope])

    return sorted(collection, key=key)  # stable: a unit's tests stay in their order


class FileScheduling(LoadScopeScheduling):
    """xdist's scope scheduling with a file as the scope, or a single test in a SPREAD file, the
    longest units first."""

    _in_order = False
    workqueue: OrderedDict[str, dict[str, bool]]

    def _split_scope(self, nodeid: str) -> str:
        return scope_of(nodeid)

    def _assign_work_unit(self, node: object) -> None:
        if not self._in_order:
            # Only the queue of units is put in our order: a worker is sent its tests as indexes
            # into the collection it reported, which must keep the order it was collected in.
            units = dict.fromkeys(scope_of(nodeid) for nodeid in in_order(list(self.collection or [])))
            self.workqueue = OrderedDict((unit, self.workqueue[unit]) for unit in units if unit in self.workqueue)
            self._in_order = True
        super()._assign_work_unit(node)
