"""Which builders `glasshouse build` builds with, and what it says when one cannot be used."""

from __future__ import annotations

import pytest

from generator.errors import BuildError
from generator.site.builders import executable, refusal


def test_the_three_builders_are_accepted_and_any_other_refused_with_the_reason() -> None:
    assert [refusal(b) for b in ("mkdocs", "properdocs", "zensical")] == [None, None, None]
    said = refusal("hugo")
    assert said is not None
    assert said.startswith("'hugo' is not a builder Glasshouse builds with (mkdocs, properdocs, zensical)")
    assert "hand-written pages alone" in said


def test_a_builder_not_installed_is_named_with_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("sys.executable", "/nonexistent/python")
    with pytest.raises(BuildError, match=r"zensical is not installed; the previous site is untouched\.\n  hint: pip install zensical"):
        executable("zensical")
