"""What every chart is made of: a Plotly figure as plain JSON, with its caption, summary and data
as a table, and the layout, palette and plotly.js configuration the charts share.

Figures hold data only; colours that depend on the light or dark palette are applied in the
browser (assets/charts.js), so one figure serves both. They are written as the plain JSON
plotly.js reads: building them through plotly's graph objects checked every property on every
build, which cost more than the rest of the rendering; tests/test_render.py checks every figure
against plotly's schema instead.

Data never goes into a template (hovertemplate, texttemplate): plotly.js reads every `%{...}` in
one as a reference to a point's values, so a segment named `%{x}` would show a sprint instead.
Templates hold our labels and references only; data goes in the arrays they refer to (x, y, text,
customdata), whose values are shown as they are, never read as templates again. No figure has
`meta`, which would make trace names, titles and annotations templates too
(tests/test_chart_templates.py, tests/browser/test_chart_text.py).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol

from generator.render.i18n import Language

RAG = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828"}
SERIES = ("#1f77b4", "#e4572e", "#2a9d8f", "#9c6ade", "#b8860b", "#6c757d", "#d6336c", "#17a2b8")


@dataclass(frozen=True)
class Chart:
    """A figure and everything needed to understand it without seeing it."""

    id: str
    figure: dict[str, Any]
    caption: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    config: dict[str, Any] = field(default_factory=dict)

    def json(self) -> str:
        """The figure, and the plotly.js configuration (its locale) the page draws it with."""
        return json.dumps({**self.figure, "config": self.config}, separators=(",", ":"))


def plain(text: object) -> str:
    """Plotly reads a subset of HTML in labels and hover text; data must stay plain text."""
    return html.escape(str(text), quote=True)


def layout(lang: Language, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "separators": get_decimal_symbol(lang.locale) + get_group_symbol(lang.locale),
        "margin": {"l": 10, "r": 10, "t": 28, "b": 10},
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": -0.15},
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
    }
    base.update(extra)
    return base


def trace(kind: str, **props: Any) -> dict[str, Any]:
    return {"type": kind, **props}


def figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    return {"data": traces, "layout": layout}


def chart_config(lang: Language) -> dict[str, Any]:
    """plotly.js's configuration for a chart in `lang`: its locale, for axes, dates and toolbar."""
    return {"locale": lang.code, "locales": {lang.code: lang.plotly_locale()}}
