"""`glasshouse serve`: the site as it is edited, with its address and its problems in plain view.

MkDocs's live-reload server holds every page request while a rebuild fails, so a browser would
wait until the data is fixed. While the data is broken, the plugin builds a site whose every page
lists the problems instead (`problems_markdown`), which the browser reloads into the real site on
the next good save. What MkDocs logs is shown in the terminal: its warnings, and our own lines.
"""

from __future__ import annotations

import html
import logging
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.clock import blank_epoch_unset
from generator.data.files import ReadError
from generator.data.read import plain, read_text
from generator.errors import DataError, GlasshouseError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# What `glasshouse serve` has to say to the person editing: the address, problems, recovery.
SAY = logging.getLogger("mkdocs.plugins.glasshouse.serve")
PROBLEMS_TITLE = "The data has problems"


def problems_markdown(exc: DataError) -> str:
    """The page shown while the data is broken: every problem with its place, as validate prints them."""
    listing = html.escape("\n".join([*exc.listing(), str(exc)]))
    return (
        f"# {PROBLEMS_TITLE}\n\n"
        "The status site cannot be built from the data as it is saved now. Fix what is listed below and save "
        "the file: this page then reloads and shows the site. `glasshouse validate` prints the same list.\n\n"
        f'<pre class="gh-problems">{listing}</pre>\n'
    )


def project_name(data_dir: Path) -> str | None:
    """The project's name while its data is broken, if project.yaml still reads and gives one."""
    try:
        record = plain(read_text(data_dir / "project.yaml", "project.yaml"))
    except ReadError:
        return None
    name = record.get("name") if isinstance(record, dict) else None
    return name if isinstance(name, str) and name.strip() else None


# MkDocs's warning on each dirty build, that the navigation may be inaccurate: the plugin's
# rebuilds (rebuilds.py) keep it accurate, so the warning would only alarm.
DIRTY_WARNING = "A 'dirty' build is being performed"


class _Terminal(logging.Handler):
    """MkDocs's warnings and errors, and our own lines, on the terminal; MkDocs's chatter left out."""

    def emit(self, record: logging.LogRecord) -> None:
        mine = record.name == SAY.name
        if not mine and (record.levelno < logging.WARNING or record.getMessage().startswith(DIRTY_WARNING)):
            return
        text = record.getMessage() if mine else f"{record.levelname}: {record.getMessage()}"
        click.echo(text, err=record.levelno >= logging.WARNING)


def serve(config_file: Path, dev_addr: str) -> None:
    """Serve the site at `dev_addr` until Ctrl+C, rebuilding it whenever the data, a page or the
    configuration changes: with MkDocs's dirty builds, which the plugin's rebuilds keep true to a
    full build while making again only the pages a save changed."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _check_free(dev_addr)
    terminal = _Terminal()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(terminal)
    SAY.setLevel(logging.INFO)
    try:
        with blank_epoch_unset():
            mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")
    except OSError as exc:  # the address was taken between the check and the start
        raise _busy(dev_addr, exc) from None
    finally:
        mkdocs_log.removeHandler(terminal)


# How often the server looks for a saved file: MkDocs's half a second is a quarter of a second on
# average between a save and the rebuild it starts. A look is a few stat calls in the project.
POLL_SECONDS = 0.1


def quick_server(server: Any, config: MkDocsConfig) -> Any:
    """MkDocs's live-reload `server`, made again to look for saved files every `POLL_SECONDS`: its
    interval is set when it is made, before any plugin sees it. It has not listened yet; the new one
    watches what it watched (the pages, mkdocs.yml and, with `mkdocs serve --watch-theme`, the theme)."""
    from mkdocs.livereload import LiveReloadServer

    host, port = server.server_address[:2]
    quick = LiveReloadServer(
        builder=server.builder, host=host, port=port, root=server.root, mount_path=server.mount_path, polling_interval=POLL_SECONDS
    )
    quick.error_handler = server.error_handler
    quick.build_delay = server.build_delay
    # What it watches is not told otherwise; MkDocs's own watches at least.
    watched = getattr(server, "_watched_paths", None) or (config.docs_dir, config.config_file_path)
    for path in watched:
        if path:
            quick.watch(path)
    server.server_close()
    return quick


def _check_free(dev_addr: str) -> None:
    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit():
        return  # MkDocs reports a malformed address itself
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: only a listener is in the way
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as exc:
            raise _busy(dev_addr, exc) from None


def _busy(dev_addr: str, exc: OSError) -> GlasshouseError:
    return GlasshouseError(
        f"cannot serve on {dev_addr}: {exc.strerror or exc}. Another program, or another `glasshouse serve`, may be "
        "using it; stop that one, or serve on another port: glasshouse serve -a 127.0.0.1:8001"
    )
