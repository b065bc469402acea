"""The ways to give feedback the site offers: a ready e-mail to each customer group's contact and to
the experience owner (a subject and a body to fill in, in the site's language), and the team's
feedback form where it runs one.

A hand-written page asks for them with MARKER on a line of its own ("How to give feedback" does);
the site builder puts the block in its place (the plugin, and `glasshouse render` for the others).
"""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from generator.model.records import Contact, Project
from generator.render.i18n import Language
from generator.render.text import escape

MARKER = "<!-- glasshouse: ways to give feedback -->"


def mailto(contact: Contact, project: Project, lang: Language, group: str | None) -> str:
    """A `mailto:` address with the subject and a body to fill in, each percent-encoded."""
    subject = lang.gettext("Feedback on %(project)s", project=project.name)
    if group:
        body = lang.gettext(
            "What we would like you to know:\n\n\n\nOur group: %(group)s\n"
            "May you publish these words on the status site, without our names? Yes / No",
            group=group,
        )
    else:
        body = lang.gettext(
            "What we would like you to know:\n\n\n\nMay you publish these words on the status site, without our names? Yes / No"
        )
    return f"mailto:{contact.email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def ways_to_give_feedback(project: Project, lang: Language) -> str:
    """The block for MARKER: one ready e-mail per customer group, then one to the experience
    owner for anything else, then the feedback form (HTML, which Markdown keeps as it is)."""
    items: list[Markup] = []
    for contact in project.segment_contacts:
        group = project.segment_name(contact.segment or "")
        label = lang.gettext("Write to %(name)s, the contact for %(group)s", name=contact.name, group=group)
        items.append(Markup('<li><a href="{}">{}</a></li>').format(mailto(contact, project, lang, group), label))
    owner = project.experience_owner
    label = lang.gettext("Write to %(name)s, %(role)s, about anything else", name=owner.name, role=owner.role)
    items.append(Markup('<li><a href="{}">{}</a></li>').format(mailto(owner, project, lang, None), label))
    if project.feedback_survey:
        label = lang.gettext("Fill in our feedback form")
        items.append(Markup('<li><a href="{}">{}</a></li>').format(project.feedback_survey, label))
    intro = escape(lang.gettext("Each link opens an e-mail with a subject and a few lines to fill in:"))
    return str(Markup('<p class="gh-write-intro">{}</p>\n<ul class="gh-write">\n{}\n</ul>\n').format(intro, Markup("\n").join(items)))


def with_blocks(markdown: str, blocks: dict[str, str]) -> str:
    """A hand-written page with each marker on a line of its own replaced by its block."""
    if "<!-- glasshouse:" not in markdown:
        return markdown
    lines = [blocks.get(line.strip(), line) for line in markdown.split("\n")]
    return "\n".join(lines)
