"""The hand-written pages generated ones link to: found in the pages, and named when missing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.pipeline import generate
from generator.render.pages import Page
from generator.site.handwritten import linked_pages, missing_pages
from tests.support.projects import FIXTURES

EMPTY = FIXTURES / "empty" / "data"  # no feedback yet: the feedback page and the overview ask for some


def test_the_feedback_pages_link_to_give_feedback_and_nothing_else_is_hand_written() -> None:
    site = generate(EMPTY)
    assert linked_pages(site) == {"give-feedback.md": ["index.md", "feedback.md"]}


def test_a_missing_page_is_named_with_what_links_to_it_and_how_to_restore_it() -> None:
    site = generate(EMPTY)
    assert missing_pages(site, ["about.md", "give-feedback.md"]) == []
    assert missing_pages(site, ["give-feedback/index.md"]) == []
    (message,) = missing_pages(site, ["about.md"], "docs")
    assert message.startswith("give-feedback.md is missing from the pages the team writes")
    assert "(index.md, feedback.md)" in message
    assert "git checkout HEAD -- docs/give-feedback.md" in message


def test_links_resolve_from_the_linking_page_and_leave_generated_and_outside_pages_alone(minimal: Path) -> None:
    site = generate(minimal)
    extra = Page(
        "sprints/sprint-01.md",
        "Sprint 1",
        '[up](../team/notes.md#top) [x](index.md) <a href="plan/">plan</a> <a href="../../milestones/">m</a> '
        "[out](../../elsewhere.md) [web](https://example.org/a.md)",
    )
    site = dataclasses.replace(site, pages=(extra,))
    assert linked_pages(site) == {
        "team/notes.md": ["sprints/sprint-01.md"],
        "sprints/index.md": ["sprints/sprint-01.md"],
        "sprints/sprint-01/plan.md": ["sprints/sprint-01.md"],
        "milestones.md": ["sprints/sprint-01.md"],
    }
