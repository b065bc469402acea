"""The order in which `make test` hands the tests to its workers (tests/support/scheduling.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.projects import ROOT
from tests.support.scheduling import LONGEST, in_order

COLLECTION = [
    "tests/browser/test_badge.py::test_a",
    "tests/browser/test_chart_text.py::test_a[phone]",
    "tests/browser/test_chart_text.py::test_a[desktop]",
    "tests/browser/test_screen.py::test_every_page_on_a_phone_in_light_and_dark[empty]",
    "tests/browser/test_screen.py::test_every_page_on_a_phone_in_light_and_dark[example]",
    "tests/integration/test_killed_builds.py::test_a",
    "tests/unit/render/test_x.py::test_a",
    "tests/unit/render/test_x.py::test_b",
    "tests/unit/render/test_x.py::test_c",
]


def test_the_longest_units_go_first_then_the_most_tests() -> None:
    assert in_order(COLLECTION) == [
        "tests/browser/test_screen.py::test_every_page_on_a_phone_in_light_and_dark[example]",
        "tests/browser/test_chart_text.py::test_a[phone]",
        "tests/browser/test_chart_text.py::test_a[desktop]",
        "tests/integration/test_killed_builds.py::test_a",
        "tests/browser/test_screen.py::test_every_page_on_a_phone_in_light_and_dark[empty]",
        "tests/unit/render/test_x.py::test_a",
        "tests/unit/render/test_x.py::test_b",
        "tests/unit/render/test_x.py::test_c",
        "tests/browser/test_badge.py::test_a",
    ]


def test_every_long_unit_is_one_the_suite_has() -> None:
    """A unit renamed or removed would silently lose its place at the front: each is a test file,
    or a test function defined in one, with a parameter its file names."""
    for unit in LONGEST:
        path, _, test = unit.partition("::")
        assert (ROOT / path).is_file(), unit
        if test:
            name, _, param = test.removesuffix("]").partition("[")
            source = (ROOT / path).read_text(encoding="utf-8")
            assert f"def {name}(" in source and f'"{param}"' in source, unit


def test_each_file_runs_whole_on_one_worker_and_each_test_once(tmp_path: Path) -> None:
    """Two workers, two files put in another order than collected (the file with more tests first):
    a file's module fixtures are made once, because all its tests run on one worker."""
    (tmp_path / "conftest.py").write_text(
        "from tests.support.scheduling import FileScheduling\n"
        "def pytest_xdist_make_scheduler(config, log):\n    return FileScheduling(config, log)\n",
        encoding="utf-8",
    )
    test = "import os\ndef test_{n}():\n    open('ran.txt', 'a').write(__name__ + ' {n} ' + os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n"
    (tmp_path / "test_a.py").write_text(test.format(n=0), encoding="utf-8")
    (tmp_path / "test_b.py").write_text("".join(test.format(n=n) for n in range(1, 5)), encoding="utf-8")
    # Only xdist is loaded: the run is about its scheduling, not what the other plugins add. Its
    # temporary files go in this test's own directory: in pytest's shared one, it would clean away
    # the oldest runs' directories, another run's perhaps, while this run waits.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("COVERAGE_PROCESS_CONFIG", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "xdist.plugin", "-n", "2", "-p", "no:cacheprovider", "--basetemp", "tmp", "-q",
         "test_a.py", "test_b.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    ran = [line.split() for line in (tmp_path / "ran.txt").read_text(encoding="utf-8").splitlines()]
    assert sorted((module, n) for module, n, _ in ran) == [("test_a", "0"), *(("test_b", str(n)) for n in range(1, 5))]
    workers = {module: {worker for m, _, worker in ran if m == module} for module, _, _ in ran}
    assert all(len(w) == 1 for w in workers.values()), workers
