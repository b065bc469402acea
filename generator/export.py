"""Writing the core's output to disk, and starting new projects from the example."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import yaml

from .errors import GlasshouseError
from .model import Audience
from .pipeline import generate

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PARTS = ("data", "content", "theme", "mkdocs.yml")


def write_markdown(data_dir: Path, out_dir: Path, audience: Audience = "public") -> int:
    """Write pages, the files served beside them (badge, status.json, feeds, CSV downloads), assets
    and nav.yml under `out_dir`; returns the number of files written."""
    site = generate(data_dir, audience)
    count = 0
    for page in site.pages:
        path = out_dir / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
        count += 1
    for name, content in site.files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        count += 1
    assets = out_dir / "assets" / "glasshouse"
    assets.mkdir(parents=True, exist_ok=True)
    for asset in resources.files("generator").joinpath("assets").iterdir():
        if asset.is_file():
            (assets / asset.name).write_bytes(asset.read_bytes())
            count += 1
    nav = yaml.safe_dump({"nav": site.nav_config()}, allow_unicode=True, sort_keys=False)
    (out_dir / "nav.yml").write_text(nav, encoding="utf-8")
    return count + 1


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
