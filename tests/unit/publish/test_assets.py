"""Serving a snapshot's unchanging assets once from the site root: pages rewritten, content-addressed."""

from __future__ import annotations

from generator.publish.assets import split

FILES = {
    "index.html": b'<link href="assets/stylesheets/main.css"><script src="assets/glasshouse/charts.js"></script>'
    b'<script id="__config">{"search": "assets/javascripts/workers/search.js"}</script><p>assets/glasshouse/ is text</p>',
    "milestones/index.html": b'<script src="../assets/glasshouse/charts.js"></script><a href="../assets/other.txt">x</a>',
    "sprints/sprint-01/index.html": b'<link href="../../assets/stylesheets/main.css"><img src="assets/images/x.png">',
    "404.html": b'<link href="/sprint-03/assets/stylesheets/main.css"><a href="/sprint-03/">home</a>',
    "assets/stylesheets/main.css": b"body{}",
    "assets/glasshouse/charts.js": b"charts",
    "assets/glasshouse/plotly.min.js": b"plotly",
    "assets/javascripts/workers/search.js": b"worker",
    "assets/other.txt": b"loose file at the top of assets/",
    "status.json": b'{"x": "assets/glasshouse/"}',
}


def test_assets_move_to_the_root_and_pages_follow() -> None:
    parts = split(FILES, "sprint-03")
    css, gh, js = parts.groups["stylesheets"], parts.groups["glasshouse"], parts.groups["javascripts"]
    assert css.startswith("_assets/stylesheets-") and len(css) == len("_assets/stylesheets-") + 16
    assert set(parts.shared) == {f"{css}/main.css", f"{gh}/charts.js", f"{gh}/plotly.min.js", f"{js}/workers/search.js"}
    assert parts.own["index.html"].decode() == (
        f'<link href="../{css}/main.css"><script src="../{gh}/charts.js"></script>'
        f'<script id="__config">{{"search": "../{js}/workers/search.js"}}</script><p>assets/glasshouse/ is text</p>'
    )
    assert parts.own["milestones/index.html"].decode() == f'<script src="../../{gh}/charts.js"></script><a href="../assets/other.txt">x</a>'
    # A reference that does not lead to the snapshot's assets from where the page is stays as it is.
    assert parts.own["sprints/sprint-01/index.html"].decode() == f'<link href="../../../{css}/main.css"><img src="assets/images/x.png">'
    assert parts.own["404.html"].decode() == f'<link href="/{css}/main.css"><a href="/sprint-03/">home</a>'
    assert parts.own["status.json"] == FILES["status.json"]
    assert parts.own["assets/other.txt"] == FILES["assets/other.txt"]
    assert not [p for p in parts.own if p.startswith("assets/") and p != "assets/other.txt"]


def test_the_path_names_the_content() -> None:
    same = split(FILES, "sprint-04", "/status/")
    changed = split({**FILES, "assets/glasshouse/charts.js": b"charts v2"}, "sprint-04")
    assert same.groups == split(FILES, "sprint-03").groups
    assert changed.groups["glasshouse"] != same.groups["glasshouse"]
    assert changed.groups["stylesheets"] == same.groups["stylesheets"]
    assert same.own["404.html"].decode().startswith('<link href="/sprint-03/assets/')  # other site path: untouched


def test_a_site_without_assets_is_left_alone() -> None:
    files = {"index.html": b'<a href="assets/x">x</a>'}
    parts = split(files, "sprint-01")
    assert parts.own == files and parts.shared == {}


def test_zensical_pages_lead_with_a_dot() -> None:
    """Zensical writes a top-level page's references as `./assets/...`: they move too; from a page
    one level down, `./assets/` is that directory's own, and stays."""
    files = {
        "index.html": b'<link rel="stylesheet" href="./assets/stylesheets/main.css">',
        "milestones/index.html": b'<script src="./assets/glasshouse/charts.js"></script><link href="./../assets/stylesheets/main.css">',
        "assets/stylesheets/main.css": b"body{}",
        "assets/glasshouse/charts.js": b"charts",
    }
    parts = split(files, "sprint-03")
    css = parts.groups["stylesheets"]
    assert parts.own["index.html"].decode() == f'<link rel="stylesheet" href="../{css}/main.css">'
    assert parts.own["milestones/index.html"].decode() == (
        f'<script src="./assets/glasshouse/charts.js"></script><link href="../../{css}/main.css">'
    )
