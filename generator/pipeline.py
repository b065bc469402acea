"""The whole of Glasshouse's core, one stage a line: data directory in, pages and charts out."""

from __future__ import annotations

from pathlib import Path

from .bulk import no_cycle_collection
from .edition import Edition
from .model import Audience, build_model
from .render import Site, render
from .validate import validate


def generate(data_dir: Path, audience: Audience = "public", edition: Edition | None = None) -> Site:
    with no_cycle_collection():
        # Read every file and check it against the data format and the cross-file rules;
        # raises DataError listing every problem at once.
        data = validate(data_dir)
        # The audience's model: a public one never holds internal records or private fields.
        status = build_model(data, audience)
        # Pages (Markdown) and their charts, the history since the previous snapshot (the edition's,
        # given as data), status.json and the feeds; nothing here knows about MkDocs or git.
        return render(status, edition)
