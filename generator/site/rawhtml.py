"""The generated pages' HTML blocks, put aside before Python-Markdown looks for them.

Python-Markdown finds raw HTML blocks by running every page through Python's HTML parser, and
MkDocs runs it once more for the ids in them: on a project with a long feedback log, where the
answer pages are hundreds of kilobytes of HTML each, that was a third of the whole build. The
pages Glasshouse generates are well formed (every tag closed, every value escaped), so a block
is found by counting its opening and closing tags, and handed to Python-Markdown's own stash
just as its parser would have: the same text stored, the same placeholder in the same place,
and so the same page. Blocks that ask for Markdown inside (`markdown="1"`), comments and
pre-formatted text are left to Python-Markdown. Hand-written pages are not touched.
"""

from __future__ import annotations

import html
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# A block-level tag at the very start of a line opens a raw block, as Python-Markdown reads it.
_OPENS = re.compile(r"^<([a-z][a-z0-9]*)[\s>]", re.MULTILINE)
# What a block must not hold to be put aside: Markdown inside, comments, text kept as written.
_LEFT_ALONE = re.compile(r"markdown=|<!--|<(?:pre|script|style|textarea)[\s>]")
# After the block's end tag: a line end and a blank line (Python-Markdown's blank_line_re).
_BLANK_AFTER = re.compile(r"([ ]*\n){2}")
# The anchors MkDocs would have found in a block: each tag's id, and a link's name.
_IDS = re.compile(r"<[a-z][a-z0-9]*(?:\s[^>]*?)?\sid=\"([^\"]*)\"|<a(?:\s[^>]*?)?\sname=\"([^\"]*)\"")


def block_end(text: str, start: int, tag: str) -> int | None:
    """Where the block opening at `start` with `tag` ends (just after its end tag), counting the
    same tag opened and closed inside it; None if it never closes, or its line goes on after it."""
    depth = 0
    for m in re.compile(rf"<(/?){tag}[\s>]").finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = text.find(">", m.start()) + 1
            line_end = text.find("\n", end)
            return end if not text[end : len(text) if line_end < 0 else line_end].strip() else None
    return None


def put_aside(text: str, md: Markdown) -> tuple[str, set[str]]:
    """`text` with each raw HTML block at the start of a line in Python-Markdown's stash, as its
    HTML parser would have stored it; and the ids the blocks hold (which MkDocs no longer sees)."""
    out: list[str] = []
    ids: set[str] = set()
    done = 0  # text before this is in `out`, or inside a block left to Python-Markdown
    kept = 0  # text before this is in `out`
    for m in _OPENS.finditer(text):
        start, tag = m.start(), m.group(1)
        if start < done or not md.is_block_level(tag):
            continue
        end = block_end(text, start, tag)
        if end is None:
            break  # Python-Markdown reads the rest as it will
        block, done = text[start:end], end
        if _LEFT_ALONE.search(block):
            continue
        stored = block + "\n" if _BLANK_AFTER.match(text, end) else block
        out += [text[kept:start], "\n", md.htmlStash.store(stored), "\n\n"]
        kept = end
        ids.update(html.unescape(i or name) for i, name in _IDS.findall(block))
    out.append(text[kept:])
    return "".join(out), ids


class Pages:
    """Which page is being converted, and the ids of the blocks put aside from it: the plugin
    says the first, the preprocessor the second."""

    def __init__(self) -> None:
        self.generated = False
        self.ids: set[str] = set()


class _PutAside(Preprocessor):
    def __init__(self, md: Markdown, pages: Pages) -> None:
        super().__init__(md)
        self.pages = pages

    def run(self, lines: list[str]) -> list[str]:
        if not self.pages.generated:
            return lines
        text, self.pages.ids = put_aside("\n".join(lines), self.md)
        return text.split("\n")


class PutAside(Extension):
    """The Markdown extension that puts a generated page's HTML blocks aside: after fenced code
    (25) and before MkDocs's look for ids (21) and Python-Markdown's for HTML blocks (20)."""

    def __init__(self, pages: Pages) -> None:
        super().__init__()
        self.pages = pages

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_PutAside(md, self.pages), "glasshouse_put_aside", 22)
