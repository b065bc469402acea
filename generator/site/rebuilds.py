"""`glasshouse serve`'s rebuilds, applied to MkDocs: the pages `incremental.py` finds unchanged are
left as the last build made them.

MkDocs's dirty build (`mkdocs serve --dirty`) skips every page whose file says it is not modified,
and leaves the site directory as it was. Alone it would leave the navigation of the pages it makes
again without the titles of those it skips, the search index with the skipped pages' sections
missing, and files of pages gone in the site. Here each page says it is modified exactly when
`to_remake` says so, the skipped pages get their titles and metadata back for the navigation, the
search index gets their sections back, and a build that must make everything again starts from
an empty site directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory

from generator.site.incremental import Built, Made, digest, page_digest, search_entries, to_remake, whole_digest


class Rebuilds:
    """What one serving session's builds made, and what the current build makes again."""

    def __init__(self) -> None:
        self.last: Built | None = None
        self._whole = ""
        self._digests: dict[str, str] = {}
        self._remake: frozenset[str] | None = None
        self._pages: Sequence[File] = ()
        self._made: dict[str, tuple[str | None, dict[str, Any]]] = {}

    def plan(self, files: Files, config: MkDocsConfig, generated: frozenset[str], converted: Callable[[str, str], str]) -> None:
        """Decide which pages this build makes again, from `files` as the plugin leaves them.
        `converted(path, text)` is a hand-written page's Markdown as it is converted (with the data's blocks)."""
        pages = files.documentation_pages()
        sources: list[tuple[str, str]] = list(_templates(config))
        self._digests = {}
        for f in pages:
            text = f.content_string
            if f.src_uri not in generated:
                sources.append((f.src_uri, digest(text)))  # its heading may title it in every page's navigation
                text = converted(f.src_uri, text)
            self._digests[f.src_uri] = page_digest(text, config.site_description)
        self._whole = whole_digest(config, (f.src_uri for f in files), sources)
        self._remake = to_remake(self.last if _searchable(config) else None, self._whole, self._digests)
        if self._remake is None:
            clean_directory(config.site_dir)
        for f in pages:
            _says_modified(f, self._remake is None or f.src_uri in self._remake)
        self._pages = pages
        self._made = {}

    def restore(self, files: Files) -> None:
        """The pages not made again as the last build left them, for the navigation of those that are."""
        if self._remake is None or self.last is None:
            return
        for f in files.documentation_pages():
            made = self.last.pages.get(f.src_uri)
            if f.src_uri not in self._remake and made is not None and f.page is not None:
                f.page.title = made.title  # type: ignore[misc]
                f.page.meta = dict(made.meta)

    def made(self, page: Any) -> None:
        """A page made again: its title and metadata, for the builds after."""
        self._made[page.file.src_uri] = (page.title, dict(page.meta))

    def finish(self, config: MkDocsConfig) -> None:
        """Before the search plugin writes its index: the index whole again, and this build kept."""
        search = search_plugin(config)
        index = getattr(search, "search_index", None)
        fresh = list(getattr(index, "entries", ()))
        # Each page's address as its search entries give it (the home page's is empty).
        order = [(f.src_uri, f.page.url if f.page is not None else f.url) for f in self._pages]
        entries = search_entries(order, self._remake, fresh, self.last)
        if index is not None and search is not None:
            index.entries = [e for path, _ in order for e in entries[path]]
            # Material's own merge of a dirty build's index assumes a single page was made again.
            search.search_index_prev = None
        pages: dict[str, Made] = {}
        for path, d in self._digests.items():
            if path in self._made:
                title, meta = self._made[path]
                pages[path] = Made(d, title, meta, entries[path])
            elif self.last is not None and path in self.last.pages:
                pages[path] = self.last.pages[path]
        self.last = Built(self._whole, pages)

    def forget(self) -> None:
        """After a failed build, or one of the problems page: the next build makes everything again."""
        self.last = None


def _says_modified(f: File, modified: bool) -> None:
    f.is_modified = (lambda: True) if modified else (lambda: False)  # type: ignore[method-assign]


def search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin, Material's or MkDocs's own, if it has one."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def _searchable(config: MkDocsConfig) -> bool:
    """Whether the site's search index can be made whole again: Material's, or none."""
    search = search_plugin(config)
    return search is None or type(search).__module__.startswith("material.")


def _templates(config: MkDocsConfig) -> Iterable[tuple[str, str]]:
    """What the site is made with besides its pages: mkdocs.yml whole (a plugin or a hook it adds
    may change every page), and the project's own theme templates and partials (custom_dir), by
    name, size and time."""
    if config.config_file_path:
        yield "mkdocs.yml", digest(Path(config.config_file_path).read_bytes())
    custom = config.theme.custom_dir
    if not custom:
        return
    for root, _, names in os.walk(custom):
        for name in names:
            path = Path(root, name)
            st = path.stat()
            yield str(path), f"{st.st_size}:{st.st_mtime_ns}"
