"""The delivery forecasts in status.json: valid against its schema, and nothing the public may not see."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.data.validate import validate
from generator.forecast.published import forecasts_doc
from generator.forecast.simulate import forecast
from generator.history.statusdoc import schema_text, status_document
from generator.history.timeline import timeline
from generator.model.build import build_model
from tests.support.projects import EXAMPLE_DATA
from tests.support.published import as_published
from tests.support.sprint_cases import example_with_milestone


def test_the_example_document_gives_its_forecasts_and_validates() -> None:
    status = build_model(validate(EXAMPLE_DATA))
    doc = timeline(status, forecasts=forecasts_doc(forecast(status), status)).doc
    published = as_published(doc)
    schema = json.loads(schema_text())
    jsonschema.validators.validator_for(schema)(schema).validate(published)
    part = published["forecasts"]
    assert part["standing"] == "sound" and part["sprints"] == 8
    assert [m["id"] for m in part["milestones"]] == ["M-06", "M-08", "M-07", "M-09", "M-10", "M-11", "M-12"]
    go_live = next(m for m in part["milestones"] if m["id"] == "M-11")
    assert go_live["scope"] == 60 and 0 < go_live["chance"] < 1
    assert go_live["dates"]["p50"] <= go_live["dates"]["p85"] <= go_live["dates"]["p95"]
    assert "forecasts" not in status_document(status)  # a document alone has none: the pipeline adds them


@pytest.mark.no_cover
def test_a_scope_kept_internal_is_counted_and_not_published(tmp_path: Path) -> None:
    data = example_with_milestone(tmp_path, "M-08", internal_fields=["scope"], scope=4321)
    dataset = validate(data)
    public, internal = build_model(dataset, "public"), build_model(dataset, "internal")
    said = forecasts_doc(forecast(public), public)
    assert "M-08" not in [m["id"] for m in said["milestones"]] and "4321" not in json.dumps(said)
    team = forecasts_doc(forecast(internal), internal)
    assert [m for m in said["milestones"] if m["id"] == "M-11"] == [m for m in team["milestones"] if m["id"] == "M-11"]
