"""check_references(): a public record may not need an internal one; each refusal names its field and the way out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.data.references import check_references
from generator.data.tables import Dataset
from generator.data.validate import validate
from generator.errors import Problem

FILES = {name: f"data/{name}.yaml" for name in ("project", "segments", "contacts", "milestones", "risks", "changes", "sprints")}
FILES["feedback"] = "data/feedback.csv"


def _with(data: Dataset, table: str, record_id: str, **values: object) -> Dataset:
    """`data` with one record's values changed, as if its file had said so."""
    t = data[table]
    rows = [tuple({**row, **values}.values()) if row["id"] == record_id else tuple(row.values()) for row in t.dicts()]
    return Dataset({**data.tables, table: dataclasses.replace(t, rows=rows)})


def _problems(data: Dataset) -> list[tuple[str | None, str, str, str]]:
    return [(p.record, p.field, p.message, p.hint) for p in check_references(data, FILES)]


def test_a_public_project_refers_to_nothing_internal(minimal: Path) -> None:
    assert list(check_references(validate(minimal), FILES)) == []


def test_the_experience_owner_must_be_public(minimal: Path) -> None:
    data = _with(validate(minimal), "contacts", "C-01", visibility="internal")
    found = list(check_references(data, FILES))
    assert found[0] == Problem(
        "data/project.yaml",
        9,
        "'C-01' is a contact marked 'visibility: internal', and the public site shows the experience owner's name, role and e-mail address",
        "name a public contact here, or make contact C-01 public (remove its 'visibility: internal')",
        "project",
        "experience_owner",
    )


def test_every_segment_keeps_a_public_contact(minimal: Path) -> None:
    data = _with(validate(minimal), "contacts", "C-03", visibility="internal")
    assert (
        "segment users",
        "",
        "has no public contact: C-03 is internal, and the public site names a contact for every segment",
        "add a public contact with 'segment: users', or make contact C-03 public (remove its 'visibility: internal')",
    ) in _problems(data)


def test_a_public_owner_may_not_name_an_internal_contact_in_any_spelling(minimal: Path) -> None:
    data = _with(validate(minimal), "contacts", "C-03", visibility="internal", segment="sponsors")
    data = _with(data, "risks", "R-002", owner="  cy   USER and the team")  # case and spacing make no other person
    data = _with(data, "milestones", "M-02", owner="cy@example.org")
    found = _problems(data)
    assert ("risk R-002", "owner", "'  cy   USER and the team' names contact C-03, which is marked 'visibility: internal'",
            "name a public contact or a role here, or make contact C-03 public (remove its 'visibility: internal')") in found  # fmt: skip
    assert ("milestone M-02", "owner", "'cy@example.org' names contact C-03, which is marked 'visibility: internal'",
            "name a public contact or a role here, or make contact C-03 public (remove its 'visibility: internal')") in found  # fmt: skip


def test_an_internal_record_or_a_name_within_a_word_is_no_reference(minimal: Path) -> None:
    data = _with(validate(minimal), "contacts", "C-03", visibility="internal", segment="sponsors")
    data = _with(data, "risks", "R-002", owner="Cy Username")  # not the name: part of a longer word
    data = _with(data, "risks", "R-001", owner="Cy User", visibility="internal")  # internal itself: may name anyone
    assert [p for p in _problems(data) if p[1] == "owner"] == []


def test_a_name_shared_with_a_public_contact_names_that_person(minimal: Path) -> None:
    data = _with(validate(minimal), "contacts", "C-03", visibility="internal", segment="sponsors", name="Bo Sponsor")
    assert [p for p in _problems(data) if p[1] == "owner"] == []
