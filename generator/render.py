"""Pages as Markdown, from Jinja2 templates; every data value is escaped on the way in.

The output knows nothing of MkDocs: a list of pages (path, title, Markdown) and a navigation tree
that any Markdown site builder can take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from . import text
from .charts import Chart, all_charts
from .model import SEVERITIES, Status
from .reference import reference_context

NavItem = tuple[str, "str | list[NavItem]"]


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    markdown: str


@dataclass(frozen=True)
class Site:
    """What the core produces: pages, their navigation, and the charts embedded in them."""

    status: Status
    pages: tuple[Page, ...]
    nav: tuple[NavItem, ...]
    charts: dict[str, Chart] = field(default_factory=dict)

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)


def _finalize(value: Any) -> Any:
    """Escape whatever a template prints, unless a filter already produced safe Markup."""
    if value is None:
        return ""
    if isinstance(value, (Markup, int, float)):
        return value
    return text.escape(value)


def chart_block(chart: Chart) -> Markup:
    """A chart as HTML: the figure's JSON inline, its caption, and its data as a table.

    The JSON sits in a <template>, not a <script type="application/json">: Material's instant
    navigation re-creates every inline script of a new page as plain JavaScript, which would run
    the JSON and lose it. A template's content is inert text, and stays as it is."""
    data = chart.json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    head = "".join(f'<th scope="col">{text.escape(h)}</th>' for h in chart.headers)
    body = "".join("<tr>" + "".join(f"<td>{text.escape(c)}</td>" for c in row) + "</tr>" for row in chart.rows)
    return Markup(
        f'<figure class="gh-figure" id="{chart.id}">\n'
        f'<div class="gh-chart" data-chart="{chart.id}"></div>\n'
        f'<template class="gh-chart-data" data-search-exclude>{data}</template>\n'
        f'<figcaption>{text.escape(chart.caption)} <span class="gh-chart-summary">{text.escape(chart.summary)}</span></figcaption>\n'
        f'<details class="gh-chart-table" data-search-exclude><summary>Chart data as a table</summary>\n'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n</details>\n</figure>"
    )


def _trusted(func: Callable[[Any], str]) -> Callable[[Any], Markup]:
    return lambda value: Markup(func(value))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Labels are Glasshouse's own text, so they are not escaped like data; the same goes for
    # what the formatting filters make of typed values (dates, numbers).
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda s: Markup(s), lambda s, p, n: Markup(s if n == 1 else p), newstyle=False
    )
    env.filters.update(
        e=text.escape,
        para=text.paragraphs,
        date=_trusted(text.date),
        slip=_trusted(text.signed_days),
        pct=_trusted(text.percent),
        iso=lambda d: Markup(d.isoformat()),
        one_decimal=lambda v: Markup(f"{v:.1f}"),
        ids=lambda v: Markup(", ".join(text.escape(i) for i in v)) if v else Markup("—"),
        chart=chart_block,
    )
    return env


def render(status: Status) -> Site:
    """Every page of the site for `status`."""
    env = environment()
    charts = all_charts(status)
    common = {"status": status, "project": status.project, "charts": charts, "severities": SEVERITIES}

    def page(path: str, template: str, title: str, **extra: Any) -> Page:
        markdown = env.get_template(template).render(**common, page_title=title, **extra)
        return Page(path, text.title(title), markdown)

    sprint_pages = [
        page(f"sprints/{s.slug}.md", "sprint.md.j2", f"Sprint {s.id}: {s.name}", sprint=s)
        for s in sorted(status.sprints, key=lambda s: s.id, reverse=True)
    ]
    pages = [
        page("index.md", "overview.md.j2", "Overview"),
        page("milestones.md", "milestones.md.j2", "Milestones"),
        page("risks.md", "risks.md.j2", "Risks"),
        page("feedback.md", "feedback.md.j2", "Feedback"),
        page("changes.md", "changes.md.j2", "Changes"),
        page("sprints/index.md", "sprints.md.j2", "Sprints"),
        *sprint_pages,
        page("reference.md", "reference.md.j2", "Data reference", **reference_context()),
    ]
    nav: list[NavItem] = [
        (p.title, p.path) for p in pages if p.path in ("index.md", "milestones.md", "risks.md", "feedback.md", "changes.md")
    ]
    nav.append(("Sprints", [("All sprints", "sprints/index.md"), *((p.title, p.path) for p in sprint_pages)]))
    nav.append(("Data reference", "reference.md"))
    return Site(status, tuple(pages), tuple(nav), charts)
