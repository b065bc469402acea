"""The update e-mail's HTML in Chromium at a phone's width, light and dark: it reads without
scrolling sideways, its text follows the reader's colour scheme, and it is looked at (screenshots)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.render.i18n import language
from generator.render.update import Segment, compose
from tests.browser.conftest import screenshot, sideways_overflow
from tests.support.sprint_cases import snapshot_at

LUMINANCE = """() => {
    const rgb = c => c.match(/\\d+/g).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = rgb(c); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
    const s = getComputedStyle(document.body), link = getComputedStyle(document.querySelector('a'));
    const back = getComputedStyle(document.documentElement).backgroundColor;
    return {text: lum(s.color), link: lum(link.color), back: back === 'rgba(0, 0, 0, 0)' ? null : lum(back)};
}"""


def test_the_update_email_reads_on_a_phone_light_and_dark(minimal: Path, open_page: Any) -> None:
    update = compose(snapshot_at(minimal, 2), snapshot_at(minimal, 3), "https://status.example.org/", language("en"),
                     Segment("users", "End users", "Cy Contact", "cy@example.org"))  # fmt: skip
    for scheme in ("light", "dark"):
        w = open_page(width=375, height=800, scheme=scheme)
        w.page.set_content(update.html)
        assert sideways_overflow(w.page) is None
        colours = w.page.evaluate(LUMINANCE)
        if scheme == "dark":  # the client's dark mode: light text on its dark background, a link still legible
            assert colours["text"] > 0.8 and colours["link"] > 0.35, colours
        else:
            assert colours["text"] < 0.2 and colours["link"] < 0.6, colours
        assert w.page.get_by_role("link", name="Read the full report").get_attribute("href") == "https://status.example.org/sprint-03/"
        screenshot(w.page, "email", f"phone-{scheme}")
        w.assert_clean()
