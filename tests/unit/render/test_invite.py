"""The ways to give feedback on "How to give feedback": a ready e-mail to each group's contact and to
the experience owner, in the site's language, the team's form where it has one, and the marker a
hand-written page asks for them with."""

from __future__ import annotations

import dataclasses
import re
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from generator.pipeline import read_status
from generator.render.i18n import language
from generator.render.invite import MARKER, ways_to_give_feedback, with_blocks
from tests.support.projects import EXAMPLE_DATA, FIXTURES

EN = language("en")


def _links(block: str) -> list[tuple[str, str]]:
    """Each link of the block: its address (HTML entities undone) and its text."""
    return [(href.replace("&amp;", "&"), text) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)]


def _mail(href: str) -> tuple[str, str, str]:
    """A mailto address as a mail program reads it: recipient, subject, body."""
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and set(query) == {"subject", "body"}, href
    return unquote(parts.path), query["subject"][0], query["body"][0]


def test_a_ready_e_mail_to_each_groups_contact_then_to_the_experience_owner() -> None:
    project = read_status(EXAMPLE_DATA).project
    links = _links(ways_to_give_feedback(project, EN))
    expected = [*project.segment_contacts, project.experience_owner]
    assert [_mail(href)[0] for href, _ in links[: len(expected)]] == [c.email for c in expected]
    first, owner = project.segment_contacts[0], project.experience_owner
    group = project.segment_name(first.segment or "")
    assert links[0][1] == f"Write to {first.name}, the contact for {group}"
    to, subject, body = _mail(links[0][0])
    assert subject == "Feedback on Harbour Connect"
    assert body.startswith("What we would like you to know:\n\n") and f"\nOur group: {group}\n" in body
    assert body.endswith("without our names? Yes / No")
    assert links[len(expected) - 1][1] == f"Write to {owner.name}, {owner.role}, about anything else"
    assert "Our group" not in _mail(links[len(expected) - 1][0])[2]
    # Encoded as a mail program reads it back: a mail built from the parts holds them whole.
    message = EmailMessage()
    message["To"], message["Subject"] = to, subject
    message.set_content(body)
    assert message["Subject"] == "Feedback on Harbour Connect" and message.get_content().rstrip("\n") == body


def test_the_feedback_form_only_where_the_team_runs_one() -> None:
    project = read_status(EXAMPLE_DATA).project
    assert project.feedback_survey
    assert _links(ways_to_give_feedback(project, EN))[-1] == (project.feedback_survey, "Fill in our feedback form")
    without = dataclasses.replace(project, feedback_survey=None)
    assert all(href.startswith("mailto:") for href, _ in _links(ways_to_give_feedback(without, EN)))


def test_in_the_sites_language_and_nothing_written_as_markup() -> None:
    project = read_status(FIXTURES / "zh" / "data").project
    block = ways_to_give_feedback(project, language("zh"))
    _to, subject, body = _mail(_links(block)[0][0])
    assert subject == f"关于 {project.name} 的反馈" and body.startswith("我们想告诉您：")
    owner = dataclasses.replace(project.experience_owner, name="<b>Ada</b> & Co")
    hostile = dataclasses.replace(project, experience_owner=owner, segments=(), contacts=(owner,))
    block = ways_to_give_feedback(hostile, EN)
    assert "<b>" not in block and "&lt;b&gt;Ada&lt;/b&gt; &amp; Co" in block


def test_a_marker_on_a_line_of_its_own_is_replaced_and_nothing_else() -> None:
    page = f"# Give feedback\n\n{MARKER}\n\nText that names {MARKER} inside a sentence.\n"
    expected = f"# Give feedback\n\n<ul>ways</ul>\n\nText that names {MARKER} inside a sentence.\n"
    assert with_blocks(page, {MARKER: "<ul>ways</ul>"}) == expected
    assert with_blocks("# Plain\n", {MARKER: "x"}) == "# Plain\n"


def test_an_internal_contact_is_never_offered() -> None:
    """The example keeps a second sponsors' contact internal (C-07): not offered to the public, as on
    the overview; the team's own build offers them."""
    assert "robert.hale@" not in ways_to_give_feedback(read_status(EXAMPLE_DATA).project, EN)
    assert "robert.hale@" in ways_to_give_feedback(read_status(EXAMPLE_DATA, "internal").project, EN)
