"""The MkDocs plugin: a thin adapter that adds Glasshouse's generated pages to a MkDocs build."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.errors import DataError
from generator.history.edition import Edition
from generator.model.audience import Audience
from generator.pipeline import generate
from generator.render.i18n import language
from generator.render.pages import Site
from generator.render.text import title
from generator.repo.published import local_history
from generator.site.slim import slim_css, slim_html, slim_js
from generator.site.stamp import make_stamp

ASSETS = "assets/glasshouse"
log = logging.getLogger("mkdocs.plugins.glasshouse")


class PluginConfig(base.Config):  # type: ignore[no-untyped-call]
    data_dir = c.Type(str, default="data")
    """The project's data directory, relative to mkdocs.yml."""

    audience = c.Choice(("public", "internal"), default="public")
    """Who the site is for: `public` leaves out every record marked `visibility: internal`."""

    history_branch = c.Type(str, default="gh-pages")
    """The branch `glasshouse publish` deploys to; a plain build compares with the snapshots published
    there ("What changed", trends, feeds). Empty: compare with nothing."""


class GlasshousePlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    site: Site | None = None
    _given: Site | None = None

    def use(self, site: Site) -> None:
        """Build `site`, already generated, instead of generating it from the data directory:
        `glasshouse build` and `publish` generate first, so that bad data is reported before
        MkDocs starts and the data is read once."""
        self._given = site

    def data_dir(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.data_dir).resolve()

    # Early, so that the theme's language is set before the search plugin reads its settings
    # (word separator, pipeline) from it.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._given is not None:
            self.site = self._given
        else:
            audience: Audience = self.config.audience  # type: ignore[assignment]
            edition = plain_edition(Path(config.config_file_path).parent, self.data_dir(config), audience, self.config.history_branch, config)
            try:
                self.site = generate(self.data_dir(config), audience, edition)
            except DataError as exc:
                raise PluginError(
                    "The project data has problems:\n" + exc.report() + "\nRun `glasshouse validate` for the same list."
                ) from None
        log.info("glasshouse: %s", self.site.status.redactions.describe())
        edition = self.site.history.edition
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
            "audience": self.site.status.audience,
            "labels": self.site.labels,
            **_stamp_info(edition),
        }
        if edition.version:
            # A snapshot lives in its own directory beside the others; mkdocs-material's version
            # selector reads versions.json from the site root, and archived snapshots show a banner.
            if config.site_url:
                config.site_url = urljoin(config.site_url, edition.version + "/")
            config.extra["version"] = {"provider": "mike", "default": "latest", "alias": True}
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
        for path, content in self.site.files.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        for asset in resources.files("generator.render").joinpath("assets").iterdir():
            if not asset.is_file():
                continue
            raw = asset.read_bytes()
            data: str | bytes = raw
            if asset.name in ("glasshouse.css", "charts.js", "charts-draw.js"):  # our own; vendored files come minified
                data = (slim_css if asset.name.endswith(".css") else slim_js)(raw.decode("utf-8"))
            files.append(File.generated(config, f"{ASSETS}/{asset.name}", content=data))
        return files

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        # Every page without the templates' indentation: the same page, a tenth lighter.
        return slim_html(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The theme's own pages (404.html) are trimmed like every other page.
        return slim_html(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.data_dir(config)))
        return server


def plain_edition(repo: Path, data_dir: Path, audience: Audience, history_branch: str, config: MkDocsConfig) -> Edition:
    """A plain build's edition: stamped now, compared with the snapshots published on
    `history_branch`. Published snapshots hold public records only; an internal build is not
    compared with them."""
    history = local_history(repo, history_branch) if audience == "public" else ()
    return Edition(make_stamp(data_dir), history=history, site_url=config.site_url or "")


def _stamp_info(edition: Edition) -> dict[str, Any]:
    """The footer's stamp and the feed link, as the theme templates read them."""
    info: dict[str, Any] = {"feed": "../feed.xml" if edition.version else "feed.xml"}
    if edition.stamp:
        info.update(built=edition.stamp.built_text, data_hash=edition.stamp.data_hash)
        if edition.stamp.commit:
            info["commit"] = edition.stamp.commit
    if edition.version:
        info["snapshot"] = {
            "version": edition.version,
            "title": edition.title or edition.version,
            "corrections": [c.as_json() for c in edition.corrections],
        }
    return info


def _hand_written(config: MkDocsConfig, site: Site) -> list[str]:
    docs = Path(config.docs_dir)
    generated = {p.path for p in site.pages}
    found = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return sorted(p for p in found if p not in generated)
