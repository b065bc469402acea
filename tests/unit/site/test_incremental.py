"""What a preview makes again after a save: the pages whose Markdown changed, unless something every
page shows changed; each page's search entries from where they were made last."""

from __future__ import annotations

from typing import Any

from generator.site.incremental import Built, Made, page_digest, page_of, search_entries, to_remake, whole_digest
from generator.site.rawhtml import Pages, PutAside

CONFIG: dict[str, Any] = {
    "site_name": "Harbour Connect",
    "nav": [{"Current status": "index.md"}, {"Risks": "risks.md"}],
    "extra": {"glasshouse": {"as_of": "2026-09-25"}},
    "theme": {"name": "material", "language": "en"},
    "markdown_extensions": ["toc"],
}
FILES = ("index.md", "risks.md", "downloads/feedback.csv")


def _built(pages: dict[str, str], whole: str = "") -> Built:
    return Built(whole or whole_digest(CONFIG, FILES, ()), {p: Made(d, p, {}, ()) for p, d in pages.items()})


def test_the_first_build_and_a_change_every_page_shows_make_everything_again() -> None:
    digests = {"index.md": "a", "risks.md": "b"}
    whole = whole_digest(CONFIG, FILES, ())
    assert to_remake(None, whole, digests) is None
    last = _built(digests)
    assert to_remake(last, whole, digests) == frozenset()
    for changed in (
        {**CONFIG, "nav": [{"Current status": "index.md"}, {"Risks and issues": "risks.md"}]},
        {**CONFIG, "extra": {"glasshouse": {"as_of": "2026-10-09"}}},
        {**CONFIG, "site_name": "Harbour Connect 2"},
        {**CONFIG, "theme": {"name": "material", "language": "de"}},
    ):
        assert to_remake(last, whole_digest(changed, FILES, ()), digests) is None, changed
    assert to_remake(last, whole_digest(CONFIG, (*FILES, "downloads/risks.csv"), ()), digests) is None
    assert to_remake(last, whole_digest(CONFIG, FILES, (("about.md", "x"),)), digests) is None


def test_only_the_pages_whose_markdown_changed_are_made_again() -> None:
    last = _built({"index.md": "a", "risks.md": "b"})
    whole = last.whole
    assert to_remake(last, whole, {"index.md": "a2", "risks.md": "b"}) == frozenset({"index.md"})
    # A page the last build did not make is made.
    assert to_remake(last, whole, {"index.md": "a", "risks.md": "b", "new.md": "c"}) == frozenset({"new.md"})


def test_an_extension_the_plugin_adds_anew_to_each_build_changes_nothing() -> None:
    pages = Pages()
    one = {**CONFIG, "markdown_extensions": ["toc", PutAside(pages)]}
    two = {**CONFIG, "markdown_extensions": ["toc", PutAside(pages)]}
    assert whole_digest(one, FILES, ()) == whole_digest(two, FILES, ())
    assert whole_digest(one, FILES, ()) != whole_digest(CONFIG, FILES, ())


def test_a_page_without_a_description_of_its_own_is_described_by_the_site() -> None:
    own = '---\ndescription: "The risks."\n---\n\n# Risks\n'
    assert page_digest(own, "Amber: at risk") == page_digest(own, "Green: on track")
    bare = "# About\n\nHow this site is made.\n"
    assert page_digest(bare, "Amber: at risk") != page_digest(bare, "Green: on track")
    # A description further down the page is not the front matter's.
    late = "---\ntitle: About\n---\n\ndescription: words\n"
    assert page_digest(late, "Amber") != page_digest(late, "Green")
    assert page_digest(own, None) != page_digest(own.replace("The risks", "Risks"), None)


def test_search_entries_come_from_where_each_page_was_made() -> None:
    last = Built(
        "w",
        {
            "index.md": Made("a", "Current status", {}, ({"location": "", "title": "Old status"},)),
            "risks.md": Made("b", "Risks", {}, ({"location": "risks/", "title": "Risks"}, {"location": "risks/#r-1", "title": "R-1"})),
        },
    )
    fresh = [{"location": "", "title": "New status"}, {"location": "#today", "title": "Today"}]
    order = [("index.md", ""), ("risks.md", "risks/"), ("gone.md", "gone/")]
    entries = search_entries(order, frozenset({"index.md", "gone.md"}), fresh, last)
    assert entries == {
        "index.md": ({"location": "", "title": "New status"}, {"location": "#today", "title": "Today"}),
        "risks.md": last.pages["risks.md"].entries,
        "gone.md": (),
    }
    # Everything made again: every entry is fresh, whatever the last build had.
    assert search_entries(order, None, fresh, last)["risks.md"] == ()
    assert page_of("risks/#r-1") == "risks/" and page_of("") == ""
