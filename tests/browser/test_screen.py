"""The customer's screen, on four sites: the plain example, a published site with three snapshots,
a Chinese site and a project with nothing in it yet.

Every page of each is loaded at 390 px (a phone) and must fit it. Each kind of page (every page
but the middle ones of those made once a sprint or once a customer group: see `representative`;
on the published site, only what a published site alone has; not the empty project's data
reference, the example's: see `in_full`) is also checked in light and dark (the Chinese site's in
dark on its overview only: DARK_ONLY_ON), with axe-core (every
rule in light, contrast after the switch to dark). What only the published site has is also loaded
at 768 px widened to 1280 px (the example's pages are, by test_pages.py): no page is ever wider
than the screen, and at 1280 px no word in a table breaks in the middle. The overview's four answers (the status, what is
late, the latest answer to feedback, whom to call) sit within a phone's first screen; an overdue
update says so whenever the page is read; the reader's group chooses the contact shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.serving import Server

from .conftest import (
    PALETTE_RULES,
    PHONE,
    Watched,
    axe_violations,
    published_pages,
    representative,
    screenshot,
    sideways_overflow,
    site_pages,
    wait_for_charts,
    watch,
)

SITES = ("example", "published", "zh", "empty")

# Every run of letters and digits in a table cell (not CJK text, which breaks between any two
# characters): more than one box means the word was broken across lines.
BROKEN_WORDS = """() => {
  const broken = new Set();
  for (const cell of document.querySelectorAll('.md-content td, .md-content th')) {
    if (cell.closest('details:not([open])')) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const words = /[A-Za-z0-9\\u00C0-\\u024F]+/g;
      for (let m = words.exec(n.data); m; m = words.exec(n.data)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (lines.size > 1) broken.add(m[0]);
      }
    }
  }
  return [...broken].slice(0, 10);
}"""

# A table that scrolls sideways inside the page hides its last columns on a phone: every table but
# a chart's data (behind its tap) must read as cards instead.
CUT_TABLES = """() => [...document.querySelectorAll('.md-content .md-typeset__scrollwrap, .md-content table')]
  .filter(e => !e.closest('details') && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText.trim().split('\\n')[0].slice(0, 60))"""

# Plotly redraws a chart after the window is resized; wait until nothing is wider than the screen
# rather than for a fixed time, and report what still is when it never settles.
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


# The published site's latest snapshot is made of the kinds of page the example has, each checked in
# full on the example; what only a published site has is checked in full on it: the header with the
# snapshot selector (its overview) and an archived snapshot under its banner. Its other pages are
# loaded and must fit the phone.
PUBLISHED_OWN = ("sprint-03/", "sprint-01/", "sprint-01/milestones/")
# The data reference describes the data format, the same for every project in a language: checked in
# full on the example and the Chinese site.
SAME_AS_EXAMPLE = {"empty": ("reference/",)}
# At a tablet's and a desktop's width: the example's pages in test_pages.py, and what only the
# published site has here. An empty project's pages hold nothing that could be wider than a tablet:
# its phone tour checks them. Nor do the Chinese site's: the example's pages, in words that wrap
# between any two characters, checked at a phone's width, the narrowest (its charts at a
# desktop's: test_chart_text.py).
# The Chinese site's pages are the example's, in the same colours: in dark mode, its overview is
# checked (the palette switch, Chinese text in the dark palette); the example's pages, all of them.
DARK_ONLY_ON = {"zh": ("",)}


def in_full(name: str, path: str, pages: list[str]) -> bool:
    """Whether a page of site `name` is checked in full (see `representative`, PUBLISHED_OWN and
    SAME_AS_EXAMPLE)."""
    if name == "published":
        return path in PUBLISHED_OWN
    return representative(path, pages) and path not in SAME_AS_EXAMPLE.get(name, ())


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest) -> Callable[[str], tuple[Server, list[str]]]:
    """A site by name, with the pages to visit (the published site: its latest snapshot's pages
    and an archived one's, which carries the banner)."""

    def get(name: str) -> tuple[Server, list[str]]:
        server: Server = request.getfixturevalue(f"{name}_server")
        if name == "published":
            return server, [*published_pages(Path(server.root)), "sprint-01/", "sprint-01/milestones/"]
        return server, site_pages(Path(server.root))

    return get


@pytest.fixture(scope="module")
def tab(browser: object) -> Iterator[Callable[[int], Watched]]:
    """One page per width, reused between visits; every load starts in the light palette."""
    tabs: dict[int, Watched] = {}

    def get(width: int) -> Watched:
        if width not in tabs:
            size = PHONE if width == PHONE["width"] else {"width": width, "height": 900}
            tabs[width] = watch(browser, forgetful=True, **size)  # type: ignore[arg-type]
        tabs[width].forget()
        return tabs[width]

    yield get
    for w in tabs.values():
        w.context.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def reader(browser: object) -> Iterator[Watched]:
    """A phone page whose clock each test sets, reused from test to test (a new page for each cost
    more than what the test checks); every load starts with nothing remembered."""
    w = watch(browser, forgetful=True, **PHONE)  # type: ignore[arg-type]
    yield w
    w.context.close()  # type: ignore[attr-defined]


def _load(w: Watched, url: str) -> None:
    # Loaded, with its fonts: what the layout depends on (charts are waited for below). Not
    # "networkidle", which waits half a second more on every page for requests that change nothing.
    w.page.goto(url, wait_until="load")  # type: ignore[attr-defined]
    w.page.evaluate("document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]
    charts = int(w.page.locator(".gh-chart").count())  # type: ignore[attr-defined]
    if charts:
        wait_for_charts(w.page, charts)


def fits(w: Watched) -> dict[str, object] | None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        w.page.wait_for_function(FITS, timeout=3_000)  # type: ignore[attr-defined]
    except PlaywrightTimeout:  # the page never fitted: say what is too wide
        return sideways_overflow(w.page)
    return None


@pytest.mark.parametrize("name", SITES)
def test_every_page_on_a_phone_in_light_and_dark(
    site: Callable[[str], tuple[Server, list[str]]], tab: Callable[[int], Watched], name: str
) -> None:
    server, pages = site(name)
    w = tab(PHONE["width"])
    problems: dict[str, object] = {}
    for path in pages:
        _load(w, server.url + path)
        if overflow := fits(w):
            problems[f"{path} 390 light: wider than the screen"] = overflow
        if cut := w.page.evaluate(CUT_TABLES):  # type: ignore[attr-defined]
            problems[f"{path} 390: tables cut at the right"] = cut
        if not in_full(name, path, pages):
            continue  # a kind of page checked in full elsewhere: it only has to fit
        if found := axe_violations(w.page):
            problems[f"{path} light"] = found
        screenshot(w.page, f"{name}/phone", path)
        if path not in DARK_ONLY_ON.get(name, (path,)):
            continue
        w.page.click("label[for='__palette_1']")  # type: ignore[attr-defined]
        charts = int(w.page.locator(".gh-chart").count())  # type: ignore[attr-defined]
        w.page.wait_for_function(  # type: ignore[attr-defined]
            "document.body.getAttribute('data-md-color-scheme') === 'slate' && "
            f"document.querySelectorAll(\".gh-chart[data-theme='slate']\").length === {charts}"
        )
        if found := axe_violations(w.page, rules=PALETTE_RULES):
            problems[f"{path} dark"] = found
        screenshot(w.page, f"{name}/phone-dark", path)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    w.assert_clean()


def test_the_published_sites_own_pages_fit_a_tablet_and_a_desktop_with_words_whole(
    site: Callable[[str], tuple[Server, list[str]]], tab: Callable[[int], Watched]
) -> None:
    name = "published"
    server, pages = site(name)
    problems: dict[str, object] = {}
    w = tab(768)
    # Each page is loaded on the tablet, then the window is widened to a desktop's, as a reader
    # turning a tablet or widening a window does: every chart redraws and every table reflows.
    for path in (p for p in pages if in_full(name, p, pages)):
        w.page.set_viewport_size({"width": 768, "height": 900})  # type: ignore[attr-defined]
        _load(w, server.url + path)
        if overflow := fits(w):
            problems[f"{path} 768: wider than the screen"] = overflow
        w.page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
        if overflow := fits(w):
            problems[f"{path} 1280: wider than the screen"] = overflow
        if broken := w.page.evaluate(BROKEN_WORDS):  # type: ignore[attr-defined]
            problems[f"{path} 1280: words broken inside"] = broken
    w.assert_clean()
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_a_word_broken_inside_is_caught(example_server: Server, tab: Callable[[int], Watched]) -> None:
    """The word check is not vacuous: a narrow cell that breaks its words is found."""
    w = tab(1280)
    _load(w, example_server.url + "milestones/")
    assert w.page.evaluate(BROKEN_WORDS) == []  # type: ignore[attr-defined]
    w.page.evaluate(  # type: ignore[attr-defined]
        "document.querySelectorAll('#every-milestone tbody th, #every-milestone tbody th a')"
        ".forEach(e => e.style.cssText = 'width: 3em; overflow-wrap: anywhere')"
    )
    assert w.page.evaluate(BROKEN_WORDS)  # type: ignore[attr-defined]


# The four answers of the overview: the status, what is late, the latest answer to feedback and
# the buttons that call or write to the right person.
ANSWERS = {
    "status": ".gh-status",
    "what is late": "section[aria-labelledby='gh-late-title']",
    "you said, we did": "section[aria-labelledby='gh-said-title']",
    "whom to call": ".gh-contacts .gh-contact:not([hidden]) .gh-contact__how",
}
OVERVIEW = {"example": "", "published": "sprint-03/", "zh": "", "empty": ""}


@pytest.mark.parametrize("name", SITES)
@pytest.mark.parametrize("today", ["on time", "overdue"])
def test_the_four_answers_are_on_a_phones_first_screen(
    site: Callable[[str], tuple[Server, list[str]]], reader: Watched, name: str, today: str
) -> None:
    server, _pages = site(name)
    w = reader
    w.forget()
    # Before every site's next update is due, or long after: the overdue notice takes the dates' place.
    w.context.clock.set_fixed_time("2026-01-01T12:00:00Z" if today == "on time" else "2027-12-31T12:00:00Z")  # type: ignore[attr-defined]
    _load(w, server.url + OVERVIEW[name])
    assert w.page.is_visible(".gh-stale") is (today == "overdue")  # type: ignore[attr-defined]
    boxes = {answer: w.page.locator(css).first.bounding_box() for answer, css in ANSWERS.items()}  # type: ignore[attr-defined]
    assert all(boxes.values()), boxes
    below = {answer: round(box["y"] + box["height"]) for answer, box in boxes.items() if box["y"] + box["height"] > PHONE["height"]}
    assert not below, f"below the first {PHONE['height']} px: {below}"
    assert w.page.locator(".gh-contacts .gh-contact:not([hidden]) a[href^='mailto:']").count() == 1  # type: ignore[attr-defined]
    w.assert_clean()


def test_an_answer_pushed_below_the_first_screen_is_caught(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page(**PHONE)
    _load(w, example_server.url)
    w.page.evaluate("document.querySelector('.gh-status').style.marginBottom = '900px'")  # type: ignore[attr-defined]
    box = w.page.locator(ANSWERS["whom to call"]).first.bounding_box()  # type: ignore[attr-defined]
    assert box["y"] + box["height"] > PHONE["height"]


@pytest.mark.parametrize(("today", "stale"), [("2026-12-04T20:00:00", False), ("2026-12-05T08:00:00", True)])
def test_an_update_that_is_overdue_says_so_when_read(
    example_server: Server, open_page: Callable[..., Watched], today: str, stale: bool
) -> None:
    """The example's next update is due on 4 Dec 2026; the site was built long before, so only the
    reader's own date can tell that it is overdue."""
    w = open_page(**PHONE)
    w.context.clock.set_fixed_time(today)  # type: ignore[attr-defined]
    _load(w, example_server.url)
    assert w.page.is_visible(".gh-due") is not stale  # type: ignore[attr-defined]
    assert w.page.is_visible(".gh-stale") is stale  # type: ignore[attr-defined]
    if stale:
        assert w.page.inner_text(".gh-stale") == (  # type: ignore[attr-defined]
            "⚠ Status as of 20 Nov 2026. This update is overdue: the next one was due on 4 Dec 2026."
        )
    w.assert_clean()


def test_an_archived_snapshot_is_never_overdue(published_server: Server, open_page: Callable[..., Watched]) -> None:
    """Long after every update was due, the latest snapshot says it is overdue; an archived one, under
    its banner, does not: a newer snapshot took its place."""
    w = open_page(**PHONE)
    w.context.clock.set_fixed_time("2027-12-31T12:00:00Z")  # type: ignore[attr-defined]
    _load(w, published_server.url + "sprint-03/")
    assert w.page.is_visible(".gh-stale")  # type: ignore[attr-defined]
    _load(w, published_server.url + "sprint-01/")
    w.page.wait_for_selector("[data-md-component=outdated]:not([hidden])")  # type: ignore[attr-defined]
    assert not w.page.is_visible(".gh-stale")  # type: ignore[attr-defined]
    assert w.page.is_visible(".gh-due")  # type: ignore[attr-defined]
    w.assert_clean()


def test_the_readers_group_chooses_the_contact(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page(**PHONE)
    shown = ".gh-contacts .gh-contact:not([hidden]) .gh-contact__who strong"
    _load(w, example_server.url + "?for=shipping-lines")
    assert w.page.inner_text(shown) == "Priya Raman"  # type: ignore[attr-defined]
    assert w.page.locator(".gh-contacts .gh-contact:not([hidden]) a[href='tel:+442079460103']").count() == 1  # type: ignore[attr-defined]
    # Remembered: the next visit, without the link's parameter, shows the same person.
    _load(w, example_server.url)
    assert w.page.input_value("#gh-segment-select") == "shipping-lines"  # type: ignore[attr-defined]
    assert w.page.inner_text(shown) == "Priya Raman"  # type: ignore[attr-defined]
    w.page.select_option("#gh-segment-select", "terminal-operators")  # type: ignore[attr-defined]
    assert w.page.inner_text(shown) == "Tomasz Wielgosz"  # type: ignore[attr-defined]
    w.page.select_option("#gh-segment-select", "")  # type: ignore[attr-defined]
    assert w.page.inner_text(shown) == "Maren Okafor"  # type: ignore[attr-defined]
    # On the phone the group menu comes before the call button it changes; primary actions (the
    # call and write buttons) are at least 44 px high, the menu 32 px, every control at least 24 px.
    menu = w.page.locator("#gh-segment-select").bounding_box()  # type: ignore[attr-defined]
    actions = w.page.locator(".gh-contacts .gh-contact:not([hidden]) .gh-contact__how .md-button")  # type: ignore[attr-defined]
    boxes = [actions.nth(i).bounding_box() for i in range(actions.count())]
    assert boxes and menu["height"] >= 32, menu
    assert all(b["height"] >= 44 and b["y"] > menu["y"] + menu["height"] for b in boxes), (menu, boxes)
    controls = w.page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".gh-contacts a:not([hidden]), .gh-contacts select, .gh-contacts button",
        "els => els.filter(e => e.offsetParent).map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])",
    )
    assert controls and all(height >= 24 for _, height in controls), controls
    screenshot(w.page, "phone", "whom-to-call")
    w.assert_clean()


def test_without_a_script_the_owner_is_the_contact(example_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page(javascript=False, **PHONE)
    w.page.goto(example_server.url + "?for=shipping-lines")  # type: ignore[attr-defined]
    assert w.page.inner_text(".gh-contacts .gh-contact:not([hidden]) .gh-contact__who strong") == "Maren Okafor"  # type: ignore[attr-defined]
    assert w.page.is_hidden(".gh-segment")  # type: ignore[attr-defined]
    assert w.page.is_visible(".gh-due")  # type: ignore[attr-defined]


def test_the_version_selector_fits_a_phones_header(published_server: Server, open_page: Callable[..., Watched]) -> None:
    w = open_page(**PHONE)
    _load(w, published_server.url + "sprint-03/")
    w.page.wait_for_selector(".md-version__current")  # type: ignore[attr-defined]
    version = w.page.locator(".md-version__current").bounding_box()  # type: ignore[attr-defined]
    buttons = [
        w.page.locator(css).bounding_box()  # type: ignore[attr-defined]
        for css in (".md-header label.md-header__button[for='__palette_1']", ".md-header label.md-header__button[for='__search']")
    ]  # type: ignore[attr-defined]
    assert version["x"] + version["width"] <= min(b["x"] for b in buttons), (version, buttons)
    assert sideways_overflow(w.page) is None
    # It shows the snapshot open and that it can be changed: framed, at least 24 px high, its
    # caret at its right edge inside the frame however the title is shortened.
    assert version["height"] >= 24, version
    caret = w.page.eval_on_selector(  # type: ignore[attr-defined]
        ".md-version__current",
        "b => { const a = getComputedStyle(b, '::after'); const s = getComputedStyle(b); "
        "const inside = parseFloat(a.right) + parseFloat(a.width) <= parseFloat(s.paddingRight); "
        "return [a.position, a.display !== 'none', inside, s.borderTopStyle]; }",
    )
    assert caret == ["absolute", True, True, "solid"], caret
    screenshot(w.page, "phone", "version-selector")
    # Open, every snapshot's whole title is on the screen, below the header.
    w.page.click(".md-version__current")  # type: ignore[attr-defined]
    w.page.wait_for_function("getComputedStyle(document.querySelector('.md-version__list')).opacity === '1'")  # type: ignore[attr-defined]
    header = w.page.locator(".md-header").bounding_box()  # type: ignore[attr-defined]
    links = w.page.locator(".md-version__link")  # type: ignore[attr-defined]
    assert links.count() == 3
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["y"] >= header["y"] + header["height"] - 1, box
        assert links.nth(i).evaluate("a => a.scrollWidth <= a.clientWidth"), links.nth(i).inner_text()
    w.assert_clean()


def test_too_little_history_gives_no_forecast_and_says_why(zh_server: Server, reader: Watched) -> None:
    """Two closed sprints are too few to forecast from: where the forecast would be, the milestones
    page says so in the project's language, within a phone's width; the burn-up draws the work
    planned and done, and no cone."""
    _load(reader, zh_server.url + "milestones/")
    said = reader.page.get_by_text("尚无交付预测")  # type: ignore[attr-defined]
    assert said.count() == 1
    box = said.bounding_box()
    assert said.is_visible() and box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert reader.page.locator("#forecast-table").count() == 0  # type: ignore[attr-defined]
    _load(reader, zh_server.url + "sprints/")
    legend = reader.page.locator("#chart-burnup .gh-plot__legend li").all_inner_texts()  # type: ignore[attr-defined]
    assert legend == ["计划范围", "完成"]
    assert reader.page.locator("#chart-burnup .gh-plot__area--cone, #chart-burnup .gh-plot__dot--forecast").count() == 0  # type: ignore[attr-defined]
    reader.assert_clean()
