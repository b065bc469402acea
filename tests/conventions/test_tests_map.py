"""The tests keep their map: each test module in its room, a unit test named after the module it
tests, and CONTRIBUTING.md's map naming every room."""

from __future__ import annotations

from tests.support.projects import ROOT

TESTS = ROOT / "tests"
# Test modules by kind; support/ holds the helpers they share, fixtures/ the projects they build.
ROOMS = {"unit", "integration", "browser", "conventions"}
STAGES = {"data", "model", "history", "forecast", "render", "repo", "site", "publish"}
# Unit tests named after what they check across a stage's modules rather than after one module.
BY_BEHAVIOUR = {
    "unit/render/test_customer_text.py",
    "unit/render/test_chart_templates.py",
    "unit/render/test_sponsor_report.py",
    "unit/render/test_vocabulary.py",
}


def _test_modules() -> list[str]:
    return sorted(p.relative_to(TESTS).as_posix() for p in TESTS.rglob("test_*.py") if "fixtures" not in p.parts)


def test_every_test_module_is_in_a_room() -> None:
    stray = [m for m in _test_modules() if m.split("/")[0] not in ROOMS]
    assert not stray, f"move these into one of tests/{', tests/'.join(sorted(ROOMS))} (CONTRIBUTING.md says which): {stray}"


def test_a_unit_test_is_named_after_its_stage_and_module() -> None:
    wrong = []
    for m in _test_modules():
        parts = m.split("/")
        if parts[0] != "unit" or m in BY_BEHAVIOUR:
            continue
        module = ROOT / "generator" / parts[1] / parts[2].removeprefix("test_")
        if len(parts) != 3 or parts[1] not in STAGES or not module.is_file():
            wrong.append(m)
    assert not wrong, f"tests/unit/<stage>/test_<module>.py for generator/<stage>/<module>.py: {wrong}"


def test_contributing_maps_every_room() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tree = text.split("```text\ntests/\n", 1)[1].split("```", 1)[0]
    for room in (*sorted(ROOMS), "support", "fixtures"):
        assert f"── {room}/" in tree, room
