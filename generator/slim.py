"""Drop the indentation MkDocs and its theme leave in every page, before a snapshot is published.

A quarter of a page's bytes are the templates' indentation, and a snapshot is published for good,
so it is worth a safe trim: a line break stays a line break (the browser shows the same spaces),
and nothing inside elements where whitespace shows or matters is touched.
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
