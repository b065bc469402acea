"""status.json: valid against its published schema, documented, and free of internal records."""

from __future__ import annotations

import io
import json
import math
import typing
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.clock import build_time
from generator.data.format import data_format
from generator.data.validate import validate
from generator.history import statusdoc
from generator.history.conform import conformed, conforms, partial
from generator.history.document import PartialDoc, StatusDoc
from generator.history.edition import Correction, Edition, Stamp
from generator.history.statusdoc import schema_text, status_document, write_doc
from generator.model.build import build_model
from tests.support.projects import EXAMPLE_DATA
from tests.support.published import as_published

SCHEMA = json.loads(schema_text())


def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def example_doc() -> dict[str, Any]:
    stamp = Stamp(build_time(), "sha256:" + "ab" * 32, "0123456789abcdef0123456789abcdef01234567")
    edition = Edition(
        stamp, "sprint-15", "Sprint 15 – First terminal messages (16 – 27 Nov 2026)", (Correction("2026-12-01T10:00:00Z", "typo"),)
    )
    doc = status_document(build_model(validate(EXAMPLE_DATA)), edition)
    published: dict[str, Any] = as_published(doc)  # what is published: through JSON and back
    return published


def test_example_validates_against_the_schema(example_doc: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(example_doc), key=str)
    assert not errors, [e.message for e in errors]
    assert example_doc["project"]["status"] == "amber"
    assert example_doc["sprint"]["id"] == 15
    assert example_doc["snapshot"]["corrections"] == [{"at": "2026-12-01T10:00:00Z", "reason": "typo"}]


def test_plain_build_document_validates(minimal: Any) -> None:
    doc = as_published(status_document(build_model(validate(minimal))))
    assert doc["snapshot"] is None and doc["stamp"] is None
    feedback = doc["feedback"]
    assert sorted(feedback["ids"]) == ["FB-0001", "FB-0002", "FB-0003", "FB-0004", "FB-0005"]
    assert feedback["ids"] == ["FB-0001", "FB-0002", "FB-0003", "FB-0004", "FB-0005"]  # by the day each came in
    assert feedback["waiting"] == ["FB-0003"]  # the one received and not answered (FB-0005 is done, its day not recorded)
    assert sum(feedback["by_theme"].values()) == sum(feedback["by_segment"].values()) == feedback["received"] == 5
    assert not list(_validator().iter_errors(doc))


def test_render_writes_the_machine_files(minimal: Any, tmp_path: Any) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["render", "--out", str(tmp_path / "md")])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "md" / "docs" / "status.json").read_text(encoding="utf-8"))
    assert not list(_validator().iter_errors(doc))
    for name in ("status.schema.json", "feed.xml", "rss.xml", "what-changed.md"):
        assert (tmp_path / "md" / "docs" / name).is_file(), name


def test_schema_rejects_what_it_does_not_document(example_doc: dict[str, Any]) -> None:
    undocumented = (
        (("project", "status"), "purple"),
        (("risks", 0, "owner"), "Ann"),
        (("feedback", "quote"), "hi"),
        (("feedback", "by_theme", "usability"), "hi"),
    )
    for path, value in undocumented:
        doc = json.loads(json.dumps(example_doc))
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert list(_validator().iter_errors(doc)), path


def test_every_object_is_closed_and_every_section_described() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":  # closed, or a map of counts (feedback by theme, by segment)
                assert node.get("additionalProperties") in (False, {"type": "integer", "minimum": 0}), where
            for key, child in node.items():
                walk(child, f"{where}/{key}")
        elif isinstance(node, list):
            for i, child in enumerate(node):
                walk(child, f"{where}/{i}")

    walk(SCHEMA, "#")
    for name, prop in SCHEMA["properties"].items():
        # Parts added to the format later are optional: documents published before them stay readable.
        assert name in SCHEMA["required"] or name in ("$schema", "forecasts", "warnings"), name
        assert prop.get("description"), name


def test_enums_match_the_data_format() -> None:
    fmt = {r.name: {f.name: f for f in r.fields} for r in data_format().resources}
    props = SCHEMA["properties"]
    assert props["project"]["properties"]["status"]["enum"] == list(fmt["project"]["status"].enum)
    assert props["milestones"]["items"]["properties"]["status"]["enum"] == list(fmt["milestones"]["status"].enum)
    assert props["risks"]["items"]["properties"]["category"]["enum"] == list(fmt["risks"]["category"].enum)
    active = [s for s in fmt["risks"]["status"].enum if s != "closed"]
    assert props["risks"]["items"]["properties"]["status"]["enum"] == active
    assert props["changes"]["items"]["properties"]["decision"]["enum"] == list(fmt["changes"]["decision"].enum)
    assert list(props["feedback"]["properties"]["by_action"]["properties"]) == list(fmt["feedback"]["action"].enum)


def test_no_internal_record_and_no_private_text(example_doc: dict[str, Any]) -> None:
    data = validate(EXAMPLE_DATA)
    text = json.dumps(example_doc, ensure_ascii=False)
    internal = {row["id"] for name in ("milestones", "risks", "changes", "feedback", "sprints") for row in data[name].dicts()
                if row["visibility"] == "internal"}  # fmt: skip
    assert internal
    found = {i for i in internal if f'"{i}"' in text}
    assert not found
    private = [r["respondent"] for r in data["feedback"].dicts() if r["respondent"]]
    private += [r["quote"][:40] for r in data["feedback"].dicts() if r["quote"]]
    assert not [p for p in private if p in text]


def _typed_like_schema(typed: Any, node: dict[str, Any], where: str) -> list[str]:
    """Where the TypedDict `typed` and the schema's object `node` differ: keys, required keys, and
    (for values that are objects or lists of objects) the same below."""
    node = next((n for n in node.get("oneOf", [node]) if n.get("type") != "null"), node)
    hints = typing.get_type_hints(typed)
    problems = []
    if set(hints) != set(node["properties"]):
        problems.append(f"{where}: keys {sorted(hints)} in the types, {sorted(node['properties'])} in the schema")
    if set(typed.__required_keys__) != set(node["required"]):
        problems.append(f"{where}: required {sorted(typed.__required_keys__)} in the types, {sorted(node['required'])} in the schema")
    for name, hint in hints.items():
        inner = [a for a in (*typing.get_args(hint), hint) if typing.is_typeddict(a)]
        listed = [a for a in typing.get_args(hint) if typing.is_typeddict(a)] if typing.get_origin(hint) is list else []
        sub = node["properties"].get(name, {})
        if listed:
            problems += _typed_like_schema(listed[0], sub["items"], f"{where}.{name}[]")
        elif inner:
            problems += _typed_like_schema(inner[0], sub, f"{where}.{name}")
    return problems


def test_the_types_of_a_status_document_follow_the_schema() -> None:
    """document.py's TypedDicts, which mypy holds the code to, have the schema's keys, required as it requires them."""
    assert _typed_like_schema(StatusDoc, SCHEMA, "status.json") == []


def test_a_partial_document_has_the_same_parts_each_of_the_same_type() -> None:
    """PartialDoc repeats StatusDoc with every part optional: the two stay in step."""
    assert typing.get_type_hints(PartialDoc) == typing.get_type_hints(StatusDoc)
    assert PartialDoc.__required_keys__ == frozenset() and PartialDoc.__optional_keys__ == frozenset(StatusDoc.__annotations__)


def test_a_conforming_document_is_given_typed_and_any_other_refused(example_doc: dict[str, Any]) -> None:
    broken = dict(example_doc, milestones="none")
    assert conformed(example_doc) == example_doc
    assert conformed(broken) is None
    assert conformed([example_doc]) is None


def test_a_partial_reading_keeps_the_parts_that_conform(example_doc: dict[str, Any]) -> None:
    damaged = {**example_doc, "milestones": "none", "risks": [1], "extra": {}}
    kept = {k: v for k, v in example_doc.items() if k not in ("milestones", "risks")}
    assert partial(damaged) == kept
    assert partial(example_doc) == example_doc
    assert partial([example_doc]) is None


def test_a_schema_that_refers_to_itself_is_checked_to_any_depth() -> None:
    then = {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/node"}]}
    node = {"type": "object", "additionalProperties": False, "properties": {"next": then}}
    schema = {"$defs": {"node": node}, "$ref": "#/$defs/node"}
    assert conforms({"next": {"next": {"next": None}}}, schema)
    assert not conforms({"next": {"next": {"next": 3}}}, schema)
    assert not conforms({"next": {"next": {"then": None}}}, schema)


def test_a_number_that_is_no_number_is_refused(example_doc: dict[str, Any]) -> None:
    """JSON has no NaN or Infinity, but Python's reader lets them in: a snapshot holding one is no status document."""
    assert conforms(example_doc)
    for path, value in ((("feedback", "rating_mean"), math.nan), (("project", "budget", "cost_beyond_tolerance"), math.inf)):
        doc = json.loads(json.dumps(example_doc))
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not conforms(doc), path  # no bounds on the cost beyond tolerance: only its being finite refuses infinity
    doc = json.loads(json.dumps(example_doc))
    del doc["feedback"]["waiting"]  # a required field
    assert not conforms(doc)


def _first_format(doc: dict[str, Any], data: Any) -> dict[str, Any]:
    """`doc` as format 1 published it: every piece of feedback listed, with its day, segment, theme and answer."""
    old: dict[str, Any] = json.loads(json.dumps(doc))
    feedback = old["feedback"]
    for name in ("by_theme", "by_segment", "ids", "waiting"):
        del feedback[name]
    rows = sorted((r for r in data["feedback"].dicts() if r["visibility"] != "internal"), key=lambda r: (r["date"], r["id"]))
    feedback["items"] = [
        {"id": r["id"], "date": r["date"].isoformat(), "segment": r["segment"], "theme": r["theme"], "action": r["action"],
         "answered": r["answered"].isoformat() if r["answered"] else None}
        for r in rows
    ]  # fmt: skip
    old["format"] = "glasshouse-status/1"
    return old


def test_a_snapshot_published_in_the_first_format_reads_as_one_of_today(example_doc: dict[str, Any]) -> None:
    """Snapshots published before feedback was counted rather than listed stay history: read, they
    say what a document of today says, and a damaged one keeps the parts that conform."""
    old = _first_format(example_doc, validate(EXAMPLE_DATA))
    read: Any = conformed(old)
    assert not conforms(old) and read == example_doc
    assert conforms(example_doc) and not conforms({**example_doc, "format": "glasshouse-status/1"})
    assert partial({**old, "milestones": "none"}) == {k: v for k, v in example_doc.items() if k != "milestones"}
    broken = json.loads(json.dumps(old))
    broken["feedback"]["items"][0]["action"] = "ignored"
    assert conformed(broken) is None
    assert "feedback" not in (partial(broken) or {})


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=7) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=30,
)


@given(st.dictionaries(st.text(max_size=6), _json, max_size=5), st.integers(1, 4))
def test_a_document_is_written_as_json_writes_it_one_field_a_line(doc: dict[str, Any], piece: int) -> None:
    """A long list a piece at a time, a mapping a key at a time: the same bytes as each top-level
    field written whole by json, one a line (and the same document read back)."""
    fields = [f"{json.dumps(k, ensure_ascii=False)}:{json.dumps(v, ensure_ascii=False, separators=(',', ':'))}" for k, v in doc.items()]
    whole = "{\n" + ",\n".join(fields) + "\n}\n"
    out = io.BytesIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statusdoc, "PIECE", piece)  # lists longer than a piece, in every document drawn
        write_doc(doc, out)  # type: ignore[arg-type]
    assert out.getvalue() == whole.encode()
    assert json.loads(out.getvalue()) == doc
