"""The status pages' charts, each with a caption and a text alternative: the feedback's as Plotly
figures (figures.py), the sprints' drawn in HTML (plot.py). The milestone timeline (timeline.py)
and the risk heat map (heatmap.py) are drawn in HTML too: none of these needs a chart library to
be seen.

Data reaches a figure's hover text only through `customdata`, never inside a hover template: a
template is Plotly's own markup, and data must stay plain text (figures.plain).
"""

from __future__ import annotations

import dataclasses

from generator.forecast.simulate import Forecast
from generator.model.status import Status
from generator.render.feedbackcharts import feedback_themes, rating_trend
from generator.render.figures import Chart, chart_config
from generator.render.i18n import Language
from generator.render.plot import Plot
from generator.render.sprintcharts import burnup, velocity


def all_charts(status: Status, lang: Language, outlook: Forecast | None = None) -> dict[str, Chart | Plot]:
    """Every chart, drawn in `lang`: its labels, and plotly.js's locale for axes and toolbar; the
    burn-up with the forecast cone of `outlook`."""
    config = chart_config(lang)
    drawn = {c.id: dataclasses.replace(c, config=config) for c in (rating_trend(status, lang), feedback_themes(status, lang))}
    return {**drawn, "velocity": velocity(status, lang), "burnup": burnup(status, lang, outlook)}
