"""What `glasshouse serve` rebuilds after a save: the pages whose text changed, and nothing else.

A page's HTML is made of its own Markdown and of what every page shows (the navigation, the site's
name, the footer, the theme's settings and templates). While serving, each build leaves a `Built`:
a digest of what every page shows, and for each page the digest of its Markdown with the title,
metadata and search entries it had. The next build compares: when what every page shows is the
same, only the pages whose Markdown changed are made again, and the others keep their HTML, their
search entries and, for the navigation of the pages made again, their titles and metadata. When
anything every page shows changed (a page added or gone, a title in the navigation, the theme, the
configuration, a hand-written page), everything is made again from an empty site directory.

Decisions only: the plugin reads MkDocs's configuration and files into these, and applies them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The configuration every page's template reads: the navigation, the names, the theme and its
# settings, the stylesheets and scripts, the Markdown extensions' settings. (The site's description
# is read by the pages without one of their own only: it is part of their digests, `page_digest`.)
WHOLE_KEYS = (
    "site_name", "site_author", "site_url", "copyright", "repo_url", "repo_name", "edit_uri",
    "nav", "extra", "extra_css", "extra_javascript", "extra_templates", "markdown_extensions", "mdx_configs",
    "use_directory_urls", "theme",
)  # fmt: skip


@dataclass(frozen=True)
class Made:
    """One page as the last build made it."""

    digest: str  # of its Markdown, as converted (a hand-written page with the data's blocks in it)
    title: str | None
    meta: Mapping[str, Any]
    entries: tuple[Mapping[str, Any], ...]  # its sections in the search index


@dataclass(frozen=True)
class Built:
    """What the last build made: the digest of what every page shows, and each page."""

    whole: str
    pages: Mapping[str, Made] = field(default_factory=dict)  # by the page's path under docs/


def digest(text: str | bytes) -> str:
    return hashlib.blake2b(text.encode() if isinstance(text, str) else text, digest_size=16).hexdigest()


def page_digest(markdown: str, site_description: str | None) -> str:
    """The digest of a page's Markdown, as converted, and of the site's description where the page
    has none of its own in its front matter (the theme describes such a page by the site's)."""
    return digest(markdown if _described(markdown) else f"{markdown}\0{site_description or ''}")


def _described(markdown: str) -> bool:
    if not markdown.startswith("---"):
        return False
    end = markdown.find("\n---", 3)
    return end > 0 and "\ndescription:" in markdown[:end]


def whole_digest(config: Mapping[str, Any], files: Iterable[str], sources: Iterable[tuple[str, str]]) -> str:
    """The digest of what every page shows: the configuration's `WHOLE_KEYS`, the paths of every file
    the site has (a page or a download added or gone changes the navigation and may leave a file
    behind), and `sources`: (name, digest) pairs of what else templates are made of (hand-written
    pages, whose headings title them in the navigation; the theme's own templates)."""
    parts = {key: config.get(key) for key in WHOLE_KEYS}
    text = json.dumps([parts, sorted(files), sorted(sources)], sort_keys=True, default=_plain)
    return digest(text)


def _plain(value: Any) -> Any:
    """A configuration value json cannot write, as text that changes when it does."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    # Anything else by its kind alone (a Markdown extension the plugin adds to each build's configuration).
    return f"{type(value).__module__}.{type(value).__qualname__}"


def to_remake(last: Built | None, whole: str, digests: Mapping[str, str]) -> frozenset[str] | None:
    """The pages to make again, by path; None when every page must be made again from an empty site
    directory (the first build, or something every page shows changed)."""
    if last is None or last.whole != whole:
        return None
    return frozenset(path for path, d in digests.items() if path not in last.pages or last.pages[path].digest != d)


def page_of(location: str) -> str:
    """The page a search entry's location is on: its address without the section's anchor."""
    return location.partition("#")[0]


def search_entries(
    order: Sequence[tuple[str, str]], remade: frozenset[str] | None, fresh: Iterable[Mapping[str, Any]], last: Built | None
) -> dict[str, tuple[Mapping[str, Any], ...]]:
    """Each page's search entries, by path, in the site's page order (`order`: (path, url) pairs):
    the `fresh` entries of the pages just made, and the last build's of the others."""
    by_url: dict[str, list[Mapping[str, Any]]] = {}
    for entry in fresh:
        by_url.setdefault(page_of(str(entry["location"])), []).append(entry)
    entries: dict[str, tuple[Mapping[str, Any], ...]] = {}
    for path, url in order:
        kept = last.pages.get(path) if last is not None and remade is not None and path not in remade else None
        entries[path] = kept.entries if kept is not None else tuple(by_url.get(url, ()))
    return entries
