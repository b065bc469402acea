"""The Markdown subset of description fields: what it renders, and what stays text."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.render.markup import block, to_html


def shown(html: str) -> str:
    """What a reader sees of `html`'s text, character references resolved."""
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), re.sub(r"<[^>]+>", "", html))


def test_the_subset_renders() -> None:
    source = "Plain *em* and **strong**.\n\n- one\n- two\n\nThen:\n\n1. first\n2. [docs](https://example.org/a?b=1&c=2)"
    assert to_html(source) == (
        "<p>Plain <em>em</em> and <strong>strong</strong>&#46;</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<p>Then&#58;</p>\n"
        "<ol>\n<li>first</li>\n"
        '<li><a href="https&#58;&#47;&#47;example&#46;org&#47;a&#63;b&#61;1&#38;c&#61;2" rel="nofollow noopener noreferrer">docs</a></li>\n'
        "</ol>"
    )
    assert to_html("[mail us](mailto:team@example.org)") == (
        '<p><a href="mailto&#58;team&#64;example&#46;org" rel="nofollow noopener noreferrer">mail us</a></p>'
    )


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
        "[x](/relative/page)",
        "[x](//evil.example/)",
        '[x](https://example.org/" onmouseover="alert(1))',
    ],
)
def test_links_other_than_web_and_mail_lose_their_address(source: str) -> None:
    html = to_html(source)
    assert html.startswith("<p>x") and "<a" not in html and "href" not in html, html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        "<a href='javascript:alert(1)'>x</a>",
        "*<b onmouseover=alert(1)>b</b>*",
        "![img](https://example.org/i.png)",
        "<https://example.org/auto>",
        "# heading\n\n> quote\n\n    code\n\n`tick`\n\n---",
        "[ref][1]\n\n[1]: https://example.org/",
        '{{ 7*7 }} {% raw %} --8<-- "/etc/passwd" {: onclick="alert(1)" }',
        "!!! danger\n    admonition",
        "$$x^2$$ \\(y\\)",
        "&lt;script&gt; &amp; &#60;",
    ],
)
def test_everything_else_stays_text(source: str) -> None:
    html = to_html(source)
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"p", "em"}, html
    assert "=" not in re.sub(r"&#\d+;", "", html).replace('"', ""), html  # no attribute at all
    # MkDocs reads the block again: nothing in it is Markdown, template or extension syntax.
    again = markdown.markdown(str(block(source)), extensions=["attr_list", "admonition", "tables", "md_in_html"])
    assert set(re.findall(r"</?([a-z0-9]+)", again)) <= {"div", "p", "em"}, again
    assert "onclick" not in again.replace("onclick&#61;", "")


def test_what_stays_text_shows_as_typed() -> None:
    source = '<script>alert("x")</script> {{ y }} &amp; 50% $$z$$'
    assert shown(to_html(source)) == source


def test_empty_description_is_nothing() -> None:
    assert block(None) == "" and block("  ") == ""
    assert block("*a*") == '<div class="gh-md">\n<p><em>a</em></p>\n</div>'
