"""Every published answer to feedback, one customer group's at a time: the pages a customer finds
their own answer on, grouped by theme, paged so that each page stays light on a phone."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TypeVar

from markupsafe import Markup

from generator.model.records import Feedback
from generator.model.status import ANSWER_PAGES, ANSWERS_PER_PAGE, Status
from generator.render import text
from generator.render.i18n import Language

# A page as render.pages makes it (its `page` function), which imports this module.
Page = TypeVar("Page")


def unsearched(markdown: str) -> str:
    """A page's Markdown kept out of the search index: a large log's answers would make every
    page's search index heavy."""
    return "---\nsearch:\n  exclude: true\n" + markdown.removeprefix("---\n")


def answer_slug(segment: str) -> str:
    return "answers-" + (re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-") or "group")


class _Items:
    """Answers as HTML, written directly rather than through a template: a large log has tens of
    thousands. What many answers share (a response, a date, a label, a milestone) is escaped once."""

    def __init__(self, lang: Language, named: Callable[[str], Markup]) -> None:
        self.lang = lang
        self.named = functools.cache(named)
        self.escape = functools.cache(text.escape)
        self.when = functools.cache(lambda received, answered: text.escape(lang.when_answered(received, answered)))
        self.said = functools.cache(lambda channel, when: lang.gettext("%(channel)s, %(when)s", channel=channel, when=when))
        self.channel = functools.cache(lambda c: text.escape(lang.label("feedback.channel", c)))
        self.action = functools.cache(lambda a: text.escape(lang.label("feedback.action", a).capitalize()))

    def html(self, f: Feedback) -> str:
        ref = text.escape(f.id)
        links = "".join(f" ({self.named(i)})" for i in (f.milestone, f.change) if i)
        return (
            f'<div class="gh-said" id="{ref.lower()}"><blockquote><p>{text.escape(f.quote)}</p>'
            f'<footer><span class="gh-ref">{ref}</span> <span data-search-exclude>· '
            f"{self.said(self.channel(f.channel), self.when(f.date, f.answered_on))}</span></footer></blockquote>\n"
            f'<p class="gh-did" data-search-exclude><span class="gh-action gh-action--{f.action}">{self.action(f.action)}</span> '
            f"{self.escape(f.response or '')}{links}</p></div>"
        )


def answer_pages(status: Status, page: Callable[..., Page], lang: Language, named: Callable[[str], Markup]) -> list[Page]:
    """Every published answer, one customer group's at a time, grouped by theme, at most
    ANSWERS_PER_PAGE to a page; outside the navigation, linked from the feedback page."""
    _ = lang.gettext
    items_html = _Items(lang, named)
    made: list[Page] = []
    for segment, items in status.answers_by_segment.items():
        name = status.project.segment_name(segment)
        chunks = [items[i : i + ANSWERS_PER_PAGE] for i in range(0, len(items), ANSWERS_PER_PAGE)][:ANSWER_PAGES]
        older = len(items) - sum(len(c) for c in chunks)
        slug = answer_slug(segment)
        stems = [slug if n == 1 else f"{slug}-{n}" for n in range(1, len(chunks) + 1)]
        for number, (stem, chunk) in enumerate(zip(stems, chunks, strict=True), start=1):
            groups: dict[str, list[str]] = {}
            for f in chunk:
                groups.setdefault(f.theme, []).append(items_html.html(f))
            title = _("Answers to %(segment)s", segment=name)
            if len(chunks) > 1:
                title = _("Answers to %(segment)s, page %(page)s", segment=name, page=number)
            made.append(
                page(
                    f"feedback/{stem}.md",
                    "answers.md.j2",
                    title,
                    _("What %(segment)s told %(project)s, and the answer to each.", segment=name, project=status.project.name),
                    in_nav=False,
                    segment_name=name,
                    total=len(items),
                    groups=[(theme, len(html), Markup("\n".join(html))) for theme, html in sorted(groups.items())],
                    pages=stems,
                    number=number,
                    older=older if number == len(chunks) else 0,
                )
            )
    return made
