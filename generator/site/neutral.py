"""The builder-neutral project: the settings the theme reads, and a whole configuration that
MkDocs, ProperDocs and Zensical each build without the Glasshouse plugin."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any
from urllib.parse import urljoin

from generator.history.edition import Edition
from generator.render.i18n import language
from generator.render.pages import Site
from generator.render.text import title
from generator.site.slim import slim_css, slim_js

ASSETS = "assets/glasshouse"
STYLESHEETS = (f"{ASSETS}/glasshouse.css",)
SCRIPTS = (f"{ASSETS}/charts.js", f"{ASSETS}/glasshouse.js")
# The builders a team can build with (`glasshouse build --builder`, the plugin's `builder` key):
# MkDocs runs the plugin; the others build the project `glasshouse render --out` writes.
BUILDERS = ("mkdocs", "properdocs", "zensical")
PLUGIN = "glasshouse"
# The size of the printed page (glasshouse.css sets A4 in its print block); each wins over it when added after.
PAGE_SIZES = {"a4": "", "letter": "@page{size:letter}"}


def served_assets(paper: str = "a4") -> list[tuple[str, str | bytes]]:
    """Our assets as the site serves them: our own trimmed (the stylesheet with the paper size);
    vendored files come minified."""
    out: list[tuple[str, str | bytes]] = []
    for asset in resources.files("generator.render").joinpath("assets").iterdir():
        if not asset.is_file():
            continue
        raw = asset.read_bytes()
        data: str | bytes = raw
        if asset.name == "glasshouse.css":
            data = slim_css(raw.decode("utf-8")) + PAGE_SIZES[paper]
        elif asset.name in ("charts.js", "charts-draw.js", "glasshouse.js"):
            data = slim_js(raw.decode("utf-8"))
        out.append((asset.name, data))
    return out


def theme_extra(site: Site) -> dict[str, Any]:
    """What the theme's templates read from `extra`: the stamp, the audience, the labels, and the
    snapshot version selector's settings (mike's versions.json) when the site is a snapshot."""
    project = site.status.project
    lang = language(site.language)
    edition = site.history.edition
    extra: dict[str, Any] = {
        "glasshouse": {
            "as_of": project.as_of.isoformat(),
            "as_of_text": lang.date(project.as_of),
            "audience": site.status.audience,
            "labels": site.labels,
            **stamp_info(edition),
        }
    }
    if edition.version:
        # A snapshot lives in its own directory beside the others; the version selector reads
        # versions.json from the site root, and archived snapshots show a banner.
        extra["version"] = {"provider": "mike", "default": "latest", "alias": True}
    return extra


def stamp_info(edition: Edition) -> dict[str, Any]:
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


def snapshot_url(site_url: str, site: Site) -> str:
    """The address a snapshot is published at: its own directory under the site's."""
    version = site.history.edition.version
    return urljoin(site_url, version + "/") if site_url and version else site_url


def palette_labels(theme: dict[str, Any], site: Site) -> None:
    """The light/dark switch's labels in the site's language (in place)."""
    lang = language(site.language)
    for scheme in theme.get("palette") or []:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        label = toggle.get("name") if toggle else None
        if toggle and label:
            toggle["name"] = lang.gettext(label)


def without_plugin(plugins: list[Any]) -> list[Any]:
    """The team's plugins without Glasshouse's."""
    return [p for p in plugins if (p if isinstance(p, str) else next(iter(p), None)) != PLUGIN]


def plugin_settings(plugins: list[Any]) -> dict[str, Any] | None:
    """The Glasshouse plugin's settings in mkdocs.yml's `plugins`, or None when it is not there."""
    for p in plugins:
        if p == PLUGIN:
            return {}
        if isinstance(p, dict) and PLUGIN in p:
            return dict(p[PLUGIN] or {})
    return None


def permalink_title(extensions: dict[str, Any], site: Site) -> None:
    """The title of the link beside every heading in the site's language, unless the team set one:
    the toc extension's own is English ("Permanent link")."""
    toc = extensions.get("toc")
    if toc is not None and toc.get("permalink") and "permalink_title" not in toc:
        toc["permalink_title"] = site.labels["permalink"]


def neutral_config(site: Site, team: dict[str, Any], hand_written: list[str], docs_dir: str = "docs") -> dict[str, Any]:
    """The team's mkdocs.yml (`team`, as YAML gives it) made complete for a builder without the
    plugin: the site's name, language, navigation, assets and theme settings written out, the
    plugin left out. `hand_written`: the team's own pages, listed after the generated ones."""
    config = copy.deepcopy(team)
    config["site_name"] = title(site.status.project.name)
    if config.get("site_url"):
        config["site_url"] = snapshot_url(config["site_url"], site)
    config["docs_dir"] = docs_dir
    config.pop("site_dir", None)
    theme = config.setdefault("theme", {"name": "material"})
    theme["language"] = site.language
    if theme.get("custom_dir"):
        theme["custom_dir"] = "theme"
    palette_labels(theme, site)
    extensions = config.get("markdown_extensions") or []
    permalink_title({k: v for e in extensions if isinstance(e, dict) for k, v in e.items() if isinstance(v, dict)}, site)
    config["nav"] = config.get("nav") or [*site.nav_config(), *hand_written]
    hidden = [f"/{page.path}" for page in site.pages if not page.in_nav]
    if hidden:  # linked from every page's footer, not listed in the navigation
        config["not_in_nav"] = "\n".join([*filter(None, str(config.get("not_in_nav") or "").split("\n")), *hidden])
    config["plugins"] = without_plugin(config.get("plugins") or ["search"])
    if not config.get("site_description"):
        config["site_description"] = site.page("index.md").description
    config["extra_css"] = [*STYLESHEETS, *(config.get("extra_css") or [])]
    config["extra_javascript"] = [*SCRIPTS, *(config.get("extra_javascript") or [])]
    config["extra"] = {**(config.get("extra") or {}), **theme_extra(site)}
    return config
