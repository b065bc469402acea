"""Ids are unique whatever their case: the key the rule compares them by."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.data.rules import _caseless

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
