"""Description fields in a small Markdown subset: paragraphs, emphasis, lists and web links, nothing else.

A project manager may want a bold word or a short list in a milestone's description, but a
status site must never run what its data says. Three layers stand between the two, and each would
be enough on its own for what it guards:

1. Python-Markdown with every feature outside the subset switched off: raw HTML, images, headings,
   code, quotes, reference links and entities stay text, and a link whose address is not http,
   https or mailto becomes its text.
2. nh3 (the Ammonia sanitiser) keeps only the subset's elements and a link's address.
3. We write the result out again ourselves: every text node with its punctuation as character
   references, like any other data value, so a later Markdown pass (MkDocs) finds no syntax in it.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.render.text import references

TAGS = frozenset({"p", "em", "strong", "ul", "ol", "li", "a"})
SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"
SUBSET = "Markdown subset: *emphasis*, **strong**, lists, and links [text](https://…) to http, https or mailto addresses"

_BLOCKS = {"empty", "indent", "olist", "ulist", "paragraph"}
_INLINE = {"escape", "link", "em_strong"}
# An absolute web or mail address made only of the characters an address may hold (RFC 3986).
_ADDRESS = re.compile(r"(?:https?://[A-Za-z0-9]|mailto:[A-Za-z0-9._%+-]+@)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", re.IGNORECASE)


class _OnlyWebLinks(Treeprocessor):
    """Links to anything but http, https or mailto addresses lose their address and keep their text."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            if not _ADDRESS.fullmatch(href):
                element.tag = "span"  # nh3 drops the element and keeps its text
                element.attrib.clear()
            else:
                element.attrib = {"href": href}  # no title or other attributes


@functools.cache
def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    # Keep only what the subset names, so a feature added to a later Python-Markdown stays off too.
    for name in [p.name for p in md.parser.blockprocessors._priority]:  # type: ignore[attr-defined]
        if name not in _BLOCKS:
            md.parser.blockprocessors.deregister(name)
    for name in [p.name for p in md.inlinePatterns._priority]:  # type: ignore[attr-defined]
        if name not in _INLINE:
            md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_OnlyWebLinks(md), "only_web_links", 1)
    return md


class _Writer(HTMLParser):
    """Writes sanitised HTML out again: known elements and attributes, text as character references."""

    _ATTRIBUTES = frozenset({("a", "href"), ("a", "rel")})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in TAGS:
            kept = "".join(f' {name}="{references(value or "")}"' for name, value in attrs if (tag, name) in self._ATTRIBUTES)
            self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(references(data))


def to_html(value: object) -> str:
    """The subset of Markdown in `value` as sanitised HTML; everything else in it stays text."""
    source = str(value or "").replace("\r\n", "\n").strip()
    if not source:
        return ""
    md = _markdown()
    md.reset()
    # Python-Markdown keeps what looks like an entity; data text is text, so '&amp;' shows as typed.
    html = md.convert(source.replace("&", "&amp;"))
    clean = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
    writer = _Writer()
    writer.feed(clean)
    writer.close()
    return "".join(writer.out)


def block(value: object) -> Markup:
    """A description as a raw HTML block, which Markdown site builders pass through untouched."""
    body = to_html(value)
    return Markup(f'<div class="gh-md">\n{body}\n</div>') if body else Markup("")
