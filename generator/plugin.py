"""The MkDocs plugin: a thin adapter that adds Glasshouse's generated pages to a MkDocs build."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .errors import DataError
from .i18n import language
from .pipeline import generate
from .render import NavItem, Site
from .stamp import build_info
from .text import title

ASSETS = "assets/glasshouse"


class PluginConfig(base.Config):  # type: ignore[no-untyped-call]
    data_dir = c.Type(str, default="data")
    """The project's data directory, relative to mkdocs.yml."""

    audience = c.Choice(("public", "internal"), default="public")
    """Who the site is for: `public` leaves out every record marked `visibility: internal`."""


class GlasshousePlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    site: Site | None = None

    def _data_dir(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.data_dir).resolve()

    # Early, so that the theme's language is set before the search plugin reads its settings
    # (word separator, pipeline) from it.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.site = generate(self._data_dir(config), self.config.audience)  # type: ignore[arg-type]
        except DataError as exc:
            raise PluginError(
                "The project data has problems:\n" + exc.report() + "\nRun `glasshouse validate` for the same list."
            ) from None
        project = self.site.status.project
        lang = language(self.site.language)
        config.site_name = title(project.name)
        # project.yaml's language is the site's: Material's labels, <html lang> and search follow it.
        config.theme["language"] = self.site.language
        # Material's search splits Chinese text into words with jieba, which reports its progress
        # on every build; only its warnings matter.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        for scheme in config.theme.get("palette") or []:
            toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
            label = toggle.get("name") if toggle else None
            if toggle and label:
                toggle["name"] = lang.gettext(label)
        config.extra["glasshouse"] = {
            "as_of": project.as_of.isoformat(),
            "as_of_text": lang.date(project.as_of),
            "audience": self.config.audience,
            "labels": self.site.labels,
            **build_info(self._data_dir(config)),
        }
        config.extra_css.insert(0, f"{ASSETS}/glasshouse.css")
        config.extra_javascript.insert(0, f"{ASSETS}/charts.js")
        if config.nav is None:
            generated = _nav(self.site.nav)
            # Hand-written pages sit before the data reference, which stays last.
            config.nav = [*generated[:-1], *_hand_written(config, self.site), generated[-1]]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is None:
                files.append(File.generated(config, page.path, content=page.markdown))
        for path, content in self.site.files.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        for asset in resources.files("generator").joinpath("assets").iterdir():
            if asset.is_file():
                files.append(File.generated(config, f"{ASSETS}/{asset.name}", content=asset.read_bytes()))
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._data_dir(config)))
        return server


def _nav(items: tuple[NavItem, ...] | list[NavItem]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, target in items:
        out.append({name: _nav(target) if isinstance(target, list) else target})
    return out


def _hand_written(config: MkDocsConfig, site: Site) -> list[str]:
    docs = Path(config.docs_dir)
    generated = {p.path for p in site.pages}
    found = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return sorted(p for p in found if p not in generated)
