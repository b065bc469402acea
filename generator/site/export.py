"""`glasshouse render`: the core's output written to disk as a whole project another builder
(MkDocs, ProperDocs, Zensical) builds without the Glasshouse plugin."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.errors import GlasshouseError
from generator.history.edition import Edition
from generator.model.audience import Audience
from generator.pipeline import generate
from generator.render.downloads import Streamed
from generator.render.invite import with_blocks
from generator.render.pages import Site
from generator.repo.published import local_history
from generator.repo.stamp import make_stamp
from generator.site.handwritten import missing_pages
from generator.site.neutral import ASSETS, neutral_config, plugin_settings, served_assets

DOCS = "docs"
# A project without an mkdocs.yml of its own gets Material with its search.
DEFAULT_CONFIG: dict[str, Any] = {"theme": {"name": "material"}, "plugins": ["search"]}


def read_config(config_file: Path) -> dict[str, Any]:
    """The team's mkdocs.yml as YAML gives it (MkDocs' `!ENV` tags read as their default), or the
    default configuration when there is none."""
    if not config_file.is_file():
        return dict(DEFAULT_CONFIG)

    class _Loader(yaml.SafeLoader):
        pass

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]  # type: ignore[arg-type]
        for name in values[:-1] if len(values) > 1 else values:
            if str(name) in os.environ:
                return os.environ[str(name)]
        return values[-1] if len(values) > 1 else None

    _Loader.add_constructor("!ENV", env)
    loaded = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    return loaded if isinstance(loaded, dict) else dict(DEFAULT_CONFIG)


def write_project(data_dir: Path, out_dir: Path, config_file: Path, audience: Audience = "public", site: Site | None = None) -> int:
    """Write a builder-neutral project under `out_dir`: mkdocs.yml (complete, without the plugin),
    docs/ (the generated pages, the files served beside them, our assets and the team's own pages),
    theme/ (the team's theme overrides) and nav.yml; returns the number of files written. The pages
    are generated from `data_dir`, unless `site` brings them generated (a snapshot being published)."""
    team = read_config(config_file)
    project = config_file.resolve().parent
    settings = plugin_settings(team.get("plugins") or []) or {}
    if site is None:
        branch = str(settings.get("history_branch", "gh-pages"))
        history = local_history(project, branch) if audience == "public" and config_file.is_file() else ()
        site = generate(data_dir, audience, Edition(make_stamp(data_dir), history=history, site_url=str(team.get("site_url") or "")))
    docs = out_dir / DOCS
    team_docs = project / str(team.get("docs_dir", "docs"))
    hand_written, count = _copy_hand_written(team_docs if config_file.is_file() else None, docs, {p.path for p in site.pages}, site.blocks)
    missing = missing_pages(site, hand_written, os.path.relpath(team_docs, project))
    if missing and config_file.is_file():
        raise GlasshouseError("\n".join(missing))
    for page in site.pages:
        count += _write(docs / page.path, page.markdown)
    for name, content in site.files.items():
        count += _write(docs / name, content)
    for name, data in served_assets(str(settings.get("paper", "a4"))):
        count += _write(docs / ASSETS / name, data)
    theme_dir = team.get("theme", {}).get("custom_dir") if isinstance(team.get("theme"), dict) else None
    if theme_dir and (project / theme_dir).is_dir():
        shutil.copytree(project / theme_dir, out_dir / "theme", dirs_exist_ok=True)
        count += sum(1 for p in (out_dir / "theme").rglob("*") if p.is_file())
    config = neutral_config(site, team, hand_written, DOCS)
    count += _write(out_dir / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    count += _write(out_dir / "nav.yml", yaml.safe_dump({"nav": site.nav_config()}, allow_unicode=True, sort_keys=False))
    return count


def _copy_hand_written(team_docs: Path | None, docs: Path, generated: set[str], blocks: dict[str, str]) -> tuple[list[str], int]:
    """The team's own pages and files copied beside the generated ones (a generated page wins),
    each page's markers replaced by their blocks; returns the pages' paths and the number of files copied."""
    pages: list[str] = []
    count = 0
    if team_docs is None or not team_docs.is_dir():
        return pages, count
    for path in sorted(team_docs.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(team_docs).as_posix()
            if name in generated:
                continue
            raw = path.read_bytes()
            content: str | bytes = raw
            if name.endswith(".md"):
                pages.append(name)
                if b"<!-- glasshouse:" in raw:  # UTF-8 when it has a marker: the builder reads it so
                    content = with_blocks(raw.decode("utf-8", errors="replace"), blocks)
            count += _write(docs / name, content)
    return pages, count


def _write(path: Path, content: str | bytes | Streamed) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Streamed):
        with path.open("wb") as out:
            content.write(out)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return 1
