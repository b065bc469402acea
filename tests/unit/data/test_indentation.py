"""Indentation mistakes are found where they are, and nothing else is taken for one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data.files import ReadError
from generator.data.indentation import misfit
from generator.data.read import read_yaml
from tests.support.projects import EXAMPLE_DATA, FIXTURES, ROOT


@pytest.mark.parametrize(
    "path",
    [*sorted(EXAMPLE_DATA.glob("*.yaml")), *sorted(FIXTURES.rglob("*.yaml")), ROOT / "mkdocs.yml"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_line_of_a_valid_file_is_out_of_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [n for n in range(1, len(text.splitlines()) + 1) if misfit(text, n)] == []


def _problem(tmp_path: Path, text: str) -> str:
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_yaml(tmp_path / "x.yaml", "x.yaml")
    return str(info.value.problem)


def test_block_text_that_looks_like_a_field_is_text(tmp_path: Path) -> None:
    """'Note:' inside a folded text is not a field that 'headline' could line up with."""
    text = "status: green\nsummary: >-\n  Note: the first line.\n headline: On track\n"
    assert _problem(tmp_path, text) == (
        "x.yaml:4:2: YAML syntax error: 'headline' is indented further than 'summary' on line 2, "
        "so YAML reads it as part of the value of 'summary'\n"
        "    hint: check the indentation: start 'headline' in column 1, like 'summary' (it starts in column 2); "
        "if it is part of that text, put the whole text in double quotes"
    )


def test_a_nested_list_item_out_of_line(tmp_path: Path) -> None:
    text = "- id: M-01\n  deliverables:\n    - Report\n   - Slides\n  status: planned\n"
    assert _problem(tmp_path, text) == (
        "x.yaml:4:4: YAML syntax error: this list item is out of line with the items above it\n"
        "    hint: check the indentation: this '-' is in column 4, but the '-' on line 3 is in column 5; "
        "the items of one list start in the same column"
    )


def test_a_field_back_in_line_with_its_record_is_not_a_mistake() -> None:
    """After a nested list, a field in its record's column is where it belongs."""
    text = "- id: M-01\n  deliverables:\n    - Report\n  status: planned\n- id: M-02\n"
    assert [n for n in range(1, 6) if misfit(text, n)] == []
