"""Data never reaches a Plotly template: hover and text templates are our labels and %{...} references.

plotly.js replaces `%{...}` in every template (hovertemplate, texttemplate, ...), once, with the
point's values. A data value inside a template would be read as a reference: a segment named
`%{x}` would show a sprint's name on hover. Values substituted into a template are not read again,
so data belongs in the arrays the template refers to (x, y, text, customdata), never in the template.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.data.format import data_format
from generator.history.edition import Edition, Snapshot
from generator.pipeline import generate
from generator.render.figures import Chart
from tests.support.planted import Project, free_text

# What a person might type that plotly.js would read as a reference or as markup.
LOOKALIKES = ("%{x}", "%{y}", "%{customdata[0]}", "%{text}", "%{fullData.name}", "%{meta[0]}", "<b>", "%{z:.2f}", "%{y|%Y}")
MARK = "Zq"  # in every planted value, and in no label Glasshouse writes


def plant_lookalikes(data_dir: Path) -> None:
    """Put a template lookalike, with a unique mark, into every free-text field of every record."""
    p = Project(data_dir)
    n = itertools.count()
    for r in data_format().resources:
        for row in p.records(r):
            for f in r.fields:
                if free_text(r, f):
                    i = next(n)
                    text = f"{MARK}{i} {LOOKALIKES[i % len(LOOKALIKES)]}"
                    row[f.name] = [text] if f.type == "array" else text
    p.write()


def templates(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every template string in a figure, with where it is: any key ending in "template"."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("template"):
                for text in value if isinstance(value, list) else [value]:
                    yield f"{where}.{key}", text
            else:
                yield from templates(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from templates(item, f"{where}[{i}]")


def _charts(data: Path) -> dict[str, Chart]:
    """Every chart of a build of `data`, with an earlier snapshot (sprint 2) for the trend charts."""
    site = generate(data)
    earlier = json.loads(json.dumps(site.history.doc))
    earlier["sprint"]["id"] = 2
    edition = Edition(history=(Snapshot("sprint-02", earlier["sprint"]["name"], earlier),))
    charts = generate(data, edition=edition).charts
    return {name: chart for name, chart in charts.items() if isinstance(chart, Chart)}  # the sprints' are HTML (plot.py)


@pytest.fixture
def planted(minimal: Path) -> tuple[dict[str, Chart], dict[str, Chart]]:
    """The minimal fixture's charts, and the same charts with lookalikes in every text field."""
    plain = _charts(Path("data"))
    plant_lookalikes(minimal)
    return plain, _charts(Path("data"))


def test_no_template_holds_a_data_value(planted: tuple[dict[str, Chart], dict[str, Chart]]) -> None:
    plain, hostile = planted
    assert sorted(hostile) == sorted(plain) == [
        "feedback-themes", "milestone-trend", "rating-trend", "risk-trend",
    ]  # fmt: skip
    for name, chart in hostile.items():
        found = list(templates(chart.figure))
        assert found, name
        leaked = [(where, text) for where, text in found if MARK in text]
        assert not leaked, (name, leaked)
        # Templates depend on labels alone: text data, whatever it is, leaves them unchanged.
        assert found == list(templates(plain[name].figure)), name


def test_planted_values_reach_the_charts_outside_templates(planted: tuple[dict[str, Chart], dict[str, Chart]]) -> None:
    """The control: the lookalikes are in the figures (as x, y, text, customdata), so the test above sees them."""
    _, hostile = planted
    for name in ("feedback-themes", "milestone-trend", "rating-trend", "risk-trend"):
        assert MARK in json.dumps(hostile[name].figure), name


def test_no_figure_turns_names_and_titles_into_templates(planted: tuple[dict[str, Chart], dict[str, Chart]]) -> None:
    """plotly.js reads trace names, axis titles and annotations as templates when a figure has `meta`."""
    _, hostile = planted
    for name, chart in hostile.items():
        assert not re.search(r'"meta"\s*:', json.dumps(chart.figure)), name
