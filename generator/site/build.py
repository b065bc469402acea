"""Building the site with MkDocs, all or nothing: the output directory is replaced only on success,
in one step (site/swap.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.bulk import no_cycle_collection
from generator.clock import blank_epoch_unset
from generator.errors import BuildError, Problem
from generator.model.audience import Audience
from generator.pipeline import generate
from generator.render.pages import Site
from generator.site import swap
from generator.site.builders import build_rendered, refusal
from generator.site.plugin import data_path, plain_edition

# The example project's address (mkdocs.yml): `glasshouse new` offers it, `glasshouse publish` refuses it.
EXAMPLE_SITE_URL = "https://status.example.org/"
# The team's own build goes elsewhere by default, so it cannot replace the public site by mistake.
DEFAULT_SITE_DIR = {"public": "site", "internal": "site-internal"}


class _Counter(logging.Handler):
    """Keeps MkDocs's warnings so a failed strict build can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Settings:
    """What publishing needs to know from mkdocs.yml."""

    data_dir: Path
    site_url: str
    use_directory_urls: bool
    builder: str = "mkdocs"


def _load(config_file: Path, **overrides: Any) -> Any:
    from mkdocs.config import load_config

    if not config_file.is_file():
        raise BuildError(f"{config_file} not found; run this in a Glasshouse project (see `glasshouse new --help`)")
    config = load_config(str(config_file), **overrides)
    if config.plugins.get("glasshouse") is None:
        raise BuildError(f"{config_file.name} does not enable the glasshouse plugin; add '- glasshouse' under 'plugins:'")
    return config


def settings(config_file: Path) -> Settings:
    config_file = config_file.resolve()
    config = _load(config_file)
    data_dir = data_path(config_file, config.plugins["glasshouse"].config.data_dir)
    plugin = config.plugins["glasshouse"].config
    return Settings(data_dir, config.site_url or "", bool(config.use_directory_urls), plugin.builder)


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    audience: Audience = "public",
    report: Callable[[str], None] | None = None,
    site: Site | None = None,
    warn: Callable[[Problem], None] | None = None,
    builder: str = "mkdocs",
) -> Path:
    """Run `mkdocs build --strict` into a fresh directory, then swap it in place of `site_dir`.

    Whatever fails (the data, a strict warning, the theme, the disk), the fresh directory is
    removed and `site_dir` keeps its previous content, or stays absent. The pages are generated
    first, from the data directory mkdocs.yml names, unless `site` brings them already generated
    (`glasshouse publish` does, for a snapshot). `report` receives what the build has to tell the
    user, such as how many personal details were redacted; `warn`, each warning about the data.
    `builder`: `mkdocs` runs the plugin; the others build the project `glasshouse render` writes.
    """
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config_file = config_file.resolve()
    if not config_file.is_file():
        raise BuildError(f"{config_file} not found; run this in a Glasshouse project (see `glasshouse new --help`)")
    if (refused := refusal(builder)) is not None:
        raise BuildError(refused)
    target = (site_dir or config_file.parent / DEFAULT_SITE_DIR[audience]).resolve()
    try:
        work = swap.workspace(target)
    except OSError as exc:
        raise BuildError(f"the site could not be written; the previous site is untouched.\n  {exc}") from None
    counter = _Counter()
    log = logging.getLogger("mkdocs")
    log.addHandler(counter)
    try:
        # MkDocs reads SOURCE_DATE_EPOCH with int(). The cycle collector would walk the model's
        # records (a hundred thousand pieces of feedback) again and again while MkDocs makes its
        # objects; what MkDocs leaves in cycles is little (7 MB at M), freed when the build ends.
        with blank_epoch_unset(), no_cycle_collection():
            config = _load(config_file, site_dir=str(work.path), strict=True)
            # As `mkdocs build` starts: MkDocs keeps plugin instances with this event for the whole
            # process, and a preview's state (its kept readings, its rebuilds) is not a build's.
            config.plugins.on_startup(command="build", dirty=False)
            plugin = config.plugins["glasshouse"]
            if site is None:
                data_dir = plugin.data_dir(config)
                edition = plain_edition(config_file.parent, data_dir, audience, plugin.config.history_branch, config)
                # Bad data raises DataError here, before MkDocs starts.
                site = generate(data_dir, audience, edition)
            if builder == "mkdocs":
                plugin.use(site)
                build(config)
            else:
                build_rendered(builder, config_file, plugin.data_dir(config), work.path, audience, site)
    except (MkDocsException, SystemExit) as exc:
        work.discard()
        detail = "\n".join(f"  {m}" for m in counter.messages) or f"  {exc}"
        raise BuildError(f"mkdocs build --strict failed; the previous site is untouched.\n{detail}") from None
    except jinja2.TemplateError as exc:
        work.discard()
        where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise BuildError(
            f"a theme template could not be used; the previous site is untouched.\n  {where}{exc}\n"
            "  hint: check the files in theme/ (custom_dir in mkdocs.yml)"
        ) from None
    except OSError as exc:
        work.discard()
        raise BuildError(f"the site could not be written; the previous site is untouched.\n  {exc}") from None
    except BaseException:  # DataError included: nothing is left behind
        work.discard()
        raise
    finally:
        log.removeHandler(counter)
    try:
        swap.put_in_place(work, target)
    except OSError as exc:
        work.discard()
        raise BuildError(f"the new site could not be put in place of {target}; the previous site is untouched.\n  {exc}") from None
    if report is not None:
        report(site.status.redactions.describe())
    if warn is not None:
        for problem in site.warnings:
            warn(problem)
    return target
