"""YAML nodes as plain values: only YAML's standard tags are read, anything else says where it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from generator.data.nodes import Unreadable, key_name, tag_name, to_python


def _value(text: str) -> Any:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        assert node is not None
        return to_python(node, loader)
    finally:
        loader.dispose()


def test_plain_values_keep_their_yaml_types() -> None:
    assert _value("a: text\nb: 3\nc: 2.5\nd: true\ne: null\nf: 2026-03-31\ng: [1, two]\n") == {
        "a": "text",
        "b": 3,
        "c": 2.5,
        "d": True,
        "e": None,
        "f": dt.date(2026, 3, 31),
        "g": [1, "two"],
    }
    assert _value("'2026-03-31'") == "2026-03-31"  # quoted: text, not a date


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!python/name:os.system x", "!!python/name:os.system"),
        ("!custom value", "!custom"),
    ],
)
def test_any_other_tag_is_unreadable_with_its_place_and_a_hint(text: str, written: str) -> None:
    found = _value(f"title: ok\nnotes: {text}\n")
    assert found == Unreadable(
        2,
        8,
        f"the YAML tag '{written}' is not allowed in Glasshouse data",
        "remove the tag; write the value as text, a number, a date or true/false",
    )


def test_a_list_or_block_holding_a_tag_is_unreadable_as_a_whole_at_the_first_tag() -> None:
    found = _value("- ok\n- !!set {a: 1}\n- !one x\n")
    assert isinstance(found, Unreadable)
    assert (found.line, found.column, found.hint) == (2, 3, "remove the tag; write the record as 'field: value' lines")
    assert _value("outer:\n  inner: !!binary aGk=\n") == Unreadable(
        2,
        10,
        "the YAML tag '!!binary' is not allowed in Glasshouse data",
        "remove the tag; write the value as text, a number, a date or true/false",
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1" * 5000, "1" * 5000),  # too long for an integer: kept as written, for the field's type to judge
        ("1.0e+400", "1.0e+400"),  # overflows to infinity, which is not what was written
        ("!!timestamp not-a-date", "not-a-date"),  # a standard tag that cannot make its value
        ("!!int 12", 12),
    ],
)
def test_a_value_a_standard_tag_cannot_make_stays_as_written(text: str, value: object) -> None:
    assert _value(text) == value


def test_yamls_own_infinity_is_a_number() -> None:
    assert _value(".inf") == float("inf")
    assert _value("-.Inf") == float("-inf")


def test_a_field_name_must_be_text() -> None:
    assert _value("[a, b]: 1\n") == Unreadable(
        1, 1, "a field name is a list, not text", "write 'name: value', with the field's name before the ':'"
    )
    assert _value("? {a: 1}\n: 2\n") == Unreadable(
        1, 3, "a field name is a block of fields, not text", "write 'name: value', with the field's name before the ':'"
    )
    assert _value("!x key: 1\n") == Unreadable(
        1, 1, "the YAML tag '!x' is not allowed in Glasshouse data", "remove the tag; a field name is plain text"
    )


def test_tags_are_named_as_written() -> None:
    assert tag_name("tag:yaml.org,2002:binary") == "!!binary"
    assert tag_name("!custom") == "!custom"
    node = yaml.compose("12: x")
    assert node is not None
    assert key_name(node.value[0][0]) == "12"  # a number as a field name is its text
