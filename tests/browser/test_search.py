"""Search in a real browser, in both languages: Material's search finds words inside sentences.
The search index is downloaded only once the reader turns to search: by a tap or a key on a phone,
or a search link."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

import pytest

from tests.support.serving import Server

from .conftest import Watched


def _search(w: Watched, url: str, query: str) -> list[str]:
    """Type `query` into the site's search box; returns the pages of the results, best first."""
    w.page.goto(url)  # type: ignore[attr-defined]
    w.page.locator("input.md-search__input").click(timeout=10_000)  # type: ignore[attr-defined]
    return _results(w, query)


def _results(w: Watched, query: str) -> list[str]:
    """Put `query` in the search box, opened already; the pages of the results, best first."""
    page = w.page
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    # Material reads the query on key-up. Typed a key at a time, each shorter query's results may
    # show first and be read as the answer ("M-0" for "M-07"); so the query is put in whole, as an
    # input method or a paste puts it, and one key press follows.
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)  # type: ignore[attr-defined]
    links = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item > a.md-search-result__link", "els => els.map(a => new URL(a.href).pathname)"
    )
    return [str(link) for link in links]


def test_english_search_finds_data(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    found = _search(w, example_server.url, "BerthMaster")
    assert "/milestones/" in found, found
    # The status report and the data reference repeat the pages or serve editors: search leaves them out.
    assert "/print/" not in found and "/reference/" not in found, found
    # An id inside punctuation finds its record: FB-0042 (an answer from June) and "(M-07)." in quotes.
    assert "/feedback/answers-shanghai-office/" in _search(w, example_server.url, "FB-0042")
    assert "/milestones/" in _search(w, example_server.url, "M-07")
    w.assert_clean()


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("传真", {"/changes/", "/feedback/"}),  # a word inside "支持传真预订" (support fax bookings)
        ("错误", {"/risks/"}),  # at the end of "数据迁移错误" (data migration errors)
        ("里程碑", {"/milestones/"}),  # a label of the site itself
    ],
)
def test_chinese_search_finds_words_inside_sentences(
    zh_server: Server, open_page: Callable[..., Watched], query: str, pages: set[str]
) -> None:
    w = open_page()
    found = _search(w, zh_server.url, query)
    assert pages <= set(found), found
    placeholder = w.page.get_attribute("input.md-search__input", "placeholder")  # type: ignore[attr-defined]
    assert placeholder == "搜索"
    w.assert_clean()


INDEX = "/search/search_index.json"


def _index_requests(w: Watched) -> int:
    return sum(1 for u in w.requested if urlparse(u).path.endswith(INDEX))


@pytest.mark.parametrize("how", ["tap", "key"])
def test_the_search_index_is_downloaded_only_when_the_reader_searches(
    example_server: Server, open_page: Callable[..., Watched], how: str
) -> None:
    w = open_page(width=390, height=844)
    page = w.page
    page.goto(example_server.url + "risks/")  # type: ignore[attr-defined]
    # The search worker starts with the page, as always; its index waits. Material asks for it
    # at once, so a second more would not change what is requested.
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => /search\\.[0-9a-f]+\\.min\\.js$/.test(e.name))")  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    assert _index_requests(w) == 0, w.requested
    if how == "tap":  # the magnifier in a phone's header, then the box
        page.click("label[for='__search']")  # type: ignore[attr-defined]
    else:  # Material's shortcut: "/" focuses the search box
        page.keyboard.press("/")  # type: ignore[attr-defined]
    assert "/milestones/" in _results(w, "BerthMaster")
    assert _index_requests(w) == 1
    w.assert_clean()


def test_a_search_link_downloads_the_index_with_the_page(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page()
    w.page.goto(example_server.url + "milestones/?q=BerthMaster")  # type: ignore[attr-defined]
    w.page.wait_for_function(  # type: ignore[attr-defined]
        f"() => performance.getEntriesByType('resource').some(e => e.name.endsWith('{INDEX}'))", timeout=10_000
    )
    assert _index_requests(w) == 1
    w.assert_clean()
