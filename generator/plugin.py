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
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .errors import DataError
from .pipeline import generate
from .render import Site
from .stamp import build_info
from .text import title

ASSETS = "assets/glasshouse"
log = logging.getLogger("mkdocs.plugins.glasshouse")


class PluginConfig(base.Config):  # type: ignore[no-untyped-call]
    data_dir = c.Type(str, default="data")
    """The project's data directory, relative to mkdocs.yml."""

    audience = c.Choice(("public", "internal"), default="public")
    """Who the site is for: `public` leaves out every record marked `visibility: internal`."""


class GlasshousePlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    site: Site | None = None
    # The problems of the last build, kept so `glasshouse build` reports them as `validate` does.
    data_error: DataError | None = None

    def _data_dir(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.data_dir).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.data_error = None
        try:
            self.site = generate(self._data_dir(config), self.config.audience)  # type: ignore[arg-type]
        except DataError as exc:
            self.data_error = exc
            raise PluginError(
                "The project data has problems:\n" + exc.report() + "\nRun `glasshouse validate` for the same list."
            ) from None
        log.info("glasshouse: %s", self.site.status.redactions.describe())
        project = self.site.status.project
        config.site_name = title(project.name)
        config.extra["glasshouse"] = {
            "as_of": project.as_of.isoformat(),
            "audience": self.config.audience,
            **build_info(self._data_dir(config)),
        }
        config.extra_css.insert(0, f"{ASSETS}/glasshouse.css")
        config.extra_javascript.insert(0, f"{ASSETS}/charts.js")
        if config.nav is None:
            generated = self.site.nav_config()
            # Hand-written pages sit before the data reference, which stays last.
            config.nav = [*generated[:-1], *_hand_written(config, self.site), generated[-1]]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is None:
                files.append(File.generated(config, page.path, content=page.markdown))
        for download in self.site.downloads:
            files.append(File.generated(config, download.path, content=download.content))
        for asset in resources.files("generator").joinpath("assets").iterdir():
            if asset.is_file():
                files.append(File.generated(config, f"{ASSETS}/{asset.name}", content=asset.read_bytes()))
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._data_dir(config)))
        return server


def _hand_written(config: MkDocsConfig, site: Site) -> list[str]:
    docs = Path(config.docs_dir)
    generated = {p.path for p in site.pages}
    found = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return sorted(p for p in found if p not in generated)
