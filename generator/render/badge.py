"""The status badge: an SVG other sites and READMEs embed to show the project's status and headline.

It is drawn like the badges people know from READMEs (a grey label, a coloured message) and says
the status in words as well as colour, so it reads the same in greyscale, to colour-blind readers
and to screen readers (its <title> is its accessible name).
"""

from __future__ import annotations

import unicodedata

from generator.model.status import Status
from generator.render.i18n import Language
from generator.render.text import xml

# Text on these backgrounds is white; each has a contrast ratio of at least 4.5:1 with it.
COLOURS = {"green": "#2e7d32", "amber": "#8a5300", "red": "#c62828"}
LABEL_COLOUR = "#555555"
FONT = "Verdana,DejaVu Sans,Noto Sans CJK SC,Noto Sans,sans-serif"
SIZE = 11
PAD = 6
MAX_HEADLINE = 60


def text_width(text: str) -> int:
    """About how wide `text` is at 11px, in pixels: enough to size the badge without a font file.

    The text is then fitted to exactly that width (textLength), so a wrong guess narrows or
    widens the letters a little but never spills out of the badge."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch in "ijlI.,:;'|!() ":
            width += 0.34
        elif ch.isupper() or ch in "mwMW@%&":
            width += 0.78
        else:
            width += 0.6
    return round(width * SIZE)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def badge(status: Status, lang: Language) -> str:
    """The badge as an SVG document."""
    _ = lang.gettext
    project = status.project
    rag = lang.status_words(project.status)
    label = _("status")
    message = _("%(status)s · %(headline)s", status=lang.status_word(project.status), headline=_shorten(project.headline, MAX_HEADLINE))
    title = _(
        "Status of %(project)s on %(date)s: %(status)s. %(headline)s",
        project=project.name,
        date=lang.date(project.as_of),
        status=rag,
        headline=project.headline,
    )
    left = text_width(label) + 2 * PAD
    right = text_width(message) + 2 * PAD
    width = left + right

    def line(x: int, text: str) -> str:
        length = text_width(text)
        return (
            f'<text x="{x + 0.5}" y="15" fill="#010101" fill-opacity=".3" textLength="{length}" lengthAdjust="spacingAndGlyphs">'
            f"{xml(text)}</text>"
            f'<text x="{x}" y="14" textLength="{length}" lengthAdjust="spacingAndGlyphs">{xml(text)}</text>'
        )

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" viewBox="0 0 {width} 20" role="img" '
        f'aria-labelledby="gh-badge-title" lang="{xml(lang.code)}">'
        f'<title id="gh-badge-title">{xml(title)}</title>'
        '<linearGradient id="gh-badge-shine" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="gh-badge-round"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        '<g clip-path="url(#gh-badge-round)">'
        f'<rect width="{left}" height="20" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{COLOURS[project.status]}"/>'
        f'<rect width="{width}" height="20" fill="url(#gh-badge-shine)"/></g>'
        f'<g fill="#fff" font-family="{FONT}" font-size="{SIZE}" aria-hidden="true">'
        f"{line(PAD, label)}{line(left + PAD, message)}</g></svg>\n"
    )
