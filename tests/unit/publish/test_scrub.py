"""`glasshouse purge` finds a value in every spelling Glasshouse and MkDocs write it in, and replaces it.

Each spelling is made by the code that writes it on the published branch (text.escape for pages,
HTML-escaped titles, JSON for status.json and the search index, Plotly's escaped labels inside
chart JSON, CSV cells, XML for the feeds and the badge, a heading's anchor, the gzipped sitemap),
not typed out by hand, so that a new way of writing a value is caught here first.
"""

from __future__ import annotations

import gzip
import html
import io
import json
from csv import reader as csv_reader

import pytest
from markdown.extensions.toc import slugify

from generator.publish.purge import values_from
from generator.publish.scrub import MARKER, Scrubber, refusal
from generator.render import text
from generator.render.figures import plain
from tests.support.downloads import table

VALUES = ('Nightjar-7 "Q&A" codename', "Café <Zürich> 北京 & Co's", "secret.token/42+x@example.org")


def spellings(value: str) -> dict[str, bytes]:
    chart = json.dumps({"name": plain(value)}).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return {
        "as typed": value.encode(),
        "upper case": value.upper().encode(),
        "page text": str(text.escape(value)).encode(),
        "page text, spacing collapsed": str(text.escape(value.replace(" ", "  \n "))).encode(),
        "title": text.title(value).encode(),
        "html attribute": html.escape(value, quote=True).encode(),
        "named references": html.escape(value).replace("&#x27;", "&apos;").encode(),
        "status.json": json.dumps({"title": value}, ensure_ascii=False).encode(),
        "search index": json.dumps({"text": str(text.escape(value))}).encode(),
        "search index, ascii": json.dumps({"text": value}, ensure_ascii=True).encode(),
        "chart json in a page": chart.encode(),
        "csv download": table(["title"], [[value]]),
        "feed": html.escape(f"<li>{html.escape(value)}</li>").encode(),
        "badge": text.xml(value).encode(),
        "heading anchor": f'<h3 id="m-03-{slugify(value, "-")}">'.encode(),
        "sitemap": gzip.compress(f"<loc>https://status.example.org/x/{value}/</loc>".encode()),
        "search index, words split": json.dumps({"text": "\u200b".join(value)}).encode(),
    }


@pytest.mark.parametrize("value", VALUES)
def test_every_spelling_is_found_and_replaced(value: str) -> None:
    scrubber = Scrubber((value,))
    for where, data in spellings(value).items():
        page = b"<p>before " + data + b" after</p>" if data[:2] != b"\x1f\x8b" else data
        assert scrubber.found(page), where
        cleaned = scrubber.scrub(page)
        assert not scrubber.found(cleaned), (where, cleaned)
        assert MARKER.encode() in (gzip.decompress(cleaned) if cleaned[:2] == b"\x1f\x8b" else cleaned), where
        if data[:2] != b"\x1f\x8b":
            assert cleaned.startswith(b"<p>before ") and cleaned.endswith(b" after</p>"), where


def test_what_is_not_the_value_is_left_alone() -> None:
    scrubber = Scrubber(("Nightjar-7",))
    other = b'<p>Nightjar 7, nightjar-8, Night jar-7 &#45;7</p>{"a": "Nightjar-"}'
    assert not scrubber.found(other) and scrubber.scrub(other) is other
    assert scrubber.scrub(b"[Nightjar-7]") == b"[[removed]]"


def test_json_and_csv_stay_readable() -> None:
    value = VALUES[0]
    scrubber = Scrubber((value,))
    doc = json.dumps({"milestones": [{"title": f"General {value}", "id": "M-03"}]})
    assert json.loads(scrubber.scrub(doc.encode())) == {"milestones": [{"title": f"General {MARKER}", "id": "M-03"}]}
    csv = table(["id", "title"], [["M-03", f"General {value}"]])
    assert list(csv_reader(io.StringIO(scrubber.scrub(csv).decode("utf-8-sig")))) == [["id", "title"], ["M-03", f"General {MARKER}"]]


def test_binary_files_are_found_but_never_changed() -> None:
    scrubber = Scrubber(("Nightjar-7",))
    png = b"\x89PNG\r\n\x1a\n\xff\xfe NIGHTJAR-7 \x00"
    assert scrubber.found(png) and scrubber.scrub(png) == png
    broken = b"\x1f\x8b not really gzip Nightjar-7"
    assert scrubber.found(broken) and scrubber.scrub(broken) == broken


def test_several_values_at_once() -> None:
    scrubber = Scrubber(("Nightjar-7", "ada@example.org"))
    assert scrubber.scrub(b"Nightjar-7 by ada&#64;example&#46;org") == b"[removed] by [removed]"


def test_values_that_cannot_be_removed() -> None:
    assert refusal("Q&A") == "a value to remove needs at least 4 characters: shorter ones occur in the site's own markup"
    assert refusal("  abc  ") is not None and refusal("abcd") is None
    assert refusal("REMOVED") == (
        "the value is part of the marker [removed] that replaces removed values; remove a longer value that contains it"
    )
    assert values_from(("  Nightjar-7 ", ""), ["ada@example.org\n", "\n", "Nightjar-7\n"]) == ("Nightjar-7", "ada@example.org")
