"""The whole of Glasshouse's core, one stage a line: a data directory in, pages, charts and the
files published beside them out. Nothing here knows about MkDocs or git: the site stage
(site/) hands the result to MkDocs, and the publish stage (publish/) deploys it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.bulk import no_cycle_collection
from generator.clock import today
from generator.data.leftovers import leftovers
from generator.data.readings import Readings
from generator.data.tables import Dataset
from generator.data.validate import validate
from generator.data.warnings import Published, date_warnings, unchanged_as_of
from generator.data.worddates import published_forecasts, word_dates
from generator.errors import Problem
from generator.forecast.published import forecasts_doc, warnings_doc
from generator.forecast.signals import listed, risk_on_slipped, risk_rising, signals, slipping
from generator.forecast.simulate import Forecast, forecast
from generator.forecast.warned import as_problems
from generator.history.document import StatusDoc
from generator.history.edition import Edition, Snapshot
from generator.history.statusdoc import status_document
from generator.history.timeline import Timeline, timeline
from generator.model.audience import Audience
from generator.model.build import Pieces, build_model
from generator.model.privacy import Redactor, redact
from generator.model.status import Status
from generator.render.pages import Site, render

# What a status document says about the status itself; its stamp and snapshot say how it was published.
STATUS_PARTS = ("project", "sprint", "milestones", "risks", "closed_risks", "changes", "feedback")


def generate(
    data_dir: Path, audience: Audience = "public", edition: Edition | None = None, readings: Readings | None = None, *, warn: bool = True
) -> Site:
    """Every page of the site for the data in `data_dir`, as `audience` sees it, published as `edition`.
    With `readings`, the data files unchanged since they were last read are not read again; without
    `warn`, the site has no warnings beyond those of reading the files (a preview that shows none)."""
    with no_cycle_collection():
        # data and model: read every file and check it against the data format and the cross-file
        # rules (a DataError lists every problem at once, each with its file and line), then keep
        # what the audience may see: a public model never holds internal records or private fields.
        # Warnings (stale dates) are kept for the caller to report.
        checked = check(data_dir, audience, readings=readings, warn=warn)
        # history: this build's status document, the snapshots published before it (the edition's,
        # given as data) and what changed since the previous one.
        # forecast: when the open milestones' work is likely done, played from recent sprints.
        outlook = checked.outlook or forecast(checked.status)
        history = _timeline(checked.status, edition, outlook)
        published = history.edition.history
        warnings = checked.warnings
        if warn:
            warnings += (*stale(checked, published, history.doc), *said(checked, published, baseline=False), *trends(checked, published))
        # render: pages (Markdown) in the project's language with their charts, status.json,
        # the feeds, the badge and the CSV downloads.
        return dataclasses.replace(render(checked.status, history, outlook), warnings=warnings)


@dataclass(frozen=True)
class Checked:
    """The data, checked and modelled for one audience, with the warnings it deserves."""

    data_dir: Path
    data: Dataset
    status: Status
    warnings: tuple[Problem, ...]
    # Starting text `glasshouse new` wrote, still in the data: among the warnings, and what `publish` refuses.
    starting_text: tuple[Problem, ...] = ()
    outlook: Forecast | None = None  # the delivery forecasts, played once


def check(
    data_dir: Path,
    audience: Audience = "public",
    history: Sequence[Snapshot] = (),
    day: dt.date | None = None,
    *,
    team: bool = False,
    readings: Readings | None = None,
    warn: bool = True,
) -> Checked:
    """The first two stages, and the warnings: dates stale or contradictory on `day` (today unless
    given), words naming a date a key milestone has left (since its baseline or the forecasts the
    `history` published), the early warnings (`forecast/signals.py`; those that read a trend, from
    `history`), and, for the public, a status date left as the latest published snapshot's (`history`).
    With `team`, the early warnings are the team's, about internal records too, whatever the audience.
    Without `warn`, the warnings are those of reading the files alone. With `readings`, files read
    before and unchanged since are not read again."""
    day = day or today()
    with no_cycle_collection():
        data = validate(data_dir, day, readings)
        left = tuple(leftovers(data, data_dir)) if warn else ()
        # The team's model only where it differs: a second model of a large log costs time, and
        # what it shares with the public one (the quotes, redacted) is worked out once. A model no
        # second one may follow lets go of the log's rows as it makes its records: after it, the
        # data holds the log's ids and lines (for the warnings' places) and the model its records.
        # Tables kept in `readings` for the next build are left whole.
        second = team and audience == "public"
        redactor = Redactor() if second else redact
        pieces = readings.kept(f"{audience} feedback", Pieces) if readings is not None and not second else None
        status = build_model(data, audience, redactor, release=not second and readings is None, pieces=pieces)
        seen = build_model(data, "internal", redactor, release=readings is None) if second and status.withheld else status
    outlook = forecast(status)
    if not warn:
        return Checked(data_dir, data, status, tuple(data.warnings), outlook=outlook)
    early = as_problems(signals(seen, outlook if seen is status else forecast(seen), history), data, data_dir)
    checked = Checked(data_dir, data, status, (*data.warnings, *left, *date_warnings(data, data_dir, day), *early), left, outlook)
    return dataclasses.replace(checked, warnings=(*checked.warnings, *stale(checked, history), *said(checked, history)))


def stale(checked: Checked, history: Sequence[Snapshot], doc: StatusDoc | None = None) -> list[Problem]:
    """A warning when the public status changed since the latest published snapshot but kept its
    date. `doc` is the status's own document, when it is made already."""
    latest = max(history, key=lambda s: s.sprint or 0, default=None)
    if latest is None or checked.status.audience != "public":
        return []
    # Each part compared whole, whatever its type: both documents read as mappings of part names.
    now: Mapping[str, object] = doc or status_document(checked.status)
    published: Mapping[str, object] = latest.doc
    changed = any(published[part] != now[part] for part in STATUS_PARTS if part in published)
    return unchanged_as_of(checked.data, checked.data_dir, Published(latest.version, latest.as_of, changed))


def trends(checked: Checked, history: Sequence[Snapshot]) -> list[Problem]:
    """The early warnings read from the published `history` (a milestone slipping, a risk's exposure
    rising, a risk on a milestone that slipped), for a caller whose `check` was not handed it."""
    status = checked.status
    found = [*slipping(status, history), *risk_rising(status, history), *risk_on_slipped(status, history)]
    return as_problems(found, checked.data, checked.data_dir)


def said(checked: Checked, history: Sequence[Snapshot], baseline: bool = True) -> list[Problem]:
    """Warnings for the headline, status reason or slip reasons naming a date a key milestone has
    left: its baseline (unless `baseline` is False, for a caller that has those from `check`), or
    a forecast a published snapshot gave."""
    if not history and not baseline:
        return []
    return word_dates(checked.data, checked.data_dir, published_forecasts(s.doc for s in history), baseline)


def read_status(data_dir: Path, audience: Audience = "public") -> Status:
    """The first two stages alone: publishing decides what to build from the model."""
    return check(data_dir, audience).status


def render_site(status: Status, edition: Edition | None = None) -> Site:
    """The last two stages alone, for a model already built."""
    with no_cycle_collection():
        outlook = forecast(status)
        return render(status, _timeline(status, edition, outlook), outlook)


def _timeline(status: Status, edition: Edition | None, outlook: Forecast) -> Timeline:
    """The history stage, its status document with the delivery forecasts and the early warnings."""
    return timeline(status, edition, forecasts_doc(outlook, status), lambda earlier: warnings_doc(listed(status, outlook, earlier)))
