"""The status badge as browsers draw it: an image other pages can embed, its text fitting its box."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.serving import Server

from .conftest import Watched


@pytest.mark.parametrize("site", ["example_server", "zh_server"])
def test_badge_renders_as_an_image(site: str, request: pytest.FixtureRequest, open_page: Callable[..., Watched]) -> None:
    server: Server = request.getfixturevalue(site)
    w = open_page()
    w.page.goto(server.url + "badge.svg")  # type: ignore[attr-defined]
    width = float(w.page.evaluate("() => document.documentElement.getAttribute('width')"))  # type: ignore[attr-defined]
    # The size guessed without a font, against the text as the browser sets it with real fonts.
    ratios = w.page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('text')].map(t => {
            const free = t.cloneNode(true);
            free.removeAttribute('textLength');
            t.parentNode.appendChild(free);
            const ratio = free.getComputedTextLength() / Number(t.getAttribute('textLength'));
            free.remove();
            return ratio;
        })"""
    )
    assert ratios and all(0.75 <= r <= 1.3 for r in ratios), ratios
    # Embedded like a README embeds it: an <img> with the badge as its source.
    w.page.goto(server.url + "404.html")  # type: ignore[attr-defined]
    w.page.set_content(f'<img alt="Project status" src="{server.url}badge.svg">')  # type: ignore[attr-defined]
    w.page.wait_for_function("document.images[0].complete")  # type: ignore[attr-defined]
    assert w.page.evaluate("document.images[0].naturalWidth") == width  # type: ignore[attr-defined]
    w.assert_clean()
