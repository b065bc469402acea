"""Starting a new status-site repository from the example project."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import GlasshouseError

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_PARTS = ("data", "content", "theme", "mkdocs.yml")


def new_project(directory: Path) -> None:
    """Copy the example project (data, pages, theme, mkdocs.yml) into a new directory."""
    if directory.exists() and any(directory.iterdir()):
        raise GlasshouseError(f"{directory} exists and is not empty; choose a new directory")
    missing = [p for p in TEMPLATE_PARTS if not (ROOT / p).exists()]
    if missing:
        raise GlasshouseError(
            f"the example project is not next to this Glasshouse installation (missing {', '.join(missing)}); "
            "install Glasshouse from its repository"
        )
    directory.mkdir(parents=True, exist_ok=True)
    for part in TEMPLATE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, directory / part, symlinks=False)
        else:
            shutil.copy2(src, directory / part)
    (directory / ".gitignore").write_text("site/\nsite-internal/\n.venv/\n", encoding="utf-8")
