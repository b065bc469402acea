"""The theme changes Material (and Zensical) through main.html's blocks and our own assets: no copy of
a whole upstream partial, which would break when upstream changes it (CONTRIBUTING.md)."""

from __future__ import annotations

from tests.support.projects import ROOT

# main.html: blocks only; copyright.html: our footer (the stamp, the links), which both themes include
# in their own footer; outdated.html: the archived-snapshot script, one line.
OURS = ["main.html", "partials/copyright.html", "partials/javascripts/outdated.html"]


def test_the_theme_holds_blocks_and_our_own_partials_only() -> None:
    theme = ROOT / "theme"
    assert sorted(p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()) == sorted(OURS)
