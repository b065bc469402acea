"""The whole of Glasshouse's core, one stage a line: a data directory in, pages, charts and the
files published beside them out. Nothing here knows about MkDocs or git: the site stage
(site/) hands the result to MkDocs, and the publish stage (publish/) deploys it."""

from __future__ import annotations

from pathlib import Path

from generator.bulk import no_cycle_collection
from generator.data.validate import validate
from generator.history.edition import Edition
from generator.history.timeline import timeline
from generator.model.audience import Audience
from generator.model.build import build_model
from generator.model.status import Status
from generator.render.pages import Site, render


def generate(data_dir: Path, audience: Audience = "public", edition: Edition | None = None) -> Site:
    """Every page of the site for the data in `data_dir`, as `audience` sees it, published as `edition`."""
    with no_cycle_collection():
        # data: read every file and check it against the data format and the cross-file rules;
        # raises DataError listing every problem at once, each with its file and line.
        data = validate(data_dir)
        # model: what the audience may see; a public model never holds internal records or private fields.
        status = build_model(data, audience)
        # history: this build's status document, the snapshots published before it (the edition's,
        # given as data) and what changed since the previous one.
        history = timeline(status, edition)
        # render: pages (Markdown) in the project's language with their charts, status.json,
        # the feeds, the badge and the CSV downloads.
        return render(status, history)


def read_status(data_dir: Path, audience: Audience = "public") -> Status:
    """The first two stages alone: publishing decides what to build from the model."""
    with no_cycle_collection():
        return build_model(validate(data_dir), audience)


def render_site(status: Status, edition: Edition | None = None) -> Site:
    """The last two stages alone, for a model already built."""
    with no_cycle_collection():
        return render(status, timeline(status, edition))
