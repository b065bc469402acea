"""Every published answer to feedback, one customer group's at a time: the pages a customer finds
their own answer on, grouped by theme, paged so that each page stays light on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.model.status import ANSWERS_PER_PAGE, Status
from generator.render.i18n import Language

if TYPE_CHECKING:
    from generator.render.pages import Page


def answer_slug(segment: str) -> str:
    return "answers-" + (re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-") or "group")


def answer_pages(status: Status, page: Callable[..., Page], lang: Language) -> list[Page]:
    """Every published answer, one customer group's at a time, grouped by theme, at most
    ANSWERS_PER_PAGE to a page; outside the navigation, linked from the feedback page."""
    _ = lang.gettext
    made: list[Page] = []
    for segment, items in status.answers_by_segment.items():
        name = status.project.segment_name(segment)
        chunks = [items[i : i + ANSWERS_PER_PAGE] for i in range(0, len(items), ANSWERS_PER_PAGE)]
        slug = answer_slug(segment)
        stems = [slug if n == 1 else f"{slug}-{n}" for n in range(1, len(chunks) + 1)]
        for number, (stem, chunk) in enumerate(zip(stems, chunks, strict=True), start=1):
            groups: dict[str, list[Any]] = {}
            for f in chunk:
                groups.setdefault(f.theme, []).append(f)
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
                    groups=sorted(groups.items()),
                    pages=stems,
                    number=number,
                )
            )
    return made
