"""Drop the indentation MkDocs and its theme leave in every page, and the comments in Glasshouse's
own stylesheet and script, so every page a customer loads is lighter.

A quarter of a page's bytes are the templates' indentation; the trim is safe: a line break stays a
line break (the browser shows the same spaces), and nothing inside elements where whitespace
shows or matters is touched.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"<(pre|code|kbd|samp|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_SPACE = re.compile(r"[ \t]*\n[ \t\n]*")


def slim_html(text: str) -> str:
    """`text` with every run of blank lines and indentation outside protected elements reduced to one line break."""
    out, pos = [], 0
    for m in _KEEP.finditer(text):
        out += [_SPACE.sub("\n", text[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(_SPACE.sub("\n", text[pos:]))
    return "".join(out)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_JS_COMMENT_LINE = re.compile(r"^[ \t]*(?://[^\n]*|/\*.*?\*/[ \t]*)$\n?", re.S | re.M)


def slim_css(text: str) -> str:
    """A stylesheet of Glasshouse's own without its comments and indentation (it has no strings
    that hold comment marks, which tests/unit/site/test_slim.py checks)."""
    return _SPACE.sub("\n", _CSS_COMMENT.sub("", text)).strip() + "\n"


def slim_js(text: str) -> str:
    """A script of Glasshouse's own without its comment lines and indentation. Only whole lines
    are dropped and only leading spaces trimmed, so no statement, string or line break changes."""
    return "\n".join(line.strip() for line in _JS_COMMENT_LINE.sub("", text).splitlines() if line.strip()) + "\n"
