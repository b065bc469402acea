"""How pytest-xdist shares the tests out between workers (`make test` runs `-n auto`).

A test file's tests go to one worker, so the module fixtures they share (a published history, a
crowded site) are made once, as with `--dist loadfile`. The files in SPREAD go test by test: their
module fixtures cost nothing and their tests much (every page of four sites at three widths), so
kept together they would be the run's last and longest stretch on one core.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

SPREAD = {
    "tests/browser/test_screen.py",
    "tests/browser/test_html.py",
}


class FileScheduling(LoadScopeScheduling):
    """xdist's scope scheduling with a file as the scope, or a single test in a SPREAD file."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return nodeid if path in SPREAD else path
