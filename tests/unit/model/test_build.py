"""The model: derived figures, and what each audience may see."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.data.tables import Dataset
from generator.data.validate import validate
from generator.model import build
from generator.model.audience import Audience, for_audience, rows_for_audience
from generator.model.build import Pieces, build_model
from generator.model.privacy import Redactions
from generator.model.records import Milestone, Risk
from tests.support.projects import EXAMPLE_DATA


def test_slip_counts_from_baseline_to_delivery_or_forecast() -> None:
    m = Milestone("M-01", "T", "O", dt.date(2026, 1, 10), dt.date(2026, 1, 20), "planned")
    assert m.slip_days == 10
    done = Milestone("M-02", "T", "O", dt.date(2026, 1, 10), dt.date(2026, 1, 20), "done", done=dt.date(2026, 1, 8))
    assert done.slip_days == -2
    assert not done.is_open


def test_risk_exposure_and_severity() -> None:
    def risk(likelihood: int, impact: int) -> Risk:
        return Risk("R-01", "T", "technical", likelihood, impact, "O", "open", dt.date(2026, 1, 1))

    assert [risk(1, 4).severity, risk(1, 5).severity, risk(2, 5).severity, risk(4, 5).severity] == ["low", "medium", "high", "critical"]
    assert risk(3, 4).exposure == 12


def test_minimal_status_figures(minimal: Path) -> None:
    status = build_model(validate(Path("data")))
    assert status.current_sprint is not None and status.current_sprint.id == 3
    assert status.next_milestone is not None and status.next_milestone.id == "M-02"
    assert status.risks_by_severity() == {"critical": 0, "high": 2, "medium": 0, "low": 0}
    assert status.rating_mean == 4.0
    assert status.answered_share == 0.8
    assert [f.sprint for f in status.feedback] == [1, 1, 2, 2, 3]
    assert status.project.next_update == dt.date(2026, 4, 14)


def test_public_model_holds_no_internal_record_or_reference() -> None:
    data = validate(EXAMPLE_DATA)
    public, internal = build_model(data, "public"), build_model(data, "internal")
    internal_ids = {
        r["id"]
        for name in ("milestones", "risks", "changes", "feedback", "contacts")
        for r in data[name].dicts()
        if r["visibility"] == "internal"
    }
    assert internal_ids, "the example project has internal records"
    records: list[Any] = [*public.milestones, *public.risks, *public.changes, *public.feedback, *public.project.contacts]
    seen = {x.id for x in records}
    assert not internal_ids & seen
    refs: set[str | None] = set()
    refs |= {d for m in public.milestones for d in m.dependencies} | {d for r in public.risks for d in r.milestones}
    refs |= {d for c in public.changes for d in c.milestones} | {f.milestone for f in public.feedback} | {f.change for f in public.feedback}
    assert not internal_ids & refs
    assert len(internal.risks) > len(public.risks)
    assert not hasattr(public.feedback[0], "respondent")


def test_internal_fields_are_emptied_for_the_public_only(minimal: Path) -> None:
    path = minimal / "risks.yaml"
    hidden = "  milestones: [M-02]\n  internal_fields: [mitigation, milestones]\n"
    path.write_text(path.read_text().replace("  milestones: [M-02]\n", hidden))
    data = validate(Path("data"))
    public = {r.id: r for r in build_model(data, "public").risks}
    internal = {r.id: r for r in build_model(data, "internal").risks}
    assert (public["R-001"].mitigation, public["R-001"].milestones) == (None, ())
    assert (internal["R-001"].mitigation, internal["R-001"].milestones) == ("Weekly supplier check-ins.", ("M-02",))
    assert public["R-001"].title == "Supplier delays"
    assert public["R-003"].mitigation == "Migration rehearsed twice."


def test_feedback_total_counts_only_what_the_audience_sees() -> None:
    data = validate(EXAMPLE_DATA)
    public, internal = build_model(data, "public"), build_model(data, "internal")
    assert public.feedback_total == len(public.feedback) < internal.feedback_total == len(data["feedback"])


def _public_feedback_rows() -> list[dict[str, str]]:
    """The example's feedback log as the file holds it, read apart from Glasshouse's own reader."""
    with (EXAMPLE_DATA / "feedback.csv").open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["visibility"] != "internal"]


def test_feedback_figures_match_the_rows() -> None:
    status = build_model(validate(EXAMPLE_DATA))
    rows = status.feedback
    in_file = _public_feedback_rows()
    answered = sum(1 for row in in_file if row["action"] in ("planned", "done", "declined"))
    assert answered and status.answered_count == sum(1 for f in rows if f.action in ("planned", "done", "declined")) == answered
    quotes = sorted((f for f in rows if f.consent and f.quote and f.answered), key=lambda f: f.date, reverse=True)
    assert status.published_quotes == len(quotes) > 25
    assert status.recent_quotes == tuple(quotes[:25])
    assert status.recent_quotes[0].date >= status.recent_quotes[-1].date
    # Every published answer, not only the recent ones, by customer group, newest first.
    by_segment = status.answers_by_segment
    assert sorted((f for items in by_segment.values() for f in items), key=lambda f: f.id) == sorted(quotes, key=lambda f: f.id)
    assert list(by_segment) == [s.id for s in status.project.segments if s.id in by_segment]
    for segment, items in by_segment.items():
        assert {f.segment for f in items} == {segment} and list(items) == sorted(items, key=lambda f: (f.date, f.id), reverse=True)
    for sprint in status.sprints:
        mine = [f for f in rows if f.sprint == sprint.id]
        rated = [f.rating for f in mine if f.rating]
        figures = status.sprint_feedback(sprint.id)
        assert figures.received == len(mine)
        assert figures.rating_mean == (sum(rated) / len(rated) if rated else None)
    sprints = yaml.safe_load((EXAMPLE_DATA / "sprints.yaml").read_text(encoding="utf-8"))
    in_a_sprint = [r for r in in_file if any(s["start"] <= dt.date.fromisoformat(r["date"]) <= s["end"] for s in sprints)]
    assert 0 < len(in_a_sprint) < len(in_file)  # some feedback came before the first sprint or after the last
    assert sum(status.sprint_feedback(s.id).received for s in status.sprints) == len(in_a_sprint)
    assert status.sprint_feedback(999).received == 0


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_each_audience_gets_the_records_and_fields_the_data_allows(tmp_path: Path, audience: Audience) -> None:
    """Both forms, dictionaries and tuples, checked against the validated rows themselves."""
    shutil.copytree(EXAMPLE_DATA, tmp_path / "data")
    path = tmp_path / "data" / "risks.yaml"
    line = "  milestones: [M-07, M-09, M-11]\n"
    assert path.read_text().count(line) == 1
    path.write_text(path.read_text().replace(line, line + "  internal_fields: [mitigation, milestones]\n"))
    data = validate(tmp_path / "data")
    left_out: list[str] = []
    emptied: list[tuple[str, str]] = []
    for name, table in data.tables.items():
        r = table.resource
        if r.shape == "record":
            continue
        never = [f.name for f in r.fields if f.private or f.name == "internal_fields"]
        names = tuple(f.name for f in r.fields if f.name not in never)
        expected = []
        for row in table.dicts():
            if audience == "public" and row.get("visibility") == "internal":
                left_out.append(name)
                continue
            hidden = set(row.get("internal_fields") or ()) if audience == "public" else set()
            emptied += [(row["id"], n) for n in sorted(hidden) if row[n]]
            expected.append({n: ([] if r.by_name[n].type == "array" else None) if n in hidden else row[n] for n in names})
        dicts = for_audience(table, audience)
        assert dicts == expected and [list(d) for d in dicts] == [list(names)] * len(expected), name
        assert list(rows_for_audience(table, audience, names)) == [tuple(d.values()) for d in expected], name
        backwards = names[::-1]
        assert list(rows_for_audience(table, audience, backwards)) == [tuple(d[n] for n in backwards) for d in expected], name
        assert list(rows_for_audience(table, audience, names[:1])) == [(d[names[0]],) for d in expected], name
        for private in never:
            with pytest.raises(ValueError, match=f"^{r.name}: {private} is never published$"):
                list(rows_for_audience(table, audience, (names[0], private)))
    if audience == "public":
        assert set(left_out) == {"contacts", "milestones", "risks", "changes", "feedback"}
        assert emptied == [("R-001", "milestones"), ("R-001", "mitigation")]
    else:
        assert left_out == [] and emptied == []


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_a_model_that_lets_go_of_the_log_is_the_same_model(audience: Audience) -> None:
    kept = build_model(validate(EXAMPLE_DATA), audience)  # type: ignore[arg-type]
    data = validate(EXAMPLE_DATA)
    released = build_model(data, audience, release=True)  # type: ignore[arg-type]
    assert released == kept
    assert data["feedback"].released and len(data["feedback"]) == len(validate(EXAMPLE_DATA)["feedback"])


def test_a_log_kept_between_builds_gives_the_same_records_until_what_they_are_made_of_changes() -> None:
    data = validate(EXAMPLE_DATA)
    first = build_model(data, "public")
    # The same rows, sprints and ids: the same records, not made again.
    assert build_model(data, "public").feedback is first.feedback
    # Another audience, or a sprint moved (each record names the sprint its day falls in): made again,
    # and the same as a model of the data read afresh.
    internal = build_model(data, "internal")
    assert internal.feedback is not first.feedback and internal == build_model(validate(EXAMPLE_DATA), "internal")
    sprints = data["sprints"]
    start = sprints.columns.index("start")
    first_sprint = sprints.rows[0]
    sprints.rows[0] = (*first_sprint[:start], first_sprint[start] + dt.timedelta(days=7), *first_sprint[start + 1 :])
    moved = build_model(data, "public")
    assert moved.feedback is not first.feedback
    assert first.feedback[0].sprint == 1 and moved.feedback[0].sprint is None  # given before the sprint starts now


def test_a_log_that_changed_makes_again_only_the_chunks_of_rows_that_did(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "CHUNK", 50)
    data = validate(EXAMPLE_DATA)
    log = data["feedback"]
    pieces = Pieces()
    first = build_model(data, "public", pieces=pieces)
    # A quote given with consent, in the third chunk, now with an e-mail address in it: taken out.
    quote, consent = log.columns.index("quote"), log.columns.index("consent")
    at = next(i for i in range(100, len(log)) if log.rows[i][consent] and log.rows[i][quote])
    rows = list(log.rows)
    rows[at] = (*rows[at][:quote], f"{rows[at][quote]} Write to ops@example.org.", *rows[at][quote + 1 :])

    def edited() -> Dataset:
        return Dataset({**data.tables, "feedback": dataclasses.replace(log, rows=rows)})

    again = build_model(edited(), "public", pieces=pieces)
    fresh = build_model(edited(), "public")
    assert again == fresh and again.redactions == fresh.redactions == first.redactions + Redactions(emails=1)
    changed = {a.id for a, b in zip(again.feedback, first.feedback, strict=True) if a is not b}
    chunk = {r[0] for r in log.rows[at // 50 * 50 : at // 50 * 50 + 50]}  # the ids of the chunk it is in
    assert rows[at][0] in changed and changed <= chunk
    # For another audience, nothing is lent.
    team = build_model(edited(), "internal", pieces=pieces)
    assert team == build_model(edited(), "internal")
    assert not any(a is b for a, b in zip(team.feedback, again.feedback, strict=False))
