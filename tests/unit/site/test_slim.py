"""Trimming pages' indentation and our own stylesheet's and script's comments: fewer bytes, the same site."""

from __future__ import annotations

import re

from generator.site.slim import slim_css, slim_html, slim_js
from tests.support.projects import ROOT


def test_indentation_and_blank_lines_go() -> None:
    page = "<ul>\n    <li>\n      <a href='x'>One</a>\n\n\n    </li>  \n</ul>\n"
    assert slim_html(page) == "<ul>\n<li>\n<a href='x'>One</a>\n</li>\n</ul>\n"


def test_whitespace_that_shows_or_matters_is_kept() -> None:
    kept = (
        "<pre><code>def f():\n    return 1\n\n</code></pre>",
        "<code>a\n    b</code>",
        "<KBD>x\n  y</KBD>",
        "<textarea>\n  typed\n</textarea>",
        '<script>var s = "a";\n    f();\n</script>',
        "<style>\n  p { }\n</style>",
    )
    page = "\n    <p>\n      text\n    </p>\n".join(kept)
    slim = slim_html(page)
    for part in kept:
        assert part in slim
    assert "\n<p>\ntext\n</p>\n" in slim


def test_words_stay_apart() -> None:
    assert slim_html("<span>Status</span>\n      <span>as of</span>") == "<span>Status</span>\n<span>as of</span>"


ASSETS = ROOT / "generator" / "render" / "assets"


def _code(text: str) -> str:
    """What a stylesheet or script says, without comments and whitespace."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"(?m)^\s*//.*$", "", text)
    return re.sub(r"\s+", "", text)


def test_our_stylesheet_and_script_lose_only_comments_and_indentation() -> None:
    css = (ASSETS / "glasshouse.css").read_text(encoding="utf-8")
    js = (ASSETS / "charts.js").read_text(encoding="utf-8") + (ASSETS / "charts-draw.js").read_text(encoding="utf-8")
    assert _code(slim_css(css)) == _code(css) and len(slim_css(css)) < 0.85 * len(css)
    assert _code(slim_js(js)) == _code(js) and len(slim_js(js)) < 0.85 * len(js)
    # No string in them holds a comment mark that the trim would take for a comment.
    assert not re.search(r"[\"'][^\"'\n]*(/\*|//)[^\"'\n]*[\"']", css + js)


def test_a_script_keeps_its_lines_and_statements() -> None:
    js = "/* header\n * more */\nvar a = 1;\n    // note\n    if (a) {\n      f('x'); // after code stays\n    }\n"
    assert slim_js(js) == "var a = 1;\nif (a) {\nf('x'); // after code stays\n}\n"
    assert slim_css("/* c */\n.a {\n  color: red; /* why */\n}\n\n") == ".a {\ncolor: red;\n}\n"
