"""The preview's server: it looks for saved files five times as often as MkDocs's, at what MkDocs watched."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mkdocs.livereload import LiveReloadServer

from generator.site.preview import POLL_SECONDS, quick_server


def test_the_preview_looks_for_saves_often_and_where_mkdocs_did(tmp_path: Path) -> None:
    pages, theme = tmp_path / "content", tmp_path / "theme"
    pages.mkdir()
    theme.mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")

    def builder() -> None:
        pass

    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(tmp_path), mount_path="/status/")
    server.error_handler = lambda code: b"not here"
    for path in (pages, tmp_path / "mkdocs.yml", theme):  # the theme, as `mkdocs serve --watch-theme` adds it
        server.watch(str(path))
    config: Any = SimpleNamespace(docs_dir=str(pages), config_file_path=str(tmp_path / "mkdocs.yml"))
    quick = quick_server(server, config)
    try:
        assert quick is not server and quick.observer.timeout == POLL_SECONDS < server.observer.timeout
        assert set(quick._watched_paths) == set(server._watched_paths) == {str(pages), str(tmp_path / "mkdocs.yml"), str(theme)}
        assert (quick.builder, quick.root, quick.mount_path, quick.url) == (builder, server.root, "/status/", server.url)
        assert quick.error_handler(404) == b"not here"
    finally:
        quick.server_close()
