"""The package's layout stays visible: every module in CONTRIBUTING's tree, small modules, and no
module reaching into another's private names (the layers themselves are `lint-imports`' job)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.projects import ROOT

PACKAGE = ROOT / "generator"
MAX_LINES = 400


def modules() -> list[str]:
    """Every module of the package, as a path below generator/ ("data/read.py")."""
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if "vendor" not in p.parts)


def contributing_tree() -> list[str]:
    """The modules CONTRIBUTING.md's tree names, as paths below generator/."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tree = text.split("```text\ngenerator/\n", 1)[1].split("```", 1)[0]
    found, folder = [], ""
    for line in tree.splitlines():
        m = re.match(r"^([│ ]*)[├└]── (\S+)", line)
        assert m, f"not a line of the tree: {line!r}"
        depth, name = len(m.group(1)) // 4, m.group(2)
        if name.endswith("/"):
            folder = name if depth == 0 else folder
        else:
            found.append(f"{folder if depth else ''}{name}")
    return found


def test_contributing_shows_every_module_once() -> None:
    listed = contributing_tree()
    assert len(listed) == len(set(listed))
    missing = [m for m in modules() if m not in listed and not m.endswith("/__init__.py")]
    stale = [m for m in listed if m not in modules()]
    assert not missing, f"add to CONTRIBUTING.md's tree: {missing}"
    assert not stale, f"no longer in the package, remove from CONTRIBUTING.md's tree: {stale}"


def test_no_module_is_over_400_lines() -> None:
    long = {m: n for m in modules() if (n := len((PACKAGE / m).read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules: {long}"


def _private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__" and (node.level or (node.module or "").startswith("generator")):
            for alias in node.names:
                imported.add(alias.asname or alias.name)
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
        elif isinstance(node, ast.Import):
            imported.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("generator"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in imported:
                found.append((node.lineno, ast.unparse(node)))
    return [f"line {line}: {text}" for line, text in sorted(found)]


def test_no_module_uses_a_private_name_of_another() -> None:
    found = {m: p for m in modules() if (p := _private_imports(PACKAGE / m))}
    assert not found, found


def test_the_private_name_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from generator.data.values import _Bad\nfrom generator.render import pages\nfrom .read import ok\n"
        "pages._cache()\nok._x\nlocal = object()\nlocal._fine\n"
    )
    assert _private_imports(sample) == [
        "line 1: from generator.data.values import _Bad",
        "line 4: pages._cache",
        "line 5: ok._x",
    ]
