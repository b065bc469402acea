"""Building the site with MkDocs, all or nothing: the output directory is replaced only on success."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildError
from .model import Audience


class _Counter(logging.Handler):
    """Keeps MkDocs's warnings so a failed strict build can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path, site_dir: Path | None = None, audience: Audience = "public") -> Path:
    """Run `mkdocs build --strict` into a fresh directory, then swap it in place of `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
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
    plugin = None
    try:
        config = load_config(str(config_file), site_dir=str(work), strict=True)
        plugin = config.plugins.get("glasshouse")
        if plugin is None:
            raise BuildError(f"{config_file.name} does not enable the glasshouse plugin; add '- glasshouse' under 'plugins:'")
        plugin.config.audience = audience  # type: ignore[attr-defined]
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(work, ignore_errors=True)
        data_error = getattr(plugin, "data_error", None)
        if data_error is not None:
            raise data_error from None
        detail = "\n".join(f"  {m}" for m in counter.messages) or f"  {exc}"
        raise BuildError(f"mkdocs build --strict failed; the previous site is untouched.\n{detail}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        log.removeHandler(counter)
    _swap(work, target)
    return target


def data_dir_of(config_file: Path) -> Path:
    """The data directory the glasshouse plugin in `config_file` reads."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{config_file} cannot be read: {exc}") from None
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "glasshouse" in plugin:
            return config_file.resolve().parent / str((plugin["glasshouse"] or {}).get("data_dir", "data"))
    return config_file.resolve().parent / "data"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; they do not matter for finding data_dir."""


def _ignore_tag(loader: Any, suffix: str, node: Any) -> None:
    return None


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_ConfigLoader.add_multi_constructor("!", _ignore_tag)


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is, so that a reader sees the old site or the new one, never a mix."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
