"""The order in which `make test` hands the tests to its workers (tests/support/scheduling.py)."""

from __future__ import annotations

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
        "tests/browser/test_chart_text.py::test_a[phone]",
        "tests/browser/test_chart_text.py::test_a[desktop]",
        "tests/browser/test_screen.py::test_every_page_on_a_phone_in_light_and_dark[example]",
        "tests/integration/test_killed_builds.py::test_a",
        "tests/unit/render/test_x.py::test_a",
        "tests/unit/render/test_x.py::test_b",
        "tests/unit/render/test_x.py::test_c",
        "tests/browser/test_badge.py::test_a",
        "tests/browser/test_screen.py::test_every_page_on_a_phone_in_light_and_dark[empty]",
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
