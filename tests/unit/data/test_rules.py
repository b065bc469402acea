"""The rules between records: ids unique whatever their case, and the key they are compared by."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.data.rules import _caseless
from generator.data.validate import validate
from generator.errors import DataError

# Letters whose case folding leaves ASCII or changes the length: long s, Kelvin sign, sharp s, dotted I.
TRICKY = "aAbBsSkKiI-09ſKßẞİıÅåΣσς"
ids = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=6)


@given(ids, ids)
def test_two_ids_share_a_key_exactly_when_they_differ_only_in_case(a: str, b: str) -> None:
    assert (_caseless(a) == _caseless(b)) == (a.casefold() == b.casefold())


@given(st.text(alphabet=TRICKY, max_size=6), st.data())
def test_an_id_and_any_change_of_its_case_share_a_key(a: str, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(a), max_size=len(a)))
    b = "".join(c.swapcase() if flip else c for c, flip in zip(a, flips, strict=True))
    assert (_caseless(a) == _caseless(b)) == (a.casefold() == b.casefold())


def test_an_upper_case_ascii_id_is_its_own_key() -> None:
    fb = "".join(["FB-", "0000001"])  # made at run time: not an interned constant
    assert _caseless(fb) is fb  # no copy of a million ids


def test_a_repeated_id_after_a_log_in_order_is_found(minimal: Path) -> None:
    """A log's ids in order are found all different at once; one given again after them is still
    found, at its line."""
    log = minimal / "feedback.csv"
    rows = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join([*rows, "FB-0002," + rows[-1].split(",", 1)[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(minimal)
    assert [(p.line, p.message) for p in caught.value.problems if p.field == "id"] == [
        (len(rows) + 1, "the same id is already used on line 3")
    ]
