"""Pages as Markdown, from Jinja2 templates; every data value is escaped on the way in.

The output knows nothing of MkDocs: a list of pages (path, title, Markdown) and a navigation tree
that any Markdown site builder can take.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.errors import Problem
from generator.forecast import record, signals
from generator.forecast.simulate import Forecast, forecast
from generator.history.timeline import Timeline
from generator.model.records import SEVERITIES
from generator.model.status import Status
from generator.render import changes, invite, markup, text
from generator.render.answers import answer_pages, answer_slug, unsearched
from generator.render.badge import badge
from generator.render.calendar import CALENDAR_FILE
from generator.render.charts import all_charts
from generator.render.downloads import Streamed, downloads
from generator.render.figures import Chart, chart_block, chart_table
from generator.render.heatmap import heatmap_block, risk_heatmap
from generator.render.i18n import SOURCE, Language, language
from generator.render.plot import Plot, plot_block
from generator.render.publication import publication
from generator.render.reference import reference_context
from generator.render.terms import Terms
from generator.render.timeline import MilestoneTimeline, milestone_timeline, timeline_block

NavItem = tuple[str, "str | list[NavItem]"]


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    markdown: str
    # Pages for the team or for paper (the data reference, the printable report) are linked from
    # every page's footer, not listed in the customers' navigation.
    in_nav: bool = True

    @property
    def description(self) -> str:
        """The description in the page's front matter (already escaped once, like a title)."""
        line = next(line for line in self.markdown.split("\n") if line.startswith("description: "))
        return str(json.loads(line.removeprefix("description: ")))


@dataclass(frozen=True)
class Site:
    """What the core produces: pages, their navigation, the charts embedded in them, and the
    files published beside the pages (status.json and its schema, the feeds)."""

    status: Status
    history: Timeline
    pages: tuple[Page, ...]
    nav: tuple[NavItem, ...]
    charts: dict[str, Chart | Plot] = field(default_factory=dict)
    timeline: MilestoneTimeline | None = None  # the milestone timeline, drawn in HTML (timeline.py)
    language: str = SOURCE
    # Served as they are (badge, status.json and its schema, feeds, CSV downloads): path -> text,
    # bytes, or a file written when the site is (the downloads, which can be large).
    files: dict[str, str | bytes | Streamed] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # the theme's own words (footer, banners), translated
    warnings: tuple[Problem, ...] = ()  # what the data's checks found worth a look: told to the team, never shown
    blocks: dict[str, str] = field(default_factory=dict)  # marker -> what replaces it in hand-written pages (invite.py)

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)

    def file(self, path: str) -> str | bytes:
        """A file published beside the pages, whole: one written when the site is, written into memory."""
        content = self.files[path]
        return content.bytes() if isinstance(content, Streamed) else content

    def nav_config(self) -> list[dict[str, Any]]:
        """The navigation in the `nav:` form MkDocs (and other builders) read from YAML."""
        return _nav_config(self.nav)


def _nav_config(items: tuple[NavItem, ...] | list[NavItem]) -> list[dict[str, Any]]:
    return [{name: _nav_config(target) if isinstance(target, list) else target} for name, target in items]


def _finalize(value: Any) -> Any:
    """Escape whatever a template prints, unless a filter already produced safe Markup."""
    if value is None:
        return ""
    if isinstance(value, (Markup, int, float)):
        return value
    return text.escape(value)


def _id(value: object) -> str:
    """A record's id as pages write it: escaped, in the span that keeps it on one line."""
    return f'<span class="gh-id">{text.escape(value)}</span>'


def _trusted(func: Callable[[Any], str]) -> Callable[[Any], Markup]:
    return lambda value: Markup(func(value))


def _escaped(values: dict[str, Any]) -> dict[str, Any]:
    """Placeholder values from data are escaped like anything else a template prints."""
    return {k: v if isinstance(v, (Markup, int, float)) else text.escape("" if v is None else v) for k, v in values.items()}


def _join(items: Iterable[Any], separator: str = "") -> Markup:
    """Joins what a template lists; each item escaped unless it is already safe text."""
    return Markup(separator).join(i if isinstance(i, Markup) else text.escape(i) for i in items)


@functools.cache
def template_cache() -> jinja2.BytecodeCache | None:
    """Where compiled templates are kept between builds (jinja2 checks each against its source):
    compiling them took a third of a small project's build. None where there is nowhere to write."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = os.path.join(base, "glasshouse", f"templates-{jinja2.__version__}")
    try:
        os.makedirs(directory, exist_ok=True)
        probe = os.path.join(directory, f".probe-{os.getpid()}")
        with open(probe, "w"):
            pass
        os.remove(probe)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(directory)


def environment(lang: Language | None = None) -> jinja2.Environment:
    """The templates' environment in `lang`: `_()` and friends translate, filters format."""
    lang = lang or language(SOURCE)

    def time(day: dt.date) -> Markup:
        return Markup(f'<time datetime="{day.isoformat()}">{text.escape(lang.date(day))}</time>')

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        bytecode_cache=template_cache(),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Labels are Glasshouse's own text, so they are not escaped like data; the same goes for
    # what the formatting filters make of typed values (dates, numbers).
    env.globals.update(
        _=lambda message, **values: Markup(lang.gettext(message, **_escaped(values))),
        ngettext=lambda singular, plural, n, **values: Markup(lang.ngettext(singular, plural, n, **_escaped(values))),
        pgettext=lambda context, message, **values: Markup(lang.pgettext(context, message, **_escaped(values))),
        lang=lang,
        time=time,
    )
    env.filters.update(
        e=text.escape,
        para=text.paragraphs,
        md=markup.block,
        date=_trusted(lang.date),
        delivered_note=lambda d: text.escape(changes.delivered(d, lang)),
        score=lambda s: text.escape(changes.score(s, lang)),
        decision=lambda d: text.escape(changes.decision(d, lang)),
        sprint_news=lambda c: [text.escape(line) for line in changes.sprint_lines(c, lang)],
        overdue_news=lambda c: [text.escape(line) for line in changes.overdue_lines(c, lang)],
        review_news=lambda c: [text.escape(line) for line in changes.review_lines(c, lang)],
        slip=_trusted(lang.slip),
        days=_trusted(lang.days),
        days_count=lambda n: Markup(lang.ngettext("%(n)s day", "%(n)s days", abs(n), n=n)),
        moved=lambda d: Markup(lang.days(d)),
        shift=_trusted(lang.shift),
        date_near=lambda d, near: Markup(lang.date_near(d, near)),
        pct=_trusted(lang.percent),
        label=lambda value, context: text.escape(lang.label(context, value)),
        status_words=_trusted(lang.status_words),
        iso=lambda d: Markup(d.isoformat()),
        one_decimal=lambda v: Markup(lang.number(v, 1)),
        whole=_trusted(lang.number),
        whole_number=lambda v: Markup(lang.number(v)),
        id=lambda v: Markup(_id(v)),
        ids=lambda v: Markup(", ".join(map(_id, v))) if v else Markup("—"),
        some_ids=lambda v: Markup(changes.some_ids(v, lang, _id)),
        chart=lambda chart: plot_block(chart, lang) if isinstance(chart, Plot) else chart_block(chart, lang),
        heatmap=lambda heat, links=True: heatmap_block(heat, lang, links),
        timeline=lambda t: timeline_block(t, lang),
        table=chart_table,
        join=_join,
        first_sentence=text.first_sentence,
        lower=lambda v: text.escape(str(v).lower()),
        # An id as part of an anchor: ids are validated against their patterns ("M-07"), and only
        # letters, digits and hyphens are kept in any case.
        anchor=lambda v: Markup(re.sub(r"[^a-z0-9-]", "", str(v).lower())),
    )
    return env


MATERIAL_LINK = '<a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">Material for MkDocs</a>'


def theme_labels(lang: Language, project: str = "") -> dict[str, str]:
    """The words the site builder's theme shows around the pages (footer, banner), translated."""
    _ = lang.gettext
    return {
        # The archived banner: the theme puts the snapshot's title, escaped and in bold, for the placeholder.
        "archived": _("This is an archived snapshot: %(snapshot)s, the status as it was published then."),
        "archived_untitled": _("This is an archived snapshot, the status as it was published then."),
        "current": _("See the current status."),
        "feed": _("%(project)s: status updates", project=project) + " (Atom)",
        "status_as_of": _("Status as of"),
        "built": _("built"),
        "from_commit": _("from data commit"),
        "reference": _("Data reference"),
        "report": _("Sponsor report"),
        "build": _("About this build"),
        "made_with": _("Made with Glasshouse and %(material)s", material=MATERIAL_LINK),
        "internal_label": _("Internal"),
        "internal": _(
            "This build is for the project team: it includes records and fields marked internal. Do not share this site or its downloads."
        ),
        "internal_mark": _("Internal · do not share"),
        "snapshot": _("Snapshot"),
        "data_hash": _("data hash"),
        "badge": _("Status badge"),
        "permalink": _("Link to this section"),  # the title of a heading's ¶ link
    }


def render(status: Status, history: Timeline, outlook: Forecast | None = None) -> Site:
    """Every page of the site for `status` in the language its project sets, with its place in
    the publishing `history` and its delivery forecasts (`outlook`, played here when not given)."""
    outlook = outlook or forecast(status)
    lang = language(status.project.language)
    _ = lang.gettext
    env = environment(lang)
    terms = Terms.of(status.project, lang)
    pub = publication(history, terms)
    charts = {**all_charts(status, lang, outlook), **pub.charts}
    built = history.edition.stamp.built.date() if history.edition.stamp else None
    titles = {m.id: m.title for m in status.milestones} | {c.id: c.title for c in status.changes}
    env.filters["named"] = lambda ids: named(ids, status, titles)
    env.filters["answers_page"] = lambda segment: Markup(f"feedback/{answer_slug(segment)}.md")
    common = {
        "status": status,
        "project": status.project,
        "charts": charts,
        "heatmap": risk_heatmap(status, lang),
        "timeline": (timeline := milestone_timeline(status, lang, outlook)),
        "severities": SEVERITIES,
        "terms": terms,
        "built": built,
        "key_dates": history.key_dates,
        # The calendar at its stable address, the site root's, which every publish updates; the
        # address (a checked site_url) percent-encoded where a Markdown link would break.
        "calendar_url": Markup(quote(f"{history.edition.site_url}{CALENDAR_FILE}", safe=":/%#?=&~+@!$,;")),
        "outlook": outlook,
        "track_record": record.track_record(status, history.earlier),
        "early": signals.listed(status, outlook, history.earlier),  # on the overview and in the sponsor report
    }
    name = status.project.name

    def page(path: str, template: str, title: str, description: str, in_nav: bool = True, **extra: Any) -> Page:
        markdown = env.get_template(template).render(**common, page_title=title, **extra)
        # A page outside the navigation takes its title from its front matter, not from a nav entry.
        front = {"description": description} if in_nav else {"title": title, "description": description}
        return Page(path, text.title(title), with_front_matter(markdown, front), in_nav)

    sprint_pages = [
        page(
            f"sprints/{s.slug}.md",
            "sprint.md.j2",
            terms.title(s),
            _("%(title)s of %(project)s: its goal, dates, work done and highlights.", title=terms.title(s), project=name),
            sprint=s,
        )
        for s in sorted(status.sprints, key=lambda s: s.id, reverse=True)
    ]
    words = lang.status_words(status.project.status)
    headline = _("%(project)s: %(status)s. %(headline)s", project=name, status=words, headline=status.project.headline)
    top = [
        page("index.md", "overview.md.j2", _("Current status"), headline),
        page(
            "milestones.md",
            "milestones.md.j2",
            _("Milestones"),
            _("The milestones of %(project)s: the date first promised, the date expected now, and why dates moved.", project=name),
        ),
        page(
            "risks.md",
            "risks.md.j2",
            _("Risks"),
            _("What could go wrong in %(project)s, how likely and how serious it is, and what is being done about it.", project=name),
        ),
        page(
            "feedback.md",
            "feedback.md.j2",
            _("Feedback and answers"),
            _("What customers told %(project)s, and what the team did about it.", project=name),
        ),
        page(
            "changes.md",
            "changes.md.j2",
            _("Change requests"),
            _("Requests to change the scope or schedule of %(project)s, and what was decided.", project=name),
        ),
        page(
            "what-changed.md",
            "what-changed.md.j2",
            _("Since the last report"),
            _("What changed in the status of %(project)s since the last report, and how forecasts and risks developed.", project=name),
            change=history.comparison,
            previous=history.previous,
            reports=len(history.reports),
        ),
    ]
    iterations = page(
        "sprints/index.md",
        "sprints.md.j2",
        terms.capitals,
        _("The %(iterations)s of %(project)s: their goals, and the work committed and completed.", iterations=terms.many, project=name),
    )
    # The sponsor report: the snapshot's status with what changed since the previous one, for paper.
    report = page(
        "print.md",
        "print.md.j2",
        _("Sponsor report"),
        _("The status of %(project)s for its sponsors, with what changed since the last report, to print or save as PDF.", project=name),
        in_nav=False,
        change=history.comparison,
        previous=history.previous,
        edition=history.edition,
    )
    reference = page(
        "reference.md",
        "reference.md.j2",
        _("Data reference"),
        _("Every field of the data files the status site of %(project)s is built from.", project=name),
        in_nav=False,
        **reference_context(lang),
    )
    answers = answer_pages(status, page, lang, env.filters["named"])
    answers = answers if status.answers_searched else [replace(p, markdown=unsearched(p.markdown)) for p in answers]
    pages = [*top, iterations, *sprint_pages, report, reference, *answers]
    nav: list[NavItem] = [(p.title, p.path) for p in top]
    all_title = text.title(_("All %(iterations)s", iterations=terms.many))
    nav.append((iterations.title, [(all_title, iterations.path), *((p.title, p.path) for p in sprint_pages)]))
    files: dict[str, str | bytes | Streamed] = {"badge.svg": badge(status, lang), **dict(pub.files)}
    files.update((d.path, d.content) for d in downloads(status))
    blocks = {invite.MARKER: invite.ways_to_give_feedback(status.project, lang)}
    labels = theme_labels(lang, status.project.name)
    return Site(status, history, tuple(pages), tuple(nav), charts, timeline, lang.code, files, labels, blocks=blocks)


def named(ids: str | Iterable[str], status: Status, titles: dict[str, str] | None = None) -> Markup:
    """Ids with their names, as customers know them: "M-07 Terminal integration, M-09 Training"."""
    if titles is None:
        titles = {m.id: m.title for m in status.milestones} | {c.id: c.title for c in status.changes}
    items = [ids] if isinstance(ids, str) else list(ids)
    return Markup(", ").join(
        Markup('<span class="gh-id">{}</span> {}').format(text.escape(i), text.escape(titles[i])) if i in titles else text.escape(i)
        for i in items
    )


def with_front_matter(markdown: str, values: dict[str, str]) -> str:
    """The page with `values` (its description, and its title where no navigation entry gives one)
    in its front matter, for search engines and link previews (`<meta name="description">`): each
    escaped once, like titles, and quoted as JSON, which YAML reads."""
    lines = "".join(f"{key}: {json.dumps(text.title(value))}\n" for key, value in values.items())
    if markdown.startswith("---\n"):
        return "---\n" + lines + markdown[4:]
    return "---\n" + lines + "---\n\n" + markdown
