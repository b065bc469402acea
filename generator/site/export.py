"""Writing the core's output to disk, for inspection or for another Markdown site builder."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from generator.model.audience import Audience
from generator.pipeline import generate


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
    for asset in resources.files("generator.render").joinpath("assets").iterdir():
        if asset.is_file():
            (assets / asset.name).write_bytes(asset.read_bytes())
            count += 1
    nav = yaml.safe_dump({"nav": site.nav_config()}, allow_unicode=True, sort_keys=False)
    (out_dir / "nav.yml").write_text(nav, encoding="utf-8")
    return count + 1
