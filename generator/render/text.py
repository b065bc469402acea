"""Turning data values into text that stays text, wherever it lands."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

# Every ASCII punctuation mark can start Markdown or HTML syntax somewhere (emphasis, links, lists,
# tables, attribute lists, admonitions, snippets, template tags), so each becomes a numeric
# character reference. Python-Markdown passes references through and browsers show the character.
_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def _ref(m: re.Match[str]) -> str:
    return f"&#{ord(m.group())};"


def references(text: str) -> str:
    """`text` with control characters dropped and every ASCII punctuation mark a character reference.

    Spacing is kept as it is; `escape` is this plus one line of tidy spacing.
    """
    return _PUNCT.sub(_ref, _CONTROL.sub("", text))


def escape(value: object) -> Markup:
    """Inline text: safe in Markdown, in HTML content and in double-quoted attributes."""
    if isinstance(value, Markup):
        return value
    text = _CONTROL.sub("", str(value))
    return Markup(_PUNCT.sub(_ref, _SPACE.sub(" ", text).strip()))


def paragraphs(value: object) -> Markup:
    """Multi-line text: paragraphs kept, everything else escaped as `escape` does."""
    text = _CONTROL.sub("", str(value or ""))
    parts = [escape(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("\n\n".join(parts))


_SENTENCE = re.compile(r"(.+?(?:[.!?](?=\s|$)|[。！？]))")


def first_sentence(value: object, limit: int = 240) -> str:
    """The first sentence of a text, for a short reason beside a figure; cut at a word (with an
    ellipsis) when even that is long. The whole text stays on the page the line links to."""
    text = _SPACE.sub(" ", _CONTROL.sub("", str(value or ""))).strip()
    m = _SENTENCE.match(text)
    first = m.group(1) if m else text
    if len(first) > limit:
        cut = first[:limit]
        first = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
    return first


def title(value: object) -> str:
    """A page or navigation title: HTML-escaped once, as MkDocs and themes expect."""
    return html.escape(_SPACE.sub(" ", _CONTROL.sub("", str(value))).strip(), quote=True)


# Characters XML 1.0 cannot hold at all; a document with one of them does not parse.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: object) -> str:
    """`value` as text an XML document can hold: the characters XML cannot hold are removed."""
    return _XML_INVALID.sub("", str(value))


def xml(value: object) -> str:
    """Text in an XML document (the SVG badge): markup characters escaped, impossible ones removed."""
    return html.escape(_SPACE.sub(" ", xml_safe(value)).strip(), quote=True)
