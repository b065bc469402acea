"""Trimming a published page's indentation: fewer bytes, the same text on screen."""

from __future__ import annotations

from generator.slim import slim_html


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
