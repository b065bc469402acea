"""The theme's overrides of Material's partials stay Material's, apart from the one change each makes."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from tests.support.projects import ROOT

MATERIAL = Path(material.__file__).parent / "templates" / "partials"
CHANGES = {
    "search.html": ('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
    "progress.html": ('role="progressbar">', 'role="progressbar" aria-hidden="true">'),
}


def _body(path: Path) -> str:
    """The template without its leading comment."""
    return re.sub(r"\A\{#-.*?-#\}\n", "", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize(("name", "change"), CHANGES.items())
def test_override_is_material_with_one_change(name: str, change: tuple[str, str]) -> None:
    theirs = _body(MATERIAL / name)
    assert change[0] in theirs, f"Material's {name} changed; update theme/partials/{name} from it"
    assert _body(ROOT / "theme" / "partials" / name) == theirs.replace(*change)
