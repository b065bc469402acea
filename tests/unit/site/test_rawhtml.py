"""A generated page's HTML blocks put aside before Python-Markdown parses for them: the same HTML out."""

from __future__ import annotations

import markdown
import pytest

from generator.pipeline import generate
from generator.site.rawhtml import Pages, PutAside
from tests.support.projects import EXAMPLE_DATA

EXTENSIONS = ["tables", "admonition", "attr_list", "toc", "md_in_html"]  # mkdocs.yml's, and Markdown inside HTML

PAGES = {
    "blocks one after another": (
        'Intro line.\n<details class="a" open><summary>x (2)</summary>\n<div id="fb&#45;1"><p>One &amp; two</p></div>\n'
        '<div id="fb-2" data-id="no"><blockquote><p>Said <a name="x&amp;y">a</a></p></blockquote></div>\n</details>\n'
        "<details><summary>y</summary>\n</details>\n\n## After\n"
    ),
    "nested, then text on the closing line": "<div><div>in</div>\n</div> tail text\n\n<table><tr><td>1</td></tr></table>\n",
    "Markdown asked for inside": '<div markdown="1">\n**bold** [a](b.md)\n</div>\n\n<section>\n<p>x</p>\n</section>\n',
    "a comment, pre-formatted text": "<div>\n<!-- note -->\n</div>\n\n<div><pre>  kept\n\n  as is</pre></div>\n\nText *em*.\n",
    "never closed": "<div>\n<p>open\n\nMore **text**.\n",
    "inline tags at a line's start": (
        '<span class="x">inline</span> and *em*.\n\n<a id="here"></a>\n\n<figure id="f"><figcaption>c</figcaption></figure>\n'
    ),
    "indented and fenced": "    <div>code</div>\n\n```\n<div>fenced</div>\n```\n\n <div>one space</div>\n",
}


def _convert(text: str, put_aside: bool) -> tuple[str, set[str]]:
    pages = Pages()
    pages.generated = put_aside
    md = markdown.Markdown(extensions=[*EXTENSIONS, "fenced_code", PutAside(pages)])
    return md.convert(text), pages.ids


@pytest.mark.parametrize("text", PAGES.values(), ids=PAGES.keys())
def test_a_page_converts_to_the_same_html(text: str) -> None:
    assert _convert(text, True)[0] == _convert(text, False)[0]


def test_every_generated_page_of_the_example_converts_to_the_same_html() -> None:
    site = generate(EXAMPLE_DATA)
    for page in site.pages:
        assert _convert(page.markdown, True)[0] == _convert(page.markdown, False)[0], page.path


def test_the_blocks_are_put_aside_and_their_ids_kept() -> None:
    text = PAGES["blocks one after another"]
    pages = Pages()
    pages.generated = True
    md = markdown.Markdown(extensions=[PutAside(pages)])
    md.convert(text)
    assert str(md.htmlStash.rawHtmlBlocks[0]).startswith('<details class="a" open>')  # put aside before Python-Markdown's parser
    assert pages.ids == {"fb-1", "fb-2", "x&y"}  # as MkDocs reads them: entities decoded
    assert _convert(PAGES["Markdown asked for inside"], True)[1] == set()  # left to Python-Markdown
