"""Bar and line charts drawn in HTML, CSS and an inline SVG when the site is built.

The sprints' charts (sprintcharts.py) are a column of bars a sprint and a few lines of added-up
work: no chart library is needed to draw them. As HTML they are on the screen with the page's
first paint, on a phone as on paper, and the sprints page downloads no plotly.js. Everything is
placed in % of the plot's width and height, so that the stylesheet draws them at any width:
bars as boxes, lines in an SVG stretched to the plot (their strokes keep their width in pixels),
points and labels as boxes placed over it. Text stays text: the axes' labels are written in the
page's font at the page's size, and each sprint's figures are in a tip that shows on hover and
on a tap (the column takes focus) and that a screen reader reads in place; the data table below
every chart gives every value too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from generator.render import text
from generator.render.figures import columns, figure_end, scale_tick
from generator.render.i18n import Language

STEPS = (1, 2, 5)  # gridlines are 1, 2 or 5 times a power of ten apart
GRIDLINES_MOST = 5  # gridlines above the zero line at most
LABELS_WIDE, LABELS_NARROW = 16, 8  # a bar chart's columns labelled at most, wide and on a phone

# A mark's kind names its class in the stylesheet (gh-plot__bar--committed, gh-plot__line--done...),
# which colours it with figures.GREY, BLUE or SERIES[1] in either palette (--gh-plot-*).


@dataclass(frozen=True)
class Column:
    """One column of a bar chart: its label along the axis (blank where the axis leaves it out),
    whether a phone writes it too, its bars (kind, height in % of the plot; None for a value
    this audience may not see, drawn as a gap) and the lines of its tip, the first its heading."""

    label: str
    narrow: bool
    bars: tuple[tuple[str, float | None], ...]
    tip: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """A line (or, closed, an area) through points in % of the plot, from its bottom left."""

    kind: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Zone:
    """A band of a line chart, from `left` for `width` % of it, whose tip says what is at its middle."""

    left: float
    width: float
    tip: tuple[str, ...]


@dataclass(frozen=True)
class Plot:
    """A chart drawn in HTML: its legend (kind, name), the y axis's title and gridlines (% from
    the bottom, label), the x axis's title and, for a line chart, its dates (% from the left,
    label); its columns (a bar chart) or its areas, lines, points and tip zones (a line chart);
    its caption, summary and data as a table; or, with nothing to draw, the sentence that stands
    in its place. `id` names it as a Plotly chart's is named (figures.Chart)."""

    id: str
    legend: tuple[tuple[str, str], ...] = ()
    y_title: str = ""
    y_ticks: tuple[tuple[float, str], ...] = ()
    x_title: str = ""
    x_ticks: tuple[tuple[float, str], ...] = ()
    columns: tuple[Column, ...] = ()
    areas: tuple[Line, ...] = ()
    lines: tuple[Line, ...] = ()
    points: tuple[Line, ...] = ()
    zones: tuple[Zone, ...] = ()
    caption: str = ""
    summary: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    empty: str = ""


def y_axis(highest: float, lang: Language) -> tuple[float, tuple[tuple[float, str], ...]]:
    """The top of a y axis from zero that `highest` fits under, and its gridlines (each at its
    place in %): at most GRIDLINES_MOST above zero, 1, 2 or 5 times a power of ten apart, at
    least 1 (work is counted whole)."""
    highest = max(highest, 1)
    power = 10 ** max(0, math.floor(math.log10(highest / GRIDLINES_MOST)))
    step = next(power * s for s in (*STEPS, 10) if power * s * GRIDLINES_MOST >= highest)
    n = math.ceil(highest / step)
    return step * n, tuple((round(100 * i / n, 2), lang.number(i * step)) for i in range(n + 1))


def labelled(n: int) -> tuple[list[bool], list[bool]]:
    """Which of `n` columns are labelled on a wide screen and on a phone: every one, or every
    second, third... from the first, at most LABELS_WIDE and LABELS_NARROW of them."""
    wide, narrow = math.ceil(n / LABELS_WIDE), math.ceil(n / LABELS_NARROW)
    narrow = wide * math.ceil(narrow / wide)  # a label a phone writes is one a wide screen writes too
    return [i % wide == 0 for i in range(n)], [i % narrow == 0 for i in range(n)]


def _tip(lines: tuple[str, ...], at: float) -> str:
    """A tip: its heading and lines, written from its column towards the plot's middle."""
    side = " gh-plot__tip--end" if at > 50 else ""
    head, *rest = (text.escape(line) for line in lines)
    body = "".join(f"<br>{line}" for line in rest)
    return f'<span class="gh-plot__tip{side}"><strong>{head}</strong>{body}</span>'


def _column(c: Column, i: int, n: int) -> str:
    # A value withheld keeps its bar's place, empty: a gap, never a bar of nothing done.
    bar = '<span class="gh-plot__bar gh-plot__bar--{}"{}></span>'
    bars = "".join(bar.format(kind, "" if h is None else f' style="height:{h}%"') for kind, h in c.bars)
    wide = " gh-plot__xl--wide" if c.label and not c.narrow else ""
    label = f'<span class="gh-plot__xl{wide}" aria-hidden="true">{text.escape(c.label)}</span>'
    return f'<li class="gh-plot__col" tabindex="-1">{bars}{label}{_tip(c.tip, 100 * (i + 0.5) / n)}</li>'


def _path(line: Line) -> str:
    return " ".join(f"{x:g},{100 - y:g}" for x, y in line.points)


def _drawing(p: Plot) -> str:
    """The plot's inside: its bars, or its lines in an SVG and its points and zones over them."""
    if p.columns:
        cols = "".join(_column(c, i, len(p.columns)) for i, c in enumerate(p.columns))
        # A column's bars take four fifths of its width, whatever the number of columns.
        return f'<ol class="gh-plot__cols" style="--gh-pad:{round(10 / len(p.columns), 3):g}%">{cols}</ol>'
    shapes = "".join(f'<polygon class="gh-plot__area--{a.kind}" points="{_path(a)}"/>' for a in p.areas)
    shapes += "".join(
        f'<polyline class="gh-plot__line--{ln.kind}" points="{_path(ln)}" vector-effect="non-scaling-stroke"/>' for ln in p.lines
    )
    svg = f'<svg class="gh-plot__svg" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true" focusable="false">{shapes}</svg>'
    dot = '<span class="gh-plot__dot gh-plot__dot--{}" style="left:{:g}%;bottom:{:g}%"></span>'
    dots = "".join(dot.format(pt.kind, x, y) for pt in p.points for x, y in pt.points)
    zones = "".join(
        f'<span class="gh-plot__zone" tabindex="-1" style="left:{z.left:g}%;width:{z.width:g}%">{_tip(z.tip, z.left + z.width / 2)}</span>'
        for z in p.zones
    )
    return f'{svg}<span class="gh-plot__dots" aria-hidden="true">{dots}</span>{zones}'


def plot_block(p: Plot, lang: Language) -> Markup:
    """A chart as HTML: its legend, its y axis, the plot and its x axis in a figure with its
    caption, then its data as a table; with nothing to draw, its sentence."""
    if p.empty:
        return Markup(f'<p class="gh-chart-empty" id="chart-{p.id}">{text.escape(p.empty)}</p>')
    key = '<li><span class="gh-plot__key gh-plot__key--{}" aria-hidden="true"></span>{}</li>'
    legend = "".join(key.format(kind, text.escape(name)) for kind, name in p.legend)
    grid = "".join(f'<span class="gh-plot__grid" style="bottom:{at:g}%"></span>' for at, _ in p.y_ticks)
    y = "".join(f'<span class="gh-plot__yt" style="bottom:{at:g}%">{text.escape(label)}</span>' for at, label in p.y_ticks)
    width = max((columns(label) for _, label in p.y_ticks), default=1)
    x = (
        f'<div class="gh-plot__x" aria-hidden="true">{"".join(scale_tick("gh-plot__xt", at, label) for at, label in p.x_ticks)}</div>'
        if p.x_ticks
        else ""
    )
    return Markup(
        f'<figure class="gh-figure gh-plot gh-plot--{"bars" if p.columns else "lines"}" id="chart-{p.id}">\n'
        f'<ul class="gh-plot__legend">{legend}</ul>\n'
        f'<div class="gh-plot__frame" style="--gh-yw:{width}ch">'
        f'<span class="gh-plot__ytitle" aria-hidden="true">{text.escape(p.y_title)}</span>'
        f'<span class="gh-plot__y" aria-hidden="true">{y}</span>'
        f'<div class="gh-plot__area">{grid}{_drawing(p)}</div>{x}'
        f'<span class="gh-plot__xtitle" aria-hidden="true">{text.escape(p.x_title)}</span></div>\n'
        + figure_end(p.caption, p.summary, p.headers, p.rows, lang)
    )
