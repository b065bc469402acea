"""The model of one audience's site, built from the validated data.

`build_model` is where the audience is applied: a public model holds no internal record, no
reference to one, no internal field and no private field, and no quote without consent or with
personal details in it, so nothing downstream can leak what it never received. Of what it leaves
out it keeps the ids alone (`Status.withheld`), for the history stage to take out of the
snapshots published before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from generator import facts
from generator.data.format import INTERNAL_FIELDS
from generator.data.tables import Dataset
from generator.model.audience import Audience, for_audience, rows_for_audience, whole_for_audience, withheld
from generator.model.privacy import Redactions, clean, redact
from generator.model.records import Change, Contact, Feedback, Milestone, Project, Risk, Segment, Sprint
from generator.model.status import Status

CHUNK = 10_000  # pieces of feedback whose quotes are looked at together (privacy.clean)

# How a model takes personal details out of a quote: privacy.redact, or a Redactor that remembers.
Redact = Callable[[str], tuple[str, Redactions]]


def _keep(ids: Iterable[str], allowed: set[str]) -> tuple[str, ...]:
    return tuple(i for i in ids if i in allowed)


def _sprint_of(day: dt.date, sprints: list[Sprint]) -> int | None:
    for s in sprints:
        if s.start <= day <= s.end:
            return s.id
    return None


def _project(data: Dataset, audience: Audience) -> Project:
    """The project, with its segments and the contacts `audience` sees, its internal fields withheld from the public."""
    raw = data.record("project")
    segments = tuple(Segment(**s) for s in data["segments"].dicts())
    contacts = tuple(Contact(**c) for c in for_audience(data["contacts"], audience))
    # From the audience's contacts only: `validate` refuses an internal experience owner, and
    # should anything skip it, there is no owner to show rather than an internal one.
    owner = next((c for c in contacts if c.id == raw["experience_owner"]), None)
    if owner is None:
        raise ValueError(f"the experience owner {raw['experience_owner']} is not a contact the {audience} audience sees")
    defaults: dict[str, Any] = {"language": "en", "iteration": "sprint", "work_unit": "points"}
    # The project's internal fields (its budget, say) are withheld from the public; the internal audience sees them.
    internal = set(raw.get(INTERNAL_FIELDS) or ()) if audience == "public" else set()
    fields: dict[str, Any] = {
        k: None if k in internal else v for k, v in raw.items() if k not in ("experience_owner", INTERNAL_FIELDS) and k not in defaults
    }
    fields.update((k, (None if k in internal else raw.get(k)) or default) for k, default in defaults.items())
    project = Project(**fields, experience_owner=owner, segments=segments, contacts=contacts)
    return project


class Pieces:
    """The log's records as the last model made them, chunk by chunk, for the next model of a log
    that changed (`glasshouse serve`): a chunk of rows equal to the last one at its place, made
    for the same audience, sprints and ids, gives the records (and redactions) it gave."""

    def __init__(self) -> None:
        self._last: list[tuple[Hashable, list[tuple[Any, ...]], list[Feedback], Redactions]] = []
        self._next: list[tuple[Hashable, list[tuple[Any, ...]], list[Feedback], Redactions]] = []

    def begin(self) -> None:
        """A model starts: what one cut short put aside goes."""
        self._next = []

    def made(self, at: int, key: Hashable, rows: list[tuple[Any, ...]]) -> tuple[list[Feedback], Redactions] | None:
        """The records and redactions of the `at`th chunk, if the last model made it of these rows for `key`."""
        last = self._last[at] if at < len(self._last) else None
        if last is None or last[0] != key or last[1] != rows:
            return None
        self._next.append(last)
        return last[2], last[3]

    def add(self, key: Hashable, rows: list[tuple[Any, ...]], records: list[Feedback], found: Redactions) -> None:
        """The next chunk, made: its rows, and the records and redactions made of them for `key`."""
        self._next.append((key, rows, records, found))

    def done(self) -> None:
        """The log made to its end: its chunks are the ones the next model compares with."""
        self._last, self._next = self._next, []


def build_model(
    data: Dataset, audience: Audience = "public", redactor: Redact = redact, *, release: bool = False, pieces: Pieces | None = None
) -> Status:
    """The validated data as the model of one audience's site; its quotes redacted by `redactor`
    (`privacy.Redactor` where a build makes two models of the same log). With `release`, the
    feedback log's rows are let go as its records are made (`Table.taken`): for the last model
    made of `data`, so that a large log is not held twice. With `pieces`, the log's chunks of rows
    as the last model made them are not made again (`Pieces`)."""
    project = _project(data, audience)

    # Each record is made whole, then its internal fields withheld: it keeps what the whole record
    # says (late with no reason given, unmitigated, review due) and none of the withheld values.
    milestone_rows = list(whole_for_audience(data["milestones"], audience))
    m_ids = {m["id"] for m, _ in milestone_rows}
    milestones = tuple(
        Milestone(
            **{
                **m,
                "dependencies": _keep(m["dependencies"], m_ids),
                "deliverables": tuple(m["deliverables"]),
                "key": bool(m.get("key")),
                "scope": None if m.get("scope") is None else float(m["scope"]),
            },
            as_of=project.as_of,
        ).withholding(hidden)
        for m, hidden in milestone_rows
    )
    risks = tuple(
        Risk(**{**r, "milestones": _keep(r["milestones"], m_ids)}).withholding(hidden, project.as_of)
        for r, hidden in whole_for_audience(data["risks"], audience)
    )
    sprints = tuple(
        sorted(
            (
                Sprint(**{**s, "highlights": tuple(s["highlights"])}).withholding(hidden)
                for s, hidden in whole_for_audience(data["sprints"], audience)
            ),
            key=lambda s: s.start,
        )
    )
    change_rows = list(whole_for_audience(data["changes"], audience))
    c_ids = {c["id"] for c, _ in change_rows}
    changes = tuple(
        Change(**{**c, "milestones": _keep(c["milestones"], m_ids)}).withholding(hidden, project.as_of) for c, hidden in change_rows
    )

    hidden = withheld(data.tables.values(), audience)
    feedback, redactions = _log(data, audience, sprints, m_ids, c_ids, redactor, release, pieces)
    unseen = _unseen_scope(data, audience, {m.id for m in milestones if m.scope is not None})
    return Status(
        project, milestones, risks, feedback, sprints, changes, audience, len(feedback), redactions, withheld=hidden, unseen_scope=unseen
    )


def _unseen_scope(data: Dataset, audience: Audience, seen: set[str]) -> tuple[tuple[dt.date, float], ...]:
    """The open milestones' scope `audience` does not see, as (forecast date, scope) pairs and
    nothing else: no id, no title. The team does that work too, so the forecasts count it."""
    if audience != "public":
        return ()
    every = for_audience(data["milestones"], "internal")
    return tuple(
        sorted(
            (m["forecast"], float(m["scope"]))
            for m in every
            if m.get("scope") is not None and m["id"] not in seen and facts.milestone_open(m["status"])
        )
    )


def _log(
    data: Dataset,
    audience: Audience,
    sprints: tuple[Sprint, ...],
    m_ids: set[str],
    c_ids: set[str],
    redactor: Redact,
    release: bool,
    pieces: Pieces | None,
) -> tuple[tuple[Feedback, ...], Redactions]:
    """The audience's feedback (`_feedback`); made again only when the log's rows or what else the
    records are made of changed (`Table.made_of`), unless the rows are let go as they are made;
    and then, with `pieces`, only the chunks of rows that changed."""
    if release:
        return _feedback(data, audience, list(sprints), m_ids, c_ids, redactor, release)
    key = (audience, sprints, frozenset(m_ids), frozenset(c_ids), redactor)

    def made() -> tuple[tuple[Feedback, ...], Redactions]:
        return _feedback(data, audience, list(sprints), m_ids, c_ids, redactor, release, pieces, key)

    return data["feedback"].made_of("feedback", key, made)


def _feedback(
    data: Dataset,
    audience: Audience,
    sprints: list[Sprint],
    m_ids: set[str],
    c_ids: set[str],
    redactor: Redact,
    release: bool,
    pieces: Pieces | None = None,
    key: Hashable = None,
) -> tuple[tuple[Feedback, ...], Redactions]:
    """The audience's feedback, and what was redacted from its quotes. Built from the table's rows
    rather than one dictionary per record: a log can hold a million of them. With `pieces`, a chunk
    of rows the last model made for the same `key` is not made again.

    A quote exists in the model only with consent, and only with personal details taken out."""
    names = ("id", "date", "segment", "channel", "theme", "action", "rating", "quote", "consent", "response", "milestone", "change",
             "answered")  # fmt: skip
    quote_at, consent_at = names.index("quote"), names.index("consent")
    sprint_of: dict[dt.date, int | None] = {}
    redactions = Redactions()
    out: list[Feedback] = []
    table = data["feedback"]
    batches = table.taken(CHUNK) if release else (table.rows[at : at + CHUNK] for at in range(0, len(table), CHUNK))
    if pieces is not None:
        pieces.begin()
    for at, batch in enumerate(batches):
        again = pieces.made(at, key, batch) if pieces is not None else None
        if again is not None:
            out.extend(again[0])
            redactions += again[1]
            continue
        start, before = len(out), redactions
        chunk = list(rows_for_audience(table, audience, names, batch))
        # Most quotes hold no personal detail: those found so for the whole chunk at once are kept as they are.
        surely = clean([row[quote_at] if row[consent_at] and row[quote_at] else "" for row in chunk])
        for (f_id, day, segment, channel, theme, action, rating, text, consent, response, milestone, change, answered), kept in zip(
            chunk, surely, strict=True
        ):
            quote = None
            if consent and text:
                if kept:
                    quote = text
                else:
                    quote, found = redactor(text)
                    if found.total:
                        redactions += found
            if day not in sprint_of:
                sprint_of[day] = _sprint_of(day, sprints)
            out.append(
                Feedback(
                    f_id,
                    day,
                    segment,
                    channel,
                    theme,
                    action,
                    rating,
                    quote,
                    bool(consent),
                    response,
                    milestone if milestone in m_ids else None,
                    change if change in c_ids else None,
                    sprint_of[day],
                    answered,
                )
            )
        if pieces is not None:
            pieces.add(key, batch, out[start:], _less(redactions, before))
    if pieces is not None:
        pieces.done()
    return tuple(out), redactions


def _less(total: Redactions, before: Redactions) -> Redactions:
    """What a chunk added to the redactions."""
    return Redactions(total.emails - before.emails, total.phones - before.phones, total.links - before.links)
