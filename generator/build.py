"""Building the site with MkDocs, all or nothing: the output directory is replaced only on success."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edition import Edition
from .errors import BuildError
from .model import Audience


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
    data_dir = (config_file.parent / config.plugins["glasshouse"].config.data_dir).resolve()
    return Settings(data_dir, config.site_url or "", bool(config.use_directory_urls))


def build_site(config_file: Path, site_dir: Path | None = None, audience: Audience = "public", edition: Edition | None = None) -> Path:
    """Run `mkdocs build --strict` into a fresh directory, then swap it in place of `site_dir`.

    `edition` is given when the build is a snapshot (`glasshouse publish`); a plain build has none.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config_file = config_file.resolve()
    if not config_file.is_file():
        raise BuildError(f"{config_file} not found; run this in a Glasshouse project (see `glasshouse new --help`)")
    target = (site_dir or config_file.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    counter = _Counter()
    log = logging.getLogger("mkdocs")
    log.addHandler(counter)
    try:
        config = _load(config_file, site_dir=str(work), strict=True)
        plugin = config.plugins["glasshouse"]
        plugin.config.audience = audience
        plugin.edition = edition
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(work, ignore_errors=True)
        detail = "\n".join(f"  {m}" for m in counter.messages) or f"  {exc}"
        raise BuildError(f"mkdocs build --strict failed; the previous site is untouched.\n{detail}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        log.removeHandler(counter)
    _swap(work, target)
    return target


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is, so that a reader sees the old site or the new one, never a mix."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
