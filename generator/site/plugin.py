"""The MkDocs plugin: a thin adapter that adds Glasshouse's generated pages to a MkDocs build."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.data.files import refusal
from generator.data.readings import Readings
from generator.data.tables import display_path
from generator.errors import DataError, GlasshouseError, printable_lines
from generator.history.edition import Edition
from generator.model.audience import Audience
from generator.pipeline import generate
from generator.render.downloads import Streamed
from generator.render.invite import with_blocks
from generator.render.pages import Site, template_cache
from generator.render.text import title
from generator.repo.published import local_history
from generator.repo.stamp import make_stamp
from generator.site.cards import card_tables
from generator.site.handwritten import missing_pages
from generator.site.neutral import BUILDERS, PAGE_SIZES, palette_labels, permalink_title, served_assets, snapshot_url, theme_extra
from generator.site.preview import PROBLEMS_TITLE, SAY, problems_markdown, project_name, quick_server
from generator.site.rawhtml import Pages, PutAside
from generator.site.rebuilds import Rebuilds, search_plugin
from generator.site.slim import slim_html

ASSETS = "assets/glasshouse"
# Where search splits words: Material's recommended separator (spaces, hyphens, punctuation, a full
# stop not inside a number, HTML entities, a capital starting a word inside a word), so that an id
# or an error code written in brackets or before a full stop ("(M-07).", "error (E4172).") is a
# word of its own. Chinese adds the zero-width space jieba joins its words with and the Chinese
# punctuation of Material's own separator for Chinese.
SEARCH_SEPARATOR = r'[\s\-,:;!?=\[\]()"`/{chinese}]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'
CHINESE_SEPARATORS = r"\u200b\u3000、。，．？！；：（）「」《》"


def search_separator(language_code: str) -> str:
    """The search's word separator for a site in `language_code`."""
    return SEARCH_SEPARATOR.format(chinese=CHINESE_SEPARATORS if language_code.startswith("zh") else "")


log = logging.getLogger("mkdocs.plugins.glasshouse")


class PluginConfig(base.Config):  # type: ignore[no-untyped-call]
    data_dir = c.Type(str, default="data")
    """The project's data directory, relative to mkdocs.yml."""

    audience = c.Choice(("public", "internal"), default="public")
    """Who the site is for: `public` leaves out every record marked `visibility: internal`."""

    history_branch = c.Type(str, default="gh-pages")
    """The branch `glasshouse publish` deploys to; a plain build compares with the snapshots published
    there ("What changed", trends, feeds). Empty: compare with nothing."""

    builder = c.Choice(BUILDERS, default="mkdocs")
    """What `glasshouse build` builds the site with: `mkdocs` runs this plugin; `properdocs` and
    `zensical` build the project `glasshouse render` writes, which needs no plugin."""

    paper = c.Choice(tuple(PAGE_SIZES), default="a4")
    """The paper pages print on, the sponsor report first: `a4` (210 × 297 mm) or `letter` (US Letter)."""


class GlasshousePlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    site: Site | None = None
    _given: Site | None = None
    # While serving, MkDocs keeps this plugin across rebuilds (because of on_startup): a rebuild
    # with broken data shows the problems at the pages the last build had, instead of failing.
    serving = False
    problems: DataError | None = None
    _pages: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        # The page being converted, for the Markdown extension that puts its HTML blocks aside (rawhtml.py).
        self._converting = Pages()
        self._generated: frozenset[str] = frozenset()  # the paths of the current site's pages
        self._spill: tempfile.TemporaryDirectory[str] | None = None  # where large files are written (_spilled)
        self._spilled_keys: dict[str, Hashable] = {}  # serving: the key of each file written there (Streamed.key)
        # Serving with MkDocs's dirty builds (`glasshouse serve`): only the pages an edit changed are made again.
        self._rebuilds: Rebuilds | None = None
        self._readings: Readings | None = None  # serving: the data files read, kept until they change

    def use(self, site: Site) -> None:
        """Build `site`, already generated, instead of generating it from the data directory:
        `glasshouse build` and `publish` generate first, so that bad data is reported before
        MkDocs starts and the data is read once."""
        self._given = site

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self._rebuilds = Rebuilds() if self.serving and dirty else None
        self._readings = Readings() if self.serving else None

    def data_dir(self, config: MkDocsConfig) -> Path:
        return data_path(Path(config.config_file_path), self.config.data_dir)

    # Early, so that the theme's language is set before the search plugin reads its settings
    # (word separator, pipeline) from it.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._given is not None:
            self.site, self._given = self._given, None
        else:
            audience: Audience = self.config.audience  # type: ignore[assignment]
            try:
                edition = plain_edition(
                    Path(config.config_file_path).parent,
                    self.data_dir(config),
                    audience,
                    self.config.history_branch,
                    config,
                    stamped=not self.serving,
                )
                # Serving, the warnings are worked out only where they are shown (`mkdocs serve` logs
                # them; `glasshouse serve` shows the preview, and `glasshouse validate` lists them).
                warn = not self.serving or log.isEnabledFor(logging.INFO)
                self.site = generate(self.data_dir(config), audience, edition, self._readings, warn=warn)
            except DataError as exc:
                if self.serving:
                    return self._broken(config, exc)
                raise PluginError(
                    "The project data has problems:\n" + exc.report() + "\nRun `glasshouse validate` for the same list."
                ) from None
            except GlasshouseError as exc:
                raise PluginError(printable_lines(str(exc))) from None
        if self.problems is not None:
            SAY.info("The data is valid again; the preview shows the site.")
            self.problems = None
        log.info("glasshouse: %s", self.site.status.redactions.describe())
        for problem in self.site.warnings:  # at INFO: a strict build fails on MkDocs warnings, and these stop nothing
            log.info("glasshouse: %s", problem)
        # Escaped once already (title()): as Markup, the theme's own `| e` leaves it as it is, so
        # Material's and Zensical's partials are used unchanged.
        config.site_name = Markup(title(self.site.status.project.name))
        # project.yaml's language is the site's: Material's labels, <html lang> and search follow it.
        config.theme["language"] = self.site.language
        # Material's search splits Chinese text into words with jieba, which reports its progress
        # on every build; only its warnings matter.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        search = search_plugin(config)
        if search is not None and not search.config.get("separator"):  # a project's own separator wins
            search.config["separator"] = search_separator(self.site.language)
        palette_labels(config.theme, self.site)  # type: ignore[arg-type]
        permalink_title(config.mdx_configs, self.site)
        config.extra.update(theme_extra(self.site))
        if config.site_url:
            config.site_url = snapshot_url(config.site_url, self.site)
        if not config.site_description:
            # Pages without a description of their own (404, hand-written ones) describe the project.
            config.site_description = self.site.page("index.md").description
        # The generated pages' HTML blocks are put aside before Python-Markdown parses for them.
        # (Serving, each rebuild has a new configuration: the extension joins each, with one Pages.)
        if not any(isinstance(e, PutAside) for e in config.markdown_extensions):
            config.markdown_extensions.append(PutAside(self._converting))  # type: ignore[arg-type]
        self._generated = frozenset(p.path for p in self.site.pages)
        config.extra_css.insert(0, f"{ASSETS}/glasshouse.css")
        config.extra_javascript.insert(0, f"{ASSETS}/charts.js")
        config.extra_javascript.insert(1, f"{ASSETS}/glasshouse.js")
        if config.nav is None:
            # Hand-written pages follow the generated ones; the team's pages are in the footer only.
            config.nav = [*self.site.nav_config(), *_hand_written(config, self.site)]
        return config

    def _broken(self, config: MkDocsConfig, exc: DataError) -> MkDocsConfig:
        """Serving broken data: every page shows the problems (see on_files) until the next good save,
        under the project's name where project.yaml still gives it, with the site's own styles."""
        first = self.problems is None
        self.site, self.problems = None, exc
        SAY.warning("\n".join([*exc.listing(), str(exc)]))
        if first:
            SAY.warning("Until the data is valid again, every page of the preview lists these problems.")
        config.nav = [{PROBLEMS_TITLE: "index.md"}]
        name = project_name(self.data_dir(config))
        if name:
            config.site_name = title(name)
        config.extra_css.insert(0, f"{ASSETS}/glasshouse.css")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.problems is not None:
            return self._problem_pages(files, config, self.problems)
        assert self.site is not None
        _refuse_unreadable_pages(files, config)
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is None:
                inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
        missing = missing_pages(self.site, (f.src_uri for f in files.documentation_pages()), _docs_dir_name(config))
        if missing:
            raise PluginError("\n".join(missing))
        for path, content in self.site.files.items():
            if files.get_file_from_path(path) is None:
                if isinstance(content, Streamed):  # large: written to disk, never held whole
                    files.append(File.generated(config, path, abs_src_path=self._spilled(path, content)))
                else:
                    files.append(File.generated(config, path, content=content))
        for name, data in self._assets():
            files.append(File.generated(config, f"{ASSETS}/{name}", content=data))
        if self.serving:
            self._pages = tuple(f.src_uri for f in files.documentation_pages())
        if self._rebuilds is not None:
            blocks = self.site.blocks
            self._rebuilds.plan(files, config, self._generated, lambda path, text: with_blocks(text, blocks))
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self._rebuilds is not None and self.problems is None:
            self._rebuilds.restore(files)
        return nav

    def _spilled(self, path: str, content: Streamed) -> str:
        """`content` written to a file of this build's own directory, which MkDocs copies into the
        site; the directory goes when the build ends, whether it succeeds or fails. Serving, it stays
        until the server stops, and a file whose key (`Streamed.key`) is the last build's is not
        written again: a save of the headline does not write a log of a hundred thousand rows."""
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="glasshouse-files-")
        target = Path(self._spill.name, path)
        if self.serving and content.key is not None and self._spilled_keys.get(path) == content.key and target.is_file():
            return str(target)  # the same bytes: left as written (and, older than the site's copy, not copied again)
        self._spilled_keys.pop(path, None)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            content.write(out)
        if self.serving and content.key is not None:
            self._spilled_keys[path] = content.key
        return str(target)

    # Before the search plugin's: it writes the index this completes.
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._rebuilds is not None:
            if self.problems is None:
                self._rebuilds.finish(config)
            else:
                self._rebuilds.forget()
        self._clean_up()

    def on_build_error(self, *, error: Exception) -> None:
        if self._rebuilds is not None:
            self._rebuilds.forget()
        self._clean_up()

    def on_shutdown(self) -> None:
        self._clean_up(ending=True)

    def _clean_up(self, ending: bool = False) -> None:
        """The directory of large files goes when a build ends; serving, when the server stops (what
        the next build would write the same is left there)."""
        if self._spill is not None and (ending or not self.serving):
            self._spilled_keys = {}
            self._spill.cleanup()
            self._spill = None

    def _assets(self) -> list[tuple[str, str | bytes]]:
        return served_assets(self.config.paper)

    def _problem_pages(self, files: Files, config: MkDocsConfig, exc: DataError) -> Files:
        """The problems in place of every page the last good build had, so that whichever page the
        browser shows, it shows them (and reloads into that page once the data is fixed)."""
        for page in files.documentation_pages():
            files.remove(page)
        content = problems_markdown(exc)
        for path in sorted({"index.md", *self._pages}):
            inclusion = InclusionLevel.UNDEFINED if path == "index.md" else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        for name, data in self._assets():  # the stylesheet and the favicon
            files.append(File.generated(config, f"{ASSETS}/{name}", content=data))
        return files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # The theme's templates are compiled once and kept, as the pages' own are: compiling them
        # took a tenth of every build.
        if env.bytecode_cache is None:
            env.bytecode_cache = template_cache()
        # Page titles reach the theme escaped once (from the navigation or the page's heading):
        # marked so, no template escapes them a second time (the footer's previous/next links).
        for f in files.documentation_pages():
            page = f.page
            if page is not None and isinstance(page.title, str) and not isinstance(page.title, Markup):
                page.title = Markup(page.title)  # type: ignore[assignment]
        return env

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        self._converting.generated = self.site is not None and page.file.src_uri in self._generated
        self._converting.ids = set()
        # A hand-written page's markers ("How to give feedback": its ready e-mails) become their blocks.
        return with_blocks(markdown, self.site.blocks) if self.site is not None else markdown

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= self._converting.ids  # the ids MkDocs did not see in the blocks put aside
        # Tables written in Markdown read as cards on a phone, like the site's tables of records.
        return card_tables(html)

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if self._rebuilds is not None:
            self._rebuilds.made(page)
        # Every page without the templates' indentation: the same page, a tenth lighter.
        return slim_html(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The theme's own pages (404.html) are trimmed like every other page.
        return slim_html(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server = quick_server(server, config)
        server.watch(str(self.data_dir(config)))
        # Said now, just before MkDocs opens the address: the first build is done.
        SAY.info(f"Serving the status site at {config.site_url} (Ctrl+C to stop)")
        return server


def data_path(config_file: Path, data_dir: str) -> Path:
    """The data directory mkdocs.yml names, as an absolute path with its links not followed:
    the data stage refuses a data directory that is a link leading out of the project, which it
    could no longer see once the link was resolved."""
    return Path(os.path.abspath(config_file.resolve().parent / data_dir))


def _refuse_unreadable_pages(files: Files, config: MkDocsConfig) -> None:
    """MkDocs opens the hand-written pages itself: each must be a regular file inside the project,
    or nothing is built (a link out of the project would publish what it leads to)."""
    project = Path(config.config_file_path).resolve().parent
    refused = [
        problem
        for f in files
        if f.src_dir == config.docs_dir and f.abs_src_path is not None
        and (problem := refusal(Path(f.abs_src_path), display_path(Path(f.abs_src_path)), project)) is not None
    ]  # fmt: skip
    if refused:
        raise PluginError("pages that cannot be read:\n" + "\n".join(f"  {line}" for p in refused for line in str(p).split("\n")))


def plain_edition(
    repo: Path, data_dir: Path, audience: Audience, history_branch: str, config: MkDocsConfig, *, stamped: bool = True
) -> Edition:
    """A plain build's edition: stamped now (unless not `stamped`: the preview, whose pages must not
    change with every save that leaves them as they were), compared with the snapshots published on
    `history_branch`. Published snapshots hold public records only; an internal build is not
    compared with them."""
    history = local_history(repo, history_branch) if audience == "public" else ()
    return Edition(make_stamp(data_dir) if stamped else None, history=history, site_url=config.site_url or "")


def _hand_written(config: MkDocsConfig, site: Site) -> list[str]:
    docs = Path(config.docs_dir)
    generated = {p.path for p in site.pages}
    found = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return sorted(p for p in found if p not in generated)


def _docs_dir_name(config: MkDocsConfig) -> str:
    """The docs directory as the team names it, relative to mkdocs.yml."""
    project = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    return docs.relative_to(project).as_posix() if docs.is_relative_to(project) else str(docs)
