"""What every chart is made of: a Plotly figure as plain JSON, with its caption, summary and data
as a table, and the layout, palette and plotly.js configuration the charts share.

Figures hold data only, written in the light palette: charts.js swaps in the dark palette's
colours (the pairs `Chart.json` carries) and, in a container narrower than `NARROW` pixels, the
chart's narrow layout (legend, ticks and labels for a phone). They are written as the plain JSON
plotly.js reads: building them through plotly's graph objects checked every property on every
build, which cost more than the rest of the rendering; tests/unit/render/test_pages.py checks every figure
against plotly's schema instead.

Data never goes into a template (hovertemplate, texttemplate): plotly.js reads every `%{...}` in
one as a reference to a point's values, so a segment named `%{x}` would show a sprint instead.
Templates hold our labels and references only; data goes in the arrays they refer to (x, y, text,
customdata), whose values are shown as they are, never read as templates again. No figure has
`meta`, which would make trace names, titles and annotations templates too
(tests/unit/render/test_chart_templates.py, tests/browser/test_chart_text.py).
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from babel.numbers import get_decimal_symbol, get_group_symbol
from markupsafe import Markup

from generator.model.records import Sprint
from generator.render import text
from generator.render.i18n import Language
from generator.render.terms import Terms

NARROW = 600  # px: a chart in a narrower container is drawn with its narrow layout (charts.js)

# Lines and markers of a series: eight hues, told apart from each other by dash and marker too.
SERIES = ("#1f77b4", "#d55e00", "#00876c", "#8e44ad", "#a66f00", "#5f6b7a", "#c2185b", "#00838f")
SERIES_DARK = ("#64b5f6", "#ff8a65", "#4db6ac", "#ce93d8", "#ffd54f", "#b0bec5", "#f48fb1", "#4dd0e1")
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "pentagon", "hexagon", "star")
BLUE, GREEN, RED, AMBER, GREY, INK = "#1f77b4", "#2e7d32", "#c62828", "#a66f00", "#757575", "#37474f"
SEVERITY = {"critical": RED, "high": "#e65100", "medium": "#8a6d00", "low": "#558b2f"}

# Each colour a figure may use, with the one that replaces it in the dark palette. Colours that
# mark data have at least 3:1 against the page's background in their palette (WCAG 1.4.11);
# tests/unit/render/test_pages.py computes it.
DARK = {
    **dict(zip(SERIES, SERIES_DARK, strict=True)),
    GREEN: "#81c784",
    RED: "#ef9a9a",
    GREY: "#9e9e9e",
    INK: "#cfd8dc",
    SEVERITY["high"]: "#ffb74d",
    SEVERITY["medium"]: "#ffe082",
    SEVERITY["low"]: "#aed581",
}


@dataclass(frozen=True)
class Chart:
    """A figure and everything needed to understand it without seeing it.

    `narrow` is a layout drawn over the figure's own in a container narrower than NARROW pixels,
    `narrow_traces` the same for its traces, one by one. A chart with nothing to show is not
    drawn: `empty` says so in a sentence, in its place."""

    id: str
    figure: dict[str, Any]
    caption: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    config: dict[str, Any] = field(default_factory=dict)
    narrow: dict[str, Any] = field(default_factory=dict)
    narrow_traces: tuple[dict[str, Any], ...] = ()
    empty: str = ""

    def json(self) -> str:
        """The figure; the plotly.js configuration (its locale) the page draws it with; its narrow
        layout; and the dark palette's colour for each colour it uses."""
        extra = {"config": self.config, "narrow": self.narrow, "narrow_traces": self.narrow_traces, "dark": dark_pairs(self.figure)}
        return json.dumps({**self.figure, **extra}, separators=(",", ":"))


def empty(chart_id: str, sentence: str, caption: str = "") -> Chart:
    """A chart with nothing to draw: the sentence that stands in its place."""
    return Chart(chart_id, figure([], {}), caption, sentence, (), (), empty=sentence)


def plain(text: object) -> str:
    """Plotly reads a subset of HTML in labels and hover text; data must stay plain text."""
    return html.escape(str(text), quote=True)


def columns(text: str) -> int:
    """How wide `text` is written: Chinese, Japanese and Korean characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text: str, width: int) -> str:
    """`text` cut to at most `width` columns, with an ellipsis where it was cut; as plain text.
    Charts show it where space is short; hover text and the data table show it whole."""
    if columns(text) <= width:
        return plain(text)
    out, used = "", 1
    for c in text:
        used += columns(c)
        if used > width:
            break
        out += c
    if text[len(out)] != " " and out.rfind(" ") > len(out) // 2:
        out = out[: out.rfind(" ")]  # a whole word rather than a piece of one, where one ends near
    return plain(out.rstrip(" ,;:-–") + "…")


def wrap(text: str, width: int) -> str:
    """`text` broken into lines of at most `width` columns at its spaces, as plain text."""
    lines: list[str] = []
    for word in text.split():
        if lines and columns(lines[-1]) + 1 + columns(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(plain(line) for line in lines)


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` drawn over `base`, nested objects merged key by key, as charts.js merges layouts."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def layout(lang: Language, **extra: Any) -> dict[str, Any]:
    """What every chart's layout shares, with `extra` merged in. Charts do not zoom or pan (a drag
    on a phone scrolls the page); the legend sits above the plot, clear of the axes' labels."""
    base: dict[str, Any] = {
        "separators": get_decimal_symbol(lang.locale) + get_group_symbol(lang.locale),
        "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
        "hovermode": "closest",
        "dragmode": False,
        "legend": {
            "orientation": "h",
            "traceorder": "normal",
            "xref": "container",
            "yref": "container",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
        },
        "xaxis": {"automargin": True, "fixedrange": True},
        "yaxis": {"automargin": True, "fixedrange": True, "title": {"standoff": 8}},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
    }
    return merge(base, extra)


def narrow(**extra: Any) -> dict[str, Any]:
    """What every chart's narrow layout shares, with `extra` merged in: smaller text."""
    return merge({"font": {"size": 12}}, extra)


def trace(kind: str, **props: Any) -> dict[str, Any]:
    return {"type": kind, **props}


def figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    return {"data": traces, "layout": layout}


def series_style(i: int) -> dict[str, Any]:
    """The line and marker of the `i`th series: no two of the first 32 alike in colour, dash and marker."""
    colour = SERIES[i % len(SERIES)]
    return {
        "line": {"color": colour, "width": 2, "dash": DASHES[i // len(SERIES) % len(DASHES)]},
        "marker": {"color": colour, "size": 8, "symbol": SYMBOLS[(i + i // len(SERIES)) % len(SYMBOLS)]},
    }


def sprint_axis(terms: Terms) -> dict[str, Any]:
    """An axis of sprints (or the project's word for them), each written as its number: names
    would not fit side by side."""
    return {"type": "category", "title": {"text": terms.capital}, "tickangle": 0}


def sprint_names(terms: Terms, sprints: list[Sprint]) -> list[str]:
    """Each sprint's title, for hover text."""
    return [plain(terms.title(s)) for s in sprints]


def colours(value: Any, key: str = "") -> Iterator[str]:
    """Every colour a figure names: values of its `color`, `bgcolor`... properties and colour scales."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from colours(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from colours(item, key)
    elif isinstance(value, str) and (key.endswith("color") or key == "colorscale"):
        yield value


def dark_pairs(figure: dict[str, Any]) -> dict[str, str]:
    """The light colours `figure` uses, each with the colour that replaces it in the dark palette."""
    return {c: DARK[c] for c in sorted(set(colours(figure))) if c in DARK}


def chart_config(lang: Language) -> dict[str, Any]:
    """plotly.js's configuration for a chart in `lang`: its locale, for axes, dates and toolbar."""
    return {"locale": lang.code, "locales": {lang.code: lang.plotly_locale()}}


class Tabled(Protocol):
    """A chart whose data can be written as a table: a Plotly chart or one drawn in HTML (plot.py)."""

    @property
    def empty(self) -> str: ...
    @property
    def headers(self) -> tuple[str, ...]: ...
    @property
    def rows(self) -> tuple[tuple[str, ...], ...]: ...


def chart_table(chart: Tabled) -> Markup:
    """A chart's data as an HTML table: what the chart shows, for readers who cannot see it and for
    paper. A chart with nothing to show is its sentence."""
    if chart.empty:
        return Markup(f'<p class="gh-chart-empty">{text.escape(chart.empty)}</p>')
    return data_table(chart.headers, chart.rows)


def data_table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> Markup:
    """A chart's data as a plain HTML table, a row a point."""
    head = "".join(f'<th scope="col">{text.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{text.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return Markup(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def scale_tick(kind: str, at: float, label: str) -> str:
    """A date on an HTML chart's scale at `at` % of its width, in the class `kind`; one near either
    end (`kind--start`, `kind--end`) is written from its place inwards, so that it stays within the chart."""
    where = f" {kind}--start" if at < 8 else f" {kind}--end" if at > 92 else ""
    return f'<span class="{kind}{where}" style="left:{at:g}%">{text.escape(label)}</span>'


def figure_end(caption: str, summary: str, headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], lang: Language) -> str:
    """How every chart's figure ends, whatever draws it: its caption with its summary, then, after
    the figure, its data as a table in a closed <details> (open on paper), which search leaves out."""
    label = text.escape(lang.gettext("Chart data as a table"))
    return (
        f'<figcaption>{text.escape(caption)} <span class="gh-chart-summary">{text.escape(summary)}</span></figcaption>\n'
        "</figure>\n"
        f'<details class="gh-chart-table" data-search-exclude><summary>{label}</summary>\n'
        f"{data_table(headers, rows)}\n</details>"
    )


def chart_block(chart: Chart, lang: Language) -> Markup:
    """A chart as HTML: the figure's JSON inline and its caption, then its data as a table. A chart
    with nothing to show is not drawn: a sentence says so in its place.

    The JSON sits in a <template>, not a <script type="application/json">: Material's instant
    navigation re-creates every inline script of a new page as plain JavaScript, which would run
    the JSON and lose it. A template's content is inert text, and stays as it is. The figure's id
    is prefixed, as a heading above it often has the chart's name for its own id; the table
    follows the figure, whose caption must be its first or last child."""
    if chart.empty:
        return Markup(f'<p class="gh-chart-empty" id="chart-{chart.id}">{text.escape(chart.empty)}</p>')
    data = chart.json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # The height the chart will take, wide and narrow, kept free until it is drawn: nothing below it moves then.
    wide = int(chart.figure["layout"].get("height", 0))
    room = f' style="--gh-h:{wide}px;--gh-hn:{int(chart.narrow.get("height", wide))}px"' if wide else ""
    return Markup(
        f'<figure class="gh-figure" id="chart-{chart.id}">\n'
        f'<div class="gh-chart" data-chart="{chart.id}"{room}></div>\n'
        f'<template class="gh-chart-data" data-search-exclude>{data}</template>\n'
        + figure_end(chart.caption, chart.summary, chart.headers, chart.rows, lang)
    )
