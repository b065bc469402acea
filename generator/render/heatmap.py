"""The risk heat map: the active risks placed by likelihood and impact, as an HTML table.

A five-by-five grid needs no chart library: as a table it is on the screen with the page's first
paint, on a phone as on paper, read cell by cell by a screen reader with each cell's likelihood
and impact, and without the 400 KB of plotly.js the risks page would otherwise download. Each
cell is coloured by its severity band, written in it as its exposure too (colour is never the
only sign), and lists its risks' ids, each a link to the risk in the register below.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from generator.model.records import severity
from generator.model.status import Status
from generator.render import text
from generator.render.i18n import N_, Language

LIKELIHOOD = (N_("Rare"), N_("Unlikely"), N_("Possible"), N_("Likely"), N_("Almost certain"))
IMPACT = (N_("Negligible"), N_("Minor"), N_("Moderate"), N_("Major"), N_("Severe"))
IDS_IN_CELL = 3  # risks listed in one cell; past it, the first two and a count of the rest
# Each severity band's cell colour in the light and dark palette, and the colour of what is
# written on it. glasshouse.css declares them (--gh-heat-low...); tests/unit/render/test_pages.py
# checks that it does, and that the text has 4.5:1 against every cell.
CELLS = {"low": "#c8e6c9", "medium": "#fff59d", "high": "#ffcc80", "critical": "#ef9a9a"}
CELL_TEXT = "#000000"
CELLS_DARK = {"low": "#1b5e20", "medium": "#665500", "high": "#a84b00", "critical": "#7f1d1d"}
CELL_TEXT_DARK = "#ffffff"
REGISTER = "risk-register"  # the anchor of the register's heading, where "+n more" leads


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    risks: tuple[tuple[str, str], ...]  # (id, title) of each active risk in it, by id

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return severity(self.exposure)


@dataclass(frozen=True)
class HeatMap:
    """The grid (rows by impact, the highest first; columns by likelihood, the lowest first), with
    its caption and summary; or, with no active risk, the sentence that stands in its place."""

    caption: str
    summary: str
    corner: str
    likelihoods: tuple[str, ...]
    impacts: tuple[str, ...]  # as the rows go, the highest first
    rows: tuple[tuple[Cell, ...], ...]
    empty: str = ""


def risk_heatmap(status: Status, lang: Language) -> HeatMap:
    _ = lang.gettext
    if not status.active_risks:
        return HeatMap("", "", "", (), (), (), empty=_("There are no active risks."))
    placed: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for r in sorted(status.active_risks, key=lambda r: r.id):
        placed[(r.likelihood, r.impact)].append((r.id, r.title))
    counts = ", ".join(f"{n} {lang.label('risks.severity', s)}" for s, n in status.risks_by_severity().items())
    n = len(status.active_risks)
    return HeatMap(
        _("Active risks placed by likelihood and impact; the colour shows exposure (likelihood × impact)."),
        lang.ngettext("%(n)s active risk: %(counts)s.", "%(n)s active risks: %(counts)s.", n, counts=counts),
        _("Impact \\ likelihood"),
        tuple(f"{i} {_(name)}" for i, name in enumerate(LIKELIHOOD, 1)),
        tuple(f"{i} {_(name)}" for i, name in reversed(list(enumerate(IMPACT, 1)))),
        tuple(tuple(Cell(lk, im, tuple(placed[(lk, im)])) for lk in range(1, 6)) for im in range(5, 0, -1)),
    )


def _listed(cell: Cell, lang: Language, links: bool) -> str:
    """A cell's risks, a line each, as links to the register (or as their ids); past IDS_IN_CELL,
    the first two and a count of the rest (a link to the register)."""
    shown = cell.risks if len(cell.risks) <= IDS_IN_CELL else cell.risks[: IDS_IN_CELL - 1]
    lines = [
        f'<a href="#{text.escape(rid.lower())}" title="{text.escape(f"{rid} {name}")}">{text.escape(rid)}</a>'
        if links
        else f'<span class="gh-heat__risk">{text.escape(rid)}</span>'
        for rid, name in shown
    ]
    if len(shown) < len(cell.risks):
        more = text.escape(lang.gettext("+%(n)s more", n=len(cell.risks) - len(shown)))
        lines.append(f'<a href="#{REGISTER}">{more}</a>' if links else f'<span class="gh-heat__risk">{more}</span>')
    return "".join(lines)


def heatmap_block(heat: HeatMap, lang: Language, links: bool = True) -> Markup:
    """The heat map as HTML: a table in a figure with its caption; with no active risk, its sentence.
    Each risk a link to its row of the register on the same page, or (`links` false, for a page
    without the register) its id alone."""
    if heat.empty:
        return Markup(f'<p class="gh-chart-empty" id="chart-risk-heatmap">{text.escape(heat.empty)}</p>')
    head = "".join(f'<th scope="col">{text.escape(label)}</th>' for label in heat.likelihoods)

    def cell(c: Cell) -> str:
        return f'<td class="gh-heat--{c.band}"><span class="gh-heat__exposure">{c.exposure}</span>{_listed(c, lang, links)}</td>'

    body = "".join(
        f'<tr><th scope="row">{text.escape(label)}</th>{"".join(map(cell, row))}</tr>\n'
        for label, row in zip(heat.impacts, heat.rows, strict=True)
    )
    return Markup(
        '<figure class="gh-figure gh-heat" id="chart-risk-heatmap">\n'
        '<table class="gh-heat__grid" data-search-exclude>\n'
        f'<thead><tr><td class="gh-heat__corner">{text.escape(heat.corner)}</td>{head}</tr></thead>\n'
        f"<tbody>\n{body}</tbody>\n</table>\n"
        f'<figcaption>{text.escape(heat.caption)} <span class="gh-chart-summary">{text.escape(heat.summary)}</span></figcaption>\n'
        "</figure>"
    )
