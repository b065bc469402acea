"""A built site served over local HTTP on a free loopback port, as GitHub Pages would serve it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Server:
    root: Path
    url: str
    requests: list[str] = field(default_factory=list)


def serve(root: Path) -> Generator[Server, None, None]:
    """Serve `root` on a free loopback port for as long as the generator is open. The directory
    may be filled after the server starts, so a site can be built for the server's address."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/")
    finally:
        httpd.shutdown()
        httpd.server_close()


serving = contextlib.contextmanager(serve)
